"""Accounts, second round: a password the DSL sets is changed at first sign-in, user
names follow their rule, and reset and remove ask for the DSL's own password again."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.errors import InvalidInput, NotAllowed, WrongPassword
from app.security.keyslots import USERNAME_RULE
from app.services import accounts
from app.services.workspace import Workspace, unlock
from tests.conftest import DSL, PASSWORD, all_files
from tests.helpers.cli import casebook_here

DEPUTY, DEPUTY_NAME, FIRST = "deputy", "Dee Puty", "a long secret phrase"
OWN = "fresh cobalt juniper wharf"


def hashes(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in all_files(folder)}


def deputy_signs_in(db_path: Path, password: str = FIRST) -> Workspace:
    return unlock(db_path, DEPUTY, password)


def test_a_first_password_must_be_changed_and_only_once(ws: Workspace, db_path: Path) -> None:
    accounts.add_account(ws, DEPUTY, DEPUTY_NAME, FIRST)
    assert not accounts.must_change_password(ws)  # the DSL's own is theirs
    ws.close()
    deputy = deputy_signs_in(db_path)
    try:
        assert accounts.must_change_password(deputy)
        with pytest.raises(NotAllowed, match="sign in to the Casebook window first"):
            accounts.refuse_until_changed(deputy)
        with pytest.raises(InvalidInput, match="not the one you have now"):
            accounts.change_own_password(deputy, FIRST, FIRST)
        assert accounts.must_change_password(deputy)
        accounts.change_own_password(deputy, FIRST, OWN)
        assert not accounts.must_change_password(deputy)
    finally:
        deputy.close()
    again = deputy_signs_in(db_path, OWN)  # across a restart: still their own
    try:
        assert not accounts.must_change_password(again)
        accounts.refuse_until_changed(again)
    finally:
        again.close()


def test_a_reset_must_be_changed_too_and_asks_for_the_dsls_own_password(
    ws: Workspace, db_path: Path
) -> None:
    accounts.add_account(ws, DEPUTY, DEPUTY_NAME, FIRST)
    ws.close()
    deputy = deputy_signs_in(db_path)
    accounts.change_own_password(deputy, FIRST, OWN)
    deputy.close()
    dsl = unlock(db_path, DSL, PASSWORD)
    try:
        before = hashes(db_path.parent)
        with pytest.raises(InvalidInput) as refused:
            accounts.reset_password(dsl, DEPUTY, "a brand new phrase", own_password="guess")
        assert str(refused.value) == accounts.WRONG_OWN
        with pytest.raises(InvalidInput, match="not your own password"):
            accounts.remove_account(dsl, DEPUTY, own_password="guess")
        assert hashes(db_path.parent) == before  # nothing changed on disk
        accounts.reset_password(dsl, DEPUTY, "a brand new phrase", own_password=PASSWORD)
    finally:
        dsl.close()
    deputy = deputy_signs_in(db_path, "a brand new phrase")
    try:
        assert accounts.must_change_password(deputy)
    finally:
        deputy.close()
    dsl = unlock(db_path, DSL, PASSWORD)
    try:
        accounts.remove_account(dsl, DEPUTY, own_password=PASSWORD)
        assert {m.username: m.active for m in accounts.list_staff(dsl)}[DEPUTY] is False
    finally:
        dsl.close()
    with pytest.raises(WrongPassword):
        deputy_signs_in(db_path, "a brand new phrase")


def test_a_wrong_current_password_says_so_in_its_own_words(ws: Workspace) -> None:
    with pytest.raises(InvalidInput) as refused:
        accounts.change_own_password(ws, "not it at all", OWN)
    assert str(refused.value) == accounts.WRONG_CURRENT
    assert "Nothing has been changed" not in str(WrongPassword())


@pytest.mark.parametrize("name", ["sian o", "sian_o", "sian@school", "o'neill"])
def test_user_names_follow_their_rule(ws: Workspace, db_path: Path, name: str) -> None:
    before = hashes(db_path.parent)
    with pytest.raises(InvalidInput) as refused:
        accounts.add_account(ws, name, "Sian Owen", FIRST)
    assert str(refused.value) == USERNAME_RULE
    assert hashes(db_path.parent) == before


def test_dots_dashes_digits_and_accented_letters_are_fine(ws: Workspace) -> None:
    for name in ("s.owen", "s-owen2", "siân"):
        accounts.add_account(ws, name, "Sian Owen", FIRST)
    assert {"s.owen", "s-owen2", "siân"} <= {m.username for m in accounts.list_staff(ws)}


def test_an_older_account_whose_name_breaks_the_rule_still_signs_in(
    ws: Workspace, db_path: Path
) -> None:
    # As a version before the rule made it: a name with a space.
    from app.models import StaffAccount, StaffRole

    with ws.write() as s:
        s.add(StaffAccount(username="sian o", display_name="Sian Owen", role=StaffRole.DEPUTY))
        s.flush()
        ws.change_keyslots(s, lambda k: k.add_password("sian o", FIRST, ws.database_key()))
    ws.close()
    old = unlock(db_path, "Sian O", FIRST)
    try:
        assert old.account.username == "sian o"
        accounts.change_own_password(old, FIRST, OWN)
    finally:
        old.close()
    dsl = unlock(db_path, DSL, PASSWORD)
    try:
        accounts.reset_password(dsl, "sian o", "a brand new phrase", own_password=PASSWORD)
    finally:
        dsl.close()


def test_the_command_line_refuses_a_first_password_in_one_line(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    accounts.add_account(ws, DEPUTY, DEPUTY_NAME, FIRST)
    ws.close()
    pw = tmp_path / "pw.txt"
    pw.write_text(FIRST + "\n", encoding="utf-8")
    result = casebook_here("cases", "--db", db_path, "--user", DEPUTY, "--password-file", pw)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"casebook: {accounts.SIGN_IN_FIRST}"]
    assert result.stdout == ""
    deputy = deputy_signs_in(db_path)
    accounts.change_own_password(deputy, FIRST, OWN)
    deputy.close()
    pw.write_text(OWN + "\n", encoding="utf-8")
    result = casebook_here("cases", "--db", db_path, "--user", DEPUTY, "--password-file", pw)
    assert result.returncode == 0, result.stderr
