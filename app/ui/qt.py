"""Every Qt name the UI uses, in one place so a binding change is one edit.

Each name is looked up in its PySide6 module on first use (PEP 562), not all
at import: making a PySide6 type ready costs time, and the sign-in window
needs few of them (QtNetwork, QtPdf and QtPrintSupport not at all). mypy and
editors see every name through the TYPE_CHECKING imports. To add a name, add
it to both.

`Qt`, the namespace of Qt's own enums, is made on its first attribute: PySide
makes all of its ~120 enums at once (~30 ms), so the first window's building
blocks set the few they need by name instead (`set_enum`), and it is made after
that window has painted.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from app.lazy_names import resolve

if TYPE_CHECKING:
    from PySide6.QtCore import (
        QAbstractTableModel,
        QBuffer,
        QByteArray,
        QCryptographicHash,
        QDir,
        QEvent,
        QEventLoop,
        QIODevice,
        QLockFile,
        QMimeData,
        QModelIndex,
        QObject,
        QPersistentModelIndex,
        QPoint,
        QPointF,
        QRect,
        QSize,
        QSortFilterProxyModel,
        Qt,
        QThread,
        QTimer,
        Signal,
    )
    from PySide6.QtGui import (
        QAction,
        QCloseEvent,
        QColor,
        QCursor,
        QDragEnterEvent,
        QDragMoveEvent,
        QDropEvent,
        QEnterEvent,
        QFont,
        QFontDatabase,
        QFontInfo,
        QFontMetrics,
        QGuiApplication,
        QIcon,
        QImage,
        QKeyEvent,
        QKeySequence,
        QMouseEvent,
        QPageLayout,
        QPageSize,
        QPainter,
        QPaintEvent,
        QPalette,
        QPixmap,
        QResizeEvent,
        QShortcut,
        QShowEvent,
        QTextOption,
    )
    from PySide6.QtNetwork import (
        QLocalServer,
        QLocalSocket,
    )
    from PySide6.QtPdf import (
        QPdfDocument,
    )
    from PySide6.QtPrintSupport import (
        QPrintDialog,
        QPrinter,
        QPrintPreviewDialog,
    )
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractScrollArea,
        QApplication,
        QButtonGroup,
        QCheckBox,
        QComboBox,
        QDialog,
        QFileDialog,
        QFrame,
        QGridLayout,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QListWidget,
        QListWidgetItem,
        QMainWindow,
        QMenu,
        QMenuBar,
        QMessageBox,
        QPlainTextEdit,
        QProgressBar,
        QPushButton,
        QRadioButton,
        QScrollArea,
        QSizePolicy,
        QSpinBox,
        QSplitter,
        QStackedWidget,
        QTabBar,
        QTableView,
        QTabWidget,
        QToolBar,
        QToolButton,
        QToolTip,
        QVBoxLayout,
        QWidget,
    )
    from shiboken6 import (
        isValid,
    )

# name -> the module that holds it.
_HOMES = {
    "QAbstractTableModel": "PySide6.QtCore",
    "QBuffer": "PySide6.QtCore",
    "QByteArray": "PySide6.QtCore",
    "QCryptographicHash": "PySide6.QtCore",
    "QDir": "PySide6.QtCore",
    "QEvent": "PySide6.QtCore",
    "QEventLoop": "PySide6.QtCore",
    "QIODevice": "PySide6.QtCore",
    "QLockFile": "PySide6.QtCore",
    "QMimeData": "PySide6.QtCore",
    "QModelIndex": "PySide6.QtCore",
    "QObject": "PySide6.QtCore",
    "QPersistentModelIndex": "PySide6.QtCore",
    "QPoint": "PySide6.QtCore",
    "QPointF": "PySide6.QtCore",
    "QRect": "PySide6.QtCore",
    "QSize": "PySide6.QtCore",
    "QSortFilterProxyModel": "PySide6.QtCore",
    "Qt": "PySide6.QtCore",
    "QThread": "PySide6.QtCore",
    "QTimer": "PySide6.QtCore",
    "Signal": "PySide6.QtCore",
    "QAction": "PySide6.QtGui",
    "QCloseEvent": "PySide6.QtGui",
    "QColor": "PySide6.QtGui",
    "QCursor": "PySide6.QtGui",
    "QDragEnterEvent": "PySide6.QtGui",
    "QDragMoveEvent": "PySide6.QtGui",
    "QDropEvent": "PySide6.QtGui",
    "QEnterEvent": "PySide6.QtGui",
    "QFont": "PySide6.QtGui",
    "QFontDatabase": "PySide6.QtGui",
    "QFontInfo": "PySide6.QtGui",
    "QIcon": "PySide6.QtGui",
    "QFontMetrics": "PySide6.QtGui",
    "QGuiApplication": "PySide6.QtGui",
    "QImage": "PySide6.QtGui",
    "QKeyEvent": "PySide6.QtGui",
    "QKeySequence": "PySide6.QtGui",
    "QMouseEvent": "PySide6.QtGui",
    "QPageLayout": "PySide6.QtGui",
    "QPageSize": "PySide6.QtGui",
    "QPainter": "PySide6.QtGui",
    "QPaintEvent": "PySide6.QtGui",
    "QPalette": "PySide6.QtGui",
    "QPixmap": "PySide6.QtGui",
    "QResizeEvent": "PySide6.QtGui",
    "QShowEvent": "PySide6.QtGui",
    "QShortcut": "PySide6.QtGui",
    "QTextOption": "PySide6.QtGui",
    "QAbstractButton": "PySide6.QtWidgets",
    "QAbstractItemView": "PySide6.QtWidgets",
    "QAbstractScrollArea": "PySide6.QtWidgets",
    "QApplication": "PySide6.QtWidgets",
    "QButtonGroup": "PySide6.QtWidgets",
    "QCheckBox": "PySide6.QtWidgets",
    "QComboBox": "PySide6.QtWidgets",
    "QDialog": "PySide6.QtWidgets",
    "QFileDialog": "PySide6.QtWidgets",
    "QFrame": "PySide6.QtWidgets",
    "QGridLayout": "PySide6.QtWidgets",
    "QHBoxLayout": "PySide6.QtWidgets",
    "QHeaderView": "PySide6.QtWidgets",
    "QLabel": "PySide6.QtWidgets",
    "QLineEdit": "PySide6.QtWidgets",
    "QListWidget": "PySide6.QtWidgets",
    "QListWidgetItem": "PySide6.QtWidgets",
    "QMainWindow": "PySide6.QtWidgets",
    "QMenu": "PySide6.QtWidgets",
    "QMenuBar": "PySide6.QtWidgets",
    "QMessageBox": "PySide6.QtWidgets",
    "QPlainTextEdit": "PySide6.QtWidgets",
    "QProgressBar": "PySide6.QtWidgets",
    "QPushButton": "PySide6.QtWidgets",
    "QRadioButton": "PySide6.QtWidgets",
    "QScrollArea": "PySide6.QtWidgets",
    "QSizePolicy": "PySide6.QtWidgets",
    "QSpinBox": "PySide6.QtWidgets",
    "QSplitter": "PySide6.QtWidgets",
    "QStackedWidget": "PySide6.QtWidgets",
    "QTabBar": "PySide6.QtWidgets",
    "QTableView": "PySide6.QtWidgets",
    "QTabWidget": "PySide6.QtWidgets",
    "QToolBar": "PySide6.QtWidgets",
    "QToolButton": "PySide6.QtWidgets",
    "QToolTip": "PySide6.QtWidgets",
    "QVBoxLayout": "PySide6.QtWidgets",
    "QWidget": "PySide6.QtWidgets",
    "QLocalServer": "PySide6.QtNetwork",
    "QLocalSocket": "PySide6.QtNetwork",
    "QPdfDocument": "PySide6.QtPdf",
    "QPrintDialog": "PySide6.QtPrintSupport",
    "QPrinter": "PySide6.QtPrintSupport",
    "QPrintPreviewDialog": "PySide6.QtPrintSupport",
    "isValid": "shiboken6",
}


def __getattr__(name: str) -> Any:
    return resolve(__name__, globals(), _HOMES, name)


# PySide puts `Qt` in QtCore before it has made all its enums: a thread that reads
# it while another is making it finds enums missing (the window asked for
# Qt.ConnectionType while the warm-up made the namespace, and failed at every start).
_making = threading.Lock()


class _Namespace:
    """Stands in for `Qt`: the real namespace is made on the first attribute asked for."""

    def __getattr__(self, name: str) -> Any:
        with _making:
            from PySide6.QtCore import Qt as made  # every one of its enums is made here

            value = getattr(made, name)
        setattr(self, name, value)  # later lookups are plain attribute reads
        return value


if not TYPE_CHECKING:
    Qt = _Namespace()


def make_namespace() -> Any:
    """Make `Qt` now (app.ui.app does, off the GUI thread, once the first window has painted)."""
    with _making:
        from PySide6.QtCore import Qt as made

    return made


def set_enum(target: QObject, prop: str, value: str) -> None:
    """Set an enum property by the value's Qt name, without making `Qt`:
    `set_enum(label, "textFormat", "PlainText")` is
    `label.setTextFormat(Qt.TextFormat.PlainText)`. A name Qt does not know raises."""
    if not target.setProperty(prop, value):
        raise ValueError(f"{type(target).__name__} has no {prop} {value!r}")


__all__ = [
    "QAbstractButton",
    "QAbstractItemView",
    "QAbstractScrollArea",
    "QAbstractTableModel",
    "QAction",
    "QApplication",
    "QBuffer",
    "QButtonGroup",
    "QByteArray",
    "QCryptographicHash",
    "QDir",
    "QCheckBox",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QCursor",
    "QDialog",
    "QDragEnterEvent",
    "QDragMoveEvent",
    "QDropEvent",
    "QEnterEvent",
    "QEvent",
    "QEventLoop",
    "QFileDialog",
    "QFont",
    "QFontDatabase",
    "QFontInfo",
    "QIcon",
    "QFontMetrics",
    "QFrame",
    "QGridLayout",
    "QGuiApplication",
    "QHBoxLayout",
    "QHeaderView",
    "QIODevice",
    "QImage",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLineEdit",
    "QListWidget",
    "QListWidgetItem",
    "QLocalServer",
    "QLocalSocket",
    "QLockFile",
    "QMainWindow",
    "QMenu",
    "QMenuBar",
    "QMessageBox",
    "QMimeData",
    "QModelIndex",
    "QMouseEvent",
    "QObject",
    "QPageLayout",
    "QPageSize",
    "QPaintEvent",
    "QPainter",
    "QPalette",
    "QPixmap",
    "QPdfDocument",
    "QPersistentModelIndex",
    "QPlainTextEdit",
    "QProgressBar",
    "QPoint",
    "QPointF",
    "QPrintDialog",
    "QPrintPreviewDialog",
    "QPrinter",
    "QPushButton",
    "QRadioButton",
    "QRect",
    "QResizeEvent",
    "QScrollArea",
    "QShortcut",
    "QShowEvent",
    "QSize",
    "QSizePolicy",
    "QSortFilterProxyModel",
    "QSpinBox",
    "QSplitter",
    "QStackedWidget",
    "QTabBar",
    "QTabWidget",
    "QTableView",
    "QTextOption",
    "QThread",
    "QTimer",
    "QToolBar",
    "QToolButton",
    "QToolTip",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "Signal",
    "isValid",
]
