"""Per-user or shared records on a Windows laptop (the registry and icacls simulated)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import pytest

from app.storage import data_location
from app.storage.data_location import DataLocation, MachineSetting


class FakeKey:
    def __enter__(self) -> FakeKey:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None


class FakeWinreg:
    """The two calls Casebook makes, answering from a dict as HKLM would."""

    HKEY_LOCAL_MACHINE = object()

    def __init__(self, values: dict[str, str] | None) -> None:
        self.values = values

    def OpenKey(self, root: object, path: str) -> FakeKey:  # noqa: N802
        assert root is self.HKEY_LOCAL_MACHINE and path == r"SOFTWARE\Casebook"
        if self.values is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return FakeKey()

    def QueryValueEx(self, _key: FakeKey, name: str) -> tuple[str, int]:  # noqa: N802
        assert self.values is not None
        if name not in self.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return self.values[name], 1


def test_without_a_machine_setting_each_account_has_its_own_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CASEBOOK_DB")
    location = data_location.current(lambda: None)
    assert location.model == "per-user"
    assert location.db_path == data_location.per_user_folder() / "casebook.db"
    assert "This account's own records" in location.describe()


def test_the_installers_setting_points_every_account_at_one_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CASEBOOK_DB")
    monkeypatch.setenv("ProgramData", r"C:\ProgramData")
    reg = FakeWinreg({"DataFolder": r"%ProgramData%\Casebook\Data", "UsersGroup": "DSL team"})
    setting = data_location.read_windows_setting(reg)
    assert setting == MachineSetting(Path(r"C:\ProgramData\Casebook\Data"), "DSL team")
    location = data_location.current(lambda: setting)
    assert location.model == "shared"
    assert location.db_path == Path(r"C:\ProgramData\Casebook\Data") / "casebook.db"
    assert "'DSL team'" in location.describe()


def test_no_key_or_an_empty_folder_means_per_user() -> None:
    assert data_location.read_windows_setting(FakeWinreg(None)) is None
    assert data_location.read_windows_setting(FakeWinreg({"DataFolder": "  "})) is None


def test_a_missing_group_name_takes_the_installers_default() -> None:
    setting = data_location.read_windows_setting(FakeWinreg({"DataFolder": r"D:\Casebook"}))
    assert setting is not None and setting.group == "Casebook Users"


def test_db_or_the_environment_still_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_DB", str(tmp_path / "x.db"))
    setting = MachineSetting(Path(r"C:\ProgramData\Casebook\Data"), "Casebook Users")
    assert data_location.current(lambda: setting) == DataLocation(tmp_path / "x.db", "chosen")


# Forward slashes, so that the folder is the parent on Linux as on Windows.
SHARED = DataLocation(Path("C:/ProgramData/Casebook/Data/casebook.db"), "shared", "Casebook Users")

# What `icacls` prints for the folder the installer restricts (inheritance removed).
RESTRICTED = r"""C:\ProgramData\Casebook\Data LAPTOP-7\Casebook Users:(OI)(CI)(M)
                             NT AUTHORITY\SYSTEM:(OI)(CI)(F)
                             BUILTIN\Administrators:(OI)(CI)(F)

Successfully processed 1 files; Failed processing 0 files
"""
# ...and for a folder left with ProgramData's inherited list: every user can read it.
INHERITED = r"""C:\ProgramData\Casebook\Data NT AUTHORITY\SYSTEM:(I)(OI)(CI)(F)
                             BUILTIN\Administrators:(I)(OI)(CI)(F)
                             CREATOR OWNER:(I)(OI)(CI)(IO)(F)
                             BUILTIN\Users:(I)(OI)(CI)(RX)
                             BUILTIN\Users:(I)(CI)(WD,AD,WEA,WA)

Successfully processed 1 files; Failed processing 0 files
"""


def test_a_restricted_shared_folder_passes_the_access_check() -> None:
    assert data_location.shared_folder_problem(SHARED, lambda _folder: RESTRICTED) is None


def test_a_shared_folder_every_account_can_open_is_reported_calmly() -> None:
    problem = data_location.shared_folder_problem(SHARED, lambda _folder: INHERITED)
    assert problem is not None
    assert "C:/ProgramData/Casebook/Data can be opened" in problem
    assert "BUILTIN\\Users" in problem and "'Casebook Users'" in problem
    assert problem.count("BUILTIN\\Users") == 1


def test_a_deny_entry_for_everyone_is_not_an_opening() -> None:
    listing = RESTRICTED.replace(
        "BUILTIN\\Administrators:(OI)(CI)(F)",
        "BUILTIN\\Administrators:(OI)(CI)(F)\n      Everyone:(DENY)(OI)(CI)(F)",
    )
    assert data_location.shared_folder_problem(SHARED, lambda _folder: listing) is None


def test_the_check_is_only_for_the_shared_model_and_never_fails_on_a_missing_icacls() -> None:
    own = DataLocation(Path("/home/dsl/.local/share/Casebook/casebook.db"), "per-user")
    assert data_location.shared_folder_problem(own, lambda _folder: INHERITED) is None

    def no_icacls(_folder: Path) -> str:
        raise FileNotFoundError("icacls")

    assert data_location.shared_folder_problem(SHARED, no_icacls) is None
    # Off Windows, with nothing to run, nothing is checked.
    assert data_location.shared_folder_problem(SHARED) is None
