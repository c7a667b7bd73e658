"""Figures, the benchmarks that produce them, and the registry that finds them.

A figure is a value beside its floor (what the same job costs with nothing of
Casebook's in the way, measured in the same run) and a target on either the
value or the ratio. A benchmark reports; it never passes or fails.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from benchmarks.fixtures import Fixtures

TargetOn = Literal["value", "ratio"]


@dataclass(frozen=True)
class Figure:
    name: str
    value: float | None  # None: could not be measured here (see `missing`)
    unit: str
    floor: float | None = None  # same unit as the value
    target: float | None = None  # a maximum, for the value or the ratio (`on`)
    on: TargetOn = "value"
    samples: Sequence[float] = ()
    note: str = ""
    missing: str = ""  # why there is no value, said in the output

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def over_target(self) -> bool | None:
        measured = self.ratio if self.on == "ratio" else self.value
        if self.target is None or measured is None:
            return None
        return measured > self.target

    def as_json(self) -> dict[str, object]:
        doc: dict[str, object] = {"value": _round(self.value), "unit": self.unit}
        doc["floor"] = _round(self.floor)
        doc["ratio"] = _round(self.ratio)
        if self.target is not None:
            doc["target"] = self.target
            doc["target_on"] = self.on
            doc["over_target"] = self.over_target
        if self.samples:
            doc["samples"] = [_round(s) for s in self.samples]
        if self.missing:
            doc["missing"] = self.missing
        return doc


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


@dataclass(frozen=True)
class Context:
    fx: Fixtures
    sizes: tuple[str, ...]  # the data sizes asked for ("1k", "10k", "50k")
    samples: int  # fresh processes per figure (and as many for its floor)


BenchmarkFn = Callable[[Context], list[Figure]]


@dataclass(frozen=True)
class Benchmark:
    name: str
    figures: tuple[str, ...]  # the names it reports; "{size}" stands for each size
    run: BenchmarkFn
    sized: bool = field(default=False)

    def figure_names(self, sizes: Sequence[str]) -> list[str]:
        names: list[str] = []
        for template in self.figures:
            if "{size}" in template:
                names.extend(template.format(size=s) for s in sizes)
            else:
                names.append(template)
        return names


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, *figures: str) -> Callable[[BenchmarkFn], BenchmarkFn]:
    """Register `fn` as the benchmark `name`, reporting the figures named."""

    def register(fn: BenchmarkFn) -> BenchmarkFn:
        if name in REGISTRY:
            raise ValueError(f"benchmark {name!r} is registered twice")
        sized = any("{size}" in f for f in figures)
        REGISTRY[name] = Benchmark(name, figures, fn, sized)
        return fn

    return register
