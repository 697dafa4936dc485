"""The embedded default's start: `datasvc serve` with no DATABASE_URL and a fresh DATA_DIR, timed
to the first 200 from /ready; then again on the data directory it left."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.server import clean_env, free_port, wait_ready
from bench.stats import Run


def _postmaster_gone(data_dir: Path, timeout: float = 30.0) -> None:
    """The embedded server stops when the service exits; the next start must not find it."""
    pid_file = data_dir / "postgres" / "postmaster.pid"
    deadline = time.monotonic() + timeout
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def start_once(data_dir: Path, log: Path) -> float:
    """Seconds from launching the command to /ready answering 200; then a Ctrl-C stop."""
    port = free_port()
    env = clean_env({"DATA_DIR": str(data_dir), "PORT": str(port), "HOST": "127.0.0.1"})
    started = time.perf_counter()
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "service", "serve", "--log-level", "warning"],
            env=env,
            cwd=data_dir.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_ready(f"http://127.0.0.1:{port}", proc, log, timeout=180)
        seconds = time.perf_counter() - started
    finally:
        proc.send_signal(2)  # SIGINT: what Ctrl-C does
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        _postmaster_gone(data_dir)
    return seconds


def measure(workdir: Path, repeats: int) -> list[Run]:
    runs = []
    for repeat in range(1, repeats + 1):
        data_dir = workdir / f"startup-{repeat}" / "data"
        shutil.rmtree(data_dir.parent, ignore_errors=True)
        data_dir.parent.mkdir(parents=True)
        log = data_dir.parent / "service.log"
        try:
            for kind in ("startup-empty", "startup-existing"):
                seconds = start_once(data_dir, log)
                runs.append(Run(kind=kind, engine="postgres", repeat=repeat, seconds=seconds))
        finally:
            shutil.rmtree(data_dir.parent, ignore_errors=True)
    return runs
