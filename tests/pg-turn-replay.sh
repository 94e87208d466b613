#!/usr/bin/env bash
# The kept PostgreSQL turn replayed with pgbench, scripts alternated: the server's CPU and the latency a turn of each.
# Usage: tests/pg-turn-replay.sh [SCRIPT.sql ...]   (default: tests/pg-turn.sql tests/pg-turn-call.sql)
# A throw-away cluster (initdb's defaults, TCP on 127.0.0.1, as tests/speed.sh starts it) migrated by the host (`seed 0`:
# REPLAY_HOST_DLL, default bot/bin/Release/net10.0/Regin.Bot.dll, built beforehand), tests/pg-turn.sql's setup rows and
# tests/pg-turn-function.sql's prototype. REPLAY_ROUNDS rounds (default 4), each runs every script once, forward then
# backward (a round's first and last swap), REPLAY_TURNS turns a run (default 3000; pgbench -M prepared, one client).
# REPLAY_SETUP: SQL files run once after the setup (session 39: copies of raw_inputs with other index sets).
# Before each run: the turn's tables emptied (answers, practice_events, raw_inputs: every run starts from the same
# tables), VACUUM and CHECKPOINT (no checkpoint lands in a run). The server's CPU: the postmaster's reaped children and
# its live ones (/proc, 10 ms ticks), from before pgbench to 0.5 s after it. Time it under cpu-exclusive; one run of 3000
# turns is ~1 s, a round of two scripts ~4 s with the resets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts=("$@"); [ ${#scripts[@]} -eq 0 ] && scripts=(tests/pg-turn.sql tests/pg-turn-call.sql)
turns="${REPLAY_TURNS:-3000}"; rounds="${REPLAY_ROUNDS:-4}"
host_dll="${REPLAY_HOST_DLL:-bot/bin/Release/net10.0/Regin.Bot.dll}"
[ -f "$host_dll" ] || { echo "no host build at $host_dll (dotnet build -c Release bot, or REPLAY_HOST_DLL=...)"; exit 2; }
folder="$(mktemp -d)"; pg_dir="$folder/pg"; mkdir -p "$pg_dir"
keep="${REPLAY_KEEP:-$folder}"; mkdir -p "$keep"
as_pg=(); if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; chmod 755 "$folder"; as_pg=(runuser -u postgres --); fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
trap '"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$folder"' EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U regin --auth=trust -E UTF8 --no-locale --no-sync >"$pg_dir/initdb.log" 2>&1
# REPLAY_STATEMENTS=1: pg_stat_statements loaded (with planning tracked), emptied before each run and read after it into
# REPLAY_KEEP/statements.tsv (per statement a turn: calls, plans, exec and plan µs, blocks, WAL; the same columns as
# tests/pg-sample.sh's from a speed.sh run, to compare the two). REPLAY_PG_OPTIONS="-c name=value ...": more settings.
sample=(); [ "${REPLAY_STATEMENTS:-0}" = 1 ] && sample=(-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on -c track_io_timing=on)
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 ${sample[*]} ${REPLAY_PG_OPTIONS:-}" start >/dev/null
conn="host=127.0.0.1 port=$port user=regin dbname=regin"
psql -q "host=127.0.0.1 port=$port user=regin dbname=postgres" -c "CREATE DATABASE regin"
Database__Provider=PostgreSQL ConnectionStrings__Regin="Host=127.0.0.1;Port=$port;Username=regin;Database=regin" \
  dotnet "$host_dll" seed 0 >"$folder/migrate.log" 2>&1 || { cat "$folder/migrate.log"; exit 1; }
