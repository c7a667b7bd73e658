"""The strength hint shown while a new password is typed is the rule itself
(app.security.passwords.assess), with the school's and the person's names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services import accounts, workspace
from app.services.workspace import Workspace
from app.ui.first_run import FirstRunWindow
from app.ui.qt import Qt
from app.ui.security.accounts_dialog import AccountsDialog
from app.ui.widgets import PasswordPair
from tests.helpers.ui import PASSWORD, USERNAME

FOUR_WORDS = "orbit walnut meadow trumpet"


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaa", "1111111111", "qwerty12345", "Password2024!", "Safeguarding1", "Welcome123!"],
)
def test_the_hint_refuses_what_the_rule_refuses(qtbot: QtBot, password: str) -> None:
    pair = PasswordPair()
    qtbot.addWidget(pair)
    pair.show()
    qtbot.keyClicks(pair.password, password)
    qtbot.keyClicks(pair.confirm, password)
    assert pair.strength.text().startswith("Strength: Too easy to guess. ")
    assert pair.strength.text().endswith("Use three or four unrelated words instead.")
    assert [text for text, _ in pair.problems()] == [pair.verdict().problem]


def test_four_unrelated_words_pass(qtbot: QtBot) -> None:
    pair = PasswordPair()
    qtbot.addWidget(pair)
    qtbot.keyClicks(pair.password, FOUR_WORDS)
    qtbot.keyClicks(pair.confirm, FOUR_WORDS)
    assert pair.strength.text() in ("Strength: Strong", "Strength: Very strong")
    assert pair.problems() == []


def test_first_run_refuses_the_schools_name_as_it_is_typed(qtbot: QtBot, db_path: Path) -> None:
    w = FirstRunWindow(db_path)
    qtbot.addWidget(w)
    w.show()
    qtbot.keyClicks(w.school_name, "St Aidan's C of E Academy")
    qtbot.keyClick(w.school_name, Qt.Key.Key_Return)
    qtbot.keyClicks(w.full_name, "Jo Smith")
    qtbot.keyClicks(w.username, "jsmith")
    qtbot.keyClicks(w.passwords.password, "StAidans2025")
    assert "The school's name is one of the first things a guesser tries." in (
        w.passwords.strength.text()
    )
    w.passwords.password.clear()
    qtbot.keyClicks(w.passwords.password, "JoSmith2025!!")
    assert "Avoid common words and your user name." in w.passwords.strength.text()


def test_staff_accounts_hints_know_the_school_and_the_person(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    accounts.add_account(ws, "deputy", "Sam Jones", FOUR_WORDS)
    d = AccountsDialog(ws)
    qtbot.addWidget(d)
    for pair in (d.add_passwords, d.reset_passwords, d.own_passwords):
        pair.password.setText("StAidans2025")
        assert "school's name" in pair.strength.text()
    d.add_name.setText("Pat Lee")
    d.add_passwords.password.setText("PatLee2025!!")
    assert "Avoid common words and your user name." in d.add_passwords.strength.text()
    d.open_own()
    d.own_passwords.password.setText("JoSmith2025!!")
    assert "Avoid common words and your user name." in d.own_passwords.strength.text()
