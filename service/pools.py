"""A pooled connection within a bounded wait, for both drivers: an exhausted pool is a fast 503
(PoolExhausted), and a connection a failure left in doubt never goes back into the pool."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import aiomysql
import asyncpg

from service import errors
from service.db import PoolExhausted

# Errors after which an asyncpg connection's protocol state is unknown ("another operation is in
# progress" after the server dropped it): the connection is closed, not pooled again.
BROKEN = (asyncpg.InternalClientError, asyncpg.InterfaceError, OSError)


@asynccontextmanager
async def pg(pool: asyncpg.Pool, wait: float) -> AsyncIterator[asyncpg.Connection]:
    """An asyncpg connection within `wait` seconds. Handing it back after a failure never raises
    a second error over the first (a dropped connection cannot be reset; asyncpg discards it)."""
    try:
        con = await pool.acquire(timeout=wait)
    except TimeoutError:
        raise PoolExhausted(f"no connection became free within {wait} s") from None
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
async def my(pool: aiomysql.Pool, wait: float) -> AsyncIterator[aiomysql.Connection]:
    """An aiomysql connection within `wait` seconds (its acquire has no timeout of its own). A
    connection cut off mid-statement (a cancelled request) is closed by aiomysql, and one left in
    a transaction by the pool, so none goes back unclean."""
    try:
        async with asyncio.timeout(wait):
            con = await pool.acquire()
    except TimeoutError:
        raise PoolExhausted(f"no connection became free within {wait} s") from None
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
