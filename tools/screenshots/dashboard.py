"""Render the dashboard, case file and admin screens to PNG, headless.

`python -m tools.screenshots.dashboard OUTDIR` builds a 60-case TRAINING
database in a temporary folder (cheap key derivation), gives one case some
history through the services (an amendment, a back-dated entry, a review, a
repeat incident), and writes the screens at 1366x768, and the signed-in window
on small screens (1366x680, 1024x600) as `dashboard_WxH.png`. Never the user's data.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from tools.screenshots import shots

# Before Qt starts: no display needed. Before any key is made: a cheap KDF for
# the throwaway database only (the cost is stored in its key file).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["CASEBOOK_KDF"] = "fast"

from app.models import CaseStatus  # noqa: E402
from app.services import cases, dashboard, followup  # noqa: E402
from app.services.dashboard import CaseRow  # noqa: E402
from app.services.workspace import Workspace  # noqa: E402
from app.training import age_past_retention, create_training_database  # noqa: E402
from app.ui.admin import FiguresDialog, RetentionDialog, SettingsDialog  # noqa: E402
from app.ui.casefile import CaseFileWindow  # noqa: E402
from app.ui.casefile.forms import FormDialog  # noqa: E402
from app.ui.dashboard import DashboardWidget  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.qt import QApplication, QEventLoop, Qt, QTimer, QWidget  # noqa: E402

SIZE = (1366, 768)
# A 1366x768 laptop less a taskbar and browser-style chrome, and a 1024x600 netbook.
SMALL_SCREENS = ((1366, 680), (1024, 600))
USERNAME = "dsl"
PASSWORD = "Fictional harbour passw0rd"
CASES = 60


def _settle() -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):  # let layouts settle before grabbing
        app.processEvents()


def _save(widget: QWidget, out: Path, name: str, *, size: tuple[int, int] | None = SIZE) -> Path:
    if size is not None:
        widget.resize(*size)
    widget.show()
    _settle()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _wait_loaded(dash: DashboardWidget) -> None:
    loop = QEventLoop()
    dash.loaded.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()


def _story(ws: Workspace) -> tuple[CaseRow, CaseRow]:
    """Give one open case a history worth showing; returns it and a repeat case."""
    rows = dashboard.case_rows(ws)
    active = [r for r in rows if r.status == CaseStatus.OPEN and len(r.young_people) >= 2]
    case, repeat = active[0], active[1]
    record = cases.load_case(ws, case.id, audit_view=False)
    child = record.rows("young_people")[0]
    cases.amend(
        ws,
        case.id,
        "cases",
        case.id,
        "summary",
        (record.case.summary or "") + " The pupil pictured has since told us it reached Year 11.",
        "The pupil told the DSL more at the follow-up meeting",
    )
    other = cases.load_case(ws, repeat.id, audit_view=False).rows("young_people")[0]
    for field, value in (("name", child.name), ("date_of_birth", child.date_of_birth)):
        cases.amend(
            ws, repeat.id, "young_people", other.id, field, value, "Same pupil: checked with MIS"
        )
    followup.add_chronology_entry(
        ws,
        case.id,
        datetime.now().replace(second=0, microsecond=0) - timedelta(days=4, hours=3),
        "Parent phoned the school office, worried about messages on the family iPad.",
    )
    followup.add_action(
        ws,
        case.id,
        "Check the image has been removed from the group chat (Report Remove)",
        owner_id=ws.account.id,
        owner_name=ws.account.display_name,
        due_on=date.today() + timedelta(days=5),
    )
    followup.add_review(
        ws,
        case.id,
        held_on=date.today(),
        notes="Pupil attending; check-ins twice a week. Parents supportive.",
        risk_still_present=None,
        next_review_on=date.today() + timedelta(days=21),
    )
    # Two old closed cases reach their retention date (children born in 1990).
    age_past_retention(ws, 2)
    return case, repeat


def _dialog(window: CaseFileWindow) -> FormDialog:
    dialog = window.dialog
    assert dialog is not None
    return dialog


def _render_dashboard(ws: Workspace, out: Path) -> list[Path]:
    made: list[Path] = []
    dash = DashboardWidget(ws)
    dash.resize(*SIZE)
    dash.show()
    _wait_loaded(dash)
    made.append(_save(dash, out, "dashboard"))
    dash.search.setText("sexting")
    status = dash.cases.filters.status_filter
    status.setCurrentIndex(status.findText("Open and monitoring"))
    made.append(_save(dash, out, "dashboard_search"))
    # The drafts, with their young people, one chosen: it can be discarded from here.
    dash.search.clear()
    status.setCurrentIndex(status.findText("Drafts"))
    dash.cases.table.selectRow(0)
    made.append(_save(dash, out, "dashboard_drafts"))
    dash.wait_idle()
    dash.close()
    return made


def _render_small_screens(ws: Workspace, out: Path) -> list[Path]:
    """The signed-in window, as the DSL meets it, on each small screen."""
    made: list[Path] = []
    main = MainWindow(ws)
    main.setWindowState(Qt.WindowState.WindowNoState)
    main.show()
    _wait_loaded(main.dashboard)
    for width, height in SMALL_SCREENS:
        made.append(_save(main, out, f"dashboard_{width}x{height}", size=(width, height)))
    main.dashboard.wait_idle()
    main.hide()
    main.deleteLater()
    return made


def _render_case_file(ws: Workspace, case_id: int, out: Path) -> list[Path]:
    """The case file's tabs, then each of its dialogs (opened and cancelled)."""
    made: list[Path] = []
    window = CaseFileWindow(ws, case_id)
    shots.case_read(window)
    made.append(_save(window, out, "case_file"))
    window.record_view.index.setCurrentRow(5)  # Police
    made.append(_save(window, out, "case_file_sections"))
    for tab, name in (
        ("Chronology", "chronology"),
        ("History", "history"),
        ("Actions", "case_file_actions"),
        ("Reviews", "case_file_reviews"),
        ("Decisions", "case_file_decisions"),
        ("Young people", "case_file_young_people"),
    ):
        window.show_tab(tab)
        made.append(_save(window, out, name))

    window.show_tab("Record")
    target = window.record_view.amend_buttons[("cases", case_id, "summary")]
    target.click()
    amend = _dialog(window)
    amend.reason.setText("The pupil gave more detail at the follow-up meeting")  # type: ignore[attr-defined]
    made.append(_save(amend, out, "amend_dialog", size=None))  # as it opens: reason in view
    amend.reject()
    window.change_status(CaseStatus.CLOSED)
    made.append(_save(_dialog(window), out, "close_dialog", size=(680, 640)))
    _dialog(window).reject()
    window.add_review()
    made.append(_save(_dialog(window), out, "review_dialog", size=(680, 640)))
    _dialog(window).reject()
    window.add_action()
    made.append(_save(_dialog(window), out, "action_dialog", size=(680, 640)))
    _dialog(window).reject()
    window.close()
    made += _render_printing(ws, case_id, out)
    return made


