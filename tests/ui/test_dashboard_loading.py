"""The dashboard's first read: the top of the list at once, every case soon after.

The second part of the read is held back (it waits on an event) so that the
first screenful can be looked at, and typed into, before the rest arrives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from app.services import dashboard
from app.services.dashboard import CaseRow
from app.services.workspace import Workspace
from app.ui.dashboard import DashboardWidget, loader
from app.ui.qt import Qt
from tests.helpers.dashboard import case_table, search_box, shown, today_items
from tests.helpers.ui import label_named
from tests.ui.test_dashboard import DEMO_CASES, demo_template, demo_ws, shown_references

__all__ = ["demo_template", "demo_ws"]  # fixtures used here

HEAD = 5
every_case = dashboard.case_rows  # as it is before the fixture holds it back


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The whole list is read only once the event is set; the first screenful is HEAD rows."""
    release = threading.Event()

    def after_release(ws: Workspace, today: date | None = None) -> list[CaseRow]:
        release.wait(20)
        return every_case(ws, today)

    monkeypatch.setattr(loader, "FIRST_ROWS", HEAD)
    monkeypatch.setattr(loader.dashboard, "case_rows", after_release)
    yield release
    release.set()


@pytest.fixture
def first_screen(
    qtbot: QtBot, demo_ws: Workspace, held_back: threading.Event
) -> Iterator[Callable[[], DashboardWidget]]:
    made: list[DashboardWidget] = []

    def make() -> DashboardWidget:
        dash = DashboardWidget(demo_ws)
        qtbot.addWidget(dash)
        made.append(dash)
        with qtbot.waitSignal(dash.head_shown, timeout=20_000):
            dash.resize(1366, 768)
            dash.show()
        return dash

    yield make
    held_back.set()
    for dash in made:
        dash.wait_idle()


def test_the_top_of_the_list_shows_before_the_rest_and_then_every_case(
    qtbot: QtBot,
    demo_ws: Workspace,
    held_back: threading.Event,
    first_screen: Callable[[], DashboardWidget],
) -> None:
    every = every_case(demo_ws)
    dash = first_screen()
    assert shown_references(dash) == [r.reference for r in every[:HEAD]]
    assert (
        label_named(dash, "Cases shown", visible=False).text()
        == f"{DEMO_CASES} cases; reading the rest…"
    )
    assert dash.is_loading()
    assert not dash.empty_label.isVisible()
    # Then the Today panel, whole, while the rest of the list is still to come.
    due = dashboard.today_items(demo_ws)
    assert due
    qtbot.waitUntil(lambda: today_items(dash).items == due, timeout=20_000)
    assert dash.is_loading()
    assert dash.today_counts() == (
        sum(i.kind in ("review", "parents") for i in due),
        sum(i.kind == "action" for i in due),
        sum(i.kind == "draft" for i in due),
    )

    with qtbot.waitSignal(dash.loaded, timeout=20_000):
        held_back.set()
    assert shown_references(dash) == [r.reference for r in every]
    assert label_named(dash, "Cases shown", visible=False).text() == f"{DEMO_CASES} cases"


def test_a_search_typed_before_the_rest_arrives_finds_cases_from_all_of_it(
    qtbot: QtBot,
    demo_ws: Workspace,
    held_back: threading.Event,
    first_screen: Callable[[], DashboardWidget],
) -> None:
    every = every_case(demo_ws)
    # Not in the first screenful; a surname QTest can type (it aborts on some letters).
    target = next(
        r for r in every[HEAD:] if r.young_people and r.young_people[0].split()[-1].isascii()
    )
    surname = target.young_people[0].split()[-1]
    dash = first_screen()
    qtbot.keyClicks(search_box(dash), surname)
    assert target.reference not in shown_references(dash)
    assert "No case matches" not in dash.empty_label.text()  # nothing said too soon

    with qtbot.waitSignal(dash.loaded, timeout=20_000):
        held_back.set()
    assert target.reference in shown_references(dash)
    assert label_named(dash, "Cases shown", visible=False).text().startswith("Showing ")


def test_a_refresh_keeps_the_whole_list_on_screen_while_it_reads(
    qtbot: QtBot,
    demo_ws: Workspace,
    held_back: threading.Event,
    first_screen: Callable[[], DashboardWidget],
) -> None:
    dash = first_screen()
    with qtbot.waitSignal(dash.loaded, timeout=20_000):
        held_back.set()
    held_back.clear()  # the refresh's read now waits
    dash.refresh()
    qtbot.wait(50)
    assert shown(dash).rowCount() == DEMO_CASES
    with qtbot.waitSignal(dash.loaded, timeout=20_000):
        held_back.set()
    assert shown(dash).rowCount() == DEMO_CASES


def test_a_sort_chosen_on_the_first_screenful_holds_for_every_case(
    qtbot: QtBot,
    demo_ws: Workspace,
    held_back: threading.Event,
    first_screen: Callable[[], DashboardWidget],
) -> None:
    dash = first_screen()
    case_table(dash).sortByColumn(0, Qt.SortOrder.DescendingOrder)
    with qtbot.waitSignal(dash.loaded, timeout=20_000):
        held_back.set()
    shown = shown_references(dash)
    assert len(shown) == DEMO_CASES
    assert shown == sorted(shown, key=lambda ref: (len(ref), ref), reverse=True)
