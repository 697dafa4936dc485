"""The `datasvc` command: serve, migrate, token, check."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from service import apps, config, embedded, migrations, runtime, schema
from service.auth import DEFAULT_TTL, ROLES, Tokens
from service.config import ConfigError, Settings
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
    asyncio.run(_preflight(settings, migrate))
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


def cmd_migrate(args: argparse.Namespace) -> int:
    if args.verb == "new":
        for app in args.app or list(config.load().apps):
            for path in migrations.new(app, args.target):
                print(f"created {path.relative_to(migrations.MIGRATIONS_ROOT.parent)}")
        return 0
    settings = _settings()
    names = _apps_of(args, settings)
    asyncio.run(runtime.create_missing(settings, names))
    status = 0
    for app in names:
        url = settings.databases[app].url
        assert url is not None
        if args.verb == "schema":
            live = schema.read(url)
            if args.diff:
                drift = schema.diff(app, url.engine, live)
                print(drift or f"{app}: the {url.engine} schema matches"
                      f" {schema.expected_path(app, url.engine)}")
                status = status or (1 if drift else 0)
            else:
                print(schema.HEADER.format(app=app, engine=url.engine) + live)
        elif args.verb == "current":
            print(f"{app}: {migrations.current(url, app)}")
        elif args.verb == "history":
            for step in migrations.history(url, app):
                when = (
                    f"applied {step.applied_at:%Y-%m-%d %H:%M:%S} UTC"
                    if step.applied_at
                    else "pending"
                )
                print(f"{app}: {step.id:<40} {when}")
        else:
            verbs: dict[str, Callable[..., list[str]]] = {
                "upgrade": migrations.upgrade,
                "downgrade": migrations.downgrade,
                "stamp": migrations.stamp,
            }
            if args.verb == "stamp" and not args.target:
                raise MigrationError(
                    "stamp needs a target revision, e.g. `migrate stamp chat-0001`"
                )
            target: Any = args.target or ("-1" if args.verb == "downgrade" else None)
            try:
                done = verbs[args.verb](url, app, target)
            except MigrationError:
                raise
            except Exception as exc:  # yoyo and driver errors: say which app and which verb
                raise MigrationError(f"{app}: {args.verb} failed on {url}: {exc}") from exc
            past = {"upgrade": "applied", "downgrade": "rolled back", "stamp": "marked applied"}
            print(f"{app}: {past[args.verb]} {', '.join(done) if done else 'nothing'}")
            if args.verb == "upgrade" and args.dump_schema:
                path = schema.expected_path(app, url.engine)
                path.write_text(schema.document(app, url), encoding="utf-8")
                print(f"{app}: wrote {path}")
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
    migrate.add_argument(
        "verb",
        choices=["current", "upgrade", "downgrade", "history", "new", "stamp", "schema"],
        help="schema: print the live schema (--diff: compare it with the expected file)",
    )
    migrate.add_argument(
        "--diff",
        action="store_true",
        help="schema: show how the live schema differs from migrations/APP/schema.ENGINE.sql",
    )
    migrate.add_argument(
        "--dump-schema",
        action="store_true",
        help="upgrade: then write the resulting schema to migrations/APP/schema.ENGINE.sql",
    )
    migrate.add_argument(
        "target",
        nargs="?",
        help="upgrade/stamp: a revision (id or prefix); downgrade: -N, a revision"
        " or base; new: the message",
    )
    migrate.add_argument(
        "--app",
        action="append",
        choices=list(apps.REGISTRY),
        help="only this app (repeatable; default: every enabled app)",
    )
    migrate.set_defaults(run=cmd_migrate)

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
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "migrate" and args.verb == "new" and not args.target:
        parser().error("migrate new needs a message, e.g. migrate new 'add tags to chats'")
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
