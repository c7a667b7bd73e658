"""The case file: one case's record, chronology, actions, reviews and status."""

from app.ui.casefile.window import CaseFileWindow

__all__ = ["CaseFileWindow"]
