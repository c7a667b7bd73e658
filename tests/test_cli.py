"""The `casebook` command against real SQLCipher files.

What an IT technician sees: exit codes, one-line errors on stderr, no tracebacks,
no child data on the terminal, and files left exactly as they were on failure.
Commands run through the entry function (`run`, tests.helpers.cli.casebook_here);
what only a real process shows (the entry point, no terminal to ask at, a closed
pipe, the modules loaded) runs as a real subprocess (`run_process`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import __version__
from app.models import CaseStatus
from app.services import cases as cases_service
from app.services import queries
from app.services.workspace import unlock
from tests.conftest import DSL, PASSWORD
from tests.helpers.cli import casebook, casebook_here

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
RECOVERY_KEY = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}")
STATUSES = ("draft", "open", "monitoring", "closed")
DEMO_CASES = 30


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return casebook_here(*args)


def run_process(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return casebook(*args, timeout=timeout)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The failure a user sees: non-zero, exactly one line on stderr, no traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].strip()
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder, by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def password_file(folder: Path, secret: str = PASSWORD, name: str = "pw.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / name
    f.write_text(secret + "\n", encoding="utf-8")
    return f


def signed(command: str, db: Path, pw: Path, *extra: str | Path) -> list[str | Path]:
    return [command, "--db", db, "--user", DSL, "--password-file", pw, *extra]


def cases_output(db: Path, pw: Path) -> str:
    result = run(*signed("cases", db, pw))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def make_demo(db: Path, pw: Path, n: int = DEMO_CASES) -> str:
    """A training database; returns its recovery key as printed."""
    result = run(*signed("demo", db, pw, "--cases", str(n)))
    assert result.returncode == 0, result.stderr
    keys = RECOVERY_KEY.findall(result.stdout)
    assert len(keys) == 1, result.stdout
    return keys[0]


@dataclass(frozen=True)
class Demo:
    db: Path
    pw: Path
    recovery: str
    listing: str


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """One training database shared by tests that only read it (and its `cases` listing)."""
    folder = tmp_path_factory.mktemp("demo")
    pw = password_file(folder / "secrets")
    db = folder / "data" / "casebook.db"
    with pytest.MonkeyPatch.context() as mp:  # as conftest does for each test
        mp.setenv("CASEBOOK_DB", str(folder / "default" / "casebook.db"))
        mp.setenv("XDG_DATA_HOME", str(folder / "xdg-data"))
        mp.setenv("XDG_CONFIG_HOME", str(folder / "xdg-config"))
        recovery = make_demo(db, pw)
        return Demo(db, pw, recovery, cases_output(db, pw))


def copy_db(src: Path, dest_folder: Path) -> Path:
    dest_folder.mkdir(parents=True, exist_ok=True)
    dest = dest_folder / src.name
    shutil.copy2(src, dest)
    shutil.copy2(src.with_name(src.name + ".keys"), dest.with_name(dest.name + ".keys"))
    return dest


# -- version and init ---------------------------------------------------------------------
def test_version() -> None:
    result = run_process("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Casebook {__version__}"


def test_init_creates_owner_only_files_and_shows_recovery_key_once(tmp_path: Path) -> None:
    pw = password_file(tmp_path / "secrets")
    db = tmp_path / "data" / "casebook.db"

    result = run("init", "--db", db, "--user", DSL, "--password-file", pw)

    assert result.returncode == 0, result.stderr
    keys = db.with_name("casebook.db.keys")
    assert db.is_file() and keys.is_file()
    assert db.stat().st_mode & 0o777 == 0o600
    assert keys.stat().st_mode & 0o777 == 0o600
    assert len(RECOVERY_KEY.findall(result.stdout)) == 1
    assert RECOVERY_KEY.search(result.stderr) is None
    # The database really opens with the password that was in the file.
    ws = unlock(db, DSL, PASSWORD)
    ws.close()


def test_init_again_refuses_and_touches_nothing(tmp_path: Path) -> None:
    pw = password_file(tmp_path / "secrets")
    db = tmp_path / "data" / "casebook.db"
    assert run("init", "--db", db, "--user", DSL, "--password-file", pw).returncode == 0
    before = snapshot(db.parent)

    result = run("init", "--db", db, "--user", DSL, "--password-file", pw)

    line = one_error_line(result)
    assert "already exists" in line
    assert RECOVERY_KEY.search(result.stdout) is None
    assert snapshot(db.parent) == before


# -- failures that must change nothing ---------------------------------------------------
@pytest.mark.parametrize("command", ["verify", "cases"])
def test_wrong_password_changes_nothing(tmp_path: Path, command: str) -> None:
    pw = password_file(tmp_path / "secrets")
    wrong = password_file(tmp_path / "secrets", "correct horse battery!", name="wrong.txt")
    db = tmp_path / "data" / "casebook.db"
    assert run("init", "--db", db, "--user", DSL, "--password-file", pw).returncode == 0
    before = snapshot(db.parent)

    result = run(*signed(command, db, wrong))

    assert "do not match" in one_error_line(result)
    assert result.stdout == ""
    after = snapshot(db.parent)
    # The count of wrong passwords is the one thing written (app.security.throttle).
    assert sorted(n for n in after if ".throttle" in n) == [
        "casebook.db.throttle",
        "casebook.db.throttle.lock",
    ]
    unchanged = {n: data for n, data in after.items() if ".throttle" not in n}
    assert unchanged == before  # same bytes, and no -wal or -shm appeared


def test_missing_database_names_casebook_init(tmp_path: Path) -> None:
    pw = password_file(tmp_path / "secrets")
    db = tmp_path / "nowhere" / "casebook.db"

    result = run(*signed("cases", db, pw))

    assert "casebook init" in one_error_line(result)
    assert not db.parent.exists()  # nothing was created while looking


@pytest.mark.parametrize("command", ["verify", "init"])
def test_no_password_file_and_no_terminal_is_a_clear_error(tmp_path: Path, command: str) -> None:
    db = tmp_path / "data" / "casebook.db"
    if command == "verify":
        pw = password_file(tmp_path / "secrets")
        assert run("init", "--db", db, "--user", DSL, "--password-file", pw).returncode == 0
    before = snapshot(db.parent) if db.parent.exists() else {}

    # stdin is /dev/null: a prompt would hang or fail oddly; this times out on a hang.
    result = run_process(command, "--db", db, "--user", DSL, timeout=30)

    assert "--password-file" in one_error_line(result)
    after = snapshot(db.parent) if db.parent.exists() else {}
    assert after == before


@pytest.mark.parametrize("flag", ["--password", "--pass"])
def test_password_is_never_accepted_as_an_argument(tmp_path: Path, flag: str) -> None:
    db = tmp_path / "data" / "casebook.db"
    secret = "hunter2-hunter2"

    result = run("verify", "--db", db, "--user", DSL, flag, secret)

    assert result.returncode == 2
    assert secret not in result.stderr + result.stdout


# -- demo and cases ----------------------------------------------------------------------
def test_demo_cases_lists_every_case_and_every_status(demo: Demo) -> None:
    lines = demo.listing.splitlines()
    assert len(lines) == DEMO_CASES + 1
    assert lines[0].split() == ["reference", "status", "opened", "next", "review"]
    statuses = {line.split()[1] for line in lines[1:]}
    assert statuses == set(STATUSES)
    references = [line.split()[0] for line in lines[1:]]
    assert len(set(references)) == DEMO_CASES
    assert all(re.fullmatch(r"\d{4}-\d{4}", r) for r in references)


def test_cases_prints_what_the_window_lists_and_filters_by_status(
    demo: Demo, tmp_path: Path
) -> None:
    """The command reads the stored text, the window reads dates: the same lines."""
    db = copy_db(demo.db, tmp_path / "copy")
    ws = unlock(db, DSL, PASSWORD)
    try:
        window = {
            status: [
                f"{c.reference} {c.status.value} "
                f"{c.opened_at.date().isoformat() if c.opened_at else '-'} "
                f"{c.next_review_on.isoformat() if c.next_review_on else '-'}"
                for c in queries.list_cases(ws, CaseStatus(status) if status else None)
            ]
            for status in ("", *STATUSES)
        }
    finally:
        ws.close()
    assert any(" - " not in line for line in window[""])  # some have both dates
    for status, expected in window.items():
        extra = ("--status", status) if status else ()
        printed = run(*signed("cases", db, demo.pw, *extra)).stdout.splitlines()[1:]
        assert [" ".join(line.split()) for line in printed] == expected, status


def test_cases_listing_holds_no_young_persons_name(demo: Demo, tmp_path: Path) -> None:
    # Read the names from a copy, so the shared database stays as the demo made it.
    db = copy_db(demo.db, tmp_path / "copy")
    ws = unlock(db, DSL, PASSWORD)
    try:
        names = {
            person.name
            for line in queries.list_cases(ws)
            for person in cases_service.load_case(ws, line.id).rows("young_people")
        }
    finally:
        ws.close()
    assert len(names) >= DEMO_CASES  # at least one child per case
    listing = demo.listing.casefold()
    for name in names:
        assert name.casefold() not in listing
        for part in name.split():
            assert part.casefold() not in listing, f"part of a child's name: {part!r}"


def test_demo_is_deterministic(demo: Demo, tmp_path: Path) -> None:
    db = tmp_path / "other" / "casebook.db"
    recovery = make_demo(db, demo.pw)
    assert recovery != demo.recovery  # a new database, with its own key...
    assert cases_output(db, demo.pw) == demo.listing  # ...and the same fictional cases


def test_missing_database_is_reported_before_asking_for_a_password(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "casebook.db"

    result = run_process("cases", "--db", db, "--user", DSL)  # no --password-file, no terminal

    assert "casebook init" in one_error_line(result)


# -- a closed output pipe, as with `casebook cases | head -3` ---------------------------
def run_into_closed_pipe(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """Run a command whose reader has gone before the first line is written."""
    env = {**os.environ, "CASEBOOK_KDF": "fast", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", *map(str, args)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader stops at once, as `head` does after its lines
    stderr = proc.stderr.read()
    return subprocess.CompletedProcess(proc.args, proc.wait(timeout=60), b"", stderr)


@pytest.mark.parametrize("command", ["cases", "verify"])
def test_a_closed_pipe_ends_the_command_quietly(demo: Demo, command: str) -> None:
    result = run_into_closed_pipe(*signed(command, demo.db, demo.pw))

    assert result.stderr == b""
    assert result.returncode == 141  # as a shell reports for `yes | head -1`
    assert cases_output(demo.db, demo.pw) == demo.listing  # the database is as it was


def test_cases_loads_neither_qt_nor_reportlab_nor_alembic(demo: Demo) -> None:
    """`cases` pays for the key derivation, not for modules it never uses."""
    probe = (
        "import sys\n"
        "from app.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "heavy = {'PySide6', 'shiboken6', 'reportlab', 'alembic'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}), file=sys.stderr)\n"
        "raise SystemExit(status)\n"
    )
    env = {**os.environ, "CASEBOOK_KDF": "fast", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", probe, *map(str, signed("cases", demo.db, demo.pw))],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == demo.listing
    assert result.stderr.strip() == "[]"


def test_verify_reports_ok(demo: Demo) -> None:
    result = run(*signed("verify", demo.db, demo.pw))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK")
    assert result.stderr == ""


# -- backup and restore -------------------------------------------------------------------
def test_backup_then_restore_to_a_new_path(demo: Demo, tmp_path: Path) -> None:
    backup = tmp_path / "backups" / "monday.cbk"
    result = run(*signed("backup", demo.db, demo.pw, "--out", backup))
    assert result.returncode == 0, result.stderr
    assert backup.is_file()
    new_db = tmp_path / "restored" / "casebook.db"

    result = run("restore", backup, "--db", new_db, "--user", DSL, "--password-file", demo.pw)

    assert result.returncode == 0, result.stderr
    assert "kept as" not in result.stdout  # nothing was there to keep aside
    assert cases_output(new_db, demo.pw) == demo.listing
    assert run(*signed("verify", new_db, demo.pw)).returncode == 0


def test_restore_over_an_existing_database_keeps_it_aside(demo: Demo, tmp_path: Path) -> None:
    backup = tmp_path / "backup.cbk"
    assert run(*signed("backup", demo.db, demo.pw, "--out", backup)).returncode == 0
    db = tmp_path / "data" / "casebook.db"
    make_demo(db, demo.pw, n=3)  # a different database already in place
    assert not db.with_name("casebook.db-wal").exists()
    old_bytes = db.read_bytes()

    result = run("restore", backup, "--db", db, "--user", DSL, "--password-file", demo.pw)

    assert result.returncode == 0, result.stderr
    aside = [p for p in db.parent.glob("*.replaced-*") if not p.name.endswith(".keys")]
    assert len(aside) == 1, sorted(p.name for p in db.parent.iterdir())
    assert aside[0].read_bytes() == old_bytes
    assert aside[0].name in result.stdout
    assert cases_output(db, demo.pw) == demo.listing


def test_restore_with_the_recovery_key(demo: Demo, tmp_path: Path) -> None:
    backup = tmp_path / "backup.cbk"
    assert run(*signed("backup", demo.db, demo.pw, "--out", backup)).returncode == 0
    key_file = password_file(tmp_path / "secrets", demo.recovery, name="recovery.txt")
    new_db = tmp_path / "restored" / "casebook.db"

    result = run("restore", backup, "--db", new_db, "--recovery", "--password-file", key_file)

    assert result.returncode == 0, result.stderr
    assert cases_output(new_db, demo.pw) == demo.listing


def test_restore_with_a_wrong_recovery_key_changes_nothing(demo: Demo, tmp_path: Path) -> None:
    backup = tmp_path / "backup.cbk"
    assert run(*signed("backup", demo.db, demo.pw, "--out", backup)).returncode == 0
    wrong = ("BBBB" if demo.recovery.startswith("AAAA") else "AAAA") + demo.recovery[4:]
    key_file = password_file(tmp_path / "secrets", wrong, name="recovery.txt")
    new_db = tmp_path / "restored" / "casebook.db"

    result = run("restore", backup, "--db", new_db, "--recovery", "--password-file", key_file)

    assert "recovery key" in one_error_line(result)
    assert not new_db.exists()


def test_corrupted_backup_is_refused_and_database_untouched(demo: Demo, tmp_path: Path) -> None:
    db = copy_db(demo.db, tmp_path / "data")
    backup = tmp_path / "backup.cbk"
    assert run(*signed("backup", db, demo.pw, "--out", backup)).returncode == 0
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    for i in range(middle, middle + 16):
        data[i] ^= 0xFF
    backup.write_bytes(bytes(data))
    before = snapshot(db.parent)

    result = run("restore", backup, "--db", db, "--user", DSL, "--password-file", demo.pw)

    assert "not a complete Casebook backup" in one_error_line(result)
    assert snapshot(db.parent) == before
    assert cases_output(db, demo.pw) == demo.listing
