# The test run's PostgreSQL cluster, sourced by test.sh (and by tests/postgres-cluster-check.sh, which tests its port
# retry). Uses pg_bin, pg_dir and as_pg (the command prefix that runs as the postgres user, empty when not root); sets
# pg_port. initdb and pg_ctl in pg_dir, on a free port of 127.0.0.1.

# A TCP port of 127.0.0.1 free now (a probe: another process may take it before the server binds it).
regin_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

regin_pg_start() {
  if ! "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U regin --auth=trust -E UTF8 --no-locale --no-sync >"$pg_dir/initdb.log" 2>&1; then
    echo "test.sh: initdb failed:" >&2; cat "$pg_dir/initdb.log" >&2; return 1
  fi
  # The port is free when probed, maybe not when the server binds it (another process may take it meanwhile): a start
  # that fails so is tried again on another port, as tests/Shared/TestPostgres.cs does.
  local attempt said
  for attempt in 1 2 3 4 5; do
    pg_port=$(regin_free_port)
    if said=$("${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 300 -o \
      "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start 2>&1); then
      return 0
    fi
    if [ $attempt -eq 5 ] || ! grep -qi "already in use" "$pg_dir/server.log"; then
      echo "test.sh: PostgreSQL did not start (attempt $attempt, port $pg_port): $said" >&2; cat "$pg_dir/server.log" >&2; return 1
    fi
  done
}
