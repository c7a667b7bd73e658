"""One instance per database: a second launch hands over to the first (two real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.ui.security.single_instance import SingleInstance, instance_key

REPO = Path(__file__).resolve().parents[2]

FIRST = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from app.ui.qt import QApplication, QTimer
    from app.ui.security.single_instance import SingleInstance

    app = QApplication([])
    instance = SingleInstance(sys.argv[1])
    if not instance.is_primary():
        print("not primary", flush=True)
        sys.exit(2)

    def shown():
        print("show", flush=True)
        QTimer.singleShot(50, lambda: app.exit(0))

    instance.show_requested.connect(shown)
    QTimer.singleShot(30_000, lambda: app.exit(3))  # never hang the test run
    print("ready", flush=True)
    sys.exit(app.exec())
    """
)

SECOND = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from app.ui.qt import QApplication
    from app.ui.security.single_instance import SingleInstance

    app = QApplication([])
    instance = SingleInstance(sys.argv[1])
    if instance.is_primary():
        print("primary", flush=True)
        instance.close()
        sys.exit(0 if sys.argv[2] == "expect-primary" else 4)
    if sys.argv[2] == "expect-primary":
        sys.exit(6)
    sys.exit(0 if instance.send_show() else 5)
    """
)

pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _script(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _start_first(tmp_path: Path, key: str) -> subprocess.Popen[str]:
    first = subprocess.Popen(
        [sys.executable, str(_script(tmp_path, "first.py", FIRST)), key],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_env(),
        cwd=REPO,
    )
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "ready"
    return first


def _second(tmp_path: Path, key: str, expect: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(_script(tmp_path, "second.py", SECOND)), key, expect],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        timeout=60,
    )


def test_a_second_launch_hands_over_to_the_first_and_exits_0(tmp_path: Path) -> None:
    key = instance_key(tmp_path / "school" / "casebook.db")
    first = _start_first(tmp_path, key)
    try:
        second = _second(tmp_path, key, "expect-second")
        assert second.returncode == 0, second.stdout
        out, _ = first.communicate(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert out.strip() == "show"  # the first received "show" before the second exited 0
    assert first.returncode == 0


def test_after_the_first_is_killed_the_next_launch_is_first(tmp_path: Path) -> None:
    key = instance_key(tmp_path / "casebook.db")
    first = _start_first(tmp_path, key)
    first.kill()  # a crash or kill -9: its lock and socket are left behind
    first.wait()
    assert first.stdout is not None
    first.stdout.close()
    again = _second(tmp_path, key, "expect-primary")
    assert again.returncode == 0, again.stdout
    assert again.stdout.strip() == "primary"


def test_the_key_is_stable_per_database_and_differs_between_databases(tmp_path: Path) -> None:
    db = tmp_path / "school" / "casebook.db"
    assert instance_key(db) == instance_key(tmp_path / "school" / ".." / "school" / "casebook.db")
    assert instance_key(db) != instance_key(tmp_path / "other" / "casebook.db")
    assert instance_key(db).startswith("casebook-") and len(instance_key(db)) == 33
    assert str(tmp_path) not in instance_key(db)  # the path itself is not published


def test_one_process_is_first_only_once_per_key(tmp_path: Path) -> None:
    key = instance_key(tmp_path / "casebook.db")
    first = SingleInstance(key)
    try:
        assert first.is_primary()
        assert first.is_primary()  # decided once
        assert not SingleInstance(key).is_primary()
    finally:
        first.close()
    later = SingleInstance(key)
    try:
        assert later.is_primary()  # closed cleanly: the next one takes over
    finally:
        later.close()
