"""Helpers for the smartlite tests: accounts and their credentials through the API."""

from __future__ import annotations

import secrets
from typing import Any

from service import dbapi
from tests.conftest import Service

BASE = "/smartlite/api"
PASSWORD = "correct horse battery"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def register(svc: Service, **body: Any) -> dict[str, Any]:
    name = f"u{secrets.token_hex(5)}"
    body.setdefault("email", f"{name}@example.com")
    body.setdefault("username", name)
    body.setdefault("password", PASSWORD)
    r = await svc.client.post(f"{BASE}/auth/register", json=body)
    assert r.status_code == 201, r.text
    return {**r.json(), "password": body["password"]}


async def login(svc: Service, account: dict[str, Any], **headers: str) -> dict[str, Any]:
    r = await svc.client.post(
        f"{BASE}/auth/login",
        json={"login": account["username"], "password": account["password"]},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    tokens: dict[str, Any] = r.json()
    return tokens


async def new_user(svc: Service) -> dict[str, Any]:
    """A registered, logged-in account: its fields, `tokens` and ready `headers`."""
    account = await register(svc)
    tokens = await login(svc, account)
    return {**account, "tokens": tokens, "headers": bearer(tokens["access_token"])}


async def new_key(svc: Service, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("name", "test key")
    r = await svc.client.post(f"{BASE}/api-keys", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def worker(svc: Service) -> dict[str, str]:
    """X-API-Key headers of a worker key (an admin creates it for a service account)."""
    account = await register(svc)
    key = await new_key(svc, svc.admin(), scope="worker", user_id=account["id"])
    return {"X-API-Key": key["key"]}


def assert_problem(r: Any, status: int, path: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json", r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["detail"]
    if path is not None:
        assert [e["path"] for e in body["errors"]] == [path], body
    return body


def raw(svc: Service, statement: str, *params: Any) -> list[tuple[Any, ...]]:
    """A statement straight on the app's database, as a DBA (or an attacker with a dump) would."""
    url = svc.settings.databases["smartlite"].url
    assert url is not None
    with dbapi.connect(url) as conn, conn.cursor() as cur:
        cur.execute(statement, params or None)
        return list(cur.fetchall()) if cur.description else []
