"""Shared fixtures: real SQLCipher files in tmp_path, never the user's own data."""

from __future__ import annotations

import os

# Before any Qt or app import: no screen in CI, and a cheap key derivation
# (the cost is stored in each key slot, so this only affects test databases).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["CASEBOOK_KDF"] = "fast"

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.services.workspace import Workspace, create_database  # noqa: E402

PASSWORD = "correct horse battery"
DSL = "dsl"


@pytest.fixture(autouse=True)
def _isolated_data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the real per-user data folder."""
    monkeypatch.setenv("CASEBOOK_DB", str(tmp_path / "default" / "casebook.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school" / "casebook.db"


@pytest.fixture
def created(db_path: Path) -> Iterator[tuple[Workspace, str]]:
    """A new database with one DSL account; yields it and its recovery key."""
    ws, recovery = create_database(db_path, DSL, PASSWORD, "Ann O'Neill", "St Aidan's")
    yield ws, recovery
    ws.close()


@pytest.fixture
def ws(created: tuple[Workspace, str]) -> Workspace:
    return created[0]


def all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without Python's final clean-up once pytest has reported.

    Qt objects destroyed during interpreter shutdown can crash PySide6 *after*
    every test has passed and the summary is printed, turning a green run red.
    The results are final by now, so end the process with pytest's own status.
    """
    import sys

    status = getattr(config, "_casebook_exitstatus", None)
    if status is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(status))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config._casebook_exitstatus = exitstatus  # type: ignore[attr-defined]
