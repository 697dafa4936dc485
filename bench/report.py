"""The results as Markdown (a table per part, then the targets met or missed) and as JSON lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import msgspec

from bench.data import scans as full_scan
from bench.stats import Run, Spread, Summary, growth_factor, ratio, summarize

POINT = ("get", "create", "append")
FLOOR_SHARE = 0.6
TAIL = 3.0
RSS_MB = 150.0
STARTUP = {"startup-empty": 10.0, "startup-existing": 3.0}
FLAT = 2.0  # list p50 at the largest size at most this many times the smallest's


class Meta(msgspec.Struct):
    """Where and how the numbers were taken."""

    date: str
    machine: str
    cpu: str
    cores: int
    memory_gb: float
    python: str
    servers: dict[str, str]
    commit: str
    options: dict[str, object]
    minutes: float = 0.0


def n0(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def spread(value: Spread | None) -> str:
    if value is None:
        return "–"
    return f"{n0(value.mid)} ({n0(value.low)}–{n0(value.high)})"


def cpu(summary: Summary, names: Sequence[str]) -> str:
    return " / ".join(f"{summary.cpu[n]:.2f}" if n in summary.cpu else "–" for n in names)


def _key(
    kind: str, engine: str, endpoint: str, conns: int = 0, workers: int = 0, size: int = 0
) -> tuple[str, str, str, int, int, int]:
    return (kind, engine, endpoint, conns, workers, size)


def floor_latency(floor: Summary | None) -> str:
    if floor is None or floor.p50 is None or floor.p99 is None:
        return "–"
    return f"{ms(floor.p50.mid)} / {ms(floor.p99.mid)}"


def matrix(cells: Mapping[tuple[str, str, str, int, int, int], Summary]) -> list[str]:
    lines = [
        "| engine | endpoint | conns | workers | req/s median (min–max) | p50 ms | p99 ms |"
        " p99÷p50 | errors | CPU cores svc / db / wrk | worker RSS MB |"
        " floor ops/s median (min–max) | floor p50 / p99 ms | service ÷ floor |"
        " stack ceiling req/s | bound on service ÷ floor |",
        "| --- | --- |" + " ---: |" * 14,
    ]
    for key, s in cells.items():
        kind, engine, endpoint, conns, workers, _ = key
        if kind != "service":
            continue
        floor = cells.get(_key("floor", engine, endpoint, conns, workers))
        share = ratio(s, floor)
        top = cells.get(_key("ceiling", engine, "ceiling", conns, workers))
        limit = bound(floor, top)
        tail = f"{s.tail_ratio:.1f}" if s.tail_ratio is not None else "–"
        lines.append(
            f"| {engine} | {endpoint} | {conns} | {workers} | {spread(s.rps)} |"
            f" {ms(s.p50.mid if s.p50 else None)} | {ms(s.p99.mid if s.p99 else None)} |"
            f" {tail} | {s.errors} | {cpu(s, ('service', 'db', 'wrk'))} | {n0(s.rss_mb)} |"
            f" {spread(floor.rps) if floor else '–'} | {floor_latency(floor)} |"
            f" {f'{share:.2f}' if share else '–'} | {spread(top.rps) if top else '–'} |"
            f" {f'{limit:.2f}' if limit else '–'} |"
        )
    return lines


def bound(floor: Summary | None, top: Summary | None) -> float | None:
    """The best service ÷ floor the stack allows: each request spends at least the floor's time
    and the bare stack's (bench/ceiling.py), so rate ≤ 1 / (1/floor + 1/ceiling)."""
    if not floor or not top or not floor.rps or not top.rps or min(floor.rps.mid, top.rps.mid) <= 0:
        return None
    return top.rps.mid / (floor.rps.mid + top.rps.mid)


def growth(
    cells: Mapping[tuple[str, str, str, int, int, int], Summary],
    kind: str,
    label: str,
    plans: Mapping[str, Mapping[int, bool]],
) -> list[str]:
    rows = [(k, s) for k, s in cells.items() if k[0] == kind]
    if not rows:
        return []
    lines = [
        f"| engine | {label} | req/s median (min–max) | p50 ms | p99 ms | errors |"
        + (" plan reads the whole table |" if kind == "growth-list" else ""),
        "| --- | ---: | ---: | ---: | ---: | ---: |" + (" --- |" if kind == "growth-list" else ""),
    ]
    for (_, engine, _, _, _, size), s in rows:
        line = (
            f"| {engine} | {size:,} | {spread(s.rps)} | {ms(s.p50.mid if s.p50 else None)} |"
            f" {ms(s.p99.mid if s.p99 else None)} | {s.errors} |"
        )
        if kind == "growth-list":
            scan = plans.get(engine, {}).get(size)
            line += f" {'–' if scan is None else ('yes' if scan else 'no')} |"
        lines.append(line)
    return lines


