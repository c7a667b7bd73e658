"""School settings, declared once with their defaults."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: str


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
    SettingSpec(
        "ceop_contact", "CEOP (online child sexual abuse)", "CEOP Safety Centre: report online"
    ),
    SettingSpec("review_interval_days", "Default days between reviews", "28"),
    SettingSpec("training", "Training data (demo database)", "0"),
    SettingSpec("idle_lock_minutes", "Lock after this many idle minutes", "5"),
    SettingSpec("backup_folder", "Folder for automatic backups (a USB stick or share)", ""),
    SettingSpec("backups_to_keep", "Automatic backups to keep", "10"),
    SettingSpec("last_backup_at", "When the last automatic backup was written", ""),
)
DEFAULTS = {s.key: s.default for s in SPECS}


def read_all(session: Session) -> dict[str, str]:
    values = dict(DEFAULTS)
    for row in session.execute(select(Setting)).scalars():
        values[row.key] = row.value
    return values


def write(session: Session, key: str, value: str) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
