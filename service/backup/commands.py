"""The `datasvc` subcommands over backup sets: backup, verify, restore, backups list / prune."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path

import psycopg
import pymysql

from service import config, embedded
from service.apps import REGISTRY
from service.backup import BackupError, Say, manifest, quiet, restore, retention, sets, tools
from service.config import ConfigError, DbUrl, Settings

Command = Callable[[argparse.Namespace], int]
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _progress(args: argparse.Namespace) -> Say:
    return quiet if args.quiet else _say


def _failing_cleanly(command: Command) -> Command:
    """A BackupError is the operator's one line and exit status 1, never a traceback; so is a
    database or file error that escaped a more precise message."""

    @wraps(command)
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except BackupError as exc:
            print(f"datasvc: {exc}", file=sys.stderr)
        except (OSError, psycopg.Error, pymysql.err.MySQLError) as exc:
            print(f"datasvc: {' '.join(str(exc).split()) or type(exc).__name__}", file=sys.stderr)
        return 1

    return run


def _settings(apps: list[str]) -> Settings:
    """The configuration as the owner account sees it (backups lock out migrations; restores
    create databases and tables), with the embedded server started when one of `apps` lives
    there."""
    settings = config.load()
    if any(settings.databases[a].embedded for a in apps):
        settings = config.with_embedded(settings, embedded.start(settings.data_dir))
    return config.as_owner(settings)


def _url(text: str, option: str, database: bool) -> DbUrl:
    url = DbUrl.parse(text, option)
    if database and not url.database:
        raise ConfigError(
            f"{option}: {config.redact(text)!r} names no database; e.g. {option}"
            " postgresql://user@127.0.0.1:5432/chat_restored"
        )
    return url


def _set(args: argparse.Namespace, settings: Settings) -> Path:
    return manifest.resolve(args.backup, args.dir or settings.backups)


def _apps_in(args: argparse.Namespace) -> list[str]:
    """Apps whose configured server a verify or restore needs (none with --into / --server)."""
    if getattr(args, "into", None) or getattr(args, "server", None):
        return []
    settings = config.load()
    found = manifest.read(_set(args, settings))
    return [e.app for e in found.entries(args.app) if e.app in REGISTRY]


@_failing_cleanly
def cmd_backup(args: argparse.Namespace) -> int:
    apps = args.app or list(config.load().apps)
    settings = _settings(apps)
    path = sets.backup(settings, apps, args.to or settings.backups, _progress(args), args.wait)
    print(path)
    return 0


@_failing_cleanly
def cmd_verify(args: argparse.Namespace) -> int:
    settings = _settings(_apps_in(args))
    on = _url(args.server, "--server", database=False) if args.server else None
    directory = _set(args, settings)
    apps = [e.app for e in manifest.read(directory).entries(args.app)]
    try:
        good, bad = restore.verify(settings, directory, args.app, _progress(args), on)
    except BackupError as exc:  # a damaged dump: nothing was restored
        sets.record_verification(directory, apps, False, str(exc))
        raise
    sets.record_verification(directory, apps, not bad, "; ".join(bad))
    for line in good:
        print(line)
    for line in bad:
        print(f"datasvc: {line}", file=sys.stderr)
    return 1 if bad else 0


@_failing_cleanly
def cmd_restore(args: argparse.Namespace) -> int:
    if args.as_new and not _NAME.match(args.as_new):
        raise ConfigError(
            f"--as-new: {args.as_new!r} is not a plain database name (letters, digits, _)"
        )
    settings = _settings(_apps_in(args))
    into = _url(args.into, "--into", database=True) if args.into else None
    done = restore.restore(
        settings,
        _set(args, settings),
        args.app,
        _progress(args),
        _say,  # what --force replaces is said even with --quiet
        into=into,
        as_new=args.as_new,
        force=args.force,
    )
    for line in done:
        print(line)
    return 0


@_failing_cleanly
def cmd_list(args: argparse.Namespace) -> int:
    root = args.dir or config.load().backups
    found = retention.scan(root)
    if not found:
        print(f"no backup sets in {root}")
    for f in found:
        when = f"{f.time:%Y-%m-%d %H:%M} UTC"
        size = tools.human(f.size)
        apps = ", ".join(f.apps) or "-"
        # A set is only "verified" once `datasvc verify` has restored it and checked it.
        state, note = sets.verification(f.path) if f.state == "complete" else (f.state, f.note)
        print(f"{f.name:<22} {when}  {state:<10} {size:>9}  {apps}" + (f"  ({note})" * bool(note)))
    return 0


@_failing_cleanly
def cmd_prune(args: argparse.Namespace) -> int:
    root = args.dir or config.load().backups
    retention.prune(
        root, args.keep_daily, args.keep_weekly, datetime.now(UTC), print, dry_run=args.dry_run
    )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add backup, verify, restore and backups to the `datasvc` parser."""
    apps = argparse.ArgumentParser(add_help=False)
    apps.add_argument(
        "--app",
        action="append",
        choices=list(REGISTRY),
        help="only this app (repeatable; default: every app enabled / in the set)",
    )
    apps.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--dir", type=Path, help="the backup directory (default BACKUP_DIR, else DATA_DIR/backups)"
    )
    one = argparse.ArgumentParser(add_help=False, parents=[apps, where])
    one.add_argument(
        "backup",
        metavar="BACKUP",
        help="a set: its name in the backup directory, a path, or latest",
    )

    backup = sub.add_parser("backup", parents=[apps], help="dump every app into a new backup set")
    backup.add_argument(
        "--to", type=Path, help="the backup directory (default BACKUP_DIR, else DATA_DIR/backups)"
    )
    backup.add_argument(
        "--wait",
        type=float,
        default=sets.LOCK_TIMEOUT,
        help="seconds to wait for a running migration to finish (default %(default)s)",
    )
    backup.set_defaults(run=cmd_backup)

    verify = sub.add_parser(
        "verify",
        parents=[one],
        help="restore each dump of a set into a scratch database and check it",
    )
    verify.add_argument(
        "--server", help="restore the scratch copies on this server URL (default: each app's own)"
    )
    verify.set_defaults(run=cmd_verify)

    restore = sub.add_parser(
        "restore",
        parents=[one],
        help="restore a set into empty (or, with --force, replaced) databases",
    )
    target = restore.add_mutually_exclusive_group()
    target.add_argument("--into", metavar="URL", help="into this database (a full URL); one app")
    target.add_argument(
        "--as-new", metavar="NAME", help="into a new database NAME on the app's server; one app"
    )
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace a database that is not empty (says what first)",
    )
    restore.set_defaults(run=cmd_restore)

    backups = sub.add_parser("backups", help="list backup sets, or prune them by retention")
    verbs = backups.add_subparsers(dest="verb", required=True, metavar="VERB")
    verbs.add_parser(
        "list", parents=[where], help="every set: time, state, size, apps"
    ).set_defaults(run=cmd_list)
    prune = verbs.add_parser(
        "prune", parents=[where], help="delete the sets the retention rule does not keep"
    )
    prune.add_argument("--keep-daily", type=int, required=True, metavar="N", help="last N days")
    prune.add_argument(
        "--keep-weekly", type=int, required=True, metavar="M", help="last M ISO weeks"
    )
    prune.add_argument("--dry-run", action="store_true", help="say what would go; delete nothing")
    prune.set_defaults(run=cmd_prune)
