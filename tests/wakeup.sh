#!/usr/bin/env bash
# What a round trip between two processes costs on this machine (issue 12, session 40): a 1-byte ping-pong over
# loopback TCP, N round trips (100,000), the receiving side waiting four ways, each run free and pinned to one core
# (taskset -c 0), alternated over ROUNDS rounds (2). Prints µs a round trip: mean, p50, p99 (the client's clock).
#   C            both sides C, a blocking recv each (the kernel's floor)
#   blocking     .NET Socket.Receive on a socket never used asynchronously
#   async        .NET await Socket.ReceiveAsync: the socket engine's epoll thread, then a pool worker (Npgsql's async read)
#   async-inline the same with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1: the continuation on the epoll thread
#   sync-after-async  .NET Socket.Receive after one async receive: the socket stays non-blocking and the blocked thread
#                waits for the epoll thread's event (Npgsql's synchronous execute on a connection opened asynchronously)
# Then Npgsql's round trip to a throw-away PostgreSQL cluster (initdb defaults, TCP, as speed.sh), a prepared SELECT 1:
#   npgsql-async      ExecuteScalarAsync (the host's way)
#   npgsql-async-inline  the same with inline socket completions
#   npgsql-sync       ExecuteScalar on a connection opened and used asynchronously first (a pooled session of the host)
#   npgsql-sync-only  Open and ExecuteScalar: a connection never used asynchronously
#   npgsql-tx         a chat turn's shape (not in the default modes): Npgsql's transaction, one batch of the lock, a
#                     statement busy for ~WAKEUP_WORK µs (250) on the server and COMMIT; Npgsql's BEGIN goes ahead of the
#                     batch as a simple query, which the server answers (and flushes) before the batch's statements
#   npgsql-tx-batched the same with BEGIN the batch's first statement (one answer); both also print the client's and
#                     the server session's CPU µs a round trip (WAKEUP_MODES="npgsql-tx npgsql-tx-batched" tests/wakeup.sh 20000 4)
# WAKEUP_GAPS="0 700": each mode also with that many µs of busy work on the calling side before each round trip (the other
# side idle meanwhile, as PostgreSQL is while the host computes a turn; a halted vCPU is woken); WAKEUP_MODES: the modes.
# Usage: tests/wakeup.sh [N] [ROUNDS]; run it through the CPU lock of a shared machine (cpu-exclusive).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
rounds="${2:-2}"
folder="$(mktemp -d /tmp/regin-wakeup-XXXXXX)"
pg_stop=()
trap '[ ${#pg_stop[@]} -gt 0 ] && "${pg_stop[@]}" >/dev/null 2>&1; rm -rf "$folder"' EXIT
gcc -O2 -o "$folder/pingpong" tests/Regin.WakeUp.Benchmarks/pingpong.c
dotnet build -c Release -v q -nologo tests/Regin.WakeUp.Benchmarks >"$folder/build.log" 2>&1 || { cat "$folder/build.log"; exit 1; }
dll=tests/Regin.WakeUp.Benchmarks/bin/Release/net10.0/Regin.WakeUp.Benchmarks.dll

# one PIN MODE GAP: one run; PIN is "" or a taskset prefix.
one() {
  local pin=$1 mode=$2 gap=$3 server port result
  if [ "$mode" = C ]; then $pin "$folder/pingpong" "$n" "$gap"; return; fi
  local env=()
  case "$mode" in *-inline) env=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1); mode=${mode%-inline} ;; esac
  if [[ $mode = npgsql-* ]]; then
    # Pinned: the server's session too (forked by the postmaster at the connect, with its CPUs).
    [ -n "$pin" ] && taskset -p -c 0 "$pg_pid" >/dev/null
    env "${env[@]}" $pin dotnet "$dll" npgsql "${mode#npgsql-}" "$pg" "$n" "$gap" ${WAKEUP_WORK:-250}
    taskset -p -c "0-$(($(nproc) - 1))" "$pg_pid" >/dev/null
    return
  fi
  mkfifo "$folder/port"
  env "${env[@]}" $pin dotnet "$dll" serve "$mode" >"$folder/port" &
  server=$!
  read -r port <"$folder/port"
  rm "$folder/port"
  result=$($pin dotnet "$dll" ping "$port" "$n" "$gap")
  wait "$server"
  echo "$result"
}

# The cluster (as speed.sh starts it; as the postgres user when run as root).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$folder"; as_pg=(runuser -u postgres --); fi
pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${as_pg[@]}" "$pg_bin/initdb" -D "$folder/data" -U regin --auth=trust -E UTF8 --no-locale --no-sync >"$folder/initdb.log" 2>&1
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 -o "-p $pg_port -k $folder -c listen_addresses=127.0.0.1" start >/dev/null
pg_stop=("${as_pg[@]}" "$pg_bin/pg_ctl" -D "$folder/data" -m fast stop)
pg_pid="$(head -1 "$folder/data/postmaster.pid")"
pg="Host=127.0.0.1;Port=$pg_port;Username=regin;Database=postgres;SSL Mode=Disable"

modes=(${WAKEUP_MODES:-C blocking async async-inline sync-after-async npgsql-async npgsql-async-inline npgsql-sync npgsql-sync-only})
printf '%-20s %-6s %6s %-6s %8s %8s %8s  %s\n' mode pinned gap round mean p50 p99 "(tx modes: client CPU, server CPU µs a call)"
for round in $(seq 1 "$rounds"); do
  for mode in "${modes[@]}"; do
    for gap in ${WAKEUP_GAPS:-0}; do
      pins=("" "taskset -c 0")
      [ $((round % 2)) = 0 ] && pins=("taskset -c 0" "")
      for pin in "${pins[@]}"; do
        read -r mean p50 p99 more < <(one "$pin" "$mode" "$gap")
        printf '%-20s %-6s %6s %-6s %8s %8s %8s  %s\n' "$mode" "$([ -n "$pin" ] && echo yes || echo no)" "$gap" "$round" "$mean" "$p50" "$p99" "${more:-}"
      done
    done
  done
done
