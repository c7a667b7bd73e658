"""The whole case on one page, from the draft pages (no Qt; shown as plain text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import dates
from app.models import DecisionKind
from app.wizard.decision_aid import Advice, advise
from app.wizard.spec import FieldSpec, WizardSpec, is_visible, load


def _blank(value: Any) -> bool:
    return (
        value is None
        or value is False
        or value == ""
        or value == []
        or value == {}
        or (isinstance(value, str) and not value.strip())
    )


def display(f: FieldSpec, value: Any) -> str:
    """An answer as a reader would want to see it."""
    if f.type == "choice":
        return f.choice_label(str(value))
    if f.type == "multi":
        return ", ".join(f.choice_label(str(v)) for v in value)
    if f.type == "check":
        return "Yes" if value else "No"
    if f.type == "datetime":
        try:
            when = dates.parse_datetime(str(value))
        except ValueError:
            return str(value)  # the page says it is not a real date and time
        if when is not None and not dates.time_known(when):
            return dates.format_datetime(when)  # "14/03/2025, time not known"
    return str(value)


def _rows(
    fields: tuple[FieldSpec, ...], values: dict[str, Any], names: dict[str, str], prefix: str = ""
) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for f in fields:
        if f.type == "shown" or not is_visible(f, values):
            continue  # shown where it is asked
        value = values.get(f.id)
        if f.type == "group":
            for i, item in enumerate(value or [], start=1):
                if isinstance(item, dict):
                    # A young person is headed by their name; other records by number.
                    name = str(item.get("name") or "").strip() if f.id == "young_people" else ""
                    rows.append((f"{prefix}{name or f'{f.item_label or f.label} {i}'}", ""))
                    rows += _rows(f.fields, item, names, prefix + "    ")
        elif f.type == "per_child":
            for key, name in names.items():
                record = (value or {}).get(key)
                if isinstance(record, dict):
                    rows.append((f"{prefix}{f.label}: {name}", ""))
                    rows += _rows(f.fields, record, names, prefix + "    ")
        elif not _blank(value):
            rows.append((prefix + f.label_for(values), display(f, value)))
    return rows


def child_names(pages: dict[str, dict[str, Any]]) -> dict[str, str]:
    people = pages.get("incident", {}).get("young_people") or []
    return {
        str(p.get("key", i)): str(p.get("name") or f"Young person {i + 1}")
        for i, p in enumerate(people)
        if isinstance(p, dict)
    }


def summary_sections(
    pages: dict[str, dict[str, Any]], spec: WizardSpec
) -> list[tuple[str, list[tuple[str, str]]]]:
    names = child_names(pages)
    sections = []
    for page in spec.pages:
        if page.id == "summary":
            continue
        sections.append((page.title, _rows(page.fields, pages.get(page.id, {}), names)))
    return sections


@dataclass(frozen=True)
class DecisionDraft:
    kind: DecisionKind
    decision: str
    reason: str
    aid_view: str | None
    child_key: str | None = None


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(" ;,")
    return text if text.endswith((".", "!", "?")) else f"{text}."


def aid_text(advice: Advice) -> str:
    """The aid's view as recorded with a decision: its headline, then why, in sentences."""
    headline = _sentence(advice.headline)
    if not advice.reasons:
        return headline
    return f"{headline} Why: " + " ".join(_sentence(r) for r in advice.reasons)


# The three referral decisions, each one question with its reason: (page, question,
# reason, what each answer means). Any other answer to the first means "in school".
REFERRAL_DECISIONS: tuple[tuple[str, str, str, dict[str, tuple[DecisionKind, str]]], ...] = (
    (
        "initial_review",
        "decision",
        "decision_reason",
        {
            "refer": (
                DecisionKind.IMMEDIATE_REFERRAL,
                "Refer to the police and/or children's social care",
            ),
            "": (DecisionKind.HANDLE_IN_SCHOOL, "Handle it in school"),
        },
    ),
    (
        "police",
        "reported",
        "reason",
        {
            "yes": (DecisionKind.POLICE, "Reported to the police"),
            "": (DecisionKind.POLICE, "Not reported to the police"),
        },
    ),
    (
        "agencies",
        "mash_referred",
        "mash_reason",
        {
            "yes": (DecisionKind.SOCIAL_CARE, "Referred to children's social care (MASH)"),
            "": (DecisionKind.SOCIAL_CARE, "Not referred to children's social care"),
        },
    ),
)


def _referral_decisions(pages: dict[str, dict[str, Any]], aid: str) -> list[DecisionDraft]:
    out = []
    for page, question, reason, meanings in REFERRAL_DECISIONS:
        values = pages.get(page, {})
        answer = values.get(question)
        if answer:
            kind, words = meanings.get(str(answer), meanings[""])
            out.append(DecisionDraft(kind, words, str(values.get(reason) or ""), aid))
    return out


def _parents_decisions(pages: dict[str, dict[str, Any]]) -> list[DecisionDraft]:
    names = child_names(pages)
    out = []
    for key, record in (pages.get("agencies", {}).get("parents") or {}).items():
        if isinstance(record, dict) and record.get("informed") == "no" and key in names:
            out.append(
                DecisionDraft(
                    DecisionKind.PARENTS,
                    f"Parents or carers of {names[key]} not told",
                    str(record.get("reason_not_informed") or ""),
                    "Parents and carers are normally told unless that would put the child at risk",
                    key,
                )
            )
    return out


def _viewing_decisions(pages: dict[str, dict[str, Any]]) -> list[DecisionDraft]:
    viewing = pages.get("incident_handling", {})
    if viewing.get("was_viewed") != "yes":
        return []
    return [
        DecisionDraft(
            DecisionKind.VIEWING,
            "The image was viewed",
            str(entry.get("reason") or ""),
            "View only when unavoidable, with the head's agreement",
        )
        for entry in viewing.get("viewing_log") or []
        if isinstance(entry, dict)
    ]


def _classification_decision(pages: dict[str, dict[str, Any]]) -> list[DecisionDraft]:
    summary = pages.get("summary", {})
    if not summary.get("classification"):
        return []
    words = (
        load().page("summary").field("classification").choice_label(str(summary["classification"]))
    )
    return [
        DecisionDraft(
            DecisionKind.CLASSIFICATION,
            "Classified as " + words.split(":")[0].lower(),
            str(summary.get("classification_reason") or ""),
            None,
        )
    ]


def decisions(pages: dict[str, dict[str, Any]]) -> list[DecisionDraft]:
    """Every decision the wizard records, each with its reason and the aid's view."""
    return [
        *_referral_decisions(pages, aid_text(advise(pages))),
        *_parents_decisions(pages),
        *_viewing_decisions(pages),
        *_classification_decision(pages),
    ]
