"""`casebook selftest`: check an installation end to end, for an IT technician.

Everything happens in a throw-away folder (a `tempfile.TemporaryDirectory`,
removed afterwards), never in the user's data folder: a new encrypted database,
one fictional case taken through the wizard's draft pages to an open case, the
audit chain checked, a backup written and restored, the case's PDF rendered,
saved as the app saves one and read back, printed again with names in every
script the record supports, and Qt started offscreen with the sign-in window
built (not shown) and every bundled font loaded.

One line per step on stdout ("ok: ..."). On a failure: one line on stderr naming
the step, exit 1; never a traceback, and no case data (there is none but the
fictional case here anyway).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import pkgutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import APP_NAME, __version__
from app.errors import CasebookError

EXIT_OK, EXIT_FAILED = 0, 1

USERNAME = "selftest"
PASSWORD = "Quiet harbour lantern 42"  # guards a fictional database that is deleted
# SQLite's unencrypted files all start with this; an encrypted one must not.
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"

REQUIRED_RESOURCES = (
    "wizard/pages.json",
    "wizard/decision_aid.json",
    "search_synonyms.json",
    "about/licences.json",
    "icons/casebook-256.png",
)


class StepFailed(Exception):
    """A check did not hold; the message is safe to print."""


class Skipped(Exception):
    """A step that cannot run in this installation; the message says why."""


@dataclass
class Run:
    """What the steps share: the throw-away folder and what earlier steps made."""

    root: Path
    db_path: Path
    ws: Any = None  # the open Workspace
    reference: str = ""
    opened: list[Any] = field(default_factory=list)  # every Workspace, closed at the end

    def keep(self, ws: Any) -> Any:
        self.opened.append(ws)
        return ws


# -- the steps -------------------------------------------------------------------------
def step_resources(run: Run) -> str:
    from app.resources import resources_dir
    from app.storage.store import MIGRATIONS_DIR

    root = resources_dir()
    missing = [name for name in REQUIRED_RESOURCES if not (root / name).is_file()]
    if missing:
        raise StepFailed(f"missing from {root}: {', '.join(missing)}")
    if not (MIGRATIONS_DIR / "env.py").is_file() or not any(
        (MIGRATIONS_DIR / "versions").glob("*.py")
    ):
        raise StepFailed(f"the database migrations are missing from {MIGRATIONS_DIR}")
    from app.wizard.decision_aid import rule_problems

    problems = rule_problems()
    if problems:
        raise StepFailed(f"the decision aid's rules are not usable: {'; '.join(problems)}")
    return f"bundled resources and database migrations present ({root})"


def step_database(run: Run) -> str:
    from app.services.workspace import create_database, unlock

    ws, _recovery = create_database(
        run.db_path, USERNAME, PASSWORD, display_name="Selftest DSL", school_name="Selftest"
    )
    ws.close()
    with run.db_path.open("rb") as f:
        if f.read(len(PLAIN_SQLITE_HEADER)) == PLAIN_SQLITE_HEADER:
            raise StepFailed("the database file is not encrypted")
    run.ws = run.keep(unlock(run.db_path, USERNAME, PASSWORD))
    return "encrypted database created, migrated and unlocked (throw-away, in a temp folder)"


def step_case(run: Run) -> str:
    from app.models import CaseStatus
    from app.services import cases, incident
    from app.wizard.example import demo_pages

    draft = cases.create_case(run.ws)
    for page, values in demo_pages().items():
        cases.save_draft_page(run.ws, draft.id, page, values)
    run.reference = incident.finish(run.ws, draft.id)
    record = cases.load_case(run.ws, run.reference)
    if record.case.status != CaseStatus.OPEN:
        raise StepFailed("the finished case is not open")
    if len(record.rows("young_people")) != 2:
        raise StepFailed("the finished case does not hold its two young people")
    return f"demo case {run.reference}: draft pages saved, finished and opened"


def step_audit(run: Run) -> str:
    from app.services.verify import verify

    report = verify(run.ws)
    if not report.sound:
        raise StepFailed(f"{len(report.problems)} problem(s) found by verify")
    return f"database integrity and audit chain sound ({report.audit_entries} entries)"


def step_backup(run: Run) -> str:
    from app.services.backup import make_backup, restore_backup
    from app.services.queries import list_cases
    from app.services.workspace import unlock

    backup = run.root / "selftest.casebook-backup"
    make_backup(run.ws, backup)
    restored_path = run.root / "restored" / "casebook.db"
    restore_backup(backup, restored_path, username=USERNAME, password=PASSWORD)
    restored = run.keep(unlock(restored_path, USERNAME, PASSWORD))
    references = [line.reference for line in list_cases(restored)]
    if run.reference not in references:
        raise StepFailed("the restored database does not hold the demo case")
    return "backup written, checked and restored"


def _printing_module() -> Any:
    """app.printing, or Skipped when the reports are not part of this build."""
    for name in ("app.reports", "app.printing"):
        try:
            found = importlib.util.find_spec(name)
        except ImportError:
            found = None
        if found is None:
            raise Skipped("reports not installed")
    return importlib.import_module("app.printing")


def step_pdf(run: Run) -> str:
    from app.storage.fileio import atomic_write

    printing = _printing_module()
    pdf = printing.case_pdf(run.ws, run.reference, include_history=True, purpose="exported")
    if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF-"):
        raise StepFailed("the case PDF is not a PDF")
    if b"%%EOF" not in pdf[-1024:]:
        raise StepFailed("the case PDF is incomplete")
    # Saved as Save as PDF saves it: a file opened in text mode (Windows without
    # O_BINARY) would come back longer, each newline doubled.
    saved = run.root / "selftest.pdf"
    atomic_write(saved, pdf)
    if saved.read_bytes() != pdf:
        raise StepFailed("the case PDF changed when it was saved to a file")
    saved.unlink()
    _check_encrypted_copy(pdf)
    return f"case PDF rendered ({len(pdf) // 1024} KB), and an encrypted copy opened"


def _check_encrypted_copy(pdf: bytes) -> None:
    """Save encrypted PDF's path (pypdf with cryptography) is part of this build."""
    from io import BytesIO

    from pypdf import PdfReader

    from app.reports.encrypted import encrypt_pdf

    reader = PdfReader(BytesIO(encrypt_pdf(pdf, "selftest only")))
    if not reader.is_encrypted or not reader.decrypt("selftest only"):
        raise StepFailed("an encrypted copy of the case PDF does not open with its passphrase")


