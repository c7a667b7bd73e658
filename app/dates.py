"""Dates as the DSL types and reads them (UK formats first), and ages.

The one place dates are parsed and formatted: the wizard, the case file, the
printed record and the services all use it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
DATETIME_FORMATS = tuple(f"{d} %H:%M" for d in DATE_FORMATS) + (
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
)
DATE_HINT = "DD/MM/YYYY"
DATETIME_HINT = "DD/MM/YYYY HH:MM"


def parse_date(text: str) -> date | None:
    """None when blank; ValueError when it is not a real date."""
    text = text.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


# The shapes of DATE_FORMATS, to tell "31/02/2025" (no such day) from "Feb 2025".
_DATE_SHAPES = (
    re.compile(r"\d{1,2}/\d{1,2}/\d{4}"),
    re.compile(r"\d{4}-\d{1,2}-\d{1,2}"),
    re.compile(r"\d{1,2}-\d{1,2}-\d{4}"),
    re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}"),
)


def has_date_shape(text: str) -> bool:
    """True when `text` is written as a date (DD/MM/YYYY, ...), real or not."""
    text = text.strip()
    return any(shape.fullmatch(text) for shape in _DATE_SHAPES)


# A moment whose day is known but not its time ("14/03/2025" where a date and time is
# asked). It is kept as that day at midday, as the chronology places a review held on a
# day, marked by one microsecond: every time typed or stamped by Casebook is to the
# second, so no real moment carries the mark. It prints as "14/03/2025, time not known",
# never as a made-up "00:00", and sorts with the day's middle, not before its morning.
TIME_NOT_KNOWN = time(12, 0, 0, 1)
TIME_NOT_KNOWN_WORDS = "time not known"
_NOT_KNOWN_SUFFIX = re.compile(r"\s*[,(]?\s*time not known\s*\)?\s*$", re.IGNORECASE)


def day_only(day: date) -> datetime:
    """`day`, its time not known."""
    return datetime.combine(day, TIME_NOT_KNOWN)


def time_known(value: datetime) -> bool:
    """False for a moment entered as a day alone (see TIME_NOT_KNOWN)."""
    return value.time() != TIME_NOT_KNOWN


def parse_datetime(text: str) -> datetime | None:
    """A date and time; a date alone (or as printed, "14/03/2025, time not known") is
    that day with its time not known. None when blank; ValueError when not real."""
    text = text.strip()
    if not text:
        return None
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    day_text = _NOT_KNOWN_SUFFIX.sub("", text)
    if day_text != text or has_date_shape(text):
        day = parse_date(day_text)  # ValueError when it is not a real date
        if day is not None:
            return day_only(day)
    raise ValueError(text)


def parse_number(text: str) -> int | None:
    text = str(text).strip()
    if not text:
        return None
    return int(text)


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime) -> str:
    if not time_known(value):
        return f"{format_date(value)}, {TIME_NOT_KNOWN_WORDS}"
    return value.strftime("%d/%m/%Y %H:%M")


def same_or_later(a: datetime, b: datetime) -> bool:
    """Whether `a` is at or after `b`, reading a moment without a time as its whole day."""
    if time_known(a) and time_known(b):
        return a >= b
    return a.date() >= b.date()


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


# The ages a pupil's record can hold on the day of an incident: a nursery class
# starts at 3, and a young person with SEND may stay in education until 25.
# The one rule for a date of birth, used by the wizard's page check and by Amend.
YOUNGEST_PUPIL = 3
OLDEST_PUPIL = 25


def pupil_birth_problem(dob: date, on: date) -> str | None:
    """What is wrong with `dob` as a pupil's date of birth on `on` (the incident's day).

    None when it is plausible; otherwise a clause that follows "this date of
    birth": "is after the incident", "makes them 2", "makes them 2025, older
    than any pupil".
    """
    age = age_on(dob, on)
    if age < 0:
        return "is after the incident"
    if age < YOUNGEST_PUPIL:
        return f"makes them {age}"
    if age > OLDEST_PUPIL:
        return f"makes them {age}, older than any pupil"
    return None
