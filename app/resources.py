"""Bundled data files (`resources/` at the top of the project).

Questions, guidance and word lists live there as data, so a school can adapt
them without touching code. When frozen by PyInstaller they sit under the
bundle's own folder.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def path(name: str) -> Path:
    return resources_dir() / name


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


def load_json(name: str) -> Any:
    import json  # here: the first window reads no data file

    return json.loads(read_text(name))
