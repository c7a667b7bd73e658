"""Staff accounts, locking, one instance, backups, crash handling and the audit viewer.

Components the app wires in (see each module):

- `LockController`: idle lock, lock when the computer is locked or suspended,
  and Hide now (Ctrl+Shift+H or F12 in any window) covering every window at once.
- `SingleInstance` / `instance_key`: a second launch brings the first forward.
- `AccountsDialog`, `BackupDialog`, `RestoreDialog`, `AuditViewer`.
- `auto_backup_on_close`, `daily_backup_if_due`, `damaged_database_prompt`.
- `install_crash_handler`: first thing at start-up.
- `throttled_unlock`: sign-in with a growing wait after wrong passwords.

Each name is loaded from its module on first use (PEP 562): the start-up path
needs the crash handler and the single-instance check, not the dialogs behind
them, which bring in SQLAlchemy and the services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.lazy_names import resolve

if TYPE_CHECKING:
    from app.ui.security.accounts_dialog import AccountsDialog
    from app.ui.security.audit_viewer import AuditViewer
    from app.ui.security.backups import (
        BackupDialog,
        DamagedDatabaseDialog,
        RestoreDialog,
        auto_backup_on_close,
        daily_backup_if_due,
        damaged_database_prompt,
    )
    from app.ui.security.common import SAFE_WHEN_LOCKED
    from app.ui.security.crash import CrashDialog, CrashHandler, install_crash_handler
    from app.ui.security.lock import (
        HIDE_NOW_KEYS,
        LockController,
        LockReason,
        password_checker,
    )
    from app.ui.security.signin import SignInWait, throttled_unlock
    from app.ui.security.single_instance import SingleInstance, bring_to_front, instance_key

# name -> the module (under app.ui.security) that defines it.
_HOMES = {
    "AccountsDialog": "accounts_dialog",
    "AuditViewer": "audit_viewer",
    "BackupDialog": "backups",
    "DamagedDatabaseDialog": "backups",
    "RestoreDialog": "backups",
    "auto_backup_on_close": "backups",
    "daily_backup_if_due": "backups",
    "damaged_database_prompt": "backups",
    "SAFE_WHEN_LOCKED": "common",
    "CrashDialog": "crash",
    "CrashHandler": "crash",
    "install_crash_handler": "crash",
    "HIDE_NOW_KEYS": "lock",
    "LockController": "lock",
    "LockReason": "lock",
    "password_checker": "lock",
    "SignInWait": "signin",
    "throttled_unlock": "signin",
    "SingleInstance": "single_instance",
    "bring_to_front": "single_instance",
    "instance_key": "single_instance",
}
_MODULES = {name: f"{__name__}.{home}" for name, home in _HOMES.items()}


def __getattr__(name: str) -> Any:
    return resolve(__name__, globals(), _MODULES, name)


__all__ = [
    "HIDE_NOW_KEYS",
    "SAFE_WHEN_LOCKED",
    "AccountsDialog",
    "AuditViewer",
    "BackupDialog",
    "CrashDialog",
    "CrashHandler",
    "DamagedDatabaseDialog",
    "LockController",
    "LockReason",
    "RestoreDialog",
    "SignInWait",
    "SingleInstance",
    "auto_backup_on_close",
    "bring_to_front",
    "daily_backup_if_due",
    "damaged_database_prompt",
    "install_crash_handler",
    "instance_key",
    "password_checker",
    "throttled_unlock",
]
