"""Restoring a backup set: every dump's sha256 checked before anything is touched, each app
planned (created, empty, or replaced with --force) before the first is written, and every
restored database compared with the manifest; `verify` does the same into scratch databases."""

from __future__ import annotations

import secrets
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pymysql

from service.backup import BackupError, Say, content, manifest, sets, targets, tools
from service.backup.manifest import AppEntry
from service.config import DbUrl, Settings


def _restore_tool(entry: AppEntry, server: DbUrl) -> tools.Tool:
    with content.connect(server, sets.label("restore")) as conn:
        version, major = content.server_version(conn, server.engine)
    if server.engine == "mysql":
        return tools.mysql("client", entry.tool.family)
    backed_up = int(entry.server_version.split(".")[0])
    if major < backed_up:
        raise BackupError(
            f"the backup comes from PostgreSQL {entry.server_version} and {server} runs {version}:"
            f" restore it into PostgreSQL {backed_up} or newer"
        )
    return tools.postgres("pg_restore", major, version)


@dataclass(frozen=True)
class Plan:
    """One app's restore, decided before anything is written: into what, with which tool, and
    whether the database is created, used as it is (empty) or replaced (--force)."""

    entry: AppEntry
    target: DbUrl
    tool: tools.Tool
    action: str  # create, use or replace
    held: targets.Contents | None = None


def plan(entry: AppEntry, target: DbUrl, settings: Settings, *, force: bool, new: bool) -> Plan:
    """Check that `entry` can go into `target`; refuse (changing nothing) when it cannot."""
    app, maintenance = entry.app, settings.maintenance_db
    if entry.engine != target.engine:
        raise BackupError(
            f"{app}: the backup is a {entry.engine} dump and {target} is a {target.engine}"
            f" server: use a {entry.engine} server (restore --into URL, verify --server URL)"
        )
    try:
        tool = _restore_tool(entry, targets.server(target, maintenance))
        if not targets.exists(target):
            return Plan(entry, target, tool, "create")
        if new:
            raise BackupError(
                f"database {target.database!r} already exists on {target.with_database('')} and"
                " --as-new wants a new one: choose another name (nothing was changed)"
            )
        held = targets.contents(target)
        if held.empty:
            return Plan(entry, target, tool, "use")
        if not force:
            raise BackupError(
                f"{target} is not empty ({held.describe()}); restore only writes into an empty"
                " database and changed nothing. Restore --as-new NAME, or add --force to replace"
                " what it holds"
            )
        targets.check_replaceable(target, maintenance)
        return Plan(entry, target, tool, "replace", held)
    except BackupError as exc:
        raise BackupError(f"{app}: {exc}") from None
    except (psycopg.Error, pymysql.err.MySQLError) as exc:
        raise BackupError(f"{app}: checking {target} failed: {sets.reason(exc)}") from None


def apply(plan: Plan, directory: Path, settings: Settings, say: Say, notice: Say) -> None:
    """Carry out a plan, then check the restored database against the manifest. A failed load
    leaves the target as the plan found it where it can: a database it created is dropped, an
    empty one is empty again; a replaced one stays empty (its old content is gone, as asked)."""
    entry, target, maintenance = plan.entry, plan.target, settings.maintenance_db
    try:
        if plan.action == "replace" and plan.held is not None:
            notice(f"{entry.app}: --force: replacing {target}, which holds {plan.held.describe()}")
            targets.drop(target, maintenance)
        if plan.action in ("create", "replace"):
            targets.create(target, maintenance)
    except BackupError as exc:
        raise BackupError(f"{entry.app}: {exc}") from None
    say(
        f"{entry.app}: restoring {entry.file} into {target} with {plan.tool.name}"
        f" {plan.tool.version}"
    )
    try:
        sets.ENGINES[entry.engine].load(target, plan.tool, directory / entry.file)
    except BackupError as exc:
        raise BackupError(
            f"{entry.app}: restoring into {target} failed: {exc}; {_undo(plan, maintenance)}"
        ) from None
    _check(entry, target, say)


