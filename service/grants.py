"""`datasvc grants`: the statements a DBA runs to give an app a least-privilege runtime account
(rows only), while migrations and backups keep using the owner account."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass

from service import config, queries
from service.apps import REGISTRY
from service.config import ConfigError, Settings

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$]{0,62}")  # fullmatch: `$` allows a final newline
HOST = re.compile(r"[A-Za-z0-9_.%:-]{1,255}")
PREFIX = "runtime-"


@dataclass(frozen=True)
class Target:
    """Whom the statements are for: the runtime account, on one app's database."""

    app: str
    engine: str
    database: str
    user: str
    owner: str
    host: str = "%"


def _name(kind: str, value: str) -> str:
    if not NAME.fullmatch(value):
        raise ConfigError(
            f"grants: {kind} {value!r} is not a plain name (letters, digits, _), e.g. chat_rw"
        )
    return value


def target(
    settings: Settings, app: str, user: str, engine: str | None, owner: str | None
) -> Target:
    """The app's database and owner as configured; `engine` / `owner` override them."""
    name, _, host = user.partition("@")
    db = settings.databases[app]
    url, owner_url = db.url, db.migrate_url
    chosen = engine or (url.engine if url else "postgres")
    default_owner = owner_url.user if owner_url and owner_url.engine == chosen else None
    return Target(
        app=app,
        engine=chosen,
        database=_name("database", url.database if url else app),
        user=_name("user", name),
        owner=_name("owner", owner or default_owner or "postgres"),
        host=host or "%",
    )


def statements(t: Target) -> list[str]:
    """The statements, in the order they run, each ending in `;`."""
    if t.engine == "postgres":
        names = {"database": f'"{t.database}"', "user": f'"{t.user}"', "owner": f'"{t.owner}"'}
    else:
        if not HOST.fullmatch(t.host):
            raise ConfigError(f"grants: host {t.host!r} is not a host name, address or pattern")
        names = {"database": f"`{t.database}`", "user": f"'{t.user}'@'{t.host}'"}
    found = queries.system(t.engine)
    return [
        q.sql.format(**names).rstrip().rstrip(";") + ";" for q in found if q.name.startswith(PREFIX)
    ]


def script(t: Target) -> str:
    """The statements with the comments a DBA needs: where to run them and the account first."""
    if t.engine == "postgres":
        head = [
            f"-- {t.app}: runtime account {t.user!r} on PostgreSQL database {t.database!r},",
            f"-- tables owned by {t.owner!r}. Run as a superuser or {t.owner!r}, connected to",
            f"-- {t.database!r} (psql -d {t.database}), after `datasvc migrate upgrade --app"
            f" {t.app}`.",
            "-- Create the account first:",
            f"--   CREATE ROLE \"{t.user}\" LOGIN PASSWORD '...';",
        ]
    else:
        head = [
            f"-- {t.app}: runtime account '{t.user}'@'{t.host}' on MySQL database {t.database!r}.",
            "-- Run as an account with GRANT OPTION. Create the account first:",
            f"--   CREATE USER '{t.user}'@'{t.host}' IDENTIFIED BY '...';",
        ]
    return "\n".join([*head, *statements(t)]) + "\n"


def cmd_grants(args: argparse.Namespace) -> int:
    settings = config.load(serving=False)
    for number, app in enumerate(args.app or settings.apps):
        chosen = target(settings, app, args.user, args.engine, args.owner)
        print(("\n" if number else "") + script(chosen), end="")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grants` to the `datasvc` parser."""
    grants = sub.add_parser(
        "grants", help="print the GRANT statements for a least-privilege runtime account"
    )
    grants.add_argument(
        "--app",
        action="append",
        choices=list(REGISTRY),
        help="only this app (repeatable; default: every enabled app)",
    )
    grants.add_argument(
        "--user", required=True, help="the runtime account: NAME, or NAME@HOST on MySQL (host %%)"
    )
    grants.add_argument(
        "--engine",
        choices=["postgres", "mysql"],
        help="the engine (default: the engine of the app's configured database)",
    )
    grants.add_argument(
        "--owner",
        help="PostgreSQL: the role that owns the tables (default: the migrate URL's user)",
    )
    grants.set_defaults(run=cmd_grants)
