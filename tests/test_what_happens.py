"""Recording what actually happens: the viewing log, devices, referrals per child, parents.

Through the services as the wizard's pages are saved, then finished and printed
(text read back with pypdf); old drafts (format 1) and old databases still open and print.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from app.models import (
    AgencyReferral,
    ChronologyEntry,
    Device,
    ParentCarerContact,
    PoliceOutcome,
    ViewingLogEntry,
)
from app.reports import render_case_pdf
from app.security.keyslots import KeySlots, save_keyslots
from app.services import audit, cases, dashboard, incident
from app.services.workspace import Workspace, unlock
from app.storage import store
from app.storage.paths import keyslots_path
from app.wizard import draft_format as df
from app.wizard import spec as wizard_spec
from app.wizard.validate import check_page, context_for, errors
from tests.conftest import DSL, PASSWORD
from tests.helpers.wizard_pages import experimental_in_school
from tests.test_reports import pdf_text


def _dt(days_ago: float, hour: int) -> str:
    when = datetime.now().replace(hour=hour, minute=5) - timedelta(days=days_ago)
    return when.strftime("%d/%m/%Y %H:%M")


def _day(days: int) -> str:
    return (date.today() + timedelta(days=days)).strftime("%d/%m/%Y")


def police_case() -> dict[str, dict[str, Any]]:
    """Two children; reported to the police; MASH for one; devices handed on and returned."""
    pages = experimental_in_school()
    pages["incident_handling"] |= {
        "devices": [
            {
                "key": "d1",
                "description": "Zoë's phone",
                "custody": "police",
                "handed_over_at": _dt(1, 15),
                "handed_to": "PC Ade Jones 4471",
                "police_reference": "EXH-77",
            },
            {
                "key": "d2",
                "description": "Łukasz's tablet",
                "custody": "returned",
                "returned_at": _dt(1, 16),
                "returned_to": "His father",
            },
        ],
        "was_viewed": "yes",
        "viewing_log": [
            {
                "key": "v1",
                "viewed_at": _dt(1, 11),
                "viewed_by": "DSL",
                "reason": "Zoë showed it to her tutor before anyone could stop her.",
                "head_agreed": "no",
                "head_name": "Mr Khan, deputy head",
                "head_told_at": _dt(1, 12),
            }
        ],
    }
    pages["police"] = {
        "coercion_or_threats": "no",
        "reported": "yes",
        "reason": "The image went round a year-group chat.",
        "reported_at": _dt(1, 14),
        "force": "Metropolitan Police",
        "crime_reference": "CR/123",
        "outcomes": {
            "a1": {"outcome_code": "Outcome 21", "outcome_notes": "Recorded for safeguarding."},
            "b2": {"outcome_code": "No further action", "crime_reference": "CR/124"},
        },
    }
    pages["agencies"] = {
        "mash_referred": "yes",
        "mash_reason": "Zoë is known to social care.",
        "mash": {
            "a1": {"referred": "yes", "referred_on": _day(-1), "reference": "MASH-5531"},
            "b2": {"referred": "no"},
        },
        "parents": {
            "a1": {"informed": "yes", "who": "Mother", "informed_at": _dt(1, 17), "how": "Phone"},
            "b2": {"informed": "planned", "planned_on": _day(1)},
        },
    }
    return pages


def _open(ws: Workspace, pages: dict[str, dict[str, Any]]) -> int:
    case_id = cases.create_case(ws).id
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values)
    incident.finish(ws, case_id)
    return case_id


def _printed(ws: Workspace, case_id: int, child: int | None = None) -> str:
    record = cases.load_case(ws, case_id)
    data = render_case_pdf(
        record, school="S", marking="OFFICIAL", printed_by="Jo", training=False, child_id=child
    )
    return pdf_text(data)[1]


def test_what_happened_is_recorded_and_printed(ws: Workspace) -> None:
    case_id = _open(ws, police_case())
    record = cases.load_case(ws, case_id, audit_view=False)
    children = {r.name: r.id for r in record.rows("young_people")}
    with ws.read() as s:
        devices = s.execute(select(Device).order_by(Device.id)).scalars().all()
        assert [(d.custody, d.handed_to, d.police_reference, d.returned_to) for d in devices] == [
            ("police", "PC Ade Jones 4471", "EXH-77", None),
            ("returned", None, None, "His father"),
        ]
        assert devices[0].stored_where is None
        viewing = s.execute(select(ViewingLogEntry)).scalar_one()
        assert (viewing.head_agreed, viewing.head_name) == (False, "Mr Khan, deputy head")
        assert viewing.head_told_at is not None
        outcomes = {
            o.young_person_id: (o.outcome_code, o.crime_reference)
            for o in s.execute(select(PoliceOutcome)).scalars()
        }
        assert outcomes == {
            children["Zoë O'Brien"]: ("Outcome 21", None),
            children["Łukasz Nowak"]: ("No further action", "CR/124"),
        }
        mash = {
            r.young_person_id: (r.referred, r.reference, r.reason)
            for r in s.execute(select(AgencyReferral)).scalars()
        }
        assert mash == {
            children["Zoë O'Brien"]: (True, "MASH-5531", "Zoë is known to social care."),
            children["Łukasz Nowak"]: (False, None, "Zoë is known to social care."),
        }
        parents = {
            p.young_person_id: (p.informed, p.planned_on, p.reason_not_informed)
            for p in s.execute(select(ParentCarerContact)).scalars()
        }
        assert parents[children["Łukasz Nowak"]] == (False, date.today() + timedelta(days=1), None)
        chronology = [c.entry for c in s.execute(select(ChronologyEntry)).scalars()]
    assert "Device handed to the police." in chronology
    assert "Device returned." in chronology
    assert "The head was told of a viewing afterwards." in chronology
    assert chronology.count("Referred to children's social care (MASH).") == 1

    text = _printed(ws, case_id)
    for words in (
        "Where it is now Handed to the police",
        "Handed to PC Ade Jones 4471",
        "Police reference EXH-77",
        "Returned to His father",
        "No: the head was told afterwards",
        "Who was told afterwards Mr Khan, deputy head",
        "The outcome for each young person",
        "Outcome 21: recorded",
        "No further action",
        "Crime reference CR/124",
        "Children's social care (MASH): Zoë O'Brien",
        "Children's social care (MASH): Łukasz Nowak",
        "MASH-5531",
        "Not yet: planned",
        "Not told yet: planned for",
    ):
        assert words in text, words

    # Łukasz's extract: his outcome and his referral, not Zoë's.
    extract = _printed(ws, case_id, children["Łukasz Nowak"])
    assert "No further action" in extract
    assert "Outcome 21" not in extract
    assert "MASH-5531" not in extract


def test_a_parents_visit_planned_for_today_shows_under_today(ws: Workspace) -> None:
    pages = police_case()
    pages["agencies"]["parents"]["b2"]["planned_on"] = _day(0)
    case_id = _open(ws, pages)
    items = [i for i in dashboard.today_items(ws) if i.case_id == case_id]
    assert [i.text for i in items if i.kind == "parents"] == [dashboard.PARENTS_TO_TELL]


@pytest.mark.parametrize(
    ("page", "change", "path", "words"),
    [
        (
            "incident_handling",
            lambda p: p["viewing_log"][0].pop("head_told_at"),
            "viewing_log.0.head_told_at",
            "When they were told",
        ),
        (
            "incident_handling",
            lambda p: p["viewing_log"][0].update(head_agreed=""),
            "viewing_log.0.head_agreed",
            "Did the head agree beforehand?",
        ),
        (
            "incident_handling",
            lambda p: p["devices"][0].pop("handed_to"),
            "devices.0.handed_to",
            "Handed to",
        ),
        (
            "incident_handling",
            lambda p: p["devices"][1].update(custody=""),
            "devices.1.custody",
            "Where is it now?",
        ),
        ("police", lambda p: p.pop("reported_at"), "reported_at", "When reported"),
        ("agencies", lambda p: p["mash"]["a1"].pop("referred_on"), "mash.a1.referred_on", "Date"),
        ("agencies", lambda p: p["mash"]["b2"].pop("referred"), "mash.b2.referred", "Referred?"),
        (
            "agencies",
            lambda p: p["parents"]["b2"].pop("planned_on"),
            "parents.b2.planned_on",
            "Planned for",
        ),
    ],
)
def test_each_missing_answer_is_named_and_nothing_is_opened(
    ws: Workspace, page: str, change: Any, path: str, words: str
) -> None:
    pages = police_case()
    change(pages[page])
    ctx = context_for(pages)
    found = errors(check_page(wizard_spec.load().page(page), pages[page], ctx))
    assert [p.path for p in found] == [path]
    assert words in found[0].message
    case_id = cases.create_case(ws).id
    for name, values in pages.items():
        cases.save_draft_page(ws, case_id, name, values)
    with pytest.raises(incident.IncompleteCase):
        incident.finish(ws, case_id)
    with ws.read() as s:
        assert s.execute(select(Device)).first() is None


# -- drafts typed on format 1 ---------------------------------------------------------------


def format_1_pages() -> dict[str, dict[str, Any]]:
    """What the wizard saved before format 3: tick box, page-level MASH and outcome."""
    pages = police_case()
    handling = pages["incident_handling"]
    handling["viewing_log"] = [
        {**handling["viewing_log"][0], "head_agreed": True, "head_name": "Mrs Reid"},
        {**handling["viewing_log"][0], "key": "v2", "head_agreed": False, "head_name": "Ms Lee"},
    ]
    for entry in handling["viewing_log"]:
        entry.pop("head_told_at")
    handling["devices"] = [{"key": "d1", "description": "Phone", "stored_where": "Safe"}]
    pages["police"].pop("outcomes")
    pages["police"] |= {"outcome_code": "Outcome 21", "outcome_notes": "Recorded."}
    pages["agencies"].pop("mash")
    pages["agencies"] |= {
        "mash_referred_on": _day(-1),
        "mash_reference": "MASH-9",
        "mash_outcome": "Strategy meeting",
    }
    pages["agencies"]["parents"]["b2"] = {"informed": "yes", "who": "Dad", "informed_at": _dt(1, 9)}
    return pages


def test_a_format_1_draft_is_carried_forward_and_opens(ws: Workspace) -> None:
    old = format_1_pages()
    case_id = cases.create_case(ws).id
    for page, values in old.items():
        cases.save_draft_page(ws, case_id, page, values, 1)
    pages = cases.draft_pages(ws, case_id)
    handling = pages["incident_handling"]
    assert [v["head_agreed"] for v in handling["viewing_log"]] == ["yes", ""]
    assert [v["head_name"] for v in handling["viewing_log"]] == ["Mrs Reid", "Ms Lee"]
    assert handling["devices"][0] | {} == {
        "key": "d1",
        "description": "Phone",
        "stored_where": "Safe",
        "custody": "kept",
    }
    assert "outcome_code" not in pages["police"]
    assert pages["police"]["outcomes"] == {
        k: {"outcome_code": "Outcome 21", "outcome_notes": "Recorded."} for k in ("a1", "b2")
    }
    assert pages["agencies"]["mash"]["b2"] == {
        "referred": "yes",
        "referred_on": _day(-1),
        "reference": "MASH-9",
        "outcome": "Strategy meeting",
    }
    # The tick box not ticked is asked again (the name typed is kept beside it).
    problems = incident.page_problems(pages)
    assert list(problems) == ["incident_handling"]
    assert [p.path for p in problems["incident_handling"]] == ["viewing_log.1.head_agreed"]

    handling["viewing_log"][1] |= {"head_agreed": "no", "head_told_at": _dt(1, 13)}
    cases.save_draft_page(ws, case_id, "incident_handling", handling)
    incident.finish(ws, case_id)
    text = _printed(ws, case_id)
    assert "Who agreed" not in text
    for words in ("The head's name Mrs Reid", "Ms Lee", "Kept now Safe", "MASH-9"):
        assert words in text, words


def test_upgrade_to_v3_twice_changes_nothing_more_and_tolerates_missing_pages() -> None:
    once = df.upgrade_to_v3(copy.deepcopy(format_1_pages()))
    assert df.upgrade_to_v3(copy.deepcopy(once)) == once
    # Without the young people (page 1 saved in a newer format) the answers stay put.
    alone = {"police": {"reported": "yes", "outcome_code": "Outcome 21"}, "agencies": {}}
    assert df.upgrade_to_v3(copy.deepcopy(alone)) == alone
    assert df.upgrade_to_v3({}) == {}
    odd = {"incident_handling": {"viewing_log": "typed text", "devices": [None, 3]}}
    assert df.upgrade_to_v3(copy.deepcopy(odd)) == odd


# -- a database made before this change -------------------------------------------------------


def test_a_record_made_before_opens_and_prints_what_was_typed(tmp_path: Path) -> None:
    """A viewing with the head's name typed but the box not ticked used to print only "No"."""
    path = tmp_path / "old" / "casebook.db"
    slots, key, _recovery = KeySlots.create(DSL, PASSWORD)
    store.create_empty_file(path)
    save_keyslots(keyslots_path(path), slots)
    engine = store.make_engine(path, key)
    with engine.begin() as conn:
        command.upgrade(store._alembic_config(conn), "0002")
    raw = engine.raw_connection()
    c = raw.driver_connection
    c.execute("BEGIN")
    now = "2025-01-06 09:00:00.000000"
    c.execute(
        "INSERT INTO staff_accounts (id, username, display_name, role, active, created_at) "
        "VALUES (1, ?, 'Ann', 'dsl', 1, ?)",
        (DSL, now),
    )
    c.execute(
        "INSERT INTO cases (id, reference, status, created_at, created_by_id, updated_at, "
        "came_to_light_at) VALUES (1, '2025-0001', 'draft', ?, 1, ?, ?)",
        (now, now, now),
    )
    c.execute("INSERT INTO young_people (id, case_id, name, roles) VALUES (1, 1, 'Pupil', '[]')")
    c.execute(
        "INSERT INTO viewing_log (case_id, viewed_at, viewed_by, reason, head_agreed, head_name) "
        "VALUES (1, ?, 'DSL', 'Shown to staff', 0, 'Mrs Okafor')",
        (now,),
    )
    c.execute(
        "INSERT INTO devices (case_id, description, stored_where) VALUES (1, 'Phone', 'Safe')"
    )
    c.execute(
        "INSERT INTO police_contacts (case_id, reported, outcome_code) VALUES (1, 1, 'Outcome 21')"
    )
    c.execute(
        "INSERT INTO agency_referrals (case_id, agency, referred, reference) "
        "VALUES (1, 'mash', 1, 'MASH-1')"
    )
    c.execute(
        "INSERT INTO parent_carer_contacts (case_id, young_person_id, informed, "
        "reason_not_informed) VALUES (1, 1, 0, 'Risk at home')"
    )
    c.execute("UPDATE cases SET status = 'open' WHERE id = 1")
    at = "2025-01-06T09:00:00.000000+00:00"
    digest = audit.entry_hash(1, at, DSL, "created", "database", "", audit.GENESIS)
    c.execute(
        "INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) "
        "VALUES (1, ?, ?, 'created', 'database', '', ?, ?)",
        (at, DSL, audit.GENESIS, digest),
    )
    c.execute("INSERT INTO audit_head (id, count, hash) VALUES (1, 1, ?)", (digest,))
    c.execute("COMMIT")
    raw.close()
    store.migrate(engine, path, "0002")
    engine.dispose()

    ws = unlock(path, DSL, PASSWORD)
    try:
        text = _printed(ws, 1)
    finally:
        ws.close()
    for words in (
        "The head agreed beforehand No",
        "The head's name Mrs Okafor",
        "Kept now Safe",
        "Outcome Outcome 21",
        "MASH-1",
        "No: decided not to tell them",
        "Risk at home",
    ):
        assert words in text, words


