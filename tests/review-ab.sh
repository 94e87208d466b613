#!/usr/bin/env bash
# A/B of the review list, search and exports on one seeded SQLite file (session 44, bench44): each build's host in turn
# on the same file, signed in as an admin, every row timed RUNS times after a warm-up (tests/review-ab.py: p50, p99 and
# their ratios to GET /livez's p50, p99 from the same host and run).
# Usage (seed and account first, outside the exclusive lock):
#   ConnectionStrings__Regin="Data Source=$DB" /work/bin/cpu-shared dotnet bot/bin/Release/net10.0/Regin.Bot.dll seed 100000
#   echo "$PASSWORD" | ConnectionStrings__Regin="Data Source=$DB" dotnet bot/bin/Release/net10.0/Regin.Bot.dll add-user EMAIL admin
#   REVIEW_AB_DB=$DB REVIEW_AB_EMAIL=EMAIL REVIEW_AB_PASSWORD=... /work/bin/cpu-exclusive tests/review-ab.sh 100 list,search \
#     base:/path/to/old/Regin.Bot.dll main:bot/bin/Release/net10.0/Regin.Bot.dll
# ONLY: comma-separated words of the rows' names (list, search, export, "search el"...); empty: every row.
# The results are appended to REVIEW_AB_OUT (JSON lines; default /tmp/review-ab.jsonl).
# PostgreSQL (session 45): REVIEW_AB_PG="Host=...;Port=...;Username=...;Database=..." instead of REVIEW_AB_DB, the database
# seeded the same way with Database__Provider=PostgreSQL (a throw-away cluster as tests/speed.sh's start_postgres makes).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=$1 only=$2; shift 2
for pair in "$@"; do
  label=${pair%%:*} dll=${pair#*:}
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log=$(mktemp /tmp/review-ab-host-XXXXXX.log)
  if [ -n "${REVIEW_AB_PG:-}" ]; then database=(Database__Provider=PostgreSQL "ConnectionStrings__Regin=$REVIEW_AB_PG"); else database=("ConnectionStrings__Regin=Data Source=$REVIEW_AB_DB"); fi
  env ASPNETCORE_ENVIRONMENT=Development Chat__WarmUp=false "${database[@]}" dotnet "$dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; kill -0 "$pid" || { cat "$log"; exit 1; }; sleep 0.1; done
  echo "$label $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  DRIVE_OUT="${REVIEW_AB_OUT:-/tmp/review-ab.jsonl}" python3 tests/review-ab.py 127.0.0.1 "$port" "$REVIEW_AB_EMAIL" "$REVIEW_AB_PASSWORD" "$runs" "$label" "$only" || true
  echo "$label end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