def imports(cells: Mapping[tuple[str, str, str, int, int, int], Summary]) -> list[str]:
    """The tutor's JSON import: rows written (each with its trail row) per second."""
    rows = [(k, s) for k, s in cells.items() if k[0] == "import"]
    if not rows:
        return []
    lines = [
        "| engine | rows | seconds, median (min–max) | rows/s, median |",
        "| --- | ---: | ---: | ---: |",
    ]
    for (_, engine, *_), s in rows:
        sec, rps = s.seconds, s.rps
        shown = f"{sec.mid:.1f} ({sec.low:.1f}–{sec.high:.1f})" if sec else "–"
        rate = f"{rps.mid:,.0f}" if rps else "–"
        lines.append(f"| {engine} | {s.first.requests:,} | {shown} | {rate} |")
    return lines


def startup(cells: Mapping[tuple[str, str, str, int, int, int], Summary]) -> list[str]:
    rows = [(k, s) for k, s in cells.items() if k[0] in STARTUP]
    if not rows:
        return []
    lines = ["| start | seconds to /ready, median (min–max) | target |", "| --- | ---: | ---: |"]
    for (kind, *_), s in rows:
        sec = s.seconds
        shown = f"{sec.mid:.2f} ({sec.low:.2f}–{sec.high:.2f})" if sec else "–"
        what = "empty data directory" if kind == "startup-empty" else "existing data directory"
        lines.append(f"| {what} | {shown} | ≤ {STARTUP[kind]:g} s |")
    return lines


def targets(
    cells: Mapping[tuple[str, str, str, int, int, int], Summary],
    plans: Mapping[str, Mapping[int, bool]],
) -> list[str]:
    """Each target of the issue, met or missed, with the figures that decide it."""
    out: list[str] = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    shares, bounds = [], []
    for key, s in cells.items():
        kind, engine, endpoint, conns, workers, _ = key
        if kind == "service" and endpoint in POINT:
            name = f"{engine} {endpoint} c{conns} w{workers}"
            floor = cells.get(_key("floor", engine, endpoint, conns, workers))
            share = ratio(s, floor)
            if share is not None:
                shares.append((share, name))
            limit = bound(floor, cells.get(_key("ceiling", engine, "ceiling", conns, workers)))
            if limit is not None:
                bounds.append((limit, name))
    if shares:
        low = [f"{name} {share:.2f}" for share, name in sorted(shares) if share < FLOOR_SHARE]
        out.append(
            f"- Point reads and writes ≥ {FLOOR_SHARE} × floor: {verdict(not low)}"
            f" (lowest {min(shares)[0]:.2f} at {min(shares)[1]}, highest {max(shares)[0]:.2f}"
            f" at {max(shares)[1]}" + (f"; under: {', '.join(low)})" if low else ")")
        )
    if bounds:
        out.append(
            f"  - the stack alone (Starlette + uvicorn answering a constant) allows at most"
            f" {min(bounds)[0]:.2f} ({min(bounds)[1]}) to {max(bounds)[0]:.2f}"
            f" ({max(bounds)[1]}) of the floor"
        )
    for engine in sorted({k[1] for k in cells if k[0] == "growth-list"}):
        steps = [s for k, s in cells.items() if k[0] == "growth-list" and k[1] == engine]
        factor = growth_factor(steps)
        scanned = [size for size, scan in plans.get(engine, {}).items() if scan]
        if factor is not None:
            out.append(
                f"- List flat from {steps[0].first.size:,} to {steps[-1].first.size:,} scenarios"
                f" ({engine}): {verdict(factor <= FLAT and not scanned)} (p50 × {factor:.2f};"
                f" plan reads the whole table at: {', '.join(f'{s:,}' for s in scanned) or 'none'})"
            )
    tails = [
        (s.tail_ratio, f"{k[1]} {k[2]} w{k[4]}")
        for k, s in cells.items()
        if k[0] == "service" and k[3] == 32 and s.tail_ratio is not None
    ]
    if tails:
        over = [f"{name} {t:.1f}" for t, name in sorted(tails, reverse=True) if t > TAIL]
        out.append(
            f"- p99 ≤ {TAIL:g} × p50 at 32 connections: {verdict(not over)}"
            f" (worst {max(tails)[0]:.1f} at {max(tails)[1]}"
            + (f"; over: {', '.join(over)})" if over else ")")
        )
    rss = [(s.rss_mb, f"{k[1]} {k[2]} c{k[3]} w{k[4]}") for k, s in cells.items() if s.rss_mb]
    if rss:
        top = max(rss)
        out.append(
            f"- Worker RSS under load ≤ {RSS_MB:g} MB: {verdict(top[0] <= RSS_MB)}"
            f" (largest {top[0]:.0f} MB, {top[1]})"
        )
    for kind, limit in STARTUP.items():
        start = cells.get(_key(kind, "postgres", ""))
        if start and start.seconds:
            what = "empty" if kind == "startup-empty" else "existing"
            out.append(
                f"- Embedded start from an {what} data directory ≤ {limit:g} s:"
                f" {verdict(start.seconds.mid <= limit)} (median {start.seconds.mid:.2f} s,"
                f" max {start.seconds.high:.2f} s)"
            )
    return out


