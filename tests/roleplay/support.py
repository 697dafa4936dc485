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
    """Every item of a list, following next_cursor (and failing, not looping, if it never ends)."""
    return [item for page in await list_pages(svc, path, headers, 1000, **params) for item in page]


def assert_problem(r: Any, status: int, path: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json", r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["detail"]
    if path is not None:
        assert [e["path"] for e in body["errors"]] == [path], body
    return body


async def new_session(svc: Service, user: dict[str, str], **body: Any) -> dict[str, Any]:
    """A session record of `user` (start_time defaults to a fixed moment)."""
    body.setdefault("start_time", "2024-05-01T09:00:00Z")
    r = await svc.client.post(f"{BASE}/sessions", json=body, headers=auth(user))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def holdings(svc: Service, user: dict[str, str]) -> dict[str, Any]:
    """Everything `user` owns, as the API shows it: how many scenarios, roles and sessions,
    every session id, and the profile. Equal before and after a refused write = no row moved."""
    headers = auth(user)
    counts: dict[str, int] = {}
    for kind in ("scenarios", "roles"):
        r = await svc.client.get(f"{BASE}/{kind}/count", headers=headers)
        assert r.status_code == 200, r.text
        counts[kind] = r.json()["count"]
    sessions = [s for page in await list_pages(svc, "sessions", user, limit=200) for s in page]
    r = await svc.client.get(f"{BASE}/users/me", headers=headers)
    assert r.status_code == 200, r.text
    return {
        **counts,
        "sessions": len(sessions),
        "session_ids": sorted(s["id"] for s in sessions),
        "profile": r.json(),
    }


async def list_pages(
    svc: Service, path: str, headers: dict[str, str], most: int = 100, **params: Any
) -> list[list[dict[str, Any]]]:
    """Every page of a list, following next_cursor, as a list of pages; fails (rather than
    loop forever) when the cursors have not ended after `most` pages."""
    pages: list[list[dict[str, Any]]] = []
    cursor = params.pop("cursor", None)
    for _ in range(most):
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        r = await svc.client.get(f"{BASE}/{path}", params=query, headers=auth(headers))
        assert r.status_code == 200, r.text
        page = r.json()
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return pages
    raise AssertionError(f"{path}: still a next_cursor after {most} pages")
