"""Discarding a draft started by mistake: gone from every list, its pages deleted, its
reference kept (and never reused), who, when and why kept on the case, and an audit
entry that names the reference only."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, RecordNotFound
from app.models import Case, CaseStatus, DraftPage, FollowUpAction
from app.record.figures import school_year
from app.services import audit, cases, dashboard, figures, queries, retention
from app.services.workspace import Workspace, unlock
from app.ui.dashboard.model import CaseFilter, accepted_ids
from app.vocabulary import STATUS_WORDS
from tests.conftest import DSL, PASSWORD
from tests.helpers.cli import casebook_here

REASON = "Started by mistake while showing a colleague the screen; Zoë's name typed."


def draft_with_pages(ws: Workspace) -> Case:
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"summary": "Zoë sent it to Tom"})
    cases.save_draft_page(ws, case.id, "initial_review", {"attendees": "DSL"})
    return case


def opened(ws: Workspace) -> Case:
    case = cases.create_case(ws)
    cases.open_case(ws, case.id)
    return case


def test_a_discarded_draft_loses_its_pages_and_keeps_who_when_and_why(ws: Workspace) -> None:
    case = draft_with_pages(ws)
    assert cases.discard_draft(ws, case.reference, REASON) == case.reference
    with ws.read() as s:
        row = s.get(Case, case.id)
        assert row is not None
        assert row.status == CaseStatus.DISCARDED
        assert row.discard_reason == REASON
        assert row.discarded_by_id == ws.account.id
        assert row.discarded_at is not None
        pages = s.execute(select(DraftPage).where(DraftPage.case_id == case.id)).all()
        assert pages == []
    assert cases.draft_pages(ws, case.id) == {}
    assert STATUS_WORDS[CaseStatus.DISCARDED] == "Discarded"


def test_the_audit_entry_names_the_reference_never_the_reason(ws: Workspace) -> None:
    case = draft_with_pages(ws)
    cases.discard_draft(ws, case.id, REASON)
    with ws.read() as s:
        lines = audit.entries_for(s, case.reference)
        every = audit.entries_for(s)
    assert any(line.detail == "draft discarded" for line in lines)
    for line in every:
        for word in ("mistake", "Zoë", "colleague"):
            assert word not in line.detail and word not in line.target


def test_the_next_case_does_not_reuse_a_discarded_reference(ws: Workspace) -> None:
    first = draft_with_pages(ws)
    cases.discard_draft(ws, first.id, REASON)
    second = cases.create_case(ws)
    assert second.reference != first.reference
    assert int(second.reference.split("-")[1]) == int(first.reference.split("-")[1]) + 1


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_a_reason_is_required(ws: Workspace, reason: str) -> None:
    case = draft_with_pages(ws)
    with pytest.raises(InvalidInput, match="Say in a few words why"):
        cases.discard_draft(ws, case.id, reason)
    assert cases.list_drafts(ws)[0].id == case.id  # nothing changed
    assert cases.draft_pages(ws, case.id)["incident"]["summary"] == "Zoë sent it to Tom"


def test_only_a_draft_can_be_discarded(ws: Workspace) -> None:
    case = opened(ws)
    with pytest.raises(InvalidInput) as raised:
        cases.discard_draft(ws, case.reference, REASON)
    assert str(raised.value) == (
        f"Case {case.reference} is open: an open case is closed, not discarded."
    )
    draft = draft_with_pages(ws)
    cases.discard_draft(ws, draft.id, REASON)
    with pytest.raises(InvalidInput, match="already been discarded"):
        cases.discard_draft(ws, draft.id, REASON)
    with pytest.raises(RecordNotFound):
        cases.discard_draft(ws, "2020-9999", REASON)


def test_a_discarded_draft_takes_no_more_autosaves(ws: Workspace) -> None:
    """A wizard left open on another laptop cannot bring the pages back."""
    case = draft_with_pages(ws)
    cases.discard_draft(ws, case.id, REASON)
    with pytest.raises(InvalidInput, match="no longer a draft"):
        cases.save_draft_page(ws, case.id, "incident", {"summary": "typed late"})
    assert cases.draft_pages(ws, case.id) == {}


def test_a_discarded_draft_is_a_record_no_one_can_change(ws: Workspace) -> None:
    case = draft_with_pages(ws)
    cases.discard_draft(ws, case.id, REASON)
    with pytest.raises(InvalidInput):
        cases.open_case(ws, case.id)


# -- it leaves every list ----------------------------------------------------------------


@pytest.fixture
def discarded(ws: Workspace) -> Case:
    """A discarded draft beside a kept draft, an open and a closed case."""
    draft_with_pages(ws)
    opened(ws)
    closed = opened(ws)
    cases.change_status(ws, closed.id, CaseStatus.CLOSED, "done", closing_summary="Resolved")
    gone = draft_with_pages(ws)
    with ws.write() as s:  # an action due today: the Today panel must not show it either
        s.add(
            FollowUpAction(
                case_id=gone.id,
                description="Call home",
                due_on=date.today(),
                created_by_id=ws.account.id,
            )
        )
    cases.discard_draft(ws, gone.id, REASON)
    return gone


def test_resume_draft_does_not_list_it(ws: Workspace, discarded: Case) -> None:
    drafts = cases.list_drafts(ws)
    assert len(drafts) == 1 and discarded.id not in [d.id for d in drafts]


def test_the_dashboards_case_list_and_count_do_not_show_it(ws: Workspace, discarded: Case) -> None:
    rows = dashboard.case_rows(ws)
    assert discarded.id not in [r.id for r in rows]
    assert len(rows) == 3
    assert dashboard.count_cases(ws) == 3
    head = dashboard.first_case_rows(ws, 1)
    assert head is None or discarded.id not in [r.id for r in head]


def test_the_today_panel_does_not_show_it(ws: Workspace, discarded: Case) -> None:
    items = dashboard.today_items(ws, date.today() + timedelta(days=60))
    assert discarded.id not in [i.case_id for i in items]
    assert [i.kind for i in items].count("draft") == 1


def test_search_and_the_case_lists_do_not_show_it(ws: Workspace, discarded: Case) -> None:
    assert discarded.reference not in [c.reference for c in queries.list_cases(ws)]
    assert len(queries.list_cases(ws)) == 3
    rows = dashboard.case_rows(ws)  # what the dashboard's search box searches
    assert accepted_ids(rows, CaseFilter(query=discarded.reference)) == set()
    assert discarded.id not in [r.id for r in rows]  # an empty search shows every row
    assert discarded.id not in [r.id for r in rows if r.status == CaseStatus.OPEN]
    # Asked for by name, the discarded are there (for IT: where did 2026-0004 go?).
    found = queries.list_cases(ws, CaseStatus.DISCARDED)
    assert [c.reference for c in found] == [discarded.reference]


def test_figures_and_retention_reviews_do_not_count_it(ws: Workspace, discarded: Case) -> None:
    year = school_year(date.today())
    counted = figures.figures(ws, year)
    assert counted.cases == 2  # the open and the closed case
    lines = retention.due_for_review(ws)
    assert discarded.id not in [line.case_id for line in lines]
    assert len(lines) == 1  # the closed case, with no date of birth to work from


# -- the command line ----------------------------------------------------------------------


def test_casebook_discard_draft(ws: Workspace, db_path: Path, tmp_path: Path) -> None:
    draft = draft_with_pages(ws)
    open_case = opened(ws)
    ws.close()
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    signed = ["--db", db_path, "--user", DSL, "--password-file", pw]

    missing = casebook_here("discard-draft", *signed, "--case", draft.reference, "--reason", " ")
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"casebook: {cases.DISCARD_REASON_MISSING}"

    refused = casebook_here(
        "discard-draft", *signed, "--case", open_case.reference, "--reason", REASON
    )
    assert refused.returncode == 1
    assert "an open case is closed, not discarded" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1

    done = casebook_here("discard-draft", *signed, "--case", draft.reference, "--reason", REASON)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"Draft {draft.reference} discarded: its pages were deleted; the reference stays taken."
    )
    assert "mistake" not in done.stdout + done.stderr

    listing = casebook_here("cases", *signed)
    assert listing.returncode == 0, listing.stderr
    assert draft.reference not in listing.stdout
    assert open_case.reference in listing.stdout

    again = unlock(db_path, DSL, PASSWORD)
    try:
        assert cases.list_drafts(again) == []
    finally:
        again.close()
