#!/usr/bin/env bash
# A kept PostgreSQL turn's statements in a real speed.sh run against the same statements replayed by pgbench
# (tests/pg-turn.sql), side by side: per statement its calls a turn, plans, mean execution and planning µs, shared
# blocks hit a call, WAL records and bytes a call, full-page images; then each side's server CPU a turn (session 41,
# issue 12: why the session serving a turn spends ~2× its replay).
# Usage: tests/pg-turn-statements.sh [DIR]   (DIR keeps both sides' files; default a new folder under /tmp)
#   PG_TURN_SIDES="run replay" (default both; "compare" alone reads DIR again)
#   SPEED_HOST_DLL / REPLAY_HOST_DLL: the host to measure and to migrate the replay's database (default this checkout's
#   Release build); SPEED_QUESTIONNAIRES (10); REPLAY_ROUNDS (2), REPLAY_TURNS (3000); REPLAY_SCRIPTS (tests/pg-turn.sql)
#   replayed after the run, each labelled by its file name (SCRIPT.sql@pollute: with tests/pg-pollute.c beside it).
# Both sides load pg_stat_statements (track = all, track_planning = on, track_io_timing = on): their CPU figures include
# its cost, the same on both sides. Time it under cpu-exclusive (a run ~1 min, a replay round ~10 s a script).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(mktemp -d /tmp/pg-turn-statements-XXXXXX)}"; mkdir -p "$dir"
sides="${PG_TURN_SIDES:-run replay}"
if [[ " $sides " == *" run "* ]]; then
  SPEED_DATABASE=postgresql SPEED_QUESTIONNAIRES="${SPEED_QUESTIONNAIRES:-10}" SPEED_PG_SAMPLE=1 SPEED_KEEP="$dir/run" \
    SPEED_PG_OPTIONS="-c pg_stat_statements.track_planning=on -c track_io_timing=on ${SPEED_PG_OPTIONS:-}" \
    tests/speed.sh turn | tee "$dir/run.txt"
fi
if [[ " $sides " == *" replay "* ]]; then
  read -ra scripts <<<"${REPLAY_SCRIPTS:-tests/pg-turn.sql}"
  REPLAY_HOST_DLL="${REPLAY_HOST_DLL:-${SPEED_HOST_DLL:-bot/bin/Release/net10.0/Regin.Bot.dll}}" REPLAY_STATEMENTS=1 \
    REPLAY_KEEP="$dir/replay" REPLAY_ROUNDS="${REPLAY_ROUNDS:-2}" tests/pg-turn-replay.sh "${scripts[@]}" | tee "$dir/replay.txt"
fi
python3 - "$dir" "${REPLAY_TURNS:-3000}" <<'PY'
import csv, os, re, sys, statistics as st
folder, replay_turns = sys.argv[1], int(sys.argv[2])
# A statement by what it does (the run's texts have $n parameters, the replay's constants).
kinds = [
    ("BEGIN", r"^BEGIN"), ("lock and commit setting", r"pg_advisory_xact_lock"),
    ("practice's stamp (UPDATE practices)", r"UPDATE practices SET \"ConcurrencyStamp\""),
    ("answer (INSERT answers, its trigger)", r"^INSERT INTO answers"), ("log line (INSERT practice_events)", r"^INSERT INTO practice_events"),
    ("chat state (UPDATE chat_state)", r"UPDATE chat_state"), ("raw input (INSERT raw_inputs)", r"INSERT INTO raw_inputs"),
    ("kept state rows' check", r"FROM chat_state WHERE \(\"Key\"|regin_expect_rows\(\(\(SELECT count\(\*\) FROM chat_state"), ("open draft's check", r"regin_expect_rows\(count\(\*\), .* FROM \(SELECT p\.\"Id\", p\.\"ConcurrencyStamp\" FROM practices AS p WHERE p\.\"Id\" IN \(SELECT i"), ("COMMIT", r"^COMMIT"),
    ("  foreign keys' FOR KEY SHARE (nested)", r"FOR KEY SHARE"), ("  search mark (nested)", r"INTO practice_search_stale"),
    ("  codes (nested)", r"INTO \"practice_codes\""),
]
def load(path, label_filter=None):
    rows = {}
    if not os.path.exists(path): return rows
    for r in csv.DictReader(open(path), delimiter="\t"):
        if label_filter and not label_filter(r["run"]): continue
        for name, rx in kinds:
            if re.search(rx, r["statement"]):
                a = rows.setdefault((r["run"], name), [0, 0.0, 0, 0.0, 0, 0, 0, 0, float("inf")])
                for i, k in enumerate(["calls", "total_ms", "plans", "plan_ms", "wal_records", "wal_bytes", "wal_fpi", "blks_hit"]):
                    a[i] += float(r[k] or 0)
                a[8] = min(a[8], float(r.get("min_us") or "inf"))
                break
    return rows
