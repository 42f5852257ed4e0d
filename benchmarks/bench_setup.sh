#!/usr/bin/env bash
# Time to the first answer on a fresh machine: the README's first command, ./setup.sh, in a fresh `git clone` of the
# committed HEAD (no .venv, no .cjrh index) with empty pip, uv, Hugging Face and XDG caches and an empty TMPDIR (jieba's
# cache), so nothing a previous install left helps. Apt packages already installed stay installed (apt is timed apart:
# scripts/apt-install.sh is the first step). Prints each step of setup.sh with its wall and CPU seconds (user+sys of
# the processes it waited for, read from the shell's /proc/PID/stat; CPU is what contention on a shared machine
# changes least) and the load average seen during the run. Removes the clone and the caches at the end.
#
#   benchmarks/bench_setup.sh [REPO]      # REPO: a git repository to clone, default this checkout
set -euo pipefail
src=${1:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/tmp}/cjrh-bench-setup.XXXXXX")
sampler=""
cleanup() { [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
git clone -q "$src" "$work/repo"
mkdir -p "$work/cache" "$work/tmp"
export PIP_CACHE_DIR=$work/cache/pip UV_CACHE_DIR=$work/cache/uv HF_HOME=$work/cache/hf XDG_CACHE_HOME=$work/cache
export TMPDIR=$work/tmp

# setup.sh runs unchanged; BASH_ENV turns on tracing in it alone (not in the scripts it calls): each top-level command
# is logged with the time and the children's CPU ticks (fields 16-17 of /proc/PID/stat) when it starts.
cat >"$work/trace-env.sh" <<'EOF'
if [ "${0##*/}" = setup.sh ]; then
  PS4='+ $EPOCHREALTIME $(cut -d" " -f16,17 /proc/$$/stat) '
  exec 9>>"$CJRH_BENCH_TRACE"; BASH_XTRACEFD=9; set -x
fi
EOF
(while sleep 5; do cut -d" " -f1 /proc/loadavg; done >"$work/load") &
sampler=$!
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)   $(git -C "$work/repo" log -1 --format='%h %s' | cut -c1-80)"
start=$EPOCHREALTIME
CJRH_BENCH_TRACE=$work/trace BASH_ENV=$work/trace-env.sh /usr/bin/time -f "%e %U %S" -o "$work/total" \
  bash "$work/repo/setup.sh" >"$work/out" 2>&1 || { cat "$work/out"; echo "setup.sh failed" >&2; exit 1; }
end=$EPOCHREALTIME
# What the run answered (the last lines: the answer and the serve hint).
tail -n 6 "$work/out"
echo
tick=$(getconf CLK_TCK)
# One row per traced command: wall and CPU until the next command starts (the last until setup.sh ended).
awk -v end="$end" -v tick="$tick" -v total="$(cat "$work/total")" '
  /^\+ [0-9]/ { n++; t[n]=$2; c[n]=$3+$4; $1=$2=$3=$4=""; cmd[n]=substr($0,5) }
  END {
    split(total, tt, " ")
    printf "%8s %8s  %s\n", "wall s", "cpu s", "step of setup.sh"
    for (i = 1; i <= n; i++) {
      w = (i < n ? t[i+1] : end) - t[i]; u = (i < n ? c[i+1] - c[i] : (tt[2]+tt[3])*tick - c[i]) / tick
      if (w >= 0.5 || u >= 0.5 || cmd[i] ~ /apt-install/) printf "%8.1f %8.1f  %s\n", w, u, substr(cmd[i], 1, 90)
    }
    printf "%8.1f %8.1f  %s\n", tt[1], tt[2]+tt[3], "total to the first answer"
  }' "$work/trace"
sort -n "$work/load" | awk '{v[NR]=$1; s+=$1} END {if (NR) printf "load average (1 min) during the run: min %.2f, mean %.2f, max %.2f (%d samples, %d cores)\n", v[1], s/NR, v[NR], NR, '"$(nproc)"'}'
