"""Settings, retention decisions and governors' figures, on a demo database."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import printing
from app.models import CaseStatus, StaffRole
from app.services import accounts, audit, dashboard, figures, retention
from app.services import settings as settings_service
from app.services.workspace import Workspace, unlock
from app.storage import save_folder
from app.training import age_past_retention
from app.ui import save_pdf
from app.ui.admin import FiguresDialog, RetentionDialog, SettingsDialog
from app.ui.admin.figures import COUNTING, chart_items
from app.ui.admin.retention import DestroyDialog, KeepDialog
from app.ui.main_window import MainWindow
from app.ui.qt import QComboBox, QFileDialog, QLabel, QLineEdit, Qt
from tests.helpers.ui import (
    PASSWORD,
    USERNAME,
    assert_accessible,
    open_dialog,
    read_in,
    record_shown,
)
from tests.helpers.windows import TextModeFiles
from tests.ui import test_dashboard as shared

# The demo database fixtures, shared with the dashboard tests.
demo_template = shared.demo_template
demo_ws = shared.demo_ws

TODAY = date.today()


# -- settings ---------------------------------------------------------------------------------


def test_settings_show_every_editable_setting_with_its_label(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    dialog = SettingsDialog(demo_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_accessible(dialog)
    editable = [s for s in settings_service.SPECS if s.key not in settings_service.INTERNAL]
    assert list(dialog.inputs) == [s.key for s in editable] or set(dialog.inputs) == {
        s.key for s in editable
    }
    for spec in editable:
        assert dialog.inputs[spec.key].accessibleName() == spec.label
    values = demo_ws.settings()
    assert dialog.inputs["mash_contact"].text() == values["mash_contact"]
    for key in ("school_name", "mash_contact", "police_non_emergency", "ceop_contact"):
        assert key in dialog.inputs
    assert "review_interval_days" in dialog.inputs
    assert "protective_marking" in dialog.inputs


def test_settings_are_saved_and_bad_numbers_refused_on_the_dialog(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    dialog = SettingsDialog(demo_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    interval = dialog.inputs["review_interval_days"]
    interval.setText("0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "enter a whole number from 1 to 365" in dialog.message.text()
    assert demo_ws.settings()["review_interval_days"] == "28"

    interval.setText("21")
    name = dialog.inputs["school_name"]
    name.clear()
    qtbot.keyClicks(name, "St Aidan's <C of E> Academy")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = demo_ws.settings()
    assert saved["review_interval_days"] == "21"
    assert saved["school_name"] == "St Aidan's <C of E> Academy"
    with demo_ws.read() as s:
        details = [e.detail for e in audit.entries_for(s) if e.detail.startswith("settings")]
    assert details[-1] == "settings changed: review_interval_days, school_name"


def test_the_backup_folder_is_not_saved_from_the_settings_screen(
    qtbot: QtBot, demo_ws: Workspace, tmp_path: Path
) -> None:
    """Only School > Backups saves a folder, after a backup into it was written and checked."""
    dialog = SettingsDialog(demo_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    folder = dialog.inputs["backup_folder"]
    assert folder.isReadOnly()
    assert "School > Backups" in folder.accessibleDescription() or any(
        "School > Backups" in label.text() for label in dialog.findChildren(QLabel)
    )
    qtbot.keyClicks(folder, str(tmp_path / "not-a-stick"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert demo_ws.settings()["backup_folder"] == ""


def test_a_deputy_sees_the_settings_but_cannot_change_them(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    ws = unlock(db_path, USERNAME, PASSWORD)
    accounts.add_account(ws, "deputy", "Dee Puty", "Kettle orbit lantern 58", StaffRole.DEPUTY)
    ws.close()
    deputy = unlock(db_path, "deputy", "Kettle orbit lantern 58")
    opened.append(deputy)
    dialog = SettingsDialog(deputy)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()
    assert all(edit.isReadOnly() for edit in dialog.inputs.values())
    assert "Only the DSL" in dialog.message.text()


# -- retention --------------------------------------------------------------------------------


def _past_retention(ws: Workspace, n: int = 2) -> list[dashboard.CaseRow]:
    """Make `n` closed demo cases old enough: their children were born in 1990."""
    return age_past_retention(ws, n)


def test_nothing_due_for_retention_says_so(qtbot: QtBot, demo_ws: Workspace) -> None:
    dialog = RetentionDialog(demo_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    read_in(qtbot, dialog)
    assert dialog.model.rowCount() == 0
    assert dialog.empty.isVisible()
    assert not dialog.destroy_button.isEnabled()


def test_a_case_past_retention_is_kept_with_a_reason_or_destroyed_with_confirmation(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    old = _past_retention(demo_ws)
    dialog = RetentionDialog(demo_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    read_in(qtbot, dialog)
    assert [dialog.model.text(r, 0) for r in range(dialog.model.rowCount())] == sorted(
        r.reference for r in old
    )
    assert dialog.model.text(0, 2) == "Passed on 01/05/2015"  # born 1990 + 25 years

    with qtbot.waitSignal(dialog.open_case) as got:
        dialog.open_button.click()
    assert got.args == [dialog.lines[0].case_id]

    # Keep: a reason and a date to look again.
    dialog.view.selectRow(0)
    dialog.keep_button.click()
    keep = open_dialog(dialog)
    assert isinstance(keep, KeepDialog)
    assert_accessible(keep)
    qtbot.mouseClick(keep.save_button, Qt.MouseButton.LeftButton)
    assert keep.message.text() == "Give the reason for keeping it."
    qtbot.keyClicks(keep.reason, "Police investigation still open")
    kept_ref = dialog.lines[0].reference
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(keep.save_button, Qt.MouseButton.LeftButton)
    with demo_ws.read() as s:
        assert [e.detail for e in audit.entries_for(s, kept_ref)][-1] == "retention: kept"
    # Kept with a date to look again: off the list until then.
    read_in(qtbot, dialog)
    assert kept_ref not in [line.reference for line in dialog.lines]
    assert "kept" in dialog.message.text()

    # Destroy: a reason and the reference typed in full.
    target = next(line for line in dialog.lines if line.reference != kept_ref)
    dialog.view.selectRow(dialog.lines.index(target))
    dialog.destroy_button.click()
    destroy = open_dialog(dialog)
    assert isinstance(destroy, DestroyDialog)
    qtbot.keyClicks(destroy.reason, "Past retention; reviewed with the head")
    qtbot.keyClicks(destroy.confirm, "2000-0001")
    qtbot.mouseClick(destroy.save_button, Qt.MouseButton.LeftButton)
    assert f"Type the reference {target.reference} to confirm." in destroy.message.text()
    assert target.reference in [r.reference for r in dashboard.case_rows(demo_ws)]
    destroy.confirm.setText(target.reference)
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(destroy.save_button, Qt.MouseButton.LeftButton)
    assert target.reference not in [r.reference for r in dashboard.case_rows(demo_ws)]
    read_in(qtbot, dialog)
    assert target.reference not in [dialog.model.text(r, 0) for r in range(dialog.model.rowCount())]
    # The kept case is off the list until its date to look again; nothing else is due.
    assert retention.due_for_review(demo_ws) == []


# -- governors' figures ----------------------------------------------------------------------


def test_figures_and_retention_read_off_the_gui_thread_and_say_so_meanwhile(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    counts = FiguresDialog(demo_ws)
    qtbot.addWidget(counts)
    counts.show()
    assert counts.reading and counts.message.text() == COUNTING
    assert not counts.export_button.isEnabled()  # nothing to export yet
    read_in(qtbot, counts)
    assert not counts.message.isVisible() and counts.export_button.isEnabled()
    years = figures.school_years(demo_ws)
    assert len(years) >= 2
    counts.year.setCurrentIndex(1)  # picked, then another before the first is counted
    counts.year.setCurrentIndex(0)
    read_in(qtbot, counts)
    expected = figures.figures(demo_ws, years[0])
    assert counts.totals.text().startswith(f"Cases opened in {years[0]}: {expected.cases}")

    due = RetentionDialog(demo_ws)
    qtbot.addWidget(due)
    due.show()
    assert due.reading and due.progress.isVisible() and not due.empty.isVisible()
    assert not due.destroy_button.isEnabled()
    read_in(qtbot, due)
    assert not due.progress.isVisible() and due.empty.isVisible()  # nothing due in the demo


def test_figures_match_the_service_and_name_nobody(qtbot: QtBot, demo_ws: Workspace) -> None:
    dialog = FiguresDialog(demo_ws)
    qtbot.addWidget(dialog)
    read_in(qtbot, dialog)
    dialog.resize(1000, 680)
    dialog.show()
    years = figures.school_years(demo_ws)
    assert [dialog.year.itemText(i) for i in range(dialog.year.count())] == years
    for n, year in enumerate(years):
        dialog.year.setCurrentIndex(n)
        read_in(qtbot, dialog)
        expected = figures.figures(demo_ws, year)
        assert f"Cases opened in {year}: {expected.cases}" in dialog.totals.text()
        for title, items in chart_items(expected).items():
            assert dialog.charts[title].items == items
        assert sum(c for _, c in dialog.charts["By term"].items) == expected.cases
        assert sum(c for _, c in dialog.charts["By pathway"].items) == expected.cases

    # No name and no reference anywhere in the dialog.
    rows = dashboard.case_rows(demo_ws)
    names = {n for r in rows for n in r.young_people}
    references = {r.reference for r in rows}
    shown = [w.text() for w in dialog.findChildren(QLabel)]
    shown += [c.accessibleDescription() for c in dialog.charts.values()]
    shown += [b.itemText(i) for b in dialog.findChildren(QComboBox) for i in range(b.count())]
    text = "\n".join(shown)
    assert not any(name in text for name in names)
    assert not any(ref in text for ref in references)

    with qtbot.waitSignal(dialog.export_requested) as got:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert got.args == [dialog.year.currentText()]
    assert not dialog.findChildren(QLineEdit)  # nothing to type: read-only counts


def test_figures_with_no_cases_say_so(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    ws = unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    dialog = FiguresDialog(ws)
    qtbot.addWidget(dialog)
    read_in(qtbot, dialog)
    dialog.show()
    assert "No cases have been opened yet" in dialog.message.text()
    assert not dialog.export_button.isEnabled()


def test_review_date_default_follows_the_setting(qtbot: QtBot, demo_ws: Workspace) -> None:
    settings_service.update(demo_ws, {"review_interval_days": "10"})
    from app.ui.casefile import CaseFileWindow
    from app.ui.casefile.dialogs import ReviewDialog

    row = next(r for r in dashboard.case_rows(demo_ws) if r.status == CaseStatus.OPEN)
    window = CaseFileWindow(demo_ws, row.id)
    qtbot.addWidget(window)
    window.show()
    record_shown(qtbot, window)
    window.add_review()
    dialog = window.dialog
    assert isinstance(dialog, ReviewDialog)
    assert dialog.next_review.text() == (TODAY + timedelta(days=10)).strftime("%d/%m/%Y")


def _figures_from_the_main_window(
    qtbot: QtBot, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, FiguresDialog, list[bytes]]:
    """The figures dialog opened from the School menu; what the renderer made is kept."""
    rendered: list[bytes] = []
    real = printing.figures_pdf

    def figures_pdf(*args: object, **kwargs: object) -> bytes:
        rendered.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return rendered[-1]

    monkeypatch.setattr(printing, "figures_pdf", figures_pdf)
    save_pdf.forget_folder()
    for variable in save_folder.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.figures_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, FiguresDialog)
    read_in(qtbot, dialog)
    return main, dialog, rendered


def _export(qtbot: QtBot, main: MainWindow, dialog: FiguresDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    job = main.export_job
    if job is not None:
        qtbot.waitUntil(lambda: not job.running, timeout=20_000)


def test_the_figures_pdf_is_saved_from_documents_byte_for_byte_under_windows_text_mode(
    qtbot: QtBot, demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main, dialog, rendered = _figures_from_the_main_window(qtbot, demo_ws, monkeypatch)
    documents = Path.home() / "Documents"
    documents.mkdir(parents=True, exist_ok=True)
    opened_at: list[str] = []

    def run(file_dialog: QFileDialog) -> str:
        opened_at.append(file_dialog.selectedFiles()[0])
        return str(tmp_path / "governors")  # typed without .pdf

    monkeypatch.setattr(save_pdf, "run_file_dialog", run)
    files = TextModeFiles(monkeypatch)
    year = dialog.year.currentText()
    _export(qtbot, main, dialog)

    # An absolute path in Documents, not a bare name in the current folder.
    assert opened_at == [str(documents / f"governors-figures-{year.replace('/', '-')}.pdf")]
    out = tmp_path / "governors.pdf"
    assert b"\n" in rendered[0]  # a text-mode file would not be the same bytes
    assert out.read_bytes() == rendered[0]
    assert out not in files.text_mode
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0
    assert main.message.text() == f"Governors' figures for {year} saved to {out}."
    dialog.reject()


def test_a_figures_pdf_headed_for_onedrive_is_warned_about_and_another_folder_asked_for(
    qtbot: QtBot, demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main, dialog, rendered = _figures_from_the_main_window(qtbot, demo_ws, monkeypatch)
    onedrive = tmp_path / "OneDrive"
    onedrive.mkdir()
    monkeypatch.setenv("OneDrive", str(onedrive))
    answers = [onedrive / "figures.pdf", None]  # then cancelled
    warned: list[str] = []
    monkeypatch.setattr(save_pdf, "run_file_dialog", lambda d: str(answers.pop(0) or ""))
    monkeypatch.setattr(
        save_pdf, "confirm_synced", lambda parent, text: warned.append(text) or False
    )
    _export(qtbot, main, dialog)

    assert warned == [save_folder.synced_warning(onedrive / "figures.pdf")]
    assert answers == []  # the file dialog came back, and was cancelled
    assert list(onedrive.iterdir()) == [] and rendered == []
    dialog.reject()
