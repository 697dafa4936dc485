"""Where the CPU went during a run (psutil cpu_times deltas per group of processes) and the
workers' largest resident memory while under load."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import psutil

from service.config import DbUrl

Procs = Callable[[], list[psutil.Process]]


def cpu_of(procs: Iterable[psutil.Process]) -> dict[int, float]:
    """User + system seconds per live process."""
    seconds: dict[int, float] = {}
    for proc in procs:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        seconds[proc.pid] = times.user + times.system
    return seconds


def used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two snapshots; a process born in between counts from its start."""
    return sum(max(0.0, t - before.get(pid, 0.0)) for pid, t in after.items())


class CpuWindow:
    """cpu_times of several named groups at the start and at the end of one run."""

    def __init__(self, groups: dict[str, Procs]) -> None:
        self.groups = groups
        self.start: dict[str, dict[int, float]] = {}

    def begin(self) -> None:
        self.start = {name: cpu_of(procs()) for name, procs in self.groups.items()}

    def end(self) -> dict[str, float]:
        return {
            name: used(self.start.get(name, {}), cpu_of(procs()))
            for name, procs in self.groups.items()
        }


class RssSampler(threading.Thread):
    """Samples the resident set of each worker every `every` seconds; keeps the maximum."""

    def __init__(self, procs: Procs, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.procs = procs
        self.every = every
        self.peak = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            for proc in self.procs():
                try:
                    self.peak = max(self.peak, proc.memory_info().rss)
                except psutil.Error:
                    continue
            self._halt.wait(self.every)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak


def postgres_processes(data_dir: Path) -> Procs:
    """The embedded server: the postmaster named in its pid file and all its children."""

    def find() -> list[psutil.Process]:
        try:
            pid = int((data_dir / "postmaster.pid").read_text().split()[0])
            main = psutil.Process(pid)
            return [main, *main.children(recursive=True)]
        except (OSError, ValueError, IndexError, psutil.Error):
            return []

    return find


def mysql_processes(server: DbUrl) -> Procs:
    """A MySQL / MariaDB server on this machine, by its process name; none when remote."""
    local = server.socket or server.host in ("127.0.0.1", "localhost", "::1")
    servers = [
        proc
        for proc in psutil.process_iter(["name"])
        if local and proc.info["name"] in ("mariadbd", "mysqld")
    ]
    # Several servers on one machine (a private one beside a shared one): the one on the port.
    listening = [proc for proc in servers if _listens(proc, server.port)]
    found = (listening or servers)[:1]
    return lambda: found


def _listens(proc: psutil.Process, port: int | None) -> bool:
    try:
        return any(
            c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN
            for c in proc.net_connections(kind="inet")
        )
    except psutil.Error:
        return False


def cores(seconds: float, wall: float) -> float:
    """CPU seconds as the number of cores kept busy over `wall` seconds."""
    return seconds / wall if wall > 0 else 0.0
