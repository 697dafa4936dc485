"""`datasvc tutor import-json DIR` and `datasvc tutor export-json DIR`: the tutor's JSON files
into the database (validated, backed up, verified) and back out (the rollback path)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from service import config, embedded, runtime
from service.apps.tutor import APP
from service.apps.tutor.migration import TABLES, Report, export_dir, import_dir
from service.config import ConfigError, Settings
from service.db import Database


def _settings() -> Settings:
    settings = config.load()
    if settings.databases["tutor"].embedded:
        settings = config.with_embedded(settings, embedded.start(settings.data_dir))
    return settings


async def _database(settings: Settings) -> Database:
    """The tutor database, migrated and checked like the service's own start-up."""
    databases = await runtime.open_all(settings, {"tutor": APP})
    return databases["tutor"]


def _table(counts: Counter[str]) -> str:
    return ", ".join(f"{t} {counts[t]}" for t in TABLES)


def say(report: Report, out: TextIO, dry_run: bool = False) -> int:
    """The report in words; the exit status (0 done, 1 refused, 2 differences after import)."""
    for p in report.problems:
        print(f"invalid: {p.file} at {p.path}: {p.reason}", file=out)
    valid = report.files - len(report.problems)
    if report.problems and not report.imported and not dry_run:
        print(
            f"refused: {len(report.problems)} of {report.files} files are invalid; nothing was"
            " written (fix them, or pass --skip-invalid to import the valid ones)",
            file=out,
        )
        return 1
    if report.problems:
        print(f"skipped {len(report.problems)} invalid files; {valid} valid", file=out)
    if report.backup is not None:
        print(f"backup: {report.backup} (sha256 manifest inside and beside it)", file=out)
    verb = "would write" if dry_run else "wrote"
    if not sum(report.written.values()):
        print(f"nothing changed: the database already holds all {valid} valid files", file=out)
    else:
        print(f"{verb} (rows added or profiles changed): {_table(report.written)}", file=out)
    if dry_run:
        return 1 if report.problems else 0
    print(f"verified: the imported profiles now hold {_table(report.stored)}", file=out)
    for line in report.differences:
        print(f"differs: {line}", file=out)
    if report.differences:
        print(f"{len(report.differences)} differences between files and database", file=out)
        return 2
    print("every imported profile reads back equal to its file", file=out)
    return 0


async def _import(args: argparse.Namespace, settings: Settings) -> int:
    backups = args.backup_dir or settings.backups / "tutor-json"
    db = await _database(settings)
    try:
        report = await import_dir(
            db, args.directory, backups, dry_run=args.dry_run, skip_invalid=args.skip_invalid
        )
    finally:
        await db.close()
    return say(report, sys.stdout, args.dry_run)


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    db = await _database(settings)
    try:
        counts = await export_dir(db, args.directory)
    finally:
        await db.close()
    print(f"exported to {args.directory}: {_table(counts)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if not args.directory.is_dir():
        raise ConfigError(f"tutor import-json: {args.directory} is not a directory")
    return asyncio.run(_import(args, _settings()))


def cmd_export(args: argparse.Namespace) -> int:
    return asyncio.run(_export(args, _settings()))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `tutor import-json` and `tutor export-json` to the `datasvc` parser."""
    tutor = sub.add_parser("tutor", help="the tutor app's JSON files: import and export")
    verbs = tutor.add_subparsers(dest="verb", required=True, metavar="VERB")
    imp = verbs.add_parser(
        "import-json",
        help="validate every <id>.json in DIR, back DIR up, import, verify (idempotent)",
    )
    imp.add_argument("directory", type=Path, metavar="DIR")
    imp.add_argument(
        "--dry-run", action="store_true", help="validate and say what would change; write nothing"
    )
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid files and list the invalid ones (default: refuse them all)",
    )
    imp.add_argument(
        "--backup-dir",
        type=Path,
        help="where the archive of DIR goes (default BACKUP_DIR/tutor-json)",
    )
    imp.set_defaults(run=cmd_import)
    exp = verbs.add_parser(
        "export-json", help="write every profile as DIR/<id>.json (the rollback path)"
    )
    exp.add_argument("directory", type=Path, metavar="DIR")
    exp.set_defaults(run=cmd_export)
