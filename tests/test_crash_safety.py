"""A writer killed with SIGKILL mid-burst loses nothing it reported as saved.

The child (tests/helpers/burst_writer.py) prints a line only after a commit has
returned; the parent kills it without warning, then opens the database as the
app would next morning. Every reported write must be there, whole, and the
database and its audit chain must verify as sound.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.models import CaseStatus
from app.services import cases, queries
from app.services.verify import verify
from app.services.workspace import Workspace, unlock
from tests.conftest import DSL, PASSWORD, copy_database
from tests.helpers import burst_writer
from tests.helpers.killed import kill_and_read_rest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]

REPO = Path(__file__).resolve().parent.parent
WRITER = REPO / "tests" / "helpers" / "burst_writer.py"
WATCHDOG_SECONDS = 30


@pytest.fixture
def closed_db(tmp_path: Path, dsl_template: tuple[Path, str]) -> Path:
    db = tmp_path / "school" / "casebook.db"
    copy_database(dsl_template[0], db)
    return db


def start_writer(mode: str, db: Path, tmp_path: Path) -> subprocess.Popen[str]:
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    env = {**os.environ, "CASEBOOK_KDF": "fast", "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), mode, str(db), DSL, str(pw)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after(proc: subprocess.Popen[str], wanted: int, delay: float) -> list[str]:
    """Read lines until `wanted` have arrived, SIGKILL the writer, return every line it
    finished printing (including those still in the pipe when it died)."""
    watchdog = threading.Timer(WATCHDOG_SECONDS, proc.kill)  # a hung child ends the read
    watchdog.start()
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        while len(lines) < wanted:
            line = proc.stdout.readline()
            if not line:
                _, err = proc.communicate()
                pytest.fail(f"writer stopped early after {len(lines)} lines: {err[-2000:]}")
            lines.append(line)
        if delay:
            time.sleep(delay)
        rest, err = kill_and_read_rest(proc, WATCHDOG_SECONDS)
    finally:
        watchdog.cancel()
    assert proc.returncode == -signal.SIGKILL, err  # killed mid-burst, not finished or crashed
    lines.extend(rest.splitlines(keepends=True))
    # A line cut off by the kill was never fully reported.
    return [line.rstrip("\n") for line in lines if line.endswith("\n")]


def reopen_and_verify(db: Path) -> Workspace:
    # The kill left the write-ahead log behind: the next open must recover from it.
    assert db.with_name(db.name + "-wal").exists()
    ws = unlock(db, DSL, PASSWORD)
    report = verify(ws)
    assert report.sound, report.problems
    return ws


@pytest.mark.parametrize(
    ("wanted", "delay"),
    [(20, 0.0), (24, 0.003), (31, 0.011)],
    ids=["at-20", "after-24", "after-31"],
)
def test_killed_while_writing_cases_loses_nothing_reported(
    closed_db: Path, tmp_path: Path, wanted: int, delay: float
) -> None:
    proc = start_writer("cases", closed_db, tmp_path)
    reported = dict(line.split() for line in kill_after(proc, wanted, delay))
    assert len(reported) >= wanted

    ws = reopen_and_verify(closed_db)
    try:
        stored = {c.reference: c for c in queries.list_cases(ws)}
        missing = set(reported) - set(stored)
        assert not missing, f"reported as saved but gone after the kill: {sorted(missing)}"
        # At most one case was in flight when the writer died.
        assert len(stored) - len(reported) in (0, 1)
        for reference, n in reported.items():
            line = stored[reference]
            assert line.status == CaseStatus.OPEN
            record = cases.load_case(ws, line.id, audit_view=False)
            assert record.case.summary == burst_writer.summary(int(n))
            assert [a.description for a in record.rows("actions")] == [burst_writer.action(int(n))]
            assert cases.draft_pages(ws, line.id) == {
                "what-happened": burst_writer.draft_fields(int(n))
            }
    finally:
        ws.close()


@pytest.mark.parametrize("wanted", [40, 75])
def test_killed_while_typing_keeps_the_last_autosave(
    closed_db: Path, tmp_path: Path, wanted: int
) -> None:
    proc = start_writer("typing", closed_db, tmp_path)
    lines = kill_after(proc, wanted, 0.0)
    case_id = int(lines[0].split()[1])
    saves = [int(line) for line in lines[1:]]
    assert saves == list(range(1, len(saves) + 1))
    last = saves[-1]

    ws = reopen_and_verify(closed_db)
    try:
        pages = cases.draft_pages(ws, case_id)
    finally:
        ws.close()
    assert set(pages) == {"account"}
    kept = pages["account"]
    # The last reported save is there; the kill may have come after one more commit
    # but before its line was printed.
    assert kept["n"] in (last, last + 1)
    assert kept == burst_writer.typed_fields(kept["n"])
