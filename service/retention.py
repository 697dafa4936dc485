"""`datasvc retention`: each app's clean-up jobs (expired rows), run in small batches.

An app declares its jobs as `RETENTION` in its package: what each deletes, a `count-` query for
--dry-run and a `delete-` query that removes at most :limit rows older than :now. Each batch is
its own statement and commits on its own, so the command holds locks only briefly and is safe
to run from cron while the service serves.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from service import apps, config, embedded, runtime
from service.db import Database

DEFAULT_BATCH = 500
Say = Callable[[str], None]


@dataclass(frozen=True)
class Job:
    what: str  # "expired sessions"
    count: str  # query name: how many rows the job would delete (:now)
    delete: str  # query name: delete at most :limit of them (:now, :limit)


def jobs_of(app: str) -> tuple[Job, ...]:
    jobs: tuple[Job, ...] = getattr(apps.load(app), "RETENTION", ())
    return jobs


async def run(
    app: str,
    db: Database,
    *,
    dry_run: bool = False,
    batch: int = DEFAULT_BATCH,
    pause: float = 0.0,
    say: Say = print,
    now: datetime | None = None,
) -> dict[str, int]:
    """Rows deleted (or, dry, that would be) per job."""
    moment = now or datetime.now(UTC).replace(microsecond=0)
    done: dict[str, int] = {}
    for job in jobs_of(app):
        if dry_run:
            done[job.what] = int(await getattr(db.q, job.count.replace("-", "_"))(now=moment))
            say(f"{app}: {job.what}: {done[job.what]} would be deleted (dry run)")
            continue
        total = 0
        while True:
            deleted = await getattr(db.q, job.delete.replace("-", "_"))(now=moment, limit=batch)
            total += deleted
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
            await run(app, db, dry_run=args.dry_run, batch=args.batch, pause=args.pause)
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
    parser.set_defaults(run=command)
