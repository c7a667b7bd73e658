"""Signing in slows down after repeated wrong passwords, with a clear message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.errors import WrongPassword
from app.security.throttle import Throttle
from app.storage.paths import keyslots_path
from app.ui.security import SignInWait, throttled_unlock
from tests.helpers.ui import PASSWORD, USERNAME


def test_wrong_passwords_make_the_next_try_wait_and_touch_nothing(
    db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    now = [1000.0]
    throttle = Throttle.for_database(db_path, clock=lambda: now[0])
    before = (db_path.read_bytes(), keyslots_path(db_path).read_bytes())
    for _ in range(2):
        with pytest.raises(WrongPassword):
            throttled_unlock(throttle, db_path, USERNAME, "not the password")
    with pytest.raises(SignInWait) as third:
        throttled_unlock(throttle, db_path, USERNAME, "not the password")
    assert str(third.value).startswith(str(WrongPassword()))
    assert "Wait 5 seconds before trying again" in str(third.value)
    with pytest.raises(SignInWait, match="Wait 5 seconds"):  # even the right one waits
        throttled_unlock(throttle, db_path, USERNAME, PASSWORD)
    assert (db_path.read_bytes(), keyslots_path(db_path).read_bytes()) == before
    now[0] += 5
    throttled_unlock(throttle, db_path, USERNAME, PASSWORD).close()
    assert throttle.wait_for(USERNAME) == 0
    with pytest.raises(WrongPassword):  # a success starts the count again
        throttled_unlock(throttle, db_path, USERNAME, "not the password")


def test_the_wait_grows(db_path: Path, make_db: Callable[..., str]) -> None:
    make_db()
    now = [1000.0]
    throttle = Throttle.for_database(db_path, clock=lambda: now[0])
    waits = []
    for _ in range(5):
        now[0] += throttle.wait_for(USERNAME)
        with pytest.raises((WrongPassword, SignInWait)):
            throttled_unlock(throttle, db_path, USERNAME, "not the password")
        waits.append(throttle.wait_for(USERNAME))
    assert waits == [0, 0, 5, 10, 20]