def test_an_amended_outcome_stays_on_that_childs_file(ws: Workspace) -> None:
    case_id = _open(ws, police_case())
    record = cases.load_case(ws, case_id, audit_view=False)
    children = {r.name: r.id for r in record.rows("young_people")}
    zoe = next(o for o in record.rows("police_outcomes") if o.outcome_code == "Outcome 21")
    cases.amend(
        ws, case_id, "police_outcomes", zoe.id, "outcome_code", "Charged or cautioned", "Police"
    )
    history = cases.case_history(ws, case_id)
    record = cases.load_case(ws, case_id, audit_view=False)

    def printed(child: int | None) -> str:
        data = render_case_pdf(
            record,
            school="S",
            marking="OFFICIAL",
            printed_by="Jo",
            training=False,
            history=history,
            child_id=child,
        )
        return pdf_text(data)[1]

    assert "Police outcome (Zoë O'Brien)" in printed(None)
    assert "Charged or cautioned" in printed(children["Zoë O'Brien"])
    theirs = printed(children["Łukasz Nowak"])
    assert "Charged or cautioned" not in theirs
    assert "Police outcome" not in theirs


def test_the_summary_page_lists_each_childs_outcome_and_referral() -> None:
    from app.wizard import summary

    sections = dict(summary.summary_sections(police_case(), wizard_spec.load()))
    police = " ".join(f"{k} {v}" for k, v in sections["Police"])
    assert "Outcome 21" in police and "No further action" in police
    agencies = " ".join(f"{k} {v}" for k, v in sections["Other agencies and parents or carers"])
    assert "MASH-5531" in agencies
    assert "Not yet: planned for a date" in agencies
