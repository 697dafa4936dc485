"""`python -m bench.returning`: is MariaDB's own INSERT ... RETURNING worth a MariaDB-only variant?
Creates a scenario both ways at the same concurrency, in alternating rounds, no HTTP: the
portable write and its read-back in one transaction (what MySQL 8 and TiDB need), and the one
statement. Prints ops/s per round and the medians."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from bench import data, workload
from service.config import DbUrl
from service.db import Database, PoolExhausted

Op = Callable[[dict[str, Any]], Awaitable[Any]]


async def rate(op: Op, plan: list[dict[str, Any]], tasks: int, seconds: float) -> float:
    end = time.monotonic() + seconds
    done = 0

    async def task(index: int) -> None:
        nonlocal done
        position = index
        while time.monotonic() < end:
            try:
                await op(plan[position % len(plan)])
                done += 1
            except PoolExhausted:
                await asyncio.sleep(0.001)  # the machine stalled: not counted, not fatal
            position += tasks

    await asyncio.gather(*(task(t) for t in range(tasks)))
    return done / seconds


async def measure(url: str, rounds: int, tasks: int, seconds: float) -> dict[str, list[float]]:
    # Its own database names, so a `python -m bench` running meanwhile keeps its own.
    target = data.Target("mysql", DbUrl.parse(url, "--mysql-url"), prefix="bench_returning_")
    await data.create(target)
    try:
        seeded = await data.Data.open(target)
        try:
            await seeded.seed()
            db: Database = seeded.roleplay
            returning = seeded.rq.insert_scenario_returning
            plan = [r.params for r in workload.requests("create")]

            async def read_back(params: dict[str, Any]) -> Any:
                return await db.q.insert_scenario(id=str(uuid.uuid4()), **params)

            async def one_statement(params: dict[str, Any]) -> Any:
                return await db.run(returning, id=str(uuid.uuid4()), **params)

            ways: dict[str, Op] = {"write + read-back": read_back, "RETURNING": one_statement}
            found: dict[str, list[float]] = {name: [] for name in ways}
            await rate(read_back, plan, tasks, 1.0)  # warm-up: pool, statement caches
            for number in range(rounds):
                for name, op in ways.items():
                    found[name].append(await rate(op, plan, tasks, seconds))
                    print(f"round {number + 1} {name}: {found[name][-1]:,.0f} creates/s")
            return found
        finally:
            await seeded.close()
    finally:
        await data.drop(target)


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m bench.returning", description=__doc__)
    p.add_argument("--mysql-url", default="mysql://root@127.0.0.1:3306")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--tasks", type=int, default=32)
    p.add_argument("--seconds", type=float, default=4.0)
    args = p.parse_args()
    found = asyncio.run(measure(args.mysql_url, args.rounds, args.tasks, args.seconds))
    for name, rates in found.items():
        print(f"{name}: median {statistics.median(rates):,.0f} creates/s of {len(rates)} rounds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
