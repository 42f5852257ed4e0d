#!/usr/bin/env bash
# Install the Debian packages named as arguments that are not installed yet; nothing to do, nothing is run (no
# apt-get update). Uses sudo when not root. Shared by setup.sh (the product) and test.sh (the tests).
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "需要管理员权限安装：${missing[*]}（请以 root 运行，或先安装 sudo）" >&2; exit 1; }
  SUDO="sudo"
fi
echo "安装系统软件包：${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
