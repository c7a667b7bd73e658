"""Nothing typed is lost when pages.json changes: an old draft loads with every answer,
and an answer a question can no longer show is kept and shown beside it, never emptied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.services import cases
from app.services.workspace import Workspace
from app.ui.wizard.earlier import EARLIER_REMOVE, UNFIT_PROBLEM
from app.ui.wizard.editors import MultiEditor
from app.ui.wizard.form import Row
from app.wizard import draft_format as df
from tests.draft_v2 import NEXT, use_v2
from tests.helpers.wizard_driver import Driver, make_wizard, ws
from tests.helpers.wizard_pages import experimental_in_school

__all__ = ["make_wizard", "ws"]  # fixtures


def saved_case(ws: Workspace, pages: dict[str, dict[str, Any]], version: int = 1) -> int:
    case_id = cases.create_case(ws).id
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values, version)
    return case_id


def assert_kept(saved: Any, typed: Any, where: str = "") -> None:
    """Everything typed is in what was saved, as typed (the wizard adds blank answers
    to the questions not answered)."""
    if isinstance(typed, dict):
        assert isinstance(saved, dict), where
        for key, value in typed.items():
            assert key in saved, f"{where}.{key} lost"
            assert_kept(saved[key], value, f"{where}.{key}")
    elif isinstance(typed, list) and typed and isinstance(typed[0], dict):
        assert isinstance(saved, list) and len(saved) == len(typed), where
        for n, (a, b) in enumerate(zip(saved, typed, strict=True)):
            assert_kept(a, b, f"{where}.{n}")
    else:
        assert saved == typed, where


def earlier_shown(r: Row) -> str:
    return r.earlier_text.text() if r.earlier.isVisibleTo(r.window()) else ""


def turn_every_page_and_close(d: Driver) -> None:
    for index in range(len(d.w.pages)):
        d.w.go_to(index)
    for view in d.w.pages:  # every page saved again, as typing on it would
        d.w.autosave.touch(view.spec.id)
    assert d.w.autosave.flush()
    d.click(d.w.close_button)


def test_an_old_format_draft_loads_after_an_upgrade_with_every_answer_intact(
    make_wizard: Callable[..., Driver], ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old-format draft (made with today's pages.json) loads after an upgrade with every
    answer intact: shown in its renamed or retyped question, and saved again as version 2."""
    typed = experimental_in_school()
    case_id = saved_case(ws, typed)  # saved on format 1, carried to today's and the next
    use_v2(monkeypatch)

    d = make_wizard(case_id)
    d.w.go_to(0)
    summary = d.editor("what_happened", "incident")
    assert summary.value() == typed["incident"]["summary"]
    reported = d.editor("reported_by", "incident")
    assert isinstance(reported, MultiEditor) and reported.value() == ["tutor"]
    for n in range(2):
        assert d.editor(f"young_people.{n}.looked_after", "incident").value() == "no"
    for view in d.w.pages:
        assert view.form.unfit() == [], view.spec.id
        for r in view.form.rows.values():
            assert earlier_shown(r) == "", r.spec.id
    turn_every_page_and_close(d)

    again = cases.draft_pages(ws, case_id)
    assert again["incident"]["what_happened"] == typed["incident"]["summary"]
    assert again["incident"]["reported_by"] == ["tutor"]
    expected = df.upgrade(typed, {}, NEXT)  # the step's own answer for the renamed and retyped
    assert expected["incident"]["young_people"][0]["looked_after"] == "no"
    assert_kept(again, expected)


