"""Who a printout is for: the whole record, or one child's extract for their own file.

An extract shows that child in full and the other children by their part and
initials; it leaves out the others' conversations, parents' contacts and the
decisions about them, and replaces their full names with initials wherever
they were typed (earlier spellings from the amendment history included).
Everything an extract leaves out is decided here.
"""

from __future__ import annotations

from typing import Any

from app.errors import RecordNotFound
from app.record.snapshot import CaseRecord, HistoryLine
from app.reports.text import NameScrubber, initials

# Tables whose rows may be about one young person (`young_person_id`).
PER_CHILD_TABLES = ("conversations", "parent_carer_contacts", "police_outcomes", "agency_referrals")


class Audience:
    def __init__(
        self, people: list[Any], child_id: int | None, history: list[HistoryLine] | None
    ) -> None:
        self.people = people
        self.child = None
        if child_id is not None:
            self.child = next((p for p in people if p.id == child_id), None)
            if self.child is None:
                raise RecordNotFound("That young person is not part of this case.")
        self.others = [p for p in people if self.child is not None and p.id != child_id]
        self.other_ids = {p.id for p in self.others}
        self._scrub = self._scrubber(history) if self.child is not None else None

    def _scrubber(self, history: list[HistoryLine] | None) -> NameScrubber:
        assert self.child is not None
        replace = {p.name: initials(p.name) for p in self.others}
        # Earlier spellings of another child's name, from the amendment history.
        for line in history or []:
            if (
                line.table == "young_people"
                and line.field == "name"
                and line.row_id in self.other_ids
            ):
                for value in (line.old_value, line.new_value):
                    if isinstance(value, str) and value.strip():
                        replace.setdefault(value, initials(value))
        keep = [self.child.name]
        return NameScrubber(keep, replace)

    def scrub(self, text: str) -> str:
        """Other children's full names as initials (in an extract); the record is untouched."""
        return self._scrub(text) if self._scrub is not None else text

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
