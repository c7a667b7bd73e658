"""Account and key changes happen whole or not at all, even under `kill -9`.

Each change (add an account, change one's own password, reset a password,
remove an account, a new recovery key, a reset with the recovery key) writes
its new key file beside the old, commits it with the database change and its
audit entry, then renames it. A process killed anywhere in between leaves
the next open to finish or undo the change, by what the database committed.

The children are forked from a forkserver that has already imported the app
(tests/helpers/account_churn.py), so many kills fit in a few seconds.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, WrongPassword, WrongRecoveryKey
from app.models import AuditEntry
from app.security.keyslots import load_keyslots, pending_keyslots_path, slots_for_database
from app.services import accounts, audit
from app.services.verify import verify
from app.services.workspace import Workspace, unlock, unlock_with_recovery
from app.storage.paths import keyslots_path
from tests.conftest import DSL, PASSWORD
from tests.helpers import account_churn

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or "forkserver" not in multiprocessing.get_all_start_methods(),
    reason="needs SIGKILL and a forkserver",
)

# At least MIN_KILLS kills; up to KILLS while the run stays within BUDGET_S.
MIN_KILLS = 30
KILLS = 40
BUDGET_S = 25.0


@pytest.fixture(scope="module")
def forkserver() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(
        ["app.services.accounts", "app.services.verify", "tests.helpers.account_churn"]
    )
    return ctx


def _state(tmp_path: Path, state: dict[str, Any]) -> Path:
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    return path


def _account_details(ws: Workspace) -> list[str]:
    with ws.read() as s:
        rows = s.execute(
            select(AuditEntry.detail)
            .where(AuditEntry.action == audit.Action.ACCOUNT)
            .order_by(AuditEntry.id)
        )
        return [d for (d,) in rows]


def _signs_in(db: Path, name: str, password: str) -> bool:
    try:
        unlock(db, name, password).close()
    except WrongPassword:
        return False
    return True


def _opens_with_recovery(db: Path, key: str) -> bool:
    try:
        unlock_with_recovery(db, key).close()
    except WrongRecoveryKey:
        return False
    return True


def _no_leftovers(db: Path) -> None:
    assert not pending_keyslots_path(keyslots_path(db)).exists()
    assert not [p.name for p in db.parent.glob(".*") if not p.name.endswith(".lock")]


def check_after_kill(
    db: Path, state: dict[str, Any], effective: list[str], intent: dict[str, Any] | None
) -> bool:
    """The next open finds every account fully changed or fully unchanged.

    Updates `state` and `effective` (the audit details of every change that
    took effect) to what is now true; returns whether `intent` took effect.
    """
    op = intent["op"] if intent else None
    dsl_now, new_works = state["dsl"], False
    # The DSL signs in with exactly one of the old and the new password.
    if intent is not None and op in ("dsl-password", "recovery-reset"):
        old_works = _signs_in(db, DSL, intent["old"])
        new_works = _signs_in(db, DSL, intent["new"])
        assert old_works != new_works, intent
        dsl_now = intent["new"] if new_works else intent["old"]
    else:
        assert _signs_in(db, DSL, dsl_now)
    _no_leftovers(db)  # the first right sign-in settled an interrupted change
    took = False
    ws = unlock(db, DSL, dsl_now)
    try:
        details = _account_details(ws)
        if intent is not None and details == [*effective, account_churn.detail(intent)]:
            took = True
        else:
            assert details == effective, (intent, details[len(effective) - 1 :])
        if op in ("dsl-password", "recovery-reset"):
            assert took == new_works  # the audit trail and the key file agree
        if took:
            assert intent is not None
            effective.append(account_churn.detail(intent))
            _apply(state, intent)
        if op == "add" and not took:
            # Neither half-added nor stuck: the account can be added now.
            assert intent is not None
            accounts.add_account(ws, intent["name"], "Deputy again", intent["new"])
            effective.append(account_churn.detail(intent))
            _apply(state, intent)
        active = {m.username for m in accounts.list_staff(ws) if m.active}
    finally:
        ws.close()
    assert active == {DSL, *state["deputies"]}
    for name, password in state["deputies"].items():
        assert _signs_in(db, name, password), name
    if intent is not None and op == "reset":
        # The password that is not the account's now opens nothing.
        assert not _signs_in(db, intent["name"], intent["old"] if took else intent["new"])
    if intent is not None and op == "remove" and took:
        assert not _signs_in(db, intent["name"], intent["old"])
    if op == "recovery-key" and intent is not None and intent["old"]:
        assert _opens_with_recovery(db, intent["old"]) == (not took)
    return took


def _apply(state: dict[str, Any], intent: dict[str, Any]) -> None:
    op = intent["op"]
    if op in ("add", "reset"):
        state["deputies"][intent["name"]] = intent["new"]
    elif op == "remove":
        del state["deputies"][intent["name"]]
    elif op in ("dsl-password", "recovery-reset"):
        state["dsl"] = intent["new"]
    elif op == "recovery-key":
        state["recovery"] = None  # unknown unless the child reported it


def _read_progress(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = path.read_bytes().split(b"\n")
    return [json.loads(line) for line in lines[:-1]]  # the last is cut off or empty


def _kill_at_random(
    ctx: Any, db: Path, state_file: Path, progress: Path, rng: random.Random
) -> list[dict[str, Any]]:
    """Start a churning child, kill it a random moment into a change; its progress."""
    progress.unlink(missing_ok=True)
    child = ctx.Process(
        target=account_churn.churn,
        args=(str(db), str(state_file), str(progress), rng.randrange(2**31)),
    )
    child.start()
    wanted = rng.randint(1, 4)
    deadline = time.monotonic() + 20
    while sum("intent" in line for line in _read_progress(progress)) < wanted:
        assert child.is_alive(), _read_progress(progress)
        assert time.monotonic() < deadline, "the child made no progress"
        time.sleep(0.0005)
    time.sleep(rng.uniform(0, 0.012))
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    assert child.exitcode == -signal.SIGKILL
    return _read_progress(progress)


@pytest.mark.slow
def test_account_changes_killed_at_random_moments_are_never_half_made(
    forkserver: Any, ws: Workspace, db_path: Path, tmp_path: Path, created: Any
) -> None:
    recovery = created[1]
    ws.close()
    rng = random.Random(1313)
    state: dict[str, Any] = {"dsl": PASSWORD, "deputies": {}, "recovery": recovery, "next": 1}
    effective: list[str] = []
    seen = {"in flight": 0, "took effect": 0, "undone": 0, "pending at kill": 0}
    started = time.monotonic()
    kills = 0
    while kills < KILLS and (kills < MIN_KILLS or time.monotonic() - started < BUDGET_S):
        kills += 1
        lines = _kill_at_random(
            forkserver, db_path, _state(tmp_path, state), tmp_path / "progress", rng
        )
        if pending_keyslots_path(keyslots_path(db_path)).exists():
            seen["pending at kill"] += 1
        # Replay what the child reported as done; the last intent without "done" is in flight.
        intent: dict[str, Any] | None = None
        for line in lines:
            if "intent" in line:
                intent = line["intent"]
                if intent["op"] == "add":  # names are never reused, added or not
                    state["next"] = max(state["next"], int(intent["name"][1:]) + 1)
            elif "done" in line:
                assert intent is not None
                effective.append(account_churn.detail(intent))
                _apply(state, intent)
                if "recovery" in line:
                    state["recovery"] = line["recovery"]
                intent = None
        if intent is not None:
            seen["in flight"] += 1
        took = check_after_kill(db_path, state, effective, intent)
        if intent is not None:
            seen["took effect" if took else "undone"] += 1
    assert kills >= MIN_KILLS
    assert seen["in flight"] >= MIN_KILLS // 2 and seen["pending at kill"] >= 1, seen

    # Every account can still be reset and removed, and the record verifies.
    ws = unlock(db_path, DSL, state["dsl"])
    try:
        for name in sorted(state["deputies"]):
            accounts.reset_password(ws, name, "last ember tortoise canyon")
            accounts.remove_account(ws, name)
        assert verify(ws).sound
    finally:
        ws.close()
    for name in state["deputies"]:
        assert not _signs_in(db_path, name, "last ember tortoise canyon")


# -- each step of each change, stopped exactly there ----------------------------
CHANGES = [
    {"op": "add", "name": "deputy", "new": "orbit walnut meadow"},
    {"op": "dsl-password", "name": DSL, "old": PASSWORD, "new": "orbit walnut meadow"},
    {"op": "reset", "name": "dee", "old": "lantern pebble orchard", "new": "orbit walnut meadow"},
    {"op": "remove", "name": "dee", "old": "lantern pebble orchard", "new": ""},
    {"op": "recovery-key"},
    {"op": "recovery-reset", "name": DSL, "old": PASSWORD, "new": "orbit walnut meadow"},
]


def _digest_all(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize("where", ["pending", "committed"])
@pytest.mark.parametrize("change", CHANGES, ids=[c["op"] for c in CHANGES])
def test_a_change_stopped_at_each_step_is_finished_or_undone_at_the_next_open(
    forkserver: Any,
    created: tuple[Workspace, str],
    db_path: Path,
    tmp_path: Path,
    change: dict[str, Any],
    where: str,
) -> None:
    ws, recovery = created
    accounts.add_account(ws, "dee", "Dee Puty", "lantern pebble orchard")
    ws.close()
    state = {"dsl": PASSWORD, "deputies": {"dee": "lantern pebble orchard"}, "recovery": recovery}
    intent = {**change, "old": recovery} if change["op"] == "recovery-key" else change
    child = forkserver.Process(
        target=account_churn.stop_at,
        args=(str(db_path), str(_state(tmp_path, state)), json.dumps(intent), where),
    )
    child.start()
    child.join(30)
    assert child.exitcode == 0, "the stop was not reached"
    pending = pending_keyslots_path(keyslots_path(db_path))
    assert pending.exists()  # the change is cut off half-way: the new key file is beside the old

    # A wrong password at this moment changes nothing on disk.
    before = _digest_all(db_path.parent)
    with pytest.raises(WrongPassword):
        unlock(db_path, DSL, "not the password at all")
    assert _digest_all(db_path.parent) == before
    assert slots_for_database(db_path).usernames() == ["dee", "dsl"]  # reading settles nothing

    effective = [account_churn.detail({"op": "add", "name": "dee"})]
    state["next"] = 1
    took = check_after_kill(db_path, state, effective, intent)
    assert took == (where == "committed")
    assert load_keyslots(keyslots_path(db_path)).usernames() == sorted(["dsl", *state["deputies"]])


def test_a_failed_commit_leaves_the_old_key_file_and_no_pending_one(
    ws: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = keyslots_path(db_path)
    before = keys.read_bytes()
    with pytest.raises(InvalidInput), ws.write() as s:
        ws.change_keyslots(
            s, lambda k: k.add_password("ghost", "copper violin tundra lagoon", ws.database_key())
        )
        raise InvalidInput("refused later in the same transaction")
    assert keys.read_bytes() == before
    assert not pending_keyslots_path(keys).exists()
    assert "ghost" not in ws.keyslots().usernames()


def test_a_key_slot_without_an_account_does_not_block_adding_it(
    ws: Workspace, db_path: Path
) -> None:
    """A database stuck by an older version (slot written, account never committed)."""
    ws.keyslots().add_password("stuck", "marble falcon quiver basalt", ws.database_key())
    accounts.add_account(ws, "stuck", "Stuck Deputy", "fresh cobalt juniper wharf")
    assert _account_details(ws)[-1] == "added deputy stuck"
    ws.close()
    assert _signs_in(db_path, "stuck", "fresh cobalt juniper wharf")
    assert not _signs_in(db_path, "stuck", "marble falcon quiver basalt")


def test_a_rename_that_fails_after_the_commit_is_finished_by_the_next_change(
    ws: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import workspace as workspace_module

    def refused(_keys: Path) -> None:
        raise PermissionError(13, "held by another program")

    monkeypatch.setattr(workspace_module, "finish_pending_keyslots", refused)
    accounts.add_account(ws, "deputy", "Dee Puty", "copper violin tundra lagoon")
    monkeypatch.undo()
    keys = keyslots_path(db_path)
    assert pending_keyslots_path(keys).exists()  # committed; its key file still pending
    assert "deputy" in ws.keyslots().usernames()  # this session already works with it
    accounts.add_account(ws, "second", "Sec Ond", "another long phrase")
    assert not pending_keyslots_path(keys).exists()
    assert load_keyslots(keys).usernames() == ["deputy", "dsl", "second"]
    ws.close()
    assert _signs_in(db_path, "deputy", "copper violin tundra lagoon")
    assert _signs_in(db_path, "second", "another long phrase")


def test_an_interrupted_change_beside_a_damaged_database_is_left_as_it_is(
    forkserver: Any, created: tuple[Workspace, str], db_path: Path, tmp_path: Path
) -> None:
    from app.errors import DatabaseDamaged

    ws, recovery = created
    ws.close()
    state = {"dsl": PASSWORD, "deputies": {}, "recovery": recovery}
    intent = {"op": "add", "name": "deputy", "new": "orbit walnut meadow"}
    child = forkserver.Process(
        target=account_churn.stop_at,
        args=(str(db_path), str(_state(tmp_path, state)), json.dumps(intent), "committed"),
    )
    child.start()
    child.join(30)
    assert child.exitcode == 0
    for part in (db_path, db_path.with_name(db_path.name + "-wal")):  # damaged throughout
        part.write_bytes(bytes(b ^ 0x5A for b in part.read_bytes()))
    keys = keyslots_path(db_path)
    key_files = {p: p.read_bytes() for p in (keys, pending_keyslots_path(keys))}
    with pytest.raises(DatabaseDamaged):
        unlock(db_path, DSL, PASSWORD)
    # The database cannot say whether the change committed: both key files stay as they are.
    assert {p: p.read_bytes() for p in key_files} == key_files


@pytest.mark.parametrize("where", ["pending", "committed"])
def test_the_first_open_after_a_cut_off_recovery_key_change_may_be_with_the_recovery_key(
    forkserver: Any, created: tuple[Workspace, str], db_path: Path, tmp_path: Path, where: str
) -> None:
    ws, recovery = created
    ws.close()
    state = {"dsl": PASSWORD, "deputies": {}, "recovery": recovery}
    child = forkserver.Process(
        target=account_churn.stop_at,
        args=(str(db_path), str(_state(tmp_path, state)), '{"op": "recovery-key"}', where),
    )
    child.start()
    child.join(30)
    assert child.exitcode == 0
    # The old key works exactly when the new one never took effect.
    assert _opens_with_recovery(db_path, recovery) == (where == "pending")
    _no_leftovers(db_path)
    assert _opens_with_recovery(db_path, recovery) == (where == "pending")
