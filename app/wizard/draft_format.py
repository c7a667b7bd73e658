"""The format of a saved draft, and the steps that carry an older one forward.

A draft page is saved with the `format_version` of the pages.json it was typed
on. When pages.json renames or retypes a question, its format version goes up by
one and a step is added here, `upgrade_to_vN`, which takes the draft's pages
(`{page id: {field id: value}}`) saved at version N-1 and returns them as
version N expects them. Steps are found by name and run in order, each on the
pages still older than it (Picard's `upgrade_to_vN` config hooks are the model).

A step only changes what it recognises and leaves everything else as it was, so
running it on pages already in the new shape changes nothing. Whatever a step
cannot convert is left in place: the wizard keeps such a value and shows it
beside its question ("Saved earlier as: ..."), never an empty box instead.

Nothing here may log a value: drafts hold children's names and accounts.
"""

from __future__ import annotations

import copy
import logging
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from app.wizard.spec import FieldSpec

log = logging.getLogger(__name__)

FIRST_VERSION = 1  # drafts saved before versions existed, and pages.json without the key
# The key under which a page (or a record in a list) keeps an answer given in an older
# format after the DSL has answered the question again: kept until they remove it.
EARLIER_KEY = "_saved_earlier"

Pages = dict[str, dict[str, Any]]
Step = Callable[[Pages], Pages]


# -- running the steps ----------------------------------------------------------------


def step(version: int) -> Step | None:
    """The step that makes pages of `version - 1` into `version`, if there is one."""
    found = getattr(sys.modules[__name__], f"upgrade_to_v{version}", None)
    return found if callable(found) else None


def upgrade(
    pages: Mapping[str, Mapping[str, Any]], versions: Mapping[str, int], target: int
) -> Pages:
    """`pages` (each saved at `versions[page]`) as the format `target` expects them.

    Pages saved at different versions are each carried forward from their own. A
    page saved at a newer version than `target` (a backup restored into an older
    Casebook) is left as it is; the wizard shows what does not fit.
    """
    out: Pages = {page: copy.deepcopy(dict(values)) for page, values in pages.items()}
    at = {page: versions.get(page, FIRST_VERSION) for page in out}
    for version in range(min(at.values(), default=target) + 1, target + 1):
        older = {page: values for page, values in out.items() if at[page] < version}
        if not older:
            continue
        run = step(version)
        if run is None:  # a missing step is a mistake in a release: keep the pages as saved
            log.warning("no upgrade step for draft format %d", version)
            continue
        upgraded = run(older)
        for page, values in upgraded.items():
            newer = out.get(page) if page not in older else None
            # A page a step moved answers into may already be newer: its own answers win.
            out[page] = {**values, **newer} if newer is not None else values
            at[page] = version
        for page in older:
            if page not in upgraded:
                del out[page]
    return out


# -- helpers for writing steps ------------------------------------------------------------


def _records(pages: Pages, page: str, path: str) -> Iterator[dict[str, Any]]:
    """Every dict that holds the last part of `path` ("young_people.*.looked_after").

    A `*` stands for every record of a group (a list) or of a per-child question (a dict).
    """
    found: list[Any] = [pages.get(page)]
    for part in path.split(".")[:-1]:
        inside: list[Any] = []
        for holder in found:
            if part != "*":
                inside.append(holder.get(part) if isinstance(holder, dict) else None)
            elif isinstance(holder, list):
                inside += holder
            elif isinstance(holder, dict):
                inside += holder.values()
        found = inside
    for holder in found:
        if isinstance(holder, dict):
            yield holder


def rename_field(pages: Pages, page: str, path: str, new_id: str) -> Pages:
    """The answer at `path` (on `page`) is now asked as `new_id`, beside it."""
    old_id = path.split(".")[-1]
    for record in _records(pages, page, path):
        if old_id in record and new_id not in record:
            record[new_id] = record.pop(old_id)
    return pages


def move_field(pages: Pages, page: str, field_id: str, to_page: str) -> Pages:
    """A question moved to another page, with the same id."""
    source = pages.get(page)
    if isinstance(source, dict) and field_id in source:
        target = pages.setdefault(to_page, {})
        if field_id not in target:
            target[field_id] = source.pop(field_id)
    return pages


