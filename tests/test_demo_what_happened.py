"""The training cases carry the facts the aid reads and what actually happened to each
child, so the governors' figures and the per-child screens have something to show; a
demo case destroyed under the retention rules leaves none of its rows behind; and a
parents' "Planned for" day before the incident came to light gets the usual note."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.models import (
    AgencyReferral,
    Case,
    Device,
    IncidentDescription,
    ParentCarerContact,
    PoliceOutcome,
    TransferOut,
    ViewingLogEntry,
    YoungPerson,
)
from app.services import cases, figures, queries, retention
from app.services.cases import CASE_TABLES
from app.services.workspace import Workspace
from app.training import age_past_retention, create_training_database
from app.wizard import spec as wizard_spec
from app.wizard import validate
from app.wizard.decision_aid import advise
from tests.conftest import PASSWORD
from tests.helpers.wizard_pages import experimental_in_school

AS_OF = date(2026, 11, 2)


def test_the_demo_carries_the_aids_facts_and_what_happened_to_each_child(
    tmp_path: Path,
) -> None:
    ws, _ = create_training_database(tmp_path / "demo.db", "trainer", PASSWORD, 80, as_of=AS_OF)
    try:
        with ws.read() as s:
            described = s.execute(
                select(IncidentDescription.sextortion, IncidentDescription.image_origin)
            ).all()
            origins = Counter(origin for _, origin in described)
            sextortion = Counter(a.value if a else None for a, _ in described)
            send = Counter(
                a.value if a else None for a in s.execute(select(YoungPerson.has_send)).scalars()
            )
            outcomes = s.execute(select(func.count()).select_from(PoliceOutcome)).scalar_one()
            per_child_mash = s.execute(
                select(func.count())
                .select_from(AgencyReferral)
                .where(AgencyReferral.young_person_id.is_not(None))
            ).scalar_one()
            custody = Counter(s.execute(select(Device.custody)).scalars())
            head = Counter(s.execute(select(ViewingLogEntry.head_agreed)).scalars())
            told_after = s.execute(
                select(ViewingLogEntry.head_told_at).where(ViewingLogEntry.head_agreed.is_(False))
            ).scalars()
            planned = s.execute(
                select(ParentCarerContact.planned_on).where(
                    ParentCarerContact.planned_on.is_not(None)
                )
            ).scalars()
            assert all(when is not None for when in told_after)
            assert list(planned)
        # Every fact recorded, in every kind the vocabulary has.
        assert None not in origins and None not in sextortion
        assert origins["ai_altered"] and origins["real"] and origins["not_known"]
        assert sextortion["yes"] and sextortion["no"]
        assert send["yes"] and send["no"] and send["not_known"] and None not in send
        assert outcomes and per_child_mash
        assert set(custody) == {"kept", "police", "returned"}
        assert head[True] and head[False]
        # The governors' figures count them: not everything "Not recorded".
        counted = Counter()
        for year in figures.school_years(ws):
            got = figures.figures(ws, year)
            counted.update({f"sextortion {k}": v for k, v in got.by_sextortion.items()})
            counted.update({f"origin {k}": v for k, v in got.by_image_origin.items()})
        assert counted["sextortion Yes"] > 0 and counted["sextortion No"] > 0
        assert counted["origin AI-made or altered"] > 0 and counted["origin Real"] > 0
        assert counted["sextortion Not recorded"] == 0
        assert counted["origin Not recorded"] == 0
    finally:
        ws.close()


def test_a_sextortion_and_a_nudified_case_read_as_the_aid_asks(tmp_path: Path) -> None:
    """Each case's pages say what its record says, and the aid finds nothing that
    disagrees (no question to look at again) in any demo case."""
    ws, _ = create_training_database(tmp_path / "demo.db", "trainer", PASSWORD, 80, as_of=AS_OF)
    try:
        spec = wizard_spec.load()
        kinds = set()
        for row in queries.list_cases(ws):
            pages = cases.draft_pages(ws, row.id)
            advice = advise(pages)
            assert advice.contradictions == (), (row.reference, advice.fired)
            if "initial_review" not in pages:
                continue  # the draft
            record = cases.load_case(ws, row.id, audit_view=False)
            described = record.rows("incident_descriptions")[0]
            if described.sextortion and described.sextortion.value == "yes":
                kinds.add("sextortion")
                assert pages["incident"]["sextortion"] == "yes"
                assert pages["incident"]["sextortion_demand"]
                assert "reason:sextortion" in advice.fired
                assert pages["initial_review"]["decision"] == "refer"
            if described.image_origin == "ai_altered":
                kinds.add("nudified")
                assert pages["incident_handling"]["image_origin"] == "ai_altered"
                assert "not_taken_by_child" in pages["incident"]["sharing"]
                assert record.case.classification.value == "aggravated"
            # The per-child rows are on the pages, child by child.
            keys = {p["key"] for p in pages["incident"]["young_people"]}
            if record.rows("police_outcomes"):
                assert set(pages["police"]["outcomes"]) == keys
                assert len(record.rows("police_outcomes")) == len(keys)
            mash = [r for r in record.rows("agency_referrals") if r.young_person_id]
            if mash:
                assert set(pages["agencies"]["mash"]) == keys  # an answer for each child
                assert len(mash) == len(keys)
            # Each page is one the wizard takes as it stands: no answer it cannot show.
            for page_id, values in pages.items():
                page = spec.page(page_id)
                ids = {f.id for f in page.fields}
                assert set(values) <= ids, (row.reference, page_id, set(values) - ids)
        assert kinds == {"sextortion", "nudified"}
    finally:
        ws.close()


def _rows_of(ws: Workspace, case_id: int, person_ids: list[int]) -> dict[str, int]:
    with ws.read() as s:
        out = {
            table: s.execute(
                select(func.count()).select_from(model).where(model.__table__.c.case_id == case_id)
            ).scalar_one()
            for table, model in CASE_TABLES.items()
            if table != "cases"
        }
        out["cases"] = s.execute(
            select(func.count()).select_from(Case).where(Case.id == case_id)
        ).scalar_one()
        for model in (PoliceOutcome, AgencyReferral, ParentCarerContact):
            out[f"{model.__tablename__} by child"] = s.execute(
                select(func.count()).select_from(model).where(model.young_person_id.in_(person_ids))
            ).scalar_one()
        out["transfers_out"] = s.execute(select(func.count()).select_from(TransferOut)).scalar_one()
    return out


def test_destroying_a_demo_case_leaves_none_of_its_per_child_rows(tmp_path: Path) -> None:
    ws, _ = create_training_database(tmp_path / "demo.db", "trainer", PASSWORD, 80, as_of=AS_OF)
    try:
        # A closed case with police outcomes and MASH referrals for its children.
        with ws.read() as s:
            both = set(s.execute(select(PoliceOutcome.case_id)).scalars()) & set(
                s.execute(
                    select(AgencyReferral.case_id).where(
                        AgencyReferral.young_person_id.is_not(None)
                    )
                ).scalars()
            )
            closed = s.execute(
                select(Case.id).where(Case.id.in_(both), Case.status == "closed")
            ).scalars()
            target = min(closed)
            people = list(
                s.execute(select(YoungPerson.id).where(YoungPerson.case_id == target)).scalars()
            )
        before = _rows_of(ws, target, people)
        assert before["police_outcomes"] and before["agency_referrals"]
        assert before["police_outcomes by child"] and before["agency_referrals by child"]
        # Make the closed cases reach their retention date, then destroy this one.
        closed_rows = [r for r in queries.list_cases(ws) if r.status.value == "closed"]
        aged = age_past_retention(ws, n=len(closed_rows))
        assert target in {r.id for r in aged}
        retention.destroy(ws, target, "Past retention; training.")
        after = _rows_of(ws, target, people)
        assert all(v == 0 for k, v in after.items() if k != "transfers_out"), after
        assert after["transfers_out"] == before["transfers_out"]
        with ws.read() as s:
            assert not s.execute(
                select(func.count())
                .select_from(PoliceOutcome)
                .where(PoliceOutcome.young_person_id.not_in(select(YoungPerson.id)))
            ).scalar_one()
    finally:
        ws.close()


def test_parents_planned_for_a_day_before_it_came_to_light_gets_a_note_that_does_not_block() -> (
    None
):
    pages = experimental_in_school()
    came = pages["incident"]["came_to_light_at"]
    day_before = (date.today() - timedelta(days=5)).strftime("%d/%m/%Y")
    pages["agencies"]["parents"]["b2"] = {"informed": "planned", "planned_on": day_before}
    page = wizard_spec.load().page("agencies")
    problems = validate.check_page(page, pages["agencies"], validate.context_for(pages))
    assert validate.errors(problems) == []
    notes = [p for p in problems if p.path == "parents.b2.planned_on"]
    assert [(p.severity, p.message) for p in notes] == [
        (
            "note",
            f"Planned for: this is before the incident came to light ({came}). "
            "Check both; if it really happened first, say so in the notes.",
        )
    ]
    # The day it came to light, or later, is no concern; nor is a plan for next week.
    for fine in (0, -7):
        day = (date.today() - timedelta(days=1 + fine)).strftime("%d/%m/%Y")
        pages["agencies"]["parents"]["b2"]["planned_on"] = day
        again = validate.check_page(page, pages["agencies"], validate.context_for(pages))
        assert not [p for p in again if "came to light" in p.message]
