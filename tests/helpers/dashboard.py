"""The dashboard's parts, found as a user finds them: by their labels and names."""

from __future__ import annotations

from app.ui.dashboard import DashboardWidget
from app.ui.dashboard.model import CaseFilterProxy, CaseTableModel, TodayModel
from app.ui.qt import QAbstractItemView, QComboBox, QLineEdit, QTableView
from tests.helpers.ui import field, find, table_named


def case_table(dash: DashboardWidget) -> QTableView:
    """The list of cases ("Cases" to a screen reader)."""
    return table_named(dash, "Cases")


def shown(dash: DashboardWidget) -> CaseFilterProxy:
    """The rows the case list shows now, filtered and in order."""
    model = case_table(dash).model()
    assert isinstance(model, CaseFilterProxy)
    return model


def every_case(dash: DashboardWidget) -> CaseTableModel:
    """Every case read, before the filters (the case list's own rows)."""
    return dash.cases.model


def today_list(dash: DashboardWidget) -> QAbstractItemView:
    """What needs you today."""
    return find(dash, QAbstractItemView, "What needs you today", visible=False)


def today_items(dash: DashboardWidget) -> TodayModel:
    model = today_list(dash).model()
    assert isinstance(model, TodayModel)
    return model


def search_box(dash: DashboardWidget) -> QLineEdit:
    return field(dash, "Search", QLineEdit, visible=False)


def drop_down(dash: DashboardWidget, label: str) -> QComboBox:
    """A filter's drop-down: "Status", "Pathway", "Year group"."""
    return field(dash, label, QComboBox, visible=False)


def date_box(dash: DashboardWidget, label: str) -> QLineEdit:
    """ "Opened from" or "Opened to"."""
    return field(dash, label, QLineEdit, visible=False)
