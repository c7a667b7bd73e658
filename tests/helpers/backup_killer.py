"""Backups that end part-way, as a kill (or a pulled plug) ends them.

Run by tests/test_backup_leftovers.py in a child process forked from a
forkserver that has already imported the app. `stop_backup_at` ends the
process with `os._exit` at a chosen step of a backup, so nothing of
Casebook's own clean-up runs; `backup_forever` backs up in a loop until the
parent kills it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def stop_backup_at(db: str, user: str, password: str, out: str, where: str) -> None:
    """One backup to `out`, ended at `where`: "copied" (the database copy written),
    "zipped" (the zip written, the copy still there) or "checking" (the zip being
    read back, the copy gone)."""
    from app.services import backup
    from app.services.workspace import unlock
    from app.storage import store

    ws = unlock(Path(db), user, password)
    if where == "copied":
        real_export = store.export_copy

        def export_then_die(*args: Any, **kwargs: Any) -> None:
            real_export(*args, **kwargs)
            os._exit(0)

        store.export_copy = export_then_die  # type: ignore[assignment]
    elif where == "zipped":
        real_zip = backup._write_zip

        def zip_then_die(*args: Any) -> None:
            real_zip(*args)
            os._exit(0)

        backup._write_zip = zip_then_die  # type: ignore[assignment]
    else:
        backup.read_backup = lambda _path: os._exit(0)  # type: ignore[assignment]
    backup.make_backup(ws, Path(out))
    os._exit(3)  # the stop was never reached


def backup_forever(db: str, user: str, password: str, folder: str) -> None:
    from app.services import backup
    from app.services.workspace import unlock

    ws = unlock(Path(db), user, password)
    n = 0
    while True:
        n += 1
        backup.make_backup(ws, Path(folder) / f"loop-{os.getpid()}-{n}.casebook")
