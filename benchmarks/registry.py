"""The benchmark registry and the timing helpers every area shares."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from benchmarks.fixtures import Fixtures


@dataclass(frozen=True)
class Measurement:
    """One figure's value, with the samples behind it (in the figure's unit)."""

    value: float
    samples: list[float] = field(default_factory=list)  # shown as the spread
    note: str = ""  # shown under the figure's line, for context only

    @classmethod
    def median_of(cls, samples: list[float], note: str = "") -> Measurement:
        return cls(statistics.median(samples), samples, note)


BenchmarkFn = Callable[["Fixtures"], Measurement]


@dataclass(frozen=True)
class Benchmark:
    name: str
    unit: str
    target: float  # a maximum: the figure passes when value <= target
    run: BenchmarkFn

    def passes(self, value: float) -> bool:
        return value <= self.target


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, *, unit: str, target: float) -> Callable[[BenchmarkFn], BenchmarkFn]:
    """Register a function as the benchmark for the figure `name`."""

    def register(fn: BenchmarkFn) -> BenchmarkFn:
        if name in REGISTRY:
            raise ValueError(f"benchmark {name!r} is registered twice")
        REGISTRY[name] = Benchmark(name, unit, target, fn)
        return fn

    return register


UNIT_SCALE = {"s": 1.0, "ms": 1_000.0}
T = TypeVar("T")


def time_calls(
    fn: Callable[[], T],
    *,
    repeats: int,
    warmup: int = 1,
    unit: str = "ms",
    after: Callable[[T], object] | None = None,
) -> list[float]:
    """Time `fn` `repeats` times after `warmup` untimed calls; samples in `unit`.

    `after` receives each call's result outside the timed region (to close what
    `fn` opened, say).
    """
    scale = UNIT_SCALE[unit]
    samples: list[float] = []
    for i in range(warmup + repeats):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        if after is not None:
            after(result)
        if i >= warmup:
            samples.append(elapsed * scale)
    return samples
