"""Helpers for the edu tests: accounts with a role, scenarios and their parts, via the API."""

from __future__ import annotations

import secrets
from typing import Any

from service.db import Database
from tests.conftest import Service

BASE = "/edu/api"


def database(svc: Service) -> Database:
    """The edu app's own database handle, for setting up accounts with a given role."""
    app: Any = svc.client._transport.app  # type: ignore[attr-defined]
    db: Database = app.state.databases["edu"]
    return db


async def new_user(svc: Service, role: str = "user", **fields: Any) -> dict[str, Any]:
    """A user with `role`; returns its id and bearer headers (under "headers")."""
    name = fields.pop("username", f"u{secrets.token_hex(5)}")
    db = database(svc)
    async with db.transaction() as tx:
        made = await tx.q.insert_user(
            email=f"{name}@example.com",
            full_name=fields.get("full_name"),
            username=name,
            password_hash="not-a-hash",
            bio=None,
            avatar_url=None,
            profile_public=fields.get("profile_public", True),
            allow_contact=True,
        )
        user_id = made["id"]
        await tx.q.manage_user(
            id=user_id,
            role=role,
            set_role=True,
            is_active=fields.get("is_active", True),
            set_is_active=True,
            is_verified=False,
            set_is_verified=False,
        )
    return {"id": user_id, "username": name, "headers": svc.user(user_id, "edu")}


async def new_scenario(svc: Service, user: dict[str, Any], **body: Any) -> dict[str, Any]:
    body.setdefault("title", f"scenario {secrets.token_hex(3)}")
    r = await svc.client.post(f"{BASE}/scenarios", json=body, headers=user["headers"])
    assert r.status_code == 201, r.text
    return dict(r.json())


async def new_persona(svc: Service, user: dict[str, Any], sid: int, **body: Any) -> dict[str, Any]:
    body.setdefault("name", f"persona {secrets.token_hex(3)}")
    body.setdefault("role", "CFO")
    r = await svc.client.post(
        f"{BASE}/scenarios/{sid}/personas", json=body, headers=user["headers"]
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


async def new_scene(svc: Service, user: dict[str, Any], sid: int, **body: Any) -> dict[str, Any]:
    body.setdefault("title", f"scene {secrets.token_hex(3)}")
    r = await svc.client.post(f"{BASE}/scenarios/{sid}/scenes", json=body, headers=user["headers"])
    assert r.status_code == 201, r.text
    return dict(r.json())


def assert_problem(r: Any, status: int, path: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json", r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["detail"]
    if path is not None:
        assert [e["path"] for e in body["errors"]] == [path], body
    return body
