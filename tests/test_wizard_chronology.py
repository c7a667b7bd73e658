"""Dates and times in the wizard's record: a day without a time, events before the
incident came to light, and what the chronology then shows."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app import dates
from app.record import chronology
from app.services import cases, incident
from app.services.workspace import Workspace
from app.wizard import spec, summary
from app.wizard.validate import check_page, context_for, errors
from tests.helpers.wizard_pages import experimental_in_school

DAY = (datetime.now() - timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)


def uk(moment: datetime, *, time: bool = True) -> str:
    return moment.strftime("%d/%m/%Y %H:%M" if time else "%d/%m/%Y")


@pytest.mark.parametrize(
    "typed",
    [uk(DAY, time=False), DAY.strftime("%Y-%m-%d"), f"{uk(DAY, time=False)}, time not known"],
)
def test_a_day_without_a_time_is_kept_and_printed_as_time_not_known(typed: str) -> None:
    when = dates.parse_datetime(typed)
    assert when is not None and when.date() == DAY.date()
    assert not dates.time_known(when)
    printed = dates.format_datetime(when)
    assert printed == f"{uk(DAY, time=False)}, time not known"
    assert "00:00" not in printed
    assert dates.parse_datetime(printed) == when  # what is printed reads back (Amend)


def test_real_times_are_unchanged_and_bad_days_still_refused() -> None:
    at_nine = dates.parse_datetime(uk(DAY.replace(hour=9)))
    assert at_nine is not None and dates.time_known(at_nine)
    assert dates.format_datetime(at_nine).endswith("09:00")
    for bad in ("31/02/2025", "tomorrow", "14/03/2025 25:00"):
        with pytest.raises(ValueError):
            dates.parse_datetime(bad)


def test_today_without_a_time_is_not_in_the_future() -> None:
    pages = experimental_in_school()
    pages["incident"]["came_to_light_at"] = uk(datetime.now(), time=False)
    early = datetime.now().replace(hour=0, minute=5)  # before midday, where such a day sits
    page = spec.load().page("incident")
    assert errors(check_page(page, pages["incident"], context_for(pages, early))) == []


def test_an_event_before_it_came_to_light_gets_a_note_that_does_not_block() -> None:
    pages = experimental_in_school()
    pages["incident"]["came_to_light_at"] = uk(DAY.replace(hour=14))
    pages["initial_review"]["held_at"] = uk(DAY.replace(hour=9))  # five hours before
    page = spec.load().page("initial_review")
    problems = check_page(page, pages["initial_review"], context_for(pages))
    assert errors(problems) == []
    notes = [p for p in problems if p.path == "held_at"]
    assert len(notes) == 1 and notes[0].severity == "note"
    assert notes[0].message == (
        "When did the review meet?: this is before the incident came to light "
        f"({uk(DAY.replace(hour=14))}). Check both; if it really happened first, "
        "say so in the notes."
    )
    # Inside a record per child too, and the same day with no time known is not "before".
    pages["conversations"]["conversations"]["a1"]["held_at"] = uk(DAY - timedelta(days=1))
    pages["initial_review"]["held_at"] = uk(DAY.replace(hour=16))
    pages["incident"]["came_to_light_at"] = uk(DAY, time=False)
    conv = check_page(spec.load().page("conversations"), pages["conversations"], context_for(pages))
    assert [p.path for p in conv if "came to light" in p.message] == ["conversations.a1.held_at"]
    review = check_page(page, pages["initial_review"], context_for(pages))
    assert not [p for p in review if "came to light" in p.message]


def test_finish_keeps_time_not_known_and_the_chronology_does_not_put_it_first(
    ws: Workspace,
) -> None:
    pages = experimental_in_school()
    pages["incident"]["came_to_light_at"] = uk(DAY, time=False)
    pages["initial_review"]["held_at"] = uk(DAY.replace(hour=15))
    draft = cases.create_case(ws)
    for page_id, values in pages.items():
        cases.save_draft_page(ws, draft.id, page_id, values)
    record = cases.load_case(ws, incident.finish(ws, draft.id))
    assert not dates.time_known(record.case.came_to_light_at)
    lines = [(dates.format_datetime(e.happened_at), e.text) for e in chronology.timeline(record)]
    came = next(line for line in lines if line[1] == "Came to light.")
    assert came[0] == f"{uk(DAY, time=False)}, time not known"
    # Only the DSL's own dates: lines stamped as the record was made carry the clock's
    # time, which is 00:00 if the suite runs at midnight.
    on_the_day = [when for when, _ in lines if when.startswith(uk(DAY, time=False))]
    assert len(on_the_day) >= 2
    assert not any("00:00" in when for when in on_the_day)
    texts = [text for _, text in lines]
    assert texts.index("Came to light.") < texts.index("Initial review meeting held.")


def test_the_summary_page_says_when_a_time_is_not_known() -> None:

    field = spec.load().page("incident").field("came_to_light_at")
    assert summary.display(field, uk(DAY, time=False)) == f"{uk(DAY, time=False)}, time not known"
    assert summary.display(field, uk(DAY.replace(hour=9))) == uk(DAY.replace(hour=9))
    assert summary.display(field, "31/02/2025") == "31/02/2025"
