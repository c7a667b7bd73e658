"""The built bundle (`make dist`): its size, and how fast it starts against the venv.

Skipped, with a message, when there is no bundle in dist/ (nothing is registered,
so the other figures still run).

bundle_start_ratio: the bundled program's start, as a ratio to the same program
run from the venv (`python -m app`), both offscreen on the same throw-away
database (fast key cost), median of several runs after a warm-up. It times the
start to the sign-in window when app/ui/app.py honours EXIT_AFTER_FIRST_WINDOW
(the GUI quits once its first window is shown); until then it times
`casebook selftest`, which also starts Qt and builds the sign-in window.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from benchmarks.fixtures import Fixtures, kdf_env
from benchmarks.registry import Measurement, benchmark

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
EXIT_AFTER_FIRST_WINDOW = "CASEBOOK_EXIT_AFTER_FIRST_WINDOW"
USERNAME = "bench.dsl"
PASSWORD = "Fictional-Training-Passw0rd-2024"  # guards a throw-away database
WARMUP = 1
REPEATS = 5
TIMEOUT_S = 60
MIB = 1024 * 1024


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
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def gui_exit_hook_present() -> bool:
    """Does the app quit after its first window when asked (see the module docstring)?"""
    source = ROOT / "app" / "ui" / "app.py"
    return source.is_file() and EXIT_AFTER_FIRST_WINDOW in source.read_text(encoding="utf-8")


@contextmanager
def throwaway_database() -> Iterator[Path]:
    from app.services.workspace import create_database

    with tempfile.TemporaryDirectory(prefix="casebook-bench-bundle-") as tmp:
        path = Path(tmp) / "casebook.db"
        with kdf_env("fast"):
            ws, _recovery = create_database(path, USERNAME, PASSWORD, "Bench DSL", "Bench")
        ws.close()
        yield path


def time_start(command: Sequence[str], env: dict[str, str]) -> list[float]:
    samples: list[float] = []
    for i in range(WARMUP + REPEATS):
        started = time.perf_counter()
        result = subprocess.run(
            list(command),
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} exited {result.returncode}")
        if i >= WARMUP:
            samples.append(elapsed)
    return samples


def _start_ratio(program: Path) -> Measurement:
    gui = gui_exit_hook_present()
    args = [] if gui else ["selftest"]
    with throwaway_database() as db:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "CASEBOOK_DB": str(db),
            EXIT_AFTER_FIRST_WINDOW: "1",
        }
        venv = time_start([sys.executable, "-m", "app", *args], {**env, "PYTHONPATH": str(ROOT)})
        bundled = time_start([str(program), *args], env)
    ratio_samples = [b / v for b, v in zip(bundled, venv, strict=True)]
    what = (
        "start to the sign-in window" if gui else "`casebook selftest` (Qt start + sign-in window)"
    )
    note = (
        f"{what}: bundle {statistics.median(bundled):.2f} s, "
        f"venv {statistics.median(venv):.2f} s (medians of {REPEATS})"
    )
    return Measurement(statistics.median(bundled) / statistics.median(venv), ratio_samples, note)


def _size(folder: Path) -> Measurement:
    size = folder_bytes(folder)
    tarballs = sorted(DIST.glob("casebook-*-linux-*.tar.gz")) + sorted(DIST.glob("*.dmg"))
    extra = f"; {tarballs[-1].name}: {tarballs[-1].stat().st_size / 1e6:.1f} MB" if tarballs else ""
    return Measurement(size / MIB, note=f"{folder.name}: {size / 1e6:.1f} MB (10^6 bytes){extra}")


PROGRAM = bundle_program()
if PROGRAM is None:
    print(
        "bench_bundle: skipped: no bundle in dist/ (run `make dist` to build one)",
        file=sys.stderr,
    )
else:
    program = PROGRAM

    @benchmark("bundle_size_mib", unit="MiB", target=150)
    def bundle_size(fx: Fixtures) -> Measurement:
        """The unpacked bundle, as `du -sh` counts it (MiB)."""
        return _size(bundle_folder())

    @benchmark("bundle_start_ratio", unit="x", target=1.2)
    def bundle_start_ratio(fx: Fixtures) -> Measurement:
        return _start_ratio(program)
