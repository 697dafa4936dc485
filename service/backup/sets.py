"""Taking a backup set: one native dump per app, each consistent with the manifest entry that
records its tables, row counts, checksums and migration history."""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import psycopg
import pymysql

from service import dbapi, queries
from service.backup import BackupError, Say, content, manifest, mysql, postgres, tools
from service.backup.manifest import AppEntry, Manifest
from service.config import DbUrl, Settings

LOCK_TIMEOUT = 60.0
POLL = 0.2
ENGINES = {"postgres": postgres, "mysql": mysql}


def _now() -> datetime:
    return datetime.now(UTC)


def label(verb: str) -> str:
    return f"datasvc {verb} pid {os.getpid()} on {socket.gethostname()}"


def reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def app_url(settings: Settings, app: str) -> DbUrl:
    db = settings.databases.get(app)
    if db is None:
        raise BackupError(f"{app} is not an app of this service: restore it --into a URL")
    if db.url is None:
        raise BackupError(f"{app}: no database configured and the embedded server is not started")
    return db.url


@contextmanager
def _migration_lock(conn: Any, url: DbUrl, app: str, timeout: float, say: Say) -> Iterator[None]:
    """Hold the lock `datasvc migrate` takes, so no migration changes the schema mid-dump (a
    migration waits; a backup waits for a running migration, or another backup of the same
    database, up to `timeout`)."""
    name = f"datasvc.migrate.{url.database}"[:64]  # the name service.migrations.locked uses
    q = queries.system(url.engine)
    started = time.monotonic()
    announced = False
    while not dbapi.value(conn, q.try_migration_lock, name=name):
        if time.monotonic() - started > timeout:
            raise BackupError(
                f"a migration (or another backup) has held the migration lock on {url} for over"
                f" {timeout:.0f} s; nothing was dumped. Back up once it has finished"
            )
        if not announced:
            say(f"{app}: waiting for a migration (or another backup) on {url} to finish")
            announced = True
        time.sleep(POLL)
    try:
        yield
    finally:
        with suppress(Exception):  # a broken connection has released it already
            dbapi.run(conn, q.release_migration_lock, name=name)


def _dump_tool(engine: str, version: str, major: int) -> tools.Tool:
    if engine == "postgres":
        return tools.postgres("pg_dump", major, version)
    return tools.mysql("dump", tools.server_family(version))


def _backup_app(app: str, url: DbUrl, directory: Path, say: Say, lock_timeout: float) -> AppEntry:
    started = _now()
    engine = ENGINES[url.engine]
    path = directory / f"{app}.{engine.EXTENSION}"
    try:
        with content.connect(url, label("backup")) as conn:
            version, major = content.server_version(conn, url.engine)
            tool = _dump_tool(url.engine, version, major)
            say(f"{app}: {url.engine} {version} at {url}, dumping with {tool.name} {tool.version}")
            extensions: list[str] = []
            with _migration_lock(conn, url, app, lock_timeout, say):
                dumping = engine.dumping(conn, url, tool, path)
                with dumping as position:
                    tables = content.table_stats(conn, url.engine, say, app)
                    applied = content.migration_state(conn, url.engine, app, tables)
                    if url.engine == "postgres":
                        rows = dbapi.run(conn, queries.system("postgres").schema_extensions)
                        extensions = [r["name"] for r in rows]
    except dbapi.MissingDatabase:
        raise BackupError(
            f"{app}: database {url.database!r} does not exist on {url}: nothing to back up."
            f" Create it with `datasvc migrate upgrade --app {app}`, or leave {app} out (--app)"
        ) from None
    except BackupError as exc:
        raise BackupError(f"{app}: {exc}") from None
    except (psycopg.Error, pymysql.err.MySQLError) as exc:
        raise BackupError(f"{app}: {url} failed during the backup: {reason(exc)}") from None
    os.chmod(path, 0o600)
    size, sha256 = manifest.digest(path)
    finished = _now()
    say(
        f"{app}: {len(tables)} tables, {sum(t.rows for t in tables):,} rows; {path.name}"
        f" {tools.human(size)} in {(finished - started).total_seconds():.1f} s"
    )
    return AppEntry(
        app=app,
        engine=url.engine,
        database=url.database,
        server=str(url.with_database("")),
        server_version=version,
        tool=tool.info(),
        file=path.name,
        size=size,
        sha256=sha256,
        started_at=started,
        finished_at=finished,
        migration_head=content.head(applied, url.engine),
        migrations=applied,
        tables=tables,
        checksum_method=content.METHOD[url.engine],
        extensions=extensions,
        binlog=position,
    )


