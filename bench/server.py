"""The service as a real process (`python -m service serve`, as `datasvc serve` runs it), its
workers found by pid, /ready waited for, and a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

import psutil

# Inherited settings that would point the service somewhere else than the bench says.
SCRUB = ("DATABASE_URL", "APPS", "JWT_SECRET", "WORKERS", "PORT", "HOST", "DATA_DIR")


class ServiceFailed(Exception):
    """The service did not become ready; the message carries the end of its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SCRUB and not k.endswith("_DATABASE_URL") and "_DB_" not in k
    }
    return env | dict(extra)


def get_status(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


class Service:
    """One service process with `workers` uvicorn workers on a free port."""

    def __init__(
        self,
        env: Mapping[str, str],
        workers: int,
        workdir: Path,
        name: str,
        command: Callable[[int, int], list[str]] | None = None,
    ) -> None:
        self.port = free_port()
        # Another ASGI server to start instead (the stack's ceiling): (port, workers) -> argv.
        self.command = command
        self.workers = workers
        self.log_path = workdir / f"service-{name}.log"
        self.env = clean_env(
            {**env, "WORKERS": str(workers), "PORT": str(self.port), "HOST": "127.0.0.1"}
        )
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> float:
        """Start it and wait for /ready; returns the seconds that took."""
        started = time.perf_counter()
        with self.log_path.open("ab") as log:
            argv = [sys.executable, "-m", "service", "serve", "--log-level", "warning"]
            if self.command is not None:
                argv = self.command(self.port, self.workers)
            self.proc = subprocess.Popen(
                argv,
                env=self.env,
                cwd=self.workdir,  # no stray .env from the caller's directory
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_ready(self.url, self.proc, self.log_path, timeout)
        # With several workers /ready answers once the first is up; wait for all of them.
        deadline = time.monotonic() + timeout
        while len(self.worker_processes()) < self.workers and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5 if self.workers > 1 else 0)
        return time.perf_counter() - started

    def processes(self) -> list[psutil.Process]:
        """The service's own processes: the one started, and its workers."""
        if self.proc is None:
            return []
        try:
            main = psutil.Process(self.proc.pid)
            return [main, *main.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def worker_processes(self) -> list[psutil.Process]:
        """The processes that serve requests: the main one alone, or uvicorn's spawned workers."""
        procs = self.processes()
        if self.workers == 1:
            return procs[:1]
        workers = []
        for proc in procs[1:]:
            try:
                if "spawn_main" in " ".join(proc.cmdline()):
                    workers.append(proc)
            except psutil.Error:
                continue
        return workers

    def stop(self, timeout: float = 20.0) -> None:
        """Ctrl-C, as a person stops it (uvicorn stops its workers); then harder, by pid."""
        if self.proc is None or self.proc.poll() is not None:
            return
        children = self.processes()[1:]
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for child in children:
            try:
                child.wait(5)
            except psutil.TimeoutExpired:
                child.kill()
            except psutil.Error:
                pass

    def tail(self, lines: int = 30) -> str:
        return tail(self.log_path, lines)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if get_status(url + "/ready", timeout=1.0) == 200:
            return
        if proc.poll() is not None:
            raise ServiceFailed(
                f"the service exited with {proc.returncode} before /ready; its log ({log}):\n"
                + tail(log)
            )
        time.sleep(0.05)
    raise ServiceFailed(
        f"the service was not ready after {timeout:.0f} s; its log ({log}):\n{tail(log)}"
    )
