"""Checks for one wizard page, shown on the page (never in a pop-up).

Errors stop Next; notes explain something the DSL should know (an age outside
the procedure, a decision that differs from the guidance) without stopping them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from app import dates
from app.validation import MAX_TEXT
from app.wizard import decision_aid
from app.wizard.spec import FieldSpec, PageSpec, is_visible

Severity = Literal["error", "note"]


@dataclass(frozen=True)
class Problem:
    path: str  # e.g. "summary", "young_people.0.name", "parents.<child key>.why"
    message: str
    severity: Severity = "error"


@dataclass(frozen=True)
class Context:
    now: datetime
    children: tuple[tuple[str, str], ...]  # (key, name) of each young person, from page 1
    pages: dict[str, dict[str, Any]]


def context_for(pages: dict[str, dict[str, Any]], now: datetime | None = None) -> Context:
    people = pages.get("incident", {}).get("young_people", [])
    children = tuple(
        (str(p.get("key", i)), str(p.get("name") or f"Young person {i + 1}"))
        for i, p in enumerate(people)
        if isinstance(p, dict)
    )
    return Context(now or datetime.now(), children, pages)


def _blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return value is None or value is False


def _fits(f: FieldSpec, value: Any) -> bool:
    """Whether a saved answer has the shape its question takes today."""
    if f.type in ("line", "text", "date", "datetime", "choice"):
        return isinstance(value, str)
    if f.type == "number":
        return isinstance(value, str | int) and not isinstance(value, bool)
    if f.type == "check":
        return isinstance(value, bool)
    if f.type == "multi":
        codes = dict(f.choices)
        return isinstance(value, list) and all(isinstance(v, str) and v in codes for v in value)
    return True


def _check_value(f: FieldSpec, value: Any, label: str, path: str, ctx: Context) -> list[Problem]:
    if _blank(value):
        return [Problem(path, f"{label}: this is required.")] if f.required else []
    out: list[Problem] = []
    if not _fits(f, value):
        # Saved in an older format (the wizard shows it beside the question).
        return [Problem(path, f"{label}: give this answer again.")]
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            out.append(Problem(path, f"{label}: too long, at most {MAX_TEXT:,} characters."))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            out.append(Problem(path, f"{label}: contains characters that cannot be stored."))
    if f.type == "date":
        try:
            day = dates.parse_date(str(value))
        except ValueError:
            return [Problem(path, f"{label}: not a real date; use {dates.DATE_HINT}.")]
        if day and not f.future_ok and day > ctx.now.date():
            out.append(Problem(path, f"{label}: cannot be in the future."))
        if (
            day
            and f.future_ok
            and day < ctx.now.date()
            and f.id in ("revisit_on", "first_review_on")
        ):
            out.append(Problem(path, f"{label}: should be today or later."))
    elif f.type == "datetime":
        try:
            when = dates.parse_datetime(str(value))
        except ValueError:
            return [Problem(path, f"{label}: not a real date and time; use {dates.DATETIME_HINT}.")]
        if when and not dates.same_or_later(ctx.now, when):
            out.append(Problem(path, f"{label}: cannot be in the future."))
    elif f.type == "number":
        try:
            n = dates.parse_number(str(value))
        except ValueError:
            return [Problem(path, f"{label}: enter a whole number.")]
        if n is not None and not 0 <= n <= 120:
            out.append(Problem(path, f"{label}: {n} is not a possible age."))
    elif f.type == "choice" and (not isinstance(value, str) or value not in dict(f.choices)):
        out.append(Problem(path, f"{label}: choose one of the options."))
    elif f.type == "check" and f.required and value is not True:
        out.append(Problem(path, f"{label}: this must be confirmed."))
    return out


def _check_fields(
    fields: tuple[FieldSpec, ...], values: dict[str, Any], prefix: str, ctx: Context
) -> list[Problem]:
    out: list[Problem] = []
    for f in fields:
        if f.type == "shown" or not is_visible(f, values):
            continue  # checked on the page that asks it
        path = f"{prefix}{f.id}"
        label = f.label_for(values)
        value = values.get(f.id)
        if f.type == "group":
            items = value if isinstance(value, list) else []
            if len(items) < f.min_items:
                out.append(Problem(path, f"{f.label}: add at least {f.min_items}."))
            for i, item in enumerate(items):
                out += _check_fields(
                    f.fields, item if isinstance(item, dict) else {}, f"{path}.{i}.", ctx
                )
        elif f.type == "per_child":
            by_child = value if isinstance(value, dict) else {}
            for key, _name in ctx.children:
                record = by_child.get(key)
                out += _check_fields(
                    f.fields, record if isinstance(record, dict) else {}, f"{path}.{key}.", ctx
                )
        else:
            out += _check_value(f, value, label, path, ctx)
    return out


def _date_or_none(value: Any) -> date | None:
    try:
        return dates.parse_date(str(value or ""))
    except ValueError:
        return None  # the field's own check says it is not a real date


def _young_people_checks(values: dict[str, Any], ctx: Context) -> list[Problem]:
    out: list[Problem] = []
    day = decision_aid.incident_day(ctx.pages | {"incident": values})
    for i, person in enumerate(values.get("young_people") or []):
        if not isinstance(person, dict):
            continue
        path = f"young_people.{i}."
        who = str(person.get("name") or f"Young person {i + 1}").strip()
        has_dob = not _blank(person.get("date_of_birth"))
        if not has_dob and _blank(person.get("age_years")):
            out.append(
                Problem(
                    path + "date_of_birth",
                    f"{who}: give a date of birth, or an age if it is not known.",
                )
            )
            continue
        dob = _date_or_none(person.get("date_of_birth")) if has_dob else None
        problem = dates.pupil_birth_problem(dob, day) if dob is not None else None
        if problem is not None:
            out.append(
                Problem(path + "date_of_birth", f"{who}: this date of birth {problem}. Check it.")
            )
            continue
        age = decision_aid.age_of(person, day)
        if age is None:
            continue
        if age >= 18:
            out.append(
                Problem(
                    path + "date_of_birth",
                    f"{who} is {age}: an adult. The procedure "
                    "for young people does not cover them, and an adult's involvement "
                    "always goes to the police.",
                    "note",
                )
            )
        elif age < 13:
            out.append(
                Problem(
                    path + "date_of_birth",
                    f"{who} is {age}: under 13. If the image shows sexual acts, refer now.",
                    "note",
                )
            )
    return out


CAME_TO_LIGHT = ("incident", "came_to_light_at")
BEFORE_CAME_TO_LIGHT = (
    "{label}: this is before the incident came to light ({when}). "
    "Check both; if it really happened first, say so in the notes."
)


def came_to_light(pages: dict[str, dict[str, Any]]) -> datetime | None:
    page, field = CAME_TO_LIGHT
    try:
        return dates.parse_datetime(str(pages.get(page, {}).get(field) or ""))
    except ValueError:
        return None  # its own check says why


# Days planned for something about the case (they may be in the future), which cannot
# sensibly be before it came to light: telling a child's parents ("Planned for").
PLANNED_AFTER_CAME_TO_LIGHT = frozenset({"planned_on"})


def _is_event(f: FieldSpec) -> bool:
    """A date or time at which something in the case was done or is planned (not a
    birthday, nor a plan that may fall on any day)."""
    return (
        f.type == "datetime"
        or (f.type == "date" and not f.future_ok and f.id != "date_of_birth")
        or (f.type == "date" and f.id in PLANNED_AFTER_CAME_TO_LIGHT)
    )


def _before_came_to_light(
    fields: tuple[FieldSpec, ...],
    values: dict[str, Any],
    prefix: str,
    ctx: Context,
    start: datetime,
) -> list[Problem]:
    """A note on each event recorded as happening before the incident came to light."""
    out: list[Problem] = []
    for f in fields:
        if not is_visible(f, values):
            continue
        path, value = f"{prefix}{f.id}", values.get(f.id)
        if f.type == "group" and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out += _before_came_to_light(f.fields, item, f"{path}.{i}.", ctx, start)
        elif f.type == "per_child" and isinstance(value, dict):
            for key, _name in ctx.children:
                record = value.get(key)
                if isinstance(record, dict):
                    out += _before_came_to_light(f.fields, record, f"{path}.{key}.", ctx, start)
        elif _is_event(f) and isinstance(value, str) and value.strip():
            try:
                when = dates.parse_datetime(value)
            except ValueError:
                continue  # its own check says why
            if when is not None and not dates.same_or_later(when, start):
                words = dates.format_datetime(start)
                label = f.label_for(values)
                out.append(
                    Problem(path, BEFORE_CAME_TO_LIGHT.format(label=label, when=words), "note")
                )
    return out


def check_page(page: PageSpec, values: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = _check_fields(page.fields, values, "", ctx) + _disagreements(page, values, ctx)
    start = came_to_light(ctx.pages | {page.id: values})
    if start is not None and page.id != CAME_TO_LIGHT[0]:
        problems += _before_came_to_light(page.fields, values, "", ctx, start)
    if page.id == "incident":
        problems += _young_people_checks(values, ctx)
    if page.id == "initial_review":
        pages = ctx.pages | {"initial_review": values}
        advice = decision_aid.advise(pages)
        if decision_aid.decision_differs(pages, advice):
            problems.append(Problem("decision_reason", decision_aid.words()["differs"], "note"))
        elif decision_aid.in_school_while_not_known(pages, advice):
            words = decision_aid.words()["in_school_not_known"]
            problems.append(Problem("decision_reason", words, "note"))
    return problems


def _disagreements(page: PageSpec, values: dict[str, Any], ctx: Context) -> list[Problem]:
    """Two answers that disagree, said beside the question to look at again."""
    pages = ctx.pages | {page.id: values}
    return [
        Problem(question, words, "note")
        for question, words in decision_aid.contradiction_notes(pages, page.id)
    ]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def today() -> date:
    return date.today()
