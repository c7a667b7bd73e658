"""The app's sizes and colours, drawn by a style rather than an app-wide style sheet.

An app-wide style sheet sends every widget of every window through Qt's
style-sheet engine, even one that no rule names: the dashboard took some 30 ms
longer to build and paint with one line of it. So the few app-wide rules are
kept here instead: big targets (buttons, text boxes, check boxes) as sizes,
the colour of a label's `role` ("hint", "error", "good") as its palette
(`show_role`, from app.ui.widgets.plain_label and set_role).

Style sheets stay where a window or part draws something of its own (the
wizard, the Today panel, the toolbar, link buttons): only that part pays.
A rule there that draws a button's or a text box's border also decides its
size, so it takes `BUTTON_BOX` or `FIELD_BOX`.
"""

from __future__ import annotations

from typing import Any

from app.ui.qt import QColor, QLabel, QPalette, QProxyStyle, QRect, QSize, QStyle

ERROR_COLOUR = "#a4262c"  # dark red, 7:1 on white
GOOD_COLOUR = "#0b6a0b"  # dark green, 6:1 on white
HINT_COLOUR = "#505a5f"  # dark grey, 7:1 on white
LINK_COLOUR = "#1d4f91"

BUTTON_HEIGHT = 34  # px, at least: a calm, easy target
BUTTON_PADDING = 18  # px each side of the text
BUTTON_PADDING_Y = 4  # px above and below it
FIELD_PADDING = 6  # px each side of a text box's text
FIELD_HEIGHT = 32  # px, at least, for text boxes and check boxes
INDICATOR = 20  # px: a check box's box

# The same sizes in a style sheet's words, for a rule that draws a border: a rule
# with a border decides the size too (a rule without one leaves it to the style).
BUTTON_BOX = f"min-height: {BUTTON_HEIGHT}px; padding: {BUTTON_PADDING_Y}px {BUTTON_PADDING}px;"
FIELD_BOX = f"min-height: {FIELD_HEIGHT}px; padding: 0 {FIELD_PADDING}px;"
TOOLBAR = """
QToolBar { spacing: 8px; padding: 6px; }
QToolBar QToolButton {
    padding: 6px 16px; border: 1px solid #8a8a8a; border-radius: 3px; background: #ffffff;
}
QToolBar QToolButton:hover { background: #e8f0fb; }
QToolBar QToolButton:disabled { color: #6f777b; background: #f3f3f3; border-color: #c8c8c8; }
"""
LINK = f"""
QPushButton {{
    border: none; background: transparent; color: {LINK_COLOUR}; text-decoration: underline;
    padding: 4px 0; text-align: left; min-height: {BUTTON_HEIGHT}px;
}}
"""
ROLE_COLOURS = {"hint": HINT_COLOUR, "error": ERROR_COLOUR, "good": GOOD_COLOUR}
_BOLD_ROLES = frozenset({"error"})
_SHOWN_ROLE = "casebook_shown_role"  # the role a label's colour and weight now show

# As the app-wide style sheet had them (its box model: content, padding, border).
_CT = QStyle.ContentsType
_PUSH_BUTTON, _LINE_EDIT, _CHECK_BOX = _CT.CT_PushButton, _CT.CT_LineEdit, _CT.CT_CheckBox
_BORDER = 2  # px, both sides together: the platform's frame
_FOCUS_MARGIN = 4  # px the platform adds to a check box for its focus frame (the sheet did not)
_LINE_EDIT_TEXT = QStyle.SubElement.SE_LineEditContents
_TEXT_INSET = FIELD_PADDING  # px further in than the platform puts the text (as the sheet did)
_PM = QStyle.PixelMetric
_METRICS = {_PM.PM_IndicatorWidth: INDICATOR, _PM.PM_IndicatorHeight: INDICATOR}


class CasebookStyle(QProxyStyle):
    """The platform's own style (Windows, Fusion...), with Casebook's sizes and colours."""

    def sizeFromContents(  # noqa: N802 (Qt name)
        self, ct: Any, opt: Any, size: QSize, widget: Any = None
    ) -> QSize:
        found = super().sizeFromContents(ct, opt, size, widget)
        if ct == _PUSH_BUTTON:  # the text and 18 px either side; at least 34 px of height
            return QSize(
                size.width() + 2 * BUTTON_PADDING + _BORDER,
                max(size.height(), BUTTON_HEIGHT) + 2 * BUTTON_PADDING_Y + _BORDER,
            )
        if ct == _LINE_EDIT:  # 6 px either side of the text; at least 32 px inside
            return QSize(
                found.width() + 2 * FIELD_PADDING, max(found.height(), FIELD_HEIGHT + _BORDER)
            )
        if ct == _CHECK_BOX:
            width = max(found.width() - _FOCUS_MARGIN, INDICATOR)
            return QSize(width, max(found.height(), FIELD_HEIGHT))
        return found

    def subElementRect(  # noqa: N802 (Qt name)
        self, element: Any, opt: Any, widget: Any = None
    ) -> QRect:
        found = super().subElementRect(element, opt, widget)
        if element == _LINE_EDIT_TEXT:
            return found.adjusted(_TEXT_INSET, 0, -_TEXT_INSET, 0)
        return found

    def pixelMetric(  # noqa: N802 (Qt name)
        self, metric: Any, opt: Any = None, widget: Any = None
    ) -> int:
        fixed = _METRICS.get(metric)
        return fixed if fixed is not None else super().pixelMetric(metric, opt, widget)


def show_role(label: QLabel, role: str) -> None:
    """The colour (and weight) of `role` on `label`; any other role shows plain.

    Not in the style's polish: a Python polish makes PySide build `Qt`'s enums
    before the sign-in window paints.
    """
    role = role if role in ROLE_COLOURS else ""
    shown = label.property(_SHOWN_ROLE) or ""
    if role == shown:  # most labels: no role, none shown
        return
    palette = QPalette()  # nothing set: the window's own colours
    if role:
        # Only the text's colour: the rest of the palette stays the window's.
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ROLE_COLOURS[role]))
    label.setPalette(palette)
    if (role in _BOLD_ROLES) != (shown in _BOLD_ROLES):
        font = label.font()
        font.setBold(role in _BOLD_ROLES)
        label.setFont(font)
    label.setProperty(_SHOWN_ROLE, role)


_STYLE: list[CasebookStyle] = []  # the application takes it over; held here as well


def install(app: Any) -> None:
    """Casebook's look for every window of `app`, over the platform's own style."""
    if not _STYLE:
        _STYLE.append(CasebookStyle())
    app.setStyle(_STYLE[0])
