"""Write to a Casebook database as fast as possible until killed.

Run by tests/test_crash_safety.py as a child process:

    python tests/helpers/burst_writer.py cases|typing DB_PATH USER PASSWORD_FILE

Each line on stdout is printed (and flushed) only after the write it reports
has been committed, so every line the parent reads is a promise that the data
is on disk:

- cases: "<reference> <n>" once case n is fully written: created, a draft page
  saved, its summary amended, opened, and one follow-up action added.
- typing: "case <id>" once, then "<n>" after each autosave of one draft page
  whose fields hold n (what a DSL typing a long account looks like).
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.services import cases, followup
from app.services.workspace import unlock


def burst_cases(ws) -> None:  # type: ignore[no-untyped-def]
    n = 0
    while True:
        n += 1
        case = cases.create_case(ws)
        cases.save_draft_page(ws, case.id, "what-happened", draft_fields(n))
        cases.amend(ws, case.id, "cases", case.id, "summary", summary(n), "typing")
        cases.open_case(ws, case.id)
        followup.add_action(ws, case.id, action(n))
        print(f"{case.reference} {n}", flush=True)


def burst_typing(ws) -> None:  # type: ignore[no-untyped-def]
    case = cases.create_case(ws)
    print(f"case {case.id}", flush=True)
    n = 0
    while True:
        n += 1
        cases.save_draft_page(ws, case.id, "account", typed_fields(n))
        print(n, flush=True)


def draft_fields(n: int) -> dict[str, object]:
    return {"came_to_light_how": f"Told the form tutor (case {n}).", "n": n}


def summary(n: int) -> str:
    return f"Burst summary {n}: image shared in a group chat."


def action(n: int) -> str:
    return f"Phone parents ({n})"


def typed_fields(n: int) -> dict[str, object]:
    # The text grows as if typed, a few words per autosave.
    return {"n": n, "own_words": " ".join(f"word{i}" for i in range(n))}


def main(argv: list[str]) -> None:
    mode, db, user, password_file = argv[1:5]
    password = Path(password_file).read_text(encoding="utf-8").splitlines()[0]
    ws = unlock(Path(db), user, password)
    {"cases": burst_cases, "typing": burst_typing}[mode](ws)


if __name__ == "__main__":
    main(sys.argv)
