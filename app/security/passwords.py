"""The password rule and a strength hint for staff accounts (no Qt)."""

from __future__ import annotations

from typing import NamedTuple

MIN_LENGTH = 10
COMMON = frozenset(
    {
        "password",
        "password1",
        "password123",
        "letmein",
        "welcome1",
        "qwertyuiop",
        "1234567890",
        "safeguarding",
        "safeguard1",
        "iloveyou",
        "changeme",
        "administrator",
    }
)


class Strength(NamedTuple):  # not a dataclass: this loads before the first window
    score: int  # 0 weak .. 4 strong
    label: str
    problem: str | None  # why it cannot be used; None when acceptable


def assess(password: str, username: str = "") -> Strength:
    if len(password) < MIN_LENGTH:
        return Strength(0, "Too short", f"Use at least {MIN_LENGTH} characters.")
    lowered = password.casefold()
    # A very short user name would otherwise rule out most good passwords.
    if lowered in COMMON or (len(username) >= 4 and username.casefold() in lowered):
        return Strength(0, "Too easy to guess", "Avoid common words and your user name.")
    classes = sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )
    score = 1 + (len(password) >= 14) + (len(password) >= 20) + (classes >= 3)
    label = {1: "Fair", 2: "Good", 3: "Strong", 4: "Very strong"}[min(score, 4)]
    return Strength(min(score, 4), label, None)
