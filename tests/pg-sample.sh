#!/usr/bin/env bash
# The server's side of a speed.sh run on PostgreSQL (SPEED_PG_SAMPLE=1; the cluster then preloads pg_stat_statements):
#   tests/pg-sample.sh activity PORT DIR     samples pg_stat_activity every 20 ms into DIR/activity.tsv until the server
#                                            stops: every session not idle (a client's state and wait event, how long its
#                                            statement and transaction have run, the statement's start) and every
#                                            background process not in its main loop (WAL writer, checkpointer: I/O waits)
#   tests/pg-sample.sh reset PORT DIR        pg_stat_statements and the tables' counters emptied, the server processes'
#                                            CPU noted in DIR/cpu-reset.tsv (speed.sh: when the host says ready)
#   tests/pg-sample.sh statements PORT DIR LABEL   appends the statements since the reset to DIR/statements.tsv, the
#                                            costliest first (speed.sh: before it stops the host), and prints the top 12
#                                            (with plans and planning time under pg_stat_statements.track_planning=on);
#                                            the CPU each server process used since, to DIR/cpu.tsv
#   tests/pg-sample.sh tables PORT DIR LABEL the rows each table took since the reset (inserted, updated, of them HOT,
#                                            deleted) and its indexes, to DIR/tables.tsv (speed.sh: once the host stopped)
#   tests/pg-sample.sh waits DIR             what the samples saw, counted by process, state and wait event
# Columns: see the header line of each file. Times are Unix ms (the web chat driver's --timeline uses the same clock).
set -uo pipefail
what=$1
psql_at() { psql -X -q -h 127.0.0.1 -p "$1" -U regin -d postgres -A -t -F $'\t' "${@:2}"; }
# The server's processes' CPU in clock ticks (utime + stime of /proc/PID/stat): pid, ticks; the postmaster's line also
# holds what its children that ended used (cutime + cstime: a session closed during the run).
server_cpu() {
  local postmaster pid
  postmaster=$(head -1 "$1/data/postmaster.pid" 2>/dev/null) || return 0
  for pid in "$postmaster" $(cat "/proc/$postmaster/task/$postmaster/children" 2>/dev/null); do
    awk -v p="$pid" -v pm="$postmaster" '{ sub(/^.*\) /, ""); t = $12 + $13; if (p == pm) t += $14 + $15; print p "\t" t }' "/proc/$pid/stat" 2>/dev/null
  done
}
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
    psql_at "$2" -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1
    psql -X -q -h 127.0.0.1 -p "$2" -U regin -d regin -c "SELECT pg_stat_reset()" >/dev/null 2>&1
    [ -n "${3:-}" ] && server_cpu "$3" >"$3/cpu-reset.tsv" ;;
  statements)
    port=$2; dir=$3; label=$4
    # The CPU first, before this script's own sessions add theirs.
    if [ -f "$dir/cpu-reset.tsv" ]; then
      server_cpu "$dir" >"$dir/cpu-stop.tsv"
      [ -f "$dir/cpu.tsv" ] || printf 'run\tpid\tbackend\tapplication\tcpu_ms\n' >"$dir/cpu.tsv"
      psql_at "$port" -c "SELECT pid, backend_type, coalesce(application_name, '') FROM pg_stat_activity" >"$dir/cpu-pids.tsv" 2>/dev/null
      tick=$(getconf CLK_TCK)
      awk -F'\t' -v l="$label" -v tick="$tick" -v pm="$(head -1 "$dir/data/postmaster.pid")" '
        FILENAME ~ /cpu-pids/ { kind[$1] = $2; app[$1] = $3; next }
        FILENAME ~ /cpu-reset/ { before[$1] = $2; next }
        { k = ($1 == pm) ? "postmaster and ended sessions" : (($1 in kind) ? kind[$1] : "?");
          printf "%s\t%s\t%s\t%s\t%d\n", l, $1, k, app[$1], ($2 - before[$1]) * 1000 / tick }' \
        "$dir/cpu-pids.tsv" "$dir/cpu-reset.tsv" "$dir/cpu-stop.tsv" >>"$dir/cpu.tsv"
      echo "server: CPU since the host said ready, by process (ms; DIR/cpu.tsv)"
      awk -F'\t' -v l="$label" '$1 == l && $5 > 0 { printf "  %7d  %s %s %s\n", $5, $2, $3, $4; all += $5 } END { printf "  %7d  all\n", all }' "$dir/cpu.tsv" | sort -rn | head -12
    fi
    [ -f "$dir/statements.tsv" ] || printf 'run\tcalls\ttotal_ms\tmean_us\tmax_ms\trows\twal_records\tplans\tplan_ms\twal_fpi\twal_bytes\tblks_dirtied\ttoplevel\tstatement\tblks_hit\tmin_us\tstddev_us\n' >"$dir/statements.tsv"
    psql_at "$port" -v label="$label" >>"$dir/statements.tsv" 2>/dev/null <<'SQL'
