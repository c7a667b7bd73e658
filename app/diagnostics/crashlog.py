"""Crash logs that help IT without holding child data.

A log says which kind of error happened and where in Casebook's code, plus the
version and platform. It never holds the error's message, local values or
anything typed: those can carry a child's name (a database error repeats the
SQL and its values).
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from app import __version__
from app.storage.fileio import atomic_write, ensure_private_dir
from app.storage.paths import data_dir


def logs_dir() -> Path:
    return data_dir() / "logs"


def error_kind(exc_type: type[BaseException]) -> str:
    """`module.Name` of an error: its kind, never its message."""
    return f"{exc_type.__module__}.{exc_type.__qualname__}"


def where_lines(tb: TracebackType | None) -> list[str]:
    """The code path, most recent last: file name, line and function, no source and no values."""
    import traceback

    # File name and function only: a line of source can quote a literal.
    return [
        f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(tb)
    ]


def versions() -> str:
    import platform  # here, not at start: the first window should not wait for it

    return (
        f"version: {__version__}; python: {platform.python_version()} "
        f"on {platform.platform(terse=True)}"
    )


def describe(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The error's kind and the code path, with no message and no values."""
    import platform  # here, not at start: the first window should not wait for it
    from datetime import datetime

    lines = [
        "Casebook crash report (contains no case data)",
        f"time: {datetime.now().isoformat(timespec='seconds')}",
        f"version: {__version__}",
        f"python: {platform.python_version()} on {platform.platform(terse=True)}",
        f"error: {error_kind(exc_type)}",
        "where (most recent last):",
        *where_lines(tb),
    ]
    return "\n".join(lines) + "\n"


def write(
    exc_type: type[BaseException], tb: TracebackType | None, folder: Path | None = None
) -> Path:
    from datetime import datetime

    target = folder or logs_dir()
    ensure_private_dir(target)
    path = target / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
    atomic_write(path, describe(exc_type, tb).encode("utf-8"))
    return path
