"""Fresh processes: every sample is one, timed from outside, with its peak memory.

The peak comes from the kernel (`os.wait4`'s rusage of that one process, taken
by launch.py), so it includes everything the process ever held (Argon2id's
memory, say), not what was left at the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
FLOORS = Path(__file__).resolve().parent / "floors"
LAUNCHER = Path(__file__).resolve().parent / "launch.py"
PYTHON = sys.executable
MIB = 1024 * 1024
T = TypeVar("T")
# The environment every child starts from: offscreen Qt, no test key cost, no
# database chosen by whoever runs the benchmarks.
DROPPED = ("CASEBOOK_KDF", "CASEBOOK_DB", "CASEBOOK_EXIT_AFTER_FIRST_PAINT")


class ChildFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Run:
    spawned_at: float  # time.time() just before the process was created
    wall_s: float  # spawn to exit
    peak_rss_mib: float
    stdout: str

    def result(self) -> dict[str, Any]:
        """The JSON object a probe prints as its last line."""
        lines = self.stdout.strip().splitlines()
        if not lines:
            raise ChildFailed("the probe printed nothing")
        doc = json.loads(lines[-1])
        assert isinstance(doc, dict)
        return doc

    def painted_at(self) -> float | None:
        for line in self.stdout.splitlines():
            if line.startswith("painted-at "):
                return float(line.split()[1])
        return None


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def _drain(stream: IO[bytes], into: list[bytes]) -> None:
    into.append(stream.read())


def _feed(stream: IO[bytes], data: bytes) -> None:
    try:
        stream.write(data)
    except BrokenPipeError:
        pass
    finally:
        stream.close()


def _peak_mib(maxrss: float) -> float:
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    return maxrss / MIB if sys.platform == "darwin" else maxrss / 1024


def run(
    command: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = 600,
) -> Run:
    """Run `command` once in a fresh process (cwd: the project); raise if it fails.

    It is started by launch.py, which times it and reads its peak memory (see there).
    """
    report_read, report_write = os.pipe()
    proc = subprocess.Popen(
        [PYTHON, str(LAUNCHER), str(report_write), *command],
        cwd=ROOT,
        env=env if env is not None else child_env(),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pass_fds=(report_write,),
        start_new_session=True,  # one process group: a timeout ends the command too
    )
    os.close(report_write)
    assert proc.stdout is not None and proc.stderr is not None
    out: list[bytes] = []
    err: list[bytes] = []
    report: list[bytes] = []
    with os.fdopen(report_read, "rb") as report_stream:
        threads = [
            threading.Thread(target=_drain, args=(proc.stdout, out), daemon=True),
            threading.Thread(target=_drain, args=(proc.stderr, err), daemon=True),
            threading.Thread(target=_drain, args=(report_stream, report), daemon=True),
        ]
        if stdin is not None:
            assert proc.stdin is not None
            threads.append(threading.Thread(target=_feed, args=(proc.stdin, stdin), daemon=True))
        for t in threads:
            t.start()
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        killer = threading.Timer(timeout, kill)
        killer.start()
        try:
            proc.wait()
        finally:
            killer.cancel()
        for t in threads:
            t.join()
    found = json.loads(b"".join(report)) if report and report[0] else None
    if proc.returncode != 0 or found is None or found["status"] != 0:
        what = " ".join(Path(c).name if "/" in c else c for c in command[:3])
        code = found["status"] if found else proc.returncode
        why = f"timed out after {timeout:.0f} s" if timed_out.is_set() else f"exited {code}"
        tail = b"".join(err).decode("utf-8", "replace")[-1500:]
        raise ChildFailed(f"{what} {why}:\n{tail}")
    return Run(
        found["spawned_at"],
        found["wall_s"],
        _peak_mib(found["maxrss"]),
        b"".join(out).decode("utf-8", "replace"),
    )


def probe(module: str, *args: str, stdin: bytes | None = None, **env: str) -> Run:
    """One of Casebook's own probes, `python -m benchmarks.probes.<module>`."""
    return run(
        [PYTHON, "-m", f"benchmarks.probes.{module}", *args], env=child_env(**env), stdin=stdin
    )


def floor(script: str, *args: str, stdin: bytes | None = None, **env: str) -> Run:
    """A floor script: a plain file run by path, importing nothing of Casebook's."""
    return run([PYTHON, str(FLOORS / script), *args], env=child_env(**env), stdin=stdin)


def casebook(*args: str, stdin: bytes | None = None, **env: str) -> Run:
    """The `casebook` command as IT staff run it (the venv's entry point)."""
    entry = Path(PYTHON).parent / "casebook"
    command = [str(entry)] if entry.exists() else [PYTHON, "-m", "app"]
    return run([*command, *args], env=child_env(**env), stdin=stdin)


def alternate(times: int, *jobs: Callable[[], T]) -> list[list[T]]:
    """Run each job `times` times, taking turns, so drift on a shared machine hits
    the figure and its floor alike. One list of results per job."""
    results: list[list[T]] = [[] for _ in jobs]
    for _ in range(times):
        for job, found in zip(jobs, results, strict=True):
            found.append(job())
    return results
