"""Helpers for the roleplay tests: users, rows and raw counts through the service's own API."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from tests.conftest import Service

BASE = "/roleplay/api"


def uid() -> str:
    return str(uuid.uuid4())


async def new_user(svc: Service, **body: Any) -> dict[str, str]:
    """A new user; returns its bearer headers, with its id under "id"."""
    body.setdefault("username", f"u-{secrets.token_hex(5)}")
    r = await svc.client.post(f"{BASE}/users", json=body, headers=svc.admin())
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    return {**svc.user(user_id, "roleplay"), "id": user_id}


def auth(user: dict[str, str]) -> dict[str, str]:
    return {"Authorization": user["Authorization"]}


async def new_scenario(svc: Service, user: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("title", f"scenario {secrets.token_hex(3)}")
    r = await svc.client.post(f"{BASE}/scenarios", json=body, headers=auth(user))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def new_role(svc: Service, user: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("name", f"role {secrets.token_hex(3)}")
    r = await svc.client.post(f"{BASE}/roles", json=body, headers=auth(user))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def new_template(svc: Service, kind: str = "scenarios", **body: Any) -> dict[str, Any]:
    body.setdefault("title" if kind == "scenarios" else "name", f"template {secrets.token_hex(3)}")
    body["is_default"] = True
    r = await svc.client.post(f"{BASE}/{kind}", json=body, headers=svc.admin())
    assert r.status_code == 201, r.text
    return dict(r.json())


async def list_all(
    svc: Service, path: str, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    """Every item of a list, following next_cursor."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        r = await svc.client.get(f"{BASE}/{path}", params=query, headers=auth(headers))
        assert r.status_code == 200, r.text
        page = r.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def assert_problem(r: Any, status: int, path: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json", r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["detail"]
    if path is not None:
        assert [e["path"] for e in body["errors"]] == [path], body
    return body
