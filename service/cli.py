"""The `datasvc` command: serve, migrate, token, check, grants, and backup, verify, restore,
backups; tutor import-json / export-json."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence

from service import (
    apps,
    config,
    embedded,
    grants,
    migrations,
    monitor,
    retention,
    runtime,
    schema,
)
from service.apps.tutor import commands as tutor_commands
from service.auth import DEFAULT_TTL, ROLES, Tokens
from service.backup import commands as backup_commands
from service.config import ConfigError, DbUrl, Settings
from service.db import StartupError
from service.migrations import MigrationError


def _settings(start_embedded: bool = True) -> Settings:
    settings = config.load()
    if start_embedded and settings.uses_embedded:
        settings = config.with_embedded(settings, embedded.start(settings.data_dir))
    return settings


async def _preflight(settings: Settings, migrate: bool) -> dict[str, str]:
    """Open every app's database (creating it), migrate if asked, check; then let go."""
    databases = await runtime.open_all(settings, runtime.specs(settings.apps), migrate=migrate)
    try:
        return {
            app: f"{db.engine} database {db.url.database!r}: migrations current,"
            f" {len(db.queries)} named queries match the schema"
            for app, db in databases.items()
        }
    finally:
        await runtime.close_all(databases)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    settings = config.load()
    migrate = args.migrate
    if settings.uses_embedded:
        print(
            f"datasvc: no DATABASE_URL; starting the embedded PostgreSQL in"
            f" {settings.data_dir.resolve() / 'postgres'}",
            file=sys.stderr,
        )
        server = embedded.start(settings.data_dir)
        settings = config.with_embedded(settings, server)
        config.export_embedded(server, settings.secret())
        migrate = True
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    # Migrating takes the owner account; serving (and its own start-up check) the runtime one.
    asyncio.run(_preflight(config.as_owner(settings) if migrate else settings, migrate))
    base = f"http://{host}:{port}"
    print(
        f"datasvc: serving {', '.join('/' + a for a in settings.apps)} on {base}\n"
        f"  docs:        {base}/docs  (OpenAPI at {base}/openapi.json)\n"
        f"  admin token: datasvc token --role admin\n"
        f"  user token:  datasvc token --app {settings.apps[0]} --user ID",
        file=sys.stderr,
    )
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level=args.log_level)
    else:
        uvicorn.run(
            "service.app:factory",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=args.log_level,
        )
    return 0


def _apps_of(args: argparse.Namespace, settings: Settings) -> list[str]:
    return args.app or list(settings.apps)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _migrate_one(args: argparse.Namespace, app: str, url: DbUrl) -> int:
    """One verb on one app's database; returns the exit status it asks for."""
    verb = args.verb
    if verb == "schema":
        live = schema.read(url)
        if not args.diff:
            print(schema.document(app, url.engine, live))
            return 0
        drift = schema.diff(app, url.engine, live)
        print(
            drift
            or f"{app}: the {url.engine} schema matches {schema.expected_path(app, url.engine)}"
        )
        return 1 if drift else 0
    if verb == "current":
        print(f"{app}: {migrations.current(url, app)}")
    elif verb == "history":
        for step in migrations.history(url, app):
            when = (
                f"applied {step.applied_at:%Y-%m-%d %H:%M:%S} UTC" if step.applied_at else "pending"
            )
            print(f"{app}: {step.id:<40} {when}")
    elif verb == "unlock":
        print(migrations.unlock(url, app))
    elif args.dry_run:
        _, text = migrations.dry_run(url, app, verb, args.target)
        print(text)
    else:
        done = _change(args, app, url)
        past = {"upgrade": "applied", "downgrade": "rolled back", "stamp": "marked applied"}
        print(f"{app}: {past[verb]} {', '.join(done) if done else 'nothing'}")
        if verb == "upgrade" and args.dump_schema:
            path = schema.expected_path(app, url.engine)
            path.write_text(schema.document(app, url.engine, schema.read(url)), encoding="utf-8")
            print(f"{app}: wrote {path}")
    return 0


def _change(args: argparse.Namespace, app: str, url: DbUrl) -> list[str]:
    try:
        if args.verb == "upgrade":
            return migrations.upgrade(
                url, app, args.target, lock_timeout=args.lock_timeout, say=_say
            )
        if args.verb == "downgrade":
            return migrations.downgrade(
                url, app, args.target, lock_timeout=args.lock_timeout, say=_say
            )
        return migrations.stamp(url, app, args.target, lock_timeout=args.lock_timeout)
    except MigrationError:
        raise
    except Exception as exc:  # yoyo and driver errors: say which app and which verb
        raise MigrationError(f"{app}: {args.verb} failed on {url}: {exc}") from exc


def cmd_migrate(args: argparse.Namespace) -> int:
    if args.verb == "new":
        for app in args.app or list(config.load().apps):
            for path in migrations.new(app, args.target):
                print(f"created {migrations.relative(path)}")
        return 0
    settings = config.as_owner(_settings())  # DDL and CREATE DATABASE: the owner account
    names = _apps_of(args, settings)
    urls = {app: settings.databases[app].url for app in names}
    if args.verb == "wait":
        for app, url in urls.items():
            assert url is not None
            waited = migrations.wait(url, args.timeout, say=_say)
            print(f"{app}: {url} accepts connections (waited {waited:.1f} s)")
        return 0
    if not args.dry_run:
        asyncio.run(runtime.create_missing(settings, names))
    status = 0
    for app, url in urls.items():
        assert url is not None
        status = _migrate_one(args, app, url) or status
    return status


