"""Checks on what a user typed, with messages that name the field."""

from __future__ import annotations

from datetime import date, datetime

from app.errors import InvalidInput

MAX_TEXT = 200_000  # a very long account still fits; beyond this is a paste gone wrong


def text(
    value: str | None, label: str, *, required: bool = False, max_length: int = MAX_TEXT
) -> str | None:
    """The text exactly as typed, or None when blank and optional."""
    if value is None or not value.strip():
        if required:
            raise InvalidInput(f"{label} is required.")
        return None if value is None or value == "" else value
    if len(value) > max_length:
        raise InvalidInput(f"{label} is too long: at most {max_length:,} characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(f"{label} contains characters that cannot be stored.") from exc
    return value


def not_future(value: date | datetime | None, label: str) -> None:
    if value is None:
        return
    limit: date | datetime = datetime.now() if isinstance(value, datetime) else date.today()
    if value > limit:
        raise InvalidInput(f"{label} cannot be in the future.")
