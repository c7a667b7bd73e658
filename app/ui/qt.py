"""Every Qt name the UI uses, imported in one place so a binding change is one edit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QCursor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAction",
    "QApplication",
    "QCheckBox",
    "QCloseEvent",
    "QCursor",
    "QDialog",
    "QFont",
    "QFontDatabase",
    "QFontInfo",
    "QFrame",
    "QHBoxLayout",
    "QKeySequence",
    "QLabel",
    "QLineEdit",
    "QMainWindow",
    "QObject",
    "QPushButton",
    "QScrollArea",
    "QSizePolicy",
    "QStackedWidget",
    "QToolBar",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "Signal",
]
