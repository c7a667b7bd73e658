"""Around the cases: school settings, retention decisions and governors' figures."""

from app.ui.admin.figures import FiguresDialog
from app.ui.admin.retention import RetentionDialog
from app.ui.admin.settings import SettingsDialog

__all__ = ["FiguresDialog", "RetentionDialog", "SettingsDialog"]
