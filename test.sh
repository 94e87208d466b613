#!/usr/bin/env bash
# Runs every test of the solution. On a fresh machine it first installs what the tests need:
# Debian's chromium (browser tests), dovecot-imapd (IMAP tests) and postgresql (the tests on PostgreSQL), and the
# repo's local dotnet tools. Then it starts one throw-away PostgreSQL cluster for the whole run (see below).
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need_packages+=(dovecot-imapd)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_packages[*]} from Debian's packages"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

dotnet tool restore >/dev/null

# One PostgreSQL cluster for the run (each test makes a database of its own on it): initdb and pg_ctl in a temporary
# folder, on a free port of 127.0.0.1, as the postgres system user when this runs as root (PostgreSQL refuses root).
# Without REGIN_TEST_POSTGRES each test process starts its own the same way (tests/Shared/TestPostgres.cs).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d /tmp/regin-pg-XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; as_pg=(runuser -u postgres --); fi
results=$(mktemp -d)
trap '"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$results" "$pg_dir"' EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U regin --auth=trust -E UTF8 --no-locale --no-sync >"$pg_dir/initdb.log" 2>&1
# The port is free when probed, maybe not when the server binds it (another process may take it meanwhile): a start
# that fails is tried again on another port, as tests/Shared/TestPostgres.cs does.
for attempt in 1 2 3 4 5; do
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 300 -o \
    "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    break
  fi
  if [ $attempt -eq 5 ] || ! grep -qi "already in use" "$pg_dir/server.log"; then
    echo "test.sh: PostgreSQL did not start:" >&2; cat "$pg_dir/server.log" >&2; exit 1
  fi
done
export REGIN_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=regin;Database=postgres;Pooling=false"

# Build once, then run the three test projects at once (arguments such as --filter go to each). `dotnet test` on the
# solution ran them one after another: MSBuild's second node waited for the first, busy running the longest project's
# tests, to answer for a project both reference.
status=0
dotnet build Regin.Bot.sln || status=$?
if [ $status -eq 0 ]; then
  pids=()
  for project in tests/Regin.Core.Tests tests/Regin.Bot.Tests tests/Regin.MailIngest.Tests; do
    dotnet test "$project" --no-build --logger "trx" --results-directory "$results" "$@" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || status=$?
  done
fi

# One closing line for any reader of the log: the totals over every test project.
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("{*}ResultSummary/{*}Counters")
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0))
        skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
