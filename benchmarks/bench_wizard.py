"""Opening the incident wizard: the longest the window cannot answer meanwhile.

Each sample is a fresh process (probes/wizard_open.py): signed in first, not
timed, with what the app loads after sign-in loaded, then New incident from a
turn of the event loop, with a 1 ms heartbeat running until the wizard is
painted. The floor (floors/bare_record.py) makes as many plain labels, buttons
and line edits in one go and paints them. The goal is the issue's: no operation
holds the window over 100 ms.
"""

from __future__ import annotations

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME
from benchmarks.registry import Context, Figure, benchmark, median

SECRET = f"{PASSWORD}\n".encode()
DATA_SIZE = "10k"


@benchmark("wizard", "wizard_open_block_ms")
def wizard_open(ctx: Context) -> list[Figure]:
    db = str(ctx.fx.training(DATA_SIZE))
    first = proc.probe("wizard_open", db, USERNAME, stdin=SECRET).result()
    widgets = (str(first["labels"]), str(first["buttons"]), str(first["inputs"]))
    app, bare = proc.alternate(
        ctx.samples,
        lambda: proc.probe("wizard_open", db, USERNAME, stdin=SECRET).result(),
        lambda: proc.floor("bare_record.py", *widgets).result(),
    )
    blocks = [r["block_ms"] for r in app]
    return [
        Figure(
            "wizard_open_block_ms",
            median(blocks),
            "ms",
            median([r["block_ms"] for r in bare]),
            100,
            samples=blocks,
            note=(
                f"New incident to the wizard painted, 10k cases ({first['labels']} labels, "
                f"{first['inputs']} inputs, {first['buttons']} buttons); "
                "floor: as many bare widgets made at once"
            ),
        )
    ]
