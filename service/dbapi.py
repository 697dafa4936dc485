"""Synchronous connections (psycopg, PyMySQL) for the migration tools, which run beside yoyo
and outside the event loop: catalog reads, checksums and the migration lock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pymysql

from service import queries
from service.config import DbUrl
from service.queries import Query

Row = dict[str, Any]


@contextmanager
def connect(url: DbUrl, connect_timeout: int = 10) -> Iterator[Any]:
    """An autocommit connection to the database `url` names."""
    if url.engine == "postgres":
        conn: Any = psycopg.connect(
            url.render("postgresql"), autocommit=True, connect_timeout=connect_timeout
        )
    else:
        socket = url.socket
        conn = pymysql.connect(
            host=url.host or "localhost",
            port=url.port,
            user=url.user,
            password=url.password,
            database=url.database or None,
            unix_socket=socket or None,
            autocommit=True,
            charset="utf8mb4",
            connect_timeout=connect_timeout,
        )
    try:
        yield conn
    finally:
        conn.close()


def run(conn: Any, query: Query, **params: Any) -> list[Row]:
    """Run one named query; rows as dicts keyed by column name (empty for statements)."""
    if set(params) != set(query.params):
        raise query.missing(params)
    with conn.cursor() as cursor:
        # Always a mapping, so both drivers read `%%` in the pyformat text as a literal `%`.
        cursor.execute(queries.pyformat(query), params)
        if cursor.description is None:
            return []
        names = [d[0].lower() if isinstance(d[0], str) else d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
