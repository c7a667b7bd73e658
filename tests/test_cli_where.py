"""`casebook where`: which records this computer opens, for IT staff."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cli
from app.storage import data_location
from app.storage.data_location import DataLocation


def test_where_names_the_database_and_says_it_is_not_there_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "casebook.db"
    assert cli.main(["where", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Database: {db} (not created yet)" in out
    assert f"Key file: {db}.keys" in out
    assert "chosen with --db" in out


def test_where_reports_a_shared_folder_every_account_can_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = DataLocation(tmp_path / "Data" / "casebook.db", "shared", "Casebook Users")
    monkeypatch.setattr(data_location, "current", lambda: shared)
    monkeypatch.setattr(
        data_location,
        "_windows_icacls",
        lambda: lambda _folder: f"{tmp_path / 'Data'} BUILTIN\\Users:(I)(OI)(CI)(RX)\n",
    )
    assert cli.main(["where"]) == cli.EXIT_UNSOUND
    captured = capsys.readouterr()
    assert "Shared records" in captured.out and "'Casebook Users'" in captured.out
    assert captured.err.startswith("PROBLEM: The shared Casebook folder")
