"""The suite runs in the same world on every machine (tests/conftest.py, make test)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

# As if this module had been imported the day before, by a run that crossed midnight.
TODAY = date(2000, 1, 1)


def test_each_test_has_a_home_of_its_own(tmp_path: Path) -> None:
    # A file a screen saves to "~" lands in this test's folder, never the developer's.
    assert Path.home() == tmp_path / "home"


def test_qt_formats_in_the_plain_locale_whatever_the_developer_uses(qtbot: QtBot) -> None:
    # A French or German desktop would otherwise turn dates and numbers in
    # tables and editors into its own words and separators.
    assert QLocale.system().name() == "C"
    assert QLocale().toString(1234.5, "f", 1) == "1234.5"
    assert QLocale().monthName(12) == "December"


def test_a_modules_today_is_the_day_the_test_runs() -> None:
    assert date.today() == TODAY
