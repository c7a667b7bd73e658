"""The dashboard: what needs the DSL today, and every case (see `widget`)."""

from app.ui.dashboard.widget import DashboardWidget

__all__ = ["DashboardWidget"]