# The demo's two young people, renamed for the scripts step: between them a name
# in every script the record prints, so each bundled face is drawn, regular and bold.
SCRIPT_NAMES = (
    "محمد علي · שרה כהן · प्रिया शर्मा · রাহুল দাস · Mia 😢",
    "王小明 · ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ · પ્રિયા પટેલ · தமிழ்ச்செல்வி",
)
READ_BACK = {"Arabic": "محمد علي", "Chinese": "王小明"}
# Marks a PDF reader may add around right-to-left text; they change nothing a reader sees.
_BIDI_MARKS = dict.fromkeys(
    [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def step_scripts(run: Run) -> str:
    """The case record printed with names in every script: each script face of the
    record read from the bundle and embedded, and names read back from the text layer."""
    from io import BytesIO

    from pypdf import PdfReader

    from app.reports import fonts, render_case_pdf
    from app.services import cases

    record = cases.load_case(run.ws, run.reference, audit_view=False)
    for person, name in zip(record.rows("young_people"), SCRIPT_NAMES, strict=False):
        person.name = name  # this printout only: the database keeps the demo's names
    pdf = render_case_pdf(
        record, school="Selftest", marking="OFFICIAL", printed_by="Selftest DSL", training=False
    )
    reader = PdfReader(BytesIO(pdf))
    embedded = _embedded_fonts(reader)
    faces = sorted(fonts.SCRIPT_FACES)
    missing = [f for f in faces if fonts.ttf(fonts.loaded(f)).face.name.decode() not in embedded]
    if missing:
        raise StepFailed(f"the case PDF does not draw with {', '.join(missing)}")
    text = " ".join(page.extract_text() for page in reader.pages).translate(_BIDI_MARKS)
    unread = [script for script, name in READ_BACK.items() if name not in text]
    if unread:
        raise StepFailed(f"the {' and '.join(unread)} names do not read back from the case PDF")
    return (
        f"case PDF with names in every script: {len(faces)} script faces drawn, "
        f"{' and '.join(READ_BACK)} names read back"
    )


def _embedded_fonts(reader: Any) -> set[str]:
    """The PostScript names of the fonts a PDF embeds, without their subset prefix."""
    names = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).partition("+")[2])
    return names


NATIVE_PLATFORM_PLUGIN = {"win32": "qwindows", "darwin": "qcocoa"}  # otherwise "qxcb"


@contextlib.contextmanager
def _quiet_qt() -> Iterator[list[str]]:
    """Qt's own warnings (fonts, offscreen quirks) are kept, not printed."""
    from PySide6.QtCore import qInstallMessageHandler

    messages: list[str] = []
    previous = qInstallMessageHandler(lambda _kind, _ctx, text: messages.append(text))
    try:
        yield messages
    finally:
        qInstallMessageHandler(previous)


def _screen_modules() -> list[str]:
    """Every module of app.ui, so a Qt part left out of a bundle shows up here
    as a missing module."""
    import app.ui

    return sorted(m.name for m in pkgutil.walk_packages(app.ui.__path__, "app.ui."))


