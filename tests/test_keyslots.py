from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import KeySlotsDamaged, WrongPassword, WrongRecoveryKey
from app.security import keyslots
from app.security.keyslots import KdfCost, KeySlots, load_keyslots, save_keyslots


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


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No CASEBOOK_KDF=fast, and a calibration of its own (it is cached per process)."""
    monkeypatch.delenv(keyslots.KDF_ENV, raising=False)
    keyslots._calibrated.cache_clear()
    yield
    keyslots._calibrated.cache_clear()


def per_pass(seconds: float) -> keyslots.Measure:
    """A fake timer: each pass over the memory takes `seconds`."""

    def measure(cost: KdfCost) -> float:
        assert cost.memory_kib == keyslots.PRODUCTION_COST.memory_kib  # probed at full memory
        return seconds * cost.iterations

    return measure


def test_a_fast_laptop_gets_more_passes_than_the_floor() -> None:
    cost = keyslots.calibrate(per_pass(0.025), target_seconds=0.5)
    assert cost.iterations == 20
    assert (cost.memory_kib, cost.lanes) == (128 * 1024, 4)


def test_a_slow_or_busy_laptop_stays_at_the_floor() -> None:
    assert keyslots.calibrate(per_pass(0.3), target_seconds=0.5) == keyslots.PRODUCTION_COST


def test_a_very_fast_measurement_is_capped() -> None:
    # An idle moment while calibrating must not give a busy day multi-second sign-ins.
    for seconds in (0.001, 0.0):
        cost = keyslots.calibrate(per_pass(seconds))
        assert cost.iterations == keyslots.MAX_ITERATIONS
        assert cost.memory_kib == keyslots.PRODUCTION_COST.memory_kib


@pytest.mark.usefixtures("production")
def test_new_slots_use_the_calibrated_cost_and_tests_the_fast_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keyslots, "time_derivation", per_pass(0.02))
    assert keyslots.current_cost().iterations == 25
    monkeypatch.setenv(keyslots.KDF_ENV, "fast")
    assert keyslots.current_cost() == keyslots.FAST_COST


@pytest.mark.slow
@pytest.mark.usefixtures("production")
def test_a_calibrated_slot_stores_at_least_the_floor_and_unlocks(tmp_path: Path) -> None:
    slots, key, _ = KeySlots.create("dsl", "first password here")
    path = tmp_path / "casebook.db.keys"
    save_keyslots(path, slots)
    stored = [KdfCost(**s.cost) for s in load_keyslots(path).slots if s.kind == "password"]
    assert len(stored) == 1
    floor = keyslots.PRODUCTION_COST
    assert stored[0].iterations >= floor.iterations
    assert (stored[0].memory_kib, stored[0].lanes) == (floor.memory_kib, floor.lanes)
    assert load_keyslots(path).unlock_with_password("dsl", "first password here") == key


def test_slots_made_at_another_cost_still_unlock() -> None:
    # The cost lives in each slot: one made before calibration (or on another laptop) opens.
    slots, key, _ = KeySlots.create("dsl", "first password here")
    slots.add_password("deputy", "second password here", key, cost=KdfCost(2, 1, 1024))
    reloaded = KeySlots.from_bytes(slots.to_bytes())
    assert reloaded.unlock_with_password("deputy", "second password here") == key
    assert reloaded.unlock_with_password("dsl", "first password here") == key


def test_key_slots_load_without_sqlalchemy_or_qt() -> None:
    # Sign-in derives the key while those are still loading on another thread.
    script = (
        "import sys\n"
        "import app.security.keyslots\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'PySide6'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
