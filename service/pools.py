"""A pooled connection within a bounded wait, for both drivers: an exhausted pool is a fast 503
(PoolExhausted), and a connection a failure left in doubt never goes back into the pool.

Requests take connections in the order they asked. Both drivers' pools let a newcomer take a
connection that was just handed to a woken waiter, which then queues again at the back: under
load some requests waited many times the median (README, Performance). A FIFO gate with one
permit per connection in front of each pool decides the order instead; whoever holds a permit
finds a connection free, so the driver's own acquire never waits, and the timed wait (a timer,
and a task in asyncpg's) is paid only by requests that really queue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager, suppress
from typing import TypeVar

import aiomysql
import asyncpg

from service import errors
from service.db import PoolExhausted
from service.deadlines import Deadline

T = TypeVar("T")

# Errors after which an asyncpg connection's protocol state is unknown ("another operation is in
# progress" after the server dropped it): the connection is closed, not pooled again.
BROKEN = (asyncpg.InternalClientError, asyncpg.InterfaceError, OSError)


def gate(size: int) -> asyncio.Semaphore:
    """The FIFO gate in front of a pool of `size` connections (one per pool, kept beside it)."""
    return asyncio.Semaphore(size)


@asynccontextmanager
async def _turn(gate: asyncio.Semaphore, wait: float) -> AsyncIterator[None]:
    """A permit for one of the pool's connections, in arrival order, within `wait` seconds.
    asyncio's Semaphore is first come, first served: while anyone waits, a newcomer queues
    behind them."""
    if gate.locked():
        try:
            async with Deadline(wait):  # no event-loop timer per queued request
                await gate.acquire()
        except TimeoutError:
            raise PoolExhausted(f"no connection became free within {wait} s") from None
    else:
        await gate.acquire()  # a permit is free: returns at once
    try:
        yield
    finally:
        gate.release()


async def _bounded(acquiring: Awaitable[T], wait: float) -> T:
    try:
        return await acquiring
    except TimeoutError:
        raise PoolExhausted(f"no connection became free within {wait} s") from None


async def _timed(acquiring: Awaitable[T], wait: float) -> T:
    async with asyncio.timeout(wait):
        return await acquiring


@asynccontextmanager
async def pg(
    pool: asyncpg.Pool, gate: asyncio.Semaphore, wait: float
) -> AsyncIterator[asyncpg.Connection]:
    """An asyncpg connection within `wait` seconds. Handing it back after a failure never raises
    a second error over the first (a dropped connection cannot be reset; asyncpg discards it)."""
    async with _turn(gate, wait):
        if pool.get_idle_size():
            con = await pool.acquire()  # an open one is free: taken at once, nothing to time
        else:
            con = await _bounded(pool.acquire(timeout=wait), wait)  # being reopened or returned
        try:
            yield con
        except BaseException as exc:
            if isinstance(exc, BROKEN):
                con.terminate()
            with suppress(Exception):
                await pool.release(con)
            raise
        await pool.release(con)


@asynccontextmanager
async def my(
    pool: aiomysql.Pool, gate: asyncio.Semaphore, wait: float
) -> AsyncIterator[aiomysql.Connection]:
    """An aiomysql connection within `wait` seconds (its acquire has no timeout of its own). A
    connection cut off mid-statement (a cancelled request) is closed by aiomysql, and one left in
    a transaction by the pool, so none goes back unclean."""
    async with _turn(gate, wait):
        if pool.freesize:
            con = await pool.acquire()
        else:
            con = await _bounded(_timed(pool.acquire(), wait), wait)
        try:
            yield con
        finally:
            pool.release(con)


class _QuietFloor(logging.Filter):
    """asyncpg logs a traceback each time it fails to reopen a pool's minimum connections while
    the server is down; that is the outage the service already reports in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.getMessage().startswith("Failed to restore the pool connection floor"):
            return True
        if record.exc_info and record.exc_info[1] is not None:
            errors.log_outage("unreachable", record.exc_info[1])
        return False


logging.getLogger("asyncpg.pool").addFilter(_QuietFloor())
