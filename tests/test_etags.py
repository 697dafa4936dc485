"""Conditional requests on every app's single-row routes: ETag on GET, 304 on If-None-Match,
412 with the current ETag on a stale If-Match, and no lost update when writers race."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from service import apps, etags, openapi, runtime
from service.auth import Tokens
from service.config import DbUrl, Timeouts
from tests.conftest import SECRET, Service, scratch_name, settings_for

APPS = ("chat", "roleplay", "tutor")


# The races queue dozens of writers on one row: on a loaded shared test machine the service's
# own waits (1 s for a pooled connection, 3 s for a row lock) would answer some with 503, which
# is those limits working, not the invariant under test.
PATIENT = Timeouts(pool=30.0, statement=30.0, lock=30.0, request=60.0)


@pytest.fixture(scope="module")
async def svc(server: DbUrl) -> AsyncIterator[Service]:
    """The service with the apps whose rows this file exercises."""
    import httpx

    from service.app import create_app

    names = {app: scratch_name(app) for app in APPS}
    # Small pools, closed with this module: every test file shares each server's connections.
    settings = settings_for(server, names, timeouts=PATIENT, pool_max=4)
    app = create_app(settings, migrate=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Service(server.engine, settings, client, Tokens(SECRET, list(apps.REGISTRY)))
    for name in APPS:
        url = settings.databases[name].url
        assert url is not None
        await runtime.drop_database(url, settings)


# Each case: make a row, and return (its URL, the caller's headers, a PATCH body or None).
Maker = Callable[[Service], Awaitable[tuple[str, dict[str, str], dict[str, Any] | None]]]


async def _tutor(svc: Service) -> tuple[str, dict[str, str], dict[str, Any] | None]:
    kid = f"kid-{secrets.token_hex(5)}"
    r = await svc.client.post(
        "/tutor/api/profiles", json={"id": kid, "name": "小華"}, headers=svc.admin()
    )
    assert r.status_code == 201, r.text
    return f"/tutor/api/profiles/{kid}", svc.user(kid, "tutor"), {"school": "x"}


async def _chat(svc: Service) -> tuple[str, dict[str, str], dict[str, Any] | None]:
    r = await svc.client.post(
        "/chat/api/users/login", json={"username": f"u{secrets.token_hex(4)}"}, headers=svc.admin()
    )
    assert r.status_code == 200, r.text
    user = svc.user(r.json()["id"], "chat")
    r = await svc.client.post("/chat/api/chats", json={"title": "t"}, headers=user)
    assert r.status_code == 201, r.text
    return f"/chat/api/chats/{r.json()['id']}", user, {"title": "changed"}


async def _roleplay_user(svc: Service) -> dict[str, str]:
    r = await svc.client.post(
        "/roleplay/api/users", json={"username": f"r{secrets.token_hex(4)}"}, headers=svc.admin()
    )
    assert r.status_code == 201, r.text
    return svc.user(r.json()["id"], "roleplay")


async def _scenario(svc: Service) -> tuple[str, dict[str, str], dict[str, Any] | None]:
    user = await _roleplay_user(svc)
    r = await svc.client.post("/roleplay/api/scenarios", json={"title": "s"}, headers=user)
    assert r.status_code == 201, r.text
    return f"/roleplay/api/scenarios/{r.json()['id']}", user, {"subtitle": "changed"}


async def _role(svc: Service) -> tuple[str, dict[str, str], dict[str, Any] | None]:
    user = await _roleplay_user(svc)
    r = await svc.client.post("/roleplay/api/roles", json={"name": "r"}, headers=user)
    assert r.status_code == 201, r.text
    return f"/roleplay/api/roles/{r.json()['id']}", user, {"title": "changed"}


async def _me(svc: Service) -> tuple[str, dict[str, str], dict[str, Any] | None]:
    return "/roleplay/api/users/me", await _roleplay_user(svc), {"avatar_url": "/a.png"}


async def _session(svc: Service) -> tuple[str, dict[str, str], dict[str, Any] | None]:
    user = await _roleplay_user(svc)
    r = await svc.client.post(
        "/roleplay/api/sessions", json={"start_time": "2024-05-01T09:00:00Z"}, headers=user
    )
    assert r.status_code == 201, r.text
    return f"/roleplay/api/sessions/{r.json()['id']}", user, None


CASES: dict[str, Maker] = {
    "tutor profile": _tutor,
    "chat": _chat,
    "roleplay scenario": _scenario,
    "roleplay role": _role,
    "roleplay users/me": _me,
    "roleplay session": _session,
}


@pytest.mark.parametrize("case", CASES)
async def test_get_tags_and_if_none_match_answers_304(svc: Service, case: str) -> None:
    url, user, _ = await CASES[case](svc)
    r = await svc.client.get(url, headers=user)
    assert r.status_code == 200, r.text
    tag = r.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"')
    again = await svc.client.get(url, headers=user | {"If-None-Match": f'W/{tag}, "other"'})
    assert again.status_code == 304 and again.headers["etag"] == tag and not again.content
    other = await svc.client.get(url, headers=user | {"If-None-Match": '"other"'})
    assert other.status_code == 200 and other.headers["etag"] == tag


@pytest.mark.parametrize("case", CASES)
async def test_a_stale_if_match_is_412_and_changes_nothing(svc: Service, case: str) -> None:
    url, user, patch = await CASES[case](svc)
    first = await svc.client.get(url, headers=user)
    tag = first.headers["etag"]
    stale = '"0123456789abcdef0123456789abcdef"'
    if patch is not None:
        r = await svc.client.patch(url, json=patch, headers=user | {"If-Match": stale})
        assert r.status_code == 412, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["etag"] == tag
        r = await svc.client.patch(url, json=patch, headers=user | {"If-Match": tag})
        assert r.status_code == 200, r.text
        now = await svc.client.get(url, headers=user)
        assert r.headers["etag"] == now.headers["etag"] != tag
        assert now.json() == r.json()
        r = await svc.client.patch(url, json=patch, headers=user | {"If-Match": tag})
        assert r.status_code == 412 and r.headers["etag"] == now.headers["etag"]
        tag = now.headers["etag"]
    if case == "roleplay users/me":
        return  # no DELETE there
    r = await svc.client.delete(url, headers=user | {"If-Match": stale})
    assert r.status_code == 412, r.text
    assert (await svc.client.get(url, headers=user)).status_code == 200
    r = await svc.client.delete(url, headers=user | {"If-Match": tag})
    assert r.status_code == 204, r.text
    r = await svc.client.delete(url, headers=user | {"If-Match": "*"})
    assert r.status_code == 404, r.text


@pytest.mark.parametrize("case", ["tutor profile", "chat", "roleplay scenario"])
async def test_racing_writers_with_one_etag_make_exactly_one_change(
    svc: Service, case: str
) -> None:
    url, user, patch = await CASES[case](svc)
    assert patch is not None
    tag = (await svc.client.get(url, headers=user)).headers["etag"]
    field = next(iter(patch))
    answers = await asyncio.gather(
        *(
            svc.client.patch(url, json={field: f"writer {i}"}, headers=user | {"If-Match": tag})
            for i in range(20)
        )
    )
    codes = sorted(r.status_code for r in answers)
    assert codes == [200] + [412] * 19, [r.text for r in answers if r.status_code not in (200, 412)]
    winner = next(r for r in answers if r.status_code == 200).json()[field]
    assert (await svc.client.get(url, headers=user)).json()[field] == winner


@pytest.mark.parametrize("name", list(apps.REGISTRY))
def test_every_write_beside_a_single_row_get_has_its_lock(name: str) -> None:
    """Without its GET's lock a write answers If-Match with 501, never with a racy check."""
    spec = apps.load(name).APP
    missing = sorted(
        {
            f"GET {get.path}"
            for endpoint in spec.endpoints
            if (get := etags.reader(spec, endpoint)) is not None and get.lock is None
        }
    )
    if missing and name not in APPS:
        pytest.xfail(f"{name}: no row lock declared yet on {', '.join(missing)}")
    assert not missing, f"{name}: no row lock declared on {', '.join(missing)}"


