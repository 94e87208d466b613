#!/usr/bin/env bash
# Speed harness: builds Release, starts the bot host on a free port with a fresh SQLite file, and prints each scenario's
# table with its baseline from the same run (tests/Regin.DirectLine.Load):
#   turn     whole questionnaires over POST /api/messages (expectReplies) vs POST /api/answers/check of the same answers
#   webchat  100 concurrent web chats on the Direct Line WebSocket stream, each answering after a pause (3 s on average,
#            as a person reads and types) vs GET /livez under the same load, probed by one client every 10 ms (a trivial
#            request arriving at any moment of the chat load)
#   webchat-flat  the same with GET /livez from 4 clients flat out, as measured until session 5 (the probes are then a
#            large part of the load themselves)
#   burst    the same without pauses: every chat answers at once, the host saturated (throughput, queueing)
#   poll     the same 100 web chats (with pauses) polling GET activities, as before the stream (for comparison)
#   review   the review list, sorts, search and exports at 100,000 practices (seed) vs GET /livez (bot -- measure), SQLite
#   review-pg  the same on PostgreSQL: a throw-away cluster (initdb, pg_ctl, as test.sh starts it) in a temporary folder
#   hosts-pg   two bot hosts on one PostgreSQL database: turns/s of 8 clients typing whole questionnaires, all on one host,
#            then each conversation's turns alternating between the two (SPEED_HOST_CLIENTS, SPEED_HOST_SECONDS)
# Usage: tests/speed.sh [turn] [webchat] [webchat-flat] [burst] [poll] [review] [review-pg] [hosts-pg]   (no argument: turn and webchat)
# SPEED_HOST_DLL=path: the bot host to measure instead of this checkout's Release build (e.g. a copy of an older build's
# bin/Release/net10.0, for an A/B comparison in the same session: tests/speed-ab.sh);
# SPEED_NO_BUILD=1: no Release build first (the host and driver as they are: SPEED_HOST_DLL's, SPEED_LOAD_DLL's or the last build);
# SPEED_LOAD_DLL=path: the load driver to run instead of this checkout's (an older build's, to see what a driver change does);
# SPEED_LOAD_ENV="NAME=value ...": environment settings for the load driver alone (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0);
# SPEED_SWITCHES=1: turn also counts the host's and PostgreSQL's context switches per call (their threads' status files
# read around every call: longer pauses between calls); their CPU and the driver's own switches are always printed;
# SPEED_CALL_COST=0: turn reads no other process's counters around its calls (no --host-pid, --postgres-pid: only its own);
# SPEED_FLOOR=1: turn also times GET /livez before each check (the floor: a trivial call through the same client and
# Kestrel) and prints the ratio with the floor taken off both sides;
# SPEED_TURN_CLIENT=blocking|async: how turn's client makes its calls (blocking, the default: one thread blocking in the
# kernel for each reply, as curl or a browser elsewhere; async: the thread pool's HttpClient.SendAsync, the driver until session 36);
# SPEED_REVIEW_DB=path: measure the review on that (already seeded) SQLite file instead of seeding a fresh one;
# SPEED_REVIEW_PG="Host=...;Database=..." the same for an already seeded PostgreSQL database;
# SPEED_REVIEW_ONLY=list,search: only the rows of bot -- measure whose name holds one of these words (no exports: minutes less);
# SPEED_REVIEW_RUNS: requests per row (20). review and review-pg measure SPEED_HOST_DLL's build too.
# SPEED_HOST_ENV="NAME=value ...": environment settings for the bot host alone, not the load driver (a runtime knob such
# as DOTNET_GCgen0size tried on the host only);
# SPEED_PG_OPTIONS="-c name=value ...": server settings for the throw-away PostgreSQL cluster (e.g. -c log_lock_waits=on
# -c deadlock_timeout=5ms, with SPEED_KEEP to keep its log);
# SPEED_PG_CONNECTION="Name=value;...": Npgsql settings added to the hosts' connection string (e.g. "Maximum Pool Size=2");
# SPEED_PG_SOCKET=1: the hosts connect to that cluster over its Unix socket (Host=the socket's folder) instead of TCP on loopback;
# SPEED_KEEP=dir: keep the hosts' logs (and PostgreSQL's) in dir after the run.
# SPEED_PG_SAMPLE=1: the server's side of the run (tests/pg-sample.sh): pg_stat_activity sampled every 20 ms (wait events),
# pg_stat_statements from the host's ready to its stop; summaries printed, the samples kept with SPEED_KEEP
# (activity.tsv, statements.tsv: Unix ms, the clock of SPEED_TIMELINE).
# SPEED_DATABASE=postgresql: turn, webchat, webchat-flat, burst and poll run on a throw-away PostgreSQL cluster (as
# review-pg starts it) instead of the SQLite file: the same tables, the other provider (issue 12: the goals hold on both).
set -euo pipefail
cd "$(dirname "$0")/.."
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(turn webchat)
conversations="${SPEED_CONVERSATIONS:-100}"
host_dll="${SPEED_HOST_DLL:-bot/bin/Release/net10.0/Regin.Bot.dll}"
practices="${SPEED_PRACTICES:-100000}"

