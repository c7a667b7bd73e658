"""The password rule with what the database knows: the school's name, the person's name.

The rule itself is app.security.passwords.assess; this adds the words it must
not be made of, and the advice given at sign-in when a password set before the
rule was strengthened no longer meets it.
"""

from __future__ import annotations

from app.errors import InvalidInput
from app.security import passwords
from app.services.workspace import Workspace

AT_SIGN_IN = (
    "Your password is now too easy to guess. Please choose a stronger one "
    "(School > Staff accounts > Change my password)."
)


def school_name(ws: Workspace) -> str:
    return ws.settings().get("school_name", "")


def check_new_password(ws: Workspace, password: str, username: str, full_name: str = "") -> None:
    """Refuse a new password (InvalidInput, saying why) before anything is written."""
    verdict = passwords.assess(password, username, others=(full_name, school_name(ws)))
    if verdict.problem:
        raise InvalidInput(verdict.problem)


def weak_at_sign_in(ws: Workspace, password: str) -> bool:
    """The password just typed to sign in would be refused as a new one today."""
    me = ws.account
    verdict = passwords.assess(password, me.username, others=(me.display_name, school_name(ws)))
    return verdict.problem is not None


def advice_at_sign_in(ws: Workspace, password: str) -> str | None:
    """One line for the command line when the password should be changed; None when fine."""
    return AT_SIGN_IN if weak_at_sign_in(ws, password) else None