def cmd_token(args: argparse.Namespace) -> int:
    settings = config.load()
    if args.role == "user" and (not args.app or not args.user):
        raise ConfigError("token: a user token needs --app APP and --user ID (the user's id there)")
    tokens = Tokens(settings.secret(), list(apps.REGISTRY))
    try:
        print(tokens.issue(role=args.role, app=args.app, subject=args.user, ttl=args.ttl))
    except ValueError as exc:
        raise ConfigError(f"token: {exc}") from None
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    settings = _settings()
    for app, line in asyncio.run(_preflight(settings, migrate=False)).items():
        print(f"{app}: ok, {line}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="datasvc", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP service (embedded PostgreSQL by default)")
    serve.add_argument(
        "--migrate",
        action="store_true",
        help="apply pending migrations before serving (always on when embedded)",
    )
    serve.add_argument("--host", help="bind address (HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (PORT, default 8000)")
    serve.add_argument("--workers", type=int, help="uvicorn worker processes (WORKERS, default 1)")
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.set_defaults(run=cmd_serve)

    migrate = sub.add_parser("migrate", help="schema migrations (yoyo underneath)")
    migrate.set_defaults(run=cmd_migrate, target=None, dry_run=False, dump_schema=False, diff=False)
    verbs = migrate.add_subparsers(dest="verb", required=True, metavar="VERB")
    apps_opt = argparse.ArgumentParser(add_help=False)
    apps_opt.add_argument(
        "--app",
        action="append",
        choices=list(apps.REGISTRY),
        help="only this app (repeatable; default: every enabled app)",
    )
    lock_opt = argparse.ArgumentParser(add_help=False)
    lock_opt.add_argument(
        "--lock-timeout",
        type=float,
        default=migrations.LOCK_TIMEOUT,
        help="seconds to wait for another migration run to finish (default %(default)s)",
    )
    dry_opt = argparse.ArgumentParser(add_help=False)
    dry_opt.add_argument(
        "--dry-run",
        action="store_true",
        help="print the SQL that would run, in order; change nothing",
    )
    verbs.add_parser("current", parents=[apps_opt], help="the last applied migration per app")
    verbs.add_parser("history", parents=[apps_opt], help="every migration, applied or pending")
    up = verbs.add_parser(
        "upgrade", parents=[apps_opt, lock_opt, dry_opt], help="apply pending migrations"
    )
    up.add_argument("target", nargs="?", help="stop after this revision (id or unique prefix)")
    up.add_argument(
        "--dump-schema",
        action="store_true",
        help="then write the resulting schema to migrations/APP/schema.ENGINE.sql",
    )
    down = verbs.add_parser(
        "downgrade", parents=[apps_opt, lock_opt, dry_opt], help="roll back migrations"
    )
    down.add_argument(
        "target", nargs="?", default="-1", help="-N steps (default -1), a revision to keep, or base"
    )
    stamp = verbs.add_parser(
        "stamp",
        parents=[apps_opt, lock_opt],
        help="mark migrations applied without running them (a database made by hand)",
    )
    stamp.add_argument("target", help="the last revision the database already has, or base")
    new = verbs.add_parser(
        "new", parents=[apps_opt], help="create the next migration's files for both engines"
    )
    new.add_argument("target", metavar="MESSAGE", help="what the migration does")
    shown = verbs.add_parser("schema", parents=[apps_opt], help="print the live schema")
    shown.add_argument(
        "--diff",
        action="store_true",
        help="show how it differs from migrations/APP/schema.ENGINE.sql (exit 1 when it does)",
    )
    wait = verbs.add_parser(
        "wait", parents=[apps_opt], help="block until each app's server accepts connections"
    )
    wait.add_argument(
        "--timeout", type=float, default=60.0, help="give up after this many seconds (%(default)s)"
    )
    verbs.add_parser(
        "unlock", parents=[apps_opt], help="remove a migration lock left behind, by hand"
    )

    token = sub.add_parser("token", help="print a bearer token signed with the service's secret")
    token.add_argument("--role", choices=ROLES, default="user")
    token.add_argument(
        "--app",
        choices=list(apps.REGISTRY),
        help="the app the token is for (admin: default every app)",
    )
    token.add_argument("--user", help="the user's id in that app (user tokens)")
    token.add_argument("--ttl", type=int, default=DEFAULT_TTL, help="lifetime in seconds")
    token.set_defaults(run=cmd_token)

    check = sub.add_parser("check", help="check configuration, migrations and every named query")
    check.set_defaults(run=cmd_check)

    grants.register(sub)
    retention.register(sub)  # each app's expired-row clean-up
    monitor.register(sub)  # stats and maintain (seed 003's monitoring section)
    backup_commands.register(sub)  # backup, verify, restore, backups list / prune
    tutor_commands.register(sub)  # tutor import-json, export-json
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # SIGTERM before uvicorn takes over must still run atexit, which stops the embedded server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        code: int = args.run(args)
        return code
    except ConfigError as exc:
        print(f"datasvc: configuration error: {exc}", file=sys.stderr)
        return 2
    except (StartupError, MigrationError) as exc:
        print(f"datasvc: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