def test_an_answer_a_step_cannot_convert_is_kept_through_autosaves_and_page_turns(
    make_wizard: Callable[..., Driver], ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = experimental_in_school()
    typed["incident"]["reported_by"] = "The caretaker, Mr Ode"
    case_id = saved_case(ws, typed)
    use_v2(monkeypatch)

    d = make_wizard(case_id)
    d.w.go_to(0)
    reported = d.w.by_id["incident"].form.rows["reported_by"]
    assert "Saved earlier as: The caretaker, Mr Ode" in earlier_shown(reported)
    assert "give it again" in earlier_shown(reported)
    assert reported.editor.value() == []  # nothing ticked that the DSL did not tick
    # Typing elsewhere, turning pages: the earlier answer is saved where it was.
    d.type("came_to_light_how", " Then the head.")
    turn_every_page_and_close(d)
    assert cases.draft_pages(ws, case_id)["incident"]["reported_by"] == "The caretaker, Mr Ode"

    # Resumed: still shown. Finish asks for it to be given again, next to the question.
    d = make_wizard(case_id)
    d.w.go_to(0)
    assert "The caretaker, Mr Ode" in earlier_shown(d.w.by_id["incident"].form.rows["reported_by"])
    assert not d.w.finish()
    assert d.page_id == "incident"
    label = d.w.by_id["incident"].form.rows["reported_by"].current_label
    assert UNFIT_PROBLEM.format(label=label).split(": ", 1)[1].capitalize() in " ".join(
        d.shown_errors()
    )

    # Answered again: the new answer is saved, the earlier one kept beside it, and shown,
    # until the DSL removes it.
    d.tick("reported_by", "other")
    assert d.w.autosave.flush()
    incident = cases.draft_pages(ws, case_id)["incident"]
    assert incident["reported_by"] == ["other"]
    assert incident[df.EARLIER_KEY] == {"reported_by": "The caretaker, Mr Ode"}
    reported = d.w.by_id["incident"].form.rows["reported_by"]
    assert "The caretaker" in earlier_shown(reported)
    assert d.w.unfit_problems() == {}
    assert reported.earlier_remove.text() == EARLIER_REMOVE
    assert reported.earlier_remove in d.w.pages[0].focus_chain()  # Tab reaches it
    d.click(reported.earlier_remove)
    assert earlier_shown(reported) == ""
    assert d.w.autosave.flush()
    incident = cases.draft_pages(ws, case_id)["incident"]
    assert df.EARLIER_KEY not in incident and incident["reported_by"] == ["other"]


@pytest.mark.parametrize(
    ("path", "stored", "words"),
    [
        ("summary", ["Zoë sent it", "Tom kept it"], "Zoë sent it, Tom kept it"),  # a list for text
        ("adults_involved", "maybe", "maybe"),  # a choice no longer offered
        ("adults_involved", ["yes"], "Yes"),  # a list for a choice
        ("young_people.0.looked_after", "yes", "yes"),  # text for a tick box
        ("young_people.0.roles", "pictured", "Pictured in the image"),  # text for tick boxes
        ("young_people.0.roles", ["pictured", "bystander"], "Pictured in the image, bystander"),
    ],
)
def test_a_value_that_does_not_fit_its_question_is_shown_and_never_emptied(
    make_wizard: Callable[..., Driver], ws: Workspace, path: str, stored: Any, words: str
) -> None:
    typed = experimental_in_school()
    holder = typed["incident"]
    parts = path.split(".")
    for part in parts[:-1]:
        holder = holder[int(part)] if part.isdigit() else holder[part]
    holder[parts[-1]] = stored
    case_id = saved_case(ws, typed)

    d = make_wizard(case_id)
    d.w.go_to(0)
    if len(parts) == 1:
        r = d.w.by_id["incident"].form.rows[path]
    else:
        item = d.editor("young_people", "incident").items[int(parts[1])]  # type: ignore[attr-defined]
        r = item.form.rows[parts[-1]]
    assert f"Saved earlier as: {words}" in earlier_shown(r)
    assert r.editor.value() in ("", [], False)  # the editor is not filled with a guess
    d.type("came_to_light_how", " More.")
    typed["incident"]["came_to_light_how"] = d.editor("came_to_light_how", "incident").value()
    turn_every_page_and_close(d)
    saved = cases.draft_pages(ws, case_id)["incident"]
    for part in parts[:-1]:
        saved = saved[int(part)] if part.isdigit() else saved[part]
    assert saved[parts[-1]] == stored
    assert_kept(cases.draft_pages(ws, case_id), typed)
