"""Real databases for every test: the embedded PostgreSQL (pgvector included) and the MySQL /
MariaDB server named by TEST_MYSQL_URL. Engine-aware tests take the `engine` fixture and run once
per engine through the same test function."""

from __future__ import annotations

import os
import secrets
import signal
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pymysql
import pytest

from service import embedded, runtime
from service.apps import REGISTRY
from service.auth import Tokens
from service.config import AppDb, DbUrl, Settings

SECRET = "test-secret-" + "x" * 40
MYSQL_URL = os.environ.get("TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306")
ENGINES = ["postgres", "mysql"]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[DbUrl]:
    external = os.environ.get("TEST_POSTGRES_URL")
    if external:
        yield DbUrl.parse(external, "TEST_POSTGRES_URL")
        return
    with tempfile.TemporaryDirectory(prefix="datasvc-pg-") as tmp:
        yield embedded.start(Path(tmp))
        _stop_postmaster(Path(tmp) / "postgres")


def _stop_postmaster(pgdata: Path) -> None:
    """pgserver stops its server when the last process that joined it exits, but a service
    process a test SIGKILLs never says it left, and the server outlived the suite."""
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return
    pid = int(pid_file.read_text().split()[0])
    try:
        os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown
    except ProcessLookupError:
        return
    for _ in range(100):
        if not pid_file.exists():
            return
        time.sleep(0.1)


def _mysql_reachable(url: DbUrl) -> str | None:
    try:
        pymysql.connect(
            host=url.host, port=url.port, user=url.user, password=url.password, connect_timeout=3
        ).close()
    except pymysql.err.MySQLError as exc:
        return str(exc)
    return None


@pytest.fixture(scope="session")
def mysql_server() -> DbUrl:
    url = DbUrl.parse(MYSQL_URL, "TEST_MYSQL_URL")
    problem = _mysql_reachable(url)
    if problem:
        message = f"MySQL at {url} is unreachable ({problem}); set TEST_MYSQL_URL or start it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: MySQL tests must run)")
        pytest.skip(message)
    return url


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def server(engine: str, request: pytest.FixtureRequest) -> DbUrl:
    url: DbUrl = request.getfixturevalue("pg_server" if engine == "postgres" else "mysql_server")
    return url


def scratch_name(app: str) -> str:
    return f"{app}_t{secrets.token_hex(4)}"


def settings_for(server: DbUrl, names: dict[str, str], **overrides: object) -> Settings:
    databases = {
        app: AppDb(app, server.with_database(names.get(app, app)), "test") for app in REGISTRY
    }
    values: dict[str, object] = {
        "apps": tuple(names),
        "databases": databases,
        "jwt_secret": SECRET,
        "data_dir": Path(tempfile.gettempdir()),
        "pool_min": 1,
        "pool_max": 10,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class Service:
    engine: str
    settings: Settings
    client: httpx.AsyncClient
    tokens: Tokens

    def admin(self) -> dict[str, str]:
        return {"Authorization": "Bearer " + self.tokens.issue(role="admin")}

    def user(self, user_id: int | str, app: str = "chat") -> dict[str, str]:
        token = self.tokens.issue(role="user", app=app, subject=str(user_id))
        return {"Authorization": "Bearer " + token}


@pytest.fixture(scope="session")
async def service(server: DbUrl) -> AsyncIterator[Service]:
    """The whole service on a fresh, migrated database per engine, lifespan included."""
    from service.app import create_app

    settings = settings_for(server, {app: scratch_name(app) for app in REGISTRY})
    app = create_app(settings, migrate=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Service(server.engine, settings, client, Tokens(SECRET, list(REGISTRY)))
    for app_name in REGISTRY:
        url = settings.databases[app_name].url
        assert url is not None
        await runtime.drop_database(url, settings)
