"""The log file and the native-crash file IT staff can read: kinds and places of
errors and versions, never child data; owner-only, rotated, kept lazy."""

from __future__ import annotations

import ast
import logging
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import cli
from app.diagnostics import crashlog, logfile
from app.diagnostics.lazylog import lazy_logger
from app.errors import InvalidInput

ROOT = Path(__file__).resolve().parent.parent
CHILD = "Zoë Przybylska-Okonkwo"  # a name that appears nowhere in Casebook's code
OWNER_ONLY = sys.platform != "win32"


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", **extra}


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    logfile.detach()
    assert logfile.attach(folder) is not None
    yield folder
    logfile.detach()


def _log_text(folder: Path) -> str:
    return "".join(
        p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"{logfile.LOG_NAME}*"))
    )


def _fail_with_the_childs_name() -> None:
    secret = f"no case for {CHILD}"  # a local value: never written
    raise InvalidInput(secret)


def test_a_logged_error_holds_no_child_data_in_any_way_it_is_logged(log_folder: Path) -> None:
    log = lazy_logger("app.services.example")
    try:
        _fail_with_the_childs_name()
    except InvalidInput as error:
        log.error("saving failed with %s", type(error).__name__)
        log.error("saving failed: %s", error)  # the error itself as an argument
        log.error("saving failed: %(error)s", {"error": error})
        log.error(error)  # the error as the message
        log.exception("saving failed")  # with its traceback
        log.warning("saving failed", exc_info=error, stack_info=True)
    text = _log_text(log_folder)
    assert CHILD not in text and "Przybylska" not in text
    assert "no case for" not in text
    assert "saving failed with InvalidInput" in text
    assert "saving failed: InvalidInput" in text
    assert "unexpected InvalidInput" in text
    # The kind and the places in Casebook's code, as the crash log gives them.
    assert "error: app.errors.InvalidInput" in text
    assert "test_diagnostics_log.py:" in text and "in _fail_with_the_childs_name" in text
    assert "secret" not in text  # no source line, no local names
    assert "Casebook started (version:" in text.splitlines()[0]


def test_only_casebooks_own_records_reach_the_log(log_folder: Path) -> None:
    # A library's record can quote SQL and its values.
    logging.getLogger("sqlalchemy.engine").warning("INSERT INTO young_people VALUES ('%s')", CHILD)
    lazy_logger("app.ui.widgets").warning("a write failed: %s", "OperationalError")
    text = _log_text(log_folder)
    assert CHILD not in text
    assert "WARNING app.ui.widgets: a write failed: OperationalError" in text


def test_the_log_rotates_and_keeps_four_files_at_most(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    logfile.detach()
    try:
        assert logfile.attach(folder, max_bytes=2_000, backups=3) is not None
        log = lazy_logger("app.rotation")
        for n in range(400):
            log.warning("automatic backup failed: %s (%d)", "OSError", n)
    finally:
        logfile.detach()
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["casebook.log", "casebook.log.1", "casebook.log.2", "casebook.log.3"]
    assert all((folder / f).stat().st_size <= 2_100 for f in files)
    assert "(399)" in (folder / "casebook.log").read_text(encoding="utf-8")


@pytest.mark.skipif(not OWNER_ONLY, reason="Windows keeps others out by the folder's access list")
def test_the_log_and_its_folder_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o700)
    (folder / "casebook.log").write_text("older run\n", encoding="utf-8")
    os.chmod(folder / "casebook.log", 0o644)  # left by a looser umask
    logfile.detach()
    old = os.umask(0o022)
    try:
        logfile.attach(folder, max_bytes=500, backups=2)
        for n in range(40):
            lazy_logger("app.perms").warning("autosave failed with %s (%d)", "OSError", n)
    finally:
        os.umask(old)
        logfile.detach()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_log_that_cannot_be_made_stops_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    logfile.detach()
    try:
        assert logfile.attach(blocker) is None
        lazy_logger("app.blocked").warning("autosave failed with %s", "OSError")
    finally:
        logfile.detach()


LAZY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.diagnostics import logfile
    from app.diagnostics.lazylog import lazy_logger

    logfile.enable(Path(sys.argv[1]))
    log = lazy_logger("app.ui.fonts")
    assert "logging" not in sys.modules, "logging imported before anything was logged"
    assert not Path(sys.argv[1]).exists(), "the log opened before anything was logged"
    log.warning("Qt could not load the bundled font %s", "DejaVuSans.ttf")
    """
)


@pytest.mark.slow
def test_logging_stays_lazy_and_the_first_record_opens_the_log(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    done = subprocess.run(
        [sys.executable, "-c", LAZY, str(folder)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    text = (folder / logfile.LOG_NAME).read_text(encoding="utf-8")
    assert "WARNING app.ui.fonts: Qt could not load the bundled font DejaVuSans.ttf" in text


SEGFAULT = textwrap.dedent(
    """
    import faulthandler, sys
    from pathlib import Path
    from app.diagnostics import native

    assert native.enable(Path(sys.argv[1])) is not None
    child = sys.argv[2]  # a value in a frame: never written
    def write_the_record(name):
        faulthandler._sigsegv()
    write_the_record(child)
    """
)


@pytest.mark.slow
def test_a_native_crash_is_written_to_the_native_crash_file(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    for _run in range(2):  # each run adds its own dated line; the file is kept
        crashed = subprocess.run(
            [sys.executable, "-c", SEGFAULT, str(folder), CHILD],
            capture_output=True,
            text=True,
            env=_env(),
            cwd=ROOT,
            timeout=60,
        )
        assert crashed.returncode != 0
    path = folder / "native-crash.log"
    text = path.read_text(encoding="utf-8")
    assert text.count("Fatal Python error: Segmentation fault") == 2
    assert text.count("--- Casebook ") == 2
    assert "in write_the_record" in text
    assert CHILD not in text and "Przybylska" not in text
    if OWNER_ONLY:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


GUI = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.ui.app import run_gui

    sys.exit(run_gui(Path(sys.argv[1])))
    """
)


