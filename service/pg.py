"""PostgreSQL through asyncpg: JSON and timestamp codecs on every pooled connection, sessions in
UTC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext, suppress
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import asyncpg
import msgspec

from service import pools, tls
from service import queries as named
from service.config import DEFAULT_TIMEOUTS, DbUrl, Timeouts
from service.db import (
    Database,
    MissingDatabase,
    Row,
    Runner,
    StartupError,
    params_of,
    with_identifiers,
)
from service.queries import Query, QuerySet

_encode = msgspec.json.Encoder()
_decode = msgspec.json.Decoder()
SERVER_SETTINGS = {"timezone": "UTC", "application_name": "datasvc"}


def session_settings(timeouts: Timeouts) -> dict[str, str]:
    """Every pooled session's bounds: a statement or a lock wait past them fails (57014 /
    55P03, a 503) instead of holding the request and its connection."""
    return SERVER_SETTINGS | {
        "statement_timeout": str(max(1, round(timeouts.statement * 1000))),
        "lock_timeout": str(max(1, round(timeouts.lock * 1000))),
    }


def _encode_text(value: Any) -> str:
    return _encode.encode(value).decode()


# PostgreSQL's binary timestamps count microseconds from 2000-01-01; infinity is the int64 edge.
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_INFINITY = (1 << 63) - 1
_MICROSECOND = timedelta(microseconds=1)


def _encode_timestamp(value: datetime) -> tuple[int]:
    """A naive datetime is UTC and an aware one is converted to UTC, for `timestamp` and
    `timestamptz` alike: asyncpg alone refuses aware values for `timestamp` and reads naive
    values for `timestamptz` in the process's local zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return ((value - _PG_EPOCH) // _MICROSECOND,)


def _decode_timestamp(value: tuple[int]) -> datetime:
    return _timestamp(value[0])


# Every timestamp of every row passes here: building it was a sixth of a list request's CPU.
# The same rows (so the same instants) are read again and again, and a datetime is immutable,
# so a bounded cache of them answers most calls for a dict lookup.
@lru_cache(maxsize=16_384)
def _timestamp(micros: int) -> datetime:
    if micros >= _INFINITY:
        return datetime.max.replace(tzinfo=UTC)
    if micros <= -_INFINITY:
        return datetime.min.replace(tzinfo=UTC)
    return _PG_EPOCH + timedelta(0, 0, micros)


