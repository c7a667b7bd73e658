"""A logger that imports `logging` only when something is logged.

`logging` brings `traceback`, `linecache`, `tokenize`, `string` and more:
about 8 ms that the sign-in window would otherwise wait for, to log nothing.
Modules on the path to the first window use `lazy_logger(__name__)` in place
of `logging.getLogger(__name__)`; it behaves the same once used. Its first use
also opens the log file, when the app has enabled it (`app.diagnostics.logfile`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import logging


class _LazyLogger:
    def __init__(self, name: str) -> None:
        self._name = name
        self._logger: logging.Logger | None = None

    def __getattr__(self, attribute: str) -> Any:
        if self._logger is None:
            import logging

            from app.diagnostics import logfile

            logfile.attach_if_enabled()  # the log file opens with the first record
            self._logger = logging.getLogger(self._name)
        return getattr(self._logger, attribute)


def lazy_logger(name: str) -> logging.Logger:
    """`logging.getLogger(name)`, made on first use."""
    return _LazyLogger(name)  # type: ignore[return-value]  # duck-typed stand-in