def _render_printing(ws: Workspace, case_id: int, out: Path) -> list[Path]:
    """The print dialog, after saving a PDF (its whole path shown), and the preview."""
    from app.ui.print_dialog import PrintRecordDialog

    made: list[Path] = []
    reference = cases.load_case(ws, case_id, audit_view=False).case.reference
    dialog = PrintRecordDialog(ws, reference)
    made.append(_save(dialog, out, "print_dialog", size=None))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "Safeguarding exports to send securely" / "Autumn term"
        folder.mkdir(parents=True)
        saving = dialog.save_to(folder / dialog.default_file_name())
        if saving is not None:
            saving.finish_now()
        made.append(_save(dialog, out, "print_dialog_saved", size=None))
    making = dialog.preview()
    if making is not None:
        making.finish_now()
    _settle()
    preview = dialog.preview_dialog
    if preview is not None:
        made.append(_save(preview, out, "print_preview", size=None))
        preview.reject()
    dialog.close()
    return made


def _render_admin(ws: Workspace, out: Path) -> list[Path]:
    made: list[Path] = []
    figures = FiguresDialog(ws)
    shots.read_in(figures)
    figures.year.setCurrentIndex(min(1, figures.year.count() - 1))  # a whole year
    shots.read_in(figures)
    made.append(_save(figures, out, "governors_figures"))
    figures.close()
    settings = SettingsDialog(ws)
    made.append(_save(settings, out, "settings", size=(1000, 688)))  # as it opens at 1366x768
    settings.close()
    retention = RetentionDialog(ws)
    shots.read_in(retention)
    made.append(_save(retention, out, "retention", size=(900, 560)))
    retention.close()
    return made


def _render_transfer(ws: Workspace, case_id: int, out: Path, tmp: Path) -> list[Path]:
    """Sending one child's file to a new school, its receipt, and importing it (the
    training database's own pack, so every page says TRAINING)."""
    from app.ui.transfer import ImportDialog, ReceiptDialog, SendDialog, TransferredFilesDialog

    made: list[Path] = []
    reference = cases.load_case(ws, case_id, audit_view=False).case.reference
    send = SendDialog(ws, reference)
    send.school_edit.setText("Oakfield Academy")
    pack_path = tmp / "Documents" / "casebook-transfer.age"
    send.path_edit.setText(str(pack_path))
    send.make_button.click()
    send.job.finish()
    passphrase = send.passphrase_label.text()
    send.path_edit.setText("Documents/casebook-transfer.age")  # no temporary folder in the shot
    made.append(_save(send, out, "transfer_send", size=(760, 720)))
    send.close()
    receipt = ReceiptDialog(ws)
    made.append(_save(receipt, out, "transfer_receipt", size=(760, 420)))
    receipt.close()
    importing = ImportDialog(ws)
    importing.path_edit.setText(str(pack_path))
    importing.passphrase_edit.setText(passphrase)
    importing.open_button.click()
    importing.job.finish()
    importing.path_edit.setText("Downloads/casebook-transfer.age")
    made.append(_save(importing, out, "transfer_import", size=(760, 760)))
    importing.import_button.click()
    importing.job.finish()
    importing.close()
    files = TransferredFilesDialog(ws)
    made.append(_save(files, out, "transferred_files", size=(900, 600)))
    files.close()
    return made


def render_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        ws, _recovery = create_training_database(
            Path(tmp) / "casebook.db", USERNAME, PASSWORD, CASES
        )
        try:
            case, _repeat = _story(ws)
            made += _render_dashboard(ws, out)
            made += _render_small_screens(ws, out)
            made += _render_case_file(ws, case.id, out)
            made += _render_admin(ws, out)
            made += _render_transfer(ws, case.id, out, Path(tmp))
        finally:
            ws.close()
    return made


def main(argv: list[str]) -> int:
    return shots.run("tools.screenshots.dashboard", render_all, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
