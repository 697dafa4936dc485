"""What a database holds, recorded the way a manifest keeps it and a restore is checked against
it: every table with its row count and content checksum, the migration history, the server.

A table's checksum is the sum (mod 2^256) of one sha256 per row. A sum does not depend on the
order rows arrive in, so it needs no ORDER BY (no sort of a big table, and no dependence on a
text primary key's collation order, which can differ between the backed-up server and the one
restored into) and still changes when any row is added, lost or altered. PostgreSQL hashes each
row's text form itself under pinned output settings; MySQL cannot make one value of a whole row
without naming its columns, so its rows are streamed and hashed here, as msgpack."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import msgspec
import psycopg
import pymysql
import pymysql.cursors

from service import dbapi, migrations, queries
from service.backup import BackupError, Say
from service.backup.manifest import TableStat
from service.config import DbUrl
from service.db import StartupError, with_identifiers

METHOD = {
    "postgres": "sha256 of each row's text form, summed mod 2^256",
    "mysql": "sha256 of each row's msgpack encoding, summed mod 2^256",
}
# yoyo's lock row belongs to the moment of the backup, not to its data: restore clears it.
VOLATILE = frozenset({"yoyo_lock"})
EMPTY = f"{0:064x}"
QUOTE = {"postgres": '"', "mysql": "`"}
_encode = msgspec.msgpack.Encoder()


@contextmanager
def connect(url: DbUrl, label: str = "datasvc backup") -> Iterator[Any]:
    """A pinned autocommit session on the database `url` names. A missing database passes as
    dbapi.MissingDatabase; any other failure to connect becomes one line for the operator."""
    with ExitStack() as stack:
        try:
            conn = stack.enter_context(dbapi.connect(url, label=label))
        except dbapi.MissingDatabase:
            raise
        except dbapi.NotVerified as exc:
            raise BackupError(str(exc)) from None
        except (dbapi.AccessDenied, psycopg.Error, pymysql.err.MySQLError, OSError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise BackupError(
                f"cannot connect to {url}: {reason}. Check that the server is running and that"
                " the URL names the right host, port, user and password"
            ) from None
        q = queries.system(url.engine)
        dbapi.run(conn, q.pin_session if url.engine == "postgres" else q.init_session)
        yield conn


def server_version(conn: Any, engine: str) -> tuple[str, int]:
    """The server's version text and its major number."""
    row = dbapi.run(conn, queries.system(engine).server_version)[0]
    if engine == "postgres":
        return str(row["version"]), int(row["version_num"]) // 10000
    return str(row["version"]), int(str(row["version"]).split(".")[0])


def table_names(conn: Any, engine: str) -> list[tuple[str, ...]]:
    """(schema, table) on PostgreSQL, (table,) on MySQL; the manifest joins them with a dot."""
    rows = dbapi.run(conn, queries.system(engine).list_tables)
    if engine == "postgres":
        return [(r["schema_name"], r["table_name"]) for r in rows]
    return [(r["table_name"],) for r in rows]


def _sql(query: queries.Query, engine: str, ref: tuple[str, ...]) -> str:
    names = {"schema": ref[0], "table": ref[1]} if len(ref) == 2 else {"table": ref[0]}
    try:
        return with_identifiers(query, QUOTE[engine], **names)
    except StartupError:
        raise BackupError(
            f"table {'.'.join(ref)!r} has a name that is not a plain identifier (letters, digits,"
            " _); the backup cannot check it"
        ) from None


def _rows_and_sum(conn: Any, engine: str, ref: tuple[str, ...]) -> tuple[int, int]:
    q = queries.system(engine)
    count = total = 0
    if engine == "postgres":
        with conn.cursor() as cur:
            for (digest,) in cur.stream(_sql(q.table_row_digests, engine, ref)):
                total += int.from_bytes(digest)
                count += 1
        return count, total
    with conn.cursor(pymysql.cursors.SSCursor) as cur:
        cur.execute(_sql(q.table_rows, engine, ref))
        for row in cur:
            # SET columns arrive as Python sets, whose order varies between processes.
            values = [sorted(v) if isinstance(v, set) else v for v in row]
            total += int.from_bytes(hashlib.sha256(_encode.encode(values)).digest())
            count += 1
    return count, total


def table_stats(conn: Any, engine: str, say: Say, label: str) -> list[TableStat]:
    """Every table's row count and checksum, each reported as it is done."""
    stats = []
    for ref in table_names(conn, engine):
        rows, total = _rows_and_sum(conn, engine, ref)
        stats.append(TableStat(".".join(ref), rows, f"{total % (1 << 256):064x}"))
        say(f"{label}: {'.'.join(ref)}: {rows:,} rows")
    return stats


def migration_state(conn: Any, engine: str, app: str, tables: list[TableStat]) -> list[str]:
    """Applied migration ids, in the order the app's migrations apply (unknown ones last)."""
    if not any(t.name.rpartition(".")[2] == "_yoyo_migration" for t in tables):
        return []  # never migrated; asking would abort PostgreSQL's snapshot transaction
    rows = dbapi.run(conn, queries.system(engine).applied_migrations)
    applied = [r["migration_id"] for r in rows]
    order = {m: i for i, m in enumerate(migrations.expected(app, engine))}
    return sorted(applied, key=lambda m: order.get(m, len(order)))


def head(applied: list[str], engine: str) -> str:
    """The app's last applied migration, as `migrate current` names it (the service's own
    bookkeeping migration is not the app's head)."""
    own = set(migrations.expected(migrations.SERVICE_SET, engine))
    mine = [m for m in applied if m not in own]
    return mine[-1] if mine else migrations.BASE


def compare(expected: list[TableStat], actual: list[TableStat]) -> list[str]:
    """How a restored database differs from the manifest, one phrase per table."""
    want = {
        t.name: TableStat(t.name, 0, EMPTY) if t.name.rpartition(".")[2] in VOLATILE else t
        for t in expected
    }
    have = {t.name: t for t in actual}
    problems = [f"table {n} is missing" for n in want if n not in have]
    problems += [f"table {n} is not in the backup" for n in have if n not in want]
    for name in (n for n in want if n in have):
        w, h = want[name], have[name]
        if w.rows != h.rows:
            problems.append(f"table {name} has {h.rows:,} rows, the manifest says {w.rows:,}")
        elif w.checksum != h.checksum:
            problems.append(
                f"table {name} holds other content than the manifest (checksum"
                f" {h.checksum[:12]}…, expected {w.checksum[:12]}…)"
            )
    return problems


def clear_yoyo_lock(conn: Any, engine: str, tables: list[tuple[str, ...]]) -> bool:
    """Remove a yoyo lock row a dump captured, so `migrate upgrade` is not blocked by a run
    that ended long ago on another machine; True when there was one."""
    if not any(ref[-1] == "yoyo_lock" for ref in tables):
        return False
    q = queries.system(engine)
    if not dbapi.run(conn, q.get_yoyo_lock):
        return False
    dbapi.run(conn, q.clear_yoyo_lock)
    return True


def execute(conn: Any, sql: str) -> None:
    """A statement whose identifiers were filled in by with_identifiers (no parameters)."""
    with conn.cursor() as cur:
        cur.execute(sql)
