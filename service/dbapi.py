"""Synchronous connections (psycopg, PyMySQL) for the migration tools, which run beside yoyo
and outside the event loop: catalog reads, checksums and the migration lock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pymysql

from service import queries, tls
from service.config import DbUrl
from service.queries import Query

Row = dict[str, Any]
MY_UNKNOWN_DATABASE = 1049
MY_ACCESS_DENIED = {1044, 1045}
MY_NO_SUCH_TABLE = 1146


class MissingDatabase(Exception):
    """The server is up but the database does not exist."""


class AccessDenied(Exception):
    """The server refuses the user or password."""


class NotVerified(Exception):
    """The server's TLS certificate did not verify; the text says against what and why."""


def _not_verified(url: DbUrl, exc: BaseException) -> NotVerified | None:
    reason = tls.verify_reason(exc)
    return NotVerified(tls.not_verified(str(url), reason, url.tls.ca)) if reason else None


class MissingTable(Exception):
    """A query names a table that does not exist (yet)."""


def _open(url: DbUrl, connect_timeout: int, label: str) -> Any:
    if url.engine == "postgres":
        try:
            return psycopg.connect(
                url.render("postgresql"),
                autocommit=True,
                connect_timeout=connect_timeout,
                application_name=label,
            )
        except psycopg.OperationalError as exc:
            if failure := _not_verified(url, exc):
                raise failure from None
            text = str(exc)
            if re.search(r'database "[^"]*" does not exist', text):
                raise MissingDatabase(text.strip()) from None
            if "password authentication failed" in text or re.search(r'role "[^"]*" does', text):
                raise AccessDenied(text.strip()) from None
            raise
    try:
        return pymysql.connect(
            host=url.host or "localhost",
            port=url.port,
            user=url.user,
            password=url.password,
            database=url.database or None,
            unix_socket=url.socket or None,
            autocommit=True,
            charset="utf8mb4",
            connect_timeout=connect_timeout,
            program_name=label,
            **({} if url.socket else tls.pymysql_args(url.tls)),
        )
    except pymysql.err.OperationalError as exc:
        if failure := _not_verified(url, exc):
            raise failure from None
        if exc.args and exc.args[0] == MY_UNKNOWN_DATABASE:
            raise MissingDatabase(str(exc.args[1])) from None
        if exc.args and exc.args[0] in MY_ACCESS_DENIED:
            raise AccessDenied(str(exc.args[1])) from None
        raise


@contextmanager
def connect(url: DbUrl, connect_timeout: int = 10, label: str = "datasvc") -> Iterator[Any]:
    """An autocommit connection to the database `url` names; `label` is how the server lists
    the session (application_name / program_name)."""
    conn = _open(url, connect_timeout, label)
    try:
        yield conn
    finally:
        conn.close()


def run(conn: Any, query: Query, **params: Any) -> list[Row]:
    """Run one named query; rows as dicts keyed by column name (empty for statements)."""
    if set(params) != set(query.params):
        raise query.missing(params)
    with conn.cursor() as cursor:
        try:
            # Always a mapping, so both drivers read `%%` in the pyformat text as a literal `%`.
            cursor.execute(queries.pyformat(query), params)
        except psycopg.errors.UndefinedTable as exc:
            raise MissingTable(str(exc).strip()) from None
        except pymysql.err.ProgrammingError as exc:
            if exc.args and exc.args[0] == MY_NO_SUCH_TABLE:
                raise MissingTable(str(exc.args[1])) from None
            raise
        if cursor.description is None:
            return []
        names = [d[0].lower() if isinstance(d[0], str) else d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def value(conn: Any, query: Query, **params: Any) -> Any:
    """The first column of the first row (None when there is no row)."""
    rows = run(conn, query, **params)
    return next(iter(rows[0].values())) if rows else None