def backup(
    settings: Settings, apps: list[str], root: Path, say: Say, lock_timeout: float = LOCK_TIMEOUT
) -> Path:
    """One new set under `root` holding every app in `apps`; all or nothing: on any failure the
    unfinished directory is removed and the error says which app and why."""
    started = _now()
    try:
        partial = manifest.start(root, started)
    except OSError as exc:
        raise BackupError(f"cannot create a backup set in {root}: {reason(exc)}") from None
    say(f"backup {partial.name.removesuffix(manifest.PARTIAL)} of {', '.join(apps)} into {root}")
    try:
        entries = [
            _backup_app(app, app_url(settings, app), partial, say, lock_timeout) for app in apps
        ]
        name = partial.name.removesuffix(manifest.PARTIAL)
        final = manifest.finish(
            partial, Manifest(manifest.FORMAT, name, socket.gethostname(), started, _now(), entries)
        )
    except OSError as exc:  # the disk filled up, or the directory is not ours to write
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(f"writing the backup set in {root} failed: {reason(exc)}") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    total = sum(e.size for e in entries)
    seconds = (_now() - started).total_seconds()
    say(f"backup complete: {final} ({len(entries)} apps, {tools.human(total)}, {seconds:.1f} s)")
    return final


# What `verify` found, kept in the set beside its manifest. `backups list` calls a set verified
# only while every app has a passed verification and its dump file still has the size and
# modification time it had then (cheap to check; a byte written into the file changes both).
VERIFIED = "verified.json"


class Verified(msgspec.Struct):
    at: datetime
    ok: bool
    detail: str
    size: int
    mtime_ns: int


def _fingerprint(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return -1, -1
    return stat.st_size, stat.st_mtime_ns


def _verified(directory: Path) -> dict[str, Verified]:
    try:
        return msgspec.json.decode((directory / VERIFIED).read_bytes(), type=dict[str, Verified])
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return {}


def record_verification(directory: Path, apps: list[str], ok: bool, detail: str) -> None:
    """Remember the outcome of `verify` for these apps of the set (written whole, then renamed)."""
    found = manifest.read(directory)
    files = {e.app: directory / e.file for e in found.apps}
    known = _verified(directory)
    for app in apps:
        size, mtime = _fingerprint(files[app]) if app in files else (-1, -1)
        known[app] = Verified(_now(), ok, detail, size, mtime)
    partial = directory / f"{VERIFIED}.tmp"
    partial.write_bytes(msgspec.json.format(msgspec.json.encode(known)))
    partial.replace(directory / VERIFIED)


def verification(directory: Path) -> tuple[str, str]:
    """A complete set's state for `backups list`: verified, unverified or verify failed, and
    why not verified."""
    try:
        found = manifest.read(directory)
    except BackupError as exc:
        return "damaged", str(exc)
    known = _verified(directory)
    for entry in found.apps:
        seen = known.get(entry.app)
        if seen is None:
            return "unverified", f"{entry.app} never verified: run datasvc verify {directory.name}"
        if not seen.ok:
            return "failed", f"{entry.app}: verify failed: {seen.detail}"
        if _fingerprint(directory / entry.file) != (seen.size, seen.mtime_ns):
            return "unverified", f"{entry.file} changed since it was verified"
    return "verified", ""
