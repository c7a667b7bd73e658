"""The audit trail as the DSL reads it: every entry, the chain verdict, DSL only."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.errors import InvalidInput, NotAllowed
from app.printing import log_output
from app.services import accounts, audit, cases
from app.services.audit import AuditLine
from app.services.audit_view import TrailFilter, audit_trail, date_range, filtered, trail_report
from app.services.workspace import Workspace, unlock
from tests.conftest import DSL, DSL_NAME
from tests.test_audit import _drop_guards, _raw


def _viewed_and_printed(ws: Workspace) -> str:
    case = cases.create_case(ws)
    cases.load_case(ws, case.id)
    log_output(ws, case.reference, purpose="printed")
    log_output(ws, case.reference, purpose="exported")
    return case.reference


def test_the_dsl_sees_every_entry_and_a_sound_chain(ws: Workspace) -> None:
    reference = _viewed_and_printed(ws)
    lines, chain = audit_trail(ws)
    assert chain.sound and chain.entries == len(lines)
    assert lines[0].action == audit.Action.CREATED and lines[0].target == audit.DATABASE_TARGET
    mine = [(line.actor, line.action) for line in lines if line.target == reference]
    assert mine == [("dsl", "created"), ("dsl", "viewed"), ("dsl", "printed"), ("dsl", "exported")]
    assert all(line.at.endswith("+00:00") for line in lines)  # stored in UTC


def test_one_case_only_but_the_chain_is_always_checked_whole(ws: Workspace) -> None:
    reference = _viewed_and_printed(ws)
    other = cases.create_case(ws).reference
    lines, chain = audit_trail(ws, reference)
    assert {line.target for line in lines} == {reference}
    assert other not in {line.target for line in lines}
    assert chain.entries > len(lines) and chain.sound


def test_a_tampered_trail_is_reported(ws: Workspace) -> None:
    _viewed_and_printed(ws)
    _drop_guards(ws)
    _raw(ws, "UPDATE audit_log SET actor = 'someone-else' WHERE id = 3")
    lines, chain = audit_trail(ws)
    assert not chain.sound
    assert any("entry 3 has been changed" in p for p in chain.problems)
    assert lines[2].actor == "someone-else"  # shown as it is now, with the verdict beside it


def test_only_the_dsl_may_read_the_trail(ws: Workspace, db_path: Path) -> None:
    accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")
    ws.close()
    deputy = unlock(db_path, "deputy", "a long secret phrase")
    try:
        with pytest.raises(NotAllowed, match="Only the DSL"):
            audit_trail(deputy)
    finally:
        deputy.close()


def test_reading_the_trail_writes_nothing(ws: Workspace) -> None:
    _viewed_and_printed(ws)
    before = audit_trail(ws)[1].entries
    audit_trail(ws)
    assert audit_trail(ws)[1].entries == before


# -- the filters, a range of days among them -----------------------------------------


def _at(year: int, month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0) -> str:
    """A stored (UTC) time for a moment of the DSL's local day, whatever the zone."""
    local = datetime(year, month, day, hour, minute, second).astimezone()
    return local.astimezone(UTC).isoformat(timespec="microseconds")


def _line(
    at: str, actor: str = "dsl", action: str = "viewed", target: str = "2026-0001"
) -> AuditLine:
    return AuditLine(at, actor, action, target, "")


# One entry at the first and one at the last second of each of three local days.
DAYS = [
    _line(_at(2026, 3, 1, 0, 0, 0), target="2026-0001"),
    _line(_at(2026, 3, 1, 23, 59, 59), actor="deputy", target="2026-0002"),
    _line(_at(2026, 3, 2, 0, 0, 0), action="printed", target="2026-0001"),
    _line(_at(2026, 3, 2, 23, 59, 59), target=audit.DATABASE_TARGET, action="signed-in"),
    _line(_at(2026, 3, 3, 0, 0, 0), actor="deputy", target="2026-0012"),
    _line(_at(2026, 3, 3, 23, 59, 59), action="printed", target="2026-0012"),
]


def _chosen(chosen: TrailFilter) -> list[int]:
    return [DAYS.index(line) for line in filtered(DAYS, chosen)]


@pytest.mark.parametrize(
    "from_text,to_text,expected",
    [
        ("", "", [0, 1, 2, 3, 4, 5]),  # both ends open
        ("02/03/2026", "02/03/2026", [2, 3]),  # one day: its first and last second
        ("02/03/2026", "", [2, 3, 4, 5]),  # open end
        ("", "02/03/2026", [0, 1, 2, 3]),  # open start
        ("01/03/2026", "03/03/2026", [0, 1, 2, 3, 4, 5]),  # both days included
        ("2026-03-02", "3.3.2026", [2, 3, 4, 5]),  # the other ways the app reads dates
        ("04/03/2026", "", []),
        ("", "28/02/2026", []),
    ],
)
def test_a_range_of_local_days_includes_both_ends(
    from_text: str, to_text: str, expected: list[int]
) -> None:
    start, end = date_range(from_text, to_text)
    assert _chosen(TrailFilter(start=start, end=end)) == expected


