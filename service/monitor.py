"""`datasvc stats` and `datasvc maintain`: seed 003's monitoring and maintenance, for every app.

Stats: the database's size, each table's size and row estimate, and the slowest statements
(pg_stat_statements on PostgreSQL when the database has it; performance_schema's digests on
MySQL / MariaDB when it is on). Maintain: ANALYZE, and with --vacuum VACUUM (ANALYZE); on MySQL
ANALYZE TABLE / OPTIMIZE TABLE per table.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from decimal import Decimal
from typing import Any

import msgspec

from service import apps, config, embedded, runtime
from service.db import Database, with_identifiers


class Table(msgspec.Struct):
    name: str
    bytes: int
    rows_estimate: int


class Statement(msgspec.Struct):
    query: str
    calls: int
    mean_ms: float
    total_ms: float


class Stats(msgspec.Struct):
    app: str
    engine: str
    database_bytes: int
    tables: list[Table]
    slowest: list[Statement]
    slowest_note: str


def _number(value: Any) -> float:
    return float(value) if isinstance(value, Decimal | int | float) else 0.0


async def stats(app: str, db: Database, limit: int = 10) -> Stats:
    q = db.system
    size = await db.run(q.stats_database_size)
    tables = [
        Table(str(r["name"]), int(_number(r["bytes"])), int(_number(r["rows_estimate"])))
        for r in await db.run(q.stats_tables)
    ]
    slowest: list[Statement] = []
    source = "pg_stat_statements" if db.engine == "postgres" else "performance_schema"
    note = f"from {source}"
    try:
        if not int(await db.run(q.stats_has_statements) or 0):
            note = f"{source} is not enabled for this database"
        else:
            slowest = [
                Statement(
                    str(r["query"] or ""),
                    int(_number(r["calls"])),
                    _number(r["mean_ms"]),
                    _number(r["total_ms"]),
                )
                for r in await db.run(q.stats_slowest, limit=limit)
            ]
    except Exception as exc:  # noqa: BLE001 - a view the account may not read: say so
        note = f"{source} could not be read: {exc}"
    return Stats(app, db.engine, int(_number(size)), tables, slowest, note)


async def maintain(db: Database, vacuum: bool) -> list[str]:
    """What was run, in order."""
    q = db.system
    if db.engine == "postgres":
        query = q.maintain_vacuum if vacuum else q.maintain_analyze
        await db.run(query)
        return ["VACUUM (ANALYZE)" if vacuum else "ANALYZE"]
    done: list[str] = []
    for row in await db.run(q.stats_tables):
        for query in (q.maintain_analyze_table, *((q.maintain_optimize_table,) if vacuum else ())):
            sql = with_identifiers(query, "`", table=str(row["name"]))
            await db.execute(dataclasses.replace(query, sql=sql))
            done.append(f"{query.name.split('-')[1].upper()} TABLE {row['name']}")
    return done


def _text(item: Stats) -> str:
    lines = [f"{item.app} ({item.engine}): {item.database_bytes:,} bytes"]
    lines += [f"  {t.name:32} {t.bytes:>14,} bytes  ~{t.rows_estimate:,} rows" for t in item.tables]
    lines.append(f"  slowest statements: {item.slowest_note}")
    lines += [
        f"  {s.mean_ms:10.2f} ms mean  {s.calls:>8} calls  {' '.join(s.query.split())[:100]}"
        for s in item.slowest
    ]
    return "\n".join(lines)


async def _all(args: argparse.Namespace) -> None:
    settings = config.load(serving=False)
    if settings.uses_embedded:
        settings = config.with_embedded(settings, embedded.start(settings.data_dir))
    names = list(args.app or settings.apps)
    databases = await runtime.open_all(settings, runtime.specs(names))
    try:
        for app, db in databases.items():
            if args.command == "stats":
                found = await stats(app, db, args.limit)
                print(msgspec.json.encode(found).decode() if args.json else _text(found))
            else:
                for step in await maintain(db, args.vacuum):
                    print(f"{app}: {step}")
    finally:
        await runtime.close_all(databases)


def command(args: argparse.Namespace) -> int:
    asyncio.run(_all(args))
    sys.stdout.flush()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    apps_help = "only this app (repeatable)"
    show = sub.add_parser(
        "stats", help="database and table sizes, row estimates, slowest statements"
    )
    show.add_argument("--app", action="append", choices=list(apps.REGISTRY), help=apps_help)
    show.add_argument("--limit", type=int, default=10, help="slowest statements shown (10)")
    show.add_argument("--json", action="store_true", help="one JSON object per app")
    show.set_defaults(run=command, command="stats")
    keep = sub.add_parser("maintain", help="update statistics (ANALYZE), optionally VACUUM")
    keep.add_argument("--app", action="append", choices=list(apps.REGISTRY), help=apps_help)
    keep.add_argument("--analyze", action="store_true", required=True, help="ANALYZE (required)")
    keep.add_argument(
        "--vacuum", action="store_true", help="VACUUM (ANALYZE); MySQL: OPTIMIZE TABLE"
    )
    keep.set_defaults(run=command, command="maintain")
