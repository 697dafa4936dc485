"""A pooled connection within a bounded wait, for both drivers: an exhausted pool is a fast 503
(PoolExhausted), and a connection a failure left in doubt never goes back into the pool.

Requests take connections in the order they asked. Both drivers' pools let a newcomer take a
connection that was just handed to a woken waiter, which then queues again at the back: under
load some requests waited many times the median (README, Performance). A FIFO gate with one
permit per connection in front of each pool decides the order instead; whoever holds a permit
finds a connection free, so the driver's own acquire does not wait, and only requests that really
queue pay for a bounded wait (a Deadline: service/deadlines.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from contextlib import suppress
from types import TracebackType
from typing import Any, Generic, TypeVar

import aiomysql
import asyncpg

from service import errors
from service.db import PoolExhausted
from service.deadlines import Deadline

T = TypeVar("T")
C = TypeVar("C")

# Errors after which an asyncpg connection's protocol state is unknown ("another operation is in
# progress" after the server dropped it): the connection is closed, not pooled again.
BROKEN = (asyncpg.InternalClientError, asyncpg.InterfaceError, OSError)


def gate(size: int) -> asyncio.Semaphore:
    """The FIFO gate in front of a pool of `size` connections (one per pool, kept beside it)."""
    return asyncio.Semaphore(size)


class _Lease(Generic[C]):
    """`async with`: a permit in arrival order within `wait` seconds, then a connection; both
    handed back on the way out. A class rather than @asynccontextmanager: every query passes
    here, and generator-based context managers cost several microseconds a query."""

    __slots__ = ("pool", "gate", "wait", "con")

    def __init__(self, pool: Any, gate: asyncio.Semaphore, wait: float) -> None:
        self.pool = pool
        self.gate = gate
        self.wait = wait

    async def __aenter__(self) -> C:
        gate = self.gate
        # asyncio's Semaphore is first come, first served: while anyone waits, a newcomer
        # queues behind them.
        if gate.locked():
            await _within(gate.acquire(), self.wait)
        else:
            await gate.acquire()  # a permit is free: returns at once
        try:
            self.con = await self._take()
        except BaseException:
            gate.release()
            raise
        return self.con

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            await self._give(exc)
        finally:
            self.gate.release()

    async def _take(self) -> C:
        raise NotImplementedError

    async def _give(self, failure: BaseException | None) -> None:
        raise NotImplementedError


async def _within(waiting: Awaitable[T], wait: float) -> T:
    """A wait for a permit or a connection, bounded by a Deadline (no event-loop timer each)."""
    try:
        async with Deadline(wait):
            return await waiting
    except TimeoutError:
        raise PoolExhausted(f"no connection became free within {wait} s") from None


class PgLease(_Lease[asyncpg.Connection]):
    """An asyncpg connection within `wait` seconds. Handing it back after a failure never raises
    a second error over the first (a dropped connection cannot be reset; asyncpg discards it)."""

    async def _take(self) -> asyncpg.Connection:
        pool: asyncpg.Pool = self.pool
        if pool.get_idle_size():
            return await pool.acquire()  # an open one is free: taken at once, nothing to time
        return await _within(pool.acquire(), self.wait)  # being reopened or returned

    async def _give(self, failure: BaseException | None) -> None:
        if failure is None:
            await self.pool.release(self.con)
            return
        if isinstance(failure, BROKEN):
            self.con.terminate()
        with suppress(Exception):
            await self.pool.release(self.con)


class MyLease(_Lease[aiomysql.Connection]):
    """An aiomysql connection within `wait` seconds (its acquire has no timeout of its own). A
    connection cut off mid-statement (a cancelled request) is closed by aiomysql, and one left in
    a transaction by the pool, so none goes back unclean."""

    async def _take(self) -> aiomysql.Connection:
        pool: aiomysql.Pool = self.pool
        if pool.freesize:
            return await pool.acquire()
        return await _within(pool.acquire(), self.wait)

    async def _give(self, failure: BaseException | None) -> None:
        self.pool.release(self.con)


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
