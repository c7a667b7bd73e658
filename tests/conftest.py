"""Shared fixtures: real SQLCipher files in tmp_path, never the user's own data."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FONTCONFIG_FILE = TESTS / "fontconfig" / "fonts.conf"
RUN_FOLDER_ENV = "CASEBOOK_TEST_RUN_FOLDER"


RAM_DISK = Path("/dev/shm")
RAM_DISK_ROOM = 1 << 30  # bytes free; a run writes about 40 MB


def _temp_in_memory() -> None:
    """The run's files (tmp_path, this run's folder, temp files) on a RAM disk, if any.

    Casebook syncs each write to the disk (SQLite's commits, its atomic files,
    backups): on an ordinary disk the syncs were a fifth of the time of the
    tests that save the most; on a RAM disk they cost nothing. What a sync
    guards against is a power cut, which no test can make; a killed process,
    which the tests do make, leaves the same files either way. Without a roomy
    /dev/shm (macOS, a container's 64 MB) the run uses the usual temp folder.
    Subprocesses inherit TMPDIR.
    """
    if os.environ.get(RUN_FOLDER_ENV) or "TMPDIR" in os.environ:
        return  # a worker of this run, or a developer who chose the folder
    if not (RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK | os.X_OK)):
        return
    try:
        disk = os.statvfs(RAM_DISK)
    except OSError:
        return
    if disk.f_bavail * disk.f_frsize >= RAM_DISK_ROOM:
        os.environ["TMPDIR"] = str(RAM_DISK)
        tempfile.tempdir = None  # read TMPDIR again


def _run_folder() -> tuple[Path, bool]:
    """This run's own folder (and whether this import made it), outside the
    source tree: `make dist` and `make clean` empty build/ while tests may run.
    Test modules import this file a second time; they reuse the first folder."""
    inherited = os.environ.get(RUN_FOLDER_ENV)
    if inherited and Path(inherited).is_dir():
        return Path(inherited), False
    folder = Path(tempfile.mkdtemp(prefix="casebook-tests-"))
    os.environ[RUN_FOLDER_ENV] = str(folder)
    return folder, True


def _hermetic_environment(folder: Path) -> None:
    """The same world on every machine, set before Qt or the app is imported.

    `make test` sets the fonts, locale and zone too (and runs the suite in two
    zones); doing it here as well means a bare `pytest` cannot quietly pass
    only on this laptop.
    """
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen in CI
    # A cheap key derivation: the cost is stored in each key slot, so this
    # only affects test databases.
    os.environ["CASEBOOK_KDF"] = "fast"
    # Only the fonts Casebook ships (tests/fontconfig/fonts.conf), none of the
    # system's; fontconfig keeps its cache under XDG_CACHE_HOME (below).
    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    # No locale of the developer's: Qt reads these when the QApplication starts.
    os.environ["LANG"] = "C.UTF-8"
    os.environ["LC_ALL"] = "C.UTF-8"
    os.environ.pop("LANGUAGE", None)
    # Settings a developer may export for their own desktop (scaling, style,
    # font DPI, theme) would change what the widgets look like and measure.
    for name in [n for n in os.environ if n.startswith("QT_") and n != "QT_QPA_PLATFORM"]:
        del os.environ[name]
    # An empty home and cache for anything read before the first test (Qt's
    # own config files, fontconfig); each test then gets its own home.
    for name, sub in (("HOME", "home"), ("XDG_CACHE_HOME", "cache")):
        (folder / sub).mkdir(exist_ok=True)
        os.environ[name] = str(folder / sub)
    (folder / "cache" / "fontconfig").mkdir(exist_ok=True)
    # UTC unless the run names a zone (make test also uses a zone with DST).
    os.environ.setdefault("TZ", "UTC")
    time.tzset()


_temp_in_memory()
RUN_FOLDER, _MADE_RUN_FOLDER = _run_folder()
_hermetic_environment(RUN_FOLDER)

import gc  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import date  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import pytest  # noqa: E402
from pyrage import passphrase as age_passphrase  # type: ignore[import-untyped]  # noqa: E402

from app.services.workspace import Workspace, create_database, unlock  # noqa: E402
from app.storage.paths import keyslots_path  # noqa: E402
from tests.helpers import cheap_age  # noqa: E402

if TYPE_CHECKING:
    from tests.helpers.transfer import SentFile

PASSWORD = "correct horse battery"
DSL = "dsl"
DSL_NAME = "Ann O'Neill"
SCHOOL = "St Aidan's"
REAL_AGE_ENCRYPT = age_passphrase.encrypt  # before _cheap_age_packs stands in for it


@pytest.fixture(autouse=True)
def _isolated_data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the real per-user data folder or home."""
    monkeypatch.setenv("CASEBOOK_DB", str(tmp_path / "default" / "casebook.db"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture(autouse=True)
def _today_is_today(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module's TODAY (date.today() at import) is refreshed for each of its tests.

    Otherwise a run that crosses midnight (in the zone with summer time that is
    about 11:00 UTC) compares the app's today with yesterday's and fails.
    """
    module = getattr(request, "module", None)
    if isinstance(getattr(module, "TODAY", None), date):
        monkeypatch.setattr(module, "TODAY", date.today())


# Every so many tests the whole heap is looked at again, at the same fixed point:
# what a test left for Qt to delete later (pytest-qt's deleteLater) was still
# alive when it was frozen, and is garbage only afterwards.
WHOLE_HEAP_EVERY = 100
_tests_since_whole_heap = 0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After each test, once its fixtures are gone: collect its garbage, freeze the rest.

    Left to itself, Python's collector can run in the middle of a later test
    while a background job is busy; one full run crashed there (Qt objects of an
    earlier test being freed). Here it runs at a fixed point instead. What is
    still alive then (modules, templates, wider fixtures) is frozen: later
    collections pass it by, so each costs what one test made rather than
    0.2-0.6 s for the whole heap.
    """
    global _tests_since_whole_heap
    result = yield
    qt = sys.modules.get("app.ui.qt")
    if qt is not None and qt.QApplication.instance() is not None:
        qt.QApplication.processEvents()  # pending deleteLater() first
    _tests_since_whole_heap += 1
    if _tests_since_whole_heap >= WHOLE_HEAP_EVERY:
        _tests_since_whole_heap = 0
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    return result


def copy_database(template: Path, db_path: Path) -> None:
    """Put a closed template database (and its key slots) at db_path, as if made there."""
    if db_path.exists() or keyslots_path(db_path).exists():
        raise FileExistsError(db_path)  # as create_database refuses to replace one
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copy2(template, db_path)
    shutil.copy2(keyslots_path(template), keyslots_path(db_path))


@pytest.fixture(scope="session")
def dsl_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One DSL database for the whole run (path, recovery key), closed; tests get copies.

    Creating a database (key slots, schema, migrations) for every test was
    most of the suite's time; a copy of the file is the same database.
    """
    path = tmp_path_factory.mktemp("template") / "casebook.db"
    ws, recovery = create_database(path, DSL, PASSWORD, DSL_NAME, SCHOOL)
    ws.close()
    return path, recovery


@pytest.fixture(scope="session", autouse=True)
def _cheap_age_packs() -> Iterator[None]:
    """Packs made in this process use the test scrypt cost (tests/helpers/cheap_age.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(age_passphrase, "encrypt", cheap_age.encrypt)
        yield


@pytest.fixture(autouse=True)
def _real_age_cost(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test marked `real_age_cost` makes its packs with pyrage's own encrypt."""
    if request.node.get_closest_marker("real_age_cost"):
        monkeypatch.setattr(age_passphrase, "encrypt", REAL_AGE_ENCRYPT)


@pytest.fixture(scope="session")
def sent_file(tmp_path_factory: pytest.TempPathFactory, dsl_template: tuple[Path, str]) -> SentFile:
    """One child's file sent to a new school, made once per run (tests.helpers.transfer).

    Making one makes a case and prints its extract; tests that only read it or
    import it share this one, and copy what they change.
    """
    from tests.helpers.transfer import send_once

    return send_once(tmp_path_factory.mktemp("sent-file"), dsl_template[0])


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school" / "casebook.db"


@pytest.fixture
def created(db_path: Path, dsl_template: tuple[Path, str]) -> Iterator[tuple[Workspace, str]]:
    """A new database with one DSL account, signed in; yields it and its recovery key."""
    template, recovery = dsl_template
    copy_database(template, db_path)
    ws = unlock(db_path, DSL, PASSWORD)
    yield ws, recovery
    ws.close()


@pytest.fixture
def ws(created: tuple[Workspace, str]) -> Workspace:
    return created[0]


# Modules whose results hang on today's date, the time of day or the zone:
# `make test` runs the whole suite in a zone with summer time, then these
# again in UTC (-m dates). Marked here so the list is in one place.
DATE_MODULES = frozenset(
    {
        "test_accounts_and_failures.py",
        "test_amendments.py",
        "test_audit.py",
        "test_audit_report.py",
        "test_audit_view.py",
        "test_backup.py",
        "test_bad_input.py",
        "test_dashboard_services.py",
        "test_demo.py",
        "test_figures_pdf.py",
        "test_services.py",
        "test_wizard_logic.py",
        "ui/test_admin.py",
        "ui/test_audit_viewer.py",
        "ui/test_dashboard.py",
        "ui/test_security_audit.py",
        "ui/test_security_lock.py",
    }
)


def _under_tests(path: Path) -> str:
    try:
        return path.relative_to(TESTS).as_posix()
    except ValueError:
        return ""


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # The UTC run of `make test` (-m dates) need not import every other module.
    if config.getoption("markexpr") != "dates" or collection_path.suffix != ".py":
        return None
    if not collection_path.name.startswith("test_"):
        return None
    return _under_tests(collection_path) not in DATE_MODULES


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _under_tests(item.path) in DATE_MODULES:
            item.add_marker(pytest.mark.dates)


def all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without Python's final clean-up once pytest has reported.

    Qt objects destroyed during interpreter shutdown can crash PySide6 *after*
    every test has passed and the summary is printed, turning a green run red.
    The results are final by now, so end the process with pytest's own status.
    """
    status = getattr(config, "_casebook_exitstatus", None)
    if status is None:
        return
    if _MADE_RUN_FOLDER:
        shutil.rmtree(RUN_FOLDER, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(status))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config._casebook_exitstatus = exitstatus  # type: ignore[attr-defined]
