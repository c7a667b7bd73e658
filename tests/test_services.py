"""Case workflow services: references, drafts, status, actions, reviews, lists, search."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.errors import InvalidInput
from app.models import Answer, CaseStatus, DecisionKind, YoungPerson
from app.services import audit, cases, dashboard, followup
from app.services.workspace import Workspace
from app.ui.dashboard.model import CaseFilter, accepted_ids


def _opened(ws: Workspace, summary: str = "", child: str | None = None) -> int:
    case = cases.create_case(ws)
    if summary:
        cases.amend(ws, case.id, "cases", case.id, "summary", summary, "drafting")
    if child:
        with ws.write() as s:
            s.add(YoungPerson(case_id=case.id, name=child, roles=["pictured"]))
    cases.open_case(ws, case.id)
    return case.id


def test_references_count_up_within_the_year(ws: Workspace) -> None:
    refs = [cases.create_case(ws).reference for _ in range(3)]
    year = date.today().year
    assert refs == [f"{year}-0001", f"{year}-0002", f"{year}-0003"]


def test_draft_pages_are_kept_exactly_and_drafts_listed(ws: Workspace) -> None:
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"summary": "half typed", "n": 1})
    cases.save_draft_page(ws, case.id, "incident", {"summary": "half typed, more"})
    cases.save_draft_page(ws, case.id, "review", {"q1": "yes"})
    assert cases.draft_pages(ws, case.id) == {
        "incident": {"summary": "half typed, more"},
        "review": {"q1": "yes"},
    }
    assert [d.reference for d in cases.list_drafts(ws)] == [case.reference]
    with pytest.raises(InvalidInput):
        cases.save_draft_page(ws, case.id, "incident", {"when": datetime.now()})


def test_a_new_draft_arrives_with_its_first_page_or_not_at_all(ws: Workspace) -> None:
    case = cases.start_draft(ws, "incident", {"summary": "Zoë's first words <&>"})
    assert case.reference == f"{date.today().year}-0001"
    assert cases.draft_pages(ws, case.id) == {"incident": {"summary": "Zoë's first words <&>"}}
    with ws.read() as s:
        entries = [(e.action, e.detail) for e in audit.entries_for(s, case.reference)]
    assert entries == [(audit.Action.CREATED, "draft started")]
    with pytest.raises(InvalidInput, match="cannot be saved"):
        cases.start_draft(ws, "incident", {"summary": "half \ud800 typed"})
    # Nothing of the refused page was kept, not even an empty case for it.
    assert [d.reference for d in cases.list_drafts(ws)] == [case.reference]
    assert cases.create_case(ws).reference == f"{date.today().year}-0002"


def test_opening_sets_the_first_review_from_settings(ws: Workspace) -> None:
    case_id = _opened(ws)
    record = cases.load_case(ws, case_id)
    assert record.case.status == CaseStatus.OPEN
    assert record.case.next_review_on == date.today() + timedelta(days=28)
    assert record.case.signed_off_by_id == ws.account.id
    assert [c.entry for c in record.rows("chronology")] == ["Case opened."]
    assert cases.list_drafts(ws) == []


def test_open_cases_are_listed_soonest_review_first(ws: Workspace) -> None:
    ids = [_opened(ws) for _ in range(3)]
    for case_id, days in zip(ids, (30, 5, 60), strict=True):
        followup.add_review(
            ws,
            case_id,
            held_on=date.today(),
            notes="ok",
            risk_still_present=Answer.NO,
            next_review_on=date.today() + timedelta(days=days),
        )
    cases.create_case(ws)  # drafts are not open cases
    # The dashboard's case list: open and monitoring first, soonest review first.
    listed = [r for r in dashboard.case_rows(ws) if r.status == CaseStatus.OPEN]
    assert [c.id for c in listed] == [ids[1], ids[0], ids[2]]
    assert listed[0].next_review_on == date.today() + timedelta(days=5)


def test_closing_needs_a_summary_and_no_open_actions_and_reopening_a_reason(ws: Workspace) -> None:
    case_id = _opened(ws)
    action = followup.add_action(ws, case_id, "Check image removed")
    with pytest.raises(InvalidInput, match="closing summary"):
        cases.change_status(ws, case_id, CaseStatus.CLOSED, "All done", closing_summary="")
    with pytest.raises(InvalidInput, match="open action"):
        cases.change_status(ws, case_id, CaseStatus.CLOSED, "All done", closing_summary="Done")
    followup.complete_action(ws, case_id, action, "Removed via Report Remove")
    cases.change_status(ws, case_id, CaseStatus.MONITORING, "Risk reduced")
    cases.change_status(ws, case_id, CaseStatus.CLOSED, "All done", closing_summary="Resolved")
    with pytest.raises(InvalidInput, match="reason"):
        cases.change_status(ws, case_id, CaseStatus.OPEN, "")
    cases.change_status(ws, case_id, CaseStatus.OPEN, "Image resurfaced")
    record = cases.load_case(ws, case_id)
    assert record.case.status == CaseStatus.OPEN
    kinds = [(d.kind, d.reason) for d in record.rows("decisions")]
    assert (DecisionKind.CLOSING, "All done") in kinds
    assert (DecisionKind.REOPENING, "Image resurfaced") in kinds
    statuses = [
        (h.old_value, h.new_value) for h in cases.case_history(ws, case_id) if h.field == "status"
    ]
    assert statuses == [("open", "monitoring"), ("monitoring", "closed"), ("closed", "open")]


def test_a_draft_cannot_be_closed_by_status_change(ws: Workspace) -> None:
    case = cases.create_case(ws)
    with pytest.raises(InvalidInput):
        cases.change_status(ws, case.id, CaseStatus.CLOSED, "x", closing_summary="y")


def test_review_sets_the_next_date_or_proposes_closing(ws: Workspace) -> None:
    case_id = _opened(ws)
    with pytest.raises(InvalidInput, match="next review"):
        followup.add_review(
            ws,
            case_id,
            held_on=date.today(),
            notes="n",
            risk_still_present=Answer.YES,
            next_review_on=None,
        )
    followup.add_review(
        ws,
        case_id,
        held_on=date.today(),
        notes="n",
        risk_still_present=Answer.NO,
        next_review_on=None,
        propose_closing=True,
    )
    assert cases.load_case(ws, case_id).case.next_review_on is None


def test_decisions_always_carry_a_reason(ws: Workspace) -> None:
    case_id = _opened(ws)
    with pytest.raises(InvalidInput, match="reason"):
        followup.record_decision(ws, case_id, DecisionKind.PARENTS, "Not informed", " ")
    followup.record_decision(
        ws,
        case_id,
        DecisionKind.PARENTS,
        "Not informed",
        "Telling them may put the child at risk",
        aid_view="Normally yes",
    )
    d = cases.load_case(ws, case_id).rows("decisions")[-1]
    assert (d.decision, d.reason, d.aid_view) == (
        "Not informed",
        "Telling them may put the child at risk",
        "Normally yes",
    )


def test_back_dated_chronology_shows_both_times(ws: Workspace) -> None:
    case_id = _opened(ws)
    when = datetime.now().replace(microsecond=0) - timedelta(days=3)
    followup.add_chronology_entry(ws, case_id, when, "Mum phoned the office")
    entry = [
        c
        for c in cases.load_case(ws, case_id).rows("chronology")
        if c.entry == "Mum phoned the office"
    ][0]
    assert entry.happened_at == when
    assert entry.recorded_at > when


def test_search_finds_names_references_and_text_whatever_the_words(ws: Workspace) -> None:
    a = _opened(ws, "Semi-nudes shared in the Year 9 chat", child="Zoë O'Brien")
    b = _opened(ws, "Pupil sent a nude to a boyfriend", child="Łukasz Nowak")
    c = _opened(ws, "Bullying after a party", child="Ελένη Παπαδοπούλου")
    ref_b = cases.load_case(ws, b).case.reference

    def found(query: str) -> set[int]:  # the dashboard's search box, as the app runs it
        rows = dashboard.case_rows(ws)
        ids = accepted_ids(rows, CaseFilter(query=query))
        return {r.id for r in rows} if ids is None else ids

    assert found("zoe") == {a}  # accents and case do not matter
    assert found("o'brien") == {a}
    assert found("LUKASZ") == {b}
    assert found("ελένη") == {c}
    assert found(ref_b) == {b}
    assert found("sexting") == found("nudes") == found("semi-nudes") == {a, b}
    assert found("nudes year") == {a}
    assert found("100%") == set() and found("_") == set()
    assert found("") == {a, b, c}
