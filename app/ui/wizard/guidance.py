"""The side panel: the page's guidance, and notes about the question in focus."""

from __future__ import annotations

from app.ui.qt import QFrame, QScrollArea, QSizePolicy, Qt, QVBoxLayout, QWidget
from app.ui.widgets import heading, plain_label, set_role
from app.ui.wizard.form import Row
from app.wizard.spec import PageSpec

NO_QUESTION = "Move to a question to see notes about it here."
NO_HELP = "There are no extra notes for this question."


class GuidancePanel(QFrame):
    """All its words come from the pages file; it scrolls if they are long."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "guidance")
        self.setMinimumWidth(280)
        self.setMaximumWidth(420)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setAccessibleName("Guidance for this page")  # Tab to it, then the arrows scroll
        self.scroll_area = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget()
        body.setProperty("role", "guidance-body")
        scroll.setWidget(body)
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 20, 20, 20)
        column.setSpacing(8)

        self.title = heading("Guidance", 1.25)
        column.addWidget(self.title)
        self.points_box = QVBoxLayout()
        self.points_box.setSpacing(10)
        column.addLayout(self.points_box)
        self.points: list[QWidget] = []

        column.addSpacing(16)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setProperty("role", "rule")
        column.addWidget(rule)
        column.addSpacing(8)
        self.about_title = heading("About this question", 1.1)
        column.addWidget(self.about_title)
        self.question = plain_label()
        self.question.setProperty("role", "question")
        column.addWidget(self.question)
        self.help = plain_label(NO_QUESTION, "hint")
        column.addWidget(self.help)
        column.addStretch(1)
        # The question's words wrap to the panel's width and never widen it: otherwise the
        # panel's width would hang on which question had the cursor when it was first shown.
        for words in (self.question, self.help):
            words.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_page(self, page: PageSpec) -> None:
        for widget in self.points:
            self.points_box.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.points = []
        for text in page.guidance:
            label = plain_label(text)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.points_box.addWidget(label)
            self.points.append(label)
        self.set_question("", "")

    def set_question(self, label: str, help_text: str) -> None:
        self.question.setText(label)
        self.question.setVisible(bool(label))
        self.help.setText(help_text or (NO_HELP if label else NO_QUESTION))
        set_role(self.help, "" if help_text else "hint")


def question_at(widget: QWidget | None, top: QWidget) -> tuple[str, str] | None:
    """The question holding `widget` below `top`: its words, and the nearest help found
    going out through the rows it sits in (a record's question may have none of its own)."""
    row: Row | None = None
    help_text = ""
    while widget is not None and widget is not top:
        if isinstance(widget, Row):
            row = row or widget
            if widget.spec.help:
                help_text = widget.spec.help
                break
        widget = widget.parentWidget()
    return (row.current_label, help_text) if row is not None else None
