"""Every wizard page: its words, labels, branching, on-page validation, bad input,
keyboard, plain text, screen sizes, and no way in for an image."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.services import cases
from app.services.workspace import Workspace
from app.ui.qt import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMimeData,
    QPlainTextEdit,
    QPoint,
    QPointF,
    QPushButton,
    QRadioButton,
    Qt,
    QWidget,
)
from app.ui.widgets import apply_look, strip_mnemonic
from app.ui.wizard.editors import (
    ChoiceEditor,
    Editor,
    GroupEditor,
    LineEditor,
    LineInput,
    PerChildEditor,
    TextEditor,
    TextInput,
)
from app.ui.wizard.form import Form, Row
from app.ui.wizard.guidance import NO_HELP
from app.ui.wizard.page import SummaryPageView
from app.ui.wizard.wizard import ADD_CHILD
from app.validation import MAX_TEXT
from app.wizard import spec as wizard_spec
from app.wizard.spec import FieldSpec
from tests.helpers.ui import button_named
from tests.helpers.wizard_driver import (
    EMOJI,
    MARKUP,
    RTL,
    TRICKY,
    Driver,
    ago,
    in_days,
    make_wizard,
    type_text,
    visible_label_for,
    ws,
)
from tests.helpers.wizard_pages import experimental_in_school

__all__ = ["make_wizard", "ws"]  # fixtures

INPUTS = (QLineEdit, QPlainTextEdit, QRadioButton, QCheckBox)
WIZARD_SOURCES = sorted((Path(__file__).parents[2] / "app" / "ui" / "wizard").glob("*.py"))


def saved_case(ws: Workspace, pages: dict[str, dict[str, Any]]) -> int:
    case_id = cases.create_case(ws).id
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values)
    return case_id


@pytest.fixture
def complete(make_wizard: Callable[..., Driver], ws: Workspace) -> Driver:
    """A wizard resumed on a case whose every page is filled in (it opens on the summary)."""
    return make_wizard(saved_case(ws, experimental_in_school()))


def each_page(d: Driver) -> Iterator[int]:
    for index in range(len(d.w.pages)):
        d.w.go_to(index)
        assert d.w.current == index
        yield index


def all_rows(form: Form) -> Iterator[Row]:
    for row in form.rows.values():
        yield row
        editor = row.editor
        if isinstance(editor, GroupEditor):
            for item in editor.items:
                yield from all_rows(item.form)
        if isinstance(editor, PerChildEditor):
            for record in editor.records.values():
                yield from all_rows(record.form)


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def labels_of(f: FieldSpec) -> Iterator[str]:
    yield f.label
    yield from (words for by_value in f.label_if.values() for words in by_value.values())
    for sub in f.fields:
        yield from labels_of(sub)


# -- words ---------------------------------------------------------------------


def test_every_page_shows_its_words_from_the_resources(complete: Driver) -> None:
    spec = wizard_spec.load()
    for index in each_page(complete):
        view, page = complete.w.pages[index], spec.pages[index]
        assert view.title.text() == page.title
        assert view.subtitle.text() == page.subtitle
        assert [p.text() for p in complete.w.guidance.points] == list(page.guidance)
        assert complete.w.page_list.item(index).text().endswith(f"{index + 1}. {page.title}")
        for row in all_rows(view.form):
            f = row.spec
            assert row.current_label in {f.label, *labels_of(f)}
            shown = row.label.text() if row.label is not None else row.editor.label.text()  # type: ignore[attr-defined]
            assert strip_mnemonic(shown) == row.current_label
            if isinstance(row.editor, ChoiceEditor):
                texts = [strip_mnemonic(b.text()) for _, b in row.editor.buttons]
                assert texts == [label for _, label in f.choices]


def test_no_question_text_is_written_in_the_code() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in WIZARD_SOURCES)
    pages = wizard_spec.load().pages
    texts = {t for p in pages for f in p.fields for t in labels_of(f) if len(t) > 12}
    texts |= {g for p in pages for g in p.guidance} | {p.subtitle for p in pages}
    assert texts
    found = [t for t in texts if t in source]
    assert found == []


def test_focused_question_help_shows_in_the_guidance_panel(complete: Driver) -> None:
    complete.w.go_to(0)
    box = complete.editor("summary").edit  # type: ignore[attr-defined]
    box.setFocus()
    summary_spec = wizard_spec.load().page("incident").field("summary")
    assert complete.w.guidance.question.text() == summary_spec.label
    assert complete.w.guidance.help.text() == summary_spec.help
    assert complete.w.guidance.isVisible()
    complete.qtbot.keyClick(box, Qt.Key.Key_F1)
    assert not complete.w.guidance.isVisible()
    assert complete.w.guidance_button.text() == "Show &guidance (F1)"
    complete.click(complete.w.guidance_button)
    assert complete.w.guidance.isVisible()
    assert complete.w.guidance_button.focusPolicy() != Qt.FocusPolicy.NoFocus


def test_each_page_opens_with_its_first_question_in_the_guidance_panel(complete: Driver) -> None:
    for index in each_page(complete):
        holder = QApplication.focusWidget()  # the innermost question the cursor is in
        while holder is not None and not isinstance(holder, Row):
            holder = holder.parentWidget()
        shown = complete.w.guidance.question.text()
        if holder is None:  # the summary opens on its first Change button, not a question
            assert shown == "", (index, shown)
        else:
            assert shown == holder.current_label, (index, shown)


# -- labels, accessibility, plain text ------------------------------------------


def test_every_input_is_named_by_its_visible_label(complete: Driver) -> None:
    checked = 0
    for index in each_page(complete):
        view = complete.w.pages[index]
        for widget in view.findChildren(QWidget):
            if not isinstance(widget, INPUTS) or widget.parent() is None:
                continue
            if isinstance(widget, QLineEdit) and widget.parent().inherits("QAbstractSpinBox"):
                continue
            label = visible_label_for(widget)
            assert label, f"page {index + 1}: an input with no visible label"
            # The name says the visible words, after the question an option answers or
            # the record the question is in ("Young person 2: Full name"): never two alike.
            name = widget.accessibleName()
            assert name == label or name.endswith(f": {label}"), (name, label)
            checked += 1
    assert checked > 150
    # Reworded questions keep their names in step.
    complete.w.go_to(4)
    complete.choose("reported", "yes")
    reason = complete.editor("reason").edit  # type: ignore[attr-defined]
    assert reason.accessibleName() == "Why did you report it?"
    assert visible_label_for(reason) == "Why did you report it?"


def test_typed_names_show_exactly_as_typed_everywhere(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    pages = experimental_in_school()
    pages["incident"]["young_people"][0]["name"] = TRICKY
    pages["incident"]["summary"] = MARKUP
    d = make_wizard(saved_case(ws, pages))
    for _ in each_page(d):
        pass
    d.w.go_to(2)
    records = d.editor("conversations")
    assert isinstance(records, PerChildEditor)
    header = records.records["a1"].title
    assert header.text() == TRICKY
    d.w.go_to(7)
    summary = d.w.pages[7]
    assert isinstance(summary, SummaryPageView)
    texts = [label.text() for label in summary.findChildren(QLabel)]
    assert any(TRICKY in t for t in texts)
    assert MARKUP in texts
    item = d.w.by_id["incident"].form.editor_at("young_people")
    assert isinstance(item, GroupEditor)
    assert item.items[0].title.text() == f"Young person 1: {TRICKY}"
    for label in d.w.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()[:40]


# -- branching ---------------------------------------------------------------------


def test_branching_shows_only_what_applies_as_answers_change(
    make_wizard: Callable[..., Driver],
) -> None:
    d = make_wizard()
    rows = d.w.by_id["incident"].form.rows
    assert rows["adults_involved_details"].isHidden()
    d.choose("adults_involved", "not_known")
    assert not rows["adults_involved_details"].isHidden()
    d.choose("adults_involved", "no")
    assert rows["adults_involved_details"].isHidden()
    # Per child: the conversation's questions follow "Have you spoken with them?"
    d.type("young_people.0.name", "Sam")
    d.w.go_to(0)
    d.w.furthest = 7
    d.w.go_to(2)
    key = d.child_key(0)
    held = d.editor(f"conversations.{key}.held")
    form = held.parentWidget().parentWidget()
    assert isinstance(form, Form)
    assert form.rows["own_words"].isHidden() and form.rows["not_held_reason"].isHidden()
    d.choose(f"conversations.{key}.held", "no")
    assert form.rows["own_words"].isHidden() and not form.rows["not_held_reason"].isHidden()
    d.choose(f"conversations.{key}.held", "yes")
    assert not form.rows["own_words"].isHidden() and form.rows["not_held_reason"].isHidden()
    # The viewing log appears only if the image was viewed, with one entry to fill in.
    d.w.go_to(3)
    log = d.w.by_id["incident_handling"].form.rows["viewing_log"]
    assert log.isHidden()
    d.choose("was_viewed", "yes")
    assert not log.isHidden()
    assert isinstance(log.editor, GroupEditor) and len(log.editor.items) == 1


def test_adding_a_child_from_page_4_adds_them_on_page_1(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard(saved_case(ws, experimental_in_school()))
    d.w.go_to(3)
    button = button_named(d.w, ADD_CHILD)  # on page 4, beside the other children
    assert button is not None
    d.click(button)
    assert d.page_id == "incident"
    people = d.editor("young_people")
    assert isinstance(people, GroupEditor) and len(people.items) == 3
    assert QApplication.focusWidget() is d.editor("young_people.2.name").edit  # type: ignore[attr-defined]
    d.qtbot.keyClicks(QApplication.focusWidget(), "Ruby Hall")
    d.w.go_to(2)
    records = d.editor("conversations")
    assert isinstance(records, PerChildEditor)
    assert [r.title.text() for r in records.records.values()][-1] == "Ruby Hall"


# -- validation on the page -----------------------------------------------------------


def test_next_on_an_empty_page_explains_on_the_page_and_stays(
    make_wizard: Callable[..., Driver],
) -> None:
    d = make_wizard()
    d.click(d.w.next_button)
    assert d.page_id == "incident"
    view = d.w.pages[0]
    assert view.problems.isVisible()
    named = ("When did it come to light?", "Short factual summary", "Young person 1: Full name")
    for name in named:
        assert name in view.problems.text()
    rows = view.form.rows
    assert rows["summary"].errors.isVisible()
    assert rows["summary"].errors.text() == "This is required."  # the question is just above
    assert rows["summary"].editor.edit.property("invalid") is True  # type: ignore[attr-defined]
    assert not rows["reported_by"].errors.isVisible()  # optional
    assert QApplication.focusWidget() is rows["came_to_light_at"].editor.edit  # type: ignore[attr-defined]
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not d.w]
    # Fixing a field clears its message as the DSL types.
    d.type("summary", "A photo was shared.")
    d.qtbot.waitUntil(lambda: not rows["summary"].errors.isVisible(), timeout=2000)


def test_notes_are_calm_and_do_not_block(make_wizard: Callable[..., Driver]) -> None:
    d = make_wizard()
    d.type("came_to_light_at", ago(0, 8))
    d.type("came_to_light_how", "Told by a teacher.")
    d.type("summary", "Photo shared.")
    d.choose("adults_involved", "no")
    d.type("young_people.0.name", "Lily")
    d.type("young_people.0.age_years", "11")
    d.tick("young_people.0.roles", "pictured")
    d.qtbot.wait(350)
    item = d.editor("young_people")
    assert isinstance(item, GroupEditor)
    dob = item.items[0].form.rows["date_of_birth"]
    assert dob.notes.isVisible() and "under 13" in dob.notes.text()
    assert dob.notes.property("role") == "note"
    d.next(expect_page="initial_review")
    assert "under 13" in d.w.banner.prompts.text() or d.w.banner.prompts.text() == ""


@pytest.mark.parametrize("page", range(7))
def test_bad_input_on_every_page_is_explained_and_blocks_next(
    complete: Driver, ws: Workspace, page: int
) -> None:
    d = complete
    d.w.go_to(page)
    view = d.w.pages[page]
    expected: dict[str, str] = {}  # a path on the page -> words its message must contain
    tricky_field = ""
    for row in all_rows(view.form):
        if row.isHidden() or not row.isVisibleTo(view):
            continue
        editor: Editor = row.editor
        f = row.spec
        if f.type in ("date", "datetime") and isinstance(editor, LineEditor):
            editor.edit.clear()
            if f.future_ok and f.id in ("revisit_on", "first_review_on"):
                d.qtbot.keyClicks(editor.edit, "01/01/2001")
                expected[f.id] = "should be today or later"
            elif not f.future_ok:
                d.qtbot.keyClicks(editor.edit, ago(-400) if f.type == "datetime" else in_days(400))
                expected[f.id] = "cannot be in the future"
            else:
                d.qtbot.keyClicks(editor.edit, "31/02/2025")
                expected[f.id] = "not a real date"
        elif f.type == "number" and isinstance(editor, LineEditor):
            editor.edit.clear()
            d.qtbot.keyClicks(editor.edit, "fifteen")
            expected[f.id] = "enter a whole number"
        elif f.type in ("line", "text") and isinstance(editor, LineEditor | TextEditor):
            if not tricky_field:
                tricky_field = f.id
                editor.edit.clear()
                editor.edit.setFocus()
                type_text(d.qtbot, editor.edit, f"{MARKUP} {EMOJI} {RTL}")
            elif f.required:
                editor.edit.clear()
                expected[f.id] = "this is required"
    if view.spec.id == "incident":
        long_row = view.form.rows["summary"]
        long_row.editor.edit.setPlainText("x" * (MAX_TEXT + 1))  # type: ignore[attr-defined]
        expected["summary"] = "too long"
    assert expected, f"page {page + 1} has nothing to get wrong"
    d.click(d.w.next_button)
    assert d.w.current == page  # Next is blocked
    shown = "\n".join(d.shown_errors()).lower()
    for words in expected.values():
        assert words in shown, (words, shown)
    assert view.problems.isVisible()
    assert QApplication.focusWidget() is not None
    assert view.isAncestorOf(QApplication.focusWidget())
    # What was typed is kept exactly, even when wrong.
    assert d.w.autosave.flush()
    saved = cases.draft_pages(ws, d.w.case_id)[view.spec.id]
    if tricky_field:
        assert f"{MARKUP} {EMOJI} {RTL}" in strings_in(saved)


def test_summary_page_blocks_finish_without_classification(complete: Driver) -> None:
    d = complete
    d.w.go_to(7)
    choice = d.editor("classification")
    assert isinstance(choice, ChoiceEditor)
    choice.set_value("")
    d.finish()
    assert d.w.isVisible() and d.w.current == 7
    assert "Classification" in d.w.pages[7].problems.text()
    assert not d.w.finished_reference


# -- keyboard -----------------------------------------------------------------------------


def test_enter_moves_on_only_from_one_line_boxes(complete: Driver, ws: Workspace) -> None:
    d = complete
    d.w.go_to(0)
    text = d.editor("summary").edit  # type: ignore[attr-defined]
    text.setFocus()
    before = text.toPlainText()
    d.qtbot.keyClick(text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    d.qtbot.keyClick(text, Qt.Key.Key_Return)
    assert d.page_id == "incident"
    assert text.toPlainText() == before + "\n"
    line = d.editor("reported_by").edit  # type: ignore[attr-defined]
    line.setFocus()
    d.qtbot.keyClick(line, Qt.Key.Key_Return)
    assert d.page_id == "initial_review"
    radio = dict(d.editor("decision").buttons)["in_school"]  # type: ignore[attr-defined]
    radio.setFocus()
    d.qtbot.keyClick(radio, Qt.Key.Key_Return)
    assert d.page_id == "initial_review"  # Enter on an option does nothing surprising
    d.w.back_button.setFocus()
    d.qtbot.keyClick(d.w.back_button, Qt.Key.Key_Return)  # Enter presses a focused button
    assert d.page_id == "incident"


def test_arrow_keys_move_between_options_and_tab_follows_the_page(
    make_wizard: Callable[..., Driver],
) -> None:
    d = make_wizard()
    d.choose("adults_involved", "no")
    buttons = dict(d.editor("adults_involved").buttons)  # type: ignore[attr-defined]
    d.qtbot.keyClick(buttons["no"], Qt.Key.Key_Right)
    assert buttons["not_known"].isChecked() and not buttons["no"].isChecked()
    # Tab visits the page top to bottom, then the buttons.
    first = d.editor("came_to_light_at").edit  # type: ignore[attr-defined]
    first.setFocus()
    order: list[QWidget] = []
    for _ in range(60):
        widget = QApplication.focusWidget()
        assert widget is not None
        order.append(widget)
        if widget is d.w.next_button:
            break
        d.qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert order[-1] is d.w.next_button
    names = [w.accessibleName() for w in order]
    assert names.index("Short factual summary") < names.index("Young person 1: Full name")
    assert names.index("Young person 1: Full name") < names.index("Young person 1: Date of birth")
    assert names.index("Remove Young person 1") < names.index("Add a young person")
    assert names[-2:] == ["Back", "Next"] or names[-1] == "Next"


def test_buttons_have_mnemonics_and_escape_keeps_the_draft(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    for button in (d.w.back_button, d.w.next_button, d.w.finish_button, d.w.close_button):
        assert "&" in button.text().replace("&&", "")
    kept: list[str] = []
    d.w.draft_kept.connect(kept.append)
    d.type("summary", "Started typing")
    d.qtbot.keyClick(d.editor("summary").edit, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert not d.w.isVisible()
    assert kept == [d.w.reference]
    assert cases.draft_pages(ws, d.w.case_id)["incident"]["summary"] == "Started typing"


# -- sizes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_every_page_fits_without_clipping(complete: Driver, size: tuple[int, int]) -> None:
    d = complete
    d.w.resize(*size)
    for index in each_page(d):
        view = d.w.pages[index]
        for _ in range(3):
            QApplication.processEvents()
        viewport = view.scroller.viewport().width()
        content = view.scroller.widget()
        assert content.minimumSizeHint().width() <= viewport, f"page {index + 1} scrolls sideways"
        for widget in view.findChildren(QAbstractButton):
            if widget.isVisibleTo(view):
                assert widget.width() >= widget.sizeHint().width() - 1, widget.text()
        for label in view.findChildren(QLabel):
            if label.isVisibleTo(view) and len(label.text()) > 60:
                assert label.wordWrap(), label.text()[:40]
    assert d.w.guidance.isVisible()


# -- no image, ever -------------------------------------------------------------------------


def test_no_file_picker_is_reachable(complete: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    for name in (
        "getOpenFileName",
        "getOpenFileNames",
        "getOpenFileUrl",
        "getSaveFileName",
        "getExistingDirectory",
    ):
        monkeypatch.setattr(QFileDialog, name, lambda *a, n=name, **k: opened.append(n))
    d = complete
    for index in each_page(d):
        view = d.w.pages[index]
        for button in view.findChildren(QPushButton):
            if button.isVisibleTo(view) and button.text() != "Remove":
                if "Change" in button.accessibleName() or "page 1" in button.text():
                    continue
                button.click()
        assert d.w.current == index
    assert opened == []
    assert not [w for w in QApplication.allWidgets() if isinstance(w, QFileDialog)]
    source = "\n".join(p.read_text(encoding="utf-8") for p in WIZARD_SOURCES)
    assert not re.search(r"QFileDialog|setAcceptDrops\(True\)|QImage|QPixmap", source)


def image_mime() -> QMimeData:
    mime = QMimeData()
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    mime.setImageData(image)
    mime.setUrls([])
    return mime


# PySide marks the drag event constructors deprecated; they are still how a drag arrives.
@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_images_cannot_be_dropped_or_pasted(complete: Driver) -> None:
    d = complete
    editors = 0
    for index in each_page(d):
        view = d.w.pages[index]
        for box in view.findChildren(QWidget):
            if not isinstance(box, LineInput | TextInput):
                continue
            editors += 1
            assert not box.acceptDrops()
            target = box.viewport() if isinstance(box, TextInput) else box
            assert not target.acceptDrops()
            before = box.text() if isinstance(box, LineInput) else box.toPlainText()
            mime = image_mime()
            enter = QDragEnterEvent(
                QPoint(4, 4),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(target, enter)
            assert not enter.isAccepted()
            drop = QDropEvent(
                QPointF(4, 4),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(target, drop)
            assert not drop.isAccepted()
            if isinstance(box, TextInput):
                assert not box.canInsertFromMimeData(mime)
                box.insertFromMimeData(mime)
            after = box.text() if isinstance(box, LineInput) else box.toPlainText()
            assert after == before
    assert editors > 40
    assert not d.w.acceptDrops()


def test_pasting_an_image_adds_nothing(make_wizard: Callable[..., Driver]) -> None:
    d = make_wizard()
    clipboard = QApplication.clipboard()
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    # set through the clipboard's own calls: it owns what it holds, so nothing is freed twice
    clipboard.setImage(image)
    box = d.editor("summary").edit  # type: ignore[attr-defined]
    box.setFocus()
    try:
        box.paste()
        assert box.toPlainText() == ""
        clipboard.setText("pasted words")
        box.paste()
        assert box.toPlainText() == "pasted words"
    finally:
        clipboard.clear()


PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")),
    max_size=200,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=PRINTABLE, lines=st.lists(PRINTABLE, max_size=5))
def test_any_text_comes_back_exactly_as_typed(qtbot: QtBot, line: str, lines: list[str]) -> None:
    spec = wizard_spec.load().page("incident")
    form = Form(spec.fields)
    try:
        text = "\n".join(lines)
        form.set_values({"reported_by": line, "summary": text, "unknown_key": [1, "kept"]})
        values = form.values()
        assert values["reported_by"] == line
        assert values["summary"] == text
        assert values["unknown_key"] == [1, "kept"]  # answers the spec no longer asks are kept
    finally:
        form.deleteLater()


def test_a_question_without_notes_says_so_in_the_hint_colour(complete: Driver) -> None:
    # The stock "no notes" line is a quiet hint; a question's own notes are plain text.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app)  # as the app starts: the hint colour is the app's style sheet
    complete.w.go_to(4)  # Police
    help_label = complete.w.guidance.help

    def colour() -> str:
        return help_label.palette().color(help_label.foregroundRole()).name()

    complete.editor("explicitness").edit.setFocus()  # type: ignore[attr-defined]
    assert help_label.text() == NO_HELP
    hint = colour()
    complete.editor("crime_reference").edit.setFocus()  # type: ignore[attr-defined]
    assert help_label.text() == NO_HELP and colour() == hint
    complete.w.go_to(0)
    complete.editor("summary").edit.setFocus()  # type: ignore[attr-defined]
    assert help_label.text() == wizard_spec.load().page("incident").field("summary").help
    assert colour() != hint
    assert hint == "#505a5f"
