#!/usr/bin/env python3
# Session 45 (sqlpages45, issue 12): what one more page costs a SQLite WAL commit. 14 one-row UPDATEs a transaction,
# all on one page (one table) against each on a table of its own (14 pages): the same statements, the same rows.
# Python's sqlite3 (not the host's e_sqlite3), WAL, synchronous=NORMAL, 4 KiB pages, the log checkpointed with TRUNCATE
# every 500 transactions (so the log file grows again after each: the host's log restarts without shrinking, cheaper).
# Usage: /work/bin/cpu-exclusive python3 tests/sqlite-page-cost.py   (~30 s; the file PAGECOST_DB, default /tmp/sqlite-page-cost.db)
import sqlite3, time, os, sys, statistics
path = os.environ.get("PAGECOST_DB", "/tmp/sqlite-page-cost.db")
for s in ("", "-wal", "-shm"):
    try: os.remove(path + s)
    except FileNotFoundError: pass
con = sqlite3.connect(path, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL"); con.execute("PRAGMA synchronous=NORMAL"); con.execute("PRAGMA wal_autocheckpoint=0")
for i in range(14):
    con.execute(f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, v TEXT)")
    con.executemany(f"INSERT INTO t{i} VALUES (?, ?)", [(k, "x" * 100) for k in range(14)])
one = [("UPDATE t0 SET v = ? WHERE id = ?", k) for k in range(14)]
many = [(f"UPDATE t{k} SET v = ? WHERE id = 0", None) for k in range(14)]
def run(stmts, n):
    t = time.perf_counter_ns()
    for j in range(n):
        con.execute("BEGIN IMMEDIATE")
        for sql, k in stmts:
            con.execute(sql, (str(j) * 3, k) if k is not None else (str(j) * 3,))
        con.execute("COMMIT")
        if j % 500 == 499: con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return (time.perf_counter_ns() - t) / n / 1000
res = {"one page": [], "14 pages": []}
for r in range(6):
    res["one page"].append(run(one, 2000)); res["14 pages"].append(run(many, 2000))
for k, v in res.items(): print(k, "µs a transaction, median", round(statistics.median(v), 1), [round(x, 1) for x in v])
d = statistics.median(res["14 pages"]) - statistics.median(res["one page"])
print("difference", round(d, 1), "µs: a page", round(d / 13, 2), "µs")
