#!/usr/bin/env bash
# Checks test.sh's PostgreSQL port retry (tests/postgres-cluster.sh) on a real cluster: the first port its probe hands out
# is taken by a listener of this script before the server binds it, as another process could take it. The cluster must
# say so in its log, start on another port and answer there. Prints "ok" and exits 0, or says what failed and exits 1.
# Run by TestShPostgresTests (Regin.Core.Tests), or by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/postgres-cluster.sh

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pg_bin" ] || { echo "postgres-cluster-check: PostgreSQL is not installed (./test.sh installs it)" >&2; exit 1; }
pg_dir=$(mktemp -d /tmp/regin-pg-check-XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; as_pg=(runuser -u postgres --); fi

# The listener: a free port of 127.0.0.1, held (listening, accepting nothing) until this script ends (and kills it).
exec {held_fd}< <(exec python3 -c '
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(3600)
')
held_pid=$!
read -r held_port <&"$held_fd"
trap '"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; kill "$held_pid" 2>/dev/null || true; rm -rf "$pg_dir"' EXIT

# The probe's first answer is the held port (as if taken after the probe); then real probes. A file counts the calls:
# test.sh calls the probe in a subshell.
regin_free_port() {
  if [ ! -e "$pg_dir/probed" ]; then
    touch "$pg_dir/probed"; echo "$held_port"
  else
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  fi
}

fail() { echo "postgres-cluster-check: $*" >&2; cat "$pg_dir/server.log" >&2 2>/dev/null || true; exit 1; }
regin_pg_start || fail "the cluster did not start"
[ "$pg_port" != "$held_port" ] || fail "the cluster says it runs on the held port $held_port"
grep -qi "already in use" "$pg_dir/server.log" || fail "the first start did not find port $held_port taken"
answer=$("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U regin -d postgres -Atc "select 40 + 2") || fail "no answer on port $pg_port"
[ "$answer" = 42 ] || fail "port $pg_port answered \"$answer\""
echo "ok: port $held_port was taken, the cluster started on $pg_port"
