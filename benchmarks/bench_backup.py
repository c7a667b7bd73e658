"""Backups and `casebook verify`, each a fresh `casebook` process (fast key cost).

backup_peak_rss_ratio: the peak memory of `casebook backup` (kernel's figure
for that process) against the size of the database it copies: a backup should
stream the file, not hold it. The goal is set at 50k cases, where the file is
large enough to dominate; smaller sizes are shown for the trend.

verify: `casebook verify` from spawn to exit, against floors/raw_sqlcipher.py
running SQLCipher's page check, SQLite's integrity check and the foreign-key
check on a raw connection (the audit chain is Casebook's own work on top).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME, database_files
from benchmarks.registry import Context, Figure, benchmark, median

MIB = 1024 * 1024
SECRET = f"{PASSWORD}\n".encode()


def _mib(db: Path) -> float:
    return sum(f.stat().st_size for f in database_files(db) if not f.name.endswith(".keys")) / MIB


def _backup(db: Path, folder: Path) -> proc.Run:
    """One backup into an empty folder, removed straight after."""
    folder.mkdir(mode=0o700)
    try:
        return proc.casebook(
            "backup", "--db", str(db), "--user", USERNAME,
            "--password-file", str(folder.parent / "password.txt"),
            "--out", str(folder / "backup.casebook"),
        )  # fmt: skip
    finally:
        shutil.rmtree(folder)


@benchmark("backup", "backup_peak_rss_ratio_{size}", "verify_{size}_s")
def backup(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    for size in ctx.sizes:
        figures.extend(backup_and_verify(ctx, size))
    return figures


def backup_and_verify(ctx: Context, size: str) -> list[Figure]:
    db = ctx.fx.training(size)
    ctx.fx.password_file()
    runs = [_backup(db, ctx.fx.scratch(f"backup-{size}-{i}")) for i in range(ctx.samples)]
    peaks = [r.peak_rss_mib for r in runs]
    verify, bare = proc.alternate(
        ctx.samples,
        lambda: proc.casebook(
            "verify",
            "--db",
            str(db),
            "--user",
            USERNAME,
            "--password-file",
            str(ctx.fx.password_file()),
        ),  # fmt: skip
        lambda: proc.floor("raw_sqlcipher.py", "check", str(db), USERNAME, stdin=SECRET),
    )
    seconds = [r.wall_s for r in verify]
    return [
        Figure(
            f"backup_peak_rss_ratio_{size}",
            median(peaks),
            "MiB",
            _mib(db),
            1.2 if size == "50k" else None,
            "ratio",
            samples=peaks,
            note=(
                f"peak memory of `casebook backup` / the database's size; the backup took "
                f"{median([r.wall_s for r in runs]):.2f} s"
            ),
        ),
        Figure(
            f"verify_{size}_s",
            median(seconds),
            "s",
            median([r.wall_s for r in bare]),
            3,
            samples=seconds,
            note="`casebook verify`, spawn to exit; floor: the three checks on a raw connection",
        ),
    ]
