"""Floor for saving: the same bytes written durably with stdlib sqlite3.

A plain (unencrypted) SQLite file with Casebook's durability settings (WAL,
synchronous=FULL, secure delete): one transaction replacing one row's JSON,
committed with its fsync.

    plain_write.py DB REPEATS < page-JSON    # JSON: samples_ms (the first one first)
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from typing import Any


def open_db(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for setting in ("journal_mode = WAL", "synchronous = FULL", "secure_delete = ON"):
        conn.execute(f"PRAGMA {setting}").fetchall()
    conn.execute("CREATE TABLE IF NOT EXISTS pages (id INTEGER PRIMARY KEY, data TEXT)")
    return conn


def save(conn: sqlite3.Connection, page: dict[str, Any]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO pages (id, data) VALUES (1, ?)", (json.dumps(page),))
    conn.execute("COMMIT")


if __name__ == "__main__":
    page = json.loads(sys.stdin.readline())
    conn = open_db(sys.argv[1])
    samples = []
    for n in range(int(sys.argv[2])):
        page["revision"] = n  # a changed page each time, as when still typing
        start = time.perf_counter()
        save(conn, page)
        samples.append((time.perf_counter() - start) * 1e3)
    print(json.dumps({"samples_ms": samples}))
