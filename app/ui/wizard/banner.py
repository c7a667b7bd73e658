"""The decision aid's view, shown at the top of every page after the first.

It suggests; the DSL decides. The words come from resources/wizard/decision_aid.json
(through `decision_aid.advise`), the contacts from the school's settings.
"""

from __future__ import annotations

import logging

from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui.qt import QFrame, QGridLayout, QVBoxLayout
from app.ui.widgets import heading, plain_label
from app.wizard.decision_aid import Advice

CONTACT_KEYS = ("mash_contact", "police_non_emergency", "police_emergency", "ceop_contact")
NOT_SET = "not set yet: add it in Casebook's settings"
BECAUSE = "Because:"
THINK_ABOUT = "Also think about:"

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


def _bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"•  {line}" for line in lines)


class DecisionBanner(QFrame):
    """Headline, advice, the reasons behind it and prompts; contacts when it says refer."""

    def __init__(self, contacts: list[tuple[str, str]]) -> None:
        super().__init__()
        self.setProperty("view", "undecided")
        self.view = "undecided"
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(6)
        self.headline = heading("", 1.2)
        column.addWidget(self.headline)
        self.advice = plain_label()
        column.addWidget(self.advice)
        self.reasons_title = plain_label(BECAUSE)
        self.reasons_title.setProperty("role", "question")
        column.addWidget(self.reasons_title)
        self.reasons = plain_label()
        column.addWidget(self.reasons)
        self.prompts_title = plain_label(THINK_ABOUT)
        self.prompts_title.setProperty("role", "question")
        column.addWidget(self.prompts_title)
        self.prompts = plain_label()
        self.prompts.setProperty("role", "prompts")
        column.addWidget(self.prompts)
        self.contacts = QFrame()
        grid = QGridLayout(self.contacts)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        self.contact_labels: list[tuple[str, str]] = contacts
        for row, (label, value) in enumerate(contacts):
            name = plain_label(label, wrap=False)
            name.setProperty("role", "question")
            grid.addWidget(name, row, 0)
            grid.addWidget(plain_label(value), row, 1)  # typed by the school: plain text
        grid.setColumnStretch(1, 1)
        column.addWidget(self.contacts)

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
        self.prompts.setText(_bullets(advice.prompts))
        self.prompts.setVisible(bool(advice.prompts))
        self.prompts_title.setVisible(bool(advice.prompts))
        self.contacts.setVisible(advice.refer_now)
        self.setAccessibleName(advice.headline)
        self.setAccessibleDescription(advice.advice)
