"""The one-command start: `datasvc serve` with no database configured runs on an embedded
PostgreSQL in ./data, keeps its data across restarts and leaves no server behind on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil

CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if not k.endswith("DATABASE_URL") and k not in ("JWT_SECRET", "DATA_DIR", "APPS")
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def request(url: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def postgres_of(data: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        if proc.info["name"] == "postgres" and str(data) in " ".join(proc.info["cmdline"] or []):
            found.append(proc)
    return found


def serve(cwd: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port)],
        cwd=cwd,
        env=CLEAN_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_ready(base: str, proc: subprocess.Popen[str], seconds: float = 60) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        try:
            if request(base + "/ready")[0] == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("the service did not become ready")


def stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    return out


def token(cwd: Path, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "service", "token", *args],
        cwd=cwd,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.strip()


def test_serve_starts_from_empty_and_again_from_existing_data(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = serve(tmp_path, port)
    try:
        wait_ready(base, proc)
        admin = token(tmp_path, "--role", "admin")
        status, user = request(base + "/chat/api/users/login", {"username": "首位使用者"}, admin)
        assert status == 200
        user_token = token(tmp_path, "--app", "chat", "--user", str(user["id"]))
        status, chat = request(base + "/chat/api/chats", {"title": "persisted"}, user_token)
        assert status == 201
    finally:
        out = stop(proc)
    assert proc.returncode == 0, out
    assert "/docs" in out and "datasvc token --role admin" in out
    assert (tmp_path / "data" / "jwt_secret").stat().st_mode & 0o777 == 0o600
    assert postgres_of(tmp_path / "data") == [], "Ctrl-C must stop the embedded PostgreSQL"

    proc = serve(tmp_path, port)
    try:
        wait_ready(base, proc)
        status, again = request(f"{base}/chat/api/chats/{chat['id']}", token=user_token)
        assert status == 200 and again["title"] == "persisted", "same data, same secret"
    finally:
        stop(proc)
    assert postgres_of(tmp_path / "data") == []
