"""Dates as the DSL types and reads them (UK formats first), and ages.

The one place dates are parsed and formatted: the wizard, the case file, the
printed record and the services all use it.
"""

from __future__ import annotations

from datetime import date, datetime

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


def parse_datetime(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


def parse_number(text: str) -> int | None:
    text = str(text).strip()
    if not text:
        return None
    return int(text)


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M")


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
