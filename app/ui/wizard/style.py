"""The wizard's look: one style sheet, drawn off each widget's `role` (and `invalid`) property."""

STYLE = """
QLabel[role="note"] { color: #1d4f91; }
QLabel[role="question"], QLabel[role="record-title"], QLabel[role="answer-label"] {
    font-weight: bold;
}
QLabel[role="section"] { font-weight: bold; font-size: 13pt; }
QFrame[role="error-summary"] { background: #fdf0f0; border-left: 5px solid #a4262c; }
QLabel[role="error-list"] { color: #0b0c0c; }
QLabel[role="prompts"] { color: #0b0c0c; }
QFrame[role="record"] { background: #fafafa; border: 1px solid #b1b4b6; border-radius: 4px; }
QFrame[role="guidance"] { background: #f3f2f1; border-left: 1px solid #b1b4b6; }
QWidget[role="guidance-body"] { background: #f3f2f1; }
QFrame[view="refer"] { background: #fdf0f0; border: 2px solid #a4262c; border-radius: 4px; }
QFrame[view="in_school"] { background: #eef7ee; border: 2px solid #0b6a0b; border-radius: 4px; }
QFrame[view="undecided"] { background: #eef3f8; border: 2px solid #1d4f91; border-radius: 4px; }
QFrame[view="referred"] { background: #eef7ee; border: 2px solid #0b6a0b; border-radius: 4px; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { border: 2px solid #a4262c; }
QRadioButton[invalid="true"], QCheckBox[invalid="true"] { color: #a4262c; }
QPlainTextEdit { background: #ffffff; }
QListWidget#pages {
    background: #f3f2f1; border: none; border-right: 1px solid #b1b4b6; padding: 6px 8px;
}
QListWidget#pages::item { padding: 8px 0px; }
QListWidget#pages::item:disabled { color: #6f777b; }
QListWidget#pages::item:selected { background: #1d4f91; color: #ffffff; }
QPushButton[role="primary"] { background: #1d4f91; color: #ffffff; font-weight: bold;
    border: 1px solid #0f2f5a; border-radius: 3px; }
QPushButton[role="primary"]:focus { border: 3px solid #ffdd00; }
QFrame[role="earlier"] { background: #eef3f8; border-left: 4px solid #1d4f91; }
"""
