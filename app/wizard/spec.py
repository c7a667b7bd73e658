"""Page definitions, loaded from `resources/wizard/pages.json`.

Questions, choices and guidance are data so a school can reword them; the ids
are fixed because they decide where each answer is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from app.resources import load_json

FIELD_TYPES = frozenset(
    {
        "line",
        "text",
        "date",
        "datetime",
        "number",
        "choice",
        "multi",
        "check",
        "group",
        "per_child",
        "shown",
    }
)


@dataclass(frozen=True)
class FieldSpec:
    id: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    show_if: dict[str, tuple[str, ...]] = field(default_factory=dict)
    label_if: dict[str, dict[str, str]] = field(default_factory=dict)
    future_ok: bool = False
    # Groups: a list of records (group) or one record per young person (per_child).
    fields: tuple[FieldSpec, ...] = ()
    item_label: str = ""
    add_label: str = ""
    min_items: int = 0
    # "shown": an answer asked once on another page ("incident.adults_involved"), shown
    # here read-only with where to change it; never stored on this page.
    shows: str = ""
    shows_fields: tuple[str, ...] = ()

    @property
    def is_container(self) -> bool:
        return self.type in ("group", "per_child")

    def choice_label(self, value: str) -> str:
        return dict(self.choices).get(value, value)

    def label_for(self, values: dict[str, Any]) -> str:
        """The label, reworded where the answer to another question changes the question."""
        for other, by_value in self.label_if.items():
            wording = by_value.get(str(values.get(other, "")))
            if wording:
                return wording
        return self.label


@dataclass(frozen=True)
class PageSpec:
    id: str
    title: str
    subtitle: str
    guidance: tuple[str, ...]
    fields: tuple[FieldSpec, ...]

    def field(self, field_id: str) -> FieldSpec:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)


@dataclass(frozen=True)
class WizardSpec:
    pages: tuple[PageSpec, ...]
    vocabularies: dict[str, dict[str, str]]
    # Goes up by one whenever a question is renamed or retyped, with an upgrade step
    # for saved drafts in app.wizard.draft_format.
    format_version: int = 1

    def page(self, page_id: str) -> PageSpec:
        for p in self.pages:
            if p.id == page_id:
                return p
        raise KeyError(page_id)


class SpecError(ValueError):
    """The pages file is not usable; the message says where."""


def _field(raw: dict[str, Any], vocab: dict[str, dict[str, str]], where: str) -> FieldSpec:
    try:
        fid, ftype, label = raw["id"], raw["type"], raw["label"]
    except KeyError as exc:
        raise SpecError(f"{where}: a question lacks {exc.args[0]!r}") from exc
    if ftype not in FIELD_TYPES:
        raise SpecError(f"{where}.{fid}: unknown type {ftype!r}")
    choices: tuple[tuple[str, str], ...] = ()
    if ftype in ("choice", "multi"):
        source = raw.get("choices")
        options = vocab.get(source, {}) if isinstance(source, str) else source
        if not options:
            raise SpecError(f"{where}.{fid}: no choices")
        choices = tuple((str(k), str(v)) for k, v in dict(options).items())
    children = tuple(_field(f, vocab, f"{where}.{fid}") for f in raw.get("fields", []))
    if ftype in ("group", "per_child") and not children:
        raise SpecError(f"{where}.{fid}: a group needs questions")
    if ftype == "shown" and "." not in str(raw.get("shows", "")):
        raise SpecError(f"{where}.{fid}: say which page's answer it shows")
    return FieldSpec(
        id=fid,
        type=ftype,
        label=label,
        help=raw.get("help", ""),
        required=bool(raw.get("required", False)),
        choices=choices,
        show_if={k: tuple(v) for k, v in raw.get("show_if", {}).items()},
        label_if=raw.get("label_if", {}),
        future_ok=bool(raw.get("future_ok", False)),
        fields=children,
        item_label=raw.get("item_label", ""),
        add_label=raw.get("add_label", ""),
        min_items=int(raw.get("min_items", 0)),
        shows=str(raw.get("shows", "")),
        shows_fields=tuple(raw.get("shows_fields", [])),
    )


def _format_version(doc: dict[str, Any]) -> int:
    version = doc.get("format_version", 1)  # files from before versions were format 1
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SpecError("format_version: a whole number, 1 or more")
    return version


def parse(doc: dict[str, Any]) -> WizardSpec:
    version = _format_version(doc)
    vocab = {k: dict(v) for k, v in doc.get("vocabularies", {}).items()}
    pages = []
    for raw in doc["pages"]:
        pid = raw["id"]
        pages.append(
            PageSpec(
                id=pid,
                title=raw["title"],
                subtitle=raw.get("subtitle", ""),
                guidance=tuple(raw.get("guidance", [])),
                fields=tuple(_field(f, vocab, pid) for f in raw["fields"]),
            )
        )
    return WizardSpec(
        pages=tuple(_with_shown_choices(pages)), vocabularies=vocab, format_version=version
    )


def _with_shown_choices(pages: list[PageSpec]) -> list[PageSpec]:
    """A "shown" question words its answer as the question it shows does."""
    asked = {f"{p.id}.{f.id}": f for p in pages for f in p.fields}
    out = []
    for page in pages:
        fields = tuple(
            replace(f, choices=asked[f.shows].choices)
            if f.type == "shown" and f.shows in asked
            else f
            for f in page.fields
        )
        out.append(replace(page, fields=fields))
    return out


@cache
def load() -> WizardSpec:
    """The pages, read once (tests that need other pages replace this function)."""
    return parse(load_json("wizard/pages.json"))


def is_visible(f: FieldSpec, values: dict[str, Any]) -> bool:
    """Branching: a question shows only when the answers it depends on allow it."""
    return all(str(values.get(other, "")) in allowed for other, allowed in f.show_if.items())