def retype_field(pages: Pages, page: str, path: str, convert: Callable[[Any], Any]) -> Pages:
    """Convert the answer at `path`. `convert` returns the value unchanged when it cannot
    convert it: the wizard then keeps it and shows it beside the question."""
    field_id = path.split(".")[-1]
    for record in _records(pages, page, path):
        if field_id in record:
            record[field_id] = convert(record[field_id])
    return pages


def check_to_choice(yes: str = "yes", no: str = "no") -> Callable[[Any], Any]:
    """A tick box that became a choice: ticked is `yes`, not ticked `no`."""

    def convert(value: Any) -> Any:
        if value is True:
            return yes
        if value is False:
            return no
        return value

    return convert


def choice_to_check(yes: str = "yes") -> Callable[[Any], Any]:
    """A yes/no choice that became a tick box; an answer other than yes or blank stays."""

    def convert(value: Any) -> Any:
        if value == yes:
            return True
        if value in ("", None):
            return False
        return value

    return convert


def text_to_codes(codes: Mapping[str, str], separator: str = ",") -> Callable[[Any], Any]:
    """A line of text that became tick boxes: `codes` maps what was typed (any case) to a
    choice. Text with any part that does not map stays as typed, whole."""
    folded = {k.strip().casefold(): v for k, v in codes.items()}

    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        parts = [p.strip().casefold() for p in value.split(separator) if p.strip()]
        if not all(p in folded for p in parts):
            return value
        return list(dict.fromkeys(folded[p] for p in parts))

    return convert


def text_to_code(codes: Mapping[str, str]) -> Callable[[Any], Any]:
    """A line of text that became a choice: what was typed (any case) maps to a code."""
    folded = {k.strip().casefold(): v for k, v in codes.items()}

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return folded.get(value.strip().casefold(), value if value.strip() else "")
        return value

    return convert


def recode(mapping: Mapping[str, str]) -> Callable[[Any], Any]:
    """Choice codes renamed (in a choice or in tick boxes)."""

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return mapping.get(value, value)
        if isinstance(value, list):
            return [mapping.get(v, v) if isinstance(v, str) else v for v in value]
        return value

    return convert


# -- the steps --------------------------------------------------------------------------

# What a DSL typed in the old free-text SEND box to mean "no SEND" (or "not known yet").
NO_SEND_WORDS = frozenset(
    {"", "none", "none known", "no", "nil", "n/a", "na", "not applicable", "no send", "-"}
)
SEND_NOT_KNOWN_WORDS = frozenset({"not known", "unknown", "don't know", "do not know"})


def send_answer(text: Any) -> str | None:
    """The old SEND text as a yes / no / not known answer; None when it was blank."""
    if not isinstance(text, str) or not text.strip():
        return None
    folded = text.strip().rstrip(".!").strip().casefold()
    if folded in NO_SEND_WORDS:
        return "no"
    if folded in SEND_NOT_KNOWN_WORDS:
        return "not_known"
    return "yes"


def _ask_once(pages: Pages, page: str, field_id: str, to_page: str, to_field: str) -> None:
    """An answer now asked once on `to_page`: moved there when that is blank, dropped when it
    says the same; when the two differ it stays where it was, shown beside the read-only
    answer, so the DSL sees both and chooses (it is never resolved silently)."""
    source, target = pages.get(page), pages.get(to_page)
    if not isinstance(source, dict) or field_id not in source or not isinstance(target, dict):
        return
    value = source[field_id]
    if value in ("", None) or target.get(to_field) == value:
        del source[field_id]
    elif target.get(to_field) in ("", None):
        target[to_field] = source.pop(field_id)


def upgrade_to_v2(pages: Pages) -> Pages:
    """Facts asked once: whether an adult is involved (page 1, shown on page 2), coercion
    (question 2, shown on the police page), existing concerns (each young person on page 1,
    shown on the agencies page). SEND became yes / no / not known with its details."""
    for person in _records(pages, "incident", "young_people.*.send"):
        if "has_send" not in person:
            answer = send_answer(person.get("send"))
            if answer is not None:
                person["has_send"] = answer
    _ask_once(pages, "initial_review", "q_adult_involved", "incident", "adults_involved")
    _ask_once(pages, "police", "coercion_or_threats", "initial_review", "q_coercion_or_capacity")
    people = [
        p for p in (pages.get("incident") or {}).get("young_people") or [] if isinstance(p, dict)
    ]
    if len(people) == 1:
        pages["_one_child"] = people[0]
        _ask_once(pages, "agencies", "existing_concerns", "_one_child", "existing_concerns")
        del pages["_one_child"]
    return pages


