"""MySQL, MariaDB and TiDB through aiomysql.

Autocommit is on, so a single statement never sits in a stale REPEATABLE READ snapshot; work of
several statements goes through `transaction()`. Connections are recycled before the server's
wait_timeout can kill them. The app tells which columns are JSON (MariaDB stores JSON as text and
its metadata does not say so) and which are booleans (TINYINT(1), a width a UNION forgets); those
are decoded by msgspec or made bool, and dict / list parameters encoded.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import aiomysql
import msgspec
import pymysql
from pymysql.constants import CLIENT, FIELD_TYPE
from pymysql.converters import convert_datetime, decoders

from service import pools, tls
from service import queries as named
from service.config import DEFAULT_TIMEOUTS, DbUrl, Timeouts
from service.db import (
    Database,
    MissingDatabase,
    Row,
    Runner,
    StartupError,
    utc,
    with_identifiers,
)
from service.queries import Query, QuerySet

_encode = msgspec.json.Encoder()
_decode = msgspec.json.Decoder()
UNKNOWN_DATABASE = 1049
UNKNOWN_TABLE = 1146
# Deadlock and TiDB's write conflict: the transaction was undone. Not a lock wait timeout (1205):
# running again would wait again, and LOCK_TIMEOUT_MS bounds the whole wait, not each attempt.
RETRYABLE = {1213, 9007}


def _param(value: Any) -> Any:
    if isinstance(value, dict | list | msgspec.Struct):
        return _encode.encode(value).decode()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


@lru_cache(maxsize=16_384)
def _read_datetime(text: str) -> Any:
    """DATETIME / TIMESTAMP text as an aware UTC datetime (sessions run in UTC). The C
    fromisoformat reads MySQL's format in a third of PyMySQL's time, which showed in every
    list; anything it refuses (a zero date) goes to PyMySQL's reader as before. The same rows
    are read again and again and a datetime is immutable, so a bounded cache answers most."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return utc(convert_datetime(text))


_DECODERS = {**decoders, FIELD_TYPE.DATETIME: _read_datetime, FIELD_TYPE.TIMESTAMP: _read_datetime}


@dataclass(frozen=True)
class Columns:
    """Result columns whose type MySQL's metadata does not carry, by name."""

    json: frozenset[str] = frozenset()
    boolean: frozenset[str] = frozenset()

    def decoders(self) -> dict[str, Callable[[Any], Any]]:
        found: dict[str, Callable[[Any], Any]] = {name: _json for name in self.json}
        return found | {name: bool for name in self.boolean}


def _json(value: Any) -> Any:
    return _decode.decode(value) if isinstance(value, str | bytes) else value


def _params(query: Query, values: Mapping[str, Any]) -> dict[str, Any]:
    if len(values) != len(query.params) or not all(p in values for p in query.params):
        raise query.missing(values)
    return {key: _param(value) for key, value in values.items()}


class MyRunner(Runner):
    def __init__(
        self,
        pool: aiomysql.Pool | None,
        con: aiomysql.Connection | None,
        queries: QuerySet,
        columns: Columns,
        acquire_timeout: float = Timeouts.pool,
    ) -> None:
        self._pool = pool
        self._con = con
        # Beside the pool, for every acquisition from it (service/pools.py).
        self._gate = pools.gate(pool.maxsize if pool is not None else 1)
        self._timeout = acquire_timeout
        self.queries = queries
        self.columns = columns
        self._decoders = columns.decoders()

    def _rows(self, names: list[str], rows: Sequence[tuple[Any, ...]]) -> list[Row]:
        """Rows as dicts, the app's JSON and boolean columns decoded. Which columns need a
        decoder is settled once per result, not per value; datetimes already arrive as aware
        UTC (_read_datetime)."""
        todo = [(name, decoder) for name in names if (decoder := self._decoders.get(name))]
        out = []
        for values in rows:
            row: Row = dict(zip(names, values, strict=True))
            for name, decoder in todo:
                value = row[name]
                if value is not None:
                    row[name] = decoder(value)
            out.append(row)
        return out

    @asynccontextmanager
    async def _cursor(self) -> AsyncIterator[aiomysql.Cursor]:
        if self._con is not None:
            async with self._con.cursor() as cur:
                yield cur
            return
        assert self._pool is not None
        async with pools.MyLease(self._pool, self._gate, self._timeout) as con, con.cursor() as cur:
            yield cur

    async def fetch(self, query: Query, /, **params: Any) -> list[Row]:
        async with self._cursor() as cur:
            await cur.execute(query.sql, _params(query, params))
            rows = await cur.fetchall()
            names = [d[0] for d in cur.description or ()]
        return self._rows(names, rows)

    async def fetchrow(self, query: Query, /, **params: Any) -> Row | None:
        async with self._cursor() as cur:
            await cur.execute(query.sql, _params(query, params))
            row = await cur.fetchone()
            names = [d[0] for d in cur.description or ()]
        return None if row is None else self._rows(names, [row])[0]

    async def fetchval(self, query: Query, /, **params: Any) -> Any:
        row = await self.fetchrow(query, **params)
        return None if row is None else next(iter(row.values()), None)

    async def execute(self, query: Query, /, **params: Any) -> int:
        async with self._cursor() as cur:
            return int(await cur.execute(query.sql, _params(query, params)))


def init_session(timeouts: Timeouts) -> str:
    """The session start of every pooled connection with this deployment's bounds filled in:
    InnoDB's lock wait is whole seconds (at least 1); the statement bound is max_statement_time
    on MariaDB and max_execution_time (SELECTs only) on MySQL 8 / TiDB, each in a comment only
    that server family runs, so one command fits all three."""
    return named.system("mysql").init_pooled_session.sql.format(
        lock_wait=max(1, math.ceil(timeouts.lock)),
        statement_seconds=f"{timeouts.statement:.3f}",
        statement_ms=max(1, round(timeouts.statement * 1000)),
    )


