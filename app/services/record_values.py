"""A new value for one field of the record, checked and converted by the field's kind.

`cases.amend` takes what a DSL (or a script) gives: a Python value or the
words typed. Whatever the kind, a value that does not fit is refused with one
calm sentence that names the field, before anything is written.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Enum as SAEnum

from app import dates, validation
from app.errors import InvalidInput
from app.record.schema import Kind, RecordField
from app.wizard import spec as wizard_spec

EARLIEST_YEAR = 1900  # nothing in a school's record happened before this
MAX_AGE = 25  # a young person's age, where the date of birth is not known
YES_NO_WORDS = {"yes": True, "no": False}


def _vocabulary(name: str) -> dict[str, str]:
    return wizard_spec.load().vocabularies.get(name, {})


def _text(spec: RecordField, value: Any) -> str | None:
    if not isinstance(value, str):
        raise InvalidInput(f"{spec.label}: give the new wording as text.")
    text = validation.text(value, spec.label)
    if text is not None and spec.kind == Kind.LINE and ("\n" in text or "\r" in text):
        raise InvalidInput(f"{spec.label} is one line: take out the line breaks.")
    return text if text and text.strip() else None


def _day(spec: RecordField, value: Any) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = _parse(str(value), dates.parse_date) or date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(f"{spec.label} is not a real date (use DD/MM/YYYY).") from None
    return value


def _moment(spec: RecordField, value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if not dates.time_known(value) else value.replace(microsecond=0)
    if isinstance(value, date):
        raise InvalidInput(f"{spec.label} needs a time as well as a date.")
    try:
        parsed = _parse(str(value), dates.parse_datetime) or datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            f"{spec.label} is not a real date and time (use DD/MM/YYYY HH:MM)."
        ) from None
    return parsed if not dates.time_known(parsed) else parsed.replace(microsecond=0)


def _parse(text: str, parse: Any) -> Any:
    try:
        return parse(text)
    except ValueError:
        return None


def _when(spec: RecordField, value: Any) -> date | datetime:
    when: date | datetime
    when = _moment(spec, value) if spec.kind == Kind.DATETIME else _day(spec, value)
    if when.year < EARLIEST_YEAR:
        raise InvalidInput(f"{spec.label} is not a real date: check the year.")
    if not spec.future_ok:
        validation.not_future(when, spec.label)
    return when


def _number(spec: RecordField, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput(f"{spec.label} is a whole number.")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{spec.label} is a whole number, such as 14.") from None
    if not 0 <= number <= MAX_AGE:
        raise InvalidInput(f"{spec.label} must be between 0 and {MAX_AGE}.")
    return number


def _yes_no(spec: RecordField, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().casefold()
    if word not in YES_NO_WORDS:
        raise InvalidInput(f"{spec.label}: choose yes or no.")
    return YES_NO_WORDS[word]


def _code(spec: RecordField, value: Any, column: ColumnElement[Any]) -> Enum:
    enum_class = column.type.enum_class if isinstance(column.type, SAEnum) else None
    if enum_class is None:  # pragma: no cover - the schema test keeps kinds and columns in step
        raise InvalidInput(f"{spec.label} cannot be amended.")
    code = getattr(value, "value", value)
    try:
        return enum_class(str(code).strip())
    except ValueError:
        raise InvalidInput(f"{spec.label}: choose one of the answers offered.") from None


def _choice(spec: RecordField, value: Any) -> str:
    offered = _vocabulary(spec.vocabulary)
    text = str(value).strip()
    if text not in offered:
        raise InvalidInput(f"{spec.label}: choose one of the answers offered.")
    return text


def _roles(spec: RecordField, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInput(f"{spec.label}: choose at least one part from the list.")
    offered = _vocabulary(spec.vocabulary)
    roles = [str(getattr(v, "value", v)) for v in value]
    if not roles or any(r not in offered for r in roles):
        raise InvalidInput(f"{spec.label}: choose at least one part from the list.")
    return list(dict.fromkeys(roles))  # each part once, in the order given


def check_for_case(spec: RecordField, value: Any, incident_day: date) -> None:
    """The checks that need the case: a date of birth must be one a pupil can have
    on the day the incident came to light (`app.dates.pupil_birth_problem`)."""
    if spec.table == "young_people" and spec.name == "date_of_birth" and isinstance(value, date):
        problem = dates.pupil_birth_problem(value, incident_day)
        if problem is not None:
            raise InvalidInput(
                f"This date of birth {problem} (the incident came to light on "
                f"{dates.format_date(incident_day)}). Check it."
            )


def convert(spec: RecordField, value: Any, column: ColumnElement[Any]) -> Any:
    """The value as the record stores it; InvalidInput when it does not fit."""
    if isinstance(value, str) and not value.strip() and spec.kind not in (Kind.TEXT, Kind.LINE):
        value = None
    if value is not None and spec.kind in (Kind.TEXT, Kind.LINE):
        value = _text(spec, value)
    if value is None:
        if not getattr(column, "nullable", True):
            raise InvalidInput(f"{spec.label} cannot be left blank. Give the corrected answer.")
        return None
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LINE):
        return value
    if kind in (Kind.DATE, Kind.DATETIME):
        return _when(spec, value)
    if kind == Kind.NUMBER:
        return _number(spec, value)
    if kind == Kind.YES_NO:
        return _yes_no(spec, value)
    if kind in (Kind.ANSWER, Kind.CODE):
        return _code(spec, value, column)
    if kind == Kind.CHOICE:
        return _choice(spec, value)
    if kind == Kind.ROLES:
        return _roles(spec, value)
    raise InvalidInput(f"{spec.label} cannot be amended.")
