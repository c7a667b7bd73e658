"""The log file IT staff can read: what went wrong and where, never what it was about.

`casebook.log`, in this account's logs folder beside the crash logs, holds what a
crash log holds: the time, Casebook's and Python's versions, each logged
problem's level, the part of Casebook that logged it and its fixed wording,
and for an error its kind and the code path (file, line, function). Never an
error's message, local values, source lines or anything typed: those can carry
a child's name. Every `log.*` call in app/ passes only such words
(tests/test_diagnostics_log.py reads each one). Owner-only; four files of
about 1 MB at most, the oldest dropped.

`logging` stays out of the start-up path: `enable()` only notes the folder,
and the file is attached when the first record is logged through a lazy
logger, or once the first window has painted (`attach_if_enabled`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from app.diagnostics import crashlog

if TYPE_CHECKING:
    import logging

LOG_NAME = "casebook.log"
MAX_BYTES = 1_000_000
BACKUPS = 3  # casebook.log.1 to .3 beside it: about 4 MB in all
LOGGER = "app"  # Casebook's own records only; a library's could quote SQL and its values

_folder: Path | None = None
_handler: logging.Handler | None = None


def log_file(folder: Path | None = None) -> Path:
    """Where the log is (or will be)."""
    return (folder or crashlog.logs_dir()) / LOG_NAME


def enable(folder: Path | None = None) -> None:
    """Keep the log in `folder` (this account's logs folder) from the first record on.

    Cheap: nothing is imported or opened until something is logged.
    """
    global _folder
    _folder = folder or crashlog.logs_dir()


def attach_if_enabled() -> None:
    """Open the log now if `enable` was called and it is not open yet."""
    if _folder is not None and _handler is None:
        attach(_folder)


def attach(
    folder: Path | None = None, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS
) -> logging.Handler | None:
    """Send Casebook's records to the log in `folder`; None when it cannot be made
    (a log that cannot be written never stops anyone working)."""
    global _handler
    import logging

    from app.diagnostics import logformat

    if _handler is not None:
        return _handler
    try:
        handler = logformat.private_rotating_handler(
            log_file(folder or _folder), max_bytes=max_bytes, backups=backups
        )
    except OSError:
        return None
    _handler = handler
    logging.getLogger(LOGGER).addHandler(handler)
    logformat.write_header(handler)
    return handler


def detach() -> None:
    """Stop logging to the file and close it (tests; the end of a run)."""
    global _handler, _folder
    handler, _handler, _folder = _handler, None, None
    if handler is not None:
        import logging

        logging.getLogger(LOGGER).removeHandler(handler)
        handler.close()


@contextlib.contextmanager
def kept(folder: Path | None = None) -> Iterator[None]:
    """The log open for what is logged inside (a command's one unexpected error),
    closed again after unless it was open before."""
    opened_here = _handler is None
    attach(folder)
    try:
        yield
    finally:
        if opened_here:
            detach()
