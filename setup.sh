#!/usr/bin/env bash
# One command for a fresh machine: create .venv, install everything (incl. the CPU torch wheel for the
# sentence-transformers extra), build the index and answer a sample question.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# Exactly this version: it is the CPU wheel these machines carry; any other spec pulls GBs of CUDA packages.
.venv/bin/python -m pip install -q torch==2.13.0
.venv/bin/python -m pip install -q -e ".[st,dev]"
.venv/bin/cjrh index
.venv/bin/cjrh ask "“双师型”教师占专业课教师的比例要达到多少？"
