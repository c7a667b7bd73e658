"""Account changes in a loop, until the process is killed.

Run by tests/test_atomic_accounts.py in a child process (forked from a
forkserver that has already imported the app, so each of the many children
starts in milliseconds). Before each change the child appends one line to the
progress file saying what it is about to do ("intent"), and one more ("done")
once the change has returned. The parent kills the child with SIGKILL at a
random moment, then checks the next open finds every account either fully
changed or fully unchanged.

The state handed in (and kept by the parent) is plain JSON: the DSL's
password, the deputies' passwords, the recovery key if known, and the next
free number for a new deputy's name.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

DSL = "dsl"


def detail(intent: dict[str, Any]) -> str:
    """The audit entry's detail that the change writes when it takes effect."""
    op = intent["op"]
    if op == "add":
        return f"added deputy {intent['name']}"
    if op == "dsl-password":
        return "changed own password"
    if op == "reset":
        return f"reset password of {intent['name']}"
    if op == "remove":
        return f"removed {intent['name']}"
    if op == "recovery-key":
        return "new recovery key issued"
    if op == "recovery-reset":
        return "password reset with the recovery key"
    raise ValueError(op)


def _choose(state: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    deputies = sorted(state["deputies"])
    ops = ["dsl-password", "recovery-key"]
    if len(deputies) < 3:
        ops += ["add", "add"]
    if deputies:
        ops += ["reset", "remove"]
    if state["recovery"]:
        ops.append("recovery-reset")
    op = rng.choice(ops)
    new = f"churn walrus quibble {rng.randrange(10**9):09d}"
    if op == "add":
        name = f"d{state['next']}"
        state["next"] += 1
        return {"op": op, "name": name, "new": new}
    if op in ("reset", "remove"):
        name = rng.choice(deputies)
        return {"op": op, "name": name, "old": state["deputies"][name], "new": new}
    if op in ("dsl-password", "recovery-reset"):
        return {"op": op, "name": DSL, "old": state["dsl"], "new": new}
    return {"op": op, "old": state["recovery"]}


def churn(db: str, state_file: str, progress_file: str, seed: int) -> None:
    from app.services import accounts
    from app.services.workspace import unlock, unlock_with_recovery

    state = json.loads(Path(state_file).read_text(encoding="utf-8"))
    rng = random.Random(seed)
    fd = os.open(progress_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def say(line: dict[str, Any]) -> None:
        os.write(fd, (json.dumps(line) + "\n").encode("utf-8"))  # one write: whole or absent

    ws = unlock(Path(db), DSL, state["dsl"])
    say({"ready": True})
    while True:
        intent = _choose(state, rng)
        say({"intent": intent})
        op = intent["op"]
        done: dict[str, Any] = {"done": op}
        if op == "add":
            accounts.add_account(ws, intent["name"], f"Deputy {intent['name']}", intent["new"])
            state["deputies"][intent["name"]] = intent["new"]
        elif op == "dsl-password":
            accounts.change_own_password(ws, intent["old"], intent["new"])
            state["dsl"] = intent["new"]
        elif op == "reset":
            accounts.reset_password(ws, intent["name"], intent["new"])
            state["deputies"][intent["name"]] = intent["new"]
        elif op == "remove":
            accounts.remove_account(ws, intent["name"])
            del state["deputies"][intent["name"]]
        elif op == "recovery-key":
            state["recovery"] = accounts.new_recovery_key(ws)
            done["recovery"] = state["recovery"]
        else:  # recovery-reset: open with the recovery key, as when every password is lost
            ws.close()
            ws = unlock_with_recovery(Path(db), state["recovery"])
            accounts.reset_with_recovery(ws, DSL, intent["new"])
            state["dsl"] = intent["new"]
        say(done)


def stop_at(db: str, state_file: str, intent_json: str, where: str) -> None:
    """Make one change and end the process at `where`, as a kill there would.

    "pending": once the new key file is on disk beside the old, before the
    commit. "committed": once the database has committed, before the new key
    file takes its name.
    """
    from app.services import accounts
    from app.services import workspace as workspace_module
    from app.services.workspace import unlock, unlock_with_recovery

    state = json.loads(Path(state_file).read_text(encoding="utf-8"))
    intent = json.loads(intent_json)
    real_save = workspace_module.save_keyslots

    def save_then_die(path: Path, slots: Any) -> None:
        real_save(path, slots)
        if path.name.endswith(".pending"):
            os._exit(0)

    if where == "pending":
        workspace_module.save_keyslots = save_then_die  # type: ignore[assignment]
    else:
        workspace_module.finish_pending_keyslots = lambda keys: os._exit(0)  # type: ignore[assignment]
    op = intent["op"]
    if op == "recovery-reset":
        ws = unlock_with_recovery(Path(db), state["recovery"])
        accounts.reset_with_recovery(ws, DSL, intent["new"])
    else:
        ws = unlock(Path(db), DSL, state["dsl"])
        if op == "add":
            accounts.add_account(ws, intent["name"], f"Deputy {intent['name']}", intent["new"])
        elif op == "dsl-password":
            accounts.change_own_password(ws, intent["old"], intent["new"])
        elif op == "reset":
            accounts.reset_password(ws, intent["name"], intent["new"])
        elif op == "remove":
            accounts.remove_account(ws, intent["name"])
        elif op == "recovery-key":
            accounts.new_recovery_key(ws)
    os._exit(3)  # the stop was never reached
