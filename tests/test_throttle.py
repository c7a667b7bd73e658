"""One count of wrong passwords per database, on disk, shared by every way in.

A restart, a second window or a command in another process does not reset it;
parallel guessers share it; a right password resets its own user's count; and
the file holds counts and times only.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.errors import WrongPassword, WrongRecoveryKey
from app.security.throttle import (
    FREE_TRIES,
    MAX_WAIT_S,
    OTHERS,
    RECOVERY,
    SignInWait,
    Throttle,
    door_of,
    wait_after,
)
from app.services.workspace import Workspace
from app.storage.paths import keyslots_path, throttle_path
from app.ui.security.signin import throttled_unlock
from tests.conftest import DSL, PASSWORD

REPO = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def digest(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_the_schedule_spares_a_mistype_or_two_and_grows_to_five_minutes() -> None:
    assert [wait_after(n) for n in range(1, 8)] == [0, 0, 5, 10, 20, 40, 80]
    assert wait_after(9) == 300 == MAX_WAIT_S
    assert wait_after(10_000) == MAX_WAIT_S  # no overflow, ever


def test_a_restart_does_not_reset_the_count(tmp_path: Path) -> None:
    clock = Clock()
    db = tmp_path / "casebook.db"
    first = Throttle.for_database(db, clock=clock).for_user(DSL, [DSL])
    for _ in range(FREE_TRIES):
        first.failed()
    assert first.wait_seconds() == 5

    # A new process (a new Throttle reading the same file) sees the same wait.
    again = Throttle.for_database(db, clock=clock).for_user(DSL, [DSL])
    assert again.wait_seconds() == 5
    with pytest.raises(SignInWait, match="Wait 5 seconds before trying again"):
        again.begin()
    clock.now += 5
    again.begin()  # allowed again, and counted before it is tried
    again.failed()
    assert Throttle.for_database(db, clock=clock).for_user(DSL).wait_seconds() == 10


def test_a_right_password_resets_only_that_users_count(tmp_path: Path) -> None:
    clock = Clock()
    throttle = Throttle.for_database(tmp_path / "casebook.db", clock=clock)
    dsl, deputy = throttle.for_user(DSL, [DSL, "deputy"]), throttle.for_user("deputy")
    for _ in range(4):
        dsl.failed()
        deputy.failed()
    clock.now += 60
    with dsl.attempt():
        pass  # the right password
    assert dsl.wait_seconds() == 0
    deputy.failed()
    assert deputy.wait_seconds() > 0  # the deputy's count went on


def test_wrong_tries_are_forgotten_after_a_day(tmp_path: Path) -> None:
    clock = Clock()
    door = Throttle.for_database(tmp_path / "casebook.db", clock=clock).for_user(DSL)
    for _ in range(2):
        door.failed()
    clock.now += 25 * 3600
    door.failed()  # one mistype today: no wait, whatever happened yesterday
    assert door.wait_seconds() == 0


def test_a_clock_set_back_cannot_lock_anyone_out_for_longer(tmp_path: Path) -> None:
    clock = Clock()
    door = Throttle.for_database(tmp_path / "casebook.db", clock=clock).for_user(DSL)
    for _ in range(FREE_TRIES):
        door.failed()
    clock.now -= 10 * 24 * 3600  # someone sets the laptop's date back ten days
    assert door.wait_seconds() <= wait_after(FREE_TRIES)


def test_the_file_holds_counts_and_times_and_no_name_that_is_not_an_account(
    tmp_path: Path,
) -> None:
    db = tmp_path / "casebook.db"
    throttle = Throttle.for_database(db)
    throttle.for_user("DSL ", [DSL]).failed()
    # A password typed into the user-name box must never be written down.
    throttle.for_user("Hunter2-my-password", [DSL]).failed()
    throttle.for_recovery_key().failed()
    path = throttle_path(db)
    text = path.read_text(encoding="utf-8")
    assert "hunter2" not in text.casefold()
    doc = json.loads(text)
    assert sorted(doc["doors"]) == sorted([f"user:{DSL}", OTHERS, RECOVERY])
    for entry in doc["doors"].values():
        assert sorted(entry) == ["failures", "last", "until"]
        assert entry["failures"] == 1
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # owner-only
    assert not list(tmp_path.glob(".*.tmp"))  # replaced whole, nothing left beside it


def test_names_that_are_not_accounts_share_one_count() -> None:
    assert door_of("  DSL", [DSL]) == door_of(DSL) == f"user:{DSL}"
    assert door_of("nobody", [DSL]) == door_of("someone else", [DSL]) == OTHERS
    assert door_of("", [DSL]) == door_of("x" * 65) == door_of("a\x00b") == OTHERS


def test_a_damaged_file_starts_the_count_again_calmly(tmp_path: Path) -> None:
    db = tmp_path / "casebook.db"
    throttle_path(db).write_bytes(b"\x00{not json")
    door = Throttle.for_database(db).for_user(DSL)
    assert door.wait_seconds() == 0
    door.failed()
    assert json.loads(throttle_path(db).read_text())["doors"][f"user:{DSL}"]["failures"] == 1


def test_an_unwritable_folder_counts_in_memory_and_sign_in_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only medium or a full disk: wrong passwords still slow down in this
    process, and nothing is refused for want of the file."""
    import app.security.throttle as throttle_module

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(throttle_module, "atomic_write", refuse)
    clock = Clock()
    door = Throttle.for_database(tmp_path / "casebook.db", clock=clock).for_user(DSL)
    for _ in range(FREE_TRIES):
        door.begin()
        door.failed()
    assert door.wait_seconds() == 5
    with pytest.raises(SignInWait):
        door.begin()
    clock.now += 5
    with door.attempt():
        pass
    assert door.wait_seconds() == 0
    assert not throttle_path(tmp_path / "casebook.db").exists()


