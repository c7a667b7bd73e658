"""Render every screen to PNG, headless: `python -m tools.screenshots.windows OUTDIR`.

For reviewing layout and words without a display. Uses a throwaway database
in a temporary folder (cheap key derivation), never the user's own.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tools.screenshots import shots

# Before Qt starts: no display needed. Before any key is made: a cheap KDF for
# the throwaway database only (the cost is stored in its key file).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["CASEBOOK_KDF"] = "fast"

from app.models import CaseStatus  # noqa: E402
from app.services import dashboard, workspace  # noqa: E402
from app.services import settings as settings_service  # noqa: E402
from app.services.workspace import Workspace  # noqa: E402
from app.training import create_training_database, mark_as_training  # noqa: E402
from app.ui.first_run import FirstRunWindow  # noqa: E402
from app.ui.login import LoginWindow  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.qt import QApplication, QEventLoop, QScrollArea, QTimer, QWidget  # noqa: E402
from app.ui.security import LockController  # noqa: E402
from app.ui.wizard.wizard import IncidentWizard  # noqa: E402
from app.wizard.example import demo_pages, when  # noqa: E402

SIZE = (1366, 768)
WIZARD_SIZES = ((1366, 680), (1920, 1080))  # a 1366x768 laptop less its taskbar and title bar
SCHOOL = "St Aidan's C of E Academy"
USERNAME = "jsmith"
PASSWORD = "Kettle lantern orbit 42"
FULL_NAME = "Jo Smith"
DEMO_CASES = 60


def _save(widget: QWidget, out: Path, name: str, *, resize: bool = True) -> Path:
    if resize:
        shots.size_window(widget, *SIZE)
    widget.show()
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):  # let layouts settle before grabbing
        app.processEvents()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _loaded(main: MainWindow, *, refresh: bool = False) -> MainWindow:
    """Wait for the dashboard's rows (read off the GUI thread) before grabbing."""
    loop = QEventLoop()
    main.dashboard.loaded.connect(loop.quit)
    if refresh:
        main.dashboard.refresh()
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()
    main.dashboard.loaded.disconnect(loop.quit)
    return main


