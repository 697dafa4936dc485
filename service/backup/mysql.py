"""MySQL / MariaDB dumps: `mariadb-dump` (or `mysqldump`) `--single-transaction`, made to see
exactly the snapshot the manifest is computed in, and a restore through the matching client.

The two snapshots are tied by pausing commits for a moment: this session opens its own consistent
snapshot and starts the dump, waits until the dump has opened its snapshot too, then lets commits
go on. Nothing can commit in between, so both snapshots hold the same data. The dump tells when:
with --verbose it writes "-- Starting transaction..." just before its START TRANSACTION WITH
CONSISTENT SNAPSHOT, and its next line only once that statement has returned.

Pausing is FLUSH TABLES WITH READ LOCK, which queues every writer behind it while it waits for a
running statement. So one try may wait only PAUSE_TRY on MariaDB (max_statement_time) or LOCK_WAIT
on MySQL (lock_wait_timeout has whole seconds only), then gives up and is tried again with backoff:
a long UPDATE elsewhere on the server holds writers up for one try at most, not until it ends.
After PAUSE_GIVE_UP seconds of tries the backup fails and nothing was dumped. (MariaDB's BACKUP
STAGE BLOCK_COMMIT would not wait for running statements at all, but 10.11 crashed under it when
another session built an information_schema result at the same moment: not used.)"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pymysql

from service import dbapi, queries
from service.backup import BackupError, tools
from service.backup.manifest import BinlogPosition
from service.config import DbUrl

EXTENSION = "sql"
PAUSE_TRY = 0.1  # seconds one MariaDB try to pause commits may hold writers up
LOCK_WAIT = 1  # the same for MySQL's FLUSH TABLES WITH READ LOCK (whole seconds only)
PAUSE_GIVE_UP = 30.0  # seconds of tries before the backup fails (writers never notice)
STATEMENT_TIMEOUT = 1969  # MariaDB: the try ran past max_statement_time
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


def _refused(exc: pymysql.err.MySQLError, url: DbUrl, statement: str) -> BackupError:
    code = exc.args[0] if exc.args else 0
    if code in ACCESS_DENIED:
        return BackupError(
            f"{url.user!r} may not run {statement} on {url}, which a consistent backup needs for"
            f" a few milliseconds: have a DBA run GRANT RELOAD ON *.* TO '{url.user}'@'<host>'"
        )
    return BackupError(
        f"{url} refused {statement} ({exc.args[-1] if exc.args else exc}); a consistent backup"
        " needs it for a few milliseconds (TiDB has none: use its BR)"
    )


def _trying(attempt: Callable[[], object], url: DbUrl, statement: str, most: float) -> None:
    """Run `attempt` until it pauses commits; each try gives up after at most `most` seconds
    (so writers are held no longer), the next comes after a growing pause."""
    started = time.monotonic()
    delay = 0.05
    while True:
        try:
            attempt()
            return
        except pymysql.err.MySQLError as exc:
            code = exc.args[0] if exc.args else 0
            if code not in (LOCK_WAIT_TIMEOUT, STATEMENT_TIMEOUT):
                raise _refused(exc, url, statement) from None
        if time.monotonic() - started + delay > PAUSE_GIVE_UP:
            raise BackupError(
                f"could not pause commits on {url} within {PAUSE_GIVE_UP:.0f} s: a long statement"
                f" or DDL kept {statement} from finishing (see SHOW PROCESSLIST). Each try gave up"
                f" after {most:g} s, so writers waited no longer; nothing was dumped, run the"
                " backup again later"
            )
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


@contextmanager
def _paused(conn: Any, url: DbUrl, family: str) -> Iterator[Callable[[], None]]:
    """Commits paused by FLUSH TABLES WITH READ LOCK on this session, whose global read lock
    outlives the START TRANSACTION that follows; yields what lets them go on."""
    q = queries.system("mysql")
    statement = "FLUSH TABLES WITH READ LOCK"
    if family == "mariadb":
        _trying(
            lambda: dbapi.run(conn, q.try_pause_writes, seconds=PAUSE_TRY),
            url,
            statement,
            PAUSE_TRY,
        )
    else:
        dbapi.run(conn, q.set_lock_wait_timeout, seconds=LOCK_WAIT)
        _trying(lambda: dbapi.run(conn, q.pause_writes), url, statement, LOCK_WAIT)
    paused = True

    def resume() -> None:
        nonlocal paused
        if paused:
            paused = False
            dbapi.run(conn, q.resume_writes)

    try:
        yield resume
    finally:
        with contextlib.suppress(pymysql.err.MySQLError):
            resume()


@contextmanager
def dumping(conn: Any, url: DbUrl, tool: tools.Tool, path: Path) -> Iterator[BinlogPosition | None]:
    """Start the dump on the same snapshot as a transaction opened on `conn`, in which the
    caller then reads the manifest's numbers; yields the binary log position of that state."""
    q = queries.system("mysql")
    dbapi.run(conn, q.set_repeatable_read)
    try:
        with _paused(conn, url, tool.family) as resume:
            dbapi.run(conn, q.begin_snapshot)
            position = _binlog_position(conn)
            watch = _SnapshotWatch()
            with tools.my_target(url, tool.family) as target:
                args = [str(tool.path), target[0], *_dump_args(tool, path), *target[1:]]
                running = tools.Running(
                    [*args, url.database], on_line=watch.line, on_end=watch.opened.set
                )
                with running as dump:
                    if not watch.opened.wait(SNAPSHOT_WAIT):
                        raise BackupError(
                            f"{tool.name} did not open its snapshot within {SNAPSHOT_WAIT:.0f} s"
                            f" ({dump.errors()}); commits were paused that long and go on again"
                        )
                    resume()
                    yield position
                    code = dump.wait()
        if code:
            raise BackupError(f"{tool.name} failed (exit {code}): {dump.errors()}")
    finally:
        with contextlib.suppress(pymysql.err.MySQLError):
            dbapi.run(conn, q.end_snapshot)


def load(url: DbUrl, tool: tools.Tool, path: Path) -> None:
    """Feed the dump to the client, which stops at the first error."""
    with tools.my_target(url, tool.family) as target, path.open("rb") as dump:
        args = [str(tool.path), target[0], "--binary-mode", "--batch", *COMMON, *target[1:]]
        code, ran = tools.run([*args, url.database], stdin=dump)
    if code:
        raise BackupError(f"{tool.name} failed (exit {code}): {ran.errors()}")
