"""The command line shares the window's count of wrong passwords, across processes.

Run as IT staff would: real `casebook` processes against real SQLCipher files.
During a wait a command says how long, tries nothing (it does not even ask for
the password) and exits non-zero; nothing but the count changes on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.security.throttle import FREE_TRIES
from app.services.backup import make_backup
from app.services.workspace import create_database, unlock
from app.storage.paths import keyslots_path, throttle_path
from tests.conftest import DSL, DSL_NAME, PASSWORD, SCHOOL
from tests.helpers.cli import REPO, casebook

pytestmark = pytest.mark.slow

WAIT_LINE = "Several wrong passwords in a row. Wait"
WEAK = "Password2024!"


def make_db(folder: Path) -> Path:
    db = folder / "casebook.db"
    ws, _ = create_database(db, DSL, PASSWORD, DSL_NAME, SCHOOL)
    ws.close()
    return db


def secret_file(folder: Path, secret: str, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(secret + "\n", encoding="utf-8")
    return path


def hashes(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def cases(db: Path, pw: Path | None) -> subprocess.CompletedProcess[str]:
    extra = ["--password-file", str(pw)] if pw else []
    return casebook("cases", "--db", db, "--user", DSL, *extra)


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def time_passes(db: Path, seconds: float) -> None:
    """As if `seconds` went by: every recorded time moved back (the test cannot wait)."""
    path = throttle_path(db)
    doc = json.loads(path.read_text(encoding="utf-8"))
    for entry in doc["doors"].values():
        entry["until"] -= seconds
        entry["last"] -= seconds
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_wrong_passwords_from_the_command_line_slow_down_and_change_nothing(
    tmp_path: Path,
) -> None:
    db = make_db(tmp_path / "data")
    wrong = secret_file(tmp_path / "secrets", "not the password at all", "wrong.txt")
    right = secret_file(tmp_path / "secrets", PASSWORD, "right.txt")
    before = hashes(db, keyslots_path(db))

    for _ in range(FREE_TRIES - 1):
        line = error_line(cases(db, wrong))
        assert "do not match" in line and WAIT_LINE not in line
    third = error_line(cases(db, wrong))
    assert "do not match" in third
    assert f"{WAIT_LINE} 5 seconds before trying again." in third

    # Every later command, in a new process, waits: even with the right password,
    # and without a password file it does not even ask for one.
    for pw in (right, None):
        line = error_line(cases(db, pw))
        assert line.startswith(f"casebook: {WAIT_LINE}")
        assert "do not match" not in line
    assert hashes(db, keyslots_path(db)) == before  # only the count was written

    time_passes(db, 5)
    result = cases(db, right)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(throttle_path(db).read_text(encoding="utf-8"))
    assert doc["doors"] == {}  # the right password reset the count


def test_parallel_commands_share_one_count(tmp_path: Path) -> None:
    db = make_db(tmp_path / "data")
    wrong = secret_file(tmp_path / "secrets", "not the password at all", "wrong.txt")
    env = {**os.environ, "CASEBOOK_KDF": "fast", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "app", "cases", "--db", str(db), "--user", DSL]
    running = [
        subprocess.Popen(
            [*command, "--password-file", str(wrong)],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    lines = []
    for process in running:
        _out, err = process.communicate(timeout=120)
        assert process.returncode != 0
        lines.append(err.strip())
    # Six guessers at once: only the free tries were made; the others waited.
    assert sum("do not match" in line for line in lines) == FREE_TRIES
    assert sum(line.startswith(f"casebook: {WAIT_LINE}") for line in lines) == 6 - FREE_TRIES


def test_wrong_recovery_keys_at_restore_slow_down(tmp_path: Path) -> None:
    db = tmp_path / "data" / "casebook.db"
    ws, recovery = create_database(db, DSL, PASSWORD, DSL_NAME, SCHOOL)
    backup = tmp_path / "backup.cbk"
    try:
        make_backup(ws, backup)
    finally:
        ws.close()
    wrong = ("BBBB" if recovery.startswith("AAAA") else "AAAA") + recovery[4:]
    key_file = secret_file(tmp_path / "secrets", wrong, "recovery.txt")
    before = hashes(db, keyslots_path(db))

    def restore() -> subprocess.CompletedProcess[str]:
        return casebook("restore", backup, "--db", db, "--recovery", "--password-file", key_file)

    for _ in range(FREE_TRIES - 1):
        assert "recovery key does not open" in error_line(restore())
    assert "Several wrong recovery keys in a row. Wait 5 seconds" in error_line(restore())
    line = error_line(restore())
    assert line.startswith("casebook: Several wrong recovery keys in a row. Wait")
    assert "does not open" not in line  # not even tried
    assert hashes(db, keyslots_path(db)) == before


def test_a_weak_password_is_advised_in_one_line_and_the_command_carries_on(
    tmp_path: Path,
) -> None:
    db = make_db(tmp_path / "data")
    ws = unlock(db, DSL, PASSWORD)
    try:  # as if set before the rule was strengthened
        with ws.write() as session:
            ws.change_keyslots(session, lambda k: k.add_password(DSL, WEAK, ws.database_key()))
    finally:
        ws.close()
    weak = secret_file(tmp_path / "secrets", WEAK, "weak.txt")

    result = cases(db, weak)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("reference")
    assert result.stderr == (
        "casebook: Your password is now too easy to guess. Please choose a stronger one "
        "(School > Staff accounts > Change my password).\n"
    )
