"""Running `casebook` as IT staff would: a fresh process, from the checkout; or the
same command through its entry function here, when what is tested is what the
command does rather than the process it runs in."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def casebook(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS` with the test key cost; its output as text."""
    env = {**os.environ, "CASEBOOK_KDF": "fast", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextlib.contextmanager
def _no_terminal() -> Iterator[None]:
    """Standard input as `casebook` above has it: empty, and not a terminal."""
    given = sys.stdin
    sys.stdin = io.StringIO()
    try:
        yield
    finally:
        sys.stdin = given


def _exit_status(exc: SystemExit, err: io.StringIO) -> int:
    """What the process would have exited with (as Python does for SystemExit)."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=err)
    return 1


def casebook_here(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The same command through `app.cli.main`, in this process: what it prints on
    stdout and stderr, and the status `python -m app` would exit with.

    Without a new interpreter's imports (a second or so each). What only a real
    process shows (the entry point, no terminal, a closed pipe, a kill, a lock or
    count shared between processes, the modules a command loads) is tested with
    `casebook`.
    """
    from app.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    umask = os.umask(0o077)  # main sets the command's umask; this process keeps its own
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _no_terminal():
            try:
                status = main(argv)
            except SystemExit as exc:  # argparse: --help, --version and usage errors
                status = _exit_status(exc, err)
    finally:
        os.umask(umask)
    return subprocess.CompletedProcess(["casebook", *argv], status, out.getvalue(), err.getvalue())
