"""Migrations: yoyo underneath, with the verbs seed 004 uses (current, upgrade, downgrade,
history, new, stamp). Each app and engine has its own folder, which `yoyo apply` also accepts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from yoyo import get_backend, read_migrations

from service import queries
from service.config import DbUrl

MIGRATIONS_ROOT = Path(__file__).resolve().parent.parent / "migrations"
YOYO_SCHEMES = {"postgres": "postgresql+psycopg", "mysql": "mysql"}
BASE = "base"


class MigrationError(Exception):
    """A migration verb that cannot do what was asked; the text says why."""


@dataclass(frozen=True)
class Step:
    id: str
    applied_at: datetime | None

    @property
    def applied(self) -> bool:
        return self.applied_at is not None


def folder(app: str, engine: str) -> Path:
    return MIGRATIONS_ROOT / app / engine


def ids(app: str, engine: str) -> list[str]:
    """Migration ids in the order yoyo applies them (dependencies first)."""
    return [m.id for m in read_migrations(str(folder(app, engine)))]


@cache
def expected(app: str, engine: str) -> tuple[str, ...]:
    """The shipped migration ids, read once per process (the files do not change under it)."""
    return tuple(ids(app, engine))


def yoyo_url(url: DbUrl) -> str:
    return url.render(YOYO_SCHEMES[url.engine])


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


def history(url: DbUrl, app: str) -> list[Step]:
    migrations = read_migrations(str(folder(app, url.engine)))
    with _backend(url) as backend:
        applied: dict[str, datetime] = {}
        backend.ensure_internal_schema_updated()
        with backend.transaction():
            listing = queries.system(url.engine).applied_migrations
            for migration_id, applied_at in backend.execute(listing.sql).fetchall():
                applied[migration_id] = applied_at
    return [Step(m.id, applied.get(m.id)) for m in migrations]


def current(url: DbUrl, app: str) -> str:
    applied = [s.id for s in history(url, app) if s.applied]
    return applied[-1] if applied else BASE


def upgrade(url: DbUrl, app: str, target: str | None = None) -> list[str]:
    migrations = read_migrations(str(folder(app, url.engine)))
    order = [m.id for m in migrations]
    last = len(order) if target is None else order.index(_resolve(target, order)) + 1
    with _backend(url) as backend, backend.lock():
        todo = backend.to_apply(migrations.filter(lambda m: order.index(m.id) < last))
        backend.apply_migrations(todo)
        return [m.id for m in todo]


def downgrade(url: DbUrl, app: str, target: str = "-1") -> list[str]:
    migrations = read_migrations(str(folder(app, url.engine)))
    order = [m.id for m in migrations]
    with _backend(url) as backend, backend.lock():
        applied = [m for m in migrations if backend.is_applied(m)]
        if re.fullmatch(r"-\d+", target):
            undo = applied[len(applied) - int(target[1:]) :] if int(target[1:]) else []
        else:
            keep = _resolve(target, order)
            cut = 0 if keep == BASE else order.index(keep) + 1
            undo = [m for m in applied if order.index(m.id) >= cut]
        todo = backend.to_rollback(migrations.filter(lambda m: m in undo))
        backend.rollback_migrations(todo)
        return [m.id for m in todo]


def stamp(url: DbUrl, app: str, target: str) -> list[str]:
    """Record `target` and everything before it as applied, and nothing after it, running none."""
    migrations = read_migrations(str(folder(app, url.engine)))
    order = [m.id for m in migrations]
    keep = _resolve(target, order)
    cut = 0 if keep == BASE else order.index(keep) + 1
    with _backend(url) as backend, backend.lock():
        mark = backend.to_apply(migrations.filter(lambda m: order.index(m.id) < cut))
        unmark = backend.to_rollback(migrations.filter(lambda m: order.index(m.id) >= cut))
        backend.mark_migrations(mark)
        backend.unmark_migrations(unmark)
        return [m.id for m in mark]


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
        down.write_text(f"-- Undo {name}: the statements of {name}.sql in reverse.\n")
        created += [up, down]
    return created
