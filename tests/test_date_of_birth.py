"""A date of birth must be one a pupil can have: one rule, in the wizard and in Amend."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest

from app import dates
from app.errors import InvalidInput
from app.models import YoungPerson
from app.services import cases
from app.services.workspace import Workspace
from app.wizard import spec
from app.wizard.validate import check_page, context_for, errors
from tests.helpers.wizard_pages import experimental_in_school

# The incident came to light on 1 June 2025 in every test below.
INCIDENT = datetime(2025, 6, 1, 10, 0)


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (date(1, 1, 1), "makes them 2024, older than any pupil"),
        (date(1900, 1, 1), "makes them 125, older than any pupil"),
        (date(1999, 6, 1), "makes them 26, older than any pupil"),
        (date(2023, 1, 1), "makes them 2"),
        (date(2025, 6, 2), "is after the incident"),
    ],
)
def test_the_rule_refuses_dates_no_pupil_can_have(dob: date, expected: str) -> None:
    assert dates.pupil_birth_problem(dob, INCIDENT.date()) == expected


@pytest.mark.parametrize(
    "dob", [date(2000, 6, 1), date(2010, 2, 28), date(2022, 6, 1), date(2022, 5, 31)]
)
def test_the_rule_accepts_ages_3_to_25(dob: date) -> None:
    assert dates.pupil_birth_problem(dob, INCIDENT.date()) is None


def _incident_page_errors(dob: str) -> list[str]:
    pages = experimental_in_school()
    pages["incident"]["came_to_light_at"] = INCIDENT.strftime("%d/%m/%Y %H:%M")
    pages["incident"]["young_people"][1]["date_of_birth"] = dob
    problems = check_page(spec.load().page("incident"), pages["incident"], context_for(pages))
    return [p.message for p in errors(problems) if p.path == "young_people.1.date_of_birth"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01/01/0001", "Łukasz Nowak: this date of birth makes them 2024, older than any pupil."),
        ("01/01/1950", "Łukasz Nowak: this date of birth makes them 75, older than any pupil."),
        ("02/06/2025", "Łukasz Nowak: this date of birth is after the incident."),
    ],
)
def test_the_wizard_stops_next_on_a_date_of_birth_no_pupil_can_have(
    typed: str, expected: str
) -> None:
    assert _incident_page_errors(typed) == [f"{expected} Check it."]


@pytest.mark.parametrize("typed", ["01/06/2000", "15/09/2010", "01/06/2022"])
def test_the_wizard_takes_a_pupils_date_of_birth(typed: str) -> None:
    assert _incident_page_errors(typed) == []


def _files(folder: Path) -> dict[str, str]:
    """Every file's hash; not SQLite's -shm, an index of the WAL that any read updates."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith("-shm")
    }


@pytest.fixture
def opened_child(ws: Workspace) -> tuple[int, int]:
    case = cases.create_case(ws)
    with ws.write() as s:
        s.get(type(case), case.id).came_to_light_at = INCIDENT  # type: ignore[union-attr]
        child = YoungPerson(case_id=case.id, name="Jo Bloggs", roles=[], date_of_birth=None)
        s.add(child)
        s.flush()
        child_id = child.id
    cases.open_case(ws, case.id)
    return case.id, child_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(1, 1, 1), "check the year"),  # before 1900: not a date in a school's record
        ("01/01/0001", "check the year"),
        ("01/01/1901", "makes them 124, older than any pupil"),
        (date(1990, 1, 1), "makes them 35, older than any pupil"),
        ("01/01/2024", "makes them 1"),
        (date(2025, 6, 2), "is after the incident"),
    ],
)
def test_amend_refuses_a_date_of_birth_no_pupil_can_have_and_changes_nothing(
    ws: Workspace, opened_child: tuple[int, int], value: object, expected: str
) -> None:
    case_id, child_id = opened_child
    folder = ws.path.parent
    before = _files(folder)
    with pytest.raises(InvalidInput, match=expected) as refused:
        cases.amend(ws, case_id, "young_people", child_id, "date_of_birth", value, "typo")
    assert "Jo Bloggs" not in str(refused.value)
    assert _files(folder) == before
    assert cases.case_history(ws, case_id) == []


def test_amend_takes_a_pupils_date_of_birth(ws: Workspace, opened_child: tuple[int, int]) -> None:
    case_id, child_id = opened_child
    cases.amend(ws, case_id, "young_people", child_id, "date_of_birth", "14/02/2011", "typo")
    with ws.read() as s:
        assert s.get(YoungPerson, child_id).date_of_birth == date(2011, 2, 14)  # type: ignore[union-attr]