@pytest.mark.slow
def test_the_window_opens_the_log_and_the_native_crash_file(tmp_path: Path) -> None:
    """The windowed build has no stderr: both files are there once the window has painted."""
    data = tmp_path / "xdg-data"
    done = subprocess.run(
        [sys.executable, "-c", GUI, str(tmp_path / "school" / "casebook.db")],
        capture_output=True,
        text=True,
        env=_env(XDG_DATA_HOME=str(data), CASEBOOK_EXIT_AFTER_FIRST_PAINT="1"),
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    logs = data / "Casebook" / "logs"
    assert "Casebook started (version:" in (logs / "casebook.log").read_text(encoding="utf-8")
    assert "--- Casebook " in (logs / "native-crash.log").read_text(encoding="utf-8")


def test_casebook_where_says_where_the_logs_are(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["where"]) == cli.EXIT_OK
    assert f"Logs for IT (no case data): {crashlog.logs_dir()}" in capsys.readouterr().out


def test_a_commands_unexpected_error_is_logged_without_its_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: object) -> int:
        raise KeyError(f"young person {CHILD}")

    monkeypatch.setattr(cli, "cmd_where", broken)
    assert cli.main(["where"]) == cli.EXIT_ERROR
    assert (
        capsys.readouterr().err == "casebook: unexpected KeyError; no further changes were made.\n"
    )
    text = (crashlog.logs_dir() / logfile.LOG_NAME).read_text(encoding="utf-8")
    assert "ERROR app.cli: unexpected KeyError in the where command" in text
    assert "error: builtins.KeyError" in text and "in broken" in text
    assert CHILD not in text and "Przybylska" not in text
    lazy_logger("app.later").warning("autosave failed with %s", "OSError")
    assert "autosave" not in (crashlog.logs_dir() / logfile.LOG_NAME).read_text(encoding="utf-8")


def test_the_about_box_says_where_the_logs_are(qtbot: object) -> None:
    from app.ui.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert str(crashlog.logs_dir()) in dialog.logs.text()
    assert "no case data" in dialog.logs.text()


# Every `log.*` call in app/ passes only words that cannot carry child data: its
# first argument is fixed wording, and each other one is an error's kind, a
# count, or one of these, each read and found safe.
SAFE_ARGUMENTS = {
    ("app/ui/fonts.py", "font_file.name"),  # a bundled font's file name
    ("app/ui/app.py", "name"),  # a module name from WARM_UP
    ("app/wizard/draft_format.py", "version"),  # a draft format's number
    ("app/ui/security/crash.py", "exc_type.__module__"),
    ("app/ui/security/crash.py", "exc_type.__qualname__"),
    ("app/ui/security/single_instance.py", "server.serverError().name"),  # a Qt enum's name
    ("app/cli.py", "given.command"),  # a command's name, one of the parser's choices
    ("app/services/backup.py", "removed"),  # a count of leftover files
    ("app/services/session_log.py", "action"),  # an audit.Action constant, such as "locked"
    ("app/wizard/decision_aid.py", "section"),  # a section of decision_aid.json: "reasons"
    ("app/wizard/decision_aid.py", "rule_id"),  # a rule's id in decision_aid.json
}
LEVELS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _safe_argument(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return True
    # type(error).__name__
    if (
        isinstance(node, ast.Attribute)
        and node.attr == "__name__"
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "type"
    ):
        return True
    # len(problems)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len"


def test_every_log_call_in_app_passes_only_safe_words() -> None:
    calls = 0
    unsafe: list[str] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in LEVELS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("log", "logger")
            ):
                continue
            calls += 1
            where = f"{relative}:{node.lineno}"
            first, *rest = node.args
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                unsafe.append(f"{where}: the message is not fixed wording")
            for argument in rest:
                text = ast.get_source_segment(source, argument) or ""
                if not _safe_argument(argument) and (relative, text) not in SAFE_ARGUMENTS:
                    unsafe.append(f"{where}: {text}")
    assert calls >= 18  # the issue counted 18
    assert unsafe == []
