"""A training database: a new database, marked as practice data, filled with fictional cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.services import settings as settings_service
from app.services.workspace import Workspace, create_database
from app.training.cases import populate


def create_training_database(
    path: Path, username: str, password: str, cases: int, as_of: date | None = None
) -> tuple[Workspace, str]:
    ws, recovery = create_database(
        path, username, password, display_name=username, school_name="Casebook Training School"
    )
    mark_as_training(ws)
    with ws.write() as s:
        settings_service.write(s, "mash_contact", "MASH (training): 0300 000 0000")
    populate(ws, cases, as_of or date.today())
    return ws, recovery


def mark_as_training(ws: Workspace) -> None:
    """Mark a database as practice data: every screen and printed page then says so."""
    with ws.write() as s:
        settings_service.write(s, "training", "1")
