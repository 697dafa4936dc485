"""The database a restore writes into: whether it exists, what it holds, and creating,
replacing or dropping it on its server."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
import pymysql

from service import dbapi, queries
from service.backup import BackupError, content
from service.config import DbUrl
from service.db import StartupError, with_identifiers


@dataclass(frozen=True)
class Contents:
    tables: list[tuple[str, int]]
    others: list[str]

    @property
    def empty(self) -> bool:
        return not self.tables and not self.others

    def describe(self) -> str:
        rows = sum(n for _, n in self.tables)
        listed = ", ".join(f"{name} ({n:,} rows)" for name, n in self.tables)
        parts = [f"{len(self.tables)} tables, {rows:,} rows: {listed}"] if self.tables else []
        if self.others:
            parts.append(f"{len(self.others)} other objects: {', '.join(self.others[:10])}")
        return "; ".join(parts)


def server(url: DbUrl, maintenance: str) -> DbUrl:
    """Where statements about databases run: the maintenance database on PostgreSQL, no
    database on MySQL."""
    return url.with_database(maintenance if url.engine == "postgres" else "")


def exists(url: DbUrl) -> bool:
    try:
        with content.connect(url, "datasvc restore"):
            return True
    except dbapi.MissingDatabase:
        return False


def contents(url: DbUrl) -> Contents:
    q = queries.system(url.engine)
    with content.connect(url, "datasvc restore") as conn:
        refs = content.table_names(conn, url.engine)
        tables = []
        for ref in refs:
            sql = with_identifiers(
                q.count_table_rows,
                content.QUOTE[url.engine],
                **({"schema": ref[0], "table": ref[1]} if len(ref) == 2 else {"table": ref[0]}),
            )
            with conn.cursor() as cur:
                cur.execute(sql)
                tables.append((".".join(ref), int(cur.fetchone()[0])))
        others = [f"{r['kind']} {r['object_name']}" for r in dbapi.run(conn, q.list_other_objects)]
    return Contents(tables, others)


def _statement(url: DbUrl, maintenance: str, name: str) -> None:
    q = queries.system(url.engine)
    query = q.create_database if name == "create" else q.drop_database
    try:
        sql = with_identifiers(query, content.QUOTE[url.engine], database=url.database)
    except StartupError as exc:
        raise BackupError(str(exc)) from None
    with content.connect(server(url, maintenance), "datasvc restore") as conn:
        try:
            content.execute(conn, sql)
        except (psycopg.Error, pymysql.err.MySQLError) as exc:
            reason = " ".join(str(exc).split())
            raise BackupError(
                f"could not {name} database {url.database!r} on {server(url, maintenance)}:"
                f" {reason}"
            ) from None


def create(url: DbUrl, maintenance: str) -> None:
    _statement(url, maintenance, "create")


def drop(url: DbUrl, maintenance: str) -> None:
    _statement(url, maintenance, "drop")


def check_replaceable(url: DbUrl, maintenance: str) -> None:
    """--force drops and recreates the database; on PostgreSQL that needs CREATEDB, and finding
    out after the drop would leave no database at all."""
    if url.engine != "postgres":
        return
    with content.connect(server(url, maintenance), "datasvc restore") as conn:
        allowed = dbapi.value(conn, queries.system("postgres").may_create_databases)
    if not allowed:
        raise BackupError(
            f"--force replaces {url.database!r} by dropping and recreating it, and {url.user!r}"
            " may not create databases: nothing was changed. Have a DBA grant CREATEDB, or"
            " restore --as-new NAME"
        )
