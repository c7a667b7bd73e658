"""Performance benchmarks for Casebook: `python -m benchmarks` (or `make bench`).

Each area lives in a `bench_<area>.py` module in this package, found automatically.
A benchmark is one function decorated with `@benchmark(name, unit=..., target=...)`
that takes the shared `Fixtures` and returns a `Measurement`:

    @benchmark("search_10k_ms", unit="ms", target=100)
    def search_10k(fx: Fixtures) -> Measurement:
        ws = fx.training()
        return Measurement(time_calls(lambda: queries.search(ws, "snapchat"), repeats=20))

Every target is a maximum: lower is better.
"""
