"""The case listing cold: SQLCipher against plain SQLite, and the app's own call.

The listing is the one the dashboard ships: `dashboard.case_rows`, which the
dashboard's background read (app.ui.dashboard.loader) runs for every case.

listing_cold_ratio: its SQL (captured as sent, parameters bound) run once in a
fresh process on Casebook's own SQLCipher connection, opening included, against
the same SQL on an unencrypted copy (made with sqlcipher_export in the run's
temporary folder, deleted straight after) with stdlib sqlite3 and the same
settings. The file is in the OS page cache for both; what differs is the
decryption of every page the first queries read.

case_rows: the service call itself (session, SQL, row objects) as the first
listing after signing in, against the raw queries on a cold connection.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME, database_files, database_key
from benchmarks.registry import Context, Figure, benchmark, median


def captured_queries(db: Path, call: Callable[[Any], object]) -> dict[str, list[str]]:
    """The SELECTs that `call(ws)` sends to the database, in order, exactly as sent
    (parameters bound: the driver's trace gives the statement as it runs)."""
    from sqlalchemy import event

    from app.services.workspace import unlock

    seen: list[str] = []

    def trace(statement: str) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    def checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.set_trace_callback(trace)

    ws = unlock(db, USERNAME, PASSWORD)
    try:
        event.listen(ws.engine, "checkout", checkout)
        call(ws)
    finally:
        ws.close()
    if not seen:
        raise RuntimeError("the listing sent no SELECT")
    return {"statements": seen}


@contextlib.contextmanager
def plain_copy(db: Path, key: bytes, dest: Path) -> Iterator[Path]:
    """An unencrypted copy of the (fictional) training database, deleted afterwards."""
    try:
        conn = sqlcipher3.connect(str(db), isolation_level=None)
        try:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(dest),))
            conn.execute("SELECT sqlcipher_export('plain')").fetchall()
            conn.execute("DETACH DATABASE plain")
        finally:
            conn.close()
        yield dest
    finally:
        for f in database_files(dest):
            f.unlink(missing_ok=True)


@benchmark("lists", "listing_cold_ratio_{size}", "case_rows_{size}_ms")
def lists(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    for size in ctx.sizes:
        figures.extend(listing(ctx, size))
    return figures


def listing(ctx: Context, size: str) -> list[Figure]:
    from app.services import dashboard

    db = ctx.fx.training(size)
    key = database_key(db)
    query = json.dumps(captured_queries(db, dashboard.case_rows)).encode() + b"\n"
    secret = f"{PASSWORD}\n".encode()
    with plain_copy(db, key, ctx.fx.scratch(f"plain-{size}.sqlite")) as plain:
        cipher, bare, app = proc.alternate(
            ctx.samples,
            lambda: proc.probe(
                "listing", "cipher", str(db), stdin=key.hex().encode() + b"\n" + query
            ).result(),
            lambda: proc.floor("plain_sqlite.py", str(plain), stdin=query).result(),
            lambda: proc.probe("listing", "app", str(db), USERNAME, stdin=secret).result(),
        )
    # Each statement's row count, encrypted and plain; one of them read the cases listed.
    if cipher[0]["rows"] != bare[0]["rows"] or app[0]["rows"] not in cipher[0]["rows"]:
        raise RuntimeError("the encrypted and plain listings found different rows")
    cold = [c["open_ms"] + c["query_ms"] for c in cipher]
    query_ms = median([c["query_ms"] for c in cipher])
    plain_query_ms = median([b["query_ms"] for b in bare])
    service = [a["ms"] for a in app]
    return [
        Figure(
            f"listing_cold_ratio_{size}",
            median(cold),
            "ms",
            median([b["open_ms"] + b["query_ms"] for b in bare]),
            1.3,
            "ratio",
            samples=cold,
            note=(
                f"{app[0]['rows']:,} cases; open + first queries; the queries alone "
                f"{query_ms:.1f} vs {plain_query_ms:.1f} ms ({query_ms / plain_query_ms:.2f}x); "
                f"SQLite {sqlcipher3.sqlite_version} (SQLCipher) vs "
                f"{sqlite3.sqlite_version} (stdlib)"
            ),
        ),
        Figure(
            f"case_rows_{size}_ms",
            median(service),
            "ms",
            query_ms,
            50,
            samples=service,
            note="first call after signing in; floor: the same SQL, a raw connection's first run",
        ),
    ]
