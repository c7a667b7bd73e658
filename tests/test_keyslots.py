from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import keyslots
from app.errors import KeySlotsDamaged, WrongPassword, WrongRecoveryKey
from app.keyslots import KeySlots, load_keyslots, save_keyslots


def test_each_password_unwraps_the_same_database_key() -> None:
    slots, key, _ = KeySlots.create("dsl", "first password here")
    slots.add_password("deputy", "second password here", key)
    assert slots.unlock_with_password("DSL ", "first password here") == key
    assert slots.unlock_with_password("deputy", "second password here") == key


@pytest.mark.parametrize(
    "user,password",
    [
        ("dsl", "wrong"),
        ("nobody", "first password here"),
        ("", ""),
        ("dsl", "first password here "),
    ],
)
def test_wrong_user_or_password_is_refused(user: str, password: str) -> None:
    slots, _, _ = KeySlots.create("dsl", "first password here")
    with pytest.raises(WrongPassword, match="do not match"):
        slots.unlock_with_password(user, password)


def test_recovery_key_tolerates_how_people_copy_it() -> None:
    slots, key, recovery = KeySlots.create("dsl", "first password here")
    assert slots.unlock_with_recovery(recovery) == key
    assert slots.unlock_with_recovery(recovery.lower().replace("-", " ")) == key
    sloppy = recovery.replace("O", "0").replace("I", "1").replace("B", "8")
    assert slots.unlock_with_recovery(sloppy) == key
    with pytest.raises(WrongRecoveryKey):
        slots.unlock_with_recovery("AAAA-" + recovery[5:])
    with pytest.raises(WrongRecoveryKey):
        slots.unlock_with_recovery("not a key")


def test_a_new_recovery_key_retires_the_old_one() -> None:
    slots, key, old = KeySlots.create("dsl", "first password here")
    new = slots.replace_recovery(key)
    assert slots.unlock_with_recovery(new) == key
    with pytest.raises(WrongRecoveryKey):
        slots.unlock_with_recovery(old)


def test_a_slot_cannot_be_moved_to_another_user(tmp_path: Path) -> None:
    slots, key, _ = KeySlots.create("dsl", "first password here")
    slots.add_password("deputy", "second password here", key)
    doc = json.loads(slots.to_bytes())
    for s in doc["slots"]:
        if s["username"] == "deputy":
            s["username"] = "dsl2"  # relabelled: the authenticated data no longer matches
    forged = KeySlots.from_bytes(json.dumps(doc).encode())
    with pytest.raises(WrongPassword):
        forged.unlock_with_password("dsl2", "second password here")


def test_key_file_is_written_owner_only_and_holds_no_secret(tmp_path: Path) -> None:
    slots, key, recovery = KeySlots.create("dsl", "first password here")
    path = tmp_path / "casebook.db.keys"
    save_keyslots(path, slots)
    assert path.stat().st_mode & 0o777 == 0o600
    data = path.read_bytes()
    assert b"first password here" not in data
    assert key.hex().encode() not in data and key not in data
    assert recovery.encode() not in data
    assert load_keyslots(path).unlock_with_password("dsl", "first password here") == key


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b'{"format": "other"}',
        b"\xff\xfe",
        b'{"format": "casebook-keyslots", "version": 1}',
    ],
)
def test_damaged_key_file_is_reported(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "casebook.db.keys"
    path.write_bytes(content)
    with pytest.raises(KeySlotsDamaged, match="backup"):
        load_keyslots(path)


def test_production_cost_is_used_unless_tests_ask_for_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keyslots.KDF_ENV, raising=False)
    assert keyslots.current_cost() == keyslots.PRODUCTION_COST
    assert keyslots.PRODUCTION_COST.memory_kib >= 64 * 1024
    monkeypatch.setenv(keyslots.KDF_ENV, "fast")
    assert keyslots.current_cost() == keyslots.FAST_COST
