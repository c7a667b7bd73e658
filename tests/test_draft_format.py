"""Drafts carry the format of the pages they were typed on, and older ones are carried
forward answer by answer when pages.json renames or retypes a question."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select

from app.models import DraftPage
from app.resources import load_json
from app.services import cases
from app.services.workspace import Workspace
from app.wizard import draft_format as df
from app.wizard import spec as wizard_spec
from app.wizard.validate import check_page, context_for, errors
from tests.draft_v2 import NEXT, use_v2, v2_document
from tests.helpers.wizard_pages import experimental_in_school


def saved_at(ws: Workspace, pages: dict[str, dict[str, Any]], version: int) -> int:
    case_id = cases.create_case(ws).id
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values, version)
    return case_id


def test_pages_json_says_its_format_and_every_step_up_to_it_exists() -> None:
    spec = wizard_spec.load()
    assert load_json("wizard/pages.json")["format_version"] == spec.format_version == 3
    for version in range(df.FIRST_VERSION + 1, spec.format_version + 1):
        assert df.step(version) is not None, f"no upgrade_to_v{version}"


@pytest.mark.parametrize("bad", [0, -1, "2", 1.5, True, None])
def test_a_format_version_that_is_not_a_whole_number_is_refused(bad: Any) -> None:
    doc = copy.deepcopy(load_json("wizard/pages.json"))
    doc["format_version"] = bad
    with pytest.raises(wizard_spec.SpecError, match="format_version"):
        wizard_spec.parse(doc)


def test_a_pages_file_from_before_versions_is_format_1() -> None:
    doc = copy.deepcopy(load_json("wizard/pages.json"))
    del doc["format_version"]
    assert wizard_spec.parse(doc).format_version == 1


def test_each_saved_page_records_the_format_it_was_typed_on(ws: Workspace) -> None:
    case_id = cases.create_case(ws).id
    cases.save_draft_page(ws, case_id, "incident", {"summary": "x"})
    cases.save_draft_page(ws, case_id, "plan", {"bullying": "y"}, 7)
    with ws.read() as s:
        rows = {r.page: r.format_version for r in s.execute(select(DraftPage)).scalars()}
    assert rows == {"incident": wizard_spec.load().format_version, "plan": 7}


def test_a_version_1_draft_loads_on_version_2_pages_with_every_answer_intact(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = experimental_in_school()
    case_id = saved_at(ws, typed, 1)
    typed["incident"]["young_people"][1]["looked_after"] = True
    cases.save_draft_page(ws, case_id, "incident", typed["incident"], 1)
    spec = use_v2(monkeypatch)

    pages = cases.draft_pages(ws, case_id)

    incident = pages["incident"]
    assert "summary" not in incident
    assert incident["what_happened"] == typed["incident"]["summary"]
    assert incident["reported_by"] == ["tutor"]
    assert [p["looked_after"] for p in incident["young_people"]] == ["no", "yes"]
    # Everything else exactly as typed, and every page still passes its checks.
    for page, values in typed.items():
        for key, value in values.items():
            if key not in ("summary", "reported_by", "young_people"):
                assert pages[page][key] == value, (page, key)
    ctx = context_for(pages)
    for page_spec in spec.pages:
        assert errors(check_page(page_spec, pages[page_spec.id], ctx)) == [], page_spec.id
    # The rows themselves are left as saved until the page is saved again.
    with ws.read() as s:
        row = s.execute(select(DraftPage).where(DraftPage.page == "incident")).scalar_one()
        assert row.format_version == 1 and "summary" in row.fields


def test_pages_saved_at_different_versions_are_each_carried_from_their_own(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_v2(monkeypatch)
    case_id = cases.create_case(ws).id
    cases.save_draft_page(ws, case_id, "incident", {"summary": "old", "reported_by": "Mum"}, 1)
    # Saved on the newer version already: a field named "summary" there is something else.
    cases.save_draft_page(ws, case_id, "plan", {"summary": "kept as it is"}, NEXT)
    pages = cases.draft_pages(ws, case_id)
    assert pages["incident"] == {"what_happened": "old", "reported_by": ["parent"]}
    assert pages["plan"] == {"summary": "kept as it is"}


def test_what_a_step_cannot_convert_is_left_as_it_was(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = use_v2(monkeypatch)
    case_id = cases.create_case(ws).id
    cases.save_draft_page(ws, case_id, "incident", {"reported_by": "The caretaker, Mr Ode"}, 1)
    incident = cases.draft_pages(ws, case_id)["incident"]
    assert incident["reported_by"] == "The caretaker, Mr Ode"
    field = spec.page("incident").field("reported_by")
    assert not df.fits(field, incident["reported_by"])  # the wizard keeps it and shows it


def test_a_step_run_twice_changes_nothing_more() -> None:
    from tests.draft_v2 import upgrade_to_next

    once = upgrade_to_next(copy.deepcopy(experimental_in_school()))
    twice = upgrade_to_next(copy.deepcopy(once))
    assert once == twice


def test_a_missing_step_keeps_the_pages_as_saved() -> None:
    pages = {"incident": {"summary": "x"}}
    assert df.upgrade(pages, {"incident": 1}, 3) == pages


def test_a_page_from_a_newer_casebook_is_left_as_it_is() -> None:
    pages = {"incident": {"what_happened": "x"}}
    assert df.upgrade(pages, {"incident": 5}, 1) == pages


def test_helpers() -> None:
    pages: df.Pages = {
        "incident": {
            "old": "a",
            "young_people": [{"looked_after": True}, {"looked_after": "yes"}, "junk"],
        },
        "conversations": {"conversations": {"k1": {"held": "yes"}, "k2": {}}},
    }
    df.rename_field(pages, "incident", "old", "new")
    df.retype_field(pages, "incident", "young_people.*.looked_after", df.check_to_choice())
    df.retype_field(pages, "conversations", "conversations.*.held", df.choice_to_check())
    df.move_field(pages, "incident", "new", "plan")
    assert pages == {
        "incident": {
            "young_people": [{"looked_after": "yes"}, {"looked_after": "yes"}, "junk"],
        },
        "conversations": {"conversations": {"k1": {"held": True}, "k2": {}}},
        "plan": {"new": "a"},
    }
    assert df.recode({"a": "b"})(["a", "c"]) == ["b", "c"]
    assert df.text_to_code({"Form tutor": "tutor"})(" form TUTOR ") == "tutor"
    assert df.text_to_code({"Form tutor": "tutor"})("caretaker") == "caretaker"


def test_what_fits_each_kind_of_question() -> None:
    spec = wizard_spec.parse(v2_document())
    incident = spec.page("incident")
    person = incident.field("young_people").fields
    by_id = {f.id: f for f in (*incident.fields, *person)}
    assert df.fits(by_id["what_happened"], "text") and not df.fits(by_id["what_happened"], ["a"])
    assert df.fits(by_id["adults_involved"], "not_known")
    assert not df.fits(by_id["adults_involved"], "maybe")  # a code no longer offered
    assert df.fits(by_id["reported_by"], ["tutor"]) and not df.fits(by_id["reported_by"], "x")
    assert not df.fits(by_id["reported_by"], ["tutor", "gone"])
    assert df.fits(by_id["earlier_mash_referral"], True)
    assert not df.fits(by_id["earlier_mash_referral"], "yes")
    assert not df.fits(by_id["young_people"], "Zoë and Tom")
    assert df.readable(["tutor", "gone"], by_id["reported_by"]) == "A form tutor, gone"
    assert df.readable(True) == "ticked"
