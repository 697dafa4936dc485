"""Migrations: yoyo underneath, with the verbs seed 004 uses (current, upgrade, downgrade,
history, new, stamp) and what a deploy needs beyond yoyo: a dry run, drift detection by
checksum, one migration run per database at a time, stale-lock recovery and a clear error
naming the statement that failed. `yoyo apply` on an app's folder still works on its own."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from yoyo import get_backend, read_migrations
from yoyo.migrations import Migration, MigrationList, StepBase, read_sql_migration

from service import dbapi, queries, tls
from service.config import DbUrl

# service/migrations is the root migrations/ folder (a symlink in a checkout, files in a wheel).
MIGRATIONS_ROOT = Path(str(files("service") / "migrations")).resolve()
SERVICE_SET = "_service"  # the service's own bookkeeping table, applied before an app's set
YOYO_SCHEMES = {"postgres": "postgresql+psycopg", "mysql": "mysql"}
BASE = "base"
LOCK_TIMEOUT = 300.0
POLL = 0.5

Say = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


class MigrationError(Exception):
    """A migration verb that cannot do what was asked; the text says why and what to do."""


@dataclass(frozen=True)
class Step:
    id: str
    applied_at: datetime | None

    @property
    def applied(self) -> bool:
        return self.applied_at is not None


def folder(app: str, engine: str) -> Path:
    return MIGRATIONS_ROOT / app / engine


def _read(app: str, engine: str) -> MigrationList:
    return read_migrations(str(folder(app, engine)))


def ids(app: str, engine: str) -> list[str]:
    """Migration ids in the order yoyo applies them (dependencies first)."""
    return [m.id for m in _read(app, engine)]


@cache
def expected(app: str, engine: str) -> tuple[str, ...]:
    """The shipped migration ids, read once per process (the files do not change under it)."""
    return tuple(ids(app, engine))


def yoyo_url(url: DbUrl) -> str:
    """The URL yoyo connects with; yoyo hands MySQL query arguments to PyMySQL as keywords, so
    the TLS options go in PyMySQL's spelling."""
    if url.engine == "mysql":
        url = replace(url, options=tls.pymysql_url_options(url.options))
    return url.render(YOYO_SCHEMES[url.engine])


