"""Run the benchmarks: `python -m benchmarks [--only NAME[,NAME]] [--sizes 1k,10k] [--list]`.

Prints one line per figure (value, floor, ratio, target and whether it is over)
and writes bench-results.json in the current directory. A figure over its
target is reported, not failed: the exit status is 1 only when a benchmark crashed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
import traceback
from collections.abc import Iterable
from pathlib import Path

import benchmarks
from benchmarks.fixtures import SIZES, Fixtures
from benchmarks.registry import REGISTRY, Benchmark, Context, Figure

RESULTS_FILE = Path("bench-results.json")
# The order a reader meets them in: start, sign-in, commands, screens, data, the rest.
ORDER = ("start", "signin", "cli", "dashboard", "lists", "reports", "backup", "widgets", "bundle")
DEFAULT_SAMPLES = 5


def discover() -> None:
    """Import every `bench_<area>` module of this package, so its benchmarks register."""
    for module in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if module.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{module.name}")


def _sizes(text: str | None, parser: argparse.ArgumentParser) -> tuple[str, ...] | None:
    if text is None:
        return None
    sizes = tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    unknown = [s for s in sizes if s not in SIZES]
    if unknown or not sizes:
        parser.error(f"unknown size(s) {', '.join(unknown)}; known: {', '.join(SIZES)}")
    return sizes


def in_order(found: Iterable[Benchmark]) -> list[Benchmark]:
    def rank(b: Benchmark) -> int:
        return ORDER.index(b.name) if b.name in ORDER else len(ORDER)

    return sorted(found, key=rank)


def _select(
    only: str | None, sizes: tuple[str, ...] | None, parser: argparse.ArgumentParser
) -> tuple[list[Benchmark], tuple[str, ...]]:
    """The benchmarks asked for (by their name or one of their figures' names), and
    the sizes: those given, else those in the figure names asked for, else all."""
    if not only:
        return in_order(REGISTRY.values()), sizes or tuple(SIZES)
    chosen: dict[str, Benchmark] = {}
    named_sizes: list[str] = []
    for name in (n.strip() for n in only.split(",") if n.strip()):
        found = REGISTRY.get(name)
        if found is None:
            for bench in REGISTRY.values():
                for size in SIZES:
                    if name in bench.figure_names([size]):
                        found = bench
                        if bench.sized and size in name:
                            named_sizes.append(size)
        if found is None:
            parser.error(f"unknown benchmark or figure {name!r}; see --list")
        chosen[found.name] = found
    return in_order(chosen.values()), sizes or tuple(dict.fromkeys(named_sizes)) or tuple(SIZES)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


def line(f: Figure) -> str:
    head = f"{f.name:<30}"
    if f.value is None:
        floor = f" (floor {_number(f.floor)} {f.unit})" if f.floor is not None else ""
        return f"{head} unavailable: {f.missing}{floor}"
    ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
    if f.target is None:
        target, verdict = "no target", ""
    else:
        on = "ratio" if f.on == "ratio" else f.unit
        target = f"target <= {_number(f.target)} {on}"
        verdict = "OVER TARGET" if f.over_target else "within target"
    spread = (
        f"n={len(f.samples)} {_number(min(f.samples))}-{_number(max(f.samples))}"
        if (f.samples)
        else ""
    )
    return (
        f"{head} {_number(f.value):>8} {f.unit:<4} floor {_number(f.floor):>8}  ratio {ratio:>7}"
        f"  {target:<22} {verdict:<13} {spread}"
    ).rstrip()


def _listing(sizes: tuple[str, ...]) -> None:
    for b in in_order(REGISTRY.values()):
        print(f"{b.name:<12} {', '.join(b.figure_names(sizes))}")


def compile_app() -> None:
    """Byte-compile the app first, as every install is (pip, the bundle).

    With PYTHONDONTWRITEBYTECODE set (some shells and editors set it), each
    fresh process would otherwise compile every module from source, a cost no
    DSL's laptop pays and the bare floors do not have.
    """
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parent.parent / "app", quiet=1)


def main(argv: list[str] | None = None) -> int:
    discover()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", metavar="NAME[,NAME]", help="run only these benchmarks/figures")
    parser.add_argument("--sizes", metavar="1k,10k,50k", help="data sizes (default: all)")
    parser.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        help=f"fresh processes per figure and per floor (default {DEFAULT_SAMPLES})",
    )
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    args = parser.parse_args(argv)
    sizes = _sizes(args.sizes, parser)
    if args.list:
        _listing(sizes or tuple(SIZES))
        return 0
    selected, sizes = _select(args.only, sizes, parser)
    partial = bool(args.only) or sizes != tuple(SIZES)

    started = time.perf_counter()
    compile_app()
    results: dict[str, object] = {}
    if partial and RESULTS_FILE.exists():  # a partial run updates the figures it measured
        results = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    crashed: list[str] = []
    over: list[str] = []
    with Fixtures() as fx:
        ctx = Context(fx, sizes, max(1, args.samples))
        for bench in selected:
            try:
                figures = bench.run(ctx)
            except Exception:
                traceback.print_exc()
                print(f"{bench.name:<30} CRASHED (see above)", flush=True)
                crashed.append(bench.name)
                continue
            for f in figures:
                print(line(f), flush=True)
                if f.note:
                    print(f"{'':<32}{f.note}", flush=True)
                if f.over_target:
                    over.append(f.name)
                results[f.name] = f.as_json()

    RESULTS_FILE.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        f"{len(results)} figure(s) in {RESULTS_FILE}; over target: {', '.join(over) or 'none'}; "
        f"crashed: {', '.join(crashed) or 'none'}; {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
