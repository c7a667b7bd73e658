"""Windows behaviour reproduced on Linux, for tests of the code paths it would hit.

No Windows machine runs these tests, so each simulation follows what the
Windows C runtime and file system do:

- `TextModeFiles`: `os.open` without `os.O_BINARY` opens a file in text mode,
  and every `\\n` byte written through it becomes `\\r\\n`.
- `SharingViolations`: `os.replace` fails with `PermissionError` (WinError 32)
  while another program (antivirus, the indexer) still has the file open.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from app.storage import fileio

WINERROR_32 = "The process cannot access the file because it is being used by another process"

# Not a flag Linux's open(2) knows; stripped before the real call.
SIMULATED_O_BINARY = 0x10000000


class _TextModeFile:
    """What `os.fdopen(fd, "wb")` gives on Windows for a text-mode descriptor."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._raw.write(bytes(data).replace(b"\n", b"\r\n"))
        return len(data)  # as the C runtime reports it: the bytes it was given

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __enter__(self) -> _TextModeFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()


class TextModeFiles:
    """Installs the simulation; `.text_mode` lists the paths opened without O_BINARY."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.text_mode: list[Path] = []
        self._fds: set[int] = set()
        real_open, real_fdopen = os.open, os.fdopen
        monkeypatch.setattr(os, "O_BINARY", SIMULATED_O_BINARY, raising=False)

        def fake_open(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
            binary = bool(flags & SIMULATED_O_BINARY)
            fd = real_open(path, flags & ~SIMULATED_O_BINARY, mode, **kwargs)
            if flags & (os.O_WRONLY | os.O_RDWR) and not binary:
                self.text_mode.append(Path(os.fsdecode(path)))
                self._fds.add(fd)
            else:
                self._fds.discard(fd)
            return fd

        def fake_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, *args, **kwargs)
            if fd in self._fds and isinstance(handle, io.BufferedIOBase | io.RawIOBase):
                return _TextModeFile(handle)
            return handle

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "fdopen", fake_fdopen)


class SharingViolations:
    """The next `failures` renames fail as Windows fails them while a file is held open."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, failures: int) -> None:
        self.remaining = failures
        self.attempts = 0
        monkeypatch.setattr(fileio, "RETRY_SHARING_VIOLATIONS", True)
        # shutil.move renames with os.rename; the rest use os.replace.
        for name in ("replace", "rename"):
            monkeypatch.setattr(os, name, self._held_open(getattr(os, name)))

    def _held_open(self, real: Any) -> Any:
        def rename(src: Any, dst: Any, **kwargs: Any) -> None:
            self.attempts += 1
            if self.remaining != 0:
                self.remaining -= 1
                raise PermissionError(13, WINERROR_32, os.fsdecode(src))
            real(src, dst, **kwargs)

        return rename
