"""Run the benchmarks: `python -m benchmarks [--only NAME[,NAME]] [--list]`.

Prints one line per figure and writes bench-results.json in the current directory.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import benchmarks
from benchmarks.fixtures import Fixtures
from benchmarks.registry import REGISTRY, Benchmark, Measurement

RESULTS_FILE = Path("bench-results.json")


def discover() -> None:
    """Import every `bench_<area>` module of this package, so its benchmarks register."""
    for module in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if module.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{module.name}")


def _select(only: str | None, parser: argparse.ArgumentParser) -> list[Benchmark]:
    if not only:
        return list(REGISTRY.values())
    names = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    return [REGISTRY[n] for n in dict.fromkeys(names)]


def _number(value: float) -> str:
    return f"{value:.4g}"


def line(bench: Benchmark, m: Measurement) -> str:
    verdict = "PASS" if bench.passes(m.value) else "over target"
    spread = (
        f"  (n={len(m.samples)}, {_number(min(m.samples))}-{_number(max(m.samples))})"
        if m.samples
        else ""
    )
    return (
        f"{bench.name:<28} {_number(m.value):>8} {bench.unit:<6}"
        f" target <= {_number(bench.target):<6} {verdict:<11}{spread}"
    )


def main(argv: list[str] | None = None) -> int:
    discover()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", metavar="NAME[,NAME]", help="run only these figures")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    args = parser.parse_args(argv)
    if args.list:
        for b in REGISTRY.values():
            print(f"{b.name:<28} {b.unit:<6} target <= {_number(b.target)}")
        return 0
    selected = _select(args.only, parser)

    started = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    failed: list[str] = []
    over: list[str] = []
    with Fixtures() as fx:
        for bench in selected:
            try:
                m = bench.run(fx)
            except Exception:
                traceback.print_exc()
                print(f"{bench.name:<28} {'ERROR':>8}", flush=True)
                failed.append(bench.name)
                continue
            print(line(bench, m), flush=True)
            if m.note:
                print(f"{'':<30}{m.note}", flush=True)
            if not bench.passes(m.value):
                over.append(bench.name)
            results[bench.name] = {
                "value": round(m.value, 6),
                "unit": bench.unit,
                "target": bench.target,
            }

    RESULTS_FILE.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        f"{len(results)} figure(s), {len(over)} over target, {len(failed)} failed; "
        f"wrote {RESULTS_FILE} in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