def step_qt(run: Run) -> str:
    os.environ[QT_PLATFORM_ENV] = "offscreen"  # put back by _throwaway_environment
    from PySide6.QtCore import QLibraryInfo

    modules = _screen_modules()
    for name in modules:
        importlib.import_module(name)
    from app.ui.about import AboutDialog
    from app.ui.login import LoginWindow
    from app.ui.qt import QApplication

    with _quiet_qt():
        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication([APP_NAME])
        windows = [LoginWindow(run.db_path), AboutDialog()]
        for window in windows:
            window.close()
            window.deleteLater()
        app.processEvents()
        fonts, refused = _bundled_fonts_qt_refuses()
    if refused:
        raise StepFailed(f"Qt cannot load the bundled fonts {', '.join(refused)}")
    platforms = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    native = NATIVE_PLATFORM_PLUGIN.get(sys.platform, "qxcb")
    if not any(p.name.startswith((native, f"lib{native}")) for p in platforms.glob("*")):
        raise StepFailed(f"Qt's platform plugin {native} is missing from {platforms}")
    return (
        f"Qt {_qt_version()} started offscreen: {len(modules)} screen modules loaded, "
        f"sign-in window built, {fonts} bundled fonts loaded, {native} plugin present"
    )


def _bundled_fonts_qt_refuses() -> tuple[int, list[str]]:
    """How many fonts resources/fonts holds, and those Qt cannot read (the screens
    show names in them)."""
    from app.resources import path
    from app.ui.qt import QFontDatabase

    files = sorted(path("fonts").glob("*.ttf"))
    refused = [
        f.name
        for f in files
        if not QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(f)))
    ]
    return len(files), refused


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return str(qVersion())


Step = Callable[[Run], str]  # returns what it checked, for the "ok:" line

STEPS: tuple[tuple[str, Step], ...] = (
    ("resources", step_resources),
    ("database", step_database),
    ("case", step_case),
    ("audit", step_audit),
    ("backup", step_backup),
    ("pdf", step_pdf),
    ("scripts", step_scripts),
    ("qt", step_qt),
)


# -- running ---------------------------------------------------------------------------
QT_PLATFORM_ENV = "QT_QPA_PLATFORM"


@contextlib.contextmanager
def _throwaway_environment(root: Path) -> Iterator[None]:
    """Cheap key derivation and a default database inside `root`, for this run only.

    The fast KDF is acceptable because this database is deleted at the end; its
    cost is stored in its own key slot, so no other database is affected. (The
    Qt step also sets QT_QPA_PLATFORM; it is put back afterwards too.)
    """
    from app.security.keyslots import KDF_ENV
    from app.storage.paths import DB_ENV

    saved = {name: os.environ.get(name) for name in (KDF_ENV, DB_ENV, QT_PLATFORM_ENV)}
    os.environ[KDF_ENV] = "fast"
    os.environ[DB_ENV] = str(root / "default" / "casebook.db")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _reason(exc: BaseException) -> str:
    # Our own and CasebookError messages are written to be shown; anything else
    # is named by its type only, as its text could hold paths or data.
    if isinstance(exc, StepFailed | CasebookError):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return f"module {exc.name} is missing from this installation"
    return f"unexpected {type(exc).__name__}"


def _run_steps(run: Run, out: Any, err: Any) -> int:
    for name, step in STEPS:
        try:
            print(f"ok: {step(run)}", file=out, flush=True)
        except Skipped as why:
            print(f"skipped: {why} ({name} step)", file=out, flush=True)
        except Exception as exc:
            print(f"FAILED: {name}: {_reason(exc)}", file=err, flush=True)
            return EXIT_FAILED
    return EXIT_OK


def run_selftest(out: Any = None, err: Any = None) -> int:
    """Run every step; 0 when all passed (a skipped step is reported, not failed)."""
    out = out or sys.stdout
    err = err or sys.stderr
    print(f"{APP_NAME} {__version__} selftest", file=out, flush=True)
    folder = tempfile.TemporaryDirectory(prefix="casebook-selftest-")
    root = Path(folder.name)
    run = Run(root=root, db_path=root / "selftest" / "casebook.db")
    try:
        with _throwaway_environment(root):
            code = _run_steps(run, out, err)
    except Exception as exc:  # outside any step: setting up the throw-away environment
        print(f"FAILED: setup: {_reason(exc)}", file=err, flush=True)
        code = EXIT_FAILED
    finally:
        for ws in run.opened:  # closed first, or Windows keeps the files open
            with contextlib.suppress(Exception):
                ws.close()
    try:
        folder.cleanup()
    except OSError:
        print(f"FAILED: clean-up: could not delete the throw-away folder {root}", file=err)
        return EXIT_FAILED
    if code == EXIT_OK:
        print("selftest passed; the throw-away database was deleted", file=out, flush=True)
    return code