def test_the_range_is_combined_with_the_other_filters() -> None:
    start, end = date_range("02/03/2026", "")
    assert _chosen(TrailFilter(start=start, end=end, action="printed")) == [2, 5]
    assert _chosen(TrailFilter(start=start, end=end, actor="deputy")) == [4]
    assert _chosen(TrailFilter(start=start, end=end, case_text=" 2026-0012 ")) == [4, 5]
    assert _chosen(TrailFilter(start=start, end=end, case_text="whole")) == [3]
    assert _chosen(TrailFilter(start=start, end=end, case_text="0001")) == [2]


def test_an_entry_whose_time_cannot_be_read_is_left_out_of_a_range_only() -> None:
    odd = [_line("not a time"), *DAYS]
    assert filtered(odd, TrailFilter()) == odd
    start, end = date_range("01/03/2026", "03/03/2026")
    assert filtered(odd, TrailFilter(start=start, end=end)) == DAYS


@pytest.mark.parametrize(
    "from_text,to_text,message",
    [
        ("31/02/2025", "", "From: 31/02/2025 is not a real date. Check the day and the month."),
        ("", "31/04/2026", "To: 31/04/2026 is not a real date. Check the day and the month."),
        ("last week", "", "From: enter a date as DD/MM/YYYY, for example 24/11/2026."),
        ("", "1/3/26", "To: 1/3/26 is not a real date. Write the year in full, for example 2026."),
        ("03/2026", "", "From: enter a date as DD/MM/YYYY, for example 24/11/2026."),
        (
            "01/03/0026",
            "",
            "From: 01/03/0026 is not a real date. Write the year in full, for example 2026.",
        ),
        (
            "05/03/2026",
            "01/03/2026",
            "The From date, 05/03/2026, is after the To date, 01/03/2026. Swap them, or clear "
            "one to leave that end open.",
        ),
    ],
)
def test_a_bad_date_says_what_is_wrong(from_text: str, to_text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        date_range(from_text, to_text)
    assert str(caught.value) == message


def test_text_that_is_not_a_date_is_never_repeated_in_the_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        date_range("Anna Nowak", "")
    assert "Anna" not in str(caught.value)


def test_the_filter_in_words_names_staff_and_references_only() -> None:
    names = {"deputy": "Dee Puty (deputy)"}
    start, end = date_range("01/03/2026", "31/03/2026")
    chosen = TrailFilter("2026-0012", "deputy", "printed", start, end)
    assert chosen.describe(names) == (
        "case 2026-0012; who: Dee Puty (deputy); what: Printed; from 01/03/2026 to 31/03/2026"
    )
    day = date_range("02/03/2026", "02/03/2026")
    assert TrailFilter(start=day[0], end=day[1]).describe() == "on 02/03/2026"
    assert TrailFilter(start=start).describe() == "from 01/03/2026 on"
    assert TrailFilter(end=end).describe() == "up to 31/03/2026"
    assert TrailFilter().describe() == "none, every entry"
    assert TrailFilter(case_text="Whole database").describe() == "case Whole database"
    # A received file's reference prints too.
    assert TrailFilter(case_text="RF-3fa09c1b22de").describe() == "case RF-3fa09c1b22de"
    # A name typed in the case box by mistake is never written down.
    with pytest.raises(InvalidInput, match="not a case reference"):
        TrailFilter(case_text="Anna Nowak").describe()
    with pytest.raises(InvalidInput, match="not a case reference"):
        TrailFilter(case_text="RF-Jo Smith").describe()  # not hex: could be a name


def test_the_report_holds_the_filtered_rows_newest_first_and_the_check(ws: Workspace) -> None:
    reference = _viewed_and_printed(ws)
    with ws.write() as s:
        audit.append(s, "dsl", audit.Action.VIEWED, reference, "", at=_at(2020, 1, 2))
    report = trail_report(ws, TrailFilter(case_text=reference))
    assert [r.what for r in report.rows] == ["Viewed", "Exported", "Printed", "Viewed", "Created"]
    assert report.rows[0].when == "02/01/2020 12:00:00"
    assert {r.who for r in report.rows} == {f"{DSL_NAME} ({DSL})"}
    assert report.total == audit_trail(ws)[1].entries and report.chain_sound
    assert report.filter_text == f"case {reference}"
    start, end = date_range("01/01/2020", "31/12/2020")
    assert [r.when for r in trail_report(ws, TrailFilter(start=start, end=end)).rows] == [
        "02/01/2020 12:00:00"
    ]


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The school's own zone, with British Summer Time, for one test."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_day_is_the_schools_local_day_in_summer_time(london: None) -> None:
    # 23:30 UTC on 31 March 2025 is 00:30 BST on 1 April; 23:30 UTC in January is 23:30 GMT.
    late = [
        _line("2025-03-31T23:30:00.000000+00:00", target="2025-0001"),
        _line("2025-01-31T23:30:00.000000+00:00", target="2025-0002"),
    ]
    april = date_range("01/04/2025", "01/04/2025")
    january = date_range("31/01/2025", "31/01/2025")
    assert filtered(late, TrailFilter(start=april[0], end=april[1])) == late[:1]
    assert filtered(late, TrailFilter(start=january[0], end=january[1])) == late[1:]
