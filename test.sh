#!/usr/bin/env bash
# What the tests need, then the tests: Debian's Chromium (browser tests; never `playwright install`), the dev extra
# (pytest, playwright, the llama.cpp server built from source once — pip caches the wheel), then pytest with any
# arguments given, e.g. the fast suite:  ./test.sh -m "not slow and not e2e and not llm"
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/cjrh ] || ./setup.sh
scripts/apt-install.sh chromium fonts-noto-cjk
.venv/bin/python -m pip install -q -e ".[st,dev]"
exec .venv/bin/python -m pytest -q "$@"
