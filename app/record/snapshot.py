"""A whole case as read in one transaction, and its amendment history: plain data.

What the services hand to the case file and to the printed record; neither
needs to know how it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.models import Case


@dataclass(frozen=True)
class HistoryLine:
    changed_at: datetime
    changed_by: str
    table: str
    row_id: int
    field: str
    old_value: Any
    new_value: Any
    reason: str


@dataclass
class CaseRecord:
    """A whole case, read in one transaction; rows are detached snapshots."""

    case: Case
    sections: dict[str, list[Any]] = field(default_factory=dict)
    staff_names: dict[int, str] = field(default_factory=dict)
    staff_roles: dict[int, str] = field(default_factory=dict)  # StaffRole values, by id

    def rows(self, table: str) -> list[Any]:
        return self.sections.get(table, [])