def checksum(path: Path) -> str:
    """sha256 of a migration file, line endings normalised so a CRLF checkout is not drift."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def relative(path: Path | str) -> str:
    path = Path(path)
    try:
        return str(path.relative_to(MIGRATIONS_ROOT.parent))
    except ValueError:
        return str(path)


@contextmanager
def _backend(url: DbUrl) -> Iterator[Any]:
    backend = get_backend(yoyo_url(url))
    try:
        yield backend
    finally:
        backend.connection.close()


def _resolve(target: str, known: list[str]) -> str:
    """A target may be a full id or any unambiguous prefix of one (`chat-0001`, `0001`)."""
    if target == BASE or target in known:
        return target
    matches = [i for i in known if i.startswith(target) or i.split("-", 1)[-1].startswith(target)]
    if len(matches) != 1:
        hint = "matches " + ", ".join(matches) if matches else "known: " + ", ".join(known)
        raise MigrationError(f"revision {target!r} is not one migration ({hint})")
    return matches[0]


# Reading state -----------------------------------------------------------------------------


def _applied(conn: Any, engine: str) -> dict[str, datetime]:
    try:
        rows = dbapi.run(conn, queries.system(engine).applied_migrations)
    except dbapi.MissingTable:
        return {}
    return {r["migration_id"]: r["applied_at_utc"] for r in rows}


def _checksums(conn: Any, engine: str) -> dict[str, str]:
    try:
        rows = dbapi.run(conn, queries.system(engine).list_checksums)
    except dbapi.MissingTable:
        return {}
    return {r["migration_id"]: r["sha256"] for r in rows}


def history(url: DbUrl, app: str) -> list[Step]:
    migrations = _read(app, url.engine)
    with dbapi.connect(url) as conn:
        applied = _applied(conn, url.engine)
    return [Step(m.id, applied.get(m.id)) for m in migrations]


def current(url: DbUrl, app: str) -> str:
    applied = [s.id for s in history(url, app) if s.applied]
    return applied[-1] if applied else BASE


def drift(url: DbUrl, app: str) -> list[str]:
    """Applied migrations whose file changed since it ran, each as a sentence naming the file."""
    with dbapi.connect(url) as conn:
        applied, recorded = _applied(conn, url.engine), _checksums(conn, url.engine)
    return _drift(_read(app, url.engine), applied, recorded)


def _drift(
    migrations: MigrationList, applied: Mapping[str, Any], recorded: dict[str, str]
) -> list[str]:
    now = {m.id: checksum(Path(m.path)) for m in migrations if m.id in applied and m.id in recorded}
    return [
        f"{relative(m.path)} was edited after it was applied"
        f" (sha256 then {recorded[m.id][:12]}…, now {now[m.id][:12]}…)"
        for m in migrations
        if m.id in now and recorded[m.id] != now[m.id]
    ]


def _hold_to_checksums(
    conn: Any, app: str, engine: str, migrations: MigrationList, say: Say
) -> None:
    """Refuse to go on when an applied file was edited; record the checksums of migrations
    applied without one (by plain `yoyo apply`), holding them to their content from now on."""
    applied, recorded = _applied(conn, engine), _checksums(conn, engine)
    edited = _drift(migrations, applied, recorded)
    if edited:
        raise MigrationError(
            f"{app}: " + "; ".join(edited) + ". A migration that has run must not change: restore"
            " the file (e.g. `git checkout` it) and put the change in a new migration"
            f' (`datasvc migrate new --app {app} "..."`). If the database already matches the'
            f" edited file, accept it with `datasvc migrate stamp --app {app} <current head>`."
        )
    adopted = [m for m in migrations if m.id in applied and m.id not in recorded]
    for m in adopted:
        _record(conn, engine, m)
    if adopted:
        say(f"{app}: recorded checksums of {len(adopted)} migration(s) applied outside datasvc")


# The lock ----------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _describe_holder(conn: Any, engine: str, name: str) -> str:
    q = queries.system(engine)
    rows = dbapi.run(conn, q.migration_lock_holder, name=name)
    if not rows:
        return "another migration run"
    row = rows[0]
    if engine == "postgres":
        return f"{row['holder'] or 'a session'} (server pid {row['session']}, since {row['since']})"
    return f"connection {row['session']} of {row['holder']} (for {row['seconds']} s)"


@contextmanager
def locked(url: DbUrl, app: str, timeout: float = LOCK_TIMEOUT, say: Say = _quiet) -> Iterator[Any]:
    """Hold this database's migration lock and yield the connection holding it: one run at a
    time; the others wait, then find their work done. The lock is a server session lock, so a
    killed holder cannot leave it behind."""
    name = f"datasvc.migrate.{url.database}"[:64]
    label = f"datasvc migrate pid {os.getpid()} on {socket.gethostname()}"
    q = queries.system(url.engine)
    with dbapi.connect(url, label=label) as conn:
        started = time.monotonic()
        announced = False
        while not dbapi.value(conn, q.try_migration_lock, name=name):
            if not announced:
                say(f"{app}: waiting for {_describe_holder(conn, url.engine, name)} to finish")
                announced = True
            if time.monotonic() - started > timeout:
                raise MigrationError(
                    f"{app}: {_describe_holder(conn, url.engine, name)} has held the migration"
                    f" lock on {url} for over {timeout:.0f} s. It is released when that session"
                    " ends; if it is stuck, stop that process (or end the server session)."
                )
            time.sleep(POLL)
        try:
            _clear_stale_yoyo_lock(conn, url, app, timeout - (time.monotonic() - started), say)
            yield conn
        finally:
            dbapi.run(conn, q.release_migration_lock, name=name)


def _yoyo_lock(conn: Any, engine: str) -> dict[str, Any] | None:
    try:
        rows = dbapi.run(conn, queries.system(engine).get_yoyo_lock)
    except dbapi.MissingTable:
        return None
    return rows[0] if rows else None


def _clear_stale_yoyo_lock(conn: Any, url: DbUrl, app: str, timeout: float, say: Say) -> None:
    """yoyo's own lock row survives a killed run. Holding the session lock means no other
    datasvc run is active, so the row belongs to a plain `yoyo apply` or to a dead process:
    cleared when its pid no longer exists here, waited for while it does."""
    started = time.monotonic()
    announced = False
    while (row := _yoyo_lock(conn, url.engine)) is not None:
        pid = int(row["pid"])
        if not _pid_alive(pid):
            dbapi.run(conn, queries.system(url.engine).clear_yoyo_lock)
            say(
                f"{app}: cleared a stale migration lock left by pid {pid} (taken {row['ctime']}"
                " UTC); no such process is running on this host"
            )
            return
        if not announced:
            say(f"{app}: waiting for pid {pid}, which holds yoyo's migration lock")
            announced = True
        if time.monotonic() - started > max(timeout, 0):
            raise MigrationError(
                f"{app}: pid {pid} has held yoyo's migration lock on {url} since {row['ctime']}"
                f" UTC and is still running on this host. Wait for it; if that pid is not a"
                f" migration (the number was reused), run `datasvc migrate unlock --app {app}`."
            )
        time.sleep(POLL)


def unlock(url: DbUrl, app: str) -> str:
    """Remove yoyo's lock row by hand (the session lock needs no clearing: it dies with its
    holder)."""
    with dbapi.connect(url) as conn:
        row = _yoyo_lock(conn, url.engine)
        if row is None:
            return f"{app}: no migration lock is held"
        dbapi.run(conn, queries.system(url.engine).clear_yoyo_lock)
        alive = "still running" if _pid_alive(int(row["pid"])) else "not running here"
        return (
            f"{app}: removed the migration lock of pid {row['pid']} ({alive}),"
            f" taken {row['ctime']} UTC"
        )


# Running -----------------------------------------------------------------------------------


class _Traced(StepBase):  # type: ignore[misc]
    """Wraps one yoyo step to remember which statement ran last, so a failure can name it."""

    def __init__(self, step: Any, number: int, trail: list[int], direction: str) -> None:
        self.step, self.number, self.trail, self.direction = step, number, trail, direction
        self.undo_failed = False
        self.error: BaseException | None = None

    def apply(self, backend: Any, force: bool = False) -> None:
        self._run("apply", backend, force)

    def rollback(self, backend: Any, force: bool = False) -> None:
        self._run("rollback", backend, force)

    def _run(self, direction: str, backend: Any, force: bool) -> None:
        if direction == self.direction:
            self.trail.append(self.number)
            try:
                getattr(self.step, direction)(backend, force)
            except backend.DatabaseError as exc:
                # On MySQL the DDL's implicit commit makes yoyo's savepoint cleanup fail too,
                # and that second error hides the statement's own: keep the innermost one.
                cause: BaseException = exc
                while isinstance(cause.__context__, backend.DatabaseError):
                    cause = cause.__context__
                self.error = cause
                raise
            return
        try:  # yoyo undoing the statements that ran before a failure
            getattr(self.step, direction)(backend, force)
        except backend.DatabaseError:
            self.undo_failed = True
            raise


def _source(migration: Migration, direction: str) -> Path:
    """The file whose statements run: x.sql to apply, x.rollback.sql to roll back."""
    path = Path(migration.path)
    return path if direction == "apply" else path.with_name(path.stem + ".rollback.sql")


def _statements(migration: Migration, direction: str) -> list[str]:
    # The rollback file is already in the order it runs.
    statements: list[str] = read_sql_migration(str(_source(migration, direction)))[2]
    return statements


def _run_one(backend: Any, migration: Migration, direction: str) -> None:
    migration.load()
    trail: list[int] = []
    traced = [_Traced(s, n, trail, direction) for n, s in enumerate(migration.steps, 1)]
    migration.steps = traced
    try:
        if direction == "apply":
            backend.apply_one(migration)
        else:
            backend.rollback_one(migration)
    except backend.DatabaseError as exc:
        statements = _statements(migration, direction)
        step = trail[-1] if trail else 0
        # Step n pairs statement n of x.sql with statement n counted from the end of
        # x.rollback.sql; report the position in the file that ran.
        number = step if direction == "apply" else len(statements) - step + 1
        text = statements[number - 1] if 0 < number <= len(statements) else "?"
        before = max(len(trail) - 1, 0)
        first = " ".join(text.split()).rstrip(";")[:160]
        cause = next((t.error for t in traced if t.error is not None), exc)
        transactional = backend.has_transactional_ddl and migration.use_transactions
        if transactional:
            after = f"the transaction was rolled back, so nothing of {migration.id} remains"
        elif any(t.undo_failed for t in traced):
            after = (
                f"undoing the {before} statement(s) before it also failed: the database is"
                " part-way through this migration and needs repair by hand (see the rollback"
                " file)"
            )
        elif before:
            after = (
                f"the {before} statement(s) before it were undone by their rollback"
                " statements, so the database is as it was before"
            )
        else:
            after = "nothing had run before it, so the database is as it was before"
        verb = "applying" if direction == "apply" else "rolling back"
        source = relative(_source(migration, direction))
        raise MigrationError(
            f"{verb} {migration.id} failed at statement {number} of {source}:"
            f" {first}: {cause}; {after}."
        ) from exc


def _ensure_bookkeeping(backend: Any, engine: str) -> None:
    service = read_migrations(str(folder(SERVICE_SET, engine)))
    backend.apply_migrations(backend.to_apply(service))


def _record(conn: Any, engine: str, migration: Migration) -> None:
    dbapi.run(
        conn,
        queries.system(engine).record_checksum,
        migration_id=migration.id,
        sha256=checksum(Path(migration.path)),
    )


def _forget(conn: Any, engine: str, migration: Migration) -> None:
    dbapi.run(conn, queries.system(engine).forget_checksum, migration_id=migration.id)


def _upto(migrations: MigrationList, target: str | None) -> Callable[[Migration], bool]:
    order = [m.id for m in migrations]
    last = len(order) if target is None else order.index(_resolve(target, order)) + 1
    return lambda m: order.index(m.id) < last


def upgrade(
    url: DbUrl,
    app: str,
    target: str | None = None,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    say: Say = _quiet,
) -> list[str]:
    migrations = _read(app, url.engine)
    wanted = _upto(migrations, target)
    with locked(url, app, lock_timeout, say) as conn:
        with _backend(url) as backend, backend.lock():
            _ensure_bookkeeping(backend, url.engine)
            _hold_to_checksums(conn, app, url.engine, migrations, say)
            todo = backend.to_apply(migrations.filter(wanted))
            for migration in todo:
                _run_one(backend, migration, "apply")
                _record(conn, url.engine, migration)
                say(f"{app}: applied {migration.id}")
            return [m.id for m in todo]


def _cut(target: str, order: list[str]) -> int:
    """How many migrations, in order, stay applied when `target` is the one to keep."""
    keep = _resolve(target, order)
    return 0 if keep == BASE else order.index(keep) + 1


def _to_undo(migrations: MigrationList, applied: Collection[str], target: str) -> list[Migration]:
    """The applied migrations a downgrade to `target` (-N, a revision, base) removes, oldest
    first."""
    done = [m for m in migrations if m.id in applied]
    if re.fullmatch(r"-\d+", target):
        count = int(target[1:])
        return done[len(done) - count :] if count else []
    order = [m.id for m in migrations]
    cut = _cut(target, order)
    return [m for m in done if order.index(m.id) >= cut]


def _rollback_plan(backend: Any, migrations: MigrationList, target: str) -> MigrationList:
    applied = {m.id for m in migrations if backend.is_applied(m)}
    undo = _to_undo(migrations, applied, target)
    return backend.to_rollback(migrations.filter(lambda m: m in undo))


def downgrade(
    url: DbUrl,
    app: str,
    target: str = "-1",
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    say: Say = _quiet,
) -> list[str]:
    migrations = _read(app, url.engine)
    with locked(url, app, lock_timeout, say) as conn:
        with _backend(url) as backend, backend.lock():
            _ensure_bookkeeping(backend, url.engine)
            todo = _rollback_plan(backend, migrations, target)
            for migration in todo:
                _run_one(backend, migration, "rollback")
                _forget(conn, url.engine, migration)
                say(f"{app}: rolled back {migration.id}")
            return [m.id for m in todo]


def stamp(url: DbUrl, app: str, target: str, *, lock_timeout: float = LOCK_TIMEOUT) -> list[str]:
    """Record `target` and everything before it as applied (with the files' current checksums),
    and nothing after it, running none: for a database created by hand from the document."""
    migrations = _read(app, url.engine)
    order = [m.id for m in migrations]
    cut = _cut(target, order)
    with locked(url, app, lock_timeout) as conn:
        with _backend(url) as backend, backend.lock():
            _ensure_bookkeeping(backend, url.engine)
            mark = backend.to_apply(migrations.filter(lambda m: order.index(m.id) < cut))
            unmark = backend.to_rollback(migrations.filter(lambda m: order.index(m.id) >= cut))
            backend.mark_migrations(mark)
            backend.unmark_migrations(unmark)
            for m in migrations:
                (_record if order.index(m.id) < cut else _forget)(conn, url.engine, m)
            return [m.id for m in mark]


# Dry run -----------------------------------------------------------------------------------


def _plan_note(migration: Migration, engine: str) -> str:
    migration.load()
    if not migration.use_transactions:
        return "statement by statement, outside a transaction"
    if engine == "mysql":
        return "MySQL commits each DDL statement; a failure is undone by the rollback statements"
    return "in one transaction"


def dry_run(url: DbUrl, app: str, verb: str, target: str | None) -> tuple[list[str], str]:
    """The ids an upgrade or downgrade would run and their SQL in order, changing nothing
    (a database that does not exist yet counts as empty)."""
    migrations = _read(app, url.engine)
    try:
        with dbapi.connect(url) as conn:
            applied, recorded = _applied(conn, url.engine), _checksums(conn, url.engine)
    except dbapi.MissingDatabase:
        applied, recorded = {}, {}
    edited = _drift(migrations, applied, recorded)
    if verb == "upgrade":
        wanted = _upto(migrations, target)
        todo = [m for m in migrations if wanted(m) and m.id not in applied]
        direction = "apply"
    else:
        todo = list(reversed(_to_undo(migrations, applied, target or "-1")))
        direction = "rollback"
    out = [f"-- {app} on {url}: {len(todo)} migration(s) to {verb}, in this order."]
    out += [f"-- WARNING: {e}; the real {verb} will refuse to run." for e in edited]
    for m in todo:
        source = relative(_source(m, direction))
        out.append(f"\n-- {m.id} ({source}), {_plan_note(m, url.engine)}")
        out += [s.strip().rstrip(";") + ";" for s in _statements(m, direction)]
    return [m.id for m in todo], "\n".join(out) + "\n"


# Waiting for the server --------------------------------------------------------------------


def wait(url: DbUrl, timeout: float, say: Say = _quiet) -> float:
    """Block until the server behind `url` accepts connections (a missing database counts: the
    server is up and `upgrade` creates it). Returns the seconds waited."""
    started = time.monotonic()
    last_said = -10.0
    while True:
        try:
            with dbapi.connect(url, connect_timeout=3):
                pass
            return time.monotonic() - started
        except dbapi.MissingDatabase:
            return time.monotonic() - started
        except dbapi.AccessDenied as exc:
            raise MigrationError(
                f"{url} refuses the login: {exc}. Check the user and password."
            ) from None
        except dbapi.NotVerified as exc:  # waiting would not change the certificate
            raise MigrationError(str(exc)) from None
        except Exception as exc:  # refused, reset, DNS, starting up: all mean "not yet"
            waited = time.monotonic() - started
            if waited > timeout:
                raise MigrationError(
                    f"{url} did not accept connections within {timeout:.0f} s (last error:"
                    f" {str(exc).strip() or type(exc).__name__})"
                ) from None
            if waited - last_said >= 5:
                say(f"waiting for {url} ({waited:.0f} s): {str(exc).strip()[:120]}")
                last_said = waited
            time.sleep(POLL)


# New files ---------------------------------------------------------------------------------


def slug(message: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", message.lower()).strip("-")
    if not words:
        raise MigrationError(f"message {message!r} has no letters or digits to name a file with")
    return words[:60]


def new(app: str, message: str, engines: tuple[str, ...] = ("postgres", "mysql")) -> list[Path]:
    """The next migration's .sql and .rollback.sql for each engine, `-- depends:` filled in."""
    created: list[Path] = []
    for engine in engines:
        where = folder(app, engine)
        where.mkdir(parents=True, exist_ok=True)
        existing = ids(app, engine) if any(where.glob("*.sql")) else []
        numbers = [int(m.group(1)) for i in existing if (m := re.match(rf"{app}-(\d+)", i))]
        name = f"{app}-{max(numbers, default=0) + 1:04d}.{slug(message)}"
        depends = f"-- depends: {existing[-1]}\n" if existing else "-- depends:\n"
        up, down = where / f"{name}.sql", where / f"{name}.rollback.sql"
        up.write_text(f"-- {message}\n{depends}\n")
        down.write_text(
            f"-- Undo {name}: one statement per statement of {name}.sql, in reverse order.\n"
        )
        created += [up, down]
    return created
