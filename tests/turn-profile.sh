#!/usr/bin/env bash
# Profiles the bot host's CPU under `tests/speed.sh turn` and prints the turn's parts (µs of host CPU a turn, each sample
# given to the deepest stage its stack reaches: tests/turn-stages.py) beside the check's (session 47, "Chat turn").
#   tests/turn-profile.sh [HOST_DLL] [OUT_DIR]     (default: this checkout's Release build; /tmp/regin-turn-profile)
# Run it alone on the machine (cpu-exclusive where CPUs are shared): 150 questionnaires (SPEED_QUESTIONNAIRES), perf at
# 1999 Hz for 8 s (PROFILE_SECONDS) from 2 s after the host is ready; needs perf and the host's perf map
# (DOTNET_PerfMapEnabled=1, set here). speed.sh builds this checkout's Release first, unless SPEED_NO_BUILD=1.
# PROFILE_SYSCALLS=1: the host's syscalls per turn and per check instead (strace, tests/turn-syscalls.py; 10 questionnaires
# unless SPEED_QUESTIONNAIRES says otherwise, the first SYSCALLS_SKIP=100 of each kind left out as the warm-up).
set -euo pipefail
cd "$(dirname "$0")/.."
dll="$(realpath "${1:-bot/bin/Release/net10.0/Regin.Bot.dll}")"
out="${2:-/tmp/regin-turn-profile}"
mkdir -p "$out"
speed=tests/speed.sh
# (Not for the syscalls: the perf map is written as methods are compiled, the host as speed.sh runs it.)
[ "${PROFILE_SYSCALLS:-}" = 1 ] || export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
( SPEED_HOST_DLL="$dll" SPEED_QUESTIONNAIRES="${SPEED_QUESTIONNAIRES:-$([ "${PROFILE_SYSCALLS:-}" = 1 ] && echo 10 || echo 150)}" bash "$speed" turn > "$out/speed.txt" 2>&1 ) &
job=$!
for _ in $(seq 1 3000); do grep -q "host ready" "$out/speed.txt" 2>/dev/null && break; kill -0 "$job" 2>/dev/null || break; sleep 0.2; done
pid="$(pgrep -f "dotnet $dll --urls" | head -1)"
if [ "${PROFILE_SYSCALLS:-}" = 1 ]; then
  # The syscalls instead (session 49): strace of every thread for the whole run; the counts mean something, the
  # timings of a run under strace do not.
  strace -f -tt -s 100 -o "$out/strace.txt" -p "$pid" 2>/dev/null &
  tracer=$!
  wait "$job" || true
  kill "$tracer" 2>/dev/null || true
  wait "$tracer" 2>/dev/null || true
  grep -E "submitted|baseline:|every chat turn" "$out/speed.txt" || true
  python3 tests/turn-syscalls.py "$out/strace.txt" "${SYSCALLS_SKIP:-100}"
  exit 0
fi
sleep 2
perf record -F 1999 -g -p "$pid" -o "$out/perf.data" -- sleep "${PROFILE_SECONDS:-8}" >/dev/null 2>&1 || true
wait "$job"
perf script -i "$out/perf.data" -F comm,tid,ip,sym --no-demangle 2>/dev/null > "$out/script.txt"
cost="$(grep -m1 'Host CPU per call' "$out/speed.txt")"
turn="$(sed -E 's/.*chat turn ([0-9.]+) ms.*/\1/' <<<"$cost")"
check="$(sed -E 's/.*answer check ([0-9.]+) ms.*/\1/' <<<"$cost")"
grep -E "baseline:|answering a question|Host CPU" "$out/speed.txt"
python3 tests/turn-stages.py "$out/script.txt" "$turn" "$check"
