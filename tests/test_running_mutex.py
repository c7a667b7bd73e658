"""Windows setup sees a running Casebook through a named mutex (simulated on Linux)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.desktop import running_mutex

ROOT = Path(__file__).resolve().parent.parent


class FakeKernel32:
    """CreateMutexW as Windows answers it: a handle, or 0 for a refused name."""

    def __init__(self, refuse: str = "") -> None:
        self.created: list[str] = []
        self._refuse = refuse

    def CreateMutexW(self, _security: object, _owned: bool, name: str) -> int:  # noqa: N802
        if name == self._refuse:
            return 0
        self.created.append(name)
        return 100 + len(self.created)


@pytest.fixture(autouse=True)
def _nothing_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(running_mutex, "_held", [])


def test_casebook_holds_the_mutexes_the_installer_checks() -> None:
    kernel = FakeKernel32()
    handles = running_mutex.hold_running_mutex(kernel)
    assert kernel.created == ["CasebookRunning", "Global\\CasebookRunning"]
    assert len(handles) == 2
    iss = (ROOT / "installer" / "windows" / "casebook.iss").read_text(encoding="utf-8")
    named = re.search(r"^AppMutex=(.+)$", iss, re.M)
    assert named is not None
    assert named.group(1).split(",") == list(running_mutex.MUTEX_NAMES)
    assert "CloseApplications=no" in iss


def test_the_mutexes_are_made_once_per_run() -> None:
    kernel = FakeKernel32()
    running_mutex.hold_running_mutex(kernel)
    running_mutex.hold_running_mutex(kernel)
    assert len(kernel.created) == 2


def test_a_refused_machine_wide_name_still_leaves_the_session_one() -> None:
    kernel = FakeKernel32(refuse="Global\\CasebookRunning")
    assert len(running_mutex.hold_running_mutex(kernel)) == 1


def test_elsewhere_nothing_is_made() -> None:
    assert running_mutex.hold_running_mutex() == []
