"""Small building blocks shared by the screens: labelled fields, on-page messages,
the password pair with its strength hint, and the one way errors reach the user."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from app.diagnostics.lazylog import lazy_logger
from app.errors import CasebookError
from app.security import passwords
from app.ui.fonts import MONOSPACE_FAMILY, register_bundled_fonts
from app.ui.qt import (
    QApplication,
    QCursor,
    QFont,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    set_enum,
)
from app.ui.screen_fit import see_through_scroll_area

if TYPE_CHECKING:
    from app.ui.qt import QEnterEvent

log = lazy_logger(__name__)

T = TypeVar("T")

GENERIC_ERROR = "Something went wrong; nothing was saved."
MIN_POINT_SIZE = 11.0
COLUMN_WIDTH = 640  # one calm column of text, however wide the window

ERROR_COLOUR = "#a4262c"  # dark red, 7:1 on white
GOOD_COLOUR = "#0b6a0b"  # dark green, 6:1 on white

STYLE = f"""
QPushButton {{ min-height: 34px; padding: 4px 18px; }}
QLineEdit {{ min-height: 32px; padding: 0 6px; }}
QCheckBox {{ min-height: 32px; }}
QCheckBox::indicator {{ width: 20px; height: 20px; }}
QToolBar {{ spacing: 8px; padding: 6px; }}
QToolBar QToolButton {{
    padding: 6px 16px; border: 1px solid #8a8a8a; border-radius: 3px; background: #ffffff;
}}
QToolBar QToolButton:hover {{ background: #e8f0fb; }}
QToolBar QToolButton:disabled {{ color: #6f777b; background: #f3f3f3; border-color: #c8c8c8; }}
QLabel[role="hint"] {{ color: #505a5f; }}
QLabel[role="error"] {{ color: {ERROR_COLOUR}; font-weight: bold; }}
QLabel[role="good"] {{ color: {GOOD_COLOUR}; }}
QPushButton[role="link"] {{
    border: none; background: transparent; color: #1d4f91;
    text-decoration: underline; padding: 4px 0; text-align: left;
}}
"""


def apply_look(app: QApplication) -> None:
    """A readable minimum font size and large click targets for the whole app."""
    register_bundled_fonts()  # first, so every widget can name a bundled family
    font = app.font()
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    app.setStyleSheet(STYLE)


def strip_mnemonic(text: str) -> str:
    """'&User name' -> 'User name' ('&&' stays a literal '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def mnemonic_letter(text: str) -> str:
    """The Alt+letter a text's "&" gives ('S&earch' -> 'e'; '' when it has none)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else ""


def with_mnemonics(texts: list[str], taken: str = "") -> list[str]:
    """Each text with an "&" on a letter no other text (nor `taken`) uses.

    A word's first letter is preferred, then any letter, left to right; a text
    whose every letter is taken keeps no mnemonic rather than share one.
    """
    used = set(taken.lower())
    out = []
    for text in texts:
        plain = text.replace("&", "&&")
        starts = [
            n for n, ch in enumerate(text) if ch.isalpha() and (n == 0 or text[n - 1] in " (/-")
        ]
        others = [n for n, ch in enumerate(text) if ch.isalpha() and n not in starts]
        choice = next((n for n in starts + others if text[n].lower() not in used), None)
        if choice is None:
            out.append(plain)
            continue
        used.add(text[choice].lower())
        out.append(text[:choice].replace("&", "&&") + "&" + text[choice:].replace("&", "&&"))
    return out


def tab_order(*widgets: QWidget) -> None:
    """Tab visits `widgets` one after another, in the order given (reading order)."""
    for before, after in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(before, after)


def set_role(label: QLabel, role: str) -> None:
    # The style sheet keys colours off this property. A label not yet polished
    # takes it when first shown; one on screen is re-polished so the change
    # shows. (Skipping style() for new labels keeps ~15 ms off the first window.)
    label.setProperty("role", role)
    if label.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        label.style().unpolish(label)
        label.style().polish(label)


def plain_label(text: str = "", role: str = "", *, wrap: bool = True) -> QLabel:
    """A label that never interprets its text as HTML: user text shows as typed."""
    label = QLabel()
    # By name: the sign-in window is made of these and paints before `Qt` is made.
    set_enum(label, "textFormat", "PlainText")
    label.setText(text)
    label.setWordWrap(wrap)
    if role:
        label.setProperty("role", role)  # a new label: it takes the role when first shown
    return label


def mono_font(point_size: float, *, bold: bool = False) -> QFont:
    """The bundled fixed-width font, so a recovery key's characters line up for copying
    and look the same on every laptop."""
    register_bundled_fonts()  # a no-op after apply_look; here for screens built without it
    font = QFont(MONOSPACE_FAMILY)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def recovery_key_label(accessible_name: str) -> QLabel:
    """Where a recovery key is shown once: large, fixed-width, boxed, and selectable
    with the mouse or the keyboard so it can be copied exactly."""
    label = plain_label(wrap=False)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setFont(mono_font(24, bold=True))
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setFrameShape(QLabel.Shape.Box)
    label.setMargin(14)
    label.setAccessibleName(accessible_name)
    return label


def passphrase_label(accessible_name: str) -> QLabel:
    """recovery_key_label for a passphrase shown once: a little smaller, and wrapping,
    so five words fit a dialog's width."""
    label = recovery_key_label(accessible_name)
    label.setFont(mono_font(16, bold=True))
    label.setWordWrap(True)
    return label


def heading(text: str, scale: float = 1.6) -> QLabel:
    label = plain_label(text)
    font = QFont(label.font())
    font.setPointSizeF(max(font.pointSizeF(), MIN_POINT_SIZE) * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


class Message(QLabel):
    """An error or a note shown on the page itself, hidden while empty."""

    def __init__(self) -> None:
        super().__init__()
        set_enum(self, "textFormat", "PlainText")  # by name, as in plain_label
        self.setWordWrap(True)
        set_enum(self, "textInteractionFlags", "TextSelectableByMouse")
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, "error")

    def show_good(self, text: str) -> None:
        self._show(text, "good")

    def _show(self, text: str, role: str) -> None:
        set_role(self, role)
        self.setText(text)
        self.setAccessibleName(text)
        self.show()

    def clear(self) -> None:
        self.setText("")
        self.hide()


def add_field(layout: QVBoxLayout, label_text: str, widget: QWidget, hint: str = "") -> QLabel:
    """Label above, optional hint, then the input: the label is its buddy and its
    accessible name, so screen readers and Alt+letter both work."""
    label = QLabel(label_text)
    set_enum(label, "textFormat", "PlainText")  # by name, as in plain_label
    label.setBuddy(widget)
    name = strip_mnemonic(label_text)
    widget.setAccessibleName(name)
    layout.addSpacing(6)
    layout.addWidget(label)
    if hint:
        hint_label = plain_label(hint, "hint")
        widget.setAccessibleDescription(hint)
        layout.addWidget(hint_label)
    layout.addWidget(widget)
    return label


def line_edit(*, password: bool = False, max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setDefault(True)
    button.setAutoDefault(True)
    button.setAccessibleName(strip_mnemonic(text))
    return button


def button(text: str) -> QPushButton:
    b = QPushButton(text)
    b.setAutoDefault(False)
    b.setAccessibleName(strip_mnemonic(text))
    return b


class LinkButton(QPushButton):
    """A button that looks like a link, with the pointing hand over it.

    The hand is set when the mouse first comes over it: a cursor shape is one
    of `Qt`'s enums, and the sign-in window (which has one of these) paints
    before `Qt` is made.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._hand = False

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 (Qt name)
        if not self._hand:
            self._hand = True
            self.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        super().enterEvent(event)


def link_button(text: str) -> QPushButton:
    b = LinkButton(text)
    b.setProperty("role", "link")
    b.setFlat(True)
    b.setAutoDefault(False)
    b.setAccessibleName(strip_mnemonic(text))
    b.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return b


def button_row(*buttons: QPushButton, left: QPushButton | None = None) -> QHBoxLayout:
    """Secondary action on the left, the main ones on the right."""
    row = QHBoxLayout()
    if left is not None:
        row.addWidget(left)
    row.addStretch(1)
    for b in buttons:
        row.addWidget(b)
    return row


def centred_column(parent: QWidget, width: int = COLUMN_WIDTH) -> QVBoxLayout:
    """A fixed-width column centred in `parent`, for short calm pages.

    It scrolls when the window is short (a small laptop screen, or Windows text
    scaling at 150%), so nothing is ever squashed or cut off.
    """
    scroll, page = see_through_scroll_area()
    holder = QVBoxLayout(parent)
    holder.setContentsMargins(0, 0, 0, 0)
    holder.addWidget(scroll)
    outer = QHBoxLayout(page)
    outer.setContentsMargins(24, 24, 24, 24)
    outer.addStretch(1)
    inner = QWidget()
    inner.setMaximumWidth(width)
    outer.addWidget(inner, 100)
    outer.addStretch(1)
    column = QVBoxLayout(inner)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    return column


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """An hourglass while key derivation runs (a fraction of a second)."""
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def run_safely(action: Callable[[], T], message: Message) -> T | None:
    """Run one user action; a failure becomes a sentence on the page, never a traceback.

    CasebookError messages are written to be shown as they are. Anything else
    may carry data in its text, so only its type is logged and the user gets a
    generic sentence.
    """
    try:
        with busy():
            return action()
    except CasebookError as exc:
        message.show_error(str(exc))
    except Exception as exc:
        log.error("unexpected %s in the UI", type(exc).__name__)
        message.show_error(GENERIC_ERROR)
    return None


class PasswordPair(QWidget):
    """New password, its confirmation and a live strength hint (app.security.passwords.assess)."""

    changed = Signal()

    def __init__(
        self,
        password_label: str = "&Password",
        confirm_label: str = "C&onfirm password",
        hint: str = "At least 10 characters. Three or four unrelated words are easy "
        "to remember and hard to guess.",
    ) -> None:
        super().__init__()
        self._username = ""
        self._full_name = ""
        self._school = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.password = line_edit(password=True)
        self.confirm = line_edit(password=True)
        self.password_label = add_field(layout, password_label, self.password, hint)
        self.strength = plain_label()
        self.strength.setAccessibleName("Password strength")
        self.strength.hide()
        layout.addWidget(self.strength)
        self.confirm_label = add_field(layout, confirm_label, self.confirm)
        self.mismatch = Message()
        layout.addWidget(self.mismatch)
        self.password.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.confirm.editingFinished.connect(self._confirm_finished)

    def set_username(self, username: str) -> None:
        # A password containing the user name is refused, so the hint must know it.
        self._username = username.strip()
        self._update()

    def set_full_name(self, full_name: str) -> None:
        """The person's name and the school's are refused as passwords too."""
        self._full_name = full_name.strip()
        self._update()

    def set_school(self, school: str) -> None:
        self._school = school.strip()
        self._update()

    def verdict(self) -> passwords.Strength:
        others = (self._full_name, self._school)
        return passwords.assess(self.password.text(), self._username, others=others)

    def problems(self) -> list[tuple[str, QLineEdit]]:
        """Why the pair cannot be used yet, each with the field to fix."""
        if not self.password.text():
            return [("Enter a password.", self.password)]
        verdict = self.verdict()
        if verdict.problem is not None:
            return [(verdict.problem, self.password)]
        if self.confirm.text() != self.password.text():
            return [("The two passwords are not the same.", self.confirm)]
        return []

    def value(self) -> str:
        return self.password.text()

    def clear(self) -> None:
        self.password.clear()
        self.confirm.clear()

    def _confirm_finished(self) -> None:
        self._update(final=True)

    def _update(self, *_: object, final: bool = False) -> None:
        pw, again = self.password.text(), self.confirm.text()
        if pw:
            verdict = self.verdict()
            text = f"Strength: {verdict.label}"
            if verdict.problem:
                text += f". {verdict.problem}"
            self.strength.setText(text)
            self.strength.setAccessibleDescription(text)
            set_role(self.strength, "error" if verdict.problem else "good")
            self.strength.show()
        else:
            self.strength.hide()
        # Don't nag while the second copy is still being typed.
        typing = not final and pw.startswith(again)
        if again and again != pw and not typing:
            self.mismatch.show_error("The two passwords are not the same.")
        elif again and again == pw:
            self.mismatch.show_good("The two passwords match.")
        else:
            self.mismatch.clear()
        self.changed.emit()
