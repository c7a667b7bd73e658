"""The audit trail as the DSL reads it: every entry, whether the chain is intact, and filters.

Both come from one read transaction, so the count in the verdict matches the
lines shown. Only the DSL may read the trail: it names which staff member
looked at which case, and when.

The filters (case reference, who, what, and a range of days) are plain Python
here, so the viewer, the printed trail and the command line choose the same
entries. Days are the DSL's local days, as the viewer shows the times: an entry
stored at 23:30 UTC on 31 March is on 1 April in a British summer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from app.dates import DATE_HINT, format_date, parse_date
from app.errors import InvalidInput, NotAllowed
from app.services import accounts, audit
from app.services.audit import AuditLine, ChainReport
from app.services.workspace import Workspace

NOT_ALLOWED = "Only the DSL can see the audit trail."

ACTION_NAMES = {
    audit.Action.CREATED: "Created",
    audit.Action.VIEWED: "Viewed",
    audit.Action.CHANGED: "Changed",
    audit.Action.PRINTED: "Printed",
    audit.Action.EXPORTED: "Exported",
    audit.Action.SIGNED_IN: "Signed in",
    audit.Action.FAILED_SIGN_IN: "Failed sign-in",
    audit.Action.LOCKED: "Locked",
    audit.Action.UNLOCKED: "Unlocked",
    audit.Action.SIGNED_OUT: "Signed out",
    audit.Action.ACCOUNT: "Staff account",
    audit.Action.BACKUP: "Backup",
    audit.Action.RESTORED: "Restored",
    audit.Action.VERIFIED: "Checked",
    audit.Action.TRANSFERRED: "Sent to a new school",
    audit.Action.TRANSFER_RECEIVED: "Transfer receipt",
    audit.Action.TRANSFER_IMPORTED: "Transferred in",
}
WHOLE_DATABASE = "Whole database"
RECOVERY_KEY = "Recovery key"
INTACT = "Audit trail intact ({n} entries). Nothing has been changed, removed or added out of turn."
BROKEN = (
    "The audit trail has been altered or damaged. Keep this computer as it is and tell IT "
    "and the headteacher. What is wrong:"
)

# What a date the DSL typed can say is wrong with it ({name} is "From" or "To").
NOT_A_DATE = "{name}: enter a date as " + DATE_HINT + ", for example 24/11/2026."
NOT_A_REAL_DATE = "{name}: {text} is not a real date. Check the day and the month."
YEAR_CUT_SHORT = "{name}: {text} is not a real date. Write the year in full, for example 2026."
FROM_AFTER_TO = (
    "The From date, {start}, is after the To date, {end}. Swap them, or clear one to leave "
    "that end open."
)
# The case filter text goes on paper and into the trail only when it could be part of a
# reference (digits and dashes, or a received file's RF-) or is "Whole database":
# anything else might be a name typed there by mistake, and is never written down.
CASE_TEXT_NOT_PRINTED = (
    "The Case reference filter holds something that is not a case reference. Clear it, or "
    "type a reference such as 2026-0012, then print again."
)
_DATE_SHAPE = re.compile(
    r"\d{1,2}(?P<sep>[/.-])\d{1,2}(?P=sep)(?P<year>\d{1,4})|(?P<iso_year>\d{4})-\d{1,2}-\d{1,2}"
)
# A case's (2026-0012) or a received file's (RF- and hex digits of its pack's hash).
_REFERENCE_SHAPE = re.compile(r"[0-9][0-9 -]*|[0-9 -]*[0-9]|RF-[0-9a-f]{1,12}", re.IGNORECASE)
EARLIEST_YEAR = 1900  # "01/03/0026" parses, but no entry is that old: a year cut short


def action_name(action: str) -> str:
    return ACTION_NAMES.get(action, action.replace("-", " ").capitalize())


def case_label(target: str) -> str:
    return WHOLE_DATABASE if target == audit.DATABASE_TARGET else target


def local_moment(at: str) -> datetime | None:
    try:
        return datetime.fromisoformat(at).astimezone()
    except ValueError:
        return None


def local_time(at: str) -> str:
    moment = local_moment(at)
    return at if moment is None else f"{moment:%d/%m/%Y %H:%M:%S}"


def chain_text(chain: ChainReport) -> str:
    if chain.sound:
        return INTACT.format(n=f"{chain.entries:,}")
    shown = chain.problems[:8]
    more = len(chain.problems) - len(shown)
    lines = [BROKEN, *(f"• {p}" for p in shown)]
    if more:
        lines.append(f"• and {more} more")
    return "\n".join(lines)


def read_date(name: str, text: str) -> date | None:
    """A From or To date as typed: None when blank (that end is open).

    InvalidInput says which field and what is wrong, without repeating anything
    that is not shaped like a date.
    """
    text = text.strip()
    try:
        day = parse_date(text)
    except ValueError:
        shape = _DATE_SHAPE.fullmatch(text)
        if shape is None:
            raise InvalidInput(NOT_A_DATE.format(name=name)) from None
        if len(shape["year"] or shape["iso_year"]) < 4:
            raise InvalidInput(YEAR_CUT_SHORT.format(name=name, text=text)) from None
        raise InvalidInput(NOT_A_REAL_DATE.format(name=name, text=text)) from None
    if day is not None and day.year < EARLIEST_YEAR:
        raise InvalidInput(YEAR_CUT_SHORT.format(name=name, text=text))
    return day


def date_range(from_text: str, to_text: str) -> tuple[date | None, date | None]:
    """The days chosen, each end open when blank; both days are included."""
    start = read_date("From", from_text)
    end = read_date("To", to_text)
    if start is not None and end is not None and start > end:
        raise InvalidInput(FROM_AFTER_TO.format(start=format_date(start), end=format_date(end)))
    return start, end


@dataclass(frozen=True)
class TrailFilter:
    """Which entries to show: every test that is set must pass; blank means any."""

    case_text: str = ""  # part of a case reference (or of "Whole database")
    actor: str = ""  # a user name exactly
    action: str = ""  # an `audit.Action` code
    start: date | None = None  # the first local day shown
    end: date | None = None  # the last local day shown

    def accepts(self, line: AuditLine) -> bool:
        wanted = self.case_text.strip().casefold()
        if wanted and wanted not in case_label(line.target).casefold():
            return False
        if self.actor and line.actor != self.actor:
            return False
        if self.action and line.action != self.action:
            return False
        if self.start is None and self.end is None:
            return True
        moment = local_moment(line.at)
        if moment is None:  # a time that cannot be read cannot be placed in a range
            return False
        day = moment.date()
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def printable_case_text(self) -> str:
        """The case filter as it may be printed; InvalidInput if it is not reference-like."""
        text = " ".join(self.case_text.split())
        if not text:
            return ""
        if _REFERENCE_SHAPE.fullmatch(text) or text.casefold() == WHOLE_DATABASE.casefold():
            return text
        raise InvalidInput(CASE_TEXT_NOT_PRINTED)

    def describe(self, names: dict[str, str] | None = None) -> str:
        """The filter in words, for the printed trail and its audit entry."""
        names = names or {}
        parts = []
        case = self.printable_case_text()
        if case:
            parts.append(f"case {case}")
        if self.actor:
            parts.append(f"who: {names.get(self.actor, self.actor)}")
        if self.action:
            parts.append(f"what: {action_name(self.action)}")
        if self.start is not None and self.end is not None:
            if self.start == self.end:
                parts.append(f"on {format_date(self.start)}")
            else:
                parts.append(f"from {format_date(self.start)} to {format_date(self.end)}")
        elif self.start is not None:
            parts.append(f"from {format_date(self.start)} on")
        elif self.end is not None:
            parts.append(f"up to {format_date(self.end)}")
        return "; ".join(parts) if parts else "none, every entry"


def filtered(lines: list[AuditLine], chosen: TrailFilter) -> list[AuditLine]:
    return [line for line in lines if chosen.accepts(line)]


def staff_names(ws: Workspace) -> dict[str, str]:
    """User name -> "Display name (user name)", for every account, past or present."""
    names = {"recovery-key": RECOVERY_KEY}
    names.update({m.username: f"{m.display_name} ({m.username})" for m in accounts.list_staff(ws)})
    return names


def audit_trail(ws: Workspace, target: str | None = None) -> tuple[list[AuditLine], ChainReport]:
    """Entries oldest first (for one case reference if `target` is given) and the chain check.

    The chain is always checked whole: a filter must not hide a broken link.
    """
    if not ws.account.is_dsl:
        raise NotAllowed(NOT_ALLOWED)
    with ws.read() as s:
        return audit.entries_for(s, target), audit.verify_chain(s)


@dataclass(frozen=True)
class TrailRow:
    """One entry as the DSL reads it: local time, names and words, never codes."""

    when: str
    who: str
    what: str
    case: str
    detail: str


def row_of(line: AuditLine, names: dict[str, str]) -> TrailRow:
    return TrailRow(
        local_time(line.at),
        names.get(line.actor, line.actor),
        action_name(line.action),
        case_label(line.target),
        line.detail,
    )


@dataclass(frozen=True)
class TrailReport:
    """What a printed trail shows: the chosen entries newest first, the filter, the check."""

    rows: list[TrailRow]
    total: int  # entries in the whole trail
    filter_text: str
    chain_text: str
    chain_sound: bool


def trail_report(ws: Workspace, chosen: TrailFilter) -> TrailReport:
    """The filtered trail, ready to print (DSL only); writes nothing."""
    chosen.printable_case_text()  # a case filter that cannot be printed stops here
    lines, chain = audit_trail(ws)
    names = staff_names(ws)
    shown = filtered(lines, chosen)
    return TrailReport(
        [row_of(line, names) for line in reversed(shown)],
        len(lines),
        chosen.describe(names),
        chain_text(chain),
        chain.sound,
    )
