"""Helpers for the tutor tests: profiles and raw reads through the service's own API."""

from __future__ import annotations

import secrets
from typing import Any

from tests.conftest import Service

BASE = "/tutor/api"


def pid() -> str:
    return f"kid-{secrets.token_hex(6)}"


async def new_profile(svc: Service, **body: Any) -> dict[str, str]:
    """A new profile; returns its bearer headers, with its id under "id"."""
    body.setdefault("id", pid())
    body.setdefault("name", "小明")
    r = await svc.client.post(f"{BASE}/profiles", json=body, headers=svc.admin())
    assert r.status_code == 201, r.text
    return {**svc.user(body["id"], "tutor"), "id": body["id"]}


def auth(user: dict[str, str]) -> dict[str, str]:
    return {"Authorization": user["Authorization"]}


def assert_problem(r: Any, status: int, path: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json", r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["detail"]
    if path is not None:
        assert [e["path"] for e in body["errors"]] == [path], body
    return body


async def every(svc: Service, path: str, headers: dict[str, str], **params: Any) -> list[Any]:
    """Every item of a list, following next_cursor (failing rather than looping forever)."""
    items: list[Any] = []
    cursor = None
    for _ in range(1000):
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        r = await svc.client.get(f"{BASE}/{path}", params=query, headers=auth(headers))
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError(f"{path}: still a next_cursor after 1000 pages")


async def trail(svc: Service, profile: str, **params: Any) -> list[dict[str, Any]]:
    """The profile's audit trail, newest first, as an admin sees it."""
    admin = svc.admin()
    return await every(svc, f"profiles/{profile}/audit", admin, **params)
