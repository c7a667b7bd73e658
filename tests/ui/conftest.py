"""UI tests run headless with cheap key derivation, against real SQLCipher files."""

from __future__ import annotations

import os

# Before Qt or the key code is imported: no display needed, and Argon2 stays fast.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["CASEBOOK_KDF"] = "fast"

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.services import workspace  # noqa: E402
from app.services.workspace import Workspace  # noqa: E402
from tests.ui.support import DISPLAY_NAME, PASSWORD, SCHOOL, USERNAME  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school" / "casebook.db"


@pytest.fixture
def make_db(db_path: Path) -> Callable[..., str]:
    """Create a database (closed again) and return its recovery key."""

    def make(display_name: str = DISPLAY_NAME, school_name: str = SCHOOL) -> str:
        ws, recovery = workspace.create_database(
            db_path, USERNAME, PASSWORD, display_name, school_name
        )
        ws.close()
        return recovery

    return make


@pytest.fixture
def opened() -> Iterator[list[Workspace]]:
    """Workspaces a test opens, closed at the end whatever happens."""
    found: list[Workspace] = []
    yield found
    for ws in found:
        ws.close()