# The setup rows of tests/pg-turn.sql's header (its lines "--   INSERT ..." and their continuations), and the prototype.
sed -n '/^-- Setup, once/,/^-- [A-Z]/p' tests/pg-turn.sql | sed -n 's/^--   //p' | psql -q -v ON_ERROR_STOP=1 "$conn"
psql -q -v ON_ERROR_STOP=1 "$conn" -f tests/pg-turn-function.sql
# REPLAY_SETUP: more SQL files run once here (e.g. copies of raw_inputs with other indexes, each a variant's script writes
# to); every table named raw_inputs* is emptied before each run as raw_inputs is.
for f in ${REPLAY_SETUP:-}; do psql -q -v ON_ERROR_STOP=1 "$conn" -f "$f"; done
turn_tables="answers, practice_events, $(psql -qAt "$conn" -c "SELECT string_agg(quote_ident(tablename), ', ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'raw\_inputs%'")"
pm=$(head -1 "$pg_dir/data/postmaster.pid")
cpu() { local t c; t=$(awk '{print $16+$17}' /proc/"$pm"/stat)
  for c in $(cat /proc/"$pm"/task/"$pm"/children); do t=$((t + $(awk '{print $14+$15}' /proc/"$c"/stat 2>/dev/null || echo 0))); done; echo "$t"; }
# The ended sessions alone (the postmaster's reaped children: pgbench's session, which ends with it), without the WAL
# writer and the other live processes: what speed.sh calls the session serving the turn (session 41).
ended() { awk '{print $16+$17}' /proc/"$pm"/stat; }
ticks=$(getconf CLK_TCK)
# A script named SCRIPT.sql@pollute runs SCRIPT.sql with a process sweeping REPLAY_POLLUTE_MB (default 8) MB of memory a
# cache line at a time beside it (tests/pg-pollute.c): the caches the session finds when other processes ran between
# its turns, as the host's and the driver's do in a speed.sh run (session 41).
pollute="$folder/pollute"
if printf '%s\n' "${scripts[@]}" | grep -q '@pollute$'; then gcc -O2 -o "$pollute" tests/pg-pollute.c; fi
results="$folder/results.tsv"
run() { # script, round
  psql -q "$conn" -c "TRUNCATE $turn_tables" -c "VACUUM ANALYZE practices, chat_state, $turn_tables" -c CHECKPOINT
  [ ${#sample[@]} -gt 0 ] && psql -qAt "$conn" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1
  sleep 0.3
  local a b out latency
  a=$(cpu); local ea; ea=$(ended)
  local polluter=""
  if [[ "$1" == *@pollute ]]; then "$pollute" "${REPLAY_POLLUTE_MB:-8}" & polluter=$!; sleep 0.1; fi
  out=$(pgbench -n -M prepared -c 1 -t "$turns" -f "${1%@pollute}" "$conn" 2>&1) || true
  if [ -n "$polluter" ]; then kill "$polluter"; wait "$polluter" 2>/dev/null || true; fi
  sleep 0.5; b=$(cpu); local eb; eb=$(ended)
  latency=$(echo "$out" | awk '/latency average/ {print $4}')
  if echo "$out" | grep -q "aborted\|error"; then echo "  $1: aborted ($(echo "$out" | grep -m1 -i error))"; return; fi
  if [ ${#sample[@]} -gt 0 ]; then
    [ -f "$keep/statements.tsv" ] || printf 'run\tcalls\ttotal_ms\tmean_us\tmax_ms\trows\twal_records\tplans\tplan_ms\twal_fpi\twal_bytes\tblks_dirtied\ttoplevel\tstatement\tblks_hit\tmin_us\tstddev_us\n' >"$keep/statements.tsv"
    psql -X -q "$conn" -A -t -F $'\t' -v label="$2 $1" >>"$keep/statements.tsv" <<'SQL'
SELECT :'label', calls, round(total_exec_time::numeric, 1), round((total_exec_time / calls * 1000)::numeric), round(max_exec_time::numeric, 1),
  rows, wal_records, plans, round(total_plan_time::numeric, 1), wal_fpi, wal_bytes, shared_blks_dirtied, toplevel,
  left(regexp_replace(query, '\s+', ' ', 'g'), 200), shared_blks_hit,
  round((min_exec_time * 1000)::numeric), round((stddev_exec_time * 1000)::numeric)
FROM pg_stat_statements WHERE calls > 0 AND query NOT LIKE '%pg_stat_%' AND query NOT LIKE 'TRUNCATE%' AND query NOT LIKE 'VACUUM%'
  AND query NOT LIKE 'CHECKPOINT%' AND query NOT LIKE 'CREATE EXTENSION%' ORDER BY total_exec_time DESC
SQL
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$1" "$(python3 -c "print(f'{($b - $a) * 1000 / $ticks / $turns:.3f}')")" "$latency" \
    "$(python3 -c "print(f'{($eb - $ea) * 1000 / $ticks / $turns:.3f}')")" | tee -a "$results"
}
echo "$(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg): ${#scripts[@]} scripts, $rounds rounds of $turns turns (round, script, server CPU ms a turn, latency ms, the session's CPU)"
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order=("${scripts[@]}"); else order=(); for ((i = ${#scripts[@]} - 1; i >= 0; i--)); do order+=("${scripts[$i]}"); done; fi
  for s in "${order[@]}"; do run "$s" "$r"; done
done
echo "$(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
python3 - "$results" "${scripts[0]}" <<'PY'
import sys, statistics as st
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
by = {}
for r, s, c, l, e in rows: by.setdefault(s, {})[r] = (float(c), float(l), float(e))
base = by.get(sys.argv[2], {})
print(f"| script | runs | server CPU ms a turn, median [min-max] | of it the session | latency ms, median | vs {sys.argv[2]}: CPU difference in the same round, median (the session's) |")
print("|---|---|---|---|---|---|")
for s, runs in by.items():
    cpu = [c for c, _, _ in runs.values()]; lat = [l for _, l, _ in runs.values()]; ses = [e for _, _, e in runs.values()]
    diff = [runs[r][0] - base[r][0] for r in runs if r in base]
    sdiff = [runs[r][2] - base[r][2] for r in runs if r in base]
    print(f"| {s} | {len(runs)} | {st.median(cpu):.3f} [{min(cpu):.3f}-{max(cpu):.3f}] | {st.median(ses):.3f} | {st.median(lat):.3f} | {st.median(diff):+.3f} ({st.median(sdiff):+.3f}) |")
PY
