"""Database servers a test may stop, lock and break: a PostgreSQL (pgserver's binaries) and a
MariaDB of their own in a temporary directory, each reachable over a Unix socket and over TCP.
Never the shared test servers."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.config import DbUrl
from service.embedded import pg_bin

PG_USER = "pgserver"  # pgserver's own account, for a test run as root (PostgreSQL refuses root)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, up: bool, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.2)
            reachable = s.connect_ex(("127.0.0.1", port)) == 0
        if reachable == up:
            return
        time.sleep(0.05)
    raise AssertionError(f"port {port} did not {'open' if up else 'close'} in {seconds} s")


class Server:
    """One throwaway server: `tcp` and `socket` URLs (no database), stop() and start()."""

    engine: str
    tcp: DbUrl
    socket: DbUrl

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class Postgres(Server):
    engine = "postgres"

    def __init__(self, root: Path) -> None:
        self.data = root / "pg"
        self.sockets = root / "sock"
        self.port = free_port()
        self.user = None if os.geteuid() else PG_USER
        for path in (root, self.sockets):
            path.mkdir(exist_ok=True)
            path.chmod(0o777)
        self._run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "utf8")
        self.tcp = DbUrl.parse(f"postgresql://postgres@127.0.0.1:{self.port}", "throwaway")
        self.socket = DbUrl.parse(
            f"postgresql://postgres@/?host={self.sockets}&port={self.port}", "throwaway"
        )

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [str(pg_bin() / tool), *args],
            check=True,
            capture_output=True,
            user=self.user,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.sockets} -c fsync=off"
        log = str(self.data.parent / "pg.log")
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", log, "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")


class MariaDB(Server):
    engine = "mysql"

    def __init__(self, root: Path) -> None:
        self.data = root / "mariadb"
        self.sock = root / "mariadb.sock"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        subprocess.run(
            [
                "mariadb-install-db",
                "--no-defaults",
                f"--datadir={self.data}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.tcp = DbUrl.parse(f"mysql://root@127.0.0.1:{self.port}", "throwaway")
        self.socket = DbUrl.parse(f"mysql://root@localhost/?unix_socket={self.sock}", "throwaway")

    def start(self) -> None:
        args = [
            "mariadbd",
            "--no-defaults",
            f"--datadir={self.data}",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            f"--socket={self.sock}",
            "--log-bin=binlog",
            "--innodb-buffer-pool-size=64M",
            "--innodb-flush-log-at-trx-commit=2",
            "--skip-name-resolve",
        ]
        if os.geteuid() == 0:
            args.append("--user=root")
        log = (self.data.parent / "mariadb.log").open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        _wait_port(self.port, up=True)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)  # a normal shutdown: sessions are ended (1053)
        self.process.wait(60)
        self.process = None
        _wait_port(self.port, up=False)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(60)
            self.process = None


@contextmanager
def server(engine: str) -> Iterator[Server]:
    root = Path(tempfile.mkdtemp(prefix="datasvc-fault-", dir="/tmp"))
    root.chmod(0o777)
    made: Server = Postgres(root) if engine == "postgres" else MariaDB(root)
    made.start()
    try:
        yield made
    finally:
        try:
            if isinstance(made, MariaDB):
                made.kill()
            else:
                made.stop("immediate")
        except Exception:  # already stopped by the test
            pass
        shutil.rmtree(root, ignore_errors=True)
