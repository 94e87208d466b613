#!/usr/bin/env bash
# Session 42 (issue 12): what fewer statements in a kept PostgreSQL turn would save the server, replayed. Writes variants
# of tests/pg-turn.sql (the kept turn as the host sends it) into DIR and alternates them with it through
# tests/pg-turn-replay.sh (same cluster, same setup, REPLAY_ROUNDS rounds of REPLAY_TURNS turns, server CPU a turn):
#   pg-turn-nomark.sql    the answer's trigger finds its practice marked already (regin.search_marked set with the lock):
#                         what moving the search mark out of the turn would leave (the trigger still fires)
#   pg-turn-plainraw.sql  the raw input a plain INSERT (no ON CONFLICT's speculative insertion, no WITH and
#                         regin_expect_rows around it: a repeat would fail the batch with 23505 instead)
#   pg-turn-cte3.sql      the practice's stamp, the answer and its log line in one statement (a writable WITH)
#   pg-turn-checks1.sql   the kept state rows' and the open draft's checks in one SELECT
#   pg-turn-fewest.sql    all four: lock, one write statement, chat state, raw input, one check, COMMIT (6 instead of 9)
# Usage: tests/pg-turn-fewer.sh [DIR]   (REPLAY_HOST_DLL, REPLAY_ROUNDS, REPLAY_TURNS, REPLAY_KEEP as tests/pg-turn-replay.sh)
# Time it under cpu-exclusive (6 scripts, 3 rounds: ~2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(mktemp -d /tmp/pg-turn-fewer-XXXXXX)}"; mkdir -p "$dir"
python3 - "$dir" <<'PY'
import re, sys
out = sys.argv[1]
body = [l for l in open('tests/pg-turn.sql').read().split('\n') if not l.startswith('--')]
def find(prefix):
    return next(i for i, l in enumerate(body) if l.startswith(prefix))
lock, stamp, answer, log = find('SELECT pg_advisory_xact_lock'), find('WITH changed AS (UPDATE practices'), find('INSERT INTO answers'), find('INSERT INTO practice_events')
raw, kept, draft = find('WITH changed AS (INSERT INTO raw_inputs'), find('SELECT regin_expect_rows(count(*) / 2'), find("SELECT regin_expect_rows(count(*), 'open draft'")
practice = re.search(r"\"Id\" = ('[0-9a-f-]{36}')", body[stamp]).group(1)
marked = body[lock].replace("set_config('synchronous_commit', 'off', true)",
                            f"set_config('synchronous_commit', 'off', true), set_config('regin.search_marked', {practice}, true)")
plain = re.match(r"WITH changed AS \((INSERT INTO raw_inputs .*?) ON CONFLICT \(\"Channel\", \"DedupKey\"\) DO NOTHING RETURNING 1\) SELECT regin_expect_rows\(.*\) FROM changed;$", body[raw]).group(1) + ';'
stamped = re.match(r"WITH changed AS \((UPDATE practices .*? RETURNING 1)\) (SELECT regin_expect_rows\(.*\) FROM changed);$", body[stamp])
one_write = f"WITH changed AS ({stamped.group(1)}), a AS ({body[answer].rstrip(';')}), e AS ({body[log].rstrip(';')}) {stamped.group(2)};"
kept_from = re.match(r"SELECT regin_expect_rows\(count\(\*\) / 2, 'chat state', 10\) (FROM .*);$", body[kept]).group(1)
draft_from = re.match(r"SELECT regin_expect_rows\(count\(\*\), 'open draft', 11\) (FROM .*);$", body[draft]).group(1)
one_check = (f"SELECT regin_expect_rows((SELECT count(*) / 2 {kept_from}), 'chat state', 10), "
             f"regin_expect_rows((SELECT count(*) {draft_from}), 'open draft', 11);")
def write(name, changes, dropped=()):
    lines = [changes.get(i, l) for i, l in enumerate(body) if i not in dropped]
    open(f'{out}/{name}', 'w').write(f'-- tests/pg-turn.sql, variant {name} (tests/pg-turn-fewer.sh)\n' + '\n'.join(lines))
write('pg-turn-nomark.sql', {lock: marked})
write('pg-turn-plainraw.sql', {raw: plain})
write('pg-turn-cte3.sql', {stamp: one_write}, (answer, log))
write('pg-turn-checks1.sql', {kept: one_check}, (draft,))
write('pg-turn-fewest.sql', {lock: marked, stamp: one_write, raw: plain, kept: one_check}, (answer, log, draft))
PY
tests/pg-turn-replay.sh tests/pg-turn.sql "$dir"/pg-turn-nomark.sql "$dir"/pg-turn-plainraw.sql "$dir"/pg-turn-cte3.sql \
  "$dir"/pg-turn-checks1.sql "$dir"/pg-turn-fewest.sql
