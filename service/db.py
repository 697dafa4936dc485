"""The engine-neutral database interface: named queries in, plain Python rows out.

Rows are dicts. JSON columns arrive as Python objects and go in from them (msgspec at the driver
boundary), and every datetime leaving the database is timezone-aware UTC: sessions run in UTC on
both engines, so a naive value from TIMESTAMP / DATETIME columns is UTC by construction.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, nullcontext
from datetime import UTC, datetime
from functools import cached_property, partial
from typing import Any, TypeVar

from service.config import DbUrl
from service.queries import Query, QuerySet

Row = dict[str, Any]
T = TypeVar("T")
ATTEMPTS = 8
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class StartupError(Exception):
    """Something the operator must fix before the service can serve; the text says what and how."""


class MissingDatabase(Exception):
    """The server answered, but the app's database does not exist on it."""


class PoolExhausted(TimeoutError):
    """No pooled connection became free within POOL_TIMEOUT_MS (a 503, not a queue)."""


def utc(value: Any) -> Any:
    if type(value) is datetime and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def with_identifiers(query: Query, quote: str, **names: str) -> str:
    """Fill `{name}` identifier slots (CREATE DATABASE takes no bind parameters)."""
    for value in names.values():
        if not _IDENT.match(value):
            raise StartupError(
                f"database name {value!r} is not a plain identifier (letters, digits, _);"
                " choose another name in the URL"
            )
    return query.sql.format(**{key: f"{quote}{value}{quote}" for key, value in names.items()})


class Bound:
    """`runner.q.get_chat(id=...)`: call a named query by its Python name. The call is kept as
    an attribute once made, so the next lookup is a plain one (building it was 2 us a query)."""

    def __init__(self, runner: Runner) -> None:
        self._runner = runner

    def __getattr__(self, attr: str) -> Callable[..., Awaitable[Any]]:
        call = partial(self._runner.run, getattr(self._runner.queries, attr))
        setattr(self, attr, call)
        return call


class Runner:
    """What a pool and a transaction's connection both offer (asyncpg's verbs)."""

    queries: QuerySet

    async def fetch(self, query: Query, /, **params: Any) -> list[Row]:
        raise NotImplementedError

    async def fetchrow(self, query: Query, /, **params: Any) -> Row | None:
        raise NotImplementedError

    async def fetchval(self, query: Query, /, **params: Any) -> Any:
        raise NotImplementedError

    async def execute(self, query: Query, /, **params: Any) -> int:
        raise NotImplementedError

    async def run(self, query: Query, /, **params: Any) -> Any:
        if query.then is not None:
            return await self.write_then_read(query, query.then, params)
        if query.kind == "one":
            return await self.fetchrow(query, **params)
        if query.kind == "value":
            return await self.fetchval(query, **params)
        if query.kind == "exec":
            return await self.execute(query, **params)
        return await self.fetch(query, **params)

    @cached_property
    def q(self) -> Bound:
        return Bound(self)

    def _unit(self) -> AbstractAsyncContextManager[Runner]:
        """Where a write and its read-back run together: a transaction's own connection."""
        return nullcontext(self)

    async def write_then_read(
        self, write: Query, read: Query, params: Mapping[str, Any]
    ) -> Row | None:
        """A `^` write the engine cannot RETURN from (`-- then:`): the write, then the read-back
        in the same transaction, so the row is the one this write left; None if it matched none."""
        async with self._unit() as tx:
            if not await tx.execute(write, **params):
                return None
            return await tx.fetchrow(read, **{name: params[name] for name in read.params})


class Database(Runner):
    engine: str
    url: DbUrl
    system: QuerySet

    def transaction(self) -> AbstractAsyncContextManager[Runner]:
        raise NotImplementedError

    def _unit(self) -> AbstractAsyncContextManager[Runner]:
        return self.transaction()

    def retryable(self, exc: BaseException) -> bool:
        """A deadlock or serialization failure: the transaction was undone and may run again."""
        raise NotImplementedError

    async def atomic(self, work: Callable[[Runner], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
        """Run `work` in one transaction, again from the start when the server undid it for a
        deadlock or a write conflict. Only for work that is safe to repeat (it reads what it
        decides on inside the transaction)."""
        for attempt in range(1, attempts + 1):
            try:
                async with self.transaction() as tx:
                    return await work(tx)
            except Exception as exc:
                if attempt == attempts or not self.retryable(exc):
                    raise
            # Jitter, so the transactions that collided do not collide again in step.
            await asyncio.sleep(random.uniform(0, 0.005 * attempt))
        raise AssertionError("unreachable")

    async def check_queries(self) -> list[tuple[Query, str]]:
        """Prepare every named query against the live schema; the ones that fail, with why."""
        raise NotImplementedError

    async def applied_migrations(self) -> set[str]:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError


class Pinned(Database):
    """An app's database seen from inside one open transaction: its statements, transaction()
    and atomic() all run there, so a route wrapper makes a handler's writes and its own
    bookkeeping (an Idempotency-Key) one unit that commits or vanishes whole."""

    def __init__(self, base: Database, tx: Runner) -> None:
        self.base = base
        self.tx = tx
        self.engine, self.url, self.system = base.engine, base.url, base.system
        self.queries = base.queries

    async def fetch(self, query: Query, /, **params: Any) -> list[Row]:
        return await self.tx.fetch(query, **params)

    async def fetchrow(self, query: Query, /, **params: Any) -> Row | None:
        return await self.tx.fetchrow(query, **params)

    async def fetchval(self, query: Query, /, **params: Any) -> Any:
        return await self.tx.fetchval(query, **params)

    async def execute(self, query: Query, /, **params: Any) -> int:
        return await self.tx.execute(query, **params)

    def transaction(self) -> AbstractAsyncContextManager[Runner]:
        return nullcontext(self.tx)

    def retryable(self, exc: BaseException) -> bool:
        return self.base.retryable(exc)

    async def atomic(self, work: Callable[[Runner], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
        # A collision undoes the enclosing transaction: whoever opened it runs it again.
        return await work(self.tx)

    async def check_queries(self) -> list[tuple[Query, str]]:
        return await self.base.check_queries()

    async def applied_migrations(self) -> set[str]:
        return await self.base.applied_migrations()

    async def close(self) -> None:
        """The enclosing transaction's owner closes nothing here."""


def params_of(query: Query, values: Mapping[str, Any]) -> list[Any]:
    try:
        return [values[name] for name in query.params]
    except KeyError:
        raise query.missing(values) from None
