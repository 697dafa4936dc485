"""The tutor's JSON import timed on its sample set (300 profiles, about 8,000 rows, each written
with its trail row): rows per second, from an empty app to verified."""

from __future__ import annotations

import io
import time
from pathlib import Path

from bench import data
from bench.stats import Run
from service.apps.tutor import sample
from service.apps.tutor.migration import import_dir

PROFILES = 300


async def measure(d: data.Data, workdir: Path, repeats: int) -> list[Run]:
    directory = workdir / "tutor-sample"
    sample.generate(directory, PROFILES, broken=False)
    runs = []
    for repeat in range(1, repeats + 1):
        await clean(d)
        began = time.perf_counter()
        report = await import_dir(d.tutor, directory, workdir / "tutor-backups", out=io.StringIO())
        seconds = time.perf_counter() - began
        if report.differences or report.problems:
            raise RuntimeError(f"the import did not verify: {report.differences[:3]}")
        rows = sum(report.written.values())
        runs.append(
            Run(
                kind="import",
                engine=d.target.engine,
                endpoint="tutor import-json",
                repeat=repeat,
                requests=rows,
                rps=rows / seconds,
                seconds=seconds,
            )
        )
    await clean(d)
    return runs


async def clean(d: data.Data) -> None:
    """The sample's profiles (and by cascade their rows) and the trail gone again."""
    await d.tutor.run(d.tq.delete_imported)
    await d.tutor.run(d.tq.delete_trail)
