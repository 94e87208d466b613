#!/usr/bin/env bash
# The bot host's syscalls per chat turn and per answer check (session 49, issue 12, "Chat turn"): `tests/speed.sh turn`
# with strace attached to the host (every thread) from the moment it is ready, then tests/turn-syscalls.py. strace
# slows every syscall: the run's timings mean nothing, the counts do (a turn's WAL frames, locks, wake-ups).
#   tests/turn-syscalls.sh [HOST_DLL] [OUT_DIR]   (default: this checkout's Release build; /tmp/regin-turn-syscalls)
# SPEED_QUESTIONNAIRES (default 10), SYSCALLS_SKIP: windows of each kind left out as the warm-up (default 100);
# SPEED_HOST_ENV as speed.sh (e.g. the WAL-write shim: tests/walbuf/walbuf-ab.sh). Needs strace; speed.sh builds this
# checkout's Release first, unless SPEED_NO_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
dll="$(realpath "${1:-bot/bin/Release/net10.0/Regin.Bot.dll}")"
out="${2:-/tmp/regin-turn-syscalls}"
mkdir -p "$out"
speed=tests/speed.sh
if [ "${SPEED_NO_BUILD:-}" = 1 ]; then
  speed="$out/speed-nobuild.sh"
  grep -v '^dotnet build -c Release' tests/speed.sh | sed "s|^cd \"\$(dirname \"\$0\")/..\"\$|cd \"$PWD\"|" > "$speed"
  grep -qx "cd \"$PWD\"" "$speed" || { echo "turn-syscalls.sh: speed.sh's cd line not found" >&2; exit 1; }
fi
( SPEED_HOST_DLL="$dll" SPEED_QUESTIONNAIRES="${SPEED_QUESTIONNAIRES:-10}" bash "$speed" turn > "$out/speed.txt" 2>&1 ) &
job=$!
for _ in $(seq 1 3000); do grep -q "host ready" "$out/speed.txt" 2>/dev/null && break; kill -0 "$job" 2>/dev/null || break; sleep 0.05; done
pid="$(pgrep -f "dotnet $dll --urls" | head -1)"
strace -f -tt -s 100 -o "$out/strace.txt" -p "$pid" 2>/dev/null &
tracer=$!
wait "$job" || true
kill "$tracer" 2>/dev/null || true
wait "$tracer" 2>/dev/null || true
grep -E "submitted|baseline:|every chat turn" "$out/speed.txt" || true
python3 tests/turn-syscalls.py "$out/strace.txt" "${SYSCALLS_SKIP:-100}"
