"""Nothing lost: autosave, page turns, closing, resuming, a crash (kill -9), and the
main window's New incident and Resume draft; and failures shown on the page."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.errors import InvalidInput, SaveFailed
from app.services import cases, incident, workspace
from app.services.workspace import Workspace
from app.ui.app import Casebook
from app.ui.login import LoginWindow
from app.ui.main_window import DRAFT_KEPT, MainWindow
from app.ui.qt import QApplication, QObject, Qt
from app.ui.wizard.autosave import Autosave
from app.ui.wizard.wizard import IncidentWizard
from app.wizard.validate import Problem
from tests.helpers.killed import kill_and_read_rest
from tests.helpers.ui import PASSWORD, USERNAME
from tests.helpers.wizard_driver import Driver, make_wizard, ws
from tests.helpers.wizard_pages import experimental_in_school
from tests.helpers.wizard_typist import chunk

__all__ = ["make_wizard", "ws"]  # fixtures

REPO = Path(__file__).resolve().parents[2]
TYPIST = REPO / "tests" / "helpers" / "wizard_typist.py"
PROMISE_S = 5.0  # at most the last 5 seconds of typing may be lost


def summary_saved(ws: Workspace, case_id: int | None) -> str:
    if case_id is None:  # a new incident is not a draft until its first save
        return ""
    return str(cases.draft_pages(ws, case_id).get("incident", {}).get("summary", ""))


# -- the timers ----------------------------------------------------------------------


def test_autosave_waits_for_a_pause_but_never_longer_than_the_deadline(qtbot: QtBot) -> None:
    saves: list[tuple[float, dict[str, Any]]] = []
    value = {"n": 0}
    owner = QObject()
    auto = Autosave(
        lambda page, v: saves.append((time.monotonic(), dict(v))),
        lambda page: dict(value),
        quiet_ms=300,
        max_ms=800,
        parent=owner,
    )
    start = time.monotonic()
    for n in range(1, 16):  # steady typing every 100 ms for 1.5 s: never quiet
        value["n"] = n
        auto.touch("incident")
        qtbot.wait(100)
    assert saves, "steady typing was never saved"
    assert saves[0][0] - start < 1.0  # the deadline, not the pause
    qtbot.waitUntil(lambda: saves[-1][1]["n"] == 15, timeout=1000)  # and the pause after
    count = len(saves)
    auto.touch("incident")  # nothing changed: nothing written again
    assert auto.flush() and len(saves) == count


def test_typing_is_saved_within_five_seconds_without_turning_the_page(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    d.type("summary", "Aisha told her tutor at 8.40.")
    typed = time.monotonic()
    d.qtbot.waitUntil(
        lambda: summary_saved(ws, d.w.case_id) == "Aisha told her tutor at 8.40.",
        timeout=int(PROMISE_S * 1000),
    )
    assert time.monotonic() - typed < PROMISE_S
    assert "Draft saved at" in d.w.status.text()


def test_every_page_turn_saves_the_page(make_wizard: Callable[..., Driver], ws: Workspace) -> None:
    d = make_wizard(quiet_ms=60_000, max_ms=60_000)  # only page turns save here
    d.type("summary", "Typed just before Next")
    d.click(d.w.next_button)  # blocked (page incomplete), but nothing is lost on Back/Next
    d.w.go_back()
    assert d.page_id == "incident"
    d.type("came_to_light_how", " and more")
    d.w.go_to(0)  # staying put saves nothing new
    pages = experimental_in_school()
    d.w.by_id["incident"].set_values(pages["incident"])
    d.next(expect_page="initial_review")
    assert cases.draft_pages(ws, d.w.case_id)["incident"] == d.w.by_id["incident"].values()
    d.type("attendees", "DSL")
    d.click(d.w.back_button)
    assert cases.draft_pages(ws, d.w.case_id)["initial_review"]["attendees"] == "DSL"


def test_closing_keeps_the_draft_and_resuming_brings_it_all_back(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    pages = experimental_in_school()
    d.w.by_id["incident"].set_values(pages["incident"])
    d.next(expect_page="initial_review")
    d.type("attendees", "DSL and the head")
    kept: list[str] = []
    d.w.draft_kept.connect(kept.append)
    d.click(d.w.close_button)
    assert not d.w.isVisible() and kept == [d.w.reference]
    assert [x.id for x in cases.list_drafts(ws)] == [d.w.case_id]

    again = make_wizard(d.w.case_id)
    assert again.w.reference == d.w.reference
    assert again.page_id == "initial_review"  # where it was left
    assert again.values("initial_review")["attendees"] == "DSL and the head"
    saved_people = pages["incident"]["young_people"]
    resumed_people = again.values("incident")["young_people"]
    shown = [
        {k: p[k] for k in saved} for p, saved in zip(resumed_people, saved_people, strict=True)
    ]
    assert shown == saved_people
    assert "Resume draft" in again.w.windowTitle()


def test_opening_and_closing_without_typing_leaves_no_draft(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    kept: list[str] = []
    d.w.draft_kept.connect(kept.append)
    assert d.w.windowTitle() == "New incident"
    d.qtbot.keyClick(d.editor("came_to_light_at").edit, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert not d.w.isVisible()
    assert kept == [] and cases.list_drafts(ws) == []


def test_a_draft_that_cannot_be_saved_says_so_and_does_not_close_at_once(
    make_wizard: Callable[..., Driver], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = make_wizard()

    def broken(*_args: object) -> None:
        raise SaveFailed()

    monkeypatch.setattr(cases, "start_draft", broken)  # a new draft's first save
    monkeypatch.setattr(cases, "save_draft_page", broken)
    d.type("summary", "Typed while the disk is full")
    d.w.autosave.flush()
    assert d.w.status.text() == str(SaveFailed())
    assert d.w.status.property("role") == "error"
    d.click(d.w.close_button)
    assert d.w.isVisible()  # the first press explains and stays
    assert "Press Save and close again" in d.w.status.text()
    assert d.editor("summary").value() == "Typed while the disk is full"
    d.click(d.w.close_button)
    assert not d.w.isVisible()


# -- Finish that fails ----------------------------------------------------------------------


def saved_case(ws: Workspace) -> int:
    case_id = cases.create_case(ws).id
    for page, values in experimental_in_school().items():
        cases.save_draft_page(ws, case_id, page, values)
    return case_id


def test_finish_refused_by_the_service_goes_to_the_page_that_needs_it(
    make_wizard: Callable[..., Driver], ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = make_wizard(saved_case(ws))
    assert d.page_id == "summary"
    problem = Problem("reason", "Why?: this is required.")

    def refuse(*_args: object) -> str:
        raise incident.IncompleteCase({"police": [problem]})

    monkeypatch.setattr(incident, "finish", refuse)
    d.finish()
    assert d.w.isVisible() and d.page_id == "police"
    view = d.w.by_id["police"]
    assert view.form.rows["reason"].errors.text() == "Why?: this is required."
    assert view.problems_title.text().startswith("Before the case can be opened")
    assert QApplication.focusWidget() is view.form.rows["reason"].editor.edit  # type: ignore[attr-defined]


def test_finish_failing_for_another_reason_is_explained_on_the_summary_page(
    make_wizard: Callable[..., Driver], ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = make_wizard(saved_case(ws))

    def refuse(*_args: object) -> str:
        raise InvalidInput("Case 2026-0001 is already open.")

    monkeypatch.setattr(incident, "finish", refuse)
    d.finish()
    view = d.w.pages[-1]
    assert d.w.isVisible() and d.page_id == "summary"
    assert view.message.text() == "Case 2026-0001 is already open."  # type: ignore[attr-defined]
    assert view.message.isVisible()  # type: ignore[attr-defined]


def test_finish_checks_every_page_first(make_wizard: Callable[..., Driver], ws: Workspace) -> None:
    pages = experimental_in_school()
    pages["police"]["reason"] = ""
    pages["agencies"]["parents"]["b2"] = {"informed": "no"}  # no reason given
    case_id = cases.create_case(ws).id
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values)
    d = make_wizard(case_id)
    d.finish()
    assert d.page_id == "police"  # the first page that needs something
    assert "Why have you not reported it?" in d.w.by_id["police"].problems.text()
    assert d.w.page_list.item(5).text().startswith("!")  # and the next one is marked
    assert d.w.page_list.item(3).text().startswith("✓")
    d.type("reason", "Handled in school.")
    d.next(expect_page="agencies")
    d.w.by_id["agencies"].revealed = True
    d.click(d.w.next_button)
    assert "Łukasz Nowak: Why not" in d.w.by_id["agencies"].problems.text()
    assert cases.list_drafts(ws)  # still a draft


# -- the main window ------------------------------------------------------------------------


def test_new_incident_then_close_lists_the_draft_with_resume(qtbot: QtBot, ws: Workspace) -> None:
    main = MainWindow(ws)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.dashboard.loaded, timeout=20_000):
        main.show()
    assert not main.drafts_panel.isVisible()
    main.new_incident.trigger()
    wizard = main.wizard
    assert isinstance(wizard, IncidentWizard) and wizard.isVisible()
    assert wizard.windowModality() == Qt.WindowModality.WindowModal
    qtbot.addWidget(wizard)
    d = Driver(qtbot, wizard)
    d.type("summary", "From the main window")
    qtbot.keyClick(d.editor("summary").edit, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert not wizard.isVisible()
    assert main.message.text() == DRAFT_KEPT
    qtbot.waitUntil(main.drafts_panel.isVisible, timeout=20_000)  # read again off the GUI thread
    assert len(main.resume_buttons) == 1
    assert main.resume_buttons[0].accessibleName() == f"Resume draft {wizard.reference}"

    qtbot.mouseClick(main.resume_buttons[0], Qt.MouseButton.LeftButton)
    resumed = main.wizard
    assert resumed is not None and resumed is not wizard
    qtbot.addWidget(resumed)
    editor = resumed.by_id["incident"].form.editor_at("summary")
    assert editor is not None and editor.value() == "From the main window"


def test_signing_in_with_drafts_offers_resume_first(
    qtbot: QtBot, ws: Workspace, db_path: Path
) -> None:
    case_id = cases.create_case(ws).id
    cases.save_draft_page(ws, case_id, "incident", {"summary": "Left mid-sentence"})
    ws.close()
    app = Casebook(db_path)
    app.start()
    login = app.window
    assert isinstance(login, LoginWindow)
    qtbot.addWidget(login)
    qtbot.keyClicks(login.username, USERNAME)
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not login.signing_in, timeout=20_000)  # signing in runs on a worker
    main = app.window
    assert isinstance(main, MainWindow), login.message.text()
    qtbot.addWidget(main)
    qtbot.waitUntil(main.drafts_panel.isVisible, timeout=20_000)
    assert main.resume_buttons and main.resume_buttons[0].text() == "Resume &draft"
    assert main.focusWidget() is main.resume_buttons[0]
    main.close()


# -- a crash --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_while_typing_loses_at_most_the_last_five_seconds(
    make_db: Callable[..., str], db_path: Path, tmp_path: Path, opened: list[Workspace]
) -> None:
    make_db()
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    env = {**os.environ, "CASEBOOK_KDF": "fast", "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    child = subprocess.Popen(
        [sys.executable, str(TYPIST), str(db_path), USERNAME, str(secret)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(40, child.kill)  # a hung child cannot hang the test
    watchdog.start()
    reported: list[tuple[float, int]] = []  # (when the parent read it, chunk number)
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        if first.strip() != "ready":
            pytest.fail(f"the typist did not start: {first!r} {child.communicate()[1][-2000:]}")
        started = None
        while True:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the typist stopped: {child.communicate()[1][-2000:]}")
            now = time.monotonic()
            reported.append((now, int(line)))
            started = started or now
            if now - started >= PROMISE_S + 2.5:  # > 5 s after the chunks that must be safe
                break
        killed_at = time.monotonic()
        rest, _ = kill_and_read_rest(child, 20)
        reported += [(killed_at, int(n)) for n in rest.split("\n")[:-1]]
    finally:
        watchdog.cancel()
    assert child.returncode == -signal.SIGKILL

    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    drafts = cases.list_drafts(ws)
    assert len(drafts) == 1
    saved = summary_saved(ws, drafts[0].id)
    safe = [n for when, n in reported if when <= killed_at - PROMISE_S]
    assert len(safe) >= 5, "the test did not type for long enough to mean anything"
    must_have = "".join(chunk(n) for n in range(1, max(safe) + 1))
    assert saved.startswith(must_have), (len(saved), len(must_have))
    typed_at_most = "".join(chunk(n) for n in range(1, reported[-1][1] + 2))
    assert typed_at_most.startswith(saved)  # exactly what was typed, nothing else


def test_closing_the_main_window_saves_an_open_wizard_first(qtbot: QtBot, ws: Workspace) -> None:
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.show()
    wizard = main.open_wizard()
    assert wizard is not None
    qtbot.addWidget(wizard)
    Driver(qtbot, wizard).type("summary", "Typed, then the window was closed")
    main.close()
    assert not wizard.isVisible()
    again = workspace.unlock(ws.path, USERNAME, PASSWORD)
    try:
        draft = cases.list_drafts(again)[0]
        assert summary_saved(again, draft.id) == "Typed, then the window was closed"
    finally:
        again.close()
