"""Who saw what: the DSL's audit viewer, with the chain checked on open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.printing import log_output
from app.services import accounts, cases, workspace
from app.services.audit_view import audit_trail
from app.services.workspace import Workspace
from app.ui.security.audit_viewer import WHOLE_DATABASE, AuditViewer, local_time
from tests.helpers.ui import DISPLAY_NAME, PASSWORD, USERNAME, assert_accessible, shown_texts
from tests.test_audit import _drop_guards, _raw

TRICKY = "<b>O'Brien & Zoë</b>"
DEPUTY_PASSWORD = "Lighthouse meadow 17"


@pytest.fixture
def dsl(db_path: Path, make_db: Callable[..., str], opened: list[Workspace]) -> Workspace:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    return ws


def viewer(qtbot: QtBot, ws: Workspace, reference: str = "") -> AuditViewer:
    v = AuditViewer(ws, reference=reference)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    return v


def busy_day(ws: Workspace, db_path: Path, opened: list[Workspace]) -> tuple[str, str, Workspace]:
    """The DSL opens a case and prints it; a deputy views another. Returns both references."""
    mine = cases.create_case(ws)
    cases.load_case(ws, mine.id)
    log_output(ws, mine.reference, purpose="printed")
    accounts.add_account(ws, "deputy", TRICKY, DEPUTY_PASSWORD)
    theirs = cases.create_case(ws)
    ws.close()
    deputy = workspace.unlock(db_path, "deputy", DEPUTY_PASSWORD)
    cases.load_case(deputy, theirs.id)
    deputy.close()
    again = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(again)
    return mine.reference, theirs.reference, again


def test_the_dsl_sees_who_did_what_newest_first_and_filters_it(
    qtbot: QtBot, dsl: Workspace, db_path: Path, opened: list[Workspace]
) -> None:
    mine, theirs, ws = busy_day(dsl, db_path, opened)
    lines, chain = audit_trail(ws)
    v = viewer(qtbot, ws)
    assert_accessible(v)
    assert v.banner.text().startswith(f"Audit trail intact ({len(lines)} entries).")
    rows = shown_texts(v, "Audit entries")
    assert len(rows) == len(lines) == chain.entries
    assert rows[0] == (
        local_time(lines[-1].at),
        f"{DISPLAY_NAME} ({USERNAME})",
        "Signed in",
        WHOLE_DATABASE,
        "",
    )
    assert v.count.text() == f"Showing all {len(lines)} entries, newest first."

    v.case_filter.setText(theirs)
    assert [(r[1], r[2]) for r in shown_texts(v, "Audit entries")] == [
        (f"{TRICKY} (deputy)", "Viewed"),  # a name shows as typed, never as markup
        (f"{DISPLAY_NAME} ({USERNAME})", "Created"),
    ]
    assert v.count.text() == f"Showing 2 of {len(lines)} entries, newest first."

    v.show_all()
    v.what_filter.setCurrentIndex(v.what_filter.findText("Printed"))
    assert [(r[2], r[3]) for r in shown_texts(v, "Audit entries")] == [("Printed", mine)]

    v.show_all()
    v.who_filter.setCurrentIndex(v.who_filter.findData("deputy"))
    assert {r[1] for r in shown_texts(v, "Audit entries")} == {f"{TRICKY} (deputy)"}
    assert {r[2] for r in shown_texts(v, "Audit entries")} == {"Signed in", "Viewed"}


def test_opening_for_one_case_filters_to_it(qtbot: QtBot, dsl: Workspace) -> None:
    case = cases.create_case(dsl)
    cases.create_case(dsl)
    v = viewer(qtbot, dsl, reference=case.reference)
    assert {r[3] for r in shown_texts(v, "Audit entries")} == {case.reference}


def test_a_broken_chain_is_shown_plainly(qtbot: QtBot, dsl: Workspace) -> None:
    cases.create_case(dsl)
    _drop_guards(dsl)
    _raw(dsl, "DELETE FROM audit_log WHERE id = 2")
    v = viewer(qtbot, dsl)
    text = v.banner.text()
    assert text.startswith("The audit trail has been altered or damaged.")
    assert "• audit entry 2 is missing" in text
    assert "intact" not in text


def test_a_deputy_is_told_only_the_dsl_can_see_it(
    qtbot: QtBot, dsl: Workspace, db_path: Path, opened: list[Workspace]
) -> None:
    accounts.add_account(dsl, "deputy", "Dee Puty", DEPUTY_PASSWORD)
    dsl.close()
    deputy = workspace.unlock(db_path, "deputy", DEPUTY_PASSWORD)
    opened.append(deputy)
    v = viewer(qtbot, deputy)
    assert v.banner.text() == "Only the DSL can see the audit trail."
    assert shown_texts(v, "Audit entries") == []
