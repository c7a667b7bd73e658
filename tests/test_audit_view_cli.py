"""`casebook audit`: the filtered audit trail as a PDF, for IT, from the command line."""

from __future__ import annotations

import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.services import audit, cases
from app.services.audit_view import audit_trail
from app.services.workspace import Workspace, unlock
from tests.conftest import DSL, PASSWORD
from tests.helpers.cli import casebook_here


def _trail(db: Path, tmp_path: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    return casebook_here("audit", "--db", db, "--user", DSL, "--password-file", pw, *extra)


def _one_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def closed(ws: Workspace, db_path: Path) -> tuple[Path, str]:
    """A database with one case viewed today, closed for the command to open; its reference."""
    case = cases.create_case(ws)
    cases.load_case(ws, case.id)
    ws.close()
    return db_path, case.reference


def test_the_trail_for_a_day_and_a_case_is_saved_and_logged(
    closed: tuple[Path, str], tmp_path: Path
) -> None:
    db, reference = closed
    today = f"{date.today():%d/%m/%Y}"
    out = tmp_path / "out" / "trail.pdf"
    result = _trail(db, tmp_path, "--from", today, "--to", today, "--case", reference, "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Wrote the audit trail (filter: case {reference}; on {today}) to {out}.",
        "The PDF is not encrypted: keep it safe and delete it when it is no longer needed.",
    ]
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(BytesIO(out.read_bytes())).pages
    )
    assert f"Filter: case {reference}; on {today}. 2 of" in text and "Page 1 of 1" in text
    ws = unlock(db, DSL, PASSWORD)
    try:
        last = audit_trail(ws)[0][-2]  # the last is this sign-in
        assert last.action == audit.Action.EXPORTED
        assert last.detail.startswith("audit trail, 2 of ")
        assert last.detail.endswith(f"; filter: case {reference}; on {today}")
    finally:
        ws.close()


@pytest.mark.parametrize(
    "extra,message",
    [
        (
            ("--from", "31/02/2025"),
            "casebook: From: 31/02/2025 is not a real date. Check the day and the month.",
        ),
        (
            ("--from", "05/03/2026", "--to", "01/03/2026"),
            "casebook: The From date, 05/03/2026, is after the To date, 01/03/2026. Swap them, "
            "or clear one to leave that end open.",
        ),
        (
            ("--case", "Anna Nowak"),
            "casebook: The Case reference filter holds something that is not a case reference. "
            "Clear it, or type a reference such as 2026-0012, then print again.",
        ),
    ],
)
def test_a_bad_filter_is_refused_before_the_password_and_changes_nothing(
    closed: tuple[Path, str], tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    db, _reference = closed
    before = _files(db.parent)
    out = tmp_path / "trail.pdf"
    result = casebook_here("audit", "--db", db, "--user", DSL, *extra, "--out", out)  # no password
    assert _one_error(result) == message
    assert "Anna" not in result.stderr  # a name given by mistake is never repeated
    assert not out.exists()
    assert _files(db.parent) == before
