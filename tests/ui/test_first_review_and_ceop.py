"""The plan's first review date is suggested from School settings (two weeks unless the
school changes it), and the CEOP contact gives CEOP's web address wherever it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from app.models import Setting
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui.admin.settings import SettingsDialog
from app.ui.qt import Qt
from app.ui.wizard.banner import contacts_of
from tests.helpers.wizard_driver import Driver, in_days, make_wizard, ws

__all__ = ["make_wizard", "ws"]  # fixtures

CEOP = "https://www.ceop.police.uk/Safety-Centre/"


def test_the_plan_suggests_a_first_review_two_weeks_ahead(
    make_wizard: Callable[..., Driver],
) -> None:
    d = make_wizard()
    assert d.editor("first_review_on", page="plan").value() == in_days(14)


def test_the_school_chooses_how_far_ahead_and_a_typed_date_is_kept(
    qtbot: QtBot, ws: Workspace, make_wizard: Callable[..., Driver]
) -> None:
    dialog = SettingsDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    days = dialog.inputs["first_review_days"]
    assert days.text() == "14"
    assert days.accessibleName() == "Days from the plan to the first review"
    days.setText("0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "enter a whole number from 1 to 365" in dialog.message.text()
    assert ws.settings()["first_review_days"] == "14"
    days.setText("7")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ws.settings()["first_review_days"] == "7"
    assert d_value(make_wizard()) == in_days(7)
    assert settings_service.first_review_on({"first_review_days": "7"}, date(2026, 12, 1)) == (
        date(2026, 12, 8)
    )
    # Something unusable stored (an older Casebook, a hand edit) falls back to two weeks.
    assert settings_service.first_review_on({"first_review_days": "x"}, date(2026, 12, 1)) == (
        date(2026, 12, 1) + timedelta(days=14)
    )


def d_value(d: Driver) -> object:
    return d.editor("first_review_on", page="plan").value()


def test_the_ceop_contact_gives_its_web_address(qtbot: QtBot, ws: Workspace) -> None:
    assert CEOP in ws.settings()["ceop_contact"]
    # As the wizard's banner lists the contacts.
    assert any(CEOP in value for _label, value in contacts_of(ws))
    dialog = SettingsDialog(ws)
    qtbot.addWidget(dialog)
    assert CEOP in dialog.inputs["ceop_contact"].text()


def test_a_ceop_contact_saved_as_the_old_default_now_gives_the_address(ws: Workspace) -> None:
    with ws.write() as s:
        s.add(Setting(key="ceop_contact", value="CEOP Safety Centre: report online"))
    assert CEOP in ws.settings()["ceop_contact"]
    with ws.write() as s:
        s.merge(Setting(key="ceop_contact", value="CEOP: see the school's own protocol"))
    assert ws.settings()["ceop_contact"] == "CEOP: see the school's own protocol"
