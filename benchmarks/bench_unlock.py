"""Signing in: unlocking a database whose key slot has the production key cost."""

from __future__ import annotations

import statistics

from app.keyslots import load_keyslots
from app.paths import keyslots_path
from app.services.workspace import Workspace, unlock
from benchmarks.fixtures import Fixtures
from benchmarks.registry import Measurement, benchmark, time_calls


def _close(ws: Workspace) -> None:
    ws.close()


@benchmark("unlock_s", unit="s", target=0.6)
def unlock_production_cost(fx: Fixtures) -> Measurement:
    """workspace.unlock end to end: key derivation, SQLCipher open, migration check, audit."""
    path, username, password = fx.production_database()
    samples = time_calls(
        lambda: unlock(path, username, password), repeats=5, warmup=1, unit="s", after=_close
    )
    # For context: how much of that is the Argon2id key derivation alone.
    slots = load_keyslots(keyslots_path(path))
    kdf = time_calls(
        lambda: slots.unlock_with_password(username, password), repeats=3, warmup=0, unit="s"
    )
    note = f"Argon2id key derivation alone: {statistics.median(kdf):.3f} s"
    return Measurement.median_of(samples, note=note)
