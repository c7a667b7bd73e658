"""Case lists on the 10 000-case database, and what encryption costs them."""

from __future__ import annotations

import contextlib
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import event

from app import store
from app.services import queries
from app.services.workspace import Workspace
from app.textfold import fold
from benchmarks.fixtures import Fixtures
from benchmarks.registry import Measurement, benchmark, time_calls

# Read from the app's own SQLCipher connection and set the same on the plain one.
MATCHED_PRAGMAS = (
    "journal_mode",
    "synchronous",
    "secure_delete",
    "foreign_keys",
    "busy_timeout",
    "cache_size",
    "mmap_size",
    "temp_store",
)
RATIO_WARMUP = 3
RATIO_REPEATS = 25
COLD_REPEATS = 7


@benchmark("list_open_cases_10k_ms", unit="ms", target=50)
def list_open_cases_10k(fx: Fixtures) -> Measurement:
    """queries.list_open_cases end to end (session, SQL, row objects)."""
    ws = fx.training()
    rows = len(queries.list_open_cases(ws))
    samples = time_calls(lambda: queries.list_open_cases(ws), repeats=20, warmup=2)
    return Measurement.median_of(samples, note=f"{rows:,} open or monitoring cases listed")


def captured_sql(ws: Workspace, call: Callable[[], object]) -> tuple[str, tuple[Any, ...]]:
    """The one SELECT that `call` sends to the database, exactly as sent."""
    seen: list[tuple[str, tuple[Any, ...]]] = []

    def listen(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, tuple(parameters or ())))

    event.listen(ws.engine, "before_cursor_execute", listen)
    try:
        call()
    finally:
        event.remove(ws.engine, "before_cursor_execute", listen)
    if len(seen) != 1:
        raise RuntimeError(f"expected one SELECT, saw {len(seen)}: {[s for s, _ in seen]}")
    return seen[0]


def _remove_database(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


@contextlib.contextmanager
def plain_copy(ws: Workspace, dest: Path) -> Iterator[Path]:
    """An unencrypted copy of the (fictional) training database, deleted afterwards."""
    try:
        conn = sqlcipher3.connect(str(ws.path), isolation_level=None)
        try:
            conn.execute(f"PRAGMA key = \"x'{ws.database_key().hex()}'\"")
            conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(dest),))
            conn.execute("SELECT sqlcipher_export('plain')").fetchall()
            conn.execute("DETACH DATABASE plain")
        finally:
            conn.close()
        yield dest
    finally:
        _remove_database(dest)


def _pragmas(conn: Any) -> dict[str, Any]:
    return {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in MATCHED_PRAGMAS}


def _open_plain(path: Path, pragmas: dict[str, Any], module: Any = sqlite3) -> Any:
    conn = module.connect(str(path), check_same_thread=False, isolation_level=None)
    for name, value in pragmas.items():
        conn.execute(f"PRAGMA {name} = {value}").fetchall()
    conn.create_function("fold", 1, fold, deterministic=True)
    got = _pragmas(conn)
    if got != pragmas:
        raise RuntimeError(f"pragmas differ: SQLCipher {pragmas}, plain {got}")
    return conn


def _timed_fetch(conn: Any, sql: str, params: tuple[Any, ...]) -> tuple[float, list[Any]]:
    start = time.perf_counter()
    rows = conn.execute(sql, params).fetchall()
    return (time.perf_counter() - start) * 1_000, rows


def _interleaved(
    conns: dict[str, Any], sql: str, params: tuple[Any, ...]
) -> dict[str, list[float]]:
    """Run the query on each connection in turn, so drift hits them all alike."""
    expected: list[Any] | None = None
    samples: dict[str, list[float]] = {name: [] for name in conns}
    for i in range(RATIO_WARMUP + RATIO_REPEATS):
        for name, conn in conns.items():
            ms, rows = _timed_fetch(conn, sql, params)
            if expected is None:
                expected = rows
            elif rows != expected:
                raise RuntimeError(f"{name} returned different rows")
            if i >= RATIO_WARMUP:
                samples[name].append(ms)
    return samples


def _cold_ms(open_conn: Callable[[], Any], sql: str, params: tuple[Any, ...]) -> float:
    """Median time of the query as the first one on a new connection (empty page cache)."""
    samples = []
    for _ in range(COLD_REPEATS):
        conn = open_conn()
        try:
            samples.append(_timed_fetch(conn, sql, params)[0])
        finally:
            conn.close()
    return statistics.median(samples)


@benchmark("sqlcipher_vs_sqlite_ratio", unit="ratio", target=1.5)
def sqlcipher_vs_sqlite(fx: Fixtures) -> Measurement:
    """list_open_cases' SQL on the encrypted file vs a plain SQLite copy of it."""
    ws = fx.training()
    sql, params = captured_sql(ws, lambda: queries.list_open_cases(ws))
    with plain_copy(ws, fx.scratch("training-plain.sqlite")) as plain:
        cipher = store._open_connection(ws.path, ws.database_key())
        pragmas = _pragmas(cipher)
        stdlib = _open_plain(plain, pragmas)
        # Control: the plain copy read by SQLCipher's own (newer) SQLite, no key.
        same_engine = _open_plain(plain, pragmas, module=sqlcipher3)
        try:
            s = _interleaved(
                {"sqlcipher": cipher, "sqlite3": stdlib, "same_engine": same_engine}, sql, params
            )
        finally:
            for conn in (cipher, stdlib, same_engine):
                conn.close()
        # Context: the first listing on a fresh connection, when every page is decrypted.
        cold_cipher = _cold_ms(
            lambda: store._open_connection(ws.path, ws.database_key()), sql, params
        )
        cold_plain = _cold_ms(lambda: _open_plain(plain, pragmas), sql, params)
    med = {name: statistics.median(v) for name, v in s.items()}
    ratio = med["sqlcipher"] / med["sqlite3"]
    per_run = [c / p for c, p in zip(s["sqlcipher"], s["sqlite3"], strict=True)]
    note = (
        f"SQLCipher {med['sqlcipher']:.2f} ms vs stdlib sqlite3 {med['sqlite3']:.2f} ms "
        f"(SQLite {sqlcipher3.sqlite_version} vs {sqlite3.sqlite_version}); "
        f"plain copy via SQLCipher's own SQLite {med['same_engine']:.2f} ms, "
        f"ratio {med['sqlcipher'] / med['same_engine']:.2f}; cold page cache: "
        f"{cold_cipher:.2f} vs {cold_plain:.2f} ms, ratio {cold_cipher / cold_plain:.2f}"
    )
    return Measurement(ratio, per_run, note)
