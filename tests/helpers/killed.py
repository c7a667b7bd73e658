"""SIGKILL a child process and read what it had printed but the test had not read."""

from __future__ import annotations

import os
import signal
import subprocess


def kill_and_read_rest(proc: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    """Kill `proc` without warning, wait for it, and return the rest of its stdout and
    stderr; both streams are closed.

    The rest is read through the same buffered streams: `readline` may already hold
    lines read ahead of the one it returned, which `communicate()` would skip (it
    reads the pipes themselves).
    """
    assert proc.stdout is not None and proc.stderr is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=timeout)
    try:
        return proc.stdout.read(), proc.stderr.read()
    finally:
        proc.stdout.close()
        proc.stderr.close()
