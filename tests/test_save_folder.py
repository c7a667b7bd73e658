"""Saved PDFs start in a known folder and a OneDrive folder is named (Windows simulated)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage import save_folder


def test_the_save_dialog_starts_in_documents_not_the_program_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(save_folder.platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.chdir(tmp_path)  # as if started from C:\Program Files\Casebook
    path = save_folder.suggested_path("case-2026-0001.pdf")
    assert path == documents / "case-2026-0001.pdf"
    assert path.is_absolute()


def test_the_last_folder_used_is_offered_again_while_it_exists(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    assert save_folder.suggested_path("x.pdf", str(stick)) == stick / "x.pdf"
    gone = tmp_path / "unplugged"
    assert save_folder.suggested_path("x.pdf", str(gone)).parent != gone


def test_without_documents_the_home_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        save_folder.platformdirs, "user_documents_dir", lambda: str(tmp_path / "no")
    )
    monkeypatch.setenv("HOME", str(tmp_path))
    assert save_folder.default_folder() == tmp_path


@pytest.mark.parametrize("variable", ["OneDrive", "OneDriveCommercial", "OneDriveConsumer"])
def test_a_folder_synced_by_onedrive_is_warned_about(tmp_path: Path, variable: str) -> None:
    root = tmp_path / "OneDrive - St Aidan's"
    target = root / "Documents" / "case.pdf"
    env = {variable: str(root)}
    assert save_folder.synced_folder(target, env) == root
    warning = save_folder.synced_warning(target, env)
    assert warning is not None and "OneDrive" in warning and "unencrypted" in warning


def test_a_local_folder_or_a_look_alike_name_is_not_synced(tmp_path: Path) -> None:
    env = {"OneDrive": str(tmp_path / "OneDrive")}
    assert save_folder.synced_warning(tmp_path / "Documents" / "case.pdf", env) is None
    assert save_folder.synced_warning(tmp_path / "OneDrive-old" / "case.pdf", env) is None
    assert save_folder.synced_warning(tmp_path / "case.pdf", {}) is None
