"""Least privilege on both engines: databases migrated by the owner, a runtime account given
exactly what `datasvc grants` prints, the service run under it (every chat and roleplay route
answers), and DDL through that account refused by the server."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pymysql
import pytest

from service import apps, dbapi, runtime
from service.app import create_app
from service.auth import Tokens
from service.config import AppDb, DbUrl, Settings
from tests.conftest import SECRET, scratch_name, settings_for

APPS = ("chat", "roleplay")
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Runtime:
    engine: str
    settings: Settings
    client: httpx.AsyncClient
    tokens: Tokens
    account: DbUrl  # the runtime account on the server (no database)
    called: set[tuple[str, str, str]] = field(default_factory=set)

    def admin(self) -> dict[str, str]:
        return {"Authorization": "Bearer " + self.tokens.issue(role="admin")}

    def user(self, app: str, subject: str) -> dict[str, str]:
        token = self.tokens.issue(role="user", app=app, subject=subject)
        return {"Authorization": "Bearer " + token}

    async def call(
        self,
        method: str,
        app: str,
        template: str,
        headers: dict[str, str],
        status: int = 200,
        json: Any = None,
        **params: str,
    ) -> Any:
        """One request to `template` of `app`, which must answer `status`; remembered, so the
        test can tell that every declared route was called."""
        url = f"/{app}{template.format(**params)}"
        # A fresh Idempotency-Key each time: the keys' table is written under this account too.
        fresh = {**headers, "Idempotency-Key": str(uuid.uuid4())}
        r = await self.client.request(method, url, headers=fresh, json=json)
        assert r.status_code == status, (method, url, r.status_code, r.text)
        self.called.add((app, method, template))
        return r.json() if r.content else None


def _create_account(owner: DbUrl, name: str, password: str) -> None:
    """The account itself, as a DBA makes it before running the printed grants."""
    statement = (
        f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'"
        if owner.engine == "postgres"
        else f"CREATE USER '{name}'@'{owner.host}' IDENTIFIED BY '{password}'"
    )
    with dbapi.connect(owner.with_database("postgres" if owner.engine == "postgres" else "")) as c:
        c.cursor().execute(statement)


def _drop_account(owner: DbUrl, name: str) -> None:
    statement = (
        f'DROP ROLE IF EXISTS "{name}"'
        if owner.engine == "postgres"
        else f"DROP USER IF EXISTS '{name}'@'{owner.host}'"
    )
    with dbapi.connect(owner.with_database("postgres" if owner.engine == "postgres" else "")) as c:
        c.cursor().execute(statement)


def datasvc(settings: Settings, *args: str) -> str:
    """Run the CLI with the apps' runtime URLs and owner (migrate) URLs in its environment."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "APPS": ",".join(APPS),
        "JWT_SECRET": SECRET,
    }
    for app in APPS:
        db = settings.databases[app]
        assert db.url is not None and db.owner is not None
        env[f"{app.upper()}_DATABASE_URL"] = db.url.render()
        env[f"{app.upper()}_MIGRATE_DATABASE_URL"] = db.owner.render()
    ran = subprocess.run(
        [sys.executable, "-m", "service", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert ran.returncode == 0, (args, ran.stdout, ran.stderr)
    return ran.stdout


def printed_grants(settings: Settings, account: DbUrl) -> dict[str, list[str]]:
    """What `datasvc grants` prints for each app, run as the command a DBA would run."""
    user = account.user if account.engine == "postgres" else f"{account.user}@{account.host}"
    printed = datasvc(settings, "grants", "--user", user)
    found: dict[str, list[str]] = {}
    for block in printed.strip().split("\n\n"):
        app = block.removeprefix("-- ").split(":", 1)[0]
        sql = "\n".join(ln for ln in block.splitlines() if not ln.startswith("--"))
        found[app] = [s.strip() for s in sql.split(";") if s.strip()]
    assert set(found) == set(APPS), printed
    return found


def _grant(owner_url: DbUrl, statements: list[str]) -> None:
    with dbapi.connect(owner_url) as conn:
        for statement in statements:
            conn.cursor().execute(statement)


@pytest.fixture
async def under_runtime_account(server: DbUrl) -> AsyncIterator[Runtime]:
    owners = settings_for(server, {app: scratch_name(app) for app in APPS})
    name, password = f"rt_{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    account = replace(server, user=name, password=password, database="")
    await asyncio.to_thread(_create_account, server, name, password)
    try:
        databases = dict(owners.databases)
        for app in APPS:
            owner = owners.databases[app].url
            assert owner is not None
            runtime_url = replace(owner, user=name, password=password)
            databases[app] = AppDb(app, runtime_url, "test", owner=owner, owner_source="test")
        settings = replace(owners, databases=databases)
        # The owner creates and migrates the databases (the runtime account could do neither).
        migrated = await asyncio.to_thread(datasvc, settings, "migrate", "upgrade")
        assert "chat: applied chat-0001" in migrated, migrated
        for app, statements in printed_grants(settings, account).items():
            owner_url = owners.databases[app].url
            assert owner_url is not None
            await asyncio.to_thread(_grant, owner_url, statements)
        checked = await asyncio.to_thread(datasvc, settings, "check")
        assert "chat: ok" in checked and "roleplay: ok" in checked, checked
        service = create_app(settings)  # no --migrate: the runtime account may not
        async with service.router.lifespan_context(service):
            transport = httpx.ASGITransport(app=service)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                yield Runtime(
                    server.engine, settings, client, Tokens(SECRET, list(apps.REGISTRY)), account
                )
    finally:
        for app in APPS:
            url = owners.databases[app].url
            assert url is not None
            await runtime.drop_database(url, owners)
        await asyncio.to_thread(_drop_account, server, name)


async def _chat(rt: Runtime) -> None:
    user = await rt.call(
        "POST", "chat", "/api/users/login", rt.admin(), json={"username": f"u{uuid.uuid4().hex}"}
    )
    me = rt.user("chat", str(user["id"]))
    assert (await rt.call("GET", "chat", "/api/users/me", me))["id"] == user["id"]
    chat = await rt.call("POST", "chat", "/api/chats", me, 201, json={"title": "t"})
    ids = {"chat_id": str(chat["id"])}
    await rt.call("GET", "chat", "/api/chats", me)
    await rt.call("GET", "chat", "/api/chats/{chat_id}", me, **ids)
    await rt.call("PATCH", "chat", "/api/chats/{chat_id}", me, json={"title": "u"}, **ids)
    said = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]
    await rt.call("POST", "chat", "/api/chats/{chat_id}/messages", me, json=said, **ids)
    body = {"count": 2, "summary": "s"}
    await rt.call("POST", "chat", "/api/chats/{chat_id}/compact", me, json=body, **ids)
    await rt.call("DELETE", "chat", "/api/chats/{chat_id}", me, 204, **ids)


async def _roleplay(rt: Runtime) -> None:
    await rt.call("POST", "roleplay", "/api/system/init_defaults", rt.admin())
    user = await rt.call("POST", "roleplay", "/api/users", rt.admin(), 201, json={})
    me, own = rt.user("roleplay", user["id"]), {"id": user["id"]}
    await rt.call("GET", "roleplay", "/api/users/me", me)
    await rt.call("PATCH", "roleplay", "/api/users/me", me, json={"settings": {"lang": "zh"}})
    await rt.call("GET", "roleplay", "/api/users/{id}", me, **own)
    made: dict[str, str] = {}
    for kind, first in (("scenarios", {"title": "s"}), ("roles", {"name": "r"})):
        row = await rt.call("POST", "roleplay", f"/api/{kind}", me, 201, json=first)
        made[kind] = row["id"]
        await rt.call("GET", "roleplay", f"/api/{kind}", me)
        await rt.call("GET", "roleplay", f"/api/{kind}/count", me)
        await rt.call("GET", "roleplay", f"/api/{kind}/{{id}}", me, id=row["id"])
        await rt.call("PATCH", "roleplay", f"/api/{kind}/{{id}}", me, json=first, id=row["id"])
    session = {
        "scenario_id": made["scenarios"],
        "role_id": made["roles"],
        "start_time": "2026-03-01T09:30:15Z",
        "messages": [{"role": "user", "content": "hi"}],
    }
    row = await rt.call("POST", "roleplay", "/api/sessions", me, 201, json=session)
    await rt.call("GET", "roleplay", "/api/sessions", me)
    await rt.call("GET", "roleplay", "/api/sessions/{id}", me, id=row["id"])
    await rt.call("DELETE", "roleplay", "/api/sessions/{id}", me, 204, id=row["id"])
    for kind in ("scenarios", "roles"):
        await rt.call("DELETE", "roleplay", f"/api/{kind}/{{id}}", me, 204, id=made[kind])
    upload = {
        "profile": {"settings": {"theme": "dark"}},
        "scenarios": [{"id": str(uuid.uuid4()), "title": "imported"}],
        "roles": [{"id": str(uuid.uuid4()), "name": "imported"}],
        "sessions": [{"id": str(uuid.uuid4()), "start_time": "2026-03-01T10:00:00Z"}],
    }
    report = await rt.call("POST", "roleplay", "/api/import", me, json=upload)
    assert report["sessions"]["inserted"] == 1, report


def _refused(exc: BaseException) -> bool:
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return True
    # 1142: "CREATE command denied to user"; 1044: access denied to the database
    return (
        isinstance(exc, pymysql.err.MySQLError) and bool(exc.args) and exc.args[0] in (1142, 1044)
    )


def _ddl_refused(url: DbUrl, statement: str) -> BaseException:
    with dbapi.connect(url) as conn:
        with pytest.raises((psycopg.Error, pymysql.err.MySQLError)) as caught:
            conn.cursor().execute(statement)
    assert _refused(caught.value), caught.value
    return caught.value


async def test_every_route_works_under_a_rows_only_account_and_ddl_is_refused(
    under_runtime_account: Runtime,
) -> None:
    rt = under_runtime_account
    assert (await rt.client.get("/ready")).status_code == 200
    await _chat(rt)
    await _roleplay(rt)
    declared = {(app, e.method, e.path) for app in APPS for e in apps.load(app).APP.endpoints}
    assert declared - rt.called == set(), "routes this test does not call yet"
    for app in APPS:
        url = rt.settings.databases[app].url
        assert url is not None and url.user == rt.account.user
        await asyncio.to_thread(_ddl_refused, url, "CREATE TABLE x(i int)")
        await asyncio.to_thread(_ddl_refused, url, "DROP TABLE _datasvc_checksums")
        if rt.engine == "postgres":  # the bookkeeping is read-only to it there too
            await asyncio.to_thread(_ddl_refused, url, "DELETE FROM _yoyo_migration")
        # A table a later migration creates (as the owner) is the runtime account's to use.
        owner = rt.settings.databases[app].owner
        assert owner is not None
        await asyncio.to_thread(_grant, owner, ["CREATE TABLE later_t (i int)"])
        await asyncio.to_thread(_grant, url, ["INSERT INTO later_t VALUES (1)"])
