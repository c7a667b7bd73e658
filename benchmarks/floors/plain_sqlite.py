"""Floor for the listing: the same queries on an unencrypted copy, stdlib sqlite3.

The connection gets the settings Casebook's own connection has (WAL, FULL sync,
secure delete, foreign keys, busy timeout), then runs each statement once.

    plain_sqlite.py DB < SQL-JSON    # JSON: open_ms, query_ms, rows (each statement's count)
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time

SETTINGS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
)

query = json.loads(sys.stdin.readline())
start = time.perf_counter()
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
for setting in SETTINGS:
    conn.execute(setting).fetchall()
opened = time.perf_counter()
rows = [len(conn.execute(sql).fetchall()) for sql in query["statements"]]
done = time.perf_counter()
conn.close()
print(
    json.dumps({"open_ms": (opened - start) * 1e3, "query_ms": (done - opened) * 1e3, "rows": rows})
)
