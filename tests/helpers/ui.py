"""Shared test data and checks for the UI tests."""

from __future__ import annotations

from app.ui.qt import QCheckBox, QLabel, QLineEdit, QWidget

USERNAME = "jsmith"
PASSWORD = "Correct horse battery 7"
DISPLAY_NAME = "Jo Smith"
SCHOOL = "St Aidan's C of E Academy"


def assert_accessible(window: QWidget) -> None:
    """Every input is labelled: its accessible name is its buddy label's text."""
    buddies = {id(label.buddy()): label for label in window.findChildren(QLabel) if label.buddy()}
    edits = window.findChildren(QLineEdit)
    assert edits
    for edit in edits:
        label = buddies.get(id(edit))
        assert label is not None, f"no label for {edit.accessibleName()!r}"
        expected = label.text().replace("&", "")
        assert expected
        assert edit.accessibleName() == expected
    for box in window.findChildren(QCheckBox):
        assert box.accessibleName()
        assert box.accessibleName() == box.text().replace("&", "")
