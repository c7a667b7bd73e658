"""The dashboard: shown with its rows, and one key typed in its search box.

Each sample is a fresh process (probes/dashboard.py): signed in first, not
timed, then from creating the dashboard to the window painted with its first
screenful of cases and, later, with every case, then each key (a surname
letter by letter, then rubbed out) to the window painted with the filtered
list. The floor (floors/bare_table.py) is a bare
QTableView over the same rows, read in one SQL query, filtered by a plain
substring test per row, timed the same way. Peak memory is the kernel's.
"""

from __future__ import annotations

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME, database_key
from benchmarks.registry import Context, Figure, benchmark, median

SECRET = f"{PASSWORD}\n".encode()
RSS_TARGET_MIB = {"10k": 250}  # the memory goal is set for the 10k-case school


@benchmark(
    "dashboard",
    "dashboard_show_{size}_ms",
    "dashboard_first_rows_{size}_ms",
    "filter_keystroke_{size}_ms",
    "dashboard_peak_rss_{size}_mib",
)
def dashboard(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    for size in ctx.sizes:
        figures.extend(dashboard_figures(ctx, size))
    return figures


def dashboard_figures(ctx: Context, size: str) -> list[Figure]:
    db = ctx.fx.training(size)
    key = database_key(db).hex().encode() + b"\n"
    app, bare = proc.alternate(
        ctx.samples,
        lambda: proc.probe("dashboard", str(db), USERNAME, stdin=SECRET),
        lambda: proc.floor("bare_table.py", str(db), stdin=key),
    )
    got, floor = [r.result() for r in app], [r.result() for r in bare]
    if got[0]["rows"] != floor[0]["rows"]:
        raise RuntimeError("the dashboard and the bare table showed different numbers of rows")
    show = [r["show_ms"] for r in got]
    keys = [ms for r in got for ms in r["keystroke_ms"]]
    first_keys = [r["keystroke_ms"][0] for r in got]
    peaks = [r.peak_rss_mib for r in app]
    return [
        Figure(
            f"dashboard_show_{size}_ms",
            median(show),
            "ms",
            median([r["show_ms"] for r in floor]),
            150,
            samples=show,
            note=f"{got[0]['rows']:,} cases, created to painted with rows; floor: bare QTableView",
        ),
        Figure(
            f"dashboard_first_rows_{size}_ms",
            median([r["first_rows_ms"] for r in got]),
            "ms",
            median([r["show_ms"] for r in floor]),
            150,
            samples=[r["first_rows_ms"] for r in got],
            note="created to painted with the first screenful of cases (the rest follow); "
            "floor: the bare table with every row",
        ),
        Figure(
            f"filter_keystroke_{size}_ms",
            median(keys),
            "ms",
            median([ms for r in floor for ms in r["keystroke_ms"]]),
            50,
            samples=keys,
            note=(
                f"key press to the list painted, {len(got[0]['keystroke_ms'])} keys x "
                f"{len(got)} processes; first key {median(first_keys):.0f} ms, slowest "
                f"{max(keys):.0f} ms"
            ),
        ),
        Figure(
            f"dashboard_peak_rss_{size}_mib",
            median(peaks),
            "MiB",
            median([r.peak_rss_mib for r in bare]),
            RSS_TARGET_MIB.get(size),
            samples=peaks,
            note="peak memory of the whole process (signed in, dashboard shown, typed into)",
        ),
    ]
