"""Repeated wrong passwords slow down: a growing wait, said plainly.

Kept in memory for the running app: a wrong password must change nothing on
disk, and Argon2id already makes each guess cost a third of a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FREE_TRIES = 3
MAX_WAIT_S = 300.0


class SignInThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures = 0
        self._next_allowed = 0.0

    def wait_seconds(self) -> float:
        """How long before the next try is allowed (0 when it may go ahead)."""
        return max(0.0, self._next_allowed - self._clock())

    def failed(self) -> None:
        self._failures += 1
        if self._failures >= FREE_TRIES:
            wait = min(MAX_WAIT_S, 5.0 * 2 ** (self._failures - FREE_TRIES))
            self._next_allowed = self._clock() + wait

    def succeeded(self) -> None:
        self._failures = 0
        self._next_allowed = 0.0

    def message(self) -> str | None:
        wait = self.wait_seconds()
        if wait <= 0:
            return None
        seconds = int(wait + 0.999)
        when = f"{seconds} seconds" if seconds < 120 else f"{(seconds + 59) // 60} minutes"
        return (
            f"Several wrong passwords in a row. Wait {when} before trying again. "
            "If every password is lost, use the recovery key."
        )
