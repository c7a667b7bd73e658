"""Signing in: what it costs beyond the key derivation, in a fresh process.

probes/signin.py times the derivation and the rest of the sign-in (lock, cheap
check, schema check, account, audit entry) apart; the figure is the rest. Its
floor is the least any program does after the derivation: sqlcipher3 opened
with the raw key and the account read in one query (floors/raw_sqlcipher.py,
also a fresh process). The fast key cost is used: the derivation is not the
figure.
"""

from __future__ import annotations

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME
from benchmarks.registry import Context, Figure, benchmark, median

SECRET = f"{PASSWORD}\n".encode()


@benchmark("signin", "signin_overhead_ms_{size}")
def signin(ctx: Context) -> list[Figure]:
    return [signin_overhead(ctx, size) for size in ctx.sizes]


def signin_overhead(ctx: Context, size: str) -> Figure:
    db = str(ctx.fx.training(size))
    app, bare = proc.alternate(
        ctx.samples,
        lambda: proc.probe("signin", db, USERNAME, stdin=SECRET).result(),
        lambda: proc.floor("raw_sqlcipher.py", "signin", db, USERNAME, stdin=SECRET).result(),
    )
    overhead = [r["overhead_ms"] for r in app]
    return Figure(
        f"signin_overhead_ms_{size}",
        median(overhead),
        "ms",
        median([r["open_ms"] for r in bare]),
        150,
        samples=overhead,
        note=(
            f"sign-in minus the key derivation ({app[0]['how']}); derivation "
            f"{median([r['derive_ms'] for r in app]):.0f} ms (fast cost), not counted; "
            f"importing the workspace module {median([r['import_ms'] for r in app]):.0f} ms"
            ", before it (the sign-in window does it while the password is typed)"
        ),
    )
