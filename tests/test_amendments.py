"""Records are amended, never overwritten."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, NotAllowed, ReasonRequired
from app.models import YoungPerson
from app.services import cases, followup
from app.services.workspace import Workspace


def _open_case_with_child(ws: Workspace) -> tuple[int, int]:
    case = cases.create_case(ws)
    with ws.write() as s:
        child = YoungPerson(case_id=case.id, name="Jordan Smith-Jones", roles=["pictured"])
        s.add(child)
        s.flush()
        child_id = child.id
    cases.open_case(ws, case.id)
    return case.id, child_id


def test_drafts_change_freely_without_history(ws: Workspace) -> None:
    case = cases.create_case(ws)
    cases.amend(ws, case.id, "cases", case.id, "summary", "first try", "drafting")
    cases.amend(ws, case.id, "cases", case.id, "summary", "second try", "drafting")
    assert cases.case_history(ws, case.id) == []
    assert cases.load_case(ws, case.id).case.summary == "second try"


def test_an_open_case_keeps_every_earlier_value_with_who_when_and_why(ws: Workspace) -> None:
    case_id, child_id = _open_case_with_child(ws)
    cases.amend(ws, case_id, "young_people", child_id, "name", "Jordan Smith", "Name misspelt")
    cases.amend(ws, case_id, "young_people", child_id, "year_group", "Year 9", "Added year")
    history = cases.case_history(ws, case_id)
    assert [(h.field, h.old_value, h.new_value, h.reason) for h in history] == [
        ("name", "Jordan Smith-Jones", "Jordan Smith", "Name misspelt"),
        ("year_group", None, "Year 9", "Added year"),
    ]
    assert {h.changed_by for h in history} == {"Ann O'Neill"}
    assert all(h.table == "young_people" and h.row_id == child_id for h in history)
    record = cases.load_case(ws, case_id)
    assert record.rows("young_people")[0].name == "Jordan Smith"


@pytest.mark.parametrize("reason", ["", "   "])
def test_amending_an_open_case_needs_a_reason(ws: Workspace, reason: str) -> None:
    case_id, child_id = _open_case_with_child(ws)
    with pytest.raises(InvalidInput, match="reason"):
        cases.amend(ws, case_id, "young_people", child_id, "name", "Other", reason)
    assert cases.load_case(ws, case_id).rows("young_people")[0].name == "Jordan Smith-Jones"
    assert cases.case_history(ws, case_id) == []


def test_no_code_path_can_overwrite_silently(ws: Workspace) -> None:
    """Even a service that forgets to give a reason is stopped at the database layer."""
    case_id, child_id = _open_case_with_child(ws)
    with pytest.raises(ReasonRequired), ws.write() as s:
        s.get(YoungPerson, child_id).name = "Overwritten"  # type: ignore[union-attr]
    with ws.read() as s:
        assert s.execute(select(YoungPerson.name)).scalar_one() == "Jordan Smith-Jones"


def test_rows_of_an_open_case_are_never_deleted(ws: Workspace) -> None:
    case_id, child_id = _open_case_with_child(ws)
    with pytest.raises(NotAllowed, match="never deleted"), ws.write(reason="tidy") as s:
        s.delete(s.get(YoungPerson, child_id))
    assert len(cases.load_case(ws, case_id).rows("young_people")) == 1


@pytest.mark.parametrize(
    "table,field",
    [
        ("cases", "reference"),
        ("cases", "status"),
        ("nonsense", "name"),
        ("young_people", "nope"),
        ("audit_log", "actor"),
    ],
)
def test_only_record_fields_can_be_amended(ws: Workspace, table: str, field: str) -> None:
    case_id, _ = _open_case_with_child(ws)
    with pytest.raises(InvalidInput, match="cannot be amended"):
        cases.amend(ws, case_id, table, case_id, field, "x", "reason")


def test_completing_an_action_and_a_review_are_kept_in_history(ws: Workspace) -> None:
    case_id, _ = _open_case_with_child(ws)
    action = followup.add_action(ws, case_id, "Phone parents", due_on=date.today())
    followup.complete_action(ws, case_id, action, "Spoke to mum")
    followup.add_review(
        ws,
        case_id,
        held_on=date.today(),
        notes="Settled",
        risk_still_present=None,
        next_review_on=date(2099, 1, 1),
    )
    fields = {(h.table, h.field, h.reason) for h in cases.case_history(ws, case_id)}
    assert ("actions", "done_note", "Action completed") in fields
    assert ("cases", "next_review_on", "Review recorded") in fields
