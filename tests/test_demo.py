"""The training database: varied, awkward, deterministic, and marked as training."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.models import CaseStatus
from app.services import cases, queries
from app.training import create_training_database
from tests.conftest import PASSWORD


def _build(path: Path, n: int) -> tuple[list[tuple[str, str]], list[str]]:
    ws, _ = create_training_database(path, "trainer", PASSWORD, n, as_of=date(2026, 11, 2))
    try:
        assert ws.training
        lines = [(c.reference, c.status.value) for c in queries.list_cases(ws)]
        names = [
            p.name
            for c in queries.list_cases(ws)
            for p in cases.load_case(ws, c.id, audit_view=False).rows("young_people")
        ]
    finally:
        ws.close()
    return lines, names


def test_demo_is_varied_awkward_and_deterministic(tmp_path: Path) -> None:
    lines, names = _build(tmp_path / "a" / "demo.db", 40)
    again, names_again = _build(tmp_path / "b" / "demo.db", 40)
    assert (lines, names) == (again, names_again)
    assert len(lines) == 40
    # Every status but discarded (a draft started by mistake is not demo material).
    assert {status for _, status in lines} == {s.value for s in CaseStatus} - {"discarded"}
    text = " ".join(names)
    assert "'" in text and "-" in text
    assert any(ch in text for ch in "éëłğ")
    assert any("\u0370" <= ch <= "\u03ff" for ch in text)  # Greek
    assert any("\u0400" <= ch <= "\u04ff" for ch in text)  # Cyrillic


def test_demo_cases_hold_every_section_and_awkward_notes(tmp_path: Path) -> None:
    ws, _ = create_training_database(tmp_path / "demo.db", "trainer", PASSWORD, 12)
    try:
        opened = [c for c in queries.list_cases(ws) if c.status != CaseStatus.DRAFT]
        record = cases.load_case(ws, opened[0].id)
        for section in (
            "young_people",
            "initial_reviews",
            "referral_answers",
            "conversations",
            "incident_descriptions",
            "police_contacts",
            "agency_referrals",
            "parent_carer_contacts",
            "plans",
            "actions",
            "chronology",
            "decisions",
        ):
            assert record.rows(section), section
        assert len(record.rows("referral_answers")) == 5
        assert all(d.reason for d in record.rows("decisions"))
        notes = " ".join(
            str(r.case.summary) + str(r.case.closing_summary)
            for r in (cases.load_case(ws, c.id) for c in opened)
        )
        assert "<" in notes and "&" in notes and '"' in notes
    finally:
        ws.close()


def test_every_demo_case_is_one_the_decision_aid_agrees_with(tmp_path: Path) -> None:
    """New DSLs practise on these: each follows the guidance. The aid is run over each
    case's own pages; where the DSL decided otherwise, the reason says why."""
    from app.wizard import spec as wizard_spec
    from app.wizard import validate
    from app.wizard.decision_aid import advise

    ws, _ = create_training_database(tmp_path / "demo.db", "trainer", PASSWORD, 80)
    try:
        seen_views = set()
        differs = 0
        for row in queries.list_cases(ws):
            pages = cases.draft_pages(ws, row.id)
            if row.status == CaseStatus.DRAFT:
                # A draft is only its first pages, as a real one is: no record yet.
                assert "initial_review" not in pages
                assert pages["incident"]["young_people"]
                # Its first page is one the wizard takes as typed: nothing to correct.
                page = wizard_spec.load().page("incident")
                ctx = validate.context_for(pages)
                assert validate.errors(validate.check_page(page, pages["incident"], ctx)) == []
                continue
            advice = advise(pages)
            review = pages["initial_review"]
            decision = review["decision"]
            seen_views.add(advice.view)
            assert advice.view != "undecided", (row.reference, advice.headline)
            if advice.view != decision:
                # The DSL differed: only ever by referring, and the reason says why.
                differs += 1
                assert (advice.view, decision) == ("in_school", "refer"), row.reference
                assert "but" in review["decision_reason"], row.reference
            record = cases.load_case(ws, row.id, audit_view=False)
            # The record says what the pages say: no "met online" case handled in school.
            summary = str(record.case.summary)
            if "met online" in summary or "sextortion" in summary:
                assert decision == "refer"
                assert record.case.classification.value == "aggravated"
                assert record.case.pathway.value == "police"
                assert record.case.adults_involved.value != "no"
            if decision == "in_school":
                assert record.case.pathway.value == "in_school"
                assert "Refer" not in " ".join(d.decision for d in record.rows("decisions"))
            # Every decision the record holds gives its reason and the aid's view.
            for d in record.rows("decisions"):
                assert d.reason
        assert seen_views == {"refer", "in_school"}
        assert differs >= 1
    finally:
        ws.close()