def _main_window(ws: Workspace) -> MainWindow:
    """As after signing in: the window with its lock (so Hide now is on the toolbar)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = LockController(app, 5, lambda _password: False, user_label=ws.account.display_name)
    main = MainWindow(ws, lock=lock)
    main.workspace_closed.connect(lock.stop)
    shots.size_window(main, *SIZE)
    main.show()
    return _loaded(main)


def render_demo(out: Path, folder: Path) -> list[Path]:
    """The main window on a TRAINING database: the dashboard, then a case file open."""
    ws, _recovery = create_training_database(folder / "demo.db", USERNAME, PASSWORD, DEMO_CASES)
    rows = dashboard.case_rows(ws)
    case = next(r for r in rows if r.status == CaseStatus.OPEN and len(r.young_people) >= 2)
    main = _main_window(ws)
    made = [_save(main, out, "main_window_dashboard")]
    opened = main.open_case_file(case.id)
    assert opened is not None
    shots.case_read(opened)
    made.append(_save(main, out, "main_window_case_file"))
    main.close()
    return made


def _grab_wizard(wizard: IncidentWizard, out: Path, name: str) -> list[Path]:
    made = []
    for wanted in WIZARD_SIZES if not shots.scaled() else (SIZE,):  # at 150%: the screen
        shots.size_window(wizard, *wanted)
        width, height = (wizard.width(), wizard.height()) if shots.scaled() else wanted
        made.append(_save(wizard, out, f"{name}_{width}x{height}", resize=False))
    return made


def render_wizard(main: MainWindow, out: Path) -> list[Path]:
    """Every wizard page filled in, page 1 with its messages, page 5 with the refer banner."""
    made: list[Path] = []
    wizard = main.open_wizard()  # as New incident does
    assert wizard is not None, main.message.text()
    wizard.next_button.click()  # nothing typed yet: the messages on the page
    made += _grab_wizard(wizard, out, "wizard_1_incident_errors")
    pages = demo_pages()
    for view in wizard.pages:
        view.set_values(pages.get(view.spec.id, {}))
        view.revealed = False
    wizard.furthest = len(wizard.pages) - 1
    for number, view in enumerate(wizard.pages, start=1):
        wizard.show_page(number - 1)
        made += _grab_wizard(wizard, out, f"wizard_{number}_{view.spec.id}")
    review = wizard.by_id["initial_review"]
    review.set_values(
        pages["initial_review"]
        | {
            "q_coercion_or_capacity": "yes",
            "q_coercion_or_capacity_note": "He told her to send more or he would post it.",
            "decision": "refer",
            "decision_reason": "Threats to post the image: coercion.",
        }
    )
    coerced = pages["police"] | {
        "coercion_details": "Told Ffion he would post it unless she sent more.",
    }
    wizard.by_id["police"].set_values(coerced | {"reported": ""})
    wizard.show_page(4)
    made += _grab_wizard(wizard, out, "wizard_5_police_refer")
    wizard.banner.set_expanded(True)  # "Show why": the reasons, prompts and contacts in full
    made += _grab_wizard(wizard, out, "wizard_5_police_refer_why")
    wizard.banner.set_expanded(False)
    made += _render_new_risks(wizard, pages, out)  # before the referral is recorded
    made += _render_what_happened(wizard, out, pages, coerced)
    for view in wizard.pages:  # filled in by code, not typed: save them as typing would
        wizard.autosave.touch(view.spec.id)
    wizard.reject()  # Save and close: the draft to resume
    return made


def _render_what_happened(
    wizard: IncidentWizard, out: Path, pages: dict[str, Any], coerced: dict[str, Any]
) -> list[Path]:
    """After the referral: a viewing the head was told of afterwards, the phone handed to
    the police, the outcome and the MASH referral for each child, parents told on a day."""
    children = [str(p["key"]) for p in pages["incident"]["young_people"]]
    handling = pages["incident_handling"]
    device = handling["devices"][0] | {
        "custody": "police",
        "handed_over_at": when(0, 12, 40),
        "handed_to": "PC Rees 4471",
        "police_reference": "EXH-NP-1",
    }
    viewing = {
        "key": "demo-viewing",
        "viewed_at": when(0, 9, 50),
        "viewed_by": "Jo Smith (DSL)",
        "reason": "Ffion held the phone up to show the DSL before she could be stopped.",
        "head_agreed": "no",
        "head_name": "Mr Khan, deputy head",
        "head_told_at": when(0, 10, 0),
    }
    wizard.by_id["incident_handling"].set_values(
        handling | {"devices": [device], "was_viewed": "yes", "viewing_log": [viewing]}
    )
    wizard.show_page(3)
    _scrolled_to(wizard, "incident_handling", "devices")
    made = _grab_wizard(wizard, out, "wizard_4_incident_handling_police_have_it")
    outcomes = {key: {"outcome_code": "Outcome 21"} for key in children}
    outcomes[children[-1]] = {"outcome_code": "No further action", "crime_reference": "NP/26/9"}
    wizard.by_id["police"].set_values(
        coerced
        | {
            "reported": "yes",
            "reason": "Coercion: the guidance says to refer straight away.",
            "reported_at": when(0, 10, 5),
            "force": "Northshire Police",
            "officer": "PC Rees 4471",
            "crime_reference": "NP/26/118822",
            "outcomes": outcomes,
        }
    )
    wizard.show_page(4)
    _scrolled_to(wizard, "police", "crime_reference")
    made += _grab_wizard(wizard, out, "wizard_5_police_referred")
    agencies = pages["agencies"]
    parents = dict(agencies["parents"])
    parents[children[-1]] = {"informed": "planned", "planned_on": _day(1)}
    wizard.by_id["agencies"].set_values(
        agencies
        | {
            "mash_referred": "yes",
            "mash_reason": "Coercion of a 14-year-old.",
            "mash": {
                children[0]: {
                    "referred": "yes",
                    "referred_on": when(0, 11)[:10],  # the day it came to light
                    "reference": "MASH-5531",
                },
                **{key: {"referred": "no"} for key in children[1:]},
            },
            "parents": parents,
        }
    )
    wizard.show_page(5)
    _scrolled_to(wizard, "agencies", "mash")
    made += _grab_wizard(wizard, out, "wizard_6_agencies_referred")
    return made


def _scrolled_to(wizard: IncidentWizard, page: str, path: str) -> None:
    """Bring the question at `path` to the top of the page: what this state is about."""
    view = wizard.by_id[page]
    editor = view.form.editor_at(path)
    scroller = view.findChild(QScrollArea)
    inner = scroller.widget() if scroller is not None else None
    if editor is None or scroller is None or inner is None:
        return
    QApplication.processEvents()  # new cards are laid out before they can be scrolled to
    top = editor.mapTo(inner, editor.rect().topLeft()).y()
    scroller.verticalScrollBar().setValue(max(0, top - 40))


def _day(days: int) -> str:
    return (date.today() + timedelta(days=days)).strftime("%d/%m/%Y")


def _render_new_risks(wizard: IncidentWizard, pages: dict[str, Any], out: Path) -> list[Path]:
    """Sextortion recorded on page 1 while question 2 says no (the aid says both plainly);
    an AI-made image with self-harm recorded on page 4 while question 5 says no."""
    made: list[Path] = []
    before = {
        p: wizard.by_id[p].values() for p in ("incident", "initial_review", "incident_handling")
    }
    wizard.by_id["incident"].set_values(
        pages["incident"] | {"sextortion": "yes", "sextortion_demand": ["more_images"]}
    )
    wizard.by_id["initial_review"].set_values(pages["initial_review"])
    wizard.show_page(1)
    made += _grab_wizard(wizard, out, "wizard_2_initial_review_sextortion")
    wizard.by_id["incident_handling"].set_values(
        pages["incident_handling"]
        | {"image_origin": "ai_altered", "immediate_risks": ["self_harm"]}
    )
    wizard.show_page(3)
    made += _grab_wizard(wizard, out, "wizard_4_incident_handling_ai_self_harm")
    for page, values in before.items():  # back as the other states expect
        wizard.by_id[page].set_values(values)
    return made


def _render_first_run(db: Path, out: Path) -> list[Path]:
    made: list[Path] = []
    first = FirstRunWindow(db)
    first.school_name.setText(SCHOOL)
    made.append(_save(first, out, "first_run_1_school"))
    first.show_step(1)
    first.full_name.setText(FULL_NAME)
    first.username.setText(USERNAME)
    first.passwords.password.setText("short")
    first.create_button.click()
    made.append(_save(first, out, "first_run_2_account_weak_password"))
    first.passwords.password.setText(PASSWORD)
    first.passwords.confirm.setText(PASSWORD)
    first.account_page.message.clear()
    made.append(_save(first, out, "first_run_2_account"))
    first.create_button.click()
    first.finish_pending()  # the database is created on a worker thread
    key = first.key_label.text().replace("\n", "-")
    made.append(_save(first, out, "first_run_3_recovery_key"))
    first.key_tick.setChecked(True)
    first.key_next.click()
    first.key_again.setText(key[:-4])
    first.finish.click()
    made.append(_save(first, out, "first_run_4_check_key_wrong"))
    first.key_again.setText(key)
    first.finish.click()
    first.close()
    return made


def _render_login(login: LoginWindow, out: Path) -> list[Path]:
    made: list[Path] = []
    made.append(_save(login, out, "login"))
    login.username.setText(USERNAME)
    login.password.setText("not the password")
    login.submit()
    made.append(_save(login, out, "login_signing_in"))  # the key is derived meanwhile
    login.finish_pending()  # the password is checked on a worker thread
    made.append(_save(login, out, "login_wrong_password"))
    login.open_recovery()
    dialog = login.recovery_dialog
    assert dialog is not None
    dialog.passwords.password.setText("weak")
    made.append(_save(dialog, out, "login_recovery_dialog", resize=False))
    dialog.reject()
    return made


def _render_main_window(db: Path, out: Path) -> list[Path]:
    """The main window, the wizard, the draft it leaves, then the same as training data."""
    made: list[Path] = []
    ws = workspace.unlock(db, USERNAME, PASSWORD)
    main = _main_window(ws)
    made.append(_save(main, out, "main_window"))
    settings_service.update(ws, {"mash_contact": "Northshire MASH, 0300 123 4567"})
    made += render_wizard(main, out)
    _loaded(main, refresh=True)  # the draft the wizard left
    made.append(_save(main, out, "main_window_drafts"))  # closed: the draft to resume
    main.close()

    ws = workspace.unlock(db, USERNAME, PASSWORD)
    mark_as_training(ws)
    main = _main_window(ws)
    made.append(_save(main, out, "main_window_training"))
    main.close()
    return made


def render_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "casebook.db"
        made += _render_first_run(db, out)
        login = LoginWindow(db)
        made += _render_login(login, out)
        made += _render_main_window(db, out)
        login.close()
        made += render_demo(out, Path(tmp))
    return made


def main(argv: list[str]) -> int:
    return shots.run("tools.screenshots.windows", render_all, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
