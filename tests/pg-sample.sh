#!/usr/bin/env bash
# The server's side of a speed.sh run on PostgreSQL (SPEED_PG_SAMPLE=1; the cluster then preloads pg_stat_statements):
#   tests/pg-sample.sh activity PORT DIR     samples pg_stat_activity every 20 ms into DIR/activity.tsv until the server
#                                            stops: every session not idle (a client's state and wait event, how long its
#                                            statement and transaction have run, the statement's start) and every
#                                            background process not in its main loop (WAL writer, checkpointer: I/O waits)
#   tests/pg-sample.sh reset PORT            pg_stat_statements emptied (speed.sh: when the host says ready)
#   tests/pg-sample.sh statements PORT DIR LABEL   appends the statements since the reset to DIR/statements.tsv, the
#                                            costliest first (speed.sh: before it stops the host), and prints the top 12
#   tests/pg-sample.sh waits DIR             what the samples saw, counted by process, state and wait event
# Columns: see the header line of each file. Times are Unix ms (the web chat driver's --timeline uses the same clock).
set -uo pipefail
what=$1
psql_at() { psql -X -q -h 127.0.0.1 -p "$1" -U regin -d postgres -A -t -F $'\t' "${@:2}"; }
case "$what" in
  activity)
    port=$2; dir=$3
    psql_at "$port" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1
    printf 'unix_ms\tpid\tbackend\tapplication\tstate\twait_type\twait_event\tstatement_ms\ttransaction_ms\tstatement\n' >"$dir/activity.tsv"
    psql_at "$port" >>"$dir/activity.tsv" 2>/dev/null <<'SQL'
\pset pager off
SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint, pid, backend_type, application_name, coalesce(state, ''),
  coalesce(wait_event_type, ''), coalesce(wait_event, ''),
  coalesce((extract(epoch FROM clock_timestamp() - query_start) * 1000)::int, -1),
  coalesce((extract(epoch FROM clock_timestamp() - xact_start) * 1000)::int, -1),
  left(regexp_replace(coalesce(query, ''), '\s+', ' ', 'g'), 90)
FROM pg_stat_activity
WHERE pid <> pg_backend_pid()
  AND ((backend_type = 'client backend' AND state <> 'idle') OR (backend_type <> 'client backend' AND coalesce(wait_event_type, '') <> 'Activity'))
\watch 0.02
SQL
    ;;
  reset)
    psql_at "$2" -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 ;;
  statements)
    port=$2; dir=$3; label=$4
    [ -f "$dir/statements.tsv" ] || printf 'run\tcalls\ttotal_ms\tmean_us\tmax_ms\trows\twal_records\tstatement\n' >"$dir/statements.tsv"
    psql_at "$port" -v label="$label" >>"$dir/statements.tsv" 2>/dev/null <<'SQL'
SELECT :'label', calls, round(total_exec_time::numeric, 1), round((total_exec_time / calls * 1000)::numeric), round(max_exec_time::numeric, 1),
  rows, wal_records, left(regexp_replace(query, '\s+', ' ', 'g'), 200)
FROM pg_stat_statements WHERE calls > 0 AND query NOT LIKE '%pg_stat_activity%' ORDER BY total_exec_time DESC
SQL
    echo "server: the costliest statements since the host said ready ($label; calls, total ms, mean µs; SPEED_KEEP keeps them all: statements.tsv)"
    awk -F'\t' -v l="$label" '$1 == l' "$dir/statements.tsv" | head -12 | awk -F'\t' '{ printf "  %7d %9.1f %7d  %s\n", $2, $3, $4, substr($8, 1, 110) }'
    # The statements the clients sent (not those their triggers and functions ran: those are in their callers' figures),
    # in all: divided by the run's turns, the server's work a turn (its background indexer's rounds included).
    psql_at "$port" <<'SQL' | awk -F'\t' '{ printf "server: the clients'"'"' own statements since the reset: %s calls, %s ms, %s WAL records, %s WAL bytes\n", $1, $2, $3, $4 }'
SELECT sum(calls), round(sum(total_exec_time)::numeric, 1), sum(wal_records), sum(wal_bytes)
FROM pg_stat_statements WHERE toplevel AND query NOT LIKE '%pg_stat_%'
SQL
    ;;
  waits)
    dir=$2
    echo "server: pg_stat_activity samples (every 20 ms) by process, state and wait event (what a busy session waited for)"
    awk -F'\t' 'NR > 1 && NF >= 10 { n[$3 " | " ($4 == "" ? "-" : $4) " | " $5 " | " $6 ":" $7]++ } END { for (k in n) printf "  %6d  %s\n", n[k], k }' "$dir/activity.tsv" | sort -rn | head -15 ;;
  *) echo "usage: $0 activity|reset|statements|waits ..."; exit 2 ;;
esac
