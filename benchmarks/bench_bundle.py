"""The built bundle (`make dist`): its size, and its start against the venv's.

bundle_start_ratio: the bundled program's start to its painted sign-in window
against `python -m app` from the venv, both timed as bench_start times Casebook
(fresh processes, CASEBOOK_EXIT_AFTER_FIRST_PAINT=1, the same database),
taking turns. Without a bundle in dist/ both figures say so on their line.

bundle_size_mb: the unpacked bundle in decimal megabytes (1,000,000 bytes, as
the target "within 150 MB" and installer/build.py count them); the note gives MiB.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks import proc
from benchmarks.bench_start import (
    PAINT_ENV,
    START_TIMEOUT_S,
    casebook_start,
    timed_start,
)
from benchmarks.registry import Context, Figure, benchmark, median

DIST = proc.ROOT / "dist"
MB, MIB = 1_000_000, 1024 * 1024
SIZE_TARGET_MB = 150
NO_BUNDLE = "no bundle in dist/ (run `make dist` to build one)"


def bundle_program() -> Path | None:
    """The built program that prints to a console, or None when there is none."""
    candidates = {
        "win32": DIST / "casebook" / "casebook-cli.exe",
        "darwin": DIST / "Casebook.app" / "Contents" / "MacOS" / "Casebook",
    }
    program = candidates.get(sys.platform, DIST / "casebook" / "casebook")
    return program if program.is_file() else None


def bundle_folder() -> Path:
    return DIST / "Casebook.app" if sys.platform == "darwin" else DIST / "casebook"


def folder_bytes(folder: Path) -> int:
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files)


def bundled_start(program: Path, db: Path) -> proc.Run:
    env = proc.child_env(CASEBOOK_DB=str(db), **{PAINT_ENV: "1"})
    return proc.run([str(program)], env=env, timeout=START_TIMEOUT_S)


@benchmark("bundle", "bundle_start_ratio", "bundle_size_mb")
def bundle(ctx: Context) -> list[Figure]:
    program = bundle_program()
    if program is None:
        return [
            Figure("bundle_start_ratio", None, "s", target=1.2, on="ratio", missing=NO_BUNDLE),
            Figure("bundle_size_mb", None, "MB", target=SIZE_TARGET_MB, missing=NO_BUNDLE),
        ]
    size_bytes = folder_bytes(bundle_folder())
    size = Figure(
        "bundle_size_mb",
        size_bytes / MB,
        "MB",
        target=SIZE_TARGET_MB,
        note=f"{size_bytes / MIB:.1f} MiB",
    )
    db = ctx.fx.training("1k")
    bundled, venv = proc.alternate(
        ctx.samples,
        lambda: timed_start(lambda: bundled_start(program, db)),
        lambda: timed_start(lambda: casebook_start(db)),
    )
    seconds = [s.seconds for s in bundled]
    return [
        Figure(
            "bundle_start_ratio",
            median(seconds),
            "s",
            median([s.seconds for s in venv]),
            1.2,
            "ratio",
            samples=seconds,
            note="start to the painted sign-in window; floor: the same from the venv",
        ),
        size,
    ]
