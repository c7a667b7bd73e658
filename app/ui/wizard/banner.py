"""The decision aid's view, shown at the top of every page after the first.

It suggests; the DSL decides. The words come from resources/wizard/decision_aid.json
(through `decision_aid.advise`), the contacts from the school's settings.

It takes one line (two when it says refer: the contacts), so the questions keep
the page: "Show why" opens the advice, the reasons, the prompts and every contact
in full, by mouse or keyboard (Tab to it, Space), and the choice lasts across pages.
"""

from __future__ import annotations

import logging

from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui.qt import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget
from app.ui.widgets import heading, link_button, plain_label
from app.wizard.decision_aid import Advice

CONTACT_KEYS = ("mash_contact", "police_non_emergency", "police_emergency", "ceop_contact")
# The short names of the one-line contacts (the details show the names as declared).
SHORT_NAMES = {
    "mash_contact": "MASH",
    "police_non_emergency": "Police",
    "police_emergency": "Emergency",
    "ceop_contact": "CEOP",
}
NOT_SET = "not set yet: add it in Casebook's settings"
BECAUSE = "Because:"
THINK_ABOUT = "Also think about:"
SHOW_WHY = "Show &why ▾"
HIDE_WHY = "Hide &why ▴"
SHOW_WHY_NAME = "Show why the decision aid says this, and the contacts in full"
HIDE_WHY_NAME = "Hide why the decision aid says this"

log = logging.getLogger(__name__)


def contacts_from(settings: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) for each contact to show with a referral; labels as declared in settings."""
    labels = {s.key: s.label for s in settings_service.SPECS}
    return [(labels[key], settings.get(key, "").strip() or NOT_SET) for key in CONTACT_KEYS]


def contacts_of(ws: Workspace) -> list[tuple[str, str]]:
    """The contacts from the school's settings; if those cannot be read, each is "not set yet"."""
    try:
        settings = ws.settings()
    except Exception:  # the wizard still works without them
        log.warning("the wizard could not read the settings")
        settings = {}
    return contacts_from(settings)


def contacts_line(contacts: list[tuple[str, str]]) -> str:
    """The contacts on one line: 'MASH: ... · Police: 101 · Emergency: 999 · CEOP: ...'
    (`contacts` in the order of CONTACT_KEYS, as `contacts_from` gives them)."""
    names = [SHORT_NAMES[key] for key in CONTACT_KEYS]
    names += [label for label, _ in contacts[len(names) :]]
    pairs = zip(names, contacts, strict=False)
    return "  ·  ".join(f"{name}: {value}" for name, (_, value) in pairs)


def _bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"•  {line}" for line in lines)


class DecisionBanner(QFrame):
    """Headline on one line (and the contacts when it says refer); "Show why" opens the
    advice, the reasons behind it, the prompts and the contacts in full."""

    def __init__(self, contacts: list[tuple[str, str]]) -> None:
        super().__init__()
        self.setProperty("view", "undecided")
        self.view = "undecided"
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 6, 12, 6)
        column.setSpacing(4)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(12)
        self.headline = heading("", 1.1)
        top.addWidget(self.headline, 1)
        self.toggle = link_button(SHOW_WHY)
        self.toggle.setAccessibleName(SHOW_WHY_NAME)
        self.toggle.clicked.connect(self.toggle_details)
        top.addWidget(self.toggle)
        column.addLayout(top)
        self.contact_labels: list[tuple[str, str]] = contacts
        # The contacts in one line, under the headline whenever it says refer.
        self.contacts = plain_label(contacts_line(contacts))  # typed by the school: plain text
        self.contacts.setProperty("role", "contacts")
        column.addWidget(self.contacts)
        # Two answers that disagree are said whether or not the details are open.
        self.disagree = plain_label()
        self.disagree.setProperty("role", "prompts")
        self.disagree.setAccessibleName("Answers that disagree")
        self.disagree.hide()
        column.addWidget(self.disagree)

        self.details = QWidget()
        more = QVBoxLayout(self.details)
        more.setContentsMargins(0, 2, 0, 0)
        more.setSpacing(6)
        self.advice = plain_label()
        more.addWidget(self.advice)
        self.reasons_title = plain_label(BECAUSE)
        self.reasons_title.setProperty("role", "question")
        more.addWidget(self.reasons_title)
        self.reasons = plain_label()
        more.addWidget(self.reasons)
        self.prompts_title = plain_label(THINK_ABOUT)
        self.prompts_title.setProperty("role", "question")
        more.addWidget(self.prompts_title)
        self.prompts = plain_label()
        self.prompts.setProperty("role", "prompts")
        more.addWidget(self.prompts)
        self.all_contacts = QFrame()
        grid = QGridLayout(self.all_contacts)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        for row, (label, value) in enumerate(contacts):
            name = plain_label(label, wrap=False)
            name.setProperty("role", "question")
            grid.addWidget(name, row, 0)
            grid.addWidget(plain_label(value), row, 1)
        grid.setColumnStretch(1, 1)
        more.addWidget(self.all_contacts)
        column.addWidget(self.details)
        self.details.hide()
        self.expanded = False
        self._refer = False

    def toggle_details(self) -> None:
        self.set_expanded(not self.expanded)

    def set_expanded(self, expanded: bool) -> None:
        """Open or close the details; the toggle keeps the focus, its name says what it does."""
        self.expanded = expanded
        self.details.setVisible(expanded)
        self.toggle.setText(HIDE_WHY if expanded else SHOW_WHY)
        self.toggle.setAccessibleName(HIDE_WHY_NAME if expanded else SHOW_WHY_NAME)
        self._show_contacts()

    def _show_contacts(self) -> None:
        self.contacts.setVisible(self._refer and not self.expanded)
        self.all_contacts.setVisible(self._refer)

    def show_advice(self, advice: Advice) -> None:
        if self.view != advice.view:
            self.view = advice.view
            self.setProperty("view", advice.view)
            self.style().unpolish(self)
            self.style().polish(self)
        self.headline.setText(advice.headline)
        self.headline.setAccessibleName(advice.headline)
        self.advice.setText(advice.advice)
        self.reasons.setText(_bullets(advice.reasons))
        self.reasons.setVisible(bool(advice.reasons))
        self.reasons_title.setVisible(bool(advice.reasons))
        self.disagree.setText(_bullets(advice.contradictions))
        self.disagree.setVisible(bool(advice.contradictions))
        prompts = tuple(p for p in advice.prompts if p not in advice.contradictions)
        self.prompts.setText(_bullets(prompts))
        self.prompts.setVisible(bool(prompts))
        self.prompts_title.setVisible(bool(prompts))
        self._refer = advice.refer_now
        self._show_contacts()
        self.setAccessibleName(advice.headline)
        self.setAccessibleDescription(advice.advice)
        self.toggle.setAccessibleDescription(f"{advice.headline}. {advice.advice}")