def _connect_args(url: DbUrl, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> dict[str, Any]:
    args: dict[str, Any] = {
        "user": url.user,
        "password": url.password,
        "charset": "utf8mb4",
        "autocommit": True,
        # FOUND_ROWS: an UPDATE that matches a row but changes nothing still counts it, so
        # "no such row" (404) is never confused with "nothing to change".
        "client_flag": CLIENT.FOUND_ROWS,
        "init_command": init_session(timeouts),
        "connect_timeout": 10,
        "conv": _DECODERS,
    }
    if url.socket:
        args["unix_socket"] = url.socket
    else:
        args["host"], args["port"] = url.host, url.port
        args["ssl"] = tls.aiomysql_ssl(url.tls)
    if url.database:
        args["db"] = url.database
    return args


def _missing(exc: pymysql.err.OperationalError) -> bool:
    return bool(exc.args) and exc.args[0] == UNKNOWN_DATABASE


class MyDatabase(MyRunner, Database):
    engine = "mysql"

    def __init__(
        self,
        pool: aiomysql.Pool,
        url: DbUrl,
        queries: QuerySet,
        columns: Columns,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
    ) -> None:
        super().__init__(pool, None, queries, columns, timeouts.pool)
        self.pool = pool
        self.url = url
        self.timeouts = timeouts
        self.system = named.system("mysql")

    @classmethod
    async def open(
        cls,
        url: DbUrl,
        queries: QuerySet,
        columns: Columns,
        *,
        min_size: int,
        max_size: int,
        recycle: int,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
    ) -> MyDatabase:
        args = _connect_args(url, timeouts)
        try:
            pool = await aiomysql.create_pool(
                minsize=min_size, maxsize=max_size, pool_recycle=recycle, **args
            )
        except pymysql.err.OperationalError as exc:
            if _missing(exc):
                raise MissingDatabase(url.database) from None
            if reason := tls.verify_reason(exc):
                raise StartupError(tls.not_verified(str(url), reason, url.tls.ca)) from None
            raise
        await _require_tls(pool, url)
        return cls(pool, url, queries, columns, timeouts)

    @asynccontextmanager
    async def _probe(self) -> AsyncIterator[MyRunner]:
        """A connection of its own for /ready and the migration check, closed after use: a
        saturated pool cannot make them wait, and no idle connection is kept for them."""
        args = _connect_args(self.url, self.timeouts) | {"connect_timeout": self.timeouts.ready}
        con = await aiomysql.connect(**args)
        try:
            yield MyRunner(None, con, self.system, Columns())
        finally:
            con.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Runner]:
        async with pools.MyLease(self.pool, self._gate, self.timeouts.pool) as con:
            await con.begin()
            try:
                yield MyRunner(None, con, self.queries, self.columns)
            except BaseException:
                # On a dropped connection the rollback fails too (the server has undone the
                # transaction already): the first error is the one that tells what happened.
                # A connection whose rollback failed is closed, never pooled half-done.
                try:
                    await con.rollback()
                except Exception:
                    with suppress(Exception):
                        con.close()
                raise
            await con.commit()

    def retryable(self, exc: BaseException) -> bool:
        code = exc.args[0] if isinstance(exc, pymysql.err.MySQLError) and exc.args else None
        return code in RETRYABLE

    async def check_queries(self) -> list[tuple[Query, str]]:
        failures: list[tuple[Query, str]] = []
        async with pools.MyLease(self.pool, self._gate, self.timeouts.statement) as con:
            runner = MyRunner(None, con, self.system, Columns())
            for query in self.queries:
                try:
                    await runner.q.prepare_check(statement=query.check_sql)
                    await runner.q.deallocate_check()
                except pymysql.err.MySQLError as exc:
                    failures.append((query, str(exc.args[-1]) if exc.args else str(exc)))
        return failures

    async def applied_migrations(self) -> set[str]:
        try:
            async with self._probe() as probe:
                rows = await probe.q.applied_migrations()
        except pymysql.err.ProgrammingError as exc:
            if exc.args and exc.args[0] == UNKNOWN_TABLE:
                return set()
            raise
        return {r["migration_id"] for r in rows}

    async def close(self) -> None:
        self.pool.close()
        await self.pool.wait_closed()


async def _require_tls(pool: aiomysql.Pool, url: DbUrl) -> None:
    """A required ssl-mode holds: aiomysql itself would go on in clear text when the server
    offers no TLS."""
    if not url.tls.required or url.socket:
        return
    row = await MyRunner(pool, None, named.system("mysql"), Columns()).q.session_tls_cipher()
    if not row or not row.get("Value"):
        pool.close()
        await pool.wait_closed()
        raise StartupError(
            f"{url} asks for ssl-mode={url.tls.mode}, but the server does not encrypt the"
            " connection (it offers no TLS): configure ssl-cert / ssl-key on the server, or"
            " lower the URL's ssl-mode"
        )


async def _server_statement(server: DbUrl, query: Query, name: str) -> None:
    con = await aiomysql.connect(**_connect_args(server.with_database("")))
    try:
        async with con.cursor() as cur:
            await cur.execute(with_identifiers(query, "`", database=name))
    finally:
        con.close()


async def create_database(server: DbUrl, name: str) -> None:
    await _server_statement(server, named.system("mysql").create_database, name)


async def drop_database(server: DbUrl, name: str) -> None:
    await _server_statement(server, named.system("mysql").drop_database, name)
