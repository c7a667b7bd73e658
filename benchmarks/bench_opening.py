"""Opening a window: the longest the DSL's click or key would wait meanwhile.

Each sample is a fresh process, signed in first (not timed), that opens the
window from a turn of the event loop with a 1 ms heartbeat running until it is
painted (floors/paint.py); the figure is the longest gap between beats. The
floor (floors/bare_record.py) makes as many plain labels, buttons and line
edits in one go and paints them, timed the same way. The goal is the issue's:
no operation holds the window over 100 ms.

case_file_block: the open case with the most young people (probes/casefile.py),
until every section of its record is painted, at each data size.
wizard_open_block: New incident to the wizard painted, 10k cases, with what the
app loads after sign-in loaded (probes/wizard_open.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME
from benchmarks.registry import Context, Figure, benchmark, median

SECRET = f"{PASSWORD}\n".encode()
FLOOR_NOTE = "floor: as many bare widgets made at once"
Result = dict[str, Any]


def opening_block(
    ctx: Context,
    name: str,
    probe: str,
    size: str,
    note: Callable[[Result, list[Result]], str],
) -> Figure:
    db = str(ctx.fx.training(size))
    first = proc.probe(probe, db, USERNAME, stdin=SECRET).result()
    widgets = [str(first.get(k, 0)) for k in ("labels", "buttons", "inputs")]
    app, bare = proc.alternate(
        ctx.samples,
        lambda: proc.probe(probe, db, USERNAME, stdin=SECRET).result(),
        lambda: proc.floor("bare_record.py", *widgets).result(),
    )
    blocks = [r["block_ms"] for r in app]
    return Figure(
        name,
        median(blocks),
        "ms",
        median([r["block_ms"] for r in bare]),
        100,
        samples=blocks,
        note=f"{note(first, app)}; {FLOOR_NOTE}",
    )


def _case_file_note(first: Result, app: list[Result]) -> str:
    return (
        f"longest wait while the fullest case opens ({first['labels']} labels, "
        f"{first['buttons']} buttons); window up {median([r['painted_ms'] for r in app]):.0f}"
        f" ms, every section painted {median([r['complete_ms'] for r in app]):.0f} ms"
    )


def _wizard_note(first: Result, _app: list[Result]) -> str:
    return (
        f"New incident to the wizard painted, 10k cases ({first['labels']} labels, "
        f"{first['inputs']} inputs, {first['buttons']} buttons)"
    )


@benchmark("casefile", "case_file_block_{size}_ms")
def case_file(ctx: Context) -> list[Figure]:
    return [
        opening_block(ctx, f"case_file_block_{size}_ms", "casefile", size, _case_file_note)
        for size in ctx.sizes
    ]


@benchmark("wizard", "wizard_open_block_ms")
def wizard_open(ctx: Context) -> list[Figure]:
    return [opening_block(ctx, "wizard_open_block_ms", "wizard_open", "10k", _wizard_note)]
