"""What the audit trail records about sessions: failed sign-ins (held in the throttle file
until the next sign-in), drafts opened, locking, signing out and closing."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import WrongPassword
from app.security.throttle import (
    COMMAND_LINE,
    LOCK_SCREEN,
    SIGN_IN_WINDOW,
    SignInWait,
    Throttle,
)
from app.services import accounts, audit, cases, session_log
from app.services.verify import verify
from app.services.workspace import Workspace, unlock
from app.storage.paths import throttle_path
from app.ui.security import signin
from tests.conftest import DSL, PASSWORD

TYPED_BY_MISTAKE = "my-secret-Pa55word in the name box"
WRONG = "not the password at all"


def trail(ws: Workspace) -> list[audit.AuditLine]:
    with ws.read() as s:
        return audit.entries_for(s)


def failed_lines(ws: Workspace) -> list[str]:
    return [e.detail for e in trail(ws) if e.action == audit.Action.FAILED_SIGN_IN]


def wrong_try(db_path: Path, username: str, *, way: str = SIGN_IN_WINDOW) -> None:
    """A wrong password as the window (or the lock screen, the command line) tries one."""
    throttle = Throttle.for_database(db_path)  # a fresh one each time: as after a restart
    from app.security.keyslots import slots_for_database

    slots = slots_for_database(db_path)
    door = throttle.for_user(username, slots.usernames(), way=way)
    with pytest.raises((WrongPassword, SignInWait)), door.attempt():  # a wait after 3
        slots.unlock_with_password(username, WRONG)


def test_failed_sign_ins_are_written_at_the_next_sign_in_by_name_never_the_password(
    ws: Workspace, db_path: Path
) -> None:
    accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")
    ws.close()
    throttle = Throttle.for_database(db_path)
    with pytest.raises(WrongPassword):
        signin.unlock(db_path, DSL, WRONG, throttle)  # the sign-in window's way
    wrong_try(db_path, DSL)
    wrong_try(db_path, "deputy", way=COMMAND_LINE)
    wrong_try(db_path, TYPED_BY_MISTAKE)
    wrong_try(db_path, DSL, way=LOCK_SCREEN)
    held = Throttle.for_database(db_path).held_failures()
    assert len(held) == 4  # by name and way in; kept across a "restart"
    on_disk = throttle_path(db_path).read_bytes()
    assert TYPED_BY_MISTAKE.encode() not in on_disk and WRONG.encode() not in on_disk

    # Anyone's next sign-in writes them into the audit trail, after their own entry.
    deputy = unlock(db_path, "deputy", "a long secret phrase")
    try:
        lines = failed_lines(deputy)
        entries = trail(deputy)
    finally:
        deputy.close()
    assert len(lines) == 4
    assert lines[0].startswith("failed sign-in as dsl at the sign-in window: ")
    assert lines[0].count(":") == 1 + 2 * 2  # two times, HH:MM:SS each
    assert lines[1].startswith("failed sign-in as deputy at the command line: ")
    assert lines[2].startswith("failed sign-in as an unknown user name at the sign-in window: ")
    assert lines[3].startswith("failed sign-in as dsl at the lock screen: ")
    signed_in = [i for i, e in enumerate(entries) if e.action == audit.Action.SIGNED_IN][-1]
    assert entries[signed_in].actor == "deputy"
    assert [e.action for e in entries[signed_in + 1 :]] == [audit.Action.FAILED_SIGN_IN] * 4
    assert all(e.actor == audit.SYSTEM_ACTOR for e in entries[signed_in + 1 :])
    everything = " ".join(f"{e.actor} {e.target} {e.detail}" for e in entries)
    assert TYPED_BY_MISTAKE not in everything and WRONG not in everything

    # Written once: the file no longer holds them, the next sign-in writes none.
    assert Throttle.for_database(db_path).held_failures() == []
    again = unlock(db_path, DSL, PASSWORD)
    try:
        assert len(failed_lines(again)) == 4
        assert verify(again).sound  # the chain and the seal are whole
    finally:
        again.close()


def test_a_right_password_after_wrong_ones_still_records_the_wrong_ones(
    ws: Workspace, db_path: Path
) -> None:
    ws.close()
    throttle = Throttle.for_database(db_path)
    with pytest.raises(WrongPassword):
        signin.unlock(db_path, DSL, WRONG, throttle)
    # The right password resets the count of wrong ones, but not what happened.
    me = signin.unlock(db_path, DSL, PASSWORD, throttle)
    try:
        assert throttle.wait_for(DSL) == 0
        lines = failed_lines(me)
    finally:
        me.close()
    assert len(lines) == 1 and lines[0].startswith("failed sign-in as dsl at the sign-in window")


def test_many_failed_tries_keep_a_short_list(ws: Workspace, db_path: Path) -> None:
    ws.close()
    throttle = Throttle(throttle_path(db_path), clock=lambda: 0.0)  # no waits in the way
    for _ in range(25):
        throttle.failed("user:dsl")
    (group,) = throttle.held_failures()
    assert len(group.times) == 20 and group.more == 5
    me = unlock(db_path, DSL, PASSWORD)
    try:
        (line,) = failed_lines(me)
    finally:
        me.close()
    assert line.endswith("(and 5 more)")


def test_opening_a_draft_is_recorded_as_viewed(ws: Workspace, db_path: Path) -> None:
    draft = cases.create_case(ws)
    session_log.draft_opened(ws, draft.reference)
    ws.close()
    again = unlock(db_path, DSL, PASSWORD)
    try:
        views = [e for e in trail(again) if e.action == audit.Action.VIEWED]
    finally:
        again.close()
    assert [(e.actor, e.target, e.detail) for e in views] == [
        (DSL, draft.reference, session_log.DRAFT_OPENED)
    ]


def test_locking_signing_out_and_closing_are_recorded_and_the_seal_holds(
    ws: Workspace, db_path: Path
) -> None:
    assert session_log.locked(ws, "hidden")
    assert session_log.unlocked(ws)
    assert session_log.locked(ws, "idle")
    session_log.leaving(ws, session_log.SIGNED_OUT)
    ws.close()
    assert not session_log.locked(ws, "idle")  # a late signal after closing writes nothing
    second = unlock(db_path, DSL, PASSWORD)
    session_log.leaving(second, session_log.CLOSED)
    second.close()
    third = unlock(db_path, DSL, PASSWORD)  # a command's session: no entry at its close
    third.close()
    last = unlock(db_path, DSL, PASSWORD)
    try:
        got = [
            (e.action, e.detail)
            for e in trail(last)
            if e.action in (audit.Action.LOCKED, audit.Action.UNLOCKED, audit.Action.SIGNED_OUT)
        ]
        report = verify(last)
    finally:
        last.close()
    assert got == [
        (audit.Action.LOCKED, "hidden with Hide now"),
        (audit.Action.UNLOCKED, ""),
        (audit.Action.LOCKED, "locked after the idle minutes"),
        (audit.Action.SIGNED_OUT, "signed out"),
        (audit.Action.SIGNED_OUT, "closed Casebook"),
    ]
    assert report.sound, report.problems  # the entries at close come before the seal
