"""How the printed record words a stored value: dates, yes or no, coded answers, labels."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.dates import format_date, format_datetime
from app.reports.labels import field_label, vocab


def fmt_date(value: date | None) -> str | None:
    return format_date(value) if value else None


def fmt_datetime(value: datetime | None) -> str | None:
    return format_datetime(value) if value else None


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def answer(value: Any) -> str | None:
    return vocab("answer", value) if value is not None else None


class FieldLabels:
    """`FieldLabels("conversations")["own_words"]`: one table's field labels."""

    def __init__(self, table: str) -> None:
        self.table = table

    def __getitem__(self, field: str) -> str:
        return field_label(self.table, field)
