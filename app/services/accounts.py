"""Staff accounts: the DSL adds deputies; everyone can change their own password.

An account's password exists only as its key slot; changing one rewrites the
small key file and never re-encrypts the database. Each change and its key
file happen together or not at all (Workspace.change_keyslots), and each is
in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.errors import InvalidInput, NotAllowed, WrongPassword
from app.models import StaffAccount, StaffRole
from app.security.keyslots import normalise_username
from app.services import audit
from app.services.password_rule import check_new_password
from app.services.workspace import SignedIn, Workspace, _check_display_name


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


def add_account(
    ws: Workspace,
    username: str,
    display_name: str,
    password: str,
    role: StaffRole = StaffRole.DEPUTY,
) -> StaffMember:
    if not ws.account.is_dsl:
        raise NotAllowed("Only the DSL can add staff accounts.")
    name = normalise_username(username)
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
        # The key file changes with this transaction: both happen or neither.
        ws.change_keyslots(s, lambda k: k.add_password(name, password, ws.database_key()))
        return StaffMember(account.id, name, full_name, role, True)


def change_own_password(ws: Workspace, old_password: str, new_password: str) -> None:
    me = ws.account
    slots = ws.keyslots()
    try:
        slots.unlock_with_password(me.username, old_password)
    except WrongPassword as exc:
        raise InvalidInput("Your current password is not right; nothing was changed.") from exc
    check_new_password(ws, new_password, me.username, me.display_name)
    with ws.write() as s:
        ws.audit(s, audit.Action.ACCOUNT, audit.DATABASE_TARGET, "changed own password")
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
        ws.change_keyslots(s, lambda k: k.add_password(name, new_password, ws.database_key()))
        signed_in = SignedIn(account.id, name, account.display_name, account.role)
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


def reset_password(ws: Workspace, username: str, new_password: str) -> None:
    """The DSL sets a new password for a deputy who has forgotten theirs."""
    name = _other_account(ws, username, "reset another person's password")
    check_new_password(ws, new_password, name)
    with ws.write() as s:
        account = s.execute(
            select(StaffAccount).where(StaffAccount.username == name, StaffAccount.active)
        ).scalar_one_or_none()
        if account is None:
            raise InvalidInput(f"There is no active account called {name}.")
        ws.audit(s, audit.Action.ACCOUNT, audit.DATABASE_TARGET, f"reset password of {name}")
        ws.change_keyslots(s, lambda k: k.add_password(name, new_password, ws.database_key()))


def remove_account(ws: Workspace, username: str) -> None:
    """A deputy leaves: their key slot goes and the account is kept, inactive, for the record."""
    name = _other_account(ws, username, "remove accounts")
    with ws.write() as s:
        account = s.execute(
            select(StaffAccount).where(StaffAccount.username == name, StaffAccount.active)
        ).scalar_one_or_none()
        if account is None:
            raise InvalidInput(f"There is no active account called {name}.")
        account.active = False
        ws.audit(s, audit.Action.ACCOUNT, audit.DATABASE_TARGET, f"removed {name}")
        ws.change_keyslots(s, lambda k: k.remove_password(name))
