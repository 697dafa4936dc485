"""The built wheel, installed with the locked dependencies into a fresh venv, migrates, checks and
serves the embedded default from site-packages: the named queries and migrations ship inside."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ("pyproject.toml", "README.md", "service", "sql", "migrations")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


def uv(*args: str | Path, cwd: Path = ROOT) -> str:
    # The uv of the test extra (scripts/install puts it in .venv), whatever is on PATH.
    return run(sys.executable, "-m", "uv", *args, cwd=cwd)


def shipped(folder: Path) -> set[str]:
    return {str(p.relative_to(folder.parent)) for p in folder.rglob("*.sql")}


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    # Not under pytest's tmp_path: as root, pgserver runs PostgreSQL as another user, who must
    # reach the venv's binaries and the data, and each pytest start makes pytest-of-root 0700.
    with tempfile.TemporaryDirectory(prefix="datasvc-wheel-") as tmp:
        yield Path(tmp)


@pytest.fixture(scope="module")
def installed(scratch: Path) -> Path:
    """A fresh venv holding uv.lock's runtime set and the wheel built from a copy of the tree
    (a copy, so the build's build/ and egg-info never land in the checkout)."""
    source = scratch / "source"
    source.mkdir()
    for name in SOURCE:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    uv("build", "--wheel", "--out-dir", scratch / "dist", source)
    (wheel,) = (scratch / "dist").glob("datasvc-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("sql", "migrations"):
        wanted = {f"service/{path}" for path in shipped(ROOT / folder)}
        assert wanted <= names, f"not in the wheel: {sorted(wanted - names)[:5]}"

    requirements = scratch / "requirements.txt"
    export = ("--frozen", "--no-dev", "--no-emit-project", "--format", "requirements-txt")
    uv("export", *export, "--output-file", requirements)
    venv = scratch / "venv"
    uv("venv", "--quiet", "--python", sys.executable, venv)
    python = venv / "bin" / "python"
    uv("pip", "install", "--quiet", "--python", python, "--require-hashes", "-r", requirements)
    uv("pip", "install", "--quiet", "--python", python, "--no-deps", wheel)
    return venv


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """No database settings from this process: the installed service starts its embedded one."""
    return {"PATH": os.environ["PATH"], "HOME": str(Path.home()), "DATA_DIR": str(data_dir)} | extra


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_the_installed_wheel_reads_its_own_files(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    code = (
        "import sysconfig; from service import migrations, queries;"
        " print(sysconfig.get_paths()['purelib'], queries.SQL_ROOT, migrations.MIGRATIONS_ROOT)"
    )
    site, sql, migrations = map(Path, run(python, "-c", code, cwd=tmp_path).split())
    assert sql == site.resolve() / "service" / "sql"
    assert migrations == site.resolve() / "service" / "migrations"
    assert shipped(sql) == shipped(ROOT / "sql")
    assert shipped(migrations) == shipped(ROOT / "migrations")


def test_the_installed_wheel_migrates_checks_and_serves_the_embedded_default(
    installed: Path, scratch: Path
) -> None:
    datasvc = installed / "bin" / "datasvc"
    work, env = scratch / "work", clean_env(scratch / "data")
    work.mkdir()
    run(datasvc, "migrate", "upgrade", cwd=work, env=env)
    checked = run(datasvc, "check", cwd=work, env=env).splitlines()
    assert checked and all(": ok, " in line for line in checked), checked
    current = run(datasvc, "migrate", "current", cwd=work, env=env)
    for app in (line.split(":")[0] for line in checked):
        assert f"{app}: {app}-" in current, current

    port = free_port()
    log = (scratch / "serve.log").open("w")
    server = subprocess.Popen(
        [datasvc, "serve", "--port", str(port)], cwd=work, env=env, stdout=log, stderr=log
    )
    try:
        deadline, status = time.monotonic() + 60, 0
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=5) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.3)
        assert status == 200, (scratch / "serve.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
