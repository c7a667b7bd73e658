"""Who a printout is for: the whole record, or one child's extract for their own file.

An extract shows that child in full and the other children by their part and
initials; it leaves out the others' conversations, parents' contacts and the
decisions about them. In free text it replaces every other child's full name,
first name, surname, nickname and earlier spelling with their part and
initials (except the words the DSL chose to keep, never a full name), and
leaves out a passage about another child's own circumstances
(`app.services.redaction`, which also logs each change for the preview).
Everything an extract leaves out is decided here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.errors import RecordNotFound
from app.record.snapshot import CaseRecord, HistoryLine
from app.services import redaction
from app.services.redaction import RedactionLog

# Fields of another child whose earlier values are ways their name was typed.
NAME_FIELDS = ("name", "known_as")

# Tables whose rows may be about one young person (`young_person_id`).
PER_CHILD_TABLES = ("conversations", "parent_carer_contacts", "police_outcomes", "agency_referrals")


class Audience:
    def __init__(
        self,
        people: list[Any],
        child_id: int | None,
        history: list[HistoryLine] | None,
        marked: Sequence[str] = (),
        keep: Sequence[str] = (),
    ) -> None:
        self.people = people
        self.child = None
        if child_id is not None:
            self.child = next((p for p in people if p.id == child_id), None)
            if self.child is None:
                raise RecordNotFound("That young person is not part of this case.")
        self.others = [p for p in people if self.child is not None and p.id != child_id]
        self.other_ids = {p.id for p in self.others}
        self._redact = (
            redaction.Redactor(
                _person(self.child, history),
                [_person(p, history) for p in self.others],
                marked,
                keep,
            )
            if self.child is not None
            else None
        )

    @property
    def log(self) -> RedactionLog:
        """What the extract's redaction did so far (empty for the whole record)."""
        return self._redact.log if self._redact is not None else RedactionLog()

    def at(self, where: str) -> None:
        """The section now being written, for the redaction log."""
        if self._redact is not None:
            self._redact.where = where

    def scrub(self, text: str) -> str:
        """Free text with the other children redacted (in an extract); the record is untouched."""
        return self._redact(text) if self._redact is not None else text

    def shows_row_of(self, young_person_id: int | None) -> bool:
        """Another child's conversations, parents' contacts and referrals are on their own file."""
        return young_person_id not in self.other_ids

    def shows_decision(self, d: Any) -> bool:
        """A decision about another child (its subject is their number) is on their file."""
        subject = str(d.subject or "").strip()
        return not (subject.isdigit() and int(subject) in self.other_ids)

    def shows_history(self, line: HistoryLine, record: CaseRecord) -> bool:
        """A change to another child's details, conversation, parents or decision is left out."""
        if self.child is None:
            return True
        if line.table == "young_people":
            return line.row_id not in self.other_ids
        if line.table in PER_CHILD_TABLES:
            rows = record.rows(line.table)
            owner = next((r.young_person_id for r in rows if r.id == line.row_id), None)
            return self.shows_row_of(owner)
        if line.table == "decisions":
            d = next((r for r in record.rows("decisions") if r.id == line.row_id), None)
            return d is None or self.shows_decision(d)
        return True


def _person(p: Any, history: list[HistoryLine] | None) -> redaction.Person:
    """A young person with every way their name was typed, earlier spellings included."""
    earlier: list[str] = []
    nicknames = redaction.nicknames(getattr(p, "known_as", None))
    for line in history or []:
        if line.table != "young_people" or line.row_id != p.id or line.field not in NAME_FIELDS:
            continue
        for value in (line.old_value, line.new_value):
            if isinstance(value, str) and value.strip():
                if line.field == "name":
                    earlier.append(value)
                else:
                    nicknames += redaction.nicknames(value)
    return redaction.Person(
        id=p.id,
        name=p.name or "",
        roles=tuple(str(r) for r in p.roles or ()),
        known_as=tuple(nicknames),
        earlier_names=tuple(earlier),
    )
