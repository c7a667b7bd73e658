"""Starting the GUI: first run or sign in, then the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from app import APP_NAME
from app.services import workspace
from app.services.workspace import Workspace
from app.ui.first_run import FirstRunWindow
from app.ui.login import LoginWindow
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QObject, QWidget
from app.ui.widgets import apply_look


class Casebook(QObject):
    """Which window is showing. Exactly one is open at a time."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.window: QWidget | None = None
        self._last_username = ""

    def start(self) -> None:
        if workspace.database_exists(self.db_path):
            self.show_login()
        else:
            self.show_first_run()

    def show_first_run(self) -> None:
        window = FirstRunWindow(self.db_path)
        window.completed.connect(self.show_login)
        self._swap(window)

    def show_login(self, username: str = "") -> None:
        window = LoginWindow(self.db_path, username or self._last_username)
        window.signed_in.connect(self.show_main)
        self._swap(window)

    def show_main(self, ws: Workspace) -> None:
        self._last_username = ws.account.username
        window = MainWindow(ws)
        window.signed_out.connect(self.show_login)
        self._swap(window)

    def _swap(self, new: QWidget) -> None:
        # Show the new window before closing the old one, or Qt quits on "last window closed".
        old, self.window = self.window, new
        new.show()
        new.raise_()
        new.activateWindow()
        if old is not None:
            old.close()
            old.deleteLater()


def run_gui(db_path: Path) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    apply_look(app)
    controller = Casebook(db_path)
    controller.start()
    return app.exec()


if __name__ == "__main__":
    from app.paths import default_db_path

    raise SystemExit(run_gui(default_db_path()))
