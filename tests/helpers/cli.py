"""Running `casebook` as IT staff would: a fresh process, from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def casebook(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS` with the test key cost; its output as text."""
    env = {**os.environ, "CASEBOOK_KDF": "fast", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
