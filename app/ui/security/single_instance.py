"""One Casebook per user and database: a second launch brings the first window forward.

The first process to take a lock file (named by a hash of the user and the
database path, in this user's own runtime folder, `app.storage.paths.runtime_dir`)
listens on a local socket of the same name, readable by this user only. A
second launch finds the lock taken, connects, sends "show", waits for "ok"
and exits 0; when the first does not answer (it hangs), the second says so
(`NOT_ANSWERING`) and exits 1. The database's own lock
(app.storage.instance_lock) still guarantees it is never opened twice for
writing; this is the friendly part on top.

The lock is taken before the first window (QtCore only); the app may start
listening just after that window has painted (`is_primary(listen=False)`,
then `listen()`), so QtNetwork is not on the path to it. A second launch in
between keeps trying to connect for a few seconds, so it is still answered.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.diagnostics.lazylog import lazy_logger
from app.storage.fileio import ensure_private_dir
from app.storage.paths import runtime_dir
from app.ui.qt import QCryptographicHash, QDir, QLockFile, QObject, Qt, QWidget, Signal

if TYPE_CHECKING:
    from app.ui.qt import QLocalServer, QLocalSocket

log = lazy_logger(__name__)

SHOW = b"show\n"
OK = b"ok\n"
MAX_REQUEST = 64  # bytes: anything longer is not ours
# A Unix socket's path must fit in 108 bytes (104 on macOS); a longer runtime
# folder leaves the socket to Qt's own folder, named by the same private key.
MAX_SOCKET_PATH = 100

NOT_ANSWERING = (
    "Casebook is already open for this database but is not answering. "
    "Close it (or restart the laptop) and try again."
)


def this_user() -> str:
    """Who is running Casebook: the account's id on macOS and Linux, its name on Windows."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import getpass

        domain = os.environ.get("USERDOMAIN", "")
        return f"{domain}\\{getpass.getuser()}".casefold()
    return str(os.getuid())


def instance_key(db_path: Path, user: str | None = None) -> str:
    """A short, stable name for this user's Casebook on this database: the same
    user and file give the same key; another user, or another file, another."""
    resolved = os.path.normcase(str(Path(db_path).expanduser().resolve()))
    who = this_user() if user is None else user
    # QtCore's hash and temp folder: hashlib and tempfile would cost the first
    # window about 15 ms of imports.
    digest = bytes(
        QCryptographicHash.hash(f"{who}\n{resolved}".encode(), QCryptographicHash.Algorithm.Sha256)
        .toHex()
        .data()
    ).decode("ascii")[:24]
    return f"casebook-{digest}"


def _private_folder() -> Path:
    """This user's runtime folder, made owner-only; Qt's temp folder if it cannot be."""
    folder = runtime_dir()
    try:
        ensure_private_dir(folder)
    except OSError:
        return Path(QDir.tempPath())
    return folder


def _server_name(key: str, folder: Path) -> str:
    if sys.platform == "win32":  # pragma: no cover - a named pipe, per user by its key
        return key
    path = str(folder / f"{key}.socket")
    return path if len(path.encode("utf-8", "surrogateescape")) <= MAX_SOCKET_PATH else key


def bring_to_front(window: QWidget) -> None:
    """Show a window that may be minimised or behind others, as it was (maximised stays so)."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def _allow_foreground() -> None:
    # Windows only lets the process the user just started give the focus away:
    # let the first instance raise its window (ASFW_ANY).
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.windll.user32.AllowSetForegroundWindow(-1)


class SingleInstance(QObject):
    show_requested = Signal()

    def __init__(
        self, key: str, parent: QObject | None = None, *, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.key = key
        folder = folder or _private_folder()
        self.lock_path = folder / f"{key}.lock"
        self.server_name = _server_name(key, folder)
        self._lock = QLockFile(str(self.lock_path))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None
        self._primary: bool | None = None
        self._closed = False

    def is_primary(self, *, listen: bool = True) -> bool:
        """True for the first process for this key; decided once.

        The first process starts listening for a second launch now, or with
        `listen=False` when it calls `listen()` (once its first window is up).
        """
        if self._primary is None:
            self._primary = self._claim()
        if self._primary and listen:
            self.listen()
        return self._primary

    def _claim(self) -> bool:
        if not self._lock.tryLock(0):
            if self._lock.error() == QLockFile.LockError.LockFailedError:
                return False
            # The lock file cannot be made at all (temp folder unwritable):
            # a first instance would be answering on the socket.
            from app.ui.qt import QLocalSocket

            probe = QLocalSocket()
            probe.connectToServer(self.server_name)
            if probe.waitForConnected(300):
                probe.abort()
                return False
        return True

    def listen(self) -> None:
        """Answer a second launch from now on (the first process only; once)."""
        if not self._primary or self._server is not None or self._closed:
            return
        from app.ui.qt import QLocalServer

        QLocalServer.removeServer(self.server_name)  # a crashed first instance's socket file
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._connection)
        if not server.listen(self.server_name):
            # Still the first instance; a second launch will find the database lock.
            # The error's name only: Qt's text of it repeats the socket's path.
            log.warning("single-instance socket unavailable: %s", server.serverError().name)
        self._server = server

    def send_show(self, timeout_ms: int = 5_000) -> bool:
        """From a second launch: ask the first to come forward. True when it answered."""
        from app.ui.qt import QLocalSocket

        _allow_foreground()
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self.server_name)
            if socket.waitForConnected(250):
                socket.write(SHOW)
                socket.flush()
                answered = b""
                while time.monotonic() < deadline and not answered.endswith(b"\n"):
                    if socket.waitForReadyRead(100):
                        answered += bytes(socket.readAll().data())
                    elif socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                        break
                socket.abort()
                if answered == OK:
                    return True
            else:
                socket.abort()
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)  # the first instance may still be starting up

    def _connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if socket.bytesAvailable() > MAX_REQUEST:
            socket.abort()
            return
        if not socket.canReadLine():
            return
        request = bytes(socket.readLine().data())
        if request == SHOW:
            socket.write(OK)
            socket.flush()
            self.show_requested.emit()
        socket.disconnectFromServer()

    def close(self) -> None:
        self._closed = True
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._primary:
            self._lock.unlock()
