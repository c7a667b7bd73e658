"""Staff accounts: the DSL adds deputies; everyone can change their own password.

An account's password exists only as its key slot; changing one rewrites the
small key file and never re-encrypts the database. Each change and its key
file happen together or not at all (Workspace.change_keyslots), and each is
in the audit trail.

A password the DSL sets for someone else (a first password, a reset) is only
for the first sign-in: the account is marked in the database until its owner
chooses their own, and neither the window nor the command line lets them do
anything else until then. Resetting or removing someone else's account asks
for the DSL's own password again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotAllowed, WrongPassword
from app.models import StaffAccount, StaffRole
from app.security.keyslots import normalise_username
from app.services import audit
from app.services import settings as settings_service
from app.services.password_rule import check_new_password
from app.services.workspace import (
    SignedIn,
    Workspace,
    _check_display_name,
    forget_failed_sign_ins,
    record_failed_sign_ins,
)

TO_CHANGE = "passwords_to_change"  # the settings row of accounts with a password to change

WRONG_CURRENT = "That is not your current password. Type the password you signed in with."
WRONG_OWN = (
    "That is not your own password, so the account was not changed. "
    "Type the password you signed in with."
)
SAME_PASSWORD = "Choose a new password, not the one you have now."
SIGN_IN_FIRST = (
    "Your password was set by the DSL: sign in to the Casebook window first and "
    "choose your own, then try again."
)


@dataclass(frozen=True)
class StaffMember:
    id: int
    username: str
    display_name: str
    role: StaffRole
    active: bool


def list_staff(ws: Workspace) -> list[StaffMember]:
    with ws.read() as s:
        rows = s.execute(select(StaffAccount).order_by(StaffAccount.display_name)).scalars()
        return [StaffMember(a.id, a.username, a.display_name, a.role, a.active) for a in rows]


def _to_change(session: Session) -> list[str]:
    try:
        names = json.loads(settings_service.read_all(session)[TO_CHANGE])
    except ValueError:
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _mark_to_change(session: Session, username: str, *, must: bool) -> None:
    names = [n for n in _to_change(session) if n != username]
    if must:
        names.append(username)
    settings_service.write(session, TO_CHANGE, json.dumps(sorted(names)))


def must_change_password(ws: Workspace) -> bool:
    """The signed-in person still has a password the DSL set: they must choose their own."""
    with ws.read() as s:
        return ws.account.username in _to_change(s)


def refuse_until_changed(ws: Workspace) -> None:
    """For the command line: NotAllowed while the password is still the DSL's choice."""
    if must_change_password(ws):
        raise NotAllowed(SIGN_IN_FIRST)


def _check_own_password(ws: Workspace, password: str, message: str) -> None:
    """The signed-in person's password, typed again (InvalidInput `message` when wrong)."""
    try:
        ws.keyslots().unlock_with_password(ws.account.username, password)
    except WrongPassword as exc:
        raise InvalidInput(message) from exc


def add_account(
    ws: Workspace,
    username: str,
    display_name: str,
    password: str,
    role: StaffRole = StaffRole.DEPUTY,
) -> StaffMember:
    if not ws.account.is_dsl:
        raise NotAllowed("Only the DSL can add staff accounts.")
    name = normalise_username(username, new=True)
    full_name = _check_display_name(display_name)
    check_new_password(ws, password, name, full_name)
    with ws.write() as s:
        # The accounts are the database's; a key slot with no account (left by
        # a version that could be stopped half-way) is replaced, not a bar.
        if s.execute(select(StaffAccount).where(StaffAccount.username == name)).first():
            raise InvalidInput(f"There is already an account called {name}.")
        account = StaffAccount(username=name, display_name=full_name, role=role)
        s.add(account)
        s.flush()
        ws.audit(s, audit.Action.ACCOUNT, audit.DATABASE_TARGET, f"added {role.value} {name}")
        _mark_to_change(s, name, must=True)  # a first password: they choose their own
        # The key file changes with this transaction: both happen or neither.
        ws.change_keyslots(s, lambda k: k.add_password(name, password, ws.database_key()))
        return StaffMember(account.id, name, full_name, role, True)


