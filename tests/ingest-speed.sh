#!/usr/bin/env bash
# The mail ingest benchmark (tests/Regin.MailIngest.Benchmarks, README "### Mail ingest") on either provider:
#   tests/ingest-speed.sh [benchmark arguments, e.g. 5000 --batched-only]
# INGEST_DATABASE=postgresql: on a throw-away PostgreSQL cluster (initdb, pg_ctl on a free port in a temporary folder, as
# tests/speed.sh's start_postgres makes one; stopped and removed at the end), each phase in a database of its own;
# INGEST_BENCH_DLL=path: that build of the benchmark instead of this checkout's Release build (an A/B in one session:
# run both in one exclusive window, alternating; a build older than session 16 knows SQLite only).
# The build runs first; take the exclusive CPU lock for the run only:
#   flock -o -s /tmp/regin-cpu.lock dotnet build -c Release tests/Regin.MailIngest.Benchmarks
#   flock -o -w 900 /tmp/regin-cpu.lock tests/ingest-speed.sh 5000 --batched-only
set -euo pipefail
cd "$(dirname "$0")/.."
bench_dll="${INGEST_BENCH_DLL:-tests/Regin.MailIngest.Benchmarks/bin/Release/net10.0/Regin.MailIngest.Benchmarks.dll}"
if [ -z "${INGEST_BENCH_DLL:-}" ]; then
  dotnet build -c Release -v q -nologo tests/Regin.MailIngest.Benchmarks >/tmp/ingest-speed-build.$$.log 2>&1 \
    || { cat /tmp/ingest-speed-build.$$.log; rm -f /tmp/ingest-speed-build.$$.log; exit 1; }
  rm -f /tmp/ingest-speed-build.$$.log
fi
folder="$(mktemp -d /tmp/regin-ingest-speed-XXXXXX)"
pg_stop=()
cleanup() {
  [ ${#pg_stop[@]} -gt 0 ] && "${pg_stop[@]}" >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap cleanup EXIT
case "${INGEST_DATABASE:-sqlite}" in
  sqlite) dotnet "$bench_dll" "$@" ;;
  postgresql)
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    pg_dir="$folder/pg"
    mkdir -p "$pg_dir"
    as_pg=()
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; chmod 755 "$folder"; as_pg=(runuser -u postgres --); fi
    pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U regin --auth=trust -E UTF8 --no-locale --no-sync >"$pg_dir/initdb.log" 2>&1
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
    pg_stop=("${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop)
    # The cluster's defaults (fsync on, synchronous_commit on): a commit is durable when it returns, as in production.
    dotnet "$bench_dll" "$@" --postgresql "Host=127.0.0.1;Port=$pg_port;Username=regin;Database=regin" ;;
  *) echo "INGEST_DATABASE is sqlite or postgresql, not ${INGEST_DATABASE}"; exit 2 ;;
esac
