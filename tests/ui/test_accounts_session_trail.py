"""In the running app, the audit trail records a draft opened, Hide now and unlocking,
a wrong password at the lock screen (at the next sign-in), signing out and closing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services import audit, cases, session_log, workspace
from app.ui.app import Casebook
from app.ui.login import LoginWindow
from app.ui.qt import Qt
from app.ui.wizard.wizard import IncidentWizard
from tests.ui import test_app_wiring as wiring

# The app-wiring tests' fixtures: a copy of the training database, and the app on it.
demo_template = wiring.demo_template
demo_db = wiring.demo_db
controllers = wiring.controllers
start = wiring.start
_close_tracked = wiring._close_tracked
DEMO_USER, DEMO_PASSWORD = wiring.DEMO_USER, wiring.DEMO_PASSWORD
sign_in, track = wiring.sign_in, wiring.track


def trail_after(db: Path, first: int) -> list[audit.AuditLine]:
    ws = workspace.unlock(db, DEMO_USER, DEMO_PASSWORD)
    try:
        with ws.read() as s:
            return audit.entries_for(s)[first:]
    finally:
        ws.close()


def entry_count(db: Path) -> int:
    ws = workspace.unlock(db, DEMO_USER, DEMO_PASSWORD)
    try:
        with ws.read() as s:
            return len(audit.entries_for(s))
    finally:
        ws.close()


def test_a_session_in_the_window_is_in_the_trail(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    first = entry_count(demo_db)
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    drafts = cases.list_drafts(main.ws)
    assert drafts, "the training database has a draft to resume"
    wizard = main.open_wizard(drafts[0].id)  # Resume draft: pupils' names on screen
    assert isinstance(wizard, IncidentWizard)
    qtbot.addWidget(wizard)
    wizard.reject()

    lock = controller.lock
    assert lock is not None
    lock.hide_now()
    overlay = next(o for o in lock.overlays() if o.parentWidget() is main)
    qtbot.keyClicks(overlay.password, "not the password")
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.checking, timeout=20_000)
    lock.throttle.succeeded()  # no wait before the right one, in a test
    lock.unlock()
    main.sign_out_action.trigger()
    qtbot.waitUntil(lambda: isinstance(controller.window, LoginWindow), timeout=20_000)
    track(controller.window)

    got = [(e.actor, e.action, e.target, e.detail) for e in trail_after(demo_db, first)]
    mine = [g for g in got if g[1] != audit.Action.BACKUP]
    assert mine[0][:2] == (DEMO_USER, audit.Action.SIGNED_IN)
    assert (DEMO_USER, audit.Action.VIEWED, drafts[0].reference, session_log.DRAFT_OPENED) in mine
    assert (DEMO_USER, audit.Action.LOCKED, audit.DATABASE_TARGET, "hidden with Hide now") in mine
    assert (DEMO_USER, audit.Action.UNLOCKED, audit.DATABASE_TARGET, "") in mine
    signed_out = (DEMO_USER, audit.Action.SIGNED_OUT, audit.DATABASE_TARGET, "signed out")
    assert signed_out in mine
    # The wrong password at the lock screen came in with the next sign-in (the check here).
    failed = [g for g in mine if g[1] == audit.Action.FAILED_SIGN_IN]
    assert len(failed) == 1
    assert failed[0][3].startswith(f"failed sign-in as {DEMO_USER} at the lock screen: ")
    assert "not the password" not in " ".join(g[3] for g in got)


def test_closing_the_window_is_in_the_trail(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    first = entry_count(demo_db)
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    main.close()
    qtbot.waitUntil(lambda: main.shutdown.db_closed, timeout=20_000)
    got = [(e.action, e.detail) for e in trail_after(demo_db, first)]
    assert (audit.Action.SIGNED_OUT, "closed Casebook") in got