def test_if_match_lists_and_weak_tags() -> None:
    assert etags.matches('"a", "b"', '"b"', weak=False)
    assert etags.matches("*", '"b"', weak=False)
    assert not etags.matches('W/"b"', '"b"', weak=False)
    assert etags.matches('W/"b"', '"b"', weak=True)
    assert not etags.matches('"a"', '"b"', weak=True)


def test_the_openapi_document_declares_304_and_412() -> None:
    doc = openapi.document(runtime.specs(APPS))
    profile = doc["paths"]["/tutor/api/profiles/{id}"]
    assert "304" in profile["get"]["responses"]
    assert "412" in profile["patch"]["responses"] and "412" in profile["delete"]["responses"]
    assert any(p["name"] == "If-Match" for p in profile["patch"]["parameters"])
    assert "412" in doc["paths"]["/chat/api/chats/{chat_id}"]["patch"]["responses"]


async def test_a_write_whose_get_declares_no_lock_refuses_if_match_with_501(
    svc: Service,
) -> None:
    import httpx
    from starlette.applications import Starlette

    from service import errors
    from service.routing import AppSpec, Call, Endpoint, route

    async def read(call: Call) -> dict[str, str]:
        return {"id": call.path("id")}

    spec = AppSpec(
        name="tutor",
        endpoints=(
            Endpoint("GET", "/things/{id}", read, "a row", response=dict[str, str]),
            Endpoint("PATCH", "/things/{id}", read, "change it", response=dict[str, str]),
        ),
    )
    tokens = Tokens(SECRET, list(apps.REGISTRY))
    app = Starlette(
        routes=[route(spec, e, tokens) for e in spec.endpoints],
        exception_handlers={errors.Problem: errors.handle},
    )
    settings = svc.settings
    app.state.databases = {
        "tutor": await runtime.ensure_database(
            "tutor", settings.databases["tutor"], settings, apps.load("tutor").APP
        )
    }
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            headers = svc.admin()
            tag = (await client.get("/tutor/things/1", headers=headers)).headers["etag"]
            r = await client.patch("/tutor/things/1", headers=headers | {"If-Match": tag})
            assert r.status_code == 501 and "If-Match" in r.json()["detail"]
            assert (await client.patch("/tutor/things/1", headers=headers)).status_code == 200
    finally:
        await app.state.databases["tutor"].close()
