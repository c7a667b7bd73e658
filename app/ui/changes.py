"""What changed: one notification that every open screen listens to.

After any write a screen makes (a dialog saved, Finish, a draft kept or
discarded, a background job that wrote), it says once what changed:
`tell(ws, Change(...))`. Every open screen that shows that data subscribes with
`of(ws).changed.connect(self.method)` and reads again: the dashboard's Today
panel and case list (and with them the drafts strip), each open case file, the
main window's title, the audit viewer. No screen refreshes another by hand.

There is one hub per signed-in workspace, so a screen left over from an earlier
sign-in never hears about this one. Subscribe with a bound method of a QObject:
Qt then drops the connection when the screen is deleted.
"""

from __future__ import annotations

import weakref
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from app.ui.qt import QObject, Signal

if TYPE_CHECKING:
    from app.services.workspace import Workspace


class What(StrEnum):
    CASE = "case"  # one case's record (its reference given)
    DRAFT = "draft"  # a draft started, kept or discarded (its reference given)
    CASES = "cases"  # cases kept longer or destroyed (retention): any may be gone
    ACCOUNTS = "accounts"  # staff accounts, passwords or the recovery key
    SETTINGS = "settings"  # the school's settings
    AUDIT = "audit"  # only the audit trail grew (a PDF or a backup made)


class Change(NamedTuple):  # not a dataclass: this loads before the first window
    """What changed; `reference` is the case's or draft's, for CASE and DRAFT."""

    what: What
    reference: str = ""

    @property
    def touches_case_files(self) -> bool:
        """Whether an open case file must read its case again: this case, or another
        case of the same young person (the Young people tab shows its status)."""
        return self.what in (What.CASE, What.CASES)

    @property
    def touches_cases(self) -> bool:
        """Whether a list of cases or drafts (the dashboard) must read again."""
        return self.what in (What.CASE, What.DRAFT, What.CASES)


class Changes(QObject):
    """The hub: `changed(Change)` is emitted, on the GUI thread, after each write."""

    changed = Signal(object)


_HUBS: weakref.WeakKeyDictionary[Workspace, Changes] = weakref.WeakKeyDictionary()


def of(ws: Workspace) -> Changes:
    """The hub for this signed-in workspace (made on first use, on the GUI thread)."""
    hub = _HUBS.get(ws)
    if hub is None:
        hub = _HUBS[ws] = Changes()
    return hub


def tell(ws: Workspace, change: Change) -> None:
    """Say once that `change` was written; every open screen that shows it reads again."""
    of(ws).changed.emit(change)


__all__ = ["Change", "Changes", "What", "of", "tell"]
