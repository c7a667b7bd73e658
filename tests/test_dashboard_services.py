"""What the dashboard, case file and governors' report are built on."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from app.errors import InvalidInput, NotAllowed
from app.models import CaseStatus, YoungPerson
from app.record.figures import TERMS
from app.services import accounts, cases, dashboard, figures, followup, people, retention
from app.services import settings as settings_service
from app.services.workspace import Workspace, unlock
from app.training import create_training_database
from tests.conftest import PASSWORD

TODAY = date.today()


def _open_case(ws: Workspace, names: list[tuple[str, date | None]], summary: str = "x") -> int:
    case = cases.create_case(ws)
    cases.amend(ws, case.id, "cases", case.id, "summary", summary, "drafting")
    with ws.write() as s:
        for name, dob in names:
            s.add(
                YoungPerson(
                    case_id=case.id,
                    name=name,
                    date_of_birth=dob,
                    roles=["pictured"],
                    year_group="Year 9",
                )
            )
    cases.open_case(ws, case.id)
    return case.id


def test_case_rows_put_what_needs_attention_first(ws: Workspace) -> None:
    late = _open_case(ws, [("Zoë O'Brien", None)], "Nudes shared")
    soon = _open_case(ws, [("Tom Smith", None)])
    closed = _open_case(ws, [("Anna Nowak", None)])
    draft = cases.create_case(ws).id
    followup.add_review(
        ws,
        late,
        held_on=TODAY - timedelta(days=30),
        notes="n",
        risk_still_present=None,
        next_review_on=TODAY - timedelta(days=2),
    )
    followup.add_review(
        ws,
        soon,
        held_on=TODAY,
        notes="n",
        risk_still_present=None,
        next_review_on=TODAY + timedelta(days=3),
    )
    cases.change_status(ws, closed, CaseStatus.CLOSED, "done", closing_summary="Resolved")
    followup.add_action(ws, late, "Phone parents", due_on=TODAY - timedelta(days=1))
    followup.add_action(ws, late, "Check removal", due_on=TODAY + timedelta(days=5))
    rows = dashboard.case_rows(ws)
    assert [r.id for r in rows] == [late, soon, draft, closed]
    first = rows[0]
    assert first.young_people == ("Zoë O'Brien",)
    assert (first.open_actions, first.overdue_actions) == (2, 1)
    assert first.review_overdue(TODAY) and not rows[1].review_overdue(TODAY)
    assert dashboard.word_test("zoe")(first.search_text)
    assert dashboard.word_test("sexting")(first.search_text)
    assert not dashboard.word_test("sexting")(rows[1].search_text)


def test_the_first_screenful_is_the_head_of_the_whole_list(ws: Workspace) -> None:
    reviewed = []
    for n, days in enumerate((5, -3, 1, 1)):  # two on the same day: the reference decides
        case_id = _open_case(ws, [(f"Child {n}", None)], "Nudes shared")
        followup.add_review(
            ws,
            case_id,
            held_on=TODAY - timedelta(days=30),
            notes="n",
            risk_still_present=None,
            next_review_on=TODAY + timedelta(days=days),
        )
        reviewed.append(case_id)
    _open_case(ws, [("Child 4", None)])  # reviewed after the usual interval
    cases.create_case(ws)  # a draft: no review date
    followup.add_action(ws, reviewed[2], "Phone parents", due_on=TODAY - timedelta(days=1))
    every = dashboard.case_rows(ws)
    assert dashboard.first_case_rows(ws, 3) == every[:3]
    assert dashboard.first_case_rows(ws, 3)[1].overdue_actions == 1
    assert dashboard.count_cases(ws) == len(every) == 6
    assert dashboard.first_case_rows(ws, 5) == every[:5]
    # Fewer open cases with a review date than a screenful: no head (the list is short).
    assert dashboard.first_case_rows(ws, 6) is None


def test_today_lists_exactly_what_is_due_or_overdue(ws: Workspace) -> None:
    a = _open_case(ws, [("A Child", None)])
    b = _open_case(ws, [("B Child", None)])
    followup.add_review(
        ws, a, held_on=TODAY, notes="n", risk_still_present=None, next_review_on=TODAY
    )
    followup.add_review(
        ws,
        b,
        held_on=TODAY,
        notes="n",
        risk_still_present=None,
        next_review_on=TODAY + timedelta(days=1),
    )
    followup.add_action(ws, b, "Overdue thing", due_on=TODAY - timedelta(days=3))
    followup.add_action(ws, b, "Future thing", due_on=TODAY + timedelta(days=3))
    done = followup.add_action(ws, a, "Done thing", due_on=TODAY - timedelta(days=3))
    followup.complete_action(ws, a, done, "done")
    draft = cases.create_case(ws)
    items = dashboard.today_items(ws)
    summary = [(i.kind, i.case_id, i.overdue) for i in items]
    assert summary == [("review", a, False), ("action", b, True), ("draft", draft.id, False)]
    assert items[1].text == "Overdue thing (no one yet)"  # no owner set: said plainly


def test_a_young_persons_other_cases_are_found(ws: Workspace) -> None:
    dob = date(2011, 3, 4)
    first = _open_case(ws, [("Zoë  O'Brien", dob), ("Other Child", None)])
    second = _open_case(ws, [("zoe o'brien", dob)])
    maybe = _open_case(ws, [("ZOË O'BRIEN", None)])
    _open_case(ws, [("Zoë O'Brien", date(2012, 1, 1))])  # a different child
    child = cases.load_case(ws, first).rows("young_people")[0]
    found = people.appearances(ws, child.id)
    assert [(a.case_id, a.certain) for a in found] == [
        (first, True),
        (second, True),
        (maybe, False),
    ]


def test_every_young_person_of_a_case_has_their_other_cases_read_at_once(ws: Workspace) -> None:
    dob = date(2011, 3, 4)
    first = _open_case(ws, [("Zoë  O'Brien", dob), ("Sam Lee", None)])  # one birthday unknown
    second = _open_case(ws, [("zoe o'brien", dob), ("SAM LEE", date(2010, 2, 2))])
    _open_case(ws, [("Zoë O'Brien", date(2012, 1, 1)), ("Samuel Lee", None)])  # other children
    zoe, sam = cases.load_case(ws, first).rows("young_people")
    found = people.appearances_in_case(ws, first)
    assert set(found) == {zoe.id, sam.id}
    assert [(a.case_id, a.certain) for a in found[zoe.id]] == [(first, True), (second, True)]
    assert [(a.case_id, a.certain) for a in found[sam.id]] == [(first, True), (second, False)]
    later = found[zoe.id][1]
    assert later.reference == cases.load_case(ws, second).case.reference
    assert later.status == CaseStatus.OPEN and later.roles == tuple(zoe.roles)
    for person in (zoe, sam):  # the same as asking for each of them
        assert people.appearances(ws, person.id) == found[person.id]
    assert people.appearances_in_case(ws, 10_000) == {}  # no such case: no one


def test_retention_needs_a_decision_before_anything_is_destroyed(ws: Workspace) -> None:
    old = _open_case(ws, [("Old Pupil", date(1990, 1, 1)), ("Young", date(1995, 6, 1))])
    recent = _open_case(ws, [("Recent Pupil", TODAY - timedelta(days=15 * 365))])
    unknown = _open_case(ws, [("No Birthday", None)])
    for cid in (old, recent, unknown):
        cases.change_status(ws, cid, CaseStatus.CLOSED, "done", closing_summary="Resolved")
    due = {line.case_id: line.retain_until for line in retention.due_for_review(ws)}
    assert due == {old: date(2020, 6, 1), unknown: None}  # the youngest child counts
    with pytest.raises(InvalidInput, match="reason"):
        retention.destroy(ws, old, " ")
    with pytest.raises(InvalidInput, match="past their retention"):
        retention.destroy(ws, recent, "tidy up")
    retention.record_keep(ws, unknown, "Police asked us to keep it", TODAY + timedelta(days=365))
    reference = cases.load_case(ws, old).case.reference
    retention.destroy(ws, old, "Past retention; reviewed with the head")
    assert reference not in [r.reference for r in dashboard.case_rows(ws)]
    from app.services import audit

    with ws.read() as s:
        assert audit.verify_chain(s).sound
        assert [e.detail for e in audit.entries_for(s, reference)][-1] == "retention: destroyed"


def test_a_destroyed_cases_reference_is_never_given_to_a_new_case(ws: Workspace) -> None:
    # The newest case of the year, closed with no date of birth: due for a decision at once.
    unknown = _open_case(ws, [("No Birthday", None)])
    cases.change_status(ws, unknown, CaseStatus.CLOSED, "done", closing_summary="Resolved")
    reference = cases.load_case(ws, unknown).case.reference
    retention.destroy(ws, unknown, "Entered in error; reviewed with the head")
    fresh = cases.create_case(ws)
    assert fresh.reference != reference
    assert fresh.reference > reference


def test_governors_figures_are_counts_without_names(tmp_path: Path) -> None:
    ws, _ = create_training_database(
        tmp_path / "demo.db", "trainer", PASSWORD, 60, as_of=date(2026, 11, 2)
    )
    try:
        years = figures.school_years(ws)
        assert years[0] == "2026/27"
        shown = figures.figures(ws, "2025/26")
        assert shown.cases == sum(shown.by_term.values()) == sum(shown.by_pathway.values())
        assert set(shown.by_term) <= set(TERMS)
        assert sum(shown.by_year_group.values()) >= shown.cases
        everything = repr(shown)
        names = [p for r in dashboard.case_rows(ws) for p in r.young_people]
        assert names and not any(name in everything for name in names)
    finally:
        ws.close()


def test_settings_are_checked_and_only_the_dsl_changes_them(ws: Workspace, db_path: Path) -> None:
    settings_service.update(
        ws, {"mash_contact": "MASH: 01234 567890 <duty>", "review_interval_days": "14"}
    )
    assert ws.settings()["mash_contact"] == "MASH: 01234 567890 <duty>"
    with pytest.raises(InvalidInput, match="whole number"):
        settings_service.update(ws, {"review_interval_days": "0"})
    with pytest.raises(InvalidInput, match="Unknown"):
        settings_service.update(ws, {"training": "1"})
    accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")
    ws.close()
    deputy = unlock(db_path, "deputy", "a long secret phrase")
    try:
        with pytest.raises(NotAllowed):
            settings_service.update(deputy, {"school_name": "Elsewhere"})
    finally:
        deputy.close()


def test_chronology_merges_the_record_and_marks_back_dated_entries(ws: Workspace) -> None:
    from datetime import datetime

    from app.models import DecisionKind
    from app.record import chronology

    case_id = _open_case(ws, [("A Child", None)])
    three_days_ago = datetime.now().replace(microsecond=0) - timedelta(days=3)
    followup.add_chronology_entry(ws, case_id, three_days_ago, "Mum phoned on Friday")
    action = followup.add_action(ws, case_id, "Phone the police")
    followup.complete_action(ws, case_id, action, "PC Khan called back")
    followup.record_decision(ws, case_id, DecisionKind.POLICE, "Reported", "Adult involved")
    lines = chronology.timeline(cases.load_case(ws, case_id))
    texts = [line.text for line in lines]
    assert texts[0] == "Mum phoned on Friday" and lines[0].backdated
    assert "Case opened." in texts
    assert "Action done: Phone the police. PC Khan called back" in texts
    assert "Decision (police): Reported. Reason: Adult involved" in texts
    assert [line.happened_at for line in lines] == sorted(line.happened_at for line in lines)
    assert not any(line.backdated for line in lines[1:])


def test_figures_keep_not_known_apart_from_not_recorded(ws: Workspace) -> None:
    for answer in ("yes", "no", "not_known", "not_known", None):
        case = cases.create_case(ws)
        cases.amend(ws, case.id, "cases", case.id, "adults_involved", answer, "typed")
        cases.open_case(ws, case.id)
    year = figures.school_years(ws)[0]
    counts = figures.figures(ws, year).by_adult_involved
    assert dict(counts) == {"Yes": 1, "No": 1, "Not known": 2, "Not recorded": 1}
