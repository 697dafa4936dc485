"""PostgreSQL dumps: `pg_dump -Fc` of the very snapshot the manifest is computed in, and
`pg_restore` in one transaction, so a failed restore leaves the target as it was."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from service import dbapi, queries
from service.backup import BackupError, tools
from service.config import DbUrl

EXTENSION = "dump"


@contextmanager
def dumping(conn: Any, url: DbUrl, tool: tools.Tool, path: Path) -> Iterator[None]:
    """Open a read-only REPEATABLE READ transaction on `conn`, export its snapshot and run
    pg_dump on it while the caller reads the manifest's numbers in the same transaction."""
    q = queries.system("postgres")
    dbapi.run(conn, q.begin_snapshot)
    try:
        snapshot = dbapi.value(conn, q.export_snapshot)
        with tools.pg_target(url) as target:
            args = [str(tool.path), "--format=custom", f"--snapshot={snapshot}", f"--file={path}"]
            with tools.Running([*args, *target]) as dump:
                yield
                # The transaction must outlive pg_dump's use of its snapshot: wait here.
                code = dump.wait()
        if code:
            raise BackupError(f"pg_dump failed (exit {code}): {dump.errors()}")
    finally:
        with contextlib.suppress(psycopg.Error):
            dbapi.run(conn, q.end_snapshot)


def load(url: DbUrl, tool: tools.Tool, path: Path) -> None:
    """Restore the archive into the (empty) database `url` names, all or nothing. Objects are
    owned by the restoring user and no grants are replayed (they name roles that may not
    exist on this server)."""
    with tools.pg_target(url) as target:
        args = [str(tool.path), "--exit-on-error", "--single-transaction", "--no-owner"]
        code, ran = tools.run([*args, "--no-privileges", *target, str(path)])
    if code:
        raise BackupError(
            f"pg_restore failed (exit {code}): {ran.errors()}; it ran in one transaction, so"
            " nothing of it remains"
        )
