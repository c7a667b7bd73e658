"""The print dialog's extract checks and encrypted copies (issue 16, points 3 and 4).

An extract is never printed, previewed or saved before the DSL has seen its
redaction preview, where they can mark further words; "Save encrypted PDF…"
asks who the copy is for, saves an AES-256 PDF and shows its passphrase once.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from pypdf import PasswordType
from pytestqt.qtbot import QtBot

from app.errors import DiskFull
from app.models import Case
from app.services import audit
from app.services.workspace import Workspace
from app.storage import store
from app.ui import save_pdf
from app.ui.encrypted_copy import PassphraseDialog, RecipientDialog
from app.ui.print_dialog import PrintRecordDialog
from app.ui.qt import QApplication, QLineEdit, QPlainTextEdit, QPoint, QRect, Qt
from app.ui.redaction_preview import KEPT_AS_TYPED, RedactionPreviewDialog
from tests.helpers.ui import (
    assert_accessible,
    assert_tab_order,
    button_named,
    field,
    label_named,
    mnemonic_clashes,
    rows_of,
    table_named,
    unnamed_or_repeated,
)
from tests.test_reports import PICTURED, SHARED, MadeCase, make_case, pdf_text

RECIPIENT = "PC Khan, Thames Valley Police"


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws, chronology_entries=3)


def make_dialog(qtbot: QtBot, ws: Workspace, reference: str) -> PrintRecordDialog:
    dialog = PrintRecordDialog(ws, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def entries(ws: Workspace, reference: str) -> list[tuple[str, str]]:
    with ws.read() as s:
        return [(a.action, a.detail) for a in audit.entries_for(s, reference)]


def redaction_preview(qtbot: QtBot, dialog: PrintRecordDialog) -> RedactionPreviewDialog:
    qtbot.waitUntil(lambda: dialog.redaction_dialog is not None, timeout=5_000)
    preview = dialog.redaction_dialog
    assert isinstance(preview, RedactionPreviewDialog)
    qtbot.waitUntil(lambda: preview.log is not None and not preview.working, timeout=20_000)
    return preview


def test_an_extract_is_saved_only_after_its_redactions_are_checked(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    child = made.children[SHARED]
    dialog.select_child(child)
    out = tmp_path / "extract.pdf"
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": True)
    monkeypatch.setattr(dialog, "ask_save_path", lambda: out)
    before = entries(ws, made.reference)

    button_named(dialog, "Save as PDF…").click()
    preview = redaction_preview(qtbot, dialog)
    replacements = rows_of(preview, "Replacements")
    printed_as = {replacements.text(r, 2) for r in range(replacements.rowCount())}
    assert "the child in the image (Ł. O.)" in printed_as
    typed = {replacements.text(r, 1) for r in range(replacements.rowCount())}
    assert PICTURED in typed
    assert "replaced by part and initials" in label_named(preview, "What the redaction does").text()

    # A word marked by the DSL: going on checks again first, and shows it.
    field(preview, "Also redact", QPlainTextEdit).setPlainText("group chat")
    button_named(preview, "Save as PDF…").click()
    qtbot.waitUntil(lambda: preview.checked_words == ("group chat",) and not preview.working)
    assert preview.isVisible() and not out.exists()
    assert "changed the words" in preview.message.text()
    marked = rows_of(preview, "Replacements")
    assert "[redacted]" in {marked.text(r, 2) for r in range(marked.rowCount())}
    button_named(preview, "Save as PDF…").click()
    qtbot.waitUntil(lambda: out.exists() and not dialog.working, timeout=20_000)

    text = pdf_text(out.read_bytes())[1]
    assert PICTURED not in text and "group chat" not in text
    assert "Redacted by Ann O'Neill (DSL):" in text
    added = entries(ws, made.reference)[len(before) :]
    assert [a for a, _ in added] == [audit.Action.VIEWED, audit.Action.VIEWED, "exported"]
    assert added[-1][1].startswith(f"extract for young person #{child}; redacted: ")
    assert "5 marked words redacted" in added[-1][1]  # "group chat", each time typed

    # Checked once for this choice: the next save goes straight on.
    out.unlink()
    button_named(dialog, "Save as PDF…").click()
    qtbot.waitUntil(lambda: out.exists() and not dialog.working, timeout=20_000)
    assert dialog.redaction_dialog is None


def test_cancelling_the_redaction_preview_saves_and_logs_nothing(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    dialog.select_child(made.children[PICTURED])
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": asked.append("w") or True)
    monkeypatch.setattr(dialog, "ask_save_path", lambda: asked.append("path") or tmp_path / "x.pdf")
    button_named(dialog, "Save as PDF…").click()
    preview = redaction_preview(qtbot, dialog)
    before = entries(ws, made.reference)
    button_named(preview, "Cancel").click()
    assert dialog.redaction_dialog is None and asked == []
    assert entries(ws, made.reference) == before
    assert not (tmp_path / "x.pdf").exists()


def test_save_encrypted_pdf_asks_who_for_and_shows_the_passphrase_once(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    out = tmp_path / "copy.pdf"
    monkeypatch.setattr(dialog, "ask_encrypted_path", lambda: out)
    button_named(dialog, "Save encrypted PDF…").click()  # the whole record: no preview
    who = dialog.recipient_dialog
    assert isinstance(who, RecipientDialog)
    before = entries(ws, made.reference)
    button_named(who, "Choose where to save…").click()
    assert who.isVisible() and "Who the copy is for is required." in who.message.text()
    field(who, "Who is it for?", QLineEdit).setText(RECIPIENT)
    button_named(who, "Choose where to save…").click()
    qtbot.waitUntil(lambda: dialog.passphrase_dialog is not None, timeout=20_000)
    shown = dialog.passphrase_dialog
    assert isinstance(shown, PassphraseDialog)
    passphrase = label_named(shown, "Passphrase").text()
    assert len(passphrase.split("-")) == 5
    words = " ".join(w.text() for w in shown.findChildren(type(shown.passphrase_label)))
    assert f"Give it to {RECIPIENT} by phone, never in the same email" in words

    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.decrypt("") == PasswordType.NOT_DECRYPTED
    assert reader.decrypt(passphrase) != PasswordType.NOT_DECRYPTED
    assert PICTURED in reader.pages[0].extract_text()
    added = entries(ws, made.reference)[len(before) :]
    assert added == [
        (
            "exported",
            f"encrypted copy of the case record for {RECIPIENT}; "
            "passphrase set, to be given separately",
        )
    ]
    assert "encrypted copy" in dialog.message.text()
    button_named(shown, "I have noted it").click()
    assert dialog.passphrase_dialog is None
    assert shown.passphrase_label.text() == ""


def test_the_new_dialogs_are_labelled_and_their_keys_do_not_clash(
    qtbot: QtBot, ws: Workspace, made: MadeCase
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    assert mnemonic_clashes(dialog) == []
    dialog.select_child(made.children[SHARED])
    button_named(dialog, "Print…").click()
    preview = redaction_preview(qtbot, dialog)
    assert mnemonic_clashes(preview) == []
    assert not unnamed_or_repeated(preview)
    button_named(preview, "Cancel").click()
    who = RecipientDialog(dialog)
    qtbot.addWidget(who)
    who.show()
    assert_accessible(who)
    assert mnemonic_clashes(who) == []
    shown = PassphraseDialog("a-b-c-d-e", RECIPIENT, "/tmp/x.pdf", dialog)
    qtbot.addWidget(shown)
    shown.show()
    assert mnemonic_clashes(shown) == [] and not unnamed_or_repeated(shown)


def test_an_encrypted_copy_in_onedrive_is_warned_about_as_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    onedrive = tmp_path / "OneDrive - St Aidan's"
    onedrive.mkdir()
    monkeypatch.setenv("OneDrive", str(onedrive))
    said = save_pdf.synced_warning(onedrive / "copy.pdf", encrypted=True)
    assert said is not None and "the encrypted copy would be copied to the cloud" in said
    assert "unencrypted" not in said
    plain = save_pdf.synced_warning(onedrive / "copy.pdf")
    assert plain is not None and "unencrypted" in plain
    assert save_pdf.synced_warning(tmp_path / "copy.pdf", encrypted=True) is None


# -- words kept as typed -------------------------------------------------------------
OFFICER = "PC 1234 Nowak"  # shares a surname with the child in the image


def _officer_reported_it(ws: Workspace, made: MadeCase) -> None:
    with ws.write("the officer's name") as s:
        case = s.get(Case, made.case_id)
        assert case is not None
        case.reported_by = OFFICER


def _row_typed(preview: RedactionPreviewDialog, typed: str) -> int:
    rows = rows_of(preview, "Replacements")
    return next(r for r in range(rows.rowCount()) if rows.text(r, 1) == typed)


def test_a_listed_word_is_kept_as_typed_from_the_keyboard_and_counted(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _officer_reported_it(ws, made)
    dialog = make_dialog(qtbot, ws, made.reference)
    child = made.children[SHARED]
    dialog.select_child(child)
    out = tmp_path / "extract.pdf"
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": True)
    monkeypatch.setattr(dialog, "ask_save_path", lambda: out)
    button_named(dialog, "Save as PDF…").click()
    preview = redaction_preview(qtbot, dialog)
    before = entries(ws, made.reference)

    # With nothing chosen, the button says what to do first.
    button_named(preview, "Keep the selected word").click()
    assert "Choose a word in the list of replacements first" in preview.message.text()
    # The arrow keys choose the officer's row; Tab reaches the button; Space keeps it.
    table = table_named(preview, "Replacements", visible=True)
    preview.activateWindow()
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=2000)
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # the first row
    for _ in range(_row_typed(preview, "Nowak")):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == _row_typed(preview, "Nowak")
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    keep_button = button_named(preview, "Keep the selected word")
    assert QApplication.focusWidget() is keep_button
    qtbot.keyClick(keep_button, Qt.Key.Key_Space)
    assert field(preview, "Keep as typed", QPlainTextEdit).toPlainText() == "Nowak"

    # Going on checks again first: the row now says the word is printed as typed.
    button_named(preview, "Save as PDF…").click()
    qtbot.waitUntil(lambda: preview.checked_keep == ("Nowak",) and not preview.working)
    assert preview.isVisible() and not out.exists()
    rows = rows_of(preview, "Replacements")
    assert rows.text(_row_typed(preview, "Nowak"), 2) == KEPT_AS_TYPED
    assert (
        "1 word kept as typed by the DSL" in label_named(preview, "What the redaction does").text()
    )
    button_named(preview, "Save as PDF…").click()
    qtbot.waitUntil(lambda: out.exists() and not dialog.working, timeout=20_000)

    text = " ".join(pdf_text(out.read_bytes())[1].split())
    assert OFFICER in text and PICTURED not in text
    assert "1 word kept as typed by the DSL" in text
    added = entries(ws, made.reference)[len(before) :]
    assert added[-1][0] == "exported"
    assert "1 word kept as typed by the DSL" in added[-1][1]
    assert "Nowak" not in " ".join(d for _, d in added)


def test_a_full_name_marked_to_keep_is_said_and_still_replaced(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _officer_reported_it(ws, made)
    dialog = make_dialog(qtbot, ws, made.reference)
    dialog.select_child(made.children[SHARED])
    out = tmp_path / "extract.pdf"
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": True)
    monkeypatch.setattr(dialog, "ask_save_path", lambda: out)
    button_named(dialog, "Save as PDF…").click()
    preview = redaction_preview(qtbot, dialog)
    table = table_named(preview, "Replacements", visible=True)
    table.selectRow(_row_typed(preview, PICTURED))
    button_named(preview, "Keep the selected word").click()
    button_named(preview, "Check again").click()
    qtbot.waitUntil(lambda: preview.checked_keep == (PICTURED,) and not preview.working)
    said = label_named(preview, "Words that cannot be kept").text()
    assert said.startswith("A young person's full name is always replaced, so it cannot be kept")
    assert PICTURED in said  # the DSL sees which, on their own screen
    assert rows_of(preview, "Replacements").text(_row_typed(preview, PICTURED), 2) == (
        "the child in the image (Ł. O.)"
    )
    button_named(preview, "Save as PDF…").click()
    qtbot.waitUntil(lambda: out.exists() and not dialog.working, timeout=20_000)
    assert dialog.keep_words == ()
    assert PICTURED not in pdf_text(out.read_bytes())[1]


def test_a_misspelt_word_to_redact_is_said_not_found_before_saving(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    dialog.select_child(made.children[SHARED])
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": True)
    monkeypatch.setattr(dialog, "ask_save_path", lambda: tmp_path / "extract.pdf")
    button_named(dialog, "Save as PDF…").click()
    preview = redaction_preview(qtbot, dialog)
    assert not label_named(
        preview, "Words to redact that were not found", visible=False
    ).isVisible()
    extra = field(preview, "Also redact", QPlainTextEdit)
    extra.setFocus()
    qtbot.keyClicks(extra, "Zzyzx Academy")
    keep = field(preview, "Keep as typed", QPlainTextEdit)
    keep.setFocus()
    qtbot.keyClicks(keep, "Qwerty")
    button_named(preview, "Check again").click()
    qtbot.waitUntil(lambda: preview.checked_words == ("Zzyzx Academy",) and not preview.working)
    said = label_named(preview, "Words to redact that were not found")
    assert said.isVisible()
    assert said.text().startswith("Not found in what the extract prints")
    assert "\u201cZzyzx Academy\u201d" in said.text()
    unused = label_named(preview, "Words kept that change nothing")
    assert unused.isVisible() and "\u201cQwerty\u201d" in unused.text()
    # Typed right, the word is found and the warning goes.
    extra.clear()
    qtbot.keyClicks(extra, "form tutor")
    button_named(preview, "Check again").click()
    qtbot.waitUntil(lambda: preview.checked_words == ("form tutor",) and not preview.working)
    assert not label_named(
        preview, "Words to redact that were not found", visible=False
    ).isVisible()


def test_save_encrypted_pdf_is_refused_at_once_while_nothing_can_be_saved(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    asked: list[str] = []
    monkeypatch.setattr(dialog, "ask_encrypted_path", lambda: asked.append("path") or tmp_path)
    monkeypatch.setattr(store, "write_problem", lambda p: DiskFull(str(p)))
    ws._go_read_only(DiskFull(str(db_path)))  # the disk filled up during the session
    files = {p: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    before = entries(ws, made.reference)
    for child in (None, made.children[SHARED]):
        dialog.select_child(child)
        button_named(dialog, "Save encrypted PDF…").click()
        assert dialog.message.text() == str(DiskFull(str(db_path)))
        assert dialog.redaction_dialog is None and dialog.recipient_dialog is None
        assert asked == []
    assert entries(ws, made.reference) == before
    assert {p: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()} == files
    assert list(tmp_path.glob("*.pdf")) == []


def test_the_redaction_preview_fits_a_laptop_and_is_walked_by_tab(
    qtbot: QtBot, ws: Workspace, made: MadeCase
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    dialog.select_child(made.children[SHARED])
    button_named(dialog, "Print…").click()
    preview = redaction_preview(qtbot, dialog)
    screen = preview.screen().availableGeometry()
    assert preview.frameGeometry().height() <= min(768, screen.height())
    assert preview.frameGeometry().width() <= min(1366, screen.width())
    for name in ("Cancel", "Check again", "Print…"):  # kept in view below the column
        shown = button_named(preview, name)
        assert preview.rect().contains(QRect(shown.mapTo(preview, QPoint(0, 0)), shown.size()))
    assert mnemonic_clashes(preview) == [] and not unnamed_or_repeated(preview)
    walked = assert_tab_order(qtbot, preview)
    assert button_named(preview, "Keep the selected word") in walked
    assert field(preview, "Keep as typed", QPlainTextEdit) in walked
    button_named(preview, "Cancel").click()
