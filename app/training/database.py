"""A training database: a new database, marked as practice data, filled with fictional cases."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from app.models import CaseStatus
from app.services import cases, dashboard
from app.services import settings as settings_service
from app.services.dashboard import CaseRow
from app.services.workspace import Workspace, create_database
from app.training.cases import populate


def create_training_database(
    path: Path,
    username: str,
    password: str,
    cases: int,
    as_of: date | None = None,
    display_name: str | None = None,
) -> tuple[Workspace, str]:
    ws, recovery = create_database(
        path,
        username,
        password,
        display_name=display_name or username,
        school_name="Casebook Training School",
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


def age_past_retention(ws: Workspace, n: int = 2) -> list[CaseRow]:
    """Make `n` closed training cases reach their retention date (for the retention
    screens): each becomes a disclosure of an old incident, amended. The incident
    came to light on 1 May 2005 and its young people were born on 1 May 1990, so
    each was 15 then, as a pupil can be (`app.dates.pupil_birth_problem`)."""
    closed = [r for r in dashboard.case_rows(ws) if r.status == CaseStatus.CLOSED][:n]
    for row in closed:
        cases.amend(
            ws,
            row.id,
            "cases",
            row.id,
            "came_to_light_at",
            datetime(2005, 5, 1, 10, 0),
            "Training data: an old record",
        )
        for person in cases.load_case(ws, row.id, audit_view=False).rows("young_people"):
            cases.amend(
                ws,
                row.id,
                "young_people",
                person.id,
                "date_of_birth",
                date(1990, 5, 1),
                "Training data: an old record",
            )
    return closed
