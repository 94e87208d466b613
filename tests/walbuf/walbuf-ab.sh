#!/usr/bin/env bash
# Session 49 (issue 12, "Chat turn"): does gathering a SQLite turn's write-ahead-log writes into one pwrite show in the
# turn's p50? The same bot host build, run by `tests/speed.sh turn` without (A) and with (B) walbuf.c preloaded (a VFS
# shim over SQLite's unix VFS, registered as the default by its constructor: a measurement prototype, not part of the
# product), in alternated pairs, each run alone in the exclusive CPU lock when /work/bin/cpu-exclusive exists.
#   tests/walbuf/walbuf-ab.sh HOST_DIR [PAIRS=10] [OUT_DIR=/tmp/regin-walbuf-ab]
# HOST_DIR: a Release build's bin folder (Regin.Bot.dll, runtimes/linux-x64/native/libe_sqlite3.so). Needs gcc and
# sqlite3.h (libsqlite3-dev). Prints one line a run: pair, arm, UTC start, load, ratio, turn p50, check p50 (ms).
# AB_B_HOST=dir (session 50): arm B is that build instead of the shim (no gcc), with AB_B_ENV="NAME=value ..." for its
# host (e.g. Database__Sqlite__GatherWalWrites=true); arm A stays HOST_DIR as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
host="$(realpath "${1:?give the bin folder of a Release build}")"
pairs="${2:-10}"
out="${3:-/tmp/regin-walbuf-ab}"
mkdir -p "$out"
exclusive=()
[ -x /work/bin/cpu-exclusive ] && exclusive=(/work/bin/cpu-exclusive)
if [ -n "${AB_B_HOST:-}" ]; then
  shim="${AB_B_ENV:-}"; b_dll="$(realpath "$AB_B_HOST")/Regin.Bot.dll"
else
  gcc -O2 -Wall -shared -fPIC -o "$out/walbuf.so" tests/walbuf/walbuf.c -ldl -lpthread
  shim="LD_PRELOAD=$out/walbuf.so WALBUF_SQLITE=$host/runtimes/linux-x64/native/libe_sqlite3.so"; b_dll="$host/Regin.Bot.dll"
fi
export SHIM="$shim" OUT="$out" SPEED_NO_BUILD=1 A_DLL="$host/Regin.Bot.dll" B_DLL="$b_dll" SPEED_QUESTIONNAIRES="${SPEED_QUESTIONNAIRES:-10}"
for pair in $(seq 1 "$pairs"); do
  export PAIR="$pair"
  arms=(A B)
  [ $((pair % 2)) -eq 0 ] && arms=(B A)
  # Both runs of a pair in one exclusive window (two runs of ~30 s: short, and half the waits for the lock).
  "${exclusive[@]}" bash -c 'for arm in "$@"; do env_=""; dll="$A_DLL"; [ "$arm" = B ] && env_="$SHIM" && dll="$B_DLL"
      { echo "start $(date -u +%T) load $(cut -d" " -f1 /proc/loadavg)"; SPEED_HOST_DLL="$dll" SPEED_HOST_ENV="$env_" tests/speed.sh turn; } > "$OUT/pair$PAIR-$arm.txt" 2>&1 || true
    done' _ "${arms[@]}"
  for arm in "${arms[@]}"; do
    file="$out/pair$pair-$arm.txt"
    check="$(grep "baseline: POST" "$file" | awk -F'|' '{print $4+0}')"
    turn="$(grep "every chat turn" "$file" | awk -F'|' '{print $4+0}')"
    ratio="$(python3 -c "print(f'{$turn / $check:.2f}')" 2>/dev/null || echo '?')"
    echo "$pair $arm $(grep -m1 ^start "$file" | cut -d' ' -f2-) ratio $ratio turn $turn check $check"
  done
done
