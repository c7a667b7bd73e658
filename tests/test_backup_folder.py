"""The backup stick is recognised by its marker, whatever drive letter it has now."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import CasebookError, InvalidInput
from app.services import backup, settings
from app.services.workspace import Workspace
from app.storage import backup_folder
from app.storage.backup_folder import NotTheBackupFolder


def test_the_marked_folder_passes_the_check(tmp_path: Path) -> None:
    stick = tmp_path / "E" / "Casebook backups"
    stick.mkdir(parents=True)
    ident = backup_folder.mark(stick)
    backup_folder.check(stick, ident)
    assert backup_folder.mark(stick) == ident  # choosing it again keeps the same id


def test_another_stick_under_the_same_letter_is_refused(tmp_path: Path) -> None:
    ours = tmp_path / "ours"
    ours.mkdir()
    ident = backup_folder.mark(ours)
    # Windows gave "E:" to a different stick, which happens to have the same folder.
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(NotTheBackupFolder, match="drive letter may now belong"):
        backup_folder.check(other, ident)
    backup_folder.mark(other)  # even another Casebook's backup folder
    with pytest.raises(NotTheBackupFolder):
        backup_folder.check(other, ident)
    assert list(other.iterdir()) == [other / backup_folder.MARKER_NAME]


def test_an_unplugged_stick_is_named_and_nothing_is_created(tmp_path: Path) -> None:
    gone = tmp_path / "E" / "Casebook backups"
    with pytest.raises(NotTheBackupFolder, match="is not there"):
        backup_folder.check(gone, "abc")
    assert not gone.exists()
    assert not (tmp_path / "E").exists()


def test_a_damaged_marker_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / backup_folder.MARKER_NAME).write_text("{not json", encoding="utf-8")
    assert backup_folder.read_marker(tmp_path) == ""
    with pytest.raises(NotTheBackupFolder):
        backup_folder.check(tmp_path, "abc")


def test_a_folder_saved_before_markers_is_accepted_once(tmp_path: Path) -> None:
    backup_folder.check(tmp_path, "")


# -- the saved folder, as School > Backups and the automatic backups use it ----------


def _save_folder(ws: Workspace, folder: Path) -> None:
    settings.update(ws, {"backup_folder": str(folder)})


def test_saving_a_folder_marks_it_and_backups_go_there(ws: Workspace, tmp_path: Path) -> None:
    stick = tmp_path / "E" / "Casebook backups"
    stick.parent.mkdir()
    _save_folder(ws, stick)  # the last part is made: the DSL named it on the drive they see
    ident = ws.settings()["backup_folder_id"]
    assert ident and backup_folder.read_marker(stick) == ident
    written = backup.backup_to_folder(ws)
    assert written.parent == stick and backup.saved_folder_problem(ws) is None


def test_another_stick_with_the_saved_letter_gets_no_backup(ws: Workspace, tmp_path: Path) -> None:
    stick = tmp_path / "E"
    _save_folder(ws, stick)
    backup.backup_to_folder(ws)
    stick.rename(tmp_path / "our stick, in a drawer")
    stick.mkdir()  # a visitor's stick, now given the same letter
    (stick / "holiday.jpg").write_bytes(b"not ours")
    with pytest.raises(NotTheBackupFolder, match="drive letter may now belong") as refused:
        backup.backup_to_folder(ws)
    assert backup.saved_folder_problem(ws) == str(refused.value)
    assert [p.name for p in stick.iterdir()] == ["holiday.jpg"]
    assert ws.settings()["last_backup_at"]  # the first one's time: nothing new claimed


def test_an_unplugged_stick_is_never_created_again(ws: Workspace, tmp_path: Path) -> None:
    stick = tmp_path / "E" / "Casebook backups"
    stick.parent.mkdir()
    _save_folder(ws, stick)
    stick.rename(tmp_path / "away")
    (tmp_path / "E").rmdir()  # the whole drive is gone
    with pytest.raises(NotTheBackupFolder, match="is not there"):
        backup.backup_to_folder(ws)
    assert not (tmp_path / "E").exists()


def test_a_folder_saved_before_markers_is_accepted_once_then_known(
    ws: Workspace, tmp_path: Path
) -> None:
    stick = tmp_path / "E"
    stick.mkdir()
    with ws.write() as s:  # as an older Casebook saved it: a path and no marker
        settings.write(s, "backup_folder", str(stick))
    backup.backup_to_folder(ws)
    ident = ws.settings()["backup_folder_id"]
    assert ident and backup_folder.read_marker(stick) == ident
    stick.rename(tmp_path / "ours")
    stick.mkdir()
    with pytest.raises(NotTheBackupFolder):
        backup.backup_to_folder(ws)
    assert list(stick.iterdir()) == []


def test_a_folder_that_cannot_be_used_is_not_saved(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="whole path"):
        settings.update(ws, {"backup_folder": "backups"})
    with pytest.raises(InvalidInput, match="cannot write to"):
        settings.update(ws, {"backup_folder": str(tmp_path / "F" / "not plugged in")})
    assert not (tmp_path / "F").exists()
    assert ws.settings()["backup_folder"] == "" and ws.settings()["backup_folder_id"] == ""
    with pytest.raises(InvalidInput, match="Unknown settings"):
        settings.update(ws, {"backup_folder_id": "abc"})  # kept by Casebook alone


def test_clearing_the_folder_forgets_its_marker(ws: Workspace, tmp_path: Path) -> None:
    _save_folder(ws, tmp_path / "E")
    settings.update(ws, {"backup_folder": ""})
    assert ws.settings()["backup_folder_id"] == ""
    assert not backup.daily_backup_due(ws)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_folder_that_does_not_exist_is_refused_unless_asked_to_create_it(
    ws: Workspace, tmp_path: Path
) -> None:
    drive = tmp_path / "media" / "usb"  # a mount point left on the laptop: the stick is out
    drive.mkdir(parents=True)
    folder = drive / "Casebook backups"
    with pytest.raises(backup.FolderMissing, match="does not exist, so nothing was written"):
        backup.backup_to_folder(ws, folder)
    assert not folder.exists() and ws.settings()["last_backup_at"] == ""
    # The DSL asks for it: the folder is made (only its last part), then backed up into.
    backup.create_folder(ws, folder)
    assert folder.is_dir()
    assert len(backup.list_backups(folder)) == 0
    backup.backup_to_folder(ws, folder)
    assert len(backup.list_backups(folder)) == 1
    # Never a whole path of folders: a drive that is not there stays not there.
    with pytest.raises(CasebookError, match="cannot make the folder"):
        backup.create_folder(ws, tmp_path / "E" / "Casebook backups")
    assert not (tmp_path / "E").exists()


def test_saving_a_new_folder_backs_up_into_it_first(ws: Workspace, tmp_path: Path) -> None:
    good = tmp_path / "good stick"
    good.mkdir()
    written = backup.save_backup_folder(ws, good, "4")
    assert written is not None and written.parent == good
    assert written.name.endswith("-by-hand.casebook")
    chosen = ws.settings()
    assert chosen["backup_folder"] == str(good) and chosen["backups_to_keep"] == "4"
    assert backup_folder.read_marker(good) == chosen["backup_folder_id"] != ""
    before = _files(good)
    # A folder a backup cannot be written to is never saved; the working one stays.
    for bad in (Path("/proc"), tmp_path / "not plugged in"):
        with pytest.raises(CasebookError):
            backup.save_backup_folder(ws, bad, "4")
        assert ws.settings() == chosen
    with pytest.raises(InvalidInput, match="whole number"):
        backup.save_backup_folder(ws, tmp_path, "0")
    assert ws.settings() == chosen and _files(good) == before
    assert not (tmp_path / "not plugged in").exists()


def test_a_folder_on_the_databases_own_disk_is_known(tmp_path: Path) -> None:
    db = tmp_path / "school" / "casebook.db"
    db.parent.mkdir()
    assert backup_folder.same_disk(tmp_path / "backups", db)  # not made yet: its disk counts
    if Path("/proc/self").exists():  # Linux: /proc is a device of its own
        assert not backup_folder.same_disk(Path("/proc"), db)
    # On Windows, by drive letter (or share), whatever the case.
    on = {"windows": True}
    assert backup_folder.same_disk(Path("c:\\Casebook backups"), Path("C:\\Users\\db"), **on)
    assert not backup_folder.same_disk(Path("E:\\Casebook backups"), Path("C:\\db"), **on)
    assert not backup_folder.same_disk(Path("\\\\server\\share\\b"), Path("C:\\db"), **on)
