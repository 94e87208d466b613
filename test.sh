#!/usr/bin/env bash
# Runs every test of the solution. On a fresh machine (with the .NET SDK) it first installs what the tests need:
# Debian's chromium (browser tests), dovecot-imapd (IMAP tests), postgresql (the tests on PostgreSQL), npm (the build's
# web chat bundle) and python3, and the repo's local dotnet tools; a step that fails says which and stops. Then it
# starts one throw-away PostgreSQL cluster for the whole run (see below).
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null 2>&1 || {
  echo "test.sh: dotnet is not on PATH: install the .NET SDK that global.json names, then run ./test.sh again" >&2; exit 1
}
need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need_packages+=(dovecot-imapd)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
# The build runs `npm ci` for the web chat's bundle (bot/Regin.Bot.csproj); this script probes ports with python3.
command -v npm >/dev/null 2>&1 || need_packages+=(npm)
command -v python3 >/dev/null 2>&1 || need_packages+=(python3)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_packages[*]} from Debian's packages"
  # env passes DEBIAN_FRONTEND through sudo (which drops the caller's environment): no question may wait for an answer.
  apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "test.sh: ${need_packages[*]} missing and no sudo to install them: run as root, or apt-get install them" >&2; exit 1
    }
    apt=(sudo "${apt[@]}")
  fi
  "${apt[@]}" update -qq || { echo "test.sh: apt-get update failed (see above): no package list to install ${need_packages[*]} from" >&2; exit 1; }
  "${apt[@]}" install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null \
    || { echo "test.sh: apt-get install ${need_packages[*]} failed (see above)" >&2; exit 1; }
fi

# The repo's local tools (smtp4dev for the mail tests, dotnet-ef), from NuGet on a new machine.
dotnet tool restore >/dev/null || { echo "test.sh: dotnet tool restore failed (see above): the mail tests need smtp4dev" >&2; exit 1; }

# One PostgreSQL cluster for the run (each test makes a database of its own on it): initdb and pg_ctl in a temporary
# folder, on a free port of 127.0.0.1, as the postgres system user when this runs as root (PostgreSQL refuses root).
# Without REGIN_TEST_POSTGRES each test process starts its own the same way (tests/Shared/TestPostgres.cs).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d /tmp/regin-pg-XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; as_pg=(runuser -u postgres --); fi
results=$(mktemp -d)
trap '"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$results" "$pg_dir"' EXIT
# initdb, then pg_ctl start on a probed port, again on another port when that one was taken meanwhile (its check:
# tests/postgres-cluster-check.sh).
. tests/postgres-cluster.sh
regin_pg_start
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