def _child_keys(pages: Pages) -> list[str]:
    people = (pages.get("incident") or {}).get("young_people")
    if not isinstance(people, list):
        return []
    return [str(p["key"]) for p in people if isinstance(p, dict) and p.get("key") not in (None, "")]


def _per_child_from(
    pages: Pages, page: str, moves: Mapping[str, str], into: str, extra: Mapping[str, Any]
) -> None:
    """Page-level answers `moves` (old id -> new id) become one record per young person
    under `into`. Without the young people (the first page was saved in a newer format)
    they stay where they were: the wizard keeps them and nothing is lost."""
    values = pages.get(page)
    if not isinstance(values, dict) or not any(k in values for k in moves):
        return
    keys = _child_keys(pages)
    if not keys or (into in values and not isinstance(values[into], dict)):
        return
    records = values.setdefault(into, {})
    moved = {new: values[old] for old, new in moves.items() if old in values}
    for key in keys:
        record = records.setdefault(key, {})
        if isinstance(record, dict):
            for k, v in {**extra, **moved}.items():
                record.setdefault(k, v)
    for old in moves:
        values.pop(old, None)


def upgrade_to_v3(pages: Pages) -> Pages:
    """What actually happened is recorded.

    The viewing log's "The head agreed beforehand" tick box is a choice (beforehand, or
    told afterwards): ticked is "yes"; not ticked is left unanswered, for the DSL to say.
    A device gets "Where is it now?": devices recorded before were kept by the school.
    The police outcome, and the MASH referral's date, reference and outcome, are asked
    for each young person: the one answer given for the case goes to each of them.
    """
    retype_field(
        pages,
        "incident_handling",
        "viewing_log.*.head_agreed",
        lambda v: "yes" if v is True else "" if v is False else v,
    )
    for device in _records(pages, "incident_handling", "devices.*.custody"):
        if not device.get("custody"):
            device["custody"] = "kept"
    _per_child_from(
        pages,
        "police",
        {"outcome_code": "outcome_code", "outcome_notes": "outcome_notes"},
        "outcomes",
        {},
    )
    agencies = pages.get("agencies")
    referred = isinstance(agencies, dict) and agencies.get("mash_referred") == "yes"
    _per_child_from(
        pages,
        "agencies",
        {
            "mash_referred_on": "referred_on",
            "mash_reference": "reference",
            "mash_outcome": "outcome",
        },
        "mash",
        {"referred": "yes"} if referred else {},
    )
    return pages


# -- does a value fit its question? ------------------------------------------------------

_TEXT_TYPES = ("line", "text", "date", "datetime", "number")


def fits(f: FieldSpec, value: Any) -> bool:
    """Whether the wizard's editor for `f` can show `value` exactly as it is."""
    if value is None:
        return True
    if f.type in _TEXT_TYPES:
        return isinstance(value, str | int | float) and not isinstance(value, bool)
    if f.type == "choice":
        return isinstance(value, str) and (value == "" or value in dict(f.choices))
    if f.type == "multi":
        codes = dict(f.choices)
        return isinstance(value, list) and all(isinstance(v, str) and v in codes for v in value)
    if f.type == "check":
        return isinstance(value, bool)
    if f.type == "group":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    if f.type == "per_child":
        return isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())
    if f.type == "shown":
        return value in ("", None)  # an answer saved here before it was asked once elsewhere
    return True


def readable(value: Any, f: FieldSpec | None = None) -> str:
    """An earlier answer in words, for "Saved earlier as: ...": choice codes still
    offered by `f` read as their labels, the rest exactly as stored."""
    labels = dict(f.choices) if f is not None else {}
    if isinstance(value, bool):
        return "ticked" if value else "not ticked"
    if isinstance(value, str):
        return labels.get(value, value)
    if isinstance(value, list):
        return ", ".join(readable(v, f) for v in value if v not in ("", None))
    if isinstance(value, dict):
        parts = [
            f"{k}: {readable(v)}"
            for k, v in value.items()
            if k not in ("key", EARLIER_KEY) and v not in ("", None, [], {}, False)
        ]
        return "; ".join(parts)
    return "" if value is None else str(value)
