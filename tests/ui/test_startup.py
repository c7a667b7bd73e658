"""Start-up: the first window needs little, paints soon, and never freezes.

The import checks run in a fresh interpreter (this one has loaded everything
already); the windows and the background integrity check run here, on real
database files.
"""

from __future__ import annotations

import ast
import gc
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import app.ui.qt as qt_module
from app.errors import WrongPassword
from app.services import cases, workspace
from app.services.workspace import STOPPED_FOR_DAMAGE, Workspace, WritesStopped
from app.storage import data_location
from app.ui.app import DAMAGE_FOUND, EXIT_AFTER_FIRST_PAINT, Casebook, Running, launch, warm_up
from app.ui.login import SIGNING_IN, LoginWindow
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QEnterEvent, QLabel, QPointF, Qt, set_enum
from app.ui.widgets import link_button
from tests.helpers.ui import PASSWORD, USERNAME

REPO = Path(__file__).resolve().parents[2]
# The sign-in and first-run windows need none of these; they load after the paint.
HEAVY = (
    "sqlalchemy",
    "reportlab",
    "alembic",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    "PySide6.QtNetwork",  # the single-instance lock needs QtCore only; listening comes later
    "app.models",
    "app.services.workspace",
    "app.ui.main_window",
)

# Starts the GUI as `casebook` does, and prints the loaded modules once the
# first window has painted (and, with "warm", once the background loading ends).
PROBE = textwrap.dedent(
    """
    import faulthandler, json, sys
    faulthandler.enable()  # a fault (in Qt, say) names where, in the test's failure
    from pathlib import Path
    import app.cli  # the entry point's own imports count too
    from app.ui.app import FirstPaint, launch
    from app.ui.qt import QApplication, QTimer

    db, warm, logs = Path(sys.argv[1]), sys.argv[2] == "warm", Path(sys.argv[3])
    qapp = QApplication([])
    running = launch(qapp, db, warm=warm, log_folder=logs)
    seen = {}

    def qt_made():  # PySide puts `Qt` in QtCore once it has made its ~120 enums
        return "Qt" in vars(sys.modules["PySide6.QtCore"])

    def painted():
        seen["painted"] = sorted(sys.modules)
        seen["qt_made"] = qt_made()
        seen["window"] = type(running.controller.window).__name__
        if warm:  # the window's own work after its paint runs as it would, untouched
            QTimer.singleShot(20, settled)
        else:
            done()

    def settled():
        if running.warming is None or running.warming.is_alive():
            QTimer.singleShot(20, settled)
            return
        seen["warmed"] = sorted(sys.modules)
        seen["qt_made_warm"] = qt_made()
        done()

    def done():
        # What the window does after its paint (the shared-folder check, say) went well.
        seen["crash_reports"] = sorted(p.name for p in logs.glob("crash-*"))
        qapp.quit()

    FirstPaint(running.controller.window, painted)
    qapp.exec()
    running.close()
    print(json.dumps(seen))
    """
)


def child_env() -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CASEBOOK_KDF": "fast"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop(EXIT_AFTER_FIRST_PAINT, None)
    return env


