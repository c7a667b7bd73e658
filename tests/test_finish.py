"""Finish keeps every answer as given, and only the answers the pages show."""

from __future__ import annotations

from typing import Any

import pytest

from app.errors import InvalidInput
from app.models import Answer
from app.services import cases, incident
from app.services.workspace import Workspace
from app.wizard import example


def _draft(ws: Workspace, change: dict[str, dict[str, Any]] | None = None) -> int:
    case_id = cases.create_case(ws).id
    pages = example.demo_pages()
    for page, values in (change or {}).items():
        pages[page] = pages.get(page, {}) | values
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values)
    return case_id


def test_answers_hidden_by_branching_reach_neither_the_record_nor_the_stored_draft(
    ws: Workspace,
) -> None:
    """The DSL typed police details, then answered 'not reported': those details go."""
    case_id = _draft(
        ws, {"police": {"reported": "no", "force": "Typed then abandoned", "officer": "PC Hidden"}}
    )
    assert cases.draft_pages(ws, case_id)["police"]["force"] == "Typed then abandoned"
    reference = incident.finish(ws, case_id)
    record = cases.load_case(ws, reference)
    police = record.rows("police_contacts")[0]
    assert (police.reported, police.force, police.officer) == (False, None, None)
    kept = cases.draft_pages(ws, case_id)["police"]
    assert "force" not in kept and "officer" not in kept
    assert kept["reason"] == example.demo_pages()["police"]["reason"]


def test_not_known_about_an_adult_is_stored_as_not_known(ws: Workspace) -> None:
    case_id = _draft(
        ws,
        {
            "incident": {
                "adults_involved": "not_known",
                "adults_involved_details": "An account that may be an adult's.",
            }
        },
    )
    reference = incident.finish(ws, case_id)
    case = cases.load_case(ws, reference).case
    assert case.adults_involved == Answer.NOT_KNOWN
    assert case.adults_involved_details == "An account that may be an adult's."


def test_an_answer_saved_in_an_older_shape_stops_finish_and_writes_nothing(
    ws: Workspace,
) -> None:
    case_id = _draft(ws, {"incident": {"summary": ["a list", "from an older format"]}})
    with pytest.raises(incident.IncompleteCase) as refused:
        incident.finish(ws, case_id)
    [problem] = refused.value.problems["incident"]
    assert problem.path == "summary"
    assert problem.message.endswith(": give this answer again.")
    assert cases.load_case(ws, case_id).case.status.value == "draft"
    assert cases.draft_pages(ws, case_id)["incident"]["summary"] == [
        "a list",
        "from an older format",
    ]


def test_a_discarded_draft_cannot_be_opened(ws: Workspace) -> None:
    case_id = _draft(ws)
    reference = cases.discard_draft(ws, case_id, "Started by mistake")
    with pytest.raises(InvalidInput, match=f"Case {reference} was discarded"):
        incident.finish(ws, case_id)
