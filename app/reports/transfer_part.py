"""A child's part of each case, as plain data for `child.json`, and the cover letter.

The same redaction as the printed extract (`app.reports.record.audience`): the
child in full; the other children by their roles and initials only; their
conversations, parents' contacts and the decisions about them left out; their
full names replaced by initials wherever they were typed. The layout is
documented, with its version, in docs/transfer-pack.md.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from app.record.snapshot import CaseRecord, HistoryLine
from app.reports.record.audience import Audience
from app.reports.text import initials
from app.transfer import pack

# Bookkeeping that means nothing at another school.
_LEFT_OUT = {
    "cases": {"id", "updated_at", "discarded_at", "discarded_by_id", "discard_reason"},
}
_ALWAYS_LEFT_OUT = {"case_id", "young_person_id"}
# Tables shown one row per young person: only this child's rows go.
_CHILD_ROWS = ("conversations", "parent_carer_contacts")
TRAINING_NOTE = "TRAINING DATA: fictional records from a Casebook training database."


class _Writer:
    def __init__(self, record: CaseRecord, audience: Audience, child_id: int) -> None:
        self.record = record
        self.audience = audience
        self.child_id = child_id

    def value(self, v: Any) -> Any:
        if isinstance(v, Enum):
            return v.value
        if isinstance(v, datetime):
            return v.isoformat()
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, str):
            return self.audience.scrub(v)
        if isinstance(v, list | tuple):
            return [self.value(x) for x in v]
        if isinstance(v, dict):
            return {str(k): self.value(x) for k, x in v.items()}
        if isinstance(v, bytes):
            return None
        return v

    def row(self, table: str, row: Any) -> dict[str, Any]:
        skip = _ALWAYS_LEFT_OUT | _LEFT_OUT.get(table, set())
        out: dict[str, Any] = {}
        for column in row.__table__.columns:
            name = column.key
            if name in skip:
                continue
            raw = getattr(row, name)
            if name.endswith("_by_id") or name == "owner_id":
                out[name[:-3]] = self.record.staff_names.get(raw) if raw is not None else None
                continue
            if table == "decisions" and name == "subject":
                subject = str(raw or "").strip()
                out[name] = "this child" if subject == str(self.child_id) else self.value(raw)
                continue
            out[name] = self.value(raw)
        return out


def case_part(record: CaseRecord, history: list[HistoryLine], child_id: int) -> dict[str, Any]:
    """One case, as this child's file needs it."""
    audience = Audience(list(record.rows("young_people")), child_id, history)
    assert audience.child is not None
    w = _Writer(record, audience, child_id)
    sections: dict[str, list[dict[str, Any]]] = {}
    for table, rows in record.sections.items():
        if table == "young_people":
            continue
        kept = []
        for r in rows:
            if table in _CHILD_ROWS and not audience.shows_row_of(r.young_person_id):
                continue
            if table == "decisions" and not audience.shows_decision(r):
                continue
            kept.append(w.row(table, r))
        sections[table] = kept
    shown = [line for line in history if audience.shows_history(line, record)]
    return {
        "reference": record.case.reference,
        "case": w.row("cases", record.case),
        "this_child": w.row("young_people", audience.child),
        "other_young_people": [
            {"initials": initials(p.name), "roles": list(p.roles or [])} for p in audience.others
        ],
        "sections": sections,
        "amendment_history": [
            {
                "changed_at": line.changed_at.isoformat(),
                "changed_by": line.changed_by,
                "table": line.table,
                "field": line.field,
                "old_value": w.value(line.old_value),
                "new_value": w.value(line.new_value),
                "reason": w.value(line.reason),
            }
            for line in shown
        ],
    }


def child_part(
    cases: list[dict[str, Any]],
    *,
    from_school: str,
    to_school: str,
    made_at: str,
    training: bool,
) -> dict[str, Any]:
    """The whole of child.json: the child's details (from the first case) and every case."""
    first = cases[0]["this_child"]
    child = {k: first.get(k) for k in ("name", "date_of_birth", "age_years", "year_group", "send")}
    part: dict[str, Any] = {
        "format": pack.FORMAT,
        "schema_version": pack.SCHEMA_VERSION,
        "training": training,
        "from_school": from_school,
        "to_school": to_school,
        "made_at": made_at,
        "child": child,
        "cases": cases,
    }
    if training:
        part["training_note"] = TRAINING_NOTE
    return part


def cover_letter(
    *,
    child_name: str,
    from_school: str,
    to_school: str,
    sent_by: str,
    sent_on: str,
    references: list[str],
    receipt_code: str,
    training: bool,
) -> str:
    """The letter inside the pack, as plain text (it opens anywhere)."""
    mark = [TRAINING_NOTE, ""] if training else []
    lines = [
        *mark,
        "CHILD PROTECTION FILE: TRANSFER TO A NEW SCHOOL",
        "OFFICIAL-SENSITIVE. For the Designated Safeguarding Lead only.",
        "",
        f"To: the Designated Safeguarding Lead, {to_school}",
        f"From: {sent_by}, {from_school}",
        f"Sent: {sent_on}",
        "",
        f"This pack holds the child protection file of {child_name}, who is joining your",
        "school, sent separately from the main pupil file as Keeping children safe in",
        f"education (Annex C) expects. It covers {len(references)} case(s): "
        f"{', '.join(references)}.",
        "",
        "CONFIRM THAT YOU HAVE RECEIVED IT",
        f"Please read this receipt code back to {from_school} by phone:",
        "",
        f"    Receipt code: {receipt_code}",
        "",
        "WHAT IS IN THE PACK",
        "  extract.pdf       the record of each case, for this child's file (other",
        "                    children appear by their part and initials only)",
        "  child.json        the same, for safeguarding software (documented, versioned)",
        "  manifest.json     the SHA-256 of each file, to check nothing was altered",
        "  cover-letter.txt  this letter",
        "",
        "HOW TO OPEN IT",
        "With Casebook: School menu, Import a transferred file (or the command",
        "'casebook transfer-in PACK --passphrase-file FILE'). It checks every file and",
        "keeps the child's history as a read-only record.",
        "",
        "Without Casebook: the pack is encrypted with the open 'age' format",
        "(https://age-encryption.org). Install the 'age' tool, then run:",
        "    age -d -o transfer.zip PACK.age",
        "and type the passphrase exactly as it was given to you by phone (lower case",
        "words joined by hyphens). Unzip transfer.zip and open extract.pdf. Keep the",
        "files as securely as your other child protection records, and delete the",
        "decrypted copies once the file is in your own system.",
        "",
        "The passphrase is never sent with the pack: it is given by phone.",
        *([""] + mark[:1] if training else []),
    ]
    return "\n".join(lines) + "\n"
