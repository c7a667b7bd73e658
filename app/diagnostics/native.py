"""Native crashes (a fault inside Qt, say) written where IT can find them.

`faulthandler` writes the Python threads' code paths (file, line, function:
no values) to `native-crash.log` in this account's logs folder when the
process dies of a fatal signal, where no Python handler can run. The file is
opened once at start (cheap: no import beyond the built-in module), owner-only;
each run adds one line saying which Casebook started when, so a crash below it
is dated. Past 1 MB the file is moved to `native-crash.log.1`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import IO

from app import __version__
from app.diagnostics import crashlog
from app.storage.fileio import OWNER_ONLY_FILE, ensure_private_dir

NATIVE_NAME = "native-crash.log"
MAX_BYTES = 1_000_000

_file: IO[str] | None = None


def native_log(folder: Path | None = None) -> Path:
    return (folder or crashlog.logs_dir()) / NATIVE_NAME


def enable(folder: Path | None = None) -> Path | None:
    """Write native crashes to the file from now on; None when it cannot be opened
    (never a reason for Casebook not to start)."""
    global _file
    import faulthandler

    path = native_log(folder)
    try:
        ensure_private_dir(path.parent)
        if path.exists() and path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, OWNER_ONLY_FILE)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, OWNER_ONLY_FILE)
        file = os.fdopen(fd, "a", encoding="utf-8")
        # The local time as datetime's isoformat gives it, without loading datetime.
        file.write(
            f"--- Casebook {__version__} started {time.strftime('%Y-%m-%dT%H:%M:%S')}"
            f" (process {os.getpid()}); a native crash of this run is written below\n"
        )
        file.flush()
    except OSError:
        return None
    faulthandler.enable(file=file, all_threads=True)
    previous, _file = _file, file
    if previous is not None:
        previous.close()
    return path


def disable() -> None:
    global _file
    import faulthandler

    faulthandler.disable()
    file, _file = _file, None
    if file is not None:
        file.close()
