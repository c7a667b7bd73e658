"""Interactive moments: Hide now, Next in the incident wizard, the autosave.

Each sample is a fresh process (probes/widgets.py, probes/drafts.py) that does
the thing 15 times; the figure is the median over processes of the FIRST time
(what the DSL meets first, cold), and later repeats are quoted beside it. The
floors do the same with bare widgets and a plain durable SQLite write
(floors/bare_widgets.py, floors/plain_write.py). Qt is offscreen: a real screen
adds at most one compositor frame (about 16 ms at 60 Hz).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME
from benchmarks.probes.drafts import REPEATS, page_fields
from benchmarks.registry import Context, Figure, benchmark, median

SECRET = f"{PASSWORD}\n".encode()
DATA_SIZE = "10k"
PAGE = json.dumps(page_fields(0)).encode() + b"\n"


def first_and_later(
    ctx: Context,
    name: str,
    target: float,
    app: Callable[[], proc.Run],
    bare: Callable[[int], proc.Run],
    what: str,
) -> Figure:
    counter = iter(range(10_000))
    got, floor = proc.alternate(
        ctx.samples, lambda: app().result(), lambda: bare(next(counter)).result()
    )
    first = [r["samples_ms"][0] for r in got]
    later = [ms for r in got for ms in r["samples_ms"][1:]]
    later_floor = [ms for r in floor for ms in r["samples_ms"][1:]]
    made = [r["draft_made_ms"] for r in got if "draft_made_ms" in r]
    before = (
        f"; the draft made by the first autosave before it: {median(made):.1f} ms" if made else ""
    )
    return Figure(
        name,
        median(first),
        "ms",
        median([r["samples_ms"][0] for r in floor]),
        target,
        samples=first,
        note=(
            f"{what}; first time in a fresh process; repeats: {median(later):.1f} ms "
            f"(floor {median(later_floor):.1f} ms, {REPEATS - 1} x {len(got)}){before}"
        ),
    )


@benchmark("widgets", "lock_ms", "wizard_page_turn_ms", "page_save_ms")
def widgets(ctx: Context) -> list[Figure]:
    db = str(ctx.fx.training(DATA_SIZE))

    def plain(n: int) -> str:
        return str(ctx.fx.scratch(f"plain-write-{n}.sqlite"))

    def page_floor(n: int) -> proc.Run:
        return proc.floor("bare_widgets.py", "pages", plain(n), stdin=PAGE)

    return [
        first_and_later(
            ctx,
            "lock_ms",
            100,
            lambda: proc.probe("widgets", "lock"),
            lambda _n: proc.floor("bare_widgets.py", "lock"),
            "Hide now until two windows are covered and repainted",
        ),
        first_and_later(
            ctx,
            "wizard_page_turn_ms",
            50,
            lambda: proc.probe("widgets", "wizard", db, USERNAME, stdin=SECRET),
            page_floor,
            f"Next on page 1 (checks, autosave with fsync, page 2 shown), {DATA_SIZE} cases",
        ),
        first_and_later(
            ctx,
            "page_save_ms",
            20,
            lambda: proc.probe("drafts", db, USERNAME, stdin=SECRET),
            lambda n: proc.floor("plain_write.py", plain(n + 1000), str(REPEATS), stdin=PAGE),
            f"one wizard page saved as a draft (one fsync), {DATA_SIZE} cases",
        ),
    ]