def _undo(plan: Plan, maintenance: str) -> str:
    """Return the target to how the plan found it after a failed load; say how it is left."""
    try:
        if plan.action == "create":
            targets.drop(plan.target, maintenance)
            return "the database it had created was dropped again"
        if plan.entry.engine == "mysql":  # MySQL commits DDL as it goes: empty it again
            targets.drop(plan.target, maintenance)
            targets.create(plan.target, maintenance)
    except BackupError as exc:
        return f"cleaning up failed too ({exc}): look at {plan.target} by hand"
    if plan.action == "replace":
        return "the database is empty (its old content was replaced, as --force asked)"
    return "the database is empty, as before"


def _check(entry: AppEntry, target: DbUrl, say: Say) -> None:
    try:
        with content.connect(target, sets.label("restore")) as conn:
            tables = content.table_names(conn, target.engine)
            if content.clear_yoyo_lock(conn, target.engine, tables):
                say(f"{entry.app}: cleared the migration lock row the dump had captured")
            actual = content.table_stats(conn, target.engine, say, f"{entry.app} (restored)")
    except (psycopg.Error, pymysql.err.MySQLError) as exc:
        raise BackupError(
            f"{entry.app}: restored into {target}, but reading it back failed: {sets.reason(exc)}"
        ) from None
    problems = content.compare(entry.tables, actual)
    if problems:
        raise BackupError(
            f"{entry.app}: restored into {target}, but it does not match the backup: "
            + "; ".join(problems)
        )


def restore(
    settings: Settings,
    directory: Path,
    apps: list[str] | None,
    say: Say,
    notice: Say,
    *,
    into: DbUrl | None = None,
    as_new: str | None = None,
    force: bool = False,
) -> list[str]:
    """Restore apps of a set into their configured databases, or one app --into a URL or
    --as-new a database on its server. Every file is checked before anything is touched."""
    found = manifest.read(directory)
    entries = found.entries(apps)
    if (into or as_new) and len(entries) != 1:
        raise BackupError(
            "--into and --as-new restore one app: add --app APP (the set holds"
            f" {', '.join(e.app for e in found.apps)})"
        )
    manifest.check(directory, entries)
    plans = []
    for entry in entries:  # every app checked before the first is touched
        own = into or sets.app_url(settings, entry.app)
        target = own.with_database(as_new) if as_new else own
        plans.append(plan(entry, target, settings, force=force, new=bool(as_new)))
    done = []
    for each in plans:
        apply(each, directory, settings, say, notice)
        done.append(
            f"{each.entry.app}: restored {found.name} into {each.target}:"
            f" {len(each.entry.tables)} tables, {each.entry.rows:,} rows match the manifest;"
            f" migration head {each.entry.migration_head}"
        )
    return done


def verify(
    settings: Settings, directory: Path, apps: list[str] | None, say: Say, on: DbUrl | None = None
) -> tuple[list[str], list[str]]:
    """Restore each dump into a scratch database (on `on`, or the app's own server), compare it
    with the manifest and drop it again. Returns what matched and what did not."""
    found = manifest.read(directory)
    entries = found.entries(apps)
    manifest.check(directory, entries)
    good, bad = [], []
    for entry in entries:
        server = on or sets.app_url(settings, entry.app)
        scratch = server.with_database(f"{entry.app}_verify_{secrets.token_hex(4)}")
        try:
            apply(
                plan(entry, scratch, settings, force=False, new=True), directory, settings, say, say
            )
            good.append(
                f"{entry.app}: ok: {entry.file} restores to {len(entry.tables)} tables and"
                f" {entry.rows:,} rows matching the manifest (migration head"
                f" {entry.migration_head})"
            )
        except BackupError as exc:
            bad.append(str(exc))
        finally:
            with suppress(BackupError):
                targets.drop(scratch, settings.maintenance_db)
    return good, bad
