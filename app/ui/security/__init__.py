"""Staff accounts, locking, one instance, backups, crash handling and the audit viewer.

Components the app wires in (see each module):

- `LockController`: idle lock, lock when the computer is locked or suspended,
  and Hide now (Ctrl+Shift+H or F12 in any window) covering every window at once.
- `SingleInstance` / `instance_key`: a second launch brings the first forward.
- `AccountsDialog`, `BackupDialog`, `RestoreDialog`, `AuditViewer`.
- `auto_backup_on_close`, `daily_backup_if_due`, `damaged_database_prompt`.
- `install_crash_handler`: first thing at start-up.
- `throttled_unlock`: sign-in with a growing wait after wrong passwords.
"""

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
