#!/usr/bin/env bash
# Session 45 (issue 12, sqlpages45): the pages a SQLite chat turn writes, by b-tree. Starts the bot host on a fresh
# SQLite file with its checkpointer held off for the run (Database:Sqlite:CheckpointPause and CheckpointLongestWait at
# their longest, a minute: every page the turns write stays in the write-ahead log), plays PAGES_QUESTIONNAIRES whole
# questionnaires through the turn driver (tests/Regin.DirectLine.Load, --scenario turn), copies the database and its log
# while the host still runs (a last connection's close would checkpoint and delete the log), then reads the log's frames:
# each transaction (frames up to a commit frame), its pages named by their b-tree (SQLite's dbstat on the copy: a table,
# an index, sqlite_sequence). Prints the frames a transaction, the most frequent transaction shapes (an ordinary answer
# turn is the most frequent) and all frames by b-tree.
# Usage: tests/sqlite-turn-pages.sh [HOST_DLL] [DIR]   (HOST_DLL: default this checkout's Release build, not built here;
# DIR: where the copy and the logs stay, default a temporary folder; PAGES_QUESTIONNAIRES=1, PAGES_SHAPES=8).
# A run of one questionnaire takes a few seconds: over a minute the checkpointer would start copying.
set -euo pipefail
cd "$(dirname "$0")/.."
dll="${1:-bot/bin/Release/net10.0/Regin.Bot.dll}"
dir="${2:-$(mktemp -d /tmp/sqlite-turn-pages-XXXXXX)}"
load_dll="${PAGES_LOAD_DLL:-tests/Regin.DirectLine.Load/bin/Release/net10.0/Regin.DirectLine.Load.dll}"
[ -f "$load_dll" ] || dotnet build -c Release -v q -nologo tests/Regin.DirectLine.Load >/dev/null
mkdir -p "$dir"; rm -rf "$dir/copy" "$dir"/regin.db*
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
secret="pages-$(python3 -c "import secrets; print(secrets.token_hex(16))")"
token="pages-api-$(python3 -c "import secrets; print(secrets.token_hex(16))")"
export ConnectionStrings__Regin="Data Source=$dir/regin.db" DirectLine__Secret="$secret" DirectLine__PostsPerMinute=1000000 \
  DirectLine__StartsPerMinute=1000000 Review__ApiTokens__0="$token" Logging__LogLevel__Default=Warning Chat__NotificationPollSeconds=0 \
  Telemetry__Exporter=None Chat__AllowAnonymous=true Chat__AllowedServiceUrls__0=https://load.invalid/ Hosting__RequestsPerMinute=1000000 \
  Database__Sqlite__CheckpointPause=00:01:00 Database__Sqlite__CheckpointLongestWait=00:01:00
dotnet "$dll" --urls "http://127.0.0.1:$port" >"$dir/host.log" 2>&1 &
host=$!
trap 'kill $host 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; kill -0 $host; sleep 0.1; done
dotnet "$load_dll" --url "http://127.0.0.1:$port" --secret "$secret" --scenario turn --questionnaires "${PAGES_QUESTIONNAIRES:-1}" \
  --api-token "$token" >"$dir/load.log" 2>&1 || { tail -20 "$dir/load.log"; exit 1; }
mkdir -p "$dir/copy"; cp "$dir/regin.db" "$dir/regin.db-wal" "$dir/copy/"
kill $host; wait $host 2>/dev/null || true
grep -E "questionnaires,|every chat turn" "$dir/load.log" || true
python3 - "$dir/copy" "${PAGES_SHAPES:-8}" <<'PY'
import collections, os, sqlite3, struct, sys
folder, shapes_shown = sys.argv[1], int(sys.argv[2])
wal = open(os.path.join(folder, "regin.db-wal"), "rb").read()
_, _, page_size, _, salt1, salt2, _, _ = struct.unpack(">8I", wal[:32])
frames, at = [], 32
while at + 24 + page_size <= len(wal):
    page, commit, s1, s2 = struct.unpack(">4I", wal[at:at + 16])
    if (s1, s2) != (salt1, salt2):
        break
    frames.append((page, commit))
    at += 24 + page_size
# The copy's pages by b-tree (the copy reads its log: the pages as the last frames left them). Closing this connection
# checkpoints the copy's log into the copy (the frames were read first).
con = sqlite3.connect(os.path.join(folder, "regin.db"))
owner = dict((page, name) for name, page in con.execute("SELECT name, pageno FROM dbstat"))
transactions, current = [], []
for page, commit in frames:
    current.append(page)
    if commit:
        transactions.append(current)
        current = []
print(f"page size {page_size}; {len(frames)} frames in {len(transactions)} transactions")
print("frames a transaction (frames: transactions):", ", ".join(f"{k}: {v}" for k, v in sorted(collections.Counter(map(len, transactions)).items())))
shapes = collections.Counter(tuple(sorted(collections.Counter(owner.get(p, f"page {p}") for p in t).items())) for t in transactions)
for shape, count in shapes.most_common(shapes_shown):
    print(f"{count} x {sum(n for _, n in shape)} frames: " + ", ".join(f"{name} {n}" for name, n in shape))
every = collections.Counter(owner.get(p, f"page {p}") for t in transactions for p in t)
print("all frames by b-tree: " + ", ".join(f"{name} {n}" for name, n in every.most_common()))
PY
