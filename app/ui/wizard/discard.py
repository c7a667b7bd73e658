"""Discard a draft started by mistake: a reason, a clear warning, and Cancel changes nothing.

Used from the wizard itself and from the dashboard's list of drafts to finish.
"""

from __future__ import annotations

from collections.abc import Callable

from app.services import cases
from app.services.workspace import Workspace
from app.ui import changes
from app.ui.casefile.forms import FormDialog
from app.ui.qt import QWidget

WARNING = (
    "Everything typed in this draft will be deleted and cannot be brought back. "
    "The reference {reference} stays in the numbering, marked discarded, so the next "
    "case does not reuse it. Who discarded it, when and why are kept."
)
REASON_LABEL = "&Why is this draft being discarded?"
REASON_HINT = "For example: started by mistake, or recorded twice. Required."
DISCARDED = "Draft {reference} was discarded. Its pages were deleted."


class DiscardDraftDialog(FormDialog):
    """Accepted once the draft is discarded; `reference` says which."""

    def __init__(
        self, ws: Workspace, case_id: int, reference: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            f"Discard draft {reference}?",
            parent,
            intro=WARNING.format(reference=reference),
            save_text="&Discard the draft",
        )
        self.ws, self.case_id, self.reference = ws, case_id, reference
        self.intro.setProperty("role", "error")  # the warning in bold dark red
        self.reason = self.add_text(REASON_LABEL, hint=REASON_HINT, lines=3)
        self.finish_layout()
        self.save_button.setAccessibleName(f"Discard draft {reference}")
        self.cancel_button.setAccessibleName("Cancel: keep the draft")
        self.reason.setFocus()

    @classmethod
    def ask(
        cls,
        ws: Workspace,
        case_id: int,
        reference: str,
        parent: QWidget,
        *,
        discarded: Callable[[], None],
        cancelled: Callable[[], None],
    ) -> DiscardDraftDialog:
        """Open it (window-modal) for one draft; one of the two callbacks follows."""
        dialog = cls(ws, case_id, reference, parent)
        dialog.accepted.connect(discarded)
        dialog.rejected.connect(cancelled)
        dialog.open()
        return dialog

    def check(self) -> list[str]:
        if not self.reason.text().strip():
            return [cases.DISCARD_REASON_MISSING]
        return []

    def save(self) -> None:
        cases.discard_draft(self.ws, self.case_id, self.reason.text())
        changes.tell(self.ws, changes.Change(changes.What.DRAFT, self.reference))
