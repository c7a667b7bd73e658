"""Where the records live: one Windows account's own folder, or one folder that
the DSL and deputies share on the same laptop.

Two models, chosen by IT when Casebook is installed:
- **per-user** (the default): each Windows account has its own database in its
  own `%LOCALAPPDATA%\\Casebook` (on macOS and Linux, the user's data folder).
- **shared**: one database in a machine-wide folder (for example
  `C:\\ProgramData\\Casebook\\Data`), found by every account through a
  machine-wide setting, and readable only by a local group of Casebook users
  through the folder's access list. On Windows `chmod` protects nothing, so the
  access list is what keeps other accounts out; `shared_folder_problem` checks it.

The machine-wide setting is the registry key `HKEY_LOCAL_MACHINE\\SOFTWARE\\Casebook`
(values `DataFolder` and `UsersGroup`), written by the installer. The shared
model is Windows only: on macOS and Linux each account keeps its own records
(owner-only file permissions would lock a second account out). No Qt in here.
"""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, NamedTuple

from app import APP_NAME

DB_ENV = "CASEBOOK_DB"
DB_FILE = "casebook.db"
REGISTRY_KEY = r"SOFTWARE\Casebook"
FOLDER_VALUE = "DataFolder"
GROUP_VALUE = "UsersGroup"
DEFAULT_GROUP = "Casebook Users"

Model = Literal["per-user", "shared", "chosen"]

# Accounts that mean "everybody on this laptop" in an access list.
_EVERYONE = (
    "everyone",
    "builtin\\users",
    "nt authority\\authenticated users",
    "nt authority\\interactive",
)


# Named tuples, and platformdirs and subprocess imported where used: this module
# is on the path to the first window, which should not wait for them.
class DataLocation(NamedTuple):
    db_path: Path
    model: Model
    group: str = ""  # the shared model's local group

    def describe(self) -> str:
        """One sentence for IT staff and the About box."""
        folder = self.db_path.parent
        if self.model == "shared":
            return (
                f"Shared records: every Windows account in the group '{self.group}' "
                f"uses the database in {folder}."
            )
        if self.model == "chosen":
            return f"Records in a folder chosen with --db or {DB_ENV}: {folder}."
        return f"This account's own records, in {folder}."


class MachineSetting(NamedTuple):
    folder: Path
    group: str


SettingReader = Callable[[], MachineSetting | None]


def per_user_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def read_windows_setting(winreg: object | None = None) -> MachineSetting | None:
    """HKLM\\SOFTWARE\\Casebook, as the installer wrote it; None when absent."""
    reg: Any = winreg if winreg is not None else _windows_registry()
    if reg is None:
        return None
    try:
        with reg.OpenKey(reg.HKEY_LOCAL_MACHINE, REGISTRY_KEY) as key:
            folder, _kind = reg.QueryValueEx(key, FOLDER_VALUE)
            try:
                group, _kind = reg.QueryValueEx(key, GROUP_VALUE)
            except OSError:
                group = DEFAULT_GROUP
    except OSError:
        return None
    # A Windows value: %ProgramData% and the like, expanded as Windows does.
    folder = ntpath.expandvars(str(folder)).strip()
    if not folder:
        return None
    return MachineSetting(Path(folder), str(group).strip() or DEFAULT_GROUP)


def _windows_registry() -> Any:
    if sys.platform == "win32":
        import winreg

        return winreg
    return None


def machine_setting() -> MachineSetting | None:
    return read_windows_setting()


def current(read_setting: SettingReader = machine_setting) -> DataLocation:
    """`CASEBOOK_DB` if set; otherwise the machine-wide folder if IT chose one;
    otherwise this account's own folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return DataLocation(Path(override).expanduser(), "chosen")
    setting = read_setting()
    if setting is not None:
        return DataLocation(setting.folder / DB_FILE, "shared", setting.group)
    return DataLocation(per_user_folder() / DB_FILE, "per-user")


def open_to_everyone(icacls_output: str) -> list[str]:
    """The accounts meaning "everybody" that an `icacls FOLDER` listing lets in."""
    found: list[str] = []
    for line in icacls_output.splitlines():
        entry = line.strip()
        # The first line starts with the folder itself: "C:\\...\\Data NT AUTHORITY\\..."
        for who in _EVERYONE:
            position = entry.lower().find(who + ":")
            if position != -1 and "(DENY)" not in entry[position:].upper():
                found.append(entry[position : position + len(who)])
    return found


def shared_folder_problem(
    location: DataLocation,
    run_icacls: Callable[[Path], str] | None = None,
) -> str | None:
    """A sentence for IT when the shared folder's access list lets every account in.

    Only for the shared model on Windows (or when `run_icacls` is given, as the
    tests do); None when the list is right or cannot be read.
    """
    if location.model != "shared":
        return None
    if run_icacls is None:
        run_icacls = _windows_icacls()
        if run_icacls is None:
            return None
    folder = location.db_path.parent
    try:
        listing = run_icacls(folder)
    except OSError:
        return None
    everyone = open_to_everyone(listing)
    if not everyone:
        return None
    return (
        f"The shared Casebook folder {folder} can be opened by every account on this "
        f"laptop ({', '.join(dict.fromkeys(everyone))}), not only by the group "
        f"'{location.group}'. The records are still encrypted, but ask IT to restrict "
        'the folder (installer\\README.md, "One set of records for several Windows accounts").'
    )


def _windows_icacls() -> Callable[[Path], str] | None:
    return _icacls if sys.platform == "win32" else None


def _icacls(folder: Path) -> str:
    import subprocess

    try:
        done = subprocess.run(
            ["icacls", str(folder)], capture_output=True, text=True, timeout=10, check=False
        )
    except subprocess.SubprocessError as error:  # a hung icacls: no answer, not a problem
        raise OSError(str(error)) from error
    return done.stdout
