"""The dashboard on a demo database: Today, finding cases, filtering, opening them.

The fixtures here (`demo_ws`, `make_dashboard`) are shared by the case file and
admin tests, which import them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.models import CaseStatus, Pathway
from app.services import cases, dashboard, followup
from app.services.workspace import Workspace, unlock
from app.storage.paths import keyslots_path
from app.training import create_training_database
from app.ui.dashboard import DashboardWidget
from app.ui.dashboard.model import ALERT_ROLE, CaseFilter, accepted_ids
from app.ui.qt import QApplication, QKeySequence, Qt
from app.ui.widgets import apply_look
from tests.helpers.dashboard import (
    case_table,
    date_box,
    drop_down,
    every_case,
    search_box,
    shown,
    today_items,
    today_list,
)
from tests.helpers.ui import assert_accessible, button_named, label_named, words

DEMO_USER = "dsl"
DEMO_PASSWORD = "Fictional harbour passw0rd"
DEMO_CASES = 60
TODAY = date.today()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 60-case training database, built once and copied for each test."""
    path = tmp_path_factory.mktemp("demo") / "casebook.db"
    ws, _recovery = create_training_database(path, DEMO_USER, DEMO_PASSWORD, DEMO_CASES)
    ws.close()
    return path


@pytest.fixture
def demo_ws(demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    folder = tmp_path / "demo"
    folder.mkdir()
    path = folder / demo_template.name
    shutil.copy2(demo_template, path)
    shutil.copy2(keyslots_path(demo_template), keyslots_path(path))
    ws = unlock(path, DEMO_USER, DEMO_PASSWORD)
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def make_dashboard(qtbot: QtBot) -> Iterator[Callable[[Workspace], DashboardWidget]]:
    made: list[DashboardWidget] = []

    def make(ws: Workspace) -> DashboardWidget:
        dash = DashboardWidget(ws)
        qtbot.addWidget(dash)
        made.append(dash)
        dash.resize(1366, 768)
        dash.show()
        # The rows arrive from a worker through a queued signal: wait for them.
        with qtbot.waitSignal(dash.loaded, timeout=20_000):
            pass
        return dash

    yield make
    for dash in made:
        dash.wait_idle()  # no read may outlive the workspace


def reload(qtbot: QtBot, dash: DashboardWidget) -> None:
    with qtbot.waitSignal(dash.loaded, timeout=20_000):
        dash.refresh()


def shown_references(dash: DashboardWidget) -> list[str]:
    return [shown(dash).index(r, 0).data() for r in range(shown(dash).rowCount())]


def test_the_case_list_puts_open_and_monitoring_first_by_next_review(
    demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    rows = dashboard.case_rows(demo_ws)
    assert every_case(dash).rowCount() == len(rows) == DEMO_CASES
    assert shown_references(dash) == [r.reference for r in rows]
    statuses = [shown(dash).case_row(r).status for r in range(shown(dash).rowCount())]
    active = [s in (CaseStatus.OPEN, CaseStatus.MONITORING) for s in statuses]
    assert active == sorted(active, reverse=True)  # every active case before any other
    assert [every_case(dash).headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Reference",
        "Young people",
        "Opened",
        "Status",
        "Pathway",
        "Next review",
        "Open actions",
    ]
    assert label_named(dash, "Cases shown", visible=False).text() == f"{DEMO_CASES} cases"
    assert_accessible(dash)


def test_overdue_is_said_in_words_as_well_as_colour(
    demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    late = [
        r for r in range(shown(dash).rowCount()) if shown(dash).case_row(r).review_overdue(TODAY)
    ]
    assert late, "the demo has overdue reviews"
    for r in range(shown(dash).rowCount()):
        cell = shown(dash).index(r, 5)
        overdue = r in late
        assert cell.data().startswith("Overdue: ") == overdue
        assert bool(cell.data(ALERT_ROLE)) == overdue
        assert (cell.data(Qt.ItemDataRole.ForegroundRole) is not None) == overdue
        actions = shown(dash).index(r, 6)
        row = shown(dash).case_row(r)
        assert ("overdue" in actions.data()) == (row.overdue_actions > 0)


def test_find_a_case_by_name_and_by_reference(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    # A surname QTest can type (its keyClicks aborts on letters such as "Ö").
    target = next(
        r
        for r in dashboard.case_rows(demo_ws)
        if r.young_people and r.young_people[0].split()[-1].isascii()
    )
    surname = target.young_people[0].split()[-1]
    qtbot.keyClicks(search_box(dash), surname)
    found = shown_references(dash)
    assert target.reference in found
    assert all(
        any(surname.casefold() in n.casefold() for n in shown(dash).case_row(r).young_people)
        or surname.casefold() in shown(dash).case_row(r).search_text
        for r in range(shown(dash).rowCount())
    )
    assert (
        label_named(dash, "Cases shown", visible=False).text()
        == f"Showing {len(found)} of {DEMO_CASES} cases"
    )

    search_box(dash).clear()
    qtbot.keyClicks(search_box(dash), target.reference)
    assert shown_references(dash) == [target.reference]
    # Enter in the search box opens the only case found.
    with qtbot.waitSignal(
        dash.open_case if target.status != CaseStatus.DRAFT else dash.resume_draft
    ) as got:
        qtbot.keyClick(search_box(dash), Qt.Key.Key_Return)
    assert got.args == [target.id]


def test_accents_and_case_do_not_matter_and_old_words_find_new_ones(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    results = {}
    for word in ("sexting", "nudes", "semi-nudes"):
        search_box(dash).clear()
        qtbot.keyClicks(search_box(dash), word)
        results[word] = set(shown_references(dash))
    assert results["sexting"] == results["nudes"] == results["semi-nudes"]
    assert results["sexting"]
    rows = dashboard.case_rows(demo_ws)
    named = next(r for r in rows if any(not n.isascii() for n in r.young_people))
    accented = next(n for n in named.young_people if not n.isascii())
    search_box(dash).setText(accented.upper())
    assert named.reference in shown_references(dash)


@pytest.mark.parametrize(
    "query",
    ["", "sexting", "nudes image", "o'brien", "2025-", "zoe", "semi-nude group", "ZOË", "x y z"],
)
def test_the_filter_finds_exactly_what_dashboard_matches_finds(
    demo_ws: Workspace, query: str
) -> None:
    rows = dashboard.case_rows(demo_ws)
    ids = accepted_ids(rows, CaseFilter(query=query))
    expected = {
        r.id for r in rows if all(dashboard.word_test(w)(r.search_text) for w in query.split())
    }
    assert (ids if ids is not None else {r.id for r in rows}) == expected


def test_filters_by_status_pathway_year_group_and_dates(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    rows = dashboard.case_rows(demo_ws)

    def shown_rows() -> list[dashboard.CaseRow]:
        return [shown(dash).case_row(r) for r in range(shown(dash).rowCount())]

    drop_down(dash, "Status").setCurrentIndex(drop_down(dash, "Status").findText("Closed"))
    assert shown_rows() and all(r.status == CaseStatus.CLOSED for r in shown_rows())
    assert len(shown_rows()) == sum(r.status == CaseStatus.CLOSED for r in rows)

    drop_down(dash, "Pathway").setCurrentIndex(
        drop_down(dash, "Pathway").findData(Pathway.IN_SCHOOL.value)
    )
    assert all(r.pathway == Pathway.IN_SCHOOL for r in shown_rows())

    dash.clear_filters()
    assert shown(dash).rowCount() == len(rows)
    drop_down(dash, "Year group").setCurrentIndex(drop_down(dash, "Year group").findData("Year 9"))
    assert shown_rows() and all("Year 9" in r.year_groups for r in shown_rows())

    dash.clear_filters()
    opened = sorted(r.opened_on for r in rows if r.opened_on)
    start, end = opened[10], opened[30]
    qtbot.keyClicks(date_box(dash, "Opened from"), start.strftime("%d/%m/%Y"))
    qtbot.keyClicks(date_box(dash, "Opened to"), end.strftime("%d/%m/%Y"))
    within = shown_rows()
    assert within and all(r.opened_on and start <= r.opened_on <= end for r in within)
    assert len(within) == sum(1 for r in rows if r.opened_on and start <= r.opened_on <= end)

    # A date that is not one is said on the page, and the filter ignores it.
    date_box(dash, "Opened to").clear()
    qtbot.keyClicks(date_box(dash, "Opened to"), "31/02/2025")
    date_box(dash, "Opened to").editingFinished.emit()
    assert dash.filter_message.isVisible()
    # 31/02/2025 is written as a date: it is not a real one (this used to ask for
    # DD/MM/YYYY, the very format it was in).
    assert "Opened to: 31/02/2025 is not a real date." in dash.filter_message.text()
    assert "DD/MM/YYYY" not in dash.filter_message.text()
    assert dash.current_filter().opened_to is None


def test_no_match_says_so_calmly(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    qtbot.keyClicks(search_box(dash), "nobody-is-called-this")
    assert shown(dash).rowCount() == 0
    assert dash.empty_label.isVisible()
    assert "No case matches" in dash.empty_label.text()


def test_ctrl_f_focuses_search_and_enter_opens_the_selected_case(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    with qtbot.waitActive(dash):
        dash.activateWindow()
    case_table(dash).setFocus()
    qtbot.keySequence(dash, QKeySequence(QKeySequence.StandardKey.Find))
    assert QApplication.focusWidget() is search_box(dash)
    qtbot.keyClick(search_box(dash), Qt.Key.Key_Down)
    assert QApplication.focusWidget() is case_table(dash)
    qtbot.keyClick(case_table(dash), Qt.Key.Key_Down)
    row = shown(dash).case_row(case_table(dash).currentIndex().row())
    signal = dash.resume_draft if row.status == CaseStatus.DRAFT else dash.open_case
    with qtbot.waitSignal(signal) as got:
        qtbot.keyClick(case_table(dash), Qt.Key.Key_Return)
    assert got.args == [row.id]


def test_a_draft_in_the_list_resumes_rather_than_opens(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    drop_down(dash, "Status").setCurrentIndex(drop_down(dash, "Status").findText("Drafts"))
    assert shown(dash).rowCount() >= 1
    draft = shown(dash).case_row(0)
    with qtbot.waitSignal(dash.resume_draft) as got:
        case_table(dash).doubleClicked.emit(shown(dash).index(0, 0))
    assert got.args == [draft.id]


def test_today_shows_exactly_the_overdue_items(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    rows = dashboard.case_rows(demo_ws)
    model = today_items(dash)

    def overdue(kind: str) -> list[int]:
        return sorted(
            model.item(r).case_id
            for r in range(model.rowCount())
            if model.item(r).kind == kind and model.index(r, 0).data(ALERT_ROLE)
        )

    # Worked out independently, from the case rows.
    late_reviews = sorted(r.id for r in rows if r.review_overdue(TODAY))
    late_actions = sorted(
        r.id for r in rows if r.status != CaseStatus.CLOSED for _ in range(r.overdue_actions)
    )
    assert late_reviews and late_actions
    assert overdue("review") == late_reviews
    assert overdue("action") == late_actions
    for r in range(model.rowCount()):
        item = model.item(r)
        due = model.index(r, 0).data()
        assert due.startswith("Overdue: ") == item.overdue
        if item.kind == "draft":
            assert due == "To finish"
    reviews, actions, drafts = dash.today_counts()
    items = dashboard.today_items(demo_ws)
    assert reviews == sum(i.kind in ("review", "parents") for i in items)
    assert actions == sum(i.kind == "action" for i in items)
    assert drafts == sum(i.kind == "draft" for i in items) >= 1
    assert words(dash.kind_buttons[2].text()) == f"Actions ({actions})"  # as it reads

    # A new overdue action shows at once after a refresh; completing it removes it.
    case = next(r for r in rows if r.status == CaseStatus.OPEN)
    action = followup.add_action(
        demo_ws, case.id, "Ring the Head of Year", due_on=TODAY - timedelta(days=2)
    )
    with qtbot.waitSignal(dash.counts_changed) as counted:
        dash.refresh()
    assert counted.args == [reviews, actions + 1, drafts]
    assert overdue("action").count(case.id) == case.overdue_actions + 1
    followup.complete_action(demo_ws, case.id, action, "Done by phone")
    reload(qtbot, dash)
    assert overdue("action") == late_actions

    # The kind buttons narrow the list; activating an item opens its case.
    dash.kind_buttons[3].click()
    assert {model.item(r).kind for r in range(model.rowCount())} == {"draft"}
    with qtbot.waitSignal(dash.resume_draft):
        today_list(dash).activated.emit(model.index(0, 0))
    dash.kind_buttons[1].click()
    assert {model.item(r).kind for r in range(model.rowCount())} <= {"review", "parents"}
    with qtbot.waitSignal(dash.open_case) as got:
        today_list(dash).activated.emit(model.index(0, 0))
    assert got.args == [model.item(0).case_id]


def test_nothing_due_says_so(
    qtbot: QtBot,
    db_path: Path,
    make_db: Callable[..., str],
    opened: list[Workspace],
    make_dashboard: Callable[[Workspace], DashboardWidget],
) -> None:
    from tests.helpers.ui import PASSWORD, USERNAME

    make_db()
    ws = unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    dash = make_dashboard(ws)
    assert dash.today_counts() == (0, 0, 0)
    assert "Nothing needs you today" in label_named(dash, "Today", visible=False).text()
    assert not today_list(dash).isVisible()
    assert dash.empty_label.isVisible()
    assert "No cases yet" in dash.empty_label.text()


def test_sorting_by_a_column_and_back_to_the_usual_order(
    demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    usual = shown_references(dash)
    case_table(dash).sortByColumn(0, Qt.SortOrder.AscendingOrder)
    by_reference = shown_references(dash)
    assert by_reference == sorted(usual, key=lambda ref: (len(ref), ref))
    search_box(dash).setText("2026")  # the filter still applies to the sorted rows
    assert shown_references(dash) == [r for r in by_reference if "2026" in r]
    search_box(dash).clear()
    case_table(dash).sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert shown_references(dash) == usual


def test_names_are_shown_as_typed_never_as_markup(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    row = next(r for r in dashboard.case_rows(demo_ws) if r.status == CaseStatus.OPEN)
    person = cases.load_case(demo_ws, row.id).rows("young_people")[0]
    cases.amend(
        demo_ws, row.id, "young_people", person.id, "name", "<b>Bold</b> & Co", "Test of names"
    )
    dash = make_dashboard(demo_ws)
    qtbot.keyClicks(search_box(dash), "<b>bold")
    assert shown(dash).rowCount() == 1
    assert "<b>Bold</b> & Co" in shown(dash).index(0, 1).data()
    # Labels that carry user text are plain text.
    assert label_named(dash, "Today", visible=False).textFormat() == Qt.TextFormat.PlainText


def test_a_small_screen_keeps_several_cases_in_view_and_the_search_box_wide(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    # The dashboard's share of a 1366x768 screen at 125% (1093x614 logical),
    # under the menu, toolbar and training banner; in the app's own look.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app)
    dash = make_dashboard(demo_ws)
    dash.resize(1061, 420)
    qtbot.wait(50)
    today, cases = dash.splitter.sizes()
    assert cases > today
    # One row of filters would squeeze the search box's hint to "N..." and the dates'
    # to "DD/MM/...": the dates take a second row instead (this used to assert one row).
    assert dash.filters_in_two_rows
    assert search_box(dash).width() >= search_box(dash).fontMetrics().horizontalAdvance(
        search_box(dash).placeholderText()
    )
    assert (
        case_table(dash).viewport().height()
        >= 3 * case_table(dash).verticalHeader().defaultSectionSize()
    )
    assert search_box(dash).width() >= 200
    clear = button_named(dash, "Clear filters", visible=False)
    right_edge = clear.mapTo(dash, clear.rect().topRight()).x()
    assert right_edge < dash.width()  # the last filter is not cut off
    # Narrower still (a window not maximised): still two rows, the search box wide.
    dash.resize(900, 420)
    qtbot.wait(50)
    assert dash.filters_in_two_rows
    assert search_box(dash).width() >= 200
    # Wide enough, they go back to one row.
    dash.resize(1366, 768)
    qtbot.waitUntil(lambda: not dash.filters_in_two_rows, timeout=5_000)


def test_a_splitter_moved_by_hand_stays_where_the_dsl_put_it(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    dash = make_dashboard(demo_ws)
    dash.splitter.moveSplitter(400, 1)
    chosen = dash.splitter.sizes()
    dash.resize(1300, 740)
    qtbot.wait(50)
    assert dash.splitter.sizes()[0] == chosen[0]
