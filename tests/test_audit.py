"""The audit trail is append-only, hash-chained, and says who did what."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import exc

from app.services import audit, cases
from app.services.verify import verify
from app.services.workspace import Workspace


def _raw(ws: Workspace, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Tamper the way someone with the key and a SQL shell could."""
    raw = ws.engine.raw_connection()
    try:
        raw.driver_connection.execute(sql, params)  # type: ignore[union-attr]
    finally:
        raw.close()


def _busy_case(ws: Workspace) -> str:
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"summary": "x"})
    cases.open_case(ws, case.id)
    cases.load_case(ws, case.id)
    cases.amend(ws, case.id, "cases", case.id, "summary", "y", "clarified")
    return case.reference


def test_the_trail_records_who_created_viewed_and_changed_what(ws: Workspace) -> None:
    reference = _busy_case(ws)
    with ws.read() as s:
        lines = audit.entries_for(s, reference)
    assert [line.action for line in lines] == ["created", "changed", "viewed", "changed"]
    assert {line.actor for line in lines} == {"dsl"}
    with ws.read() as s:
        assert audit.verify_chain(s).sound


def test_the_database_refuses_edits_and_deletions(ws: Workspace) -> None:
    _busy_case(ws)
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(exc.DBAPIError, match="append-only"), ws.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert verify(ws).sound


def _drop_guards(ws: Workspace) -> None:
    _raw(ws, "DROP TRIGGER audit_log_no_update")
    _raw(ws, "DROP TRIGGER audit_log_no_delete")


@pytest.mark.parametrize(
    "tamper,expected",
    [
        ("UPDATE audit_log SET actor = 'someone-else' WHERE id = 3", "entry 3 has been changed"),
        ("UPDATE audit_log SET action = 'viewed' WHERE id = 2", "entry 2 has been changed"),
        ("DELETE FROM audit_log WHERE id = 3", "entry 3 is missing"),
        ("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)", "newest"),
    ],
)
def test_a_changed_or_deleted_row_is_detected(ws: Workspace, tamper: str, expected: str) -> None:
    _busy_case(ws)
    assert verify(ws).sound
    _drop_guards(ws)
    _raw(ws, tamper)
    report = verify(ws)
    assert not report.sound
    assert any(expected in p for p in report.problems), report.problems


def test_a_rewritten_chain_is_detected_by_its_head(ws: Workspace) -> None:
    _busy_case(ws)
    _drop_guards(ws)
    # Remove the last entry and fix up nothing else: the head no longer matches.
    _raw(ws, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    _raw(ws, "UPDATE audit_head SET count = count - 1")
    assert not verify(ws).sound


def test_the_trail_holds_no_child_data(ws: Workspace) -> None:
    case = cases.create_case(ws)
    cases.amend(ws, case.id, "cases", case.id, "summary", "Zoë's image was shared", "typed")
    cases.open_case(ws, case.id)
    cases.amend(ws, case.id, "cases", case.id, "summary", "Zoë Quixley again", "typo")
    with ws.read() as s:
        text = repr(audit.entries_for(s))
    assert "Zoë" not in text and "Quixley" not in text
