"""Runs as records, and the summaries over repeats: min / median / max, because the machine is
shared and one run proves little."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import msgspec

from bench.wrk import WrkResult


class Run(msgspec.Struct, omit_defaults=True):
    """One measured run; a line of the .jsonl file."""

    kind: str  # service, floor, growth-list, growth-append, startup-empty, startup-existing
    engine: str
    endpoint: str = ""
    connections: int = 0
    workers: int = 0
    repeat: int = 0
    size: int = 0  # growth: scenarios in the table, or messages per chat
    rps: float = 0.0  # requests/s (service), operations/s (floor)
    requests: int = 0
    errors: int = 0
    p50_ms: float | None = None
    p90_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None
    mean_ms: float | None = None
    cpu: dict[str, float] = {}  # cores kept busy, per group of processes
    rss_mb: float | None = None
    seconds: float = 0.0

    @property
    def key(self) -> tuple[str, str, str, int, int, int]:
        return (self.kind, self.engine, self.endpoint, self.connections, self.workers, self.size)


def from_wrk(result: WrkResult, **fields: object) -> Run:
    if result.requests == 0:  # nothing finished in time: no latency to speak of
        return Run(errors=result.errors, seconds=result.duration_us / 1e6, **fields)  # type: ignore[arg-type]
    return Run(
        rps=result.rps,
        requests=result.requests,
        errors=result.errors,
        p50_ms=result.p50_us / 1000,
        p90_ms=result.p90_us / 1000,
        p99_ms=result.p99_us / 1000,
        max_ms=result.max_us / 1000,
        mean_ms=result.mean_us / 1000,
        seconds=result.duration_us / 1e6,
        **fields,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Spread:
    low: float
    mid: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread | None:
        if not values:
            return None
        return cls(min(values), statistics.median(values), max(values))


@dataclass
class Summary:
    """The repeats of one cell."""

    runs: list[Run]
    rps: Spread | None = None
    p50: Spread | None = None
    p99: Spread | None = None
    seconds: Spread | None = None
    errors: int = 0
    cpu: dict[str, float] = field(default_factory=dict)
    rss_mb: float | None = None

    @property
    def first(self) -> Run:
        return self.runs[0]

    @property
    def tail_ratio(self) -> float | None:
        """p99 ÷ p50 of the median run values."""
        if self.p50 is None or self.p99 is None or self.p50.mid <= 0:
            return None
        return self.p99.mid / self.p50.mid


def _values(runs: Iterable[Run], name: str) -> list[float]:
    found = (getattr(r, name) for r in runs)
    return [float(v) for v in found if v is not None]


def summarize(runs: Sequence[Run]) -> dict[tuple[str, str, str, int, int, int], Summary]:
    """Runs grouped by cell (kind, engine, endpoint, connections, workers, size), in the order
    they first appear."""
    groups: dict[tuple[str, str, str, int, int, int], list[Run]] = {}
    for run in runs:
        groups.setdefault(run.key, []).append(run)
    out = {}
    for key, group in groups.items():
        names = sorted({n for r in group for n in r.cpu})
        rss = _values(group, "rss_mb")
        out[key] = Summary(
            runs=group,
            rps=Spread.of(_values(group, "rps")),
            p50=Spread.of(_values(group, "p50_ms")),
            p99=Spread.of(_values(group, "p99_ms")),
            seconds=Spread.of(_values(group, "seconds")),
            errors=sum(r.errors for r in group),
            cpu={n: statistics.median(r.cpu.get(n, 0.0) for r in group) for n in names},
            rss_mb=max(rss) if rss else None,
        )
    return out


def ratio(service: Summary | None, floor: Summary | None) -> float | None:
    """Service requests/s ÷ floor operations/s, medians of the same cell."""
    if not service or not floor or not service.rps or not floor.rps or floor.rps.mid <= 0:
        return None
    return service.rps.mid / floor.rps.mid


def growth_factor(summaries: Sequence[Summary]) -> float | None:
    """How many times the median p50 grew from the smallest size to the largest."""
    p50s = [s.p50.mid for s in summaries if s.p50]
    if len(p50s) < 2 or p50s[0] <= 0:
        return None
    return p50s[-1] / p50s[0]