SELECT :'label', calls, round(total_exec_time::numeric, 1), round((total_exec_time / calls * 1000)::numeric), round(max_exec_time::numeric, 1),
  rows, wal_records, plans, round(total_plan_time::numeric, 1), wal_fpi, wal_bytes, shared_blks_dirtied, toplevel,
  left(regexp_replace(query, '\s+', ' ', 'g'), 200), shared_blks_hit,
  round((min_exec_time * 1000)::numeric), round((stddev_exec_time * 1000)::numeric)
FROM pg_stat_statements WHERE calls > 0 AND query NOT LIKE '%pg_stat_activity%' ORDER BY total_exec_time DESC
SQL
    echo "server: the costliest statements since the host said ready ($label; calls, total ms, mean µs; SPEED_KEEP keeps them all: statements.tsv)"
    awk -F'\t' -v l="$label" '$1 == l' "$dir/statements.tsv" | head -12 | awk -F'\t' '{ printf "  %7d %9.1f %7d  %s\n", $2, $3, $4, substr($14, 1, 110) }'
    # The statements the clients sent (not those their triggers and functions ran: those are in their callers' figures),
    # in all: divided by the run's turns, the server's work a turn (its background indexer's rounds included).
    psql_at "$port" <<'SQL' | awk -F'\t' '{ printf "server: the clients'"'"' own statements since the reset: %s calls, %s ms, %s WAL records, %s WAL bytes\n", $1, $2, $3, $4 }'
SELECT sum(calls), round(sum(total_exec_time)::numeric, 1), sum(wal_records), sum(wal_bytes)
FROM pg_stat_statements WHERE toplevel AND query NOT LIKE '%pg_stat_%'
SQL
    ;;
  tables)
    # After the host stopped: its sessions' counters reach the statistics when they end (an idle session sends them
    # within a second), so wait (at most 10 s) until none of its sessions is left.
    port=$2; dir=$3; label=$4
    for _ in $(seq 1 100); do
      [ "$(psql_at "$port" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'regin' AND pid <> pg_backend_pid()")" = 0 ] && break
      sleep 0.1
    done
    [ -f "$dir/tables.tsv" ] || printf 'run\ttable\tinserted\tupdated\thot_updated\tdeleted\tindexes\n' >"$dir/tables.tsv"
    psql -X -q -h 127.0.0.1 -p "$port" -U regin -d regin -A -t -F $'\t' -v label="$label" >>"$dir/tables.tsv" 2>/dev/null <<'SQL'
SELECT :'label', t.relname, t.n_tup_ins, t.n_tup_upd, t.n_tup_hot_upd, t.n_tup_del,
  (SELECT string_agg(i.indexrelid::regclass::text, ' ') FROM pg_index AS i WHERE i.indrelid = t.relid)
FROM pg_stat_user_tables AS t WHERE t.n_tup_ins + t.n_tup_upd + t.n_tup_del > 0 ORDER BY t.relname
SQL
    # A table's TOAST relation (values kept out of line, a row's chunks): named by its table.
    psql -X -q -h 127.0.0.1 -p "$port" -U regin -d regin -A -t -F $'\t' -v label="$label" >>"$dir/tables.tsv" 2>/dev/null <<'SQL'
