#!/usr/bin/env bash
# The product on a fresh machine, in one command: LibreOffice (headless: .doc/.wps/.odt/.rtf drafts) and CJK fonts
# from apt, a .venv with the runtime and the sentence-transformers extra (the CPU torch wheel first), the index, and
# one answer; then the command that starts the web page. What only the tests need (Chromium, the dev extra with the
# llama.cpp build) is installed by ./test.sh.
set -euo pipefail
cd "$(dirname "$0")"
packages=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)  # any LibreOffice will do
scripts/apt-install.sh "${packages[@]}"
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# Exactly this version: it is the CPU wheel these machines carry; any other spec pulls GBs of CUDA packages.
# --no-compile: only a sentence-transformers embedder imports torch; byte-compiling its files took 90 s of the
# 23 s -> 90 s install (measured under load).
.venv/bin/python -m pip install -q --no-compile torch==2.13.0
# --no-compile here too: byte-compiling every dependency was 60 of this step's 98 s (benchmarks/bench_setup.sh);
# Python compiles what the product imports on first use and keeps the .pyc files. pip, not uv: uv saved 10 s of
# network wait and no CPU, and it ignores pip's configuration (the machine's torch cap and local wheels).
.venv/bin/python -m pip install -q --no-compile -e ".[st]"
# Seconds: the bundled corpus's embeddings ship with the package (cjrh_assistant/retrieval/shipped_vectors.py).
.venv/bin/cjrh index
.venv/bin/cjrh ask "“双师型”教师占专业课教师的比例要达到多少？"
echo
echo "安装完成。启动网页（政策问答、申报书检查、规则库、资料库）：.venv/bin/cjrh serve   然后打开 http://127.0.0.1:7860/"
