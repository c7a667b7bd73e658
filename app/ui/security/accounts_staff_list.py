"""The staff list in the Staff accounts dialog: who has an account, who is chosen, and
which tasks the chosen person allows."""

from __future__ import annotations

from app.services import accounts
from app.services.accounts import StaffMember
from app.services.workspace import Workspace
from app.ui.qt import QColor, QListWidgetItem, Qt
from app.ui.security.accounts_pages import StaffListPage
from app.ui.security.common import attempt
from app.vocabulary import ROLE_WORDS

REMOVED_COLOUR = "#505a5f"  # the hint grey: 7:1 on white


def describe(member: StaffMember) -> str:
    text = f"{member.display_name} ({member.username}): {ROLE_WORDS[member.role]}"
    return text if member.active else f"{text}, removed"


class StaffListing:
    """The list page's people: filled from the workspace, removed accounts last and greyed;
    Reset password and Remove only for someone else still active, and only for the DSL."""

    def __init__(self, ws: Workspace, page: StaffListPage, is_dsl: bool) -> None:
        self.ws, self.page, self.is_dsl = ws, page, is_dsl
        self.staff: list[StaffMember] = []
        self.page.staff_list.currentRowChanged.connect(self._selection_changed)

    def refresh(self) -> None:
        ok, result = attempt(lambda: accounts.list_staff(self.ws))
        if not ok:
            self.page.message.show_error(result)
            return
        chosen = self.selected()
        self.staff = sorted(result, key=lambda m: (not m.active, m.display_name.casefold()))
        staff_list = self.page.staff_list
        staff_list.clear()
        for member in self.staff:
            item = QListWidgetItem(describe(member))
            item.setData(Qt.ItemDataRole.UserRole, member.username)
            if not member.active:
                item.setForeground(QColor(REMOVED_COLOUR))
            staff_list.addItem(item)
        names = [m.username for m in self.staff]
        if chosen is not None and chosen.username in names:
            staff_list.setCurrentRow(names.index(chosen.username))
        self._selection_changed()

    def selected(self) -> StaffMember | None:
        row = self.page.staff_list.currentRow()
        return self.staff[row] if 0 <= row < len(self.staff) else None

    def select(self, username: str) -> None:
        names = [m.username for m in self.staff]
        self.page.staff_list.setCurrentRow(names.index(username))

    def _selection_changed(self, *_: object) -> None:
        member = self.selected()
        other = member is not None and member.active and member.username != self.ws.account.username
        self.page.reset_button.setEnabled(self.is_dsl and other)
        self.page.remove_button.setEnabled(self.is_dsl and other)