def change_own_password(ws: Workspace, old_password: str, new_password: str) -> None:
    me = ws.account
    _check_own_password(ws, old_password, WRONG_CURRENT)
    if new_password == old_password:
        raise InvalidInput(SAME_PASSWORD)
    check_new_password(ws, new_password, me.username, me.display_name)
    with ws.write() as s:
        ws.audit(s, audit.Action.ACCOUNT, audit.DATABASE_TARGET, "changed own password")
        if me.username in _to_change(s):
            _mark_to_change(s, me.username, must=False)
        ws.change_keyslots(
            s, lambda k: k.add_password(me.username, new_password, ws.database_key())
        )


def reset_with_recovery(ws: Workspace, username: str, new_password: str) -> SignedIn:
    """After opening with the recovery key: a new password for a DSL account, then sign in."""
    name = normalise_username(username)
    check_new_password(ws, new_password, name)
    with ws._sessions.begin() as s:
        account = s.execute(
            select(StaffAccount).where(StaffAccount.username == name, StaffAccount.active)
        ).scalar_one_or_none()
        if account is None or account.role != StaffRole.DSL:
            raise InvalidInput("The recovery key can only reset an active DSL account.")
        audit.append(
            s,
            name,
            audit.Action.ACCOUNT,
            audit.DATABASE_TARGET,
            "password reset with the recovery key",
        )
        if name in _to_change(s):
            _mark_to_change(s, name, must=False)  # they chose this one themselves
        failures = record_failed_sign_ins(s, ws.path)
        ws.change_keyslots(s, lambda k: k.add_password(name, new_password, ws.database_key()))
        signed_in = SignedIn(account.id, name, account.display_name, account.role)
    forget_failed_sign_ins(ws.path, failures)
    ws._account = signed_in
    return signed_in


def new_recovery_key(ws: Workspace) -> str:
    """Replace the recovery key (after it was used, or if it may have been seen).

    The old key stops working at once; the new one is returned to show once.
    """
    if not ws.account.is_dsl:
        raise NotAllowed("Only the DSL can issue a new recovery key.")
    with ws.write() as s:
        ws.audit(s, audit.Action.ACCOUNT, audit.DATABASE_TARGET, "new recovery key issued")
        key = ws.change_keyslots(s, lambda k: k.replace_recovery(ws.database_key()))
    return key


def _other_account(ws: Workspace, username: str, what: str) -> str:
    if not ws.account.is_dsl:
        raise NotAllowed(f"Only the DSL can {what}.")
    name = normalise_username(username)
    if name == ws.account.username:
        raise InvalidInput("Use 'Change my password' for your own account.")
    return name


def reset_password(
    ws: Workspace, username: str, new_password: str, *, own_password: str | None = None
) -> None:
    """The DSL sets a new password for a deputy who has forgotten theirs.

    `own_password`: the DSL's own, typed again (the window always asks for it).
    The deputy chooses their own password at their next sign-in.
    """
    name = _other_account(ws, username, "reset another person's password")
    if own_password is not None:
        _check_own_password(ws, own_password, WRONG_OWN)
    check_new_password(ws, new_password, name)
    with ws.write() as s:
        account = s.execute(
            select(StaffAccount).where(StaffAccount.username == name, StaffAccount.active)
        ).scalar_one_or_none()
        if account is None:
            raise InvalidInput(f"There is no active account called {name}.")
        ws.audit(s, audit.Action.ACCOUNT, audit.DATABASE_TARGET, f"reset password of {name}")
        _mark_to_change(s, name, must=True)
        ws.change_keyslots(s, lambda k: k.add_password(name, new_password, ws.database_key()))


def remove_account(ws: Workspace, username: str, *, own_password: str | None = None) -> None:
    """A deputy leaves: their key slot goes and the account is kept, inactive, for the record.

    `own_password`: the DSL's own, typed again (the window always asks for it).
    """
    name = _other_account(ws, username, "remove accounts")
    if own_password is not None:
        _check_own_password(ws, own_password, WRONG_OWN)
    with ws.write() as s:
        account = s.execute(
            select(StaffAccount).where(StaffAccount.username == name, StaffAccount.active)
        ).scalar_one_or_none()
        if account is None:
            raise InvalidInput(f"There is no active account called {name}.")
        account.active = False
        ws.audit(s, audit.Action.ACCOUNT, audit.DATABASE_TARGET, f"removed {name}")
        if name in _to_change(s):
            _mark_to_change(s, name, must=False)
        ws.change_keyslots(s, lambda k: k.remove_password(name))
