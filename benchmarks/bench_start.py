"""Start-up: process start to the painted sign-in window, against a bare Qt window.

Casebook runs as `python -m app` on an existing database (so the sign-in window
is the first window), offscreen, with CASEBOOK_EXIT_AFTER_FIRST_PAINT=1: it
prints `painted-at <time.time()>` once that window has been painted and quits.
The floor is floors/bare_qt_window.py, a PySide6 script that shows one QWidget
and reports its first paint the same way. Each sample is a fresh process timed
from just before it is spawned; peak memory is the kernel's for that process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import proc
from benchmarks.registry import Context, Figure, benchmark, median

PAINT_ENV = "CASEBOOK_EXIT_AFTER_FIRST_PAINT"
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class Start:
    seconds: float  # spawn to painted
    peak_mib: float


def timed_start(run: Callable[[], proc.Run]) -> Start:
    done = run()
    painted = done.painted_at()
    if painted is None:
        raise proc.ChildFailed("the program quit without printing painted-at")
    return Start(painted - done.spawned_at, done.peak_rss_mib)


def casebook_start(db: Path) -> proc.Run:
    return proc.run(
        [proc.PYTHON, "-m", "app"],
        env=proc.child_env(CASEBOOK_DB=str(db), **{PAINT_ENV: "1"}),
        timeout=START_TIMEOUT_S,
    )


def bare_start() -> proc.Run:
    return proc.run([proc.PYTHON, str(proc.FLOORS / "bare_qt_window.py")], timeout=START_TIMEOUT_S)


def start_figures(app: list[Start], bare: list[Start]) -> list[Figure]:
    floor_s = median([s.seconds for s in bare])
    floor_mib = median([s.peak_mib for s in bare])
    return [
        Figure(
            "start_painted_ratio",
            median([s.seconds for s in app]),
            "s",
            floor_s,
            1.5,
            "ratio",
            samples=[s.seconds for s in app],
            note="process start to the painted sign-in window; floor: bare PySide6 window",
        ),
        Figure(
            "start_peak_rss_ratio",
            median([s.peak_mib for s in app]),
            "MiB",
            floor_mib,
            1.5,
            "ratio",
            samples=[s.peak_mib for s in app],
            note="peak resident memory of that process; floor: the bare window's",
        ),
    ]


@benchmark("start", "start_painted_ratio", "start_peak_rss_ratio")
def start(ctx: Context) -> list[Figure]:
    db = ctx.fx.training("1k")
    app, bare = proc.alternate(
        ctx.samples,
        lambda: timed_start(lambda: casebook_start(db)),
        lambda: timed_start(bare_start),
    )
    return start_figures(app, bare)
