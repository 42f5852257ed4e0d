#!/usr/bin/env bash
# One command for a fresh machine: create .venv, install everything (incl. the CPU torch wheel for the
# sentence-transformers extra, and Debian's Chromium + CJK fonts for the browser tests), build the index,
# answer a sample question, and print the command that starts the web page.
set -euo pipefail
cd "$(dirname "$0")"
# Browser tests use Debian's Chromium; without fonts-noto-cjk Chinese renders as boxes. LibreOffice (headless)
# converts .doc/.wps/.odt/.rtf drafts to .docx (≈ 30 s to install).
if ! [ -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q chromium fonts-noto-cjk libreoffice-writer-nogui >/dev/null
fi
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# Exactly this version: it is the CPU wheel these machines carry; any other spec pulls GBs of CUDA packages.
.venv/bin/python -m pip install -q torch==2.13.0
.venv/bin/python -m pip install -q -e ".[st,dev]"
.venv/bin/cjrh index
.venv/bin/cjrh ask "“双师型”教师占专业课教师的比例要达到多少？"
echo
echo "安装完成。启动网页（政策问答、申报书检查、规则库、资料库）：.venv/bin/cjrh serve   然后打开 http://127.0.0.1:7860/"
