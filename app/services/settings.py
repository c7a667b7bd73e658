"""School settings, declared once with their defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.errors import InvalidInput, NotAllowed
from app.models import Setting

if TYPE_CHECKING:
    from app.services.workspace import Workspace


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: str


# CEOP's own page for reporting online sexual abuse (no link is opened: it is read).
CEOP_ADDRESS = "https://www.ceop.police.uk/Safety-Centre/"
CEOP_CONTACT = f"CEOP Safety Centre, report online: {CEOP_ADDRESS}"
# Defaults that changed: a value still as the old default is read as the new one.
OLD_DEFAULTS = {"ceop_contact": "CEOP Safety Centre: report online"}

SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("school_name", "School name", ""),
    SettingSpec(
        "protective_marking",
        "Protective marking on printed records",
        "OFFICIAL-SENSITIVE: CHILD PROTECTION",
    ),
    SettingSpec("mash_contact", "MASH / children's social care contact", ""),
    SettingSpec("police_non_emergency", "Police (non-emergency)", "101"),
    SettingSpec("police_emergency", "Police (emergency)", "999"),
    SettingSpec("ceop_contact", "CEOP (online child sexual abuse)", CEOP_CONTACT),
    SettingSpec("review_interval_days", "Default days between reviews", "28"),
    SettingSpec("first_review_days", "Days from the plan to the first review", "14"),
    SettingSpec("training", "Training data (demo database)", "0"),
    SettingSpec("idle_lock_minutes", "Lock after this many idle minutes", "5"),
    SettingSpec("backup_folder", "Folder for automatic backups (a USB stick or share)", ""),
    # The identifier in the marker file Casebook wrote into that folder, so the
    # stick is known again whatever drive letter it has ("" before markers).
    SettingSpec("backup_folder_id", "Marker of the backup folder", ""),
    SettingSpec("backups_to_keep", "Automatic backups to keep", "10"),
    SettingSpec("last_backup_at", "When the last automatic backup was written", ""),
    # The SHA-256 of the key file that goes with this database, committed with
    # each account change (app.security.keyslots: changes whole or not at all).
    SettingSpec("keyslots_sha256", "Key file committed with the accounts", ""),
    # The user names whose password was set by the DSL (a first password, a reset):
    # they choose their own at their next sign-in (a JSON list; app.services.accounts).
    SettingSpec("passwords_to_change", "Accounts that must choose their own password", "[]"),
)
DEFAULTS = {s.key: s.default for s in SPECS}
# Kept by the app itself, not edited on the settings screen.
INTERNAL = frozenset(
    {"training", "last_backup_at", "backup_folder_id", "keyslots_sha256", "passwords_to_change"}
)
NUMBERS = {
    "review_interval_days": 365,
    "first_review_days": 365,
    "idle_lock_minutes": 120,
    "backups_to_keep": 100,
}


def read_all(session: Session) -> dict[str, str]:
    values = dict(DEFAULTS)
    for row in session.execute(select(Setting)).scalars():
        values[row.key] = row.value
    for key, old in OLD_DEFAULTS.items():
        if values.get(key) == old:
            values[key] = DEFAULTS[key]
    return values


def first_review_on(values: dict[str, str], today: date | None = None) -> date:
    """The first review date the plan suggests: the school's number of days from today."""
    text = values.get("first_review_days", "").strip()
    days = int(text) if text.isdigit() and int(text) > 0 else int(DEFAULTS["first_review_days"])
    return (today or date.today()) + timedelta(days=days)


def write(session: Session, key: str, value: str) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def update(ws: Workspace, changes: dict[str, str]) -> None:
    """Save settings the DSL edited; every change is in the audit trail (keys only)."""
    from app.services import audit

    if not ws.account.is_dsl:
        raise NotAllowed("Only the DSL can change the school's settings.")
    check(changes)
    if "backup_folder" in changes:
        changes = {**changes, "backup_folder_id": mark_backup_folder(changes["backup_folder"])}
    with ws.write() as s:
        for key, value in changes.items():
            write(s, key, value)
        ws.audit(
            s,
            audit.Action.CHANGED,
            audit.DATABASE_TARGET,
            "settings changed: " + ", ".join(sorted(changes)),
        )


def check(changes: dict[str, str]) -> None:
    """Refuse, with the setting's label, a change `update` would refuse."""
    unknown = set(changes) - (set(DEFAULTS) - INTERNAL)
    if unknown:
        raise InvalidInput(f"Unknown settings: {', '.join(sorted(unknown))}.")
    for key, value in changes.items():
        label = next(spec.label for spec in SPECS if spec.key == key)
        validation.text(value, label, max_length=500)
        if key in NUMBERS and not (value.strip().isdigit() and 0 < int(value) <= NUMBERS[key]):
            raise InvalidInput(f"{label}: enter a whole number from 1 to {NUMBERS[key]}.")


def mark_backup_folder(text: str) -> str:
    """Write the marker into a backup folder the DSL has just chosen; its identifier.

    The folder is created if only its last part is missing: the DSL is looking
    at that drive now. Later backups never create it (see backup_to_folder).
    """
    from app.storage import backup_folder

    if not text:
        return ""
    folder = Path(text)
    if not folder.is_absolute():
        raise InvalidInput("Backup folder: choose the whole path of a folder (use Choose…).")
    try:
        folder.mkdir(exist_ok=True)
        return backup_folder.mark(folder)
    except OSError as exc:
        raise InvalidInput(
            f"Casebook cannot write to {folder}: check the USB stick or share is plugged "
            "in and the folder can be written to. The settings were not saved."
        ) from exc
