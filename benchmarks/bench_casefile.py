"""Opening a full case file: the longest the window cannot answer meanwhile.

Each sample is a fresh process (probes/casefile.py): signed in first, not
timed, then the open case with the most young people opened from a turn of the
event loop, with a 1 ms heartbeat running until every section of its record is
painted. The figure is the longest gap between beats: the longest the DSL's
click or key would wait. The floor (floors/bare_record.py) makes as many plain
labels and buttons in a scroll area in one go and paints them, timed the same
way. The goal is the issue's: no operation holds the window over 100 ms.
"""

from __future__ import annotations

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME
from benchmarks.registry import Context, Figure, benchmark, median

SECRET = f"{PASSWORD}\n".encode()


@benchmark("casefile", "case_file_block_{size}_ms")
def case_file(ctx: Context) -> list[Figure]:
    return [case_file_block(ctx, size) for size in ctx.sizes]


def case_file_block(ctx: Context, size: str) -> Figure:
    db = str(ctx.fx.training(size))
    first = proc.probe("casefile", db, USERNAME, stdin=SECRET).result()
    widgets = (str(first["labels"]), str(first["buttons"]))
    app, bare = proc.alternate(
        ctx.samples,
        lambda: proc.probe("casefile", db, USERNAME, stdin=SECRET).result(),
        lambda: proc.floor("bare_record.py", *widgets).result(),
    )
    blocks = [r["block_ms"] for r in app]
    return Figure(
        f"case_file_block_{size}_ms",
        median(blocks),
        "ms",
        median([r["block_ms"] for r in bare]),
        100,
        samples=blocks,
        note=(
            f"longest wait while the fullest case opens ({first['labels']} labels, "
            f"{first['buttons']} buttons); window up {median([r['painted_ms'] for r in app]):.0f}"
            f" ms, every section painted {median([r['complete_ms'] for r in app]):.0f} ms; "
            "floor: as many bare widgets made at once"
        ),
    )
