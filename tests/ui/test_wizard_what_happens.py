"""Recording what actually happens, typed through the real wizard, then stored and printed.

The head told after a viewing, a device handed to the police, the police outcome and the
MASH referral for each child, parents to be told on a planned day; and the banner, which
says what was referred instead of "refer now" once it has been.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.reports import render_case_pdf
from app.services import cases, incident
from app.services.workspace import Workspace
from app.ui.casefile import CaseFileWindow
from app.ui.qt import QLabel
from app.wizard.decision_aid import words
from tests.helpers.ui import record_shown
from tests.helpers.wizard_driver import Driver, ago, in_days, make_wizard, ws
from tests.helpers.wizard_pages import experimental_in_school
from tests.test_reports import pdf_text
from tests.test_what_happens import police_case

__all__ = ["make_wizard", "ws"]  # fixtures

ZOE, LUKASZ = "a1", "b2"


def _refer_draft(ws: Workspace) -> int:
    """Pages 1 to 3 saved, with coercion: the aid says refer now."""
    pages = experimental_in_school()
    pages["initial_review"] |= {
        "q_coercion_or_capacity": "yes",
        "decision": "refer",
        "decision_reason": "He pressed her for the photo.",
    }
    case_id = cases.create_case(ws).id
    for page in ("incident", "initial_review", "conversations"):
        cases.save_draft_page(ws, case_id, page, pages[page])
    return case_id


def showing(d: Driver, path: str) -> bool:
    """Whether the question at `path` is shown on the page (no hidden row above it)."""
    widget: Any = d.editor(path)
    while widget is not None and widget is not d.w:
        if widget.isHidden():
            return False
        widget = widget.parentWidget()
    return True


def test_the_head_told_afterwards_a_device_to_the_police_and_referrals_per_child(
    make_wizard: Callable[..., Driver], ws: Workspace, qtbot: Any
) -> None:
    case_id = _refer_draft(ws)
    d = make_wizard(case_id)
    assert d.page_id == "conversations"  # resumed where the DSL left off
    d.next(expect_page="incident_handling")
    refer = words()["refer"]["headline"]
    assert d.w.banner.headline.text() == refer
    assert d.w.banner.contacts.isVisible()

    d.type("description", "Semi-nude selfie, as Zoë described it.")
    d.choose("assessment", "potentially_illegal")
    d.add("devices")
    d.qtbot.wait(300)  # the new card is shown once laid out
    d.type("devices.0.description", "Zoë's phone")

    def told_shown() -> bool:
        return showing(d, "devices.0.handed_to")

    assert not told_shown()  # only once "Handed to the police" is chosen
    d.choose("devices.0.custody", "police")
    assert told_shown()
    assert not showing(d, "devices.0.stored_where")
    d.type("devices.0.handed_over_at", ago(0, 9, 30))
    d.type("devices.0.handed_to", "PC Rees 4471")
    d.type("devices.0.police_reference", "EXH-1")

    d.choose("was_viewed", "yes")
    d.qtbot.wait(300)
    d.type("viewing_log.0.viewed_at", ago(0, 8, 50))
    d.type("viewing_log.0.viewed_by", "Jo Smith (DSL)")
    d.type("viewing_log.0.reason", "Zoë held the phone up before anyone could stop her.")

    def when_told_shown() -> bool:
        return showing(d, "viewing_log.0.head_told_at")

    assert not when_told_shown()
    d.choose("viewing_log.0.head_agreed", "no")
    assert when_told_shown()
    # Next without who was told, or when: named on the page, nothing moves on.
    d.click(d.w.next_button)
    assert d.page_id == "incident_handling"
    shown = " ".join(d.shown_errors())
    assert "Who was told afterwards (name and role)" in shown
    assert "When they were told" in shown
    d.type("viewing_log.0.head_name", "Mr Khan, deputy head")
    d.type("viewing_log.0.head_told_at", ago(0, 9, 5))
    d.next(expect_page="police")

    d.choose("reported", "yes")  # coercion: question 2, shown here (asked once)
    d.type("reason", "He pressed her: coercion.")
    d.type("reported_at", ago(0, 9, 40))
    d.type("force", "Northshire Police")
    d.type("crime_reference", "NP/118")
    d.choose(f"outcomes.{ZOE}.outcome_code", "Outcome 21")
    d.choose(f"outcomes.{LUKASZ}.outcome_code", "No further action")
    d.type(f"outcomes.{LUKASZ}.crime_reference", "NP/119")
    d.qtbot.wait(300)  # the banner follows the answers
    headline = d.w.banner.headline.text()
    assert headline.startswith("Referred: Police told ") and headline.endswith(", ref NP/118")
    assert d.w.banner.view == "referred"
    assert not d.w.banner.contacts.isVisible()
    d.next(expect_page="agencies")

    d.choose("mash_referred", "yes")
    d.type("mash_reason", "Zoë may be at risk from the pressure.")
    d.choose(f"mash.{ZOE}.referred", "yes")
    d.type(f"mash.{ZOE}.referred_on", in_days(0))
    d.type(f"mash.{ZOE}.reference", "MASH-77")
    d.choose(f"mash.{LUKASZ}.referred", "no")
    d.qtbot.wait(300)
    assert "; MASH referral " in d.w.banner.headline.text()
    assert d.w.banner.headline.text().endswith("(Zoë O'Brien)")
    d.choose(f"parents.{ZOE}.informed", "yes")
    d.type(f"parents.{ZOE}.who", "Mother")
    d.type(f"parents.{ZOE}.informed_at", ago(0, 10))
    d.choose(f"parents.{LUKASZ}.informed", "planned")
    assert showing(d, f"parents.{LUKASZ}.planned_on")
    assert not showing(d, f"parents.{LUKASZ}.reason_not_informed")
    d.type(f"parents.{LUKASZ}.planned_on", in_days(1))
    d.next(expect_page="plan")
    assert d.editor("first_review_on").value() == in_days(14)  # suggested: two weeks
    d.next(expect_page="summary")
    d.choose("classification", "aggravated")
    d.type("classification_reason", "Coercion.")
    d.finish()

    reference = d.w.finished_reference
    assert reference, d.shown_errors()
    record = cases.load_case(ws, reference)
    names = {p.id: p.name for p in record.rows("young_people")}
    assert [(d.custody, d.handed_to) for d in record.rows("devices")] == [
        ("police", "PC Rees 4471")
    ]
    viewing = record.rows("viewing_log")[0]
    assert (viewing.head_agreed, viewing.head_name) == (False, "Mr Khan, deputy head")
    assert {names[o.young_person_id]: o.outcome_code for o in record.rows("police_outcomes")} == {
        "Zoë O'Brien": "Outcome 21",
        "Łukasz Nowak": "No further action",
    }
    assert {
        names[r.young_person_id]: (r.referred, r.reference) for r in record.rows("agency_referrals")
    } == {"Zoë O'Brien": (True, "MASH-77"), "Łukasz Nowak": (False, None)}

    text = pdf_text(
        render_case_pdf(record, school="S", marking="OFFICIAL", printed_by="Jo", training=False)
    )[1]
    for printed in (
        "Where it is now Handed to the police",
        "Handed to PC Rees 4471",
        "No: the head was told afterwards",
        "Who was told afterwards Mr Khan, deputy head",
        "The outcome for each young person",
        "Crime reference NP/119",
        "Children's social care (MASH): Zoë O'Brien",
        "Not yet: planned",
    ):
        assert printed in text, printed


def test_the_case_file_shows_each_childs_outcome_and_referral(
    make_wizard: Callable[..., Driver], ws: Workspace, qtbot: Any
) -> None:
    case_id = cases.create_case(ws).id
    for page, values in police_case().items():
        cases.save_draft_page(ws, case_id, page, values)
    incident.finish(ws, case_id)
    window = CaseFileWindow(ws, case_id)
    qtbot.addWidget(window)
    window.show()
    record_shown(qtbot, window)
    record = cases.load_case(ws, case_id, audit_view=False)
    titles = [label.text() for label in window.findChildren(QLabel)]
    assert "Police outcome for Zoë O'Brien" in titles
    assert "Police outcome for Łukasz Nowak" in titles
    assert "Children's social care (MASH): Łukasz Nowak" in titles
    outcome = next(
        o for o in record.rows("police_outcomes") if o.outcome_code == "No further action"
    )
    shown = window.record_view.values[("police_outcomes", outcome.id, "outcome_code")]
    assert shown.text() == "No further action"
    device = record.rows("devices")[0]
    assert window.record_view.values[("devices", device.id, "custody")].text() == (
        "Handed to the police"
    )
    # The case-level outcome of records made before is not offered beside the per-child ones.
    police = record.rows("police_contacts")[0]
    assert ("police_contacts", police.id, "outcome_code") not in window.record_view.values
