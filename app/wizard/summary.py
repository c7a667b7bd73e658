"""The whole case on one page, from the draft pages (no Qt; shown as plain text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    return str(value)


def _rows(
    fields: tuple[FieldSpec, ...], values: dict[str, Any], names: dict[str, str], prefix: str = ""
) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for f in fields:
        if not is_visible(f, values):
            continue
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


def _aid_text(advice: Advice) -> str:
    return "; ".join([advice.headline, *advice.reasons])


def decisions(pages: dict[str, dict[str, Any]]) -> list[DecisionDraft]:
    """Every decision the wizard records, each with its reason and the aid's view."""
    advice = advise(pages)
    review = pages.get("initial_review", {})
    police = pages.get("police", {})
    agencies = pages.get("agencies", {})
    summary = pages.get("summary", {})
    out: list[DecisionDraft] = []
    if review.get("decision"):
        refer = review["decision"] == "refer"
        out.append(
            DecisionDraft(
                DecisionKind.IMMEDIATE_REFERRAL if refer else DecisionKind.HANDLE_IN_SCHOOL,
                "Refer to the police and/or children's social care"
                if refer
                else "Handle it in school",
                str(review.get("decision_reason") or ""),
                _aid_text(advice),
            )
        )
    if police.get("reported"):
        out.append(
            DecisionDraft(
                DecisionKind.POLICE,
                "Reported to the police"
                if police["reported"] == "yes"
                else "Not reported to the police",
                str(police.get("reason") or ""),
                _aid_text(advice),
            )
        )
    if agencies.get("mash_referred"):
        out.append(
            DecisionDraft(
                DecisionKind.SOCIAL_CARE,
                "Referred to children's social care (MASH)"
                if agencies["mash_referred"] == "yes"
                else "Not referred to children's social care",
                str(agencies.get("mash_reason") or ""),
                _aid_text(advice),
            )
        )
    names = child_names(pages)
    for key, record in (agencies.get("parents") or {}).items():
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
    viewing = pages.get("incident_handling", {})
    if viewing.get("was_viewed") == "yes":
        for entry in viewing.get("viewing_log") or []:
            if isinstance(entry, dict):
                out.append(
                    DecisionDraft(
                        DecisionKind.VIEWING,
                        "The image was viewed",
                        str(entry.get("reason") or ""),
                        "View only when unavoidable, with the head's agreement",
                    )
                )
    if summary.get("classification"):
        out.append(
            DecisionDraft(
                DecisionKind.CLASSIFICATION,
                "Classified as "
                + load()
                .page("summary")
                .field("classification")
                .choice_label(str(summary["classification"]))
                .split(":")[0]
                .lower(),
                str(summary.get("classification_reason") or ""),
                None,
            )
        )
    return out