folder="$(mktemp -d /tmp/regin-speed-XXXXXX)"
if [ "${SPEED_NO_BUILD:-}" != 1 ]; then
dotnet build -c Release -v q -nologo -p:GenerateTeamsPackage=false bot >"$folder/build.log" 2>&1 || { cat "$folder/build.log"; exit 1; }
dotnet build -c Release -v q -nologo tests/Regin.DirectLine.Load >"$folder/build.log" 2>&1 || { cat "$folder/build.log"; exit 1; }
fi
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
secret="speed-$(python3 -c "import secrets; print(secrets.token_hex(16))")"
api_token="speed-api-$(python3 -c "import secrets; print(secrets.token_hex(16))")"
host_pid=""
second_host_pid=""
pg_stop=()
pg_port=""
pg_pid=""
pg_sampler=""
cleanup() {
  local status=$?
  # A failed run shows why: the end of the host's log (a host that stopped mid-run leaves its exception there).
  if [ "$status" -ne 0 ]; then for log in "$folder"/host*.log "$folder"/second*.log; do [ -f "$log" ] && { echo "--- $log"; tail -40 "$log"; }; done; fi
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null || true
  [ -n "$second_host_pid" ] && kill "$second_host_pid" 2>/dev/null && wait "$second_host_pid" 2>/dev/null || true
  [ ${#pg_stop[@]} -gt 0 ] && "${pg_stop[@]}" >/dev/null 2>&1 || true
  if [ -n "$pg_sampler" ]; then wait "$pg_sampler" 2>/dev/null || true; tests/pg-sample.sh waits "$folder/pg" || true; fi
  # SPEED_KEEP=dir: the hosts' logs and PostgreSQL's server log are kept there (what a failed or slow run logged).
  if [ -n "${SPEED_KEEP:-}" ]; then mkdir -p "$SPEED_KEEP"; cp "$folder"/*.log "$SPEED_KEEP"/ 2>/dev/null || true; cp "$folder"/pg/server.log "$SPEED_KEEP"/postgresql.log 2>/dev/null || true; cp "$folder"/pg/*.tsv "$folder"/pg/*.json "$SPEED_KEEP"/ 2>/dev/null || true; fi
  rm -rf "$folder"
}
trap cleanup EXIT

export ConnectionStrings__Regin="Data Source=$folder/regin.db"
export DirectLine__Secret="$secret" DirectLine__PostsPerMinute=1000000 DirectLine__StartsPerMinute=1000000
export Review__ApiTokens__0="$api_token"
export Logging__LogLevel__Default=Warning Chat__NotificationPollSeconds=0
# Metrics and spans are recorded as in production, but not printed per turn (production exports them in batches to a collector).
export Telemetry__Exporter=None
# The load driver is an anonymous Bot Framework client on loopback: allow it, its call-back address and its burst.
export Chat__AllowAnonymous=true Chat__AllowedServiceUrls__0=https://load.invalid/ Hosting__RequestsPerMinute=1000000

# start_host [url] [log]: the bot host on $url (or the given address); its pid in host_pid.
start_host() {
  local at="${1:-$url}" log="$folder/${2:-host}.log"
  local started; started=$(date +%s%N)
  local host_env=()
  [ -n "${SPEED_HOST_ENV:-}" ] && read -ra host_env <<<"$SPEED_HOST_ENV"
  env "${host_env[@]}" dotnet "$host_dll" --urls "$at" >"$log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 600); do
    # How long the host took to say ready (its migration, its chat warm-up), on this machine's load at the time.
    curl -fsS "$at/healthz" >/dev/null 2>&1 && {
      echo "host ready after $(( ($(date +%s%N) - started) / 1000000 )) ms (load $(cut -d' ' -f1 /proc/loadavg))"
      [ -n "$pg_sampler" ] && tests/pg-sample.sh reset "$pg_port" "$folder/pg"
      return 0; }
    kill -0 "$host_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
  done
  echo "the host did not become ready"; exit 1
}
stop_host() {
  [ -n "$pg_sampler" ] && tests/pg-sample.sh statements "$pg_port" "$folder/pg" "${scenario:-run}-$(date -u +%T)"
  kill "$host_pid" && wait "$host_pid" 2>/dev/null || true
  host_pid=""
  if [ -n "$pg_sampler" ]; then tests/pg-sample.sh tables "$pg_port" "$folder/pg" "${scenario:-run}-$(date -u +%T)"; fi
}

# A throw-away PostgreSQL cluster on a free port (as the postgres system user when run as root); its connection string in pg,
# its stop command in pg_stop (called here, not in a subshell, so the clean-up at exit can stop it).
start_postgres() {
  local pg_bin pg_dir sample=() as_pg=()
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir="$folder/pg"
  mkdir -p "$pg_dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; chmod 755 "$folder"; as_pg=(runuser -u postgres --); fi
  pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U regin --auth=trust -E UTF8 --no-locale --no-sync >"$pg_dir/initdb.log" 2>&1
  [ "${SPEED_PG_SAMPLE:-0}" = 1 ] && sample=(-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all)
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 ${sample[*]} ${SPEED_PG_OPTIONS:-}" start >/dev/null
  if [ "${SPEED_PG_SAMPLE:-0}" = 1 ]; then tests/pg-sample.sh activity "$pg_port" "$pg_dir" & pg_sampler=$!; fi
  pg_stop=("${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop)
  # The postmaster: turn reads its and its children's CPU and context switches around each call.
  pg_pid="$(head -1 "$pg_dir/data/postmaster.pid")"
  local pg_host=127.0.0.1
  [ "${SPEED_PG_SOCKET:-0}" = 1 ] && pg_host="$pg_dir"
  pg="Host=$pg_host;Port=$pg_port;Username=regin;Database=regin${SPEED_PG_CONNECTION:+;$SPEED_PG_CONNECTION}"
}

case "${SPEED_DATABASE:-sqlite}" in
  sqlite) ;;
  postgresql)
    start_postgres
    export Database__Provider=PostgreSQL ConnectionStrings__Regin="$pg"
    echo "database: PostgreSQL, a throw-away cluster ($pg)" ;;
  *) echo "SPEED_DATABASE is sqlite or postgresql, not ${SPEED_DATABASE}"; exit 2 ;;
esac

measure=(measure "${SPEED_REVIEW_RUNS:-20}")
[ -n "${SPEED_REVIEW_ONLY:-}" ] && measure+=(--only "$SPEED_REVIEW_ONLY")
# SPEED_TIMELINE=path: the web chat driver writes every start, reply and probe with its moment to path (CSV).
timeline=()
[ -n "${SPEED_TIMELINE:-}" ] && timeline=(--timeline "$SPEED_TIMELINE")
load_env=()
[ -n "${SPEED_LOAD_ENV:-}" ] && read -ra load_env <<<"$SPEED_LOAD_ENV"
load=(env "${load_env[@]}" dotnet "${SPEED_LOAD_DLL:-tests/Regin.DirectLine.Load/bin/Release/net10.0/Regin.DirectLine.Load.dll}" --url "$url" --secret "$secret")
for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    turn) start_host; "${load[@]}" --scenario turn --questionnaires "${SPEED_QUESTIONNAIRES:-10}" --api-token "$api_token" $([ "${SPEED_CALL_COST:-1}" = 0 ] || echo --host-pid "$host_pid" ${pg_pid:+--postgres-pid "$pg_pid"}) --client "${SPEED_TURN_CLIENT:-blocking}" ${SPEED_SWITCHES:+--switches} ${SPEED_FLOOR:+--floor}; stop_host ;;
    webchat) start_host; "${load[@]}" --scenario webchat --conversations "$conversations" --turns 12 --think-ms 3000 --probes 1 --probe-every-ms 10 "${timeline[@]}"; stop_host ;;
    webchat-flat) start_host; "${load[@]}" --scenario webchat --conversations "$conversations" --turns 12 --think-ms 3000 --probes 4; stop_host ;;
    burst) start_host; "${load[@]}" --scenario webchat --conversations "$conversations" --turns 12; stop_host ;;
    poll) start_host; "${load[@]}" --scenario webchat --conversations "$conversations" --turns 12 --think-ms 3000 --poll; stop_host ;;
    review)
      # measure signs in over plain http on loopback: Development, where the review cookies need no https.
      if [ -n "${SPEED_REVIEW_DB:-}" ]; then
        ConnectionStrings__Regin="Data Source=$SPEED_REVIEW_DB" ASPNETCORE_ENVIRONMENT=Development dotnet "$host_dll" "${measure[@]}" --urls "http://127.0.0.1:0"
      else
        dotnet "$host_dll" seed "$practices"
        ASPNETCORE_ENVIRONMENT=Development dotnet "$host_dll" "${measure[@]}" --urls "http://127.0.0.1:0"
      fi ;;
    review-pg)
      pg="${SPEED_REVIEW_PG:-}"
      if [ -z "$pg" ]; then
        start_postgres
        Database__Provider=PostgreSQL ConnectionStrings__Regin="$pg" dotnet "$host_dll" seed "$practices"
      fi
      Database__Provider=PostgreSQL ConnectionStrings__Regin="$pg" ASPNETCORE_ENVIRONMENT=Development dotnet "$host_dll" "${measure[@]}" --urls "http://127.0.0.1:0" ;;
    hosts-pg)
      [ ${#pg_stop[@]} -eq 0 ] && start_postgres
      second_url="http://127.0.0.1:$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
      export Database__Provider=PostgreSQL ConnectionStrings__Regin="$pg"
      start_host "$url" host-a
      first_pid="$host_pid"
      start_host "$second_url" host-b
      second_host_pid="$host_pid"; host_pid="$first_pid"
      "${load[@]}" --scenario hosts --urls "$url,$second_url" --conversations "${SPEED_HOST_CLIENTS:-8}" --seconds "${SPEED_HOST_SECONDS:-60}"
      stop_host
      kill "$second_host_pid" && wait "$second_host_pid" 2>/dev/null || true
      second_host_pid=""
      export Database__Provider=Sqlite ConnectionStrings__Regin="Data Source=$folder/regin.db" ;;
    *) echo "unknown scenario: $scenario"; exit 2 ;;
  esac
done