def probe(db: Path, *, warm: bool = False) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), "warm" if warm else "cold", str(db.parent / "logs")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=child_env(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def heavy_in(modules: object) -> list[str]:
    assert isinstance(modules, list)
    return [m for m in HEAVY if m in modules]


def test_the_sign_in_window_paints_without_the_heavy_modules_which_load_afterwards(
    db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    seen = probe(db_path, warm=True)
    assert seen["window"] == "LoginWindow"
    assert heavy_in(seen["painted"]) == []
    # Qt's own enums (some 30 ms to make) wait for the paint too, then are made in the
    # background, not when the DSL first clicks.
    assert seen["qt_made"] is False
    assert seen["qt_made_warm"] is True
    assert seen["crash_reports"] == []  # no "Something went wrong" at the start
    # While the password is typed, what signing in needs is loaded in the background.
    warmed = seen["warmed"]
    assert isinstance(warmed, list)
    for name in ("sqlalchemy", "reportlab", "app.services.workspace", "app.ui.main_window"):
        assert name in warmed
    assert "alembic" not in warmed  # only when the database needs an upgrade


def test_the_first_run_window_paints_without_the_heavy_modules(db_path: Path) -> None:
    seen = probe(db_path)
    assert seen["window"] == "FirstRunWindow"
    assert heavy_in(seen["painted"]) == []
    assert not db_path.exists()  # showing it creates nothing


def test_exit_after_first_paint_prints_when_the_window_painted_and_exits_0(
    db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    env = {**child_env(), EXIT_AFTER_FIRST_PAINT: "1"}
    before = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env,
    )
    after = time.time()
    assert done.returncode == 0, done.stderr[-2000:]
    [line] = done.stdout.splitlines()
    word, stamp = line.split(" ")
    assert word == "painted-at"
    assert before < float(stamp) < after


def test_a_second_launch_during_start_up_brings_the_first_forward(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], tmp_path: Path
) -> None:
    # The first instance listens only once its window has painted; a second
    # launch started at the same moment keeps trying until it is answered.
    make_db()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    running = launch(app, db_path, log_folder=tmp_path / "logs")
    assert isinstance(running, Running)
    try:
        qtbot.addWidget(running.controller.window)
        with qtbot.waitSignal(running.instance.show_requested, timeout=30_000):
            second = subprocess.Popen(
                [sys.executable, "-m", "app", "--db", str(db_path)],
                cwd=REPO,
                env=child_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        assert second.wait(timeout=60) == 0
        assert isinstance(running.controller.window, LoginWindow)  # still the only window
    finally:
        running.close()


def test_closing_straight_after_the_first_paint_waits_for_the_check_still_running(
    qtbot: QtBot,
    db_path: Path,
    make_db: Callable[..., str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker that handed Qt its answer as the process ended crashed it (in the probe
    above, in 3 of 9 full runs of the suite): close lets every job's work end."""
    make_db()
    started, go_on, ended = threading.Event(), threading.Event(), threading.Event()
    where = data_location.current

    def slow_check() -> data_location.DataLocation:
        started.set()
        go_on.wait(10)
        try:
            return where()
        finally:
            ended.set()

    monkeypatch.setattr(data_location, "current", slow_check)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    running = launch(app, db_path, log_folder=tmp_path / "logs")
    assert isinstance(running, Running)
    qtbot.addWidget(running.controller.window)
    qtbot.waitUntil(started.is_set, timeout=10_000)  # the shared-folder check, after the paint
    threading.Timer(0.3, go_on.set).start()
    running.close()
    assert ended.is_set()
    assert not [t for t in threading.enumerate() if t.name == "casebook-work"]


def test_garbage_is_collected_again_once_the_first_window_has_painted(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], tmp_path: Path
) -> None:
    make_db()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    gc.disable()  # as `casebook` does before loading Qt and the first window
    running = None
    try:
        running = launch(app, db_path, log_folder=tmp_path / "logs", warm=False)
        assert isinstance(running, Running)
        qtbot.addWidget(running.controller.window)
        assert not gc.isenabled()
        qtbot.waitUntil(gc.isenabled, timeout=10_000)
    finally:
        gc.enable()
        if running is not None:
            running.close()


def test_what_the_warm_up_loaded_is_left_out_of_later_full_collections() -> None:
    """A full collection walked every module and model again, stopping the window."""
    loaded_meanwhile = [[n] for n in range(1000)]  # lists: tracked, not yet frozen
    frozen = gc.get_freeze_count()
    warm_up(("app.services.workspace",))
    assert gc.get_freeze_count() >= frozen + len(loaded_meanwhile)
    assert gc.isenabled()  # still collected: only what was there is left out


def test_every_qt_name_is_declared_for_mypy_and_for_loading() -> None:
    tree = ast.parse(Path(qt_module.__file__ or "").read_text(encoding="utf-8"))
    checked = next(n for n in tree.body if isinstance(n, ast.If))  # `if TYPE_CHECKING:`
    typed = {
        (alias.name, node.module)
        for node in checked.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == set(qt_module._HOMES.items())
    assert set(qt_module.__all__) == set(qt_module._HOMES)
    for name in qt_module.__all__:
        assert getattr(qt_module, name) is not None
    with pytest.raises(AttributeError):
        qt_module.QNoSuchThing  # noqa: B018


def test_a_property_set_by_its_qt_name_takes_that_value_and_a_wrong_name_is_refused(
    qtbot: QtBot,
) -> None:
    label = QLabel("<b>not bold</b>")
    qtbot.addWidget(label)
    set_enum(label, "textFormat", "PlainText")
    assert label.textFormat() == Qt.TextFormat.PlainText
    with pytest.raises(ValueError):
        set_enum(label, "textFormat", "Plain")


def test_a_link_shows_the_pointing_hand_when_the_mouse_comes_over_it(qtbot: QtBot) -> None:
    link = link_button("Forgot every password?")
    qtbot.addWidget(link)
    link.show()
    at = QPointF(2, 2)
    QApplication.sendEvent(link, QEnterEvent(at, at, link.mapToGlobal(at)))
    assert link.cursor().shape() == Qt.CursorShape.PointingHandCursor


# -- signing in off the GUI thread ---------------------------------------------------------


def make_login(qtbot: QtBot, db_path: Path) -> LoginWindow:
    window = LoginWindow(db_path, USERNAME)
    qtbot.addWidget(window)
    window.show()
    return window


def test_signing_in_disables_the_controls_and_runs_one_attempt_at_a_time(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    w = make_login(qtbot, db_path)
    controls = (w.username, w.password, w.sign_in, w.forgot)
    for _ in range(2):
        qtbot.keyClicks(w.password, "not the password")
        qtbot.keyClick(w.password, Qt.Key.Key_Return)
        # The window answers at once, and nothing can start a second attempt.
        assert w.signing_in
        assert not any(c.isEnabled() for c in controls)
        assert w.progress.isVisible() and w.progress.text() == SIGNING_IN
        w.password.setText("still not the password")
        w.submit()  # Enter again, as an impatient user would
        qtbot.waitUntil(lambda: not w.signing_in, timeout=20_000)
        assert all(c.isEnabled() for c in controls)
        assert not w.progress.isVisible()
        w.password.clear()
    # Two attempts, not four: a third wrong password would have started a wait.
    assert w.message.text() == str(WrongPassword())


def test_the_throttle_holds_in_the_window_and_nothing_is_tried_during_a_wait(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    w = make_login(qtbot, db_path)
    got: list[Workspace] = []
    w.signed_in.connect(got.append)
    w.signed_in.connect(opened.append)
    for _ in range(3):
        qtbot.keyClicks(w.password, "not the password")
        qtbot.keyClick(w.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not w.signing_in, timeout=20_000)
    assert "Wait 5 seconds before trying again" in w.message.text()
    qtbot.keyClicks(w.password, PASSWORD)
    qtbot.keyClick(w.password, Qt.Key.Key_Return)
    assert not w.signing_in  # refused on the spot: no key derivation, no file touched
    assert "Wait" in w.message.text()
    assert got == []


# -- the full integrity check after sign-in ------------------------------------------------


def sign_in(qtbot: QtBot, controller: Casebook) -> MainWindow:
    login = controller.window
    assert isinstance(login, LoginWindow)
    qtbot.addWidget(login)
    login.username.setText(USERNAME)
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=20_000)
    main = controller.window
    assert isinstance(main, MainWindow)
    qtbot.addWidget(main)
    return main


def test_a_sound_database_passes_the_check_after_sign_in_quietly(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    controller = Casebook(db_path)
    controller.start()
    try:
        main = sign_in(qtbot, controller)
        check = controller.integrity_check
        assert check is not None
        qtbot.waitUntil(lambda: not check.running, timeout=20_000)
        assert main.findChild(QLabel, "database-warning") is None
        assert main.ws.writes_stopped is None
        cases.create_case(main.ws)  # saving still works
    finally:
        controller.shutdown()


def test_damage_found_after_sign_in_stops_saving_and_says_so_calmly(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    # A row pointing at a case that does not exist: the quick check at sign-in
    # passes, the full check afterwards does not.
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    raw = ws.engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(
            "INSERT INTO chronology (case_id, happened_at, recorded_at, recorded_by_id, entry,"
            " source) VALUES (9999, '2026-01-05 09:00:00', '2026-01-05 09:00:00', 1, 'x',"
            " 'manual')"
        )
        conn.commit()
    finally:
        raw.close()
    ws.close()

    controller = Casebook(db_path)
    controller.start()
    try:
        main = sign_in(qtbot, controller)
        qtbot.waitUntil(
            lambda: main.findChild(QLabel, "database-warning") is not None, timeout=20_000
        )
        banner = main.findChild(QLabel, "database-warning")
        assert isinstance(banner, QLabel) and banner.isVisible()
        assert banner.text() == DAMAGE_FOUND
        assert banner.textFormat() == Qt.TextFormat.PlainText
        assert main.ws.writes_stopped == STOPPED_FOR_DAMAGE
        before = db_path.read_bytes()
        with pytest.raises(WritesStopped):
            cases.create_case(main.ws)
        assert db_path.read_bytes() == before
    finally:
        controller.shutdown()
