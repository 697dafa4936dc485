"""MySQL / MariaDB dumps: `mariadb-dump` (or `mysqldump`) `--single-transaction`, made to see
exactly the snapshot the manifest is computed in, and a restore through the matching client.

The two snapshots are tied by pausing commits for a moment: this session takes FLUSH TABLES WITH
READ LOCK, opens its own consistent snapshot (the global read lock outlives START TRANSACTION),
starts the dump and waits until the dump has opened its snapshot too, then unlocks. Nothing can
commit in between, so both snapshots hold the same data. The dump tells when: with --verbose it
writes "-- Starting transaction..." just before its START TRANSACTION WITH CONSISTENT SNAPSHOT,
and its next line only once that statement has returned. Writers wait for milliseconds."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pymysql

from service import dbapi, queries
from service.backup import BackupError, tools
from service.backup.manifest import BinlogPosition
from service.config import DbUrl

EXTENSION = "sql"
LOCK_WAIT = 10  # seconds FLUSH TABLES WITH READ LOCK may wait for running statements
SNAPSHOT_WAIT = 30.0  # seconds the dump may take to connect and open its snapshot
ACCESS_DENIED = {1044, 1045, 1142, 1227}
LOCK_WAIT_TIMEOUT = 1205
COMMON = [
    "--default-character-set=utf8mb4",
    "--max-allowed-packet=1073741824",  # rows up to the server's own limit, whatever it is
]


class _SnapshotWatch:
    """Set once the dump has written the line after "Starting transaction", or has ended."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self._starting = False

    def line(self, text: str) -> None:
        if self._starting:
            self.opened.set()
        elif "Starting transaction" in text:
            self._starting = True


def _dump_args(tool: tools.Tool, path: Path) -> list[str]:
    args = [
        "--verbose",
        "--single-transaction",
        "--skip-routines",
        "--skip-triggers",
        "--skip-events",
        "--hex-blob",
        "--no-tablespaces",
        f"--result-file={path}",
        *COMMON,
    ]
    if tool.family == "mysql":
        # MySQL's own mysqldump: no GTID_PURGED statement (it fails on a server with other GTIDs)
        # and no histogram statements (MariaDB servers have no COLUMN_STATISTICS).
        args += ["--set-gtid-purged=OFF", "--column-statistics=0"]
    return args


def _binlog_position(conn: Any) -> BinlogPosition | None:
    q = queries.system("mysql")
    for query in (q.binlog_position, q.binlog_status):
        try:
            rows = dbapi.run(conn, query)
        except pymysql.err.MySQLError:
            continue  # unknown statement on this version, or no privilege to read it
        if rows and rows[0].get("file"):
            return BinlogPosition(str(rows[0]["file"]), int(rows[0]["position"]))
        return None
    return None


def _pause(conn: Any, url: DbUrl) -> None:
    q = queries.system("mysql")
    dbapi.run(conn, q.set_lock_wait_timeout, seconds=LOCK_WAIT)
    try:
        dbapi.run(conn, q.pause_writes)
    except pymysql.err.MySQLError as exc:
        code = exc.args[0] if exc.args else 0
        if code in ACCESS_DENIED:
            raise BackupError(
                f"{url.user!r} may not run FLUSH TABLES WITH READ LOCK on {url}, which a"
                " consistent backup needs for a few milliseconds: have a DBA run GRANT RELOAD"
                f" ON *.* TO '{url.user}'@'<host>'"
            ) from None
        if code == LOCK_WAIT_TIMEOUT:
            raise BackupError(
                f"could not pause writes on {url} within {LOCK_WAIT} s: a long statement holds a"
                " table (see SHOW PROCESSLIST); nothing was dumped, run the backup again later"
            ) from None
        raise BackupError(
            f"{url} refused FLUSH TABLES WITH READ LOCK ({exc.args[-1] if exc.args else exc});"
            " a consistent backup needs it for a few milliseconds (TiDB has none: use its BR)"
        ) from None


@contextmanager
def dumping(conn: Any, url: DbUrl, tool: tools.Tool, path: Path) -> Iterator[BinlogPosition | None]:
    """Start the dump on the same snapshot as a transaction opened on `conn`, in which the
    caller then reads the manifest's numbers; yields the binary log position of that state."""
    q = queries.system("mysql")
    dbapi.run(conn, q.set_repeatable_read)
    _pause(conn, url)
    paused = True
    try:
        dbapi.run(conn, q.begin_snapshot)
        position = _binlog_position(conn)
        watch = _SnapshotWatch()
        with tools.my_target(url, tool.family) as target:
            args = [str(tool.path), target[0], *_dump_args(tool, path), *target[1:], url.database]
            with tools.Running(args, on_line=watch.line, on_end=watch.opened.set) as dump:
                if not watch.opened.wait(SNAPSHOT_WAIT):
                    raise BackupError(
                        f"{tool.name} did not open its snapshot within {SNAPSHOT_WAIT:.0f} s"
                        f" ({dump.errors()}); writes were paused for that long and are resumed"
                    )
                dbapi.run(conn, q.resume_writes)
                paused = False
                yield position
                code = dump.wait()
        if code:
            raise BackupError(f"{tool.name} failed (exit {code}): {dump.errors()}")
    finally:
        with contextlib.suppress(pymysql.err.MySQLError):
            if paused:
                dbapi.run(conn, q.resume_writes)
            dbapi.run(conn, q.end_snapshot)


def load(url: DbUrl, tool: tools.Tool, path: Path) -> None:
    """Feed the dump to the client, which stops at the first error."""
    with tools.my_target(url, tool.family) as target, path.open("rb") as dump:
        args = [str(tool.path), target[0], "--binary-mode", "--batch", *COMMON, *target[1:]]
        code, ran = tools.run([*args, url.database], stdin=dump)
    if code:
        raise BackupError(f"{tool.name} failed (exit {code}): {ran.errors()}")
