"""One Casebook per user and database: the lock in this user's own runtime folder,
and a second launch that says so when the first hangs (real processes)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.storage import paths
from app.ui.app import NOT_ANSWERING
from app.ui.security.single_instance import SingleInstance, instance_key

ROOT = Path(__file__).resolve().parent.parent
POSIX = sys.platform != "win32"


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", **extra}


def test_the_key_differs_between_users_of_one_database(tmp_path: Path) -> None:
    db = tmp_path / "Data" / "casebook.db"
    assert instance_key(db, "1000") == instance_key(db, "1000")
    assert instance_key(db, "1000") != instance_key(db, "1001")
    assert instance_key(db) == instance_key(db, str(os.getuid()) if POSIX else None)
    assert "1000" not in instance_key(db, "1000")  # neither user nor path is published


@pytest.mark.skipif(not POSIX, reason="XDG_RUNTIME_DIR is a Linux folder")
def test_the_lock_sits_in_this_users_runtime_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    instance = SingleInstance(instance_key(tmp_path / "casebook.db"))
    try:
        assert instance.is_primary(listen=False)
        assert instance.lock_path.parent == runtime / "Casebook"
        assert instance.lock_path.exists()
        assert stat.S_IMODE((runtime / "Casebook").stat().st_mode) == 0o700
    finally:
        instance.close()


@pytest.mark.skipif(not POSIX, reason="XDG_RUNTIME_DIR is a Linux folder")
def test_a_runtime_folder_others_can_open_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    assert paths.runtime_dir() == paths.data_dir() / "run"
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert paths.runtime_dir() == paths.data_dir() / "run"


# A first Casebook that holds the lock and its socket, then hangs: its event loop never runs.
HUNG = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.ui.qt import QApplication
    from app.ui.security.single_instance import SingleInstance, instance_key

    app = QApplication([])
    instance = SingleInstance(instance_key(Path(sys.argv[1])))
    assert instance.is_primary()
    print("ready", flush=True)
    time.sleep(60)
    """
)

# A second launch as `casebook` makes it, with the message box read and closed
# as a user would: what it says is printed, then OK is pressed.
SECOND = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.ui.qt import QApplication, QMessageBox, QTimer
    from app.ui.app import run_gui

    app = QApplication([])

    def read_the_box():
        for widget in app.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                print("box:", widget.text(), flush=True)
                widget.accept()
                return
        QTimer.singleShot(50, read_the_box)

    QTimer.singleShot(50, read_the_box)
    sys.exit(run_gui(Path(sys.argv[1])))
    """
)


@pytest.mark.slow
def test_a_second_launch_says_the_first_is_not_answering(tmp_path: Path) -> None:
    db = tmp_path / "school" / "casebook.db"
    # The socket the killed first leaves behind stays in this test's folder.
    hung = subprocess.Popen(
        [sys.executable, "-c", HUNG, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_env(TMPDIR=str(tmp_path)),
        cwd=ROOT,
    )
    try:
        assert hung.stdout is not None
        assert hung.stdout.readline().strip() == "ready"
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-c", SECOND, str(db)],
            capture_output=True,
            text=True,
            env=_env(TMPDIR=str(tmp_path)),
            cwd=ROOT,
            timeout=90,
        )
        waited = time.monotonic() - started
    finally:
        hung.kill()
        hung.wait()
    assert second.returncode == 1, second.stderr
    assert f"box: {NOT_ANSWERING}" in second.stdout
    assert f"casebook: {NOT_ANSWERING}" in second.stderr.splitlines()  # offscreen Qt adds notes
    assert "Traceback" not in second.stderr
    assert waited < 60
    assert not db.exists()  # nothing was created for the database
