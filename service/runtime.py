"""Start-up: each app's database found (or created), migrated if asked, and every named query
checked against the live schema, so a broken deploy fails before the first request."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping

import asyncpg
import pymysql

from service import apps, migrations, my, pg
from service import queries as named
from service.config import AppDb, DbUrl, Settings
from service.db import Database, MissingDatabase, StartupError
from service.routing import AppSpec

MY_ACCESS_DENIED = {1044, 1045, 1142}


def _url(app: str, db: AppDb) -> DbUrl:
    if db.url is None:
        raise StartupError(f"{app}: no database configured and the embedded server is not started")
    return db.url


def _unreachable(app: str, db: AppDb, exc: BaseException) -> StartupError:
    return StartupError(
        f"{app}: cannot connect to {db.url} (from {db.source}): {exc}. Check that the server is"
        f" running and that {db.source} names the right host, port, user and password."
    )


async def _open(app: str, db: AppDb, settings: Settings, spec: AppSpec) -> Database:
    url = _url(app, db)
    queries = named.load(app, url.engine)
    sizes = {
        "min_size": settings.pool_min,
        "max_size": settings.pool_max,
        "recycle": settings.pool_recycle,
    }
    if url.engine == "postgres":
        return await pg.PgDatabase.open(url, queries, **sizes, timeouts=settings.timeouts)
    columns = my.Columns(json=spec.json_columns, boolean=spec.bool_columns)
    return await my.MyDatabase.open(url, queries, columns, **sizes, timeouts=settings.timeouts)


async def _create(app: str, db: AppDb, settings: Settings) -> None:
    url = _url(app, db)
    try:
        if url.engine == "postgres":
            await pg.create_database(url, url.database, settings.maintenance_db)
        else:
            await my.create_database(url, url.database)
    except (asyncpg.InsufficientPrivilegeError, pymysql.err.OperationalError) as exc:
        if isinstance(exc, pymysql.err.OperationalError) and exc.args[0] not in MY_ACCESS_DENIED:
            raise
        raise StartupError(
            f"{app}: database {url.database!r} does not exist on {url} and {url.user!r} may not"
            f" create it: have a DBA run CREATE DATABASE {url.database}, or point"
            f" {app.upper()}_DATABASE_URL at an existing database."
        ) from None


async def drop_database(url: DbUrl, settings: Settings) -> None:
    """Drop the database `url` names (scratch databases of tests and backup checks)."""
    if url.engine == "postgres":
        await pg.drop_database(url, url.database, settings.maintenance_db)
    else:
        await my.drop_database(url, url.database)


async def ensure_database(app: str, db: AppDb, settings: Settings, spec: AppSpec) -> Database:
    """Open the app's pool, creating its database first when it is missing."""
    try:
        try:
            return await _open(app, db, settings, spec)
        except MissingDatabase:
            await _create(app, db, settings)
            return await _open(app, db, settings, spec)
    except StartupError:
        raise
    except (
        OSError,
        TimeoutError,
        asyncpg.PostgresError,
        asyncpg.InterfaceError,
        pymysql.err.MySQLError,
    ) as exc:
        raise _unreachable(app, db, exc) from None


def specs(names: Iterable[str]) -> dict[str, AppSpec]:
    """The declared apps (endpoints, JSON columns) by name."""
    return {name: apps.load(name).APP for name in names}


async def create_missing(settings: Settings, names: list[str]) -> None:
    """Create the databases of these apps where missing (before yoyo, which cannot)."""
    for app, spec in specs(names).items():
        database = await ensure_database(app, settings.databases[app], settings, spec)
        await database.close()


async def pending(app: str, database: Database) -> list[str]:
    """The migrations not yet applied: the service's own bookkeeping set (idempotency keys,
    checksums) first, since every app's routes rely on it, then the app's."""
    applied = await database.applied_migrations()
    shipped = (
        *migrations.expected(migrations.SERVICE_SET, database.engine),
        *migrations.expected(app, database.engine),
    )
    return [i for i in shipped if i not in applied]


async def check(app: str, database: Database) -> None:
    waiting = await pending(app, database)
    if waiting:
        raise StartupError(
            f"{app}: {len(waiting)} migration(s) not applied on {database.url}:"
            f" {', '.join(waiting)}."
            f" Apply them with `datasvc migrate upgrade --app {app}` (or"
            f" `yoyo apply --database URL migrations/_service/{database.engine}"
            f" migrations/{app}/{database.engine}`), or start with"
            " `datasvc serve --migrate`."
        )
    edited = await asyncio.to_thread(migrations.drift, database.url, app)
    if edited:
        raise StartupError(
            f"{app}: " + "; ".join(edited) + ". Restore the file and put the change in a new"
            f" migration, or accept it with `datasvc migrate stamp --app {app} <current head>`"
            " if the database already matches it."
        )
    failures = await database.check_queries()
    if failures:
        lines = "; ".join(f"query {q.name} ({q.where}): {why}" for q, why in failures)
        raise StartupError(
            f"{app}: {len(failures)} named quer{'y does' if len(failures) == 1 else 'ies do'} not"
            f" match the schema of {database.url}: {lines}"
        )


def migrate_all(settings: Settings, specs: Mapping[str, AppSpec]) -> dict[str, list[str]]:
    """Apply pending migrations of every enabled app (blocking: yoyo's drivers are sync)."""
    applied: dict[str, list[str]] = {}
    for app in specs:
        db = settings.databases[app]
        url = db.owner or _url(app, db)  # the owner account, when one is configured
        try:
            applied[app] = migrations.upgrade(url, app)
        except Exception as exc:
            raise StartupError(f"{app}: migrating {url} failed: {exc}") from exc
    return applied


async def open_all(
    settings: Settings, specs: Mapping[str, AppSpec], *, migrate: bool = False
) -> dict[str, Database]:
    databases: dict[str, Database] = {}
    try:
        for app, spec in specs.items():
            databases[app] = await ensure_database(app, settings.databases[app], settings, spec)
        if migrate:
            await asyncio.to_thread(migrate_all, settings, specs)
        for app, database in databases.items():
            await check(app, database)
    except BaseException:
        await close_all(databases)
        raise
    return databases


async def close_all(databases: Mapping[str, Database]) -> None:
    for database in databases.values():
        await database.close()