def turns_of_run(text):
    m = re.search(r"every chat turn\s*\|\s*(\d+)", text)
    return int(m.group(1)) if m else None
def cpu_of_run(text):
    m = re.search(r"sessions: the one serving the call\s*\|\s*[\d.]+\s*\|\s*([\d.]+)", text)
    return m.group(1) if m else "?"
run_text = open(os.path.join(folder, "run.txt")).read() if os.path.exists(os.path.join(folder, "run.txt")) else ""
run_turns = turns_of_run(run_text)
run = load(os.path.join(folder, "run", "statements.tsv"))
replay = load(os.path.join(folder, "replay", "statements.tsv"))
sides = []
if run and run_turns:
    label = sorted({k[0] for k in run})[-1]
    sides.append((f"run ({run_turns} turns)", {n: v for (l, n), v in run.items() if l == label}, run_turns))
by_script = {}
for (label, name), v in replay.items():
    rnd, script = label.split(" ", 1)
    by_script.setdefault(script, {}).setdefault(rnd, {})[name] = v
for script, rounds in by_script.items():
    merged = {}
    for rnd in rounds.values():
        for name, v in rnd.items():
            m = merged.setdefault(name, [0] * 8 + [float("inf")])
            for i in range(8): m[i] += v[i]
            m[8] = min(m[8], v[8])
    sides.append((f"replay {os.path.basename(script)} ({len(rounds)}×{replay_turns})", merged, replay_turns * len(rounds)))
print("\n| statement | " + " | ".join(s[0] for s in sides) + " |")
print("|---|" + "---|" * len(sides))
print("| (per statement: calls a turn, plans; mean exec µs, its minimum (mean plan µs); blocks hit, WAL records, WAL bytes a call; full-page images) |" + " |" * len(sides))
for name, _ in kinds:
    cells = []
    for _, rows, turns in sides:
        v = rows.get(name)
        if not v or not v[0]: cells.append("–"); continue
        calls = v[0]
        low = f", min {v[8]:.0f}" if v[8] != float("inf") else ""
        cells.append(f"{calls / turns:.2f}, {int(v[2])} plans; **{v[1] * 1000 / calls:.0f}**{low} ({v[3] * 1000 / calls:.1f}) µs; "
                     f"{v[7] / calls:.1f} hit, {v[4] / calls:.2f} rec, {v[5] / calls:.0f} B; {int(v[6])} FPI")
    print(f"| {name} | " + " | ".join(cells) + " |")
tops = []
for _, rows, turns in sides:
    tops.append(sum(v[1] for n, v in rows.items() if not n.startswith("  ")) * 1000 / turns)
print("| top-level statements' execution a turn, µs | " + " | ".join(f"{t:.0f}" for t in tops) + " |")
print(f"\nserver CPU a turn, serving session (run): {cpu_of_run(run_text)} ms; the replay's runs: {os.path.join(folder, 'replay.txt')}")
PY
