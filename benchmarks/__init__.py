"""Performance benchmarks for Casebook: `python -m benchmarks` (or `make bench`).

Every figure is measured in fresh processes (`proc.py`) beside its floor, the
same job done with nothing of Casebook's in the way, measured in the same run
(`floors/`). Casebook's side of each figure is a probe (`probes/`). Each area
lives in a `bench_<area>.py` module, found automatically; a benchmark is one
function registered with `@benchmark(name, *figure_names)` that takes the run's
`Context` and returns its `Figure`s:

    @benchmark("verify", "verify_{size}_s")
    def verify(ctx: Context) -> list[Figure]:
        ...
        return [Figure(f"verify_{size}_s", median(app), "s", median(bare), target=3)]

A target is a maximum on the value or on the ratio to the floor. A benchmark
reports; it does not pass or fail. See README.md in this folder.
"""
