"""Signing in, in a fresh process: the key derivation and everything after it.

The sign-in window imports the workspace module while the password is being
typed, so that import is timed apart (`import_ms`) and not counted in the
sign-in. With `slots_for_database` and `open_with_key` the two parts are timed
separately; without them, `unlock` is timed whole and a second derivation in
the same process is subtracted from it.

    python -m benchmarks.probes.signin DB USER < password
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(db: Path, username: str, password: str) -> dict[str, float | str]:
    start = time.perf_counter()
    from app.security import keyslots
    from app.services import workspace

    imported = time.perf_counter()
    if hasattr(keyslots, "slots_for_database") and hasattr(workspace, "open_with_key"):
        t0 = time.perf_counter()
        slots = keyslots.slots_for_database(db)
        key = slots.unlock_with_password(username, password)
        t1 = time.perf_counter()
        ws = workspace.open_with_key(db, slots, key, username)
        t2 = time.perf_counter()
        derive, total, how = t1 - t0, t2 - t0, "open_with_key"
    else:
        t0 = time.perf_counter()
        ws = workspace.unlock(db, username, password)
        t1 = time.perf_counter()
        again = keyslots.load_keyslots(ws.keys_path)
        t2 = time.perf_counter()
        again.unlock_with_password(username, password)
        derive, total, how = time.perf_counter() - t2, t1 - t0, "unlock minus a derivation"
    ws.close()
    return {
        "import_ms": (imported - start) * 1e3,
        "derive_ms": derive * 1e3,
        "signin_ms": total * 1e3,
        "overhead_ms": (total - derive) * 1e3,
        "how": how,
    }


if __name__ == "__main__":
    secret = sys.stdin.readline().rstrip("\n")
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], secret)))
