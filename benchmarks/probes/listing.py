"""The case listing's first queries in a fresh process.

python -m benchmarks.probes.listing cipher DB < "KEYHEX\\nSQL-JSON"
    the app's own SQLCipher connection (store._open_connection), opened and
    each statement run once: JSON open_ms, query_ms, rows (each statement's count)
python -m benchmarks.probes.listing app DB USER < password
    signed in (not timed), then dashboard.case_rows' first call: JSON ms, rows
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def cipher(db: Path, key: bytes, statements: list[str]) -> dict[str, Any]:
    from app.long_lived import freeze_loaded
    from app.storage import store

    # As in Casebook, where what is loaded by then is out of the cycle collector
    # (app.ui.app.warm_up, app.cli): else a full collection of the SQLAlchemy that
    # `store` imports lands in the first fetch and is counted as decryption.
    freeze_loaded()
    start = time.perf_counter()
    conn = store._open_connection(db, key)
    opened = time.perf_counter()
    rows = [len(conn.execute(sql).fetchall()) for sql in statements]
    done = time.perf_counter()
    conn.close()
    return {"open_ms": (opened - start) * 1e3, "query_ms": (done - opened) * 1e3, "rows": rows}


def app(db: Path, username: str, password: str) -> dict[str, float]:
    from app.services import dashboard
    from benchmarks.probes import signed_in_as_in_the_window

    ws = signed_in_as_in_the_window(db, username, password)
    try:
        start = time.perf_counter()
        rows = dashboard.case_rows(ws)
        ms = (time.perf_counter() - start) * 1e3
    finally:
        ws.close()
    return {"ms": ms, "rows": len(rows)}


if __name__ == "__main__":
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "cipher":
        key_hex = sys.stdin.readline().strip()
        query = json.loads(sys.stdin.readline())
        print(json.dumps(cipher(path, bytes.fromhex(key_hex), query["statements"])))
    else:
        print(json.dumps(app(path, sys.argv[3], sys.stdin.readline().rstrip("\n"))))