SELECT :'label', c.relname || ' (toast)', t.n_tup_ins, t.n_tup_upd, t.n_tup_hot_upd, t.n_tup_del, ''
FROM pg_stat_all_tables AS t JOIN pg_class AS c ON c.reltoastrelid = t.relid
WHERE t.n_tup_ins + t.n_tup_upd + t.n_tup_del > 0 ORDER BY c.relname
SQL
    echo "server: rows written since the host said ready, by table (inserted, updated, of them HOT, deleted; DIR/tables.tsv)"
    awk -F'\t' -v l="$label" '$1 == l { printf "  %-28s %7d %7d %7d %7d  %s\n", $2, $3, $4, $5, $6, $7 }' "$dir/tables.tsv"
    # What a turn writes, by size: a column's stored size (pg_column_size: compressed and/or out of line) against its
    # plain size, and how each wide column is stored (storage p/e/m/x, compression ''=the default pglz, l=lz4).
    [ -f "$dir/sizes.tsv" ] || printf 'run\twhat\trows\tmean_stored\tmean_plain\tmax_stored\tcompressed_rows\n' >"$dir/sizes.tsv"
    psql -X -q -h 127.0.0.1 -p "$port" -U regin -d regin -A -t -F $'\t' -v label="$label" >>"$dir/sizes.tsv" 2>/dev/null <<'SQL'
SELECT :'label', 'chat_state."Document" ' || regexp_replace("Key", '/(conversations|users)/[^/]+', '/\1/…', 'g'), count(*),
  round(avg(pg_column_size("Document"))), round(avg(octet_length("Document"::text))), max(pg_column_size("Document")),
  (count(*) FILTER (WHERE pg_column_size("Document") < octet_length("Document"::text)))::text
FROM chat_state GROUP BY 2
UNION ALL SELECT :'label', 'raw_inputs."Content" (chat)', count(*), round(avg(pg_column_size("Content"))), round(avg(octet_length("Content"))),
  max(pg_column_size("Content")), (count(*) FILTER (WHERE pg_column_size("Content") < octet_length("Content")))::text
FROM raw_inputs WHERE "Channel" <> 'email'
UNION ALL SELECT :'label', 'raw_inputs row (chat)', count(*), round(avg(pg_column_size(r.*))), NULL, max(pg_column_size(r.*)), NULL::text
FROM raw_inputs AS r WHERE "Channel" <> 'email'
UNION ALL SELECT :'label', 'answers row', count(*), round(avg(pg_column_size(a.*))), NULL, max(pg_column_size(a.*)), NULL FROM answers AS a
UNION ALL SELECT :'label', 'practices row', count(*), round(avg(pg_column_size(p.*))), NULL, max(pg_column_size(p.*)), NULL FROM practices AS p
UNION ALL SELECT :'label', 'storage ' || c.relname || '.' || a.attname, NULL, NULL, NULL, NULL,
  a.attstorage::text || ' ' || coalesce(nullif(a.attcompression::text, ''), '(default compression)')
FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
WHERE c.relname IN ('chat_state', 'raw_inputs', 'answers', 'practices') AND a.attnum > 0 AND NOT a.attisdropped AND a.attlen = -1
  AND a.atttypid NOT IN ('varchar'::regtype)
SQL
    # One conversation's state as the last turn wrote it, for a replay that writes a document of the real size.
    psql -X -q -h 127.0.0.1 -p "$port" -U regin -d regin -A -t -c "SELECT \"Document\" FROM chat_state WHERE \"Key\" LIKE '%/conversations/%/users/%' ORDER BY \"UpdatedAt\" DESC LIMIT 1" >"$dir/chat-state-sample.json" 2>/dev/null
    echo "server: stored sizes (bytes: rows, mean stored, mean plain, max stored, rows compressed; DIR/sizes.tsv)"
    awk -F'\t' -v l="$label" '$1 == l { printf "  %-44s %6s %7s %7s %7s  %s\n", $2, $3, $4, $5, $6, $7 }' "$dir/sizes.tsv" ;;
  waits)
    dir=$2
    echo "server: pg_stat_activity samples (every 20 ms) by process, state and wait event (what a busy session waited for)"
    awk -F'\t' 'NR > 1 && NF >= 10 { n[$3 " | " ($4 == "" ? "-" : $4) " | " $5 " | " $6 ":" $7]++ } END { for (k in n) printf "  %6d  %s\n", n[k], k }' "$dir/activity.tsv" | sort -rn | head -15 ;;
  *) echo "usage: $0 activity|reset|statements|waits ..."; exit 2 ;;
esac
