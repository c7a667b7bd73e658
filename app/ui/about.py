"""The About box: name, version, and the licences of the bundled components.

Its words are data (resources/about/licences.json, with the full licence texts
in resources/about/texts/), so a licence can be added without touching code.
Everything is shown as plain text.
"""

from __future__ import annotations

from typing import Any

from app import APP_NAME, __version__
from app.diagnostics.crashlog import logs_dir
from app.resources import load_json, path, read_text
from app.ui.icon import app_icon
from app.ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPixmap,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import button_row, heading, plain_label, primary_button

LICENCES = "about/licences.json"
TEXTS = "about/texts"
RULE = "=" * 72


def load_licences() -> dict[str, Any]:
    data: dict[str, Any] = load_json(LICENCES)
    return data


def licence_text(data: dict[str, Any] | None = None) -> str:
    """The components, each with its licence and copyright, then every full text once."""
    data = data or load_licences()
    lines = [data["intro"], ""]
    texts: list[str] = []
    for c in data["components"]:
        lines += [
            f"{c['name']}: {c['use']}",
            f"    Licence: {c['licence']}",
            f"    {c['copyright']}",
            f"    {c['website']}",
        ]
        if c.get("note"):
            lines.append(f"    {c['note']}")
        if c["texts"]:
            lines.append(f"    Full text: {', '.join(c['texts'])} (below)")
        lines.append("")
        texts += [t for t in c["texts"] if t not in texts]
    for name in texts:
        lines += [RULE, name, RULE, "", read_text(f"{TEXTS}/{name}").rstrip(), ""]
    return "\n".join(lines)


def where_the_logs_are() -> str:
    """For IT staff: the folder of the log, crash logs and native crashes."""
    return f"For IT: Casebook's logs (they hold no case data) are kept in {logs_dir()}"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        data = load_licences()
        self.setWindowTitle(f"About {APP_NAME}")
        self.setWindowIcon(app_icon())
        fit_to_screen(self, 760, 600)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(6)

        top = QHBoxLayout()
        self.icon = QLabel()
        self.icon.setPixmap(QPixmap(str(path("icons/casebook-64.png"))))
        self.icon.setAccessibleName(f"{APP_NAME} icon")
        top.addWidget(self.icon)
        names = QVBoxLayout()
        self.title = heading(APP_NAME)
        self.version = plain_label(f"Version {__version__}")
        names.addWidget(self.title)
        names.addWidget(self.version)
        top.addLayout(names, 1)
        column.addLayout(top)
        column.addWidget(plain_label(data["description"]))
        column.addWidget(plain_label(data["privacy"]))
        self.logs = plain_label(where_the_logs_are())
        self.logs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.logs)
        column.addSpacing(8)
        column.addWidget(plain_label("Licences of the components Casebook includes:"))

        self.licences = QPlainTextEdit()
        self.licences.setReadOnly(True)
        self.licences.setPlainText(licence_text(data))
        self.licences.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.licences.setAccessibleName("Licences")
        column.addWidget(self.licences, 1)

        self.close_button = primary_button("&Close")
        self.close_button.clicked.connect(self.reject)
        column.addSpacing(8)
        column.addLayout(button_row(self.close_button))
