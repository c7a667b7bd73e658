"""The audit trail on paper: the entries shown, the filter, the marking, and its own entry."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import printing
from app.errors import InvalidInput, NotAllowed
from app.services import accounts, audit, cases, dashboard, settings
from app.services.audit_view import TrailFilter, audit_trail, date_range
from app.services.workspace import Workspace, unlock
from app.training import create_training_database
from tests.conftest import DSL_NAME, PASSWORD

TRICKY = "<b>O'Brien & Zoë</b>"
DEPUTY_PASSWORD = "Lighthouse meadow 17"


def _at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> str:
    """The stored (UTC) time of a moment on the DSL's local day, whatever the zone."""
    local = datetime(year, month, day, hour, minute).astimezone()
    return local.astimezone(UTC).isoformat(timespec="microseconds")


def _text(pdf: bytes) -> tuple[list[str], str]:
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages]
    return pages, " ".join(pages)


def _march(ws: Workspace, reference: str, n: int = 90) -> None:
    """n views of `reference` spread over March 2025, and one each side of it."""
    with ws.write() as s:
        audit.append(
            s, "dsl", audit.Action.VIEWED, reference, "the day before", at=_at(2025, 2, 28, 23, 59)
        )
        for i in range(n):
            at = _at(2025, 3, 1 + i % 31, 8 + i % 10, i % 60)
            audit.append(s, "dsl", audit.Action.VIEWED, reference, f"march {i}", at=at)
        audit.append(
            s, "dsl", audit.Action.VIEWED, reference, "the day after", at=_at(2025, 4, 1, 0, 1)
        )


def _last(ws: Workspace) -> audit.AuditLine:
    with ws.read() as s:
        return audit.entries_for(s)[-1]


def test_the_printed_trail_has_the_marking_pages_filter_and_rows(ws: Workspace) -> None:
    reference = cases.create_case(ws).reference
    _march(ws, reference)
    before = audit_trail(ws)[1].entries
    start, end = date_range("01/03/2025", "31/03/2025")
    chosen = TrailFilter(case_text=reference, start=start, end=end)

    pdf = printing.audit_trail_pdf(ws, chosen, purpose="printed")
    pages, text = _text(pdf)
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2  # top and bottom of every page
        assert f"Page {n} of {len(pages)}" in page
        assert f"Printed by {DSL_NAME} on" in page and "Seal " in page
        assert "When Who What Case Detail" in page  # the heading row on every page
    assert "Who saw what: the audit trail" in pages[0]
    assert (
        f"Filter: case {reference}; from 01/03/2025 to 31/03/2025. 90 of {before} entries, "
        "newest first." in text
    )
    assert f"Audit trail intact ({before} entries)." in text
    for i in range(90):
        assert f"march {i} " in text + " "
    assert "the day before" not in text and "the day after" not in text  # the days either side
    assert "TRAINING DATA" not in text
    # Newest first, as on screen: the last of 31 March comes before the first of 1 March.
    assert text.index("31/03/2025") < text.index("01/03/2025 08:00")

    # Its own entry, after it: what was printed, with the filter, and no more.
    last = _last(ws)
    assert audit_trail(ws)[1].entries == before + 1
    assert (last.action, last.target) == (audit.Action.PRINTED, audit.DATABASE_TARGET)
    assert last.detail == (
        f"audit trail, 90 of {before} entries; filter: case {reference}; "
        "from 01/03/2025 to 31/03/2025"
    )


def test_saving_is_an_export_and_an_empty_filter_prints_everything(ws: Workspace) -> None:
    cases.create_case(ws)
    before = audit_trail(ws)[1].entries
    _pages, text = _text(printing.audit_trail_pdf(ws))
    assert f"Filter: none, every entry. All {before} entries, newest first." in text
    assert (_last(ws).action, _last(ws).detail) == (
        audit.Action.EXPORTED,
        f"audit trail, {before} of {before} entries; filter: none, every entry",
    )


def test_nothing_matching_says_so(ws: Workspace) -> None:
    start, end = date_range("01/01/2001", "02/01/2001")
    _pages, text = _text(printing.audit_trail_pdf(ws, TrailFilter(start=start, end=end)))
    assert "Filter: from 01/01/2001 to 02/01/2001. 0 of" in text
    assert "No entries match this filter." in text


def test_names_print_as_typed_and_staff_are_named_by_the_filter(
    ws: Workspace, db_path: Path
) -> None:
    accounts.add_account(ws, "deputy", TRICKY, DEPUTY_PASSWORD)
    case = cases.create_case(ws)
    ws.close()
    deputy = unlock(db_path, "deputy", DEPUTY_PASSWORD)
    cases.load_case(deputy, case.id)
    deputy.close()
    ws = unlock(db_path, "dsl", PASSWORD)
    try:
        _pages, text = _text(printing.audit_trail_pdf(ws, TrailFilter(actor="deputy")))
        assert f"Filter: who: {TRICKY} (deputy)." in text
        assert f"{TRICKY} (deputy) Viewed {case.reference}" in text
        assert f"{DSL_NAME} (dsl)" not in text.split("Detail", 1)[1]
    finally:
        ws.close()


def test_training_data_is_marked_and_no_child_is_named(tmp_path: Path) -> None:
    ws, _ = create_training_database(
        tmp_path / "demo.db", "trainer", PASSWORD, 8, as_of=date(2026, 11, 2)
    )
    try:
        for row in dashboard.case_rows(ws)[:3]:
            cases.load_case(ws, row.reference)
        settings.update(ws, {"protective_marking": "OFFICIAL-SENSITIVE: AUDIT"})
        pages, text = _text(printing.audit_trail_pdf(ws))
        assert "TRAINING DATA: entries from practice records" in text
        assert all(
            "TRAINING DATA" in page and "OFFICIAL-SENSITIVE: AUDIT" in page for page in pages
        )
        for row in dashboard.case_rows(ws):
            for name in row.young_people:
                assert name not in text
    finally:
        ws.close()


def _files(db_path: Path) -> dict[str, str]:
    folder = db_path.parent
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def test_a_name_in_the_case_box_is_refused_before_anything_is_written(
    ws: Workspace, db_path: Path
) -> None:
    cases.create_case(ws)
    before, files = audit_trail(ws)[1].entries, _files(db_path)
    with pytest.raises(InvalidInput) as caught:
        printing.audit_trail_pdf(ws, TrailFilter(case_text="Anna Nowak"))
    assert str(caught.value) == (
        "The Case reference filter holds something that is not a case reference. Clear it, "
        "or type a reference such as 2026-0012, then print again."
    )
    assert audit_trail(ws)[1].entries == before
    assert _files(db_path) == files


def test_a_deputy_cannot_print_the_trail(ws: Workspace, db_path: Path) -> None:
    accounts.add_account(ws, "deputy", "Dee Puty", DEPUTY_PASSWORD)
    ws.close()
    deputy = unlock(db_path, "deputy", DEPUTY_PASSWORD)
    try:
        with pytest.raises(NotAllowed, match="Only the DSL can see the audit trail."):
            printing.audit_trail_pdf(deputy)
    finally:
        deputy.close()
