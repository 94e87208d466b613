#!/usr/bin/env bash
# Session 49 (issue 12, PostgreSQL): what the kept turn's BEGIN and the answer's trigger cost the server, replayed.
# Writes variants of tests/pg-turn.sql (the kept turn as one pipeline, BEGIN at its head) into DIR and alternates them
# with it through tests/pg-turn-replay.sh (same cluster and setup, REPLAY_ROUNDS rounds of REPLAY_TURNS turns):
#   pg-turn-begin-apart.sql  BEGIN an exchange of its own before the pipeline: the server answers it and waits for the
#                            rest (the host's case is between the two: Npgsql writes its simple-query BEGIN in the same
#                            send as the batch, and the server answers it apart, with a ReadyForQuery of its own)
#   pg-turn-implicit.sql     neither BEGIN nor COMMIT: the pipeline's one Sync makes it one implicit transaction (a
#                            failed statement undoes it all), what a turn sending no BEGIN of its own would cost
#   pg-turn-notrigger.sql    the answer inserted without its trigger (session_replication_role set with the lock): the
#                            trigger's whole work (codes, list keys, search mark), which the search indexer could take
# Usage: tests/pg-turn-begin.sh [DIR]   (REPLAY_HOST_DLL, REPLAY_ROUNDS, REPLAY_TURNS, REPLAY_KEEP as tests/pg-turn-replay.sh)
# Time it under cpu-exclusive (4 scripts, 4 rounds of 3,000 turns: ~1.5 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(mktemp -d /tmp/pg-turn-begin-XXXXXX)}"; mkdir -p "$dir"
python3 - "$dir" <<'PY'
import sys
out = sys.argv[1]
turn = '\n'.join(l for l in open('tests/pg-turn.sql').read().split('\n') if not l.startswith('--'))
head, lock = '\\startpipeline\nBEGIN;\n', "set_config('synchronous_commit', 'off', true)"
assert turn.count(head) == 1 and turn.count('COMMIT;\n\\endpipeline') == 1 and turn.count(lock) == 1
variants = {
    'pg-turn-begin-apart.sql': turn.replace(head, 'BEGIN;\n\\startpipeline\n'),
    'pg-turn-implicit.sql': turn.replace(head, '\\startpipeline\n').replace('COMMIT;\n\\endpipeline', '\\endpipeline'),
    'pg-turn-notrigger.sql': turn.replace(lock, lock + ", set_config('session_replication_role', 'replica', true)"),
}
for name, text in variants.items():
    open(f'{out}/{name}', 'w').write(f'-- tests/pg-turn.sql, variant {name} (tests/pg-turn-begin.sh)\n{text}')
PY
tests/pg-turn-replay.sh tests/pg-turn.sql "$dir"/pg-turn-begin-apart.sql "$dir"/pg-turn-implicit.sql "$dir"/pg-turn-notrigger.sql
