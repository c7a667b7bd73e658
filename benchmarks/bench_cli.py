"""`casebook cases` against the least a program could do, production key cost.

Both are fresh processes timed from spawn to exit, on the same database whose
key slot has the production cost: `casebook cases` (the venv's entry point)
and floors/raw_sqlcipher.py (Argon2id with the slot's cost, AES-GCM unwrap,
sqlcipher3 with the raw key, one SELECT, the same lines printed).
"""

from __future__ import annotations

from benchmarks import proc
from benchmarks.fixtures import USERNAME
from benchmarks.registry import Context, Figure, benchmark, median


@benchmark("cli", "cli_cases_ratio_{size}")
def cli_cases(ctx: Context) -> list[Figure]:
    return [cli_cases_ratio(ctx, size) for size in ctx.sizes]


def cli_cases_ratio(ctx: Context, size: str) -> Figure:
    secret = ctx.fx.password_file()
    db = str(ctx.fx.training(size, cost="production"))
    app, bare = proc.alternate(
        ctx.samples,
        lambda: proc.casebook(
            "cases", "--db", db, "--user", USERNAME, "--password-file", str(secret)
        ),
        lambda: proc.floor("raw_sqlcipher.py", "cases", db, USERNAME, str(secret)),
    )
    if app[0].stdout.splitlines() != bare[0].stdout.splitlines():
        raise RuntimeError("`casebook cases` and its floor printed different lines")
    seconds = [r.wall_s for r in app]
    return Figure(
        f"cli_cases_ratio_{size}",
        median(seconds),
        "s",
        median([r.wall_s for r in bare]),
        1.3,
        "ratio",
        samples=seconds,
        note=(
            f"{len(app[0].stdout.splitlines()) - 1:,} lines; peak memory "
            f"{median([r.peak_rss_mib for r in app]):.0f} MiB vs floor "
            f"{median([r.peak_rss_mib for r in bare]):.0f} MiB"
        ),
    )