def render(
    meta: Meta,
    runs: Sequence[Run],
    plans: Mapping[str, Mapping[int, list[str]]],
    profiles: Mapping[str, str],
    failures: Sequence[str] = (),
) -> str:
    cells = summarize(runs)
    scans = {e: {size: full_scan(e, plan) for size, plan in p.items()} for e, p in plans.items()}
    lines = [
        f"# Benchmark {meta.date}",
        "",
        f"Machine: {meta.machine}, {meta.cpu}, {meta.cores} cores, {meta.memory_gb:.0f} GB RAM;"
        f" Python {meta.python}; {', '.join(f'{k} {v}' for k, v in meta.servers.items())};"
        f" commit {meta.commit}. The service, the database and wrk share these cores, and the"
        " machine is shared with other work, so read medians with their spread.",
        "",
        "Options: "
        + ", ".join(f"{k}={v}" for k, v in meta.options.items())
        + (f"; the whole run took {meta.minutes:.1f} min." if meta.minutes else "."),
        "",
        "## Endpoints",
        "",
        "req/s and latency from wrk; CPU as cores kept busy during the run (service processes,"
        " database server, wrk); floor: the same named queries through the same kind of pool,"
        " msgspec-encoded, same concurrency, no HTTP; stack ceiling: Starlette under uvicorn"
        " with the same workers answering a constant 2.3 KB body (no middleware, no database),"
        " and the bound it sets: ceiling ÷ (floor + ceiling), the service ÷ floor a service"
        " whose own code cost nothing would reach.",
        "",
        *matrix(cells),
        "",
    ]
    for kind, title, label in (
        ("growth-list", "Growth: list", "scenarios"),
        ("growth-append", "Growth: append", "messages per chat"),
    ):
        table = growth(cells, kind, label, scans)
        if table:
            lines += [f"## {title}", "", *table, ""]
    table = imports(cells)
    if table:
        lines += ["## Tutor JSON import (300 sample profiles, verified)", "", *table, ""]
    table = startup(cells)
    if table:
        lines += ["## Embedded start", "", *table, ""]
    if failures:
        lines += ["## Failures", "", *(f"- {f}" for f in failures), ""]
    lines += ["## Targets", "", *targets(cells, scans), ""]
    if plans:
        lines += ["## List query plans", ""]
        for engine, by_size in plans.items():
            for size, plan in by_size.items():
                lines += [f"{engine}, {size:,} scenarios:", "", "```", *plan, "```", ""]
    for name, text in profiles.items():
        lines += [f"## Profile: {name}", "", "```", text.rstrip(), "```", ""]
    return "\n".join(lines)


def write(
    directory: Path,
    stem: str,
    markdown: str,
    runs: Sequence[Run],
    meta: Meta,
    plans: Mapping[str, Mapping[int, list[str]]] | None = None,
    profiles: Mapping[str, str] | None = None,
) -> Path:
    """The Markdown, and JSON lines: the meta line, one per run, then plans and profiles."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{stem}.md").write_text(markdown + "\n", encoding="utf-8")
    records: list[object] = [{"kind": "meta", **msgspec.structs.asdict(meta)}, *runs]
    for engine, by_size in (plans or {}).items():
        records += [
            {"kind": "plan", "engine": engine, "size": n, "lines": p} for n, p in by_size.items()
        ]
    records += [{"kind": "profile", "name": k, "text": v} for k, v in (profiles or {}).items()]
    with (directory / f"{stem}.jsonl").open("wb") as out:
        for record in records:
            out.write(msgspec.json.encode(record) + b"\n")
    return directory / f"{stem}.md"
