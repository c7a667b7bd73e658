"""Casebook's side of each figure, run as `python -m benchmarks.probes.<name>` in a
fresh process: each prints one JSON line with what it timed. Passwords come on
stdin, never in arguments."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.workspace import Workspace


def signed_in_as_in_the_window(db: Path, username: str, password: str) -> Workspace:
    """Signed in as a DSL is in Casebook's window: by then its warm-up has loaded the
    workspace and the models and left them out of the cycle collector
    (app.ui.app.warm_up)."""
    from app.long_lived import freeze_loaded
    from app.services.workspace import unlock

    freeze_loaded()
    return unlock(db, username, password)