async def _init_connection(con: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await con.set_type_codec(
            type_name, encoder=_encode_text, decoder=_decode.decode, schema="pg_catalog"
        )
    for type_name in ("timestamp", "timestamptz"):
        await con.set_type_codec(
            type_name,
            encoder=_encode_timestamp,
            decoder=_decode_timestamp,
            schema="pg_catalog",
            format="tuple",
        )


class _PooledConnection(asyncpg.Connection):  # type: ignore[misc]
    """A pooled connection handed back without asyncpg's reset query (advisory unlock, CLOSE ALL,
    UNLISTEN, RESET ALL): one more round trip per query, for session state the service never
    creates on these connections (settings come with the connection, locks and cursors live in
    transactions). asyncpg still rolls back a transaction left open."""

    def get_reset_query(self) -> str:
        return ""


def _row(record: asyncpg.Record) -> Row:
    # No utc() per value: the timestamp codecs above already return aware UTC datetimes, and a
    # call per column was a measurable share of a list request (30 rows x 9 columns).
    return dict(record.items())


def _count(status: str) -> int:
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else 0


class PgRunner(Runner):
    def __init__(
        self,
        target: asyncpg.Pool | asyncpg.Connection,
        queries: QuerySet,
        acquire_timeout: float = Timeouts.pool,
    ) -> None:
        self._target = target
        self._pool = target if isinstance(target, asyncpg.Pool) else None
        # Beside the pool, for every acquisition from it (service/pools.py).
        self._gate = pools.gate(target.get_max_size() if self._pool is not None else 1)
        self._timeout = acquire_timeout
        self.queries = queries

    def _connection(self) -> Any:
        if self._pool is None:
            return nullcontext(self._target)  # a transaction's own connection: nothing to acquire
        return pools.PgLease(self._pool, self._gate, self._timeout)

    async def fetch(self, query: Query, /, **params: Any) -> list[Row]:
        async with self._connection() as con:
            records = await con.fetch(query.sql, *params_of(query, params))
        return [_row(r) for r in records]

    async def fetchrow(self, query: Query, /, **params: Any) -> Row | None:
        async with self._connection() as con:
            record = await con.fetchrow(query.sql, *params_of(query, params))
        return None if record is None else _row(record)

    async def fetchval(self, query: Query, /, **params: Any) -> Any:
        async with self._connection() as con:
            return await con.fetchval(query.sql, *params_of(query, params))

    async def execute(self, query: Query, /, **params: Any) -> int:
        args = params_of(query, params)
        async with self._connection() as con:
            status: str = await con.execute(query.sql, *args)
        return _count(status)


def _dsn(url: DbUrl) -> str:
    return url.render("postgresql")


async def connect(url: DbUrl) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(_dsn(url), server_settings=SERVER_SETTINGS, timeout=10)
    except asyncpg.InvalidCatalogNameError:
        raise MissingDatabase(url.database) from None


class PgDatabase(PgRunner, Database):
    engine = "postgres"

    def __init__(
        self,
        pool: asyncpg.Pool,
        url: DbUrl,
        queries: QuerySet,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
    ) -> None:
        super().__init__(pool, queries, timeouts.pool)
        self.pool = pool
        self.url = url
        self.timeouts = timeouts
        self.system = named.system("postgres")

    @classmethod
    async def open(
        cls,
        url: DbUrl,
        queries: QuerySet,
        *,
        min_size: int,
        max_size: int,
        recycle: int,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
    ) -> PgDatabase:
        settings = session_settings(timeouts)
        try:
            pool = await asyncpg.create_pool(
                _dsn(url),
                min_size=min_size,
                max_size=max_size,
                max_inactive_connection_lifetime=recycle,
                init=_init_connection,
                connection_class=_PooledConnection,
                server_settings=settings,
                timeout=10,
            )
        except asyncpg.InvalidCatalogNameError:
            raise MissingDatabase(url.database) from None
        except OSError as exc:
            if reason := tls.verify_reason(exc):
                raise StartupError(tls.not_verified(str(url), reason, url.tls.ca)) from None
            raise
        return cls(pool, url, queries, timeouts)

    @asynccontextmanager
    async def _probe(self) -> AsyncIterator[PgRunner]:
        """A connection of its own for /ready and the migration check, closed after use: a
        saturated pool cannot make them wait, and no idle connection is kept for them."""
        con = await asyncpg.connect(
            _dsn(self.url),
            server_settings=session_settings(self.timeouts),
            timeout=self.timeouts.ready,
        )
        try:
            yield PgRunner(con, self.system)
        finally:
            con.terminate()  # nothing to finish on it; no round trip to say goodbye

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Runner]:
        async with pools.PgLease(self.pool, self._gate, self.timeouts.pool) as con:
            tx = con.transaction()
            await tx.start()
            try:
                yield PgRunner(con, self.queries)
            except BaseException:
                # On a dropped connection the rollback fails too, and the server has undone the
                # transaction already: the first error is the one that tells what happened.
                with suppress(Exception):
                    await tx.rollback()
                raise
            await tx.commit()

    def retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, asyncpg.DeadlockDetectedError | asyncpg.SerializationError)

    async def check_queries(self) -> list[tuple[Query, str]]:
        failures: list[tuple[Query, str]] = []
        async with pools.PgLease(self.pool, self._gate, self.timeouts.statement) as con:
            for query in self.queries:
                try:
                    await con.prepare(query.sql)
                except asyncpg.PostgresError as exc:
                    failures.append((query, str(exc)))
        return failures

    async def applied_migrations(self) -> set[str]:
        try:
            async with self._probe() as probe:
                rows = await probe.q.applied_migrations()
        except asyncpg.UndefinedTableError:
            return set()
        return {r["migration_id"] for r in rows}

    async def close(self) -> None:
        await self.pool.close()


async def _maintenance_statement(server: DbUrl, maintenance: str, query: Query, name: str) -> None:
    con = await connect(server.with_database(maintenance))
    try:
        await con.execute(with_identifiers(query, '"', database=name))
    finally:
        await con.close()


async def create_database(server: DbUrl, name: str, maintenance: str) -> None:
    try:
        await _maintenance_statement(
            server, maintenance, named.system("postgres").create_database, name
        )
    except asyncpg.DuplicateDatabaseError:
        pass  # another process created it first


async def drop_database(server: DbUrl, name: str, maintenance: str) -> None:
    await _maintenance_statement(server, maintenance, named.system("postgres").drop_database, name)
