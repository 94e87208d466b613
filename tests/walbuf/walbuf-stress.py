#!/usr/bin/env python3
"""walbuf.c's multi-process check (session 49): several processes commit to one SQLite WAL file with the shim
preloaded, each reading after every commit, in one read transaction, a row count and a counter that every commit keeps
equal; the file's integrity and the totals are checked at the end. Python's sqlite3 is the system libsqlite3, so:
    gcc -O2 -shared -fPIC -o /tmp/walbuf.so tests/walbuf/walbuf.c -ldl -lpthread
    tests/walbuf/walbuf-stress.py /tmp/walbuf.so [processes=3] [commits=3000]
"""
import os
import sqlite3
import subprocess
import sys
import tempfile


def writer(path: str, who: str, commits: int) -> None:
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute('PRAGMA synchronous=NORMAL')
    seen = 0
    for i in range(commits):
        db.execute('BEGIN IMMEDIATE')
        db.execute('INSERT INTO t(who, i, pad) VALUES (?, ?, ?)', (who, i, os.urandom(300)))
        db.execute('UPDATE c SET n = n + 1')
        db.execute('COMMIT')
        db.execute('BEGIN')
        rows = db.execute('SELECT COUNT(*) FROM t').fetchone()[0]
        total = db.execute('SELECT n FROM c').fetchone()[0]
        db.execute('COMMIT')
        assert rows == total and rows >= seen, (who, i, rows, total, seen)
        seen = rows
        if i % 500 == 0:
            db.execute('PRAGMA wal_checkpoint(PASSIVE)')


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == '--writer':
        writer(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    shim = os.path.abspath(sys.argv[1])
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    commits = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    folder = tempfile.mkdtemp(prefix='walbuf-stress-')
    path = os.path.join(folder, 's.db')
    db = sqlite3.connect(path)
    db.execute('PRAGMA journal_mode=WAL')
    db.executescript('CREATE TABLE t(id INTEGER PRIMARY KEY, who, i, pad); CREATE INDEX ti ON t(who, i);'
                     'CREATE TABLE c(n); INSERT INTO c VALUES (0);')
    db.close()
    library = '/usr/lib/x86_64-linux-gnu/libsqlite3.so.0'  # the system SQLite, Python's (WALBUF_SQLITE: another path)
    env = dict(os.environ, LD_PRELOAD=shim, WALBUF_SQLITE=os.environ.get('WALBUF_SQLITE', library), WALBUF_REPORT='1')
    runs = [subprocess.Popen([sys.executable, __file__, '--writer', path, str(n), str(commits)], env=env) for n in range(processes)]
    failed = [run.wait() for run in runs]
    db = sqlite3.connect(path)
    integrity = db.execute('PRAGMA integrity_check').fetchone()[0]
    rows, total = db.execute('SELECT COUNT(*), (SELECT n FROM c) FROM t').fetchone()
    print(f'writers exit {failed}, integrity {integrity}, rows {rows}, counter {total}, expected {processes * commits}')
    sys.exit(0 if not any(failed) and integrity == 'ok' and rows == total == processes * commits else 1)


if __name__ == '__main__':
    main()
