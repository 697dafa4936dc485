"""`datasvc retention`: each app's clean-up jobs (expired rows), run in small batches.

An app declares its jobs as `RETENTION` in its package: what each deletes, a `count-` query for
--dry-run and a `delete-` query that removes at most :limit rows older than :now. Each batch is
its own statement and commits on its own, so the command holds locks only briefly and is safe
to run from cron while the service serves. A job may keep rows for an age (`keep`, :now is then
that long ago; `--keep NAME=DAYS` changes it), and an `Archive` job (service/archive.py) writes
its rows to compressed files with a manifest before it deletes them.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tqdm import tqdm

from service import apps, archive, config, embedded, runtime
from service.db import Database

DEFAULT_BATCH = 500
Say = Callable[[str], None]


@dataclass(frozen=True)
class Job:
    what: str  # "expired sessions"
    count: str  # query name: how many rows the job would delete (:now)
    delete: str  # query name: delete at most :limit of them (:now, :limit)
    keep: timedelta = timedelta(0)  # rows older than this go (:now is this long ago)
    name: str = ""  # what --keep NAME=DAYS calls it


def jobs_of(app: str) -> tuple[Job | archive.Archive, ...]:
    jobs: tuple[Job | archive.Archive, ...] = getattr(apps.load(app), "RETENTION", ())
    return jobs


def _bar(what: str, total: int, shown: bool) -> tqdm[None]:
    """A progress bar on a terminal (stderr), silent under cron."""
    return tqdm(total=total, desc=what, unit="row", disable=not shown, leave=False)


async def run(
    app: str,
    db: Database,
    *,
    dry_run: bool = False,
    batch: int = DEFAULT_BATCH,
    pause: float = 0.0,
    say: Say = print,
    now: datetime | None = None,
    keep: Mapping[str, timedelta] | None = None,
    archive_dir: Path = Path("data") / "archive",
    progress: bool = False,
) -> dict[str, int]:
    """Rows deleted (or, dry, that would be) per job."""
    moment = now or datetime.now(UTC).replace(microsecond=0)
    done: dict[str, int] = {}
    for job in jobs_of(app):
        cutoff = moment - (keep or {}).get(job.name, job.keep)
        expected = int(await archive.run_named(db, job.count, now=cutoff))
        if dry_run:
            done[job.what] = expected
            say(f"{app}: {job.what}: {expected} would be deleted (dry run)")
            continue
        with _bar(f"{app}: {job.what}", expected, progress) as bar:
            if isinstance(job, archive.Archive):
                where = archive_dir / app / job.table
                total = await archive.run(db, job, where, cutoff, batch, bar.update)
                done[job.what] = total
                say(f"{app}: {job.what}: {total} archived to {where} and deleted")
                continue
            total = 0
            while True:
                deleted = await archive.run_named(db, job.delete, now=cutoff, limit=batch)
                total += deleted
                bar.update(deleted)
                if deleted < batch:
                    break
                await asyncio.sleep(pause)  # let the service's own writes in between batches
        done[job.what] = total
        say(f"{app}: {job.what}: {total} deleted")
    return done


async def _all(args: argparse.Namespace) -> None:
    settings = config.load(serving=False)
    if settings.uses_embedded:
        settings = config.with_embedded(settings, embedded.start(settings.data_dir))
    names = [a for a in (args.app or settings.apps) if jobs_of(a)]
    databases = await runtime.open_all(settings, runtime.specs(names))
    try:
        for app, db in databases.items():
            await run(
                app,
                db,
                dry_run=args.dry_run,
                batch=args.batch,
                pause=args.pause,
                keep=dict(args.keep or ()),
                archive_dir=args.archive_dir or settings.data_dir / "archive",
                progress=sys.stderr.isatty(),
            )
    finally:
        await runtime.close_all(databases)


def command(args: argparse.Namespace) -> int:
    asyncio.run(_all(args))
    sys.stdout.flush()
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError("must be from 1 to 100000")
    return value


def _keep(text: str) -> tuple[str, timedelta]:
    name, _, days = text.partition("=")
    if not name or not days.isdigit() or not 0 <= int(days) <= 36_500:
        raise argparse.ArgumentTypeError("write NAME=DAYS, e.g. conversation-logs=365")
    return name, timedelta(days=int(days))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "retention", help="delete expired rows (each app's retention jobs), in small batches"
    )
    parser.add_argument(
        "--app", action="append", choices=list(apps.REGISTRY), help="only this app (repeatable)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="count what would go; change nothing"
    )
    parser.add_argument(
        "--batch",
        type=_positive,
        default=DEFAULT_BATCH,
        help=f"rows per statement ({DEFAULT_BATCH})",
    )
    parser.add_argument(
        "--pause", type=float, default=0.05, help="seconds between batches (default 0.05)"
    )
    parser.add_argument(
        "--keep",
        action="append",
        type=_keep,
        metavar="NAME=DAYS",
        help="keep a job's rows this many days (e.g. conversation-logs=365, session-memory=30)",
    )
    parser.add_argument(
        "--archive-dir",
        type=Path,
        help="where archiving jobs write their files (default DATA_DIR/archive)",
    )
    parser.set_defaults(run=command)
