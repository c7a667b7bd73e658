"""`make screenshots` keeps working: every wizard page at both sizes, plus its states."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tools.screenshots import windows as screenshots


def test_screenshots_cover_every_wizard_page_at_both_sizes(qtbot: QtBot, tmp_path: Path) -> None:
    made = {p.name for p in screenshots.render_all(tmp_path)}
    for size in ("1366x680", "1920x1080"):  # 1366x768 less a taskbar and a title bar
        for page in (
            "1_incident",
            "2_initial_review",
            "3_conversations",
            "4_incident_handling",
            "5_police",
            "6_agencies",
            "7_plan",
            "8_summary",
            "1_incident_errors",
            "5_police_refer",
            "5_police_refer_why",
        ):
            name = f"wizard_{page}_{size}.png"
            assert name in made
            assert (tmp_path / name).stat().st_size > 10_000
    assert "main_window_drafts.png" in made
