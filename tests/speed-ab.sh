#!/usr/bin/env bash
# A/B in one session: the web chat (or any speed.sh scenario) against an older build of the bot host and against this
# checkout's, alternating, ROUNDS times, with the machine's load before each run (ratios within a run are what to compare
# on a shared machine; see README "Performance").
#   git worktree add /tmp/regin-old <commit> && (cd /tmp/regin-old && dotnet build -c Release -p:GenerateTeamsPackage=false bot)
#   tests/speed-ab.sh /tmp/regin-old/bot/bin/Release/net10.0 [rounds=2] [scenario ...]   (default scenario: webchat)
set -euo pipefail
cd "$(dirname "$0")/.."
old="${1:?give the bin folder of the older build, holding Regin.Bot.dll}"
rounds="${2:-2}"
shift $(( $# >= 2 ? 2 : 1 ))
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(webchat)
[ -f "$old/Regin.Bot.dll" ] || { echo "no Regin.Bot.dll in $old"; exit 2; }
for round in $(seq 1 "$rounds"); do
  for scenario in "${scenarios[@]}"; do
    echo "=== round $round, $scenario, OLD host ($old); load: $(cut -d' ' -f1-3 /proc/loadavg)"
    # A run that loses conversations says so in its table and exits 1: the next runs still go.
    SPEED_HOST_DLL="$old/Regin.Bot.dll" tests/speed.sh "$scenario" || echo "(exit $?)"
    echo "=== round $round, $scenario, NEW host (this checkout); load: $(cut -d' ' -f1-3 /proc/loadavg)"
    tests/speed.sh "$scenario" || echo "(exit $?)"
  done
done