def test_a_failure_that_is_not_a_guess_is_not_counted(tmp_path: Path) -> None:
    door = Throttle.for_database(tmp_path / "casebook.db").for_user(DSL)
    for _ in range(5):
        with pytest.raises(OSError), door.attempt():
            raise OSError("the key file could not be read")
    assert door.wait_seconds() == 0
    for _ in range(FREE_TRIES - 1):
        with pytest.raises(WrongPassword), door.attempt():
            raise WrongPassword()
    with pytest.raises(SignInWait) as third, door.attempt():
        raise WrongPassword()
    assert str(third.value).startswith(str(WrongPassword()))


def test_wrong_recovery_keys_have_their_own_count_and_words(tmp_path: Path) -> None:
    throttle = Throttle.for_database(tmp_path / "casebook.db")
    door = throttle.for_recovery_key()
    for _ in range(FREE_TRIES - 1):
        with pytest.raises(WrongRecoveryKey), door.attempt():
            raise WrongRecoveryKey()
    with pytest.raises(SignInWait) as third, door.attempt():
        raise WrongRecoveryKey()
    assert "Several wrong recovery keys in a row. Wait 5 seconds" in str(third.value)
    assert throttle.for_user(DSL).wait_seconds() == 0  # passwords are not slowed


def test_sign_in_through_the_service_changes_only_the_count(
    created: tuple[Workspace, str], db_path: Path
) -> None:
    ws, _ = created
    ws.close()
    before = digest(db_path, keyslots_path(db_path))
    throttle = Throttle.for_database(db_path)
    for _ in range(FREE_TRIES - 1):
        with pytest.raises(WrongPassword):
            throttled_unlock(throttle, db_path, DSL, "not the password at all")
    with pytest.raises(SignInWait, match="Wait 5 seconds"):
        throttled_unlock(throttle, db_path, DSL, "not the password at all")
    with pytest.raises(SignInWait):  # even the right one waits, and is not tried
        throttled_unlock(throttle, db_path, DSL, PASSWORD)
    assert digest(db_path, keyslots_path(db_path)) == before
    assert throttle_path(db_path).exists()


GUESSER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from app.errors import WrongPassword
    from app.security.throttle import SignInWait, Throttle

    db, tries = Path(sys.argv[1]), int(sys.argv[2])
    door = Throttle.for_database(db).for_user("dsl", ["dsl"])
    made = refused = 0
    for _ in range(tries):
        tried = False
        try:
            with door.attempt():
                tried = True  # here the key derivation would run
                raise WrongPassword()
        except (WrongPassword, SignInWait):
            made += tried
            refused += not tried
    print(made, refused)
    """
)


def guessers(db: Path, processes: int, tries: int) -> list[tuple[int, int]]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    running = [
        subprocess.Popen(
            [sys.executable, "-c", GUESSER, str(db), str(tries)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    results = []
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        made, refused = out.split()
        results.append((int(made), int(refused)))
    return results


@pytest.mark.slow
def test_parallel_guessers_in_other_processes_share_one_count(tmp_path: Path) -> None:
    db = tmp_path / "casebook.db"
    results = guessers(db, processes=4, tries=25)
    # Four processes, a hundred tries: only the free tries were ever made.
    assert sum(made for made, _ in results) == FREE_TRIES
    assert sum(refused for _, refused in results) == 4 * 25 - FREE_TRIES
    # And this process, started afterwards, finds the wait too.
    assert Throttle.for_database(db).for_user(DSL).wait_seconds() > 0


@pytest.mark.skipif(os.name != "posix", reason="flock: the Windows lock is tested there")
def test_a_lock_held_by_another_process_means_wait_not_an_uncounted_try(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    import app.security.throttle as throttle_module

    monkeypatch.setattr(throttle_module, "LOCK_PATIENCE_S", 0.1)
    db = tmp_path / "casebook.db"
    lock_file = throttle_path(db).with_name(throttle_path(db).name + ".lock")
    with open(lock_file, "wb") as held:  # another process would be the same to flock
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        door = Throttle.for_database(db).for_user(DSL)
        with pytest.raises(SignInWait, match="Wait 5 seconds"):
            door.begin()
    door.begin()  # the lock is free again: the try goes ahead, counted
    door.failed()
    assert json.loads(throttle_path(db).read_text())["doors"][f"user:{DSL}"]["failures"] == 1
