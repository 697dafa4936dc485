"""A busy pool hands its connections to requests in the order they asked, on both engines: no
request is passed over again and again while newcomers are served (the tail latencies of
README, Performance)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator

import pytest

from service import runtime
from service.config import DbUrl
from service.db import Database
from tests.conftest import scratch_name, settings_for

POOL = 2
TASKS = 40
ROUNDS = 10


@pytest.fixture
async def small_pool(server: DbUrl) -> AsyncIterator[Database]:
    settings = settings_for(server, {"chat": scratch_name("chat")}, pool_min=POOL, pool_max=POOL)
    spec = runtime.specs(["chat"])["chat"]
    db = await runtime.ensure_database("chat", settings.databases["chat"], settings, spec)
    try:
        yield db
    finally:
        await db.close()
        url = settings.databases["chat"].url
        assert url is not None
        await runtime.drop_database(url, settings)


def overtaken(granted: list[int]) -> int:
    """The most times one request saw a later one get a connection before it."""
    worst = 0
    for place, ticket in enumerate(granted):
        worst = max(worst, sum(1 for other in granted[:place] if other > ticket))
    return worst


async def test_connections_go_to_requests_in_the_order_they_asked(small_pool: Database) -> None:
    tickets = itertools.count()
    granted: list[int] = []

    async def client() -> None:
        for _ in range(ROUNDS):
            ticket = next(tickets)
            async with small_pool.transaction():
                granted.append(ticket)
                await asyncio.sleep(0)  # another request's turn while this one holds it

    await asyncio.gather(*(client() for _ in range(TASKS)))
    assert sorted(granted) == list(range(TASKS * ROUNDS))
    # Only the pool's own connections may finish their BEGIN in another order than they started.
    assert overtaken(granted) <= POOL
