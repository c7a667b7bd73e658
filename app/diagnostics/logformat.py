"""The log file's handler and its one format (imported only when the log is opened).

The formatter writes a record's fixed wording with its arguments, but an error
passed as an argument is written as its kind (`KeyError`), never its message,
and a traceback (`exc_info`) as the crash log writes it: kind and code path,
no message, no source lines, no values. Stack dumps (`stack_info`) are left out.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from app.diagnostics import crashlog
from app.storage.fileio import OWNER_ONLY_FILE, ensure_private_dir


def _kind(value: object) -> str:
    kind = value if isinstance(value, type) else type(value)
    return kind.__qualname__


def _safe(value: object) -> object:
    """An argument as the log may hold it: an error (or an error's class) by its kind."""
    if isinstance(value, BaseException) or (
        isinstance(value, type) and issubclass(value, BaseException)
    ):
        return _kind(value)
    return value


class SafeFormatter(logging.Formatter):
    """`2026-12-02T09:15:03 ERROR app.ui.background: unexpected KeyError in the UI`."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created).isoformat(timespec="seconds")
        line = f"{when} {record.levelname} {record.name}: {self.message_of(record)}"
        exc_info = record.exc_info
        if exc_info and exc_info[0] is not None:
            lines = [
                f"  error: {crashlog.error_kind(exc_info[0])}",
                *crashlog.where_lines(exc_info[2]),
            ]
            line += "\n" + "\n".join(lines)
        return line

    @staticmethod
    def message_of(record: logging.LogRecord) -> str:
        if not isinstance(record.msg, str):  # log.error(exc): its kind, not its text
            return f"unexpected {_kind(record.msg)}"
        args: Any = record.args
        if not args:
            return record.msg
        if isinstance(args, dict):
            args = {key: _safe(value) for key, value in args.items()}
        else:
            args = tuple(_safe(value) for value in args)
        try:
            return record.msg % args
        except (TypeError, ValueError, KeyError):
            return record.msg  # the wording without its arguments


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log readable by its owner only, whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, OWNER_ONLY_FILE)
        if hasattr(os, "fchmod"):  # a file left under a looser umask is closed up too
            os.fchmod(fd, OWNER_ONLY_FILE)
        return io.TextIOWrapper(
            io.FileIO(fd, "a"), encoding="utf-8", errors="backslashreplace", write_through=True
        )


def private_rotating_handler(path: Path, *, max_bytes: int, backups: int) -> logging.Handler:
    ensure_private_dir(path.parent)
    handler = PrivateRotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    handler.setFormatter(SafeFormatter())
    return handler


def write_header(handler: logging.Handler) -> None:
    """One line at the start of each run: which Casebook, on which Python and system."""
    record = logging.LogRecord(
        "app", logging.INFO, __file__, 0, "Casebook started (%s)", (crashlog.versions(),), None
    )
    handler.handle(record)
