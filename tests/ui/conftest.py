"""UI tests run headless with cheap key derivation, against real SQLCipher files.

The hermetic environment (offscreen Qt, fast keys, bundled fonts only, UTC or
the run's zone) is set by tests/conftest.py before anything is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.services import workspace
from app.services.workspace import Workspace
from tests.conftest import copy_database
from tests.helpers.ui import DISPLAY_NAME, PASSWORD, SCHOOL, USERNAME


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school" / "casebook.db"


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The usual UI database (path, recovery key), made once and closed; tests get copies."""
    path = tmp_path_factory.mktemp("ui-template") / "casebook.db"
    ws, recovery = workspace.create_database(path, USERNAME, PASSWORD, DISPLAY_NAME, SCHOOL)
    ws.close()
    return path, recovery


@pytest.fixture
def make_db(db_path: Path, ui_template: tuple[Path, str]) -> Callable[..., str]:
    """Create a database (closed again) and return its recovery key."""

    def make(display_name: str = DISPLAY_NAME, school_name: str = SCHOOL) -> str:
        if (display_name, school_name) == (DISPLAY_NAME, SCHOOL):
            template, recovery = ui_template
            copy_database(template, db_path)
            return recovery
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
