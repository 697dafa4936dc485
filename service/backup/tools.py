"""The native tools a backup runs (pg_dump / pg_restore, mariadb-dump / mysqldump and the
mariadb / mysql client): found by version, given the password in a private file rather than on
the command line, and read from as they run so their progress and errors are never lost."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import IO

from service import tls
from service.backup import BackupError, manifest
from service.config import DbUrl

PG_HINT = (
    "install the PostgreSQL {major} client tools (Debian/Ubuntu: apt install"
    " postgresql-client-{major}, which provides /usr/lib/postgresql/{major}/bin/{name})"
)
MY_NAMES = {"dump": ("mariadb-dump", "mysqldump"), "client": ("mariadb", "mysql")}
MY_HINT = "install the MariaDB or MySQL client (Debian/Ubuntu: apt install mariadb-client)"


@dataclass(frozen=True)
class Tool:
    name: str
    path: Path
    version: str
    family: str  # postgres, mariadb or mysql

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    def info(self) -> manifest.Tool:
        return manifest.Tool(self.name, self.version, str(self.path), self.family)


def identify(path: Path) -> Tool | None:
    """What `path --version` says it is, or None when it does not run."""
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except OSError:
        return None
    if found := re.search(r"\(PostgreSQL\) (\d+(?:\.\d+)*)", out):
        return Tool(path.name, path, found[1], "postgres")
    if found := re.search(r"(\d+\.\d+\.\d+)-MariaDB", out):
        return Tool(path.name, path, found[1], "mariadb")
    if found := re.search(r"\bVer (\d+\.\d+\.\d+)", out):
        return Tool(path.name, path, found[1], "mysql")
    return None


def _pg_dirs(major: int) -> list[Path]:
    dirs = [Path(f"/usr/lib/postgresql/{major}/bin")]
    try:
        from service import embedded

        dirs.append(embedded.pg_bin())  # the embedded server's own, when pgserver is installed
    except ImportError:
        pass
    return dirs


def postgres(name: str, major: int, server: str, dirs: Sequence[Path] | None = None) -> Tool:
    """pg_dump / pg_restore of the server's major version: from /usr/lib/postgresql/<major>/bin,
    the embedded server's bundle or PATH, in that order. `dirs` replaces that search."""
    search = list(dirs) if dirs is not None else _pg_dirs(major)
    paths = [d / name for d in search]
    if dirs is None and (on_path := shutil.which(name)):
        paths.append(Path(on_path))
    others: list[Tool] = []
    for path in paths:
        if not os.access(path, os.X_OK):
            continue
        tool = identify(path)
        if tool is not None and tool.major == major:
            return tool
        if tool is not None:
            others.append(tool)
    hint = PG_HINT.format(major=major, name=name)
    if others:
        found = ", ".join(f"{t.version} at {t.path}" for t in others)
        raise BackupError(
            f"{name} must have the server's major version: the server runs PostgreSQL {server},"
            f" but the only {name} found is {found}; {hint}"
        )
    where = ", ".join(str(d) for d in search) + (" and PATH" if dirs is None else "")
    raise BackupError(f"no {name} found (looked in {where}); {hint}")


def mysql(kind: str, prefer: str, dirs: Sequence[Path] | None = None) -> Tool:
    """The dump tool or client, of the family `prefer` (mariadb, mysql) when both are there:
    each family's dump reads best with its own client and server."""
    found: list[Tool] = []
    for name in MY_NAMES[kind]:
        where = (
            shutil.which(name, path=os.pathsep.join(map(str, dirs)))
            if dirs is not None
            else shutil.which(name)
        )
        tool = identify(Path(where)) if where else None
        if tool is not None and tool.family in ("mariadb", "mysql"):
            found.append(tool)
    if not found:
        raise BackupError(f"no {' or '.join(MY_NAMES[kind])} found on PATH; {MY_HINT}")
    return next((t for t in found if t.family == prefer), found[0])


def server_family(version: str) -> str:
    return "mariadb" if "mariadb" in version.lower() else "mysql"


@contextmanager
def _secret_file(text: str) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix="datasvc-", suffix=".cnf")  # mode 0600
    try:
        with os.fdopen(fd, "w") as out:
            out.write(text)
        yield Path(name)
    finally:
        os.unlink(name)


@contextmanager
def pg_target(url: DbUrl) -> Iterator[list[str]]:
    """`--dbname URI` for pg_dump / pg_restore; the password goes in a passfile (mode 0600)."""
    escaped = url.password.replace("\\", "\\\\").replace(":", "\\:")
    with _secret_file(f"*:*:*:*:{escaped}\n" if url.password else "") as passfile:
        options = (*url.options, ("passfile", str(passfile)), ("connect_timeout", "10"))
        yield ["--no-password", "--dbname", replace(url, password="", options=options).render()]


@contextmanager
def my_target(url: DbUrl, family: str) -> Iterator[list[str]]:
    """Connection options for the MySQL tools of `family` (mariadb, mysql), TLS included; the
    password in a defaults file, which the tools require as the very first option."""
    password = url.password.replace("\\", "\\\\").replace('"', '\\"')
    with _secret_file(f'[client]\npassword="{password}"\n') as cnf:
        # A host of "localhost" would make the clients use their default socket instead.
        where = (
            ["--socket", url.socket]
            if url.socket
            else ["--protocol=TCP", "--host", url.host, "--port", str(url.port)]
        )
        secure = [] if url.socket else tls.mysql_tool_args(url.tls, family)
        yield [f"--defaults-extra-file={cnf}", *where, "--user", url.user, *secure]


@dataclass
class Running:
    """A started tool whose stderr is read line by line while it runs, so a chatty tool never
    blocks on a full pipe and a watcher can react to a line as soon as it is written."""

    args: list[str]
    stdin: IO[bytes] | None = None
    on_line: Callable[[str], None] | None = None
    on_end: Callable[[], None] | None = None
    lines: list[str] = field(default_factory=list)
    _proc: subprocess.Popen[bytes] | None = None
    _reader: threading.Thread | None = None

    def __enter__(self) -> Running:
        try:
            self._proc = subprocess.Popen(
                self.args, stdin=self.stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        except OSError as exc:
            raise BackupError(f"could not run {self.args[0]}: {exc}") from None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        for raw in self._proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            self.lines.append(line)
            if self.on_line is not None:
                self.on_line(line)
        if self.on_end is not None:
            self.on_end()

    def wait(self) -> int:
        assert self._proc is not None and self._reader is not None
        code = self._proc.wait()
        self._reader.join()
        return code

    def errors(self, verbose_prefix: str = "-- ") -> str:
        """What the tool said that was not progress chatter, last lines first-to-last."""
        said = [ln for ln in self.lines if ln.strip() and not ln.startswith(verbose_prefix)]
        return " / ".join(said[-5:]) or "no message"

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Leaving early (an error, Ctrl-C): the tool must not outlive the command.
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self.wait()


def run(args: list[str], stdin: IO[bytes] | None = None) -> tuple[int, Running]:
    with Running(args, stdin=stdin) as running:
        code = running.wait()
    return code, running


def human(size: float) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000:
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"
