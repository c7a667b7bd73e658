"""Running `casebook` on a real small file system: full, or read-only.

`unshare -rm` gives the test a user and mount namespace of its own, where it may
mount a tmpfs of a few megabytes, copy a database folder onto it, fill it up or
remount it read-only, and run the command line there as IT staff would, then
put things right (free the space, remount writable) and run it again. The
commands run one after another in that one process (`casebook_here`: a fresh
interpreter's imports for each would be most of the test). The mount is gone
when the namespace ends. Where namespaces or mounts are not allowed,
`unavailable()` gives the reason to skip with.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.cli import REPO

# Run inside the namespace: mount, copy, break, then each step in turn; the
# results go to stdout as JSON. Hashes cover every file on the small disk but
# the filler.
_DRIVER = r"""
import hashlib, json, os, subprocess, sys
spec = json.loads(sys.argv[1])
sys.path.insert(0, spec["repo"])
from tests.helpers.cli import casebook_here
mount, source, size = spec["mount"], spec["source"], spec["size"]
FILL = os.path.join(mount, "filler")

def sh(*args):
    subprocess.run(list(args), check=True, capture_output=True)

def remount(read_only):
    # mount(2) itself: mount(8) repeats the tmpfs's options, and for a user who is
    # not root they include uid=/gid= values the namespace cannot map (EINVAL).
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    MS_RDONLY, MS_REMOUNT = 1, 32
    flags = MS_REMOUNT | (MS_RDONLY if read_only else 0)
    if libc.mount(None, mount.encode(), None, flags, None) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), mount)

def hashes():
    out = {}
    for name in sorted(os.listdir(mount)):
        path = os.path.join(mount, name)
        # The count of sign-in tries is updated by every try, by design.
        if path == FILL or ".throttle" in name or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            out[name] = hashlib.sha256(f.read()).hexdigest()
    return out

def fill():
    fd = os.open(FILL, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)

sh("mount", "-t", "tmpfs", "-o", f"size={size}", "casebook-small-disk", mount)
for name in os.listdir(source):
    with open(os.path.join(source, name), "rb") as src:
        data = src.read()
    with open(os.path.join(mount, name), "wb") as dst:
        dst.write(data)
results = []
for step in spec["steps"]:
    kind = step[0]
    if kind == "fill":
        fill()
    elif kind == "free":
        os.unlink(FILL)
    elif kind == "read-only":
        remount(True)
    elif kind == "writable":
        remount(False)
    elif kind == "hash":
        results.append({"hashes": hashes()})
    elif kind == "cli":
        run = casebook_here(*step[1:])
        results.append({"rc": run.returncode, "out": run.stdout, "err": run.stderr})
print(json.dumps(results))
"""


@functools.cache
def unavailable() -> str | None:
    """Why a small file system cannot be mounted here, or None if it can."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return "needs Linux with unshare(1)"
    with tempfile.TemporaryDirectory() as mount:
        try:
            run = subprocess.run(
                ["unshare", "-rm", "mount", "-t", "tmpfs", "-o", "size=64k", "probe", mount],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            return f"unshare could not run ({type(exc).__name__})"
    if run.returncode:
        return "this machine does not allow a user+mount namespace with a tmpfs"
    return None


@dataclass(frozen=True)
class StepResult:
    rc: int = 0
    out: str = ""
    err: str = ""
    hashes: dict[str, str] | None = None


def run_on_small_disk(
    source: Path, mount: Path, steps: list[list[str]], *, size: str = "2m"
) -> list[StepResult]:
    """Copy the files of `source` onto a tmpfs of `size` at `mount`, then run `steps`.

    A step is ["fill"], ["free"], ["read-only"], ["writable"], ["hash"] or
    ["cli", ARGS...] (`casebook ARGS` through `casebook_here`, with the test key
    cost); `--db` arguments should name files under `mount`. Returns one result
    per "hash" and "cli" step.
    """
    mount.mkdir(parents=True, exist_ok=True)
    spec = {
        "mount": str(mount),
        "source": str(source),
        "size": size,
        "repo": str(REPO),
        "steps": steps,
    }
    run = subprocess.run(
        ["unshare", "-rm", sys.executable, "-c", _DRIVER, json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CASEBOOK_KDF": "fast"},
    )
    if run.returncode:
        raise RuntimeError(f"the small-disk run failed: {run.stderr[-2000:]}")
    return [StepResult(**r) for r in json.loads(run.stdout)]
