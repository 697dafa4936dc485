"""py-spy on a worker under load, and its samples boiled down: where the CPU went by package,
the functions that were running, and our own code's inclusive share."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^():]*):(?P<line>\d+)\)$")
INSTALL = (
    "py-spy is not installed: `pip install py-spy` (or `pip install -e '.[bench]'`), then run"
    " with --profile again."
)


class ProfilerMissing(Exception):
    """py-spy is not on PATH next to this Python or elsewhere; the message says how to get it."""


def find() -> str:
    import sys

    beside = Path(sys.executable).with_name("py-spy")
    if beside.exists():
        return str(beside)
    found = shutil.which("py-spy")
    if found is None:
        raise ProfilerMissing(INSTALL)
    return found


def record(pid: int, seconds: float, out: Path, rate: int = 250) -> Path:
    """Samples the process's Python stacks while it holds the GIL (on-CPU Python work; idle
    threads and waits are left out) into py-spy's raw collapsed format."""
    subprocess.run(
        [find(), "record", "--pid", str(pid), "--duration", str(max(1, round(seconds))),
         "--rate", str(rate), "--gil", "--format", "raw", "--output", str(out)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return out


def parse(text: str) -> list[tuple[list[str], int]]:
    """Collapsed stacks: `frame;frame;... count` per line, outermost frame first."""
    stacks = []
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def package(frame: str) -> str:
    match = _FRAME.match(frame)
    if not match:
        return "?"
    path = match["file"]
    if path.startswith("<"):
        return "python"
    head = path.split("/")[0]
    return head.removesuffix(".py") if "/" in path else "python"


def function(frame: str) -> str:
    match = _FRAME.match(frame)
    return f"{match['func']} ({match['file']})" if match else frame


def summarize(text: str, top: int = 12) -> str:
    stacks = parse(text)
    total = sum(count for _, count in stacks)
    if not total:
        return "no samples (the worker was idle, or py-spy could not attach)"
    by_package: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    for frames, count in stacks:
        by_package[package(frames[-1])] += count
        leaves[function(frames[-1])] += count
        for name in {function(f) for f in frames if package(f) in ("service", "bench")}:
            ours[name] += count

    def pct(count: int) -> str:
        return f"{100 * count / total:5.1f}%"

    lines = [f"{total} on-CPU samples; where they were, by package (innermost Python frame):"]
    lines += [f"  {pct(c)}  {name}" for name, c in by_package.most_common(top)]
    lines += ["functions running (self):"]
    lines += [f"  {pct(c)}  {name}" for name, c in leaves.most_common(top)]
    lines += [
        "our code, inclusive (service/; the entry frames every sample passes through left out):"
    ]
    lines += [f"  {pct(c)}  {name}" for name, c in ours.most_common() if c < total][:top]
    return "\n".join(lines)
