"""Idempotency-Key on creating and appending POSTs, both engines: a retry gets the first answer
and never writes twice, also across a SIGKILL of a real service process."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service import runtime
from service.auth import Tokens
from tests.conftest import SECRET, Service, scratch_name, settings_for

APPS = ("chat", "roleplay")


@pytest.fixture(scope="module")
async def svc(server: Any) -> AsyncIterator[Service]:
    """chat and roleplay only, on fresh databases of the engine's shared test server."""
    from service.app import create_app

    settings = settings_for(server, {app: scratch_name(app) for app in APPS})
    app = create_app(settings, migrate=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Service(server.engine, settings, client, Tokens(SECRET, list(APPS)))
    for name in APPS:
        url = settings.databases[name].url
        assert url is not None
        await runtime.drop_database(url, settings)


async def _user(svc: Service) -> int:
    r = await svc.client.post(
        "/chat/api/users/login", json={"username": f"u-{secrets.token_hex(4)}"}, headers=svc.admin()
    )
    assert r.status_code == 200, r.text
    return int(r.json()["id"])


def _keyed(svc: Service, user: int, key: str) -> dict[str, str]:
    return svc.user(user) | {"Idempotency-Key": key}


async def _chat_count(svc: Service, user: int) -> int:
    r = await svc.client.get("/chat/api/chats?limit=100", headers=svc.user(user))
    assert r.status_code == 200, r.text
    return len(r.json()["items"])


async def test_a_retried_create_gets_the_first_answer_and_makes_one_row(svc: Service) -> None:
    user = await _user(svc)
    key = str(uuid.uuid4())
    first = await svc.client.post(
        "/chat/api/chats", json={"title": "t"}, headers=_keyed(svc, user, key)
    )
    again = await svc.client.post(
        "/chat/api/chats", json={"title": "t"}, headers=_keyed(svc, user, key)
    )
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    assert await _chat_count(svc, user) == 1
    plain = await svc.client.post("/chat/api/chats", json={"title": "t"}, headers=svc.user(user))
    assert plain.status_code == 201 and await _chat_count(svc, user) == 2


async def test_the_same_key_with_another_body_is_422(svc: Service) -> None:
    user = await _user(svc)
    key = str(uuid.uuid4())
    ok = await svc.client.post(
        "/chat/api/chats", json={"title": "a"}, headers=_keyed(svc, user, key)
    )
    assert ok.status_code == 201
    other = await svc.client.post(
        "/chat/api/chats", json={"title": "b"}, headers=_keyed(svc, user, key)
    )
    assert other.status_code == 422, other.text
    assert other.headers["content-type"] == "application/problem+json"
    assert "different request" in other.json()["detail"]
    assert await _chat_count(svc, user) == 1


async def test_keys_are_kept_per_caller(svc: Service) -> None:
    alice, bob = await _user(svc), await _user(svc)
    key = str(uuid.uuid4())
    a = await svc.client.post(
        "/chat/api/chats", json={"title": "x"}, headers=_keyed(svc, alice, key)
    )
    b = await svc.client.post("/chat/api/chats", json={"title": "x"}, headers=_keyed(svc, bob, key))
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"] and b.json()["user_id"] == bob
    assert "idempotent-replayed" not in b.headers


async def test_a_malformed_key_is_400(svc: Service) -> None:
    user = await _user(svc)
    for bad in ("", "x" * 201, "two words"):
        r = await svc.client.post("/chat/api/chats", json={}, headers=_keyed(svc, user, bad))
        assert r.status_code == 400, (bad, r.text)
    assert await _chat_count(svc, user) == 0


async def test_concurrent_appends_with_one_key_append_once(svc: Service) -> None:
    user = await _user(svc)
    made = await svc.client.post("/chat/api/chats", json={}, headers=svc.user(user))
    chat = made.json()["id"]
    key = str(uuid.uuid4())
    message = {"role": "user", "content": "hello", "timestamp": 1}

    async def append() -> httpx.Response:
        return await svc.client.post(
            f"/chat/api/chats/{chat}/messages", json=message, headers=_keyed(svc, user, key)
        )

    answers = await asyncio.gather(*(append() for _ in range(30)))
    codes = sorted({r.status_code for r in answers})
    assert set(codes) <= {200, 409}, [r.text for r in answers if r.status_code not in (200, 409)]
    bodies = {r.text for r in answers if r.status_code == 200}
    assert len(bodies) == 1, "every 200 is the first answer"
    got = await svc.client.get(f"/chat/api/chats/{chat}", headers=svc.user(user))
    assert len(got.json()["messages"]) == 1


async def test_an_error_is_not_stored_so_the_retry_runs_again(svc: Service) -> None:
    user = await _user(svc)
    key = str(uuid.uuid4())
    missing = f"/chat/api/chats/{uuid.uuid4()}/messages"
    body = {"role": "user", "content": "x"}
    first = await svc.client.post(missing, json=body, headers=_keyed(svc, user, key))
    again = await svc.client.post(missing, json=body, headers=_keyed(svc, user, key))
    assert first.status_code == again.status_code == 404
    assert "idempotent-replayed" not in again.headers


async def test_roleplay_session_create_honours_the_key(svc: Service) -> None:
    made = await svc.client.post(
        "/roleplay/api/users", json={"username": f"p-{secrets.token_hex(4)}"}, headers=svc.admin()
    )
    assert made.status_code == 201, made.text
    user = made.json()["id"]
    headers = svc.user(user, "roleplay") | {"Idempotency-Key": str(uuid.uuid4())}
    body = {"title": "Idempotent scenario", "tags": []}
    first = await svc.client.post("/roleplay/api/scenarios", json=body, headers=headers)
    again = await svc.client.post("/roleplay/api/scenarios", json=body, headers=headers)
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert first.json() == again.json()
    listed = await svc.client.get(
        "/roleplay/api/scenarios?limit=100", headers=svc.user(user, "roleplay")
    )
    mine = [s for s in listed.json()["items"] if s["title"] == "Idempotent scenario"]
    assert len(mine) == 1


async def test_a_key_past_its_retention_is_free_again(server: Any) -> None:
    from service.app import create_app

    settings = settings_for(server, {"chat": scratch_name("chat")}, idempotency_ttl=1)
    app = create_app(settings, migrate=True)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                svc = Service(server.engine, settings, client, Tokens(SECRET, ["chat"]))
                user = await _user(svc)
                headers = _keyed(svc, user, str(uuid.uuid4()))
                first = await client.post("/chat/api/chats", json={"title": "a"}, headers=headers)
                await asyncio.sleep(1.2)
                # A different body would be 422 within the retention; past it, the key is new.
                later = await client.post("/chat/api/chats", json={"title": "b"}, headers=headers)
                assert first.status_code == later.status_code == 201, later.text
                assert "idempotent-replayed" not in later.headers
                assert await _chat_count(svc, user) == 2
    finally:
        url = settings.databases["chat"].url
        assert url is not None
        await runtime.drop_database(url, settings)


# --- a real service process, SIGKILLed under writers ------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "APPS": "chat",
        "CHAT_DATABASE_URL": url,
        "JWT_SECRET": SECRET,
        "POOL_MAX": "20",
    }
    args = [sys.executable, "-m", "uvicorn", "--factory", "service.app:factory"]
    with log.open("ab") as out:
        return subprocess.Popen(
            [*args, "--port", str(port), "--log-level", "warning"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parent.parent,
        )


async def _until_ready(client: httpx.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the service process exited"
        try:
            if (await client.get("/ready")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("the service did not become ready in 30 s")


async def test_retries_after_a_sigkill_append_each_message_once(
    server: Any, tmp_path: Path
) -> None:
    from service.app import create_app

    settings = settings_for(server, {"chat": scratch_name("chat")})
    app = create_app(settings, migrate=True)  # migrated here; the process only serves
    async with app.router.lifespan_context(app):
        pass
    url = settings.databases["chat"].url
    assert url is not None
    tokens = Tokens(SECRET, ["chat"])
    admin = {"Authorization": "Bearer " + tokens.issue(role="admin")}
    port = _free_port()
    log = tmp_path / "service.log"
    process = _serve(url.render(), port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            await _until_ready(client, process)
            r = await client.post("/chat/api/users/login", json={"username": "k"}, headers=admin)
            user = {
                "Authorization": "Bearer "
                + tokens.issue(role="user", app="chat", subject=str(r.json()["id"]))
            }
            chat = (await client.post("/chat/api/chats", json={}, headers=user)).json()["id"]
            path = f"/chat/api/chats/{chat}/messages"
            keys = [str(uuid.uuid4()) for _ in range(60)]

            answered = 0
            enough = asyncio.Event()

            async def append(key: str) -> int:
                nonlocal answered
                body = {"role": "user", "content": key, "timestamp": 1}
                try:
                    answer = await client.post(
                        path, json=body, headers=user | {"Idempotency-Key": key}
                    )
                except httpx.TransportError:
                    return 0  # no answer: the client cannot know whether it was written
                answered += 1
                if answered >= 5:
                    enough.set()
                return answer.status_code

            writers = [asyncio.create_task(append(k)) for k in keys]
            await asyncio.wait_for(enough.wait(), 30)
            process.send_signal(signal.SIGKILL)  # mid-flight: the first few have answered
            process.wait(10)
            first = await asyncio.gather(*writers)
            unanswered = [k for k, code in zip(keys, first, strict=True) if code != 200]
            process = _serve(url.render(), port, log)
            await _until_ready(client, process)
            before = await client.get(f"/chat/api/chats/{chat}", headers=user)
            stored = {m["content"] for m in before.json()["messages"]}
            committed_blind = len(stored & set(unanswered))
            retried = await asyncio.gather(*(append(k) for k in keys))
            assert set(retried) == {200}, retried
            got = await client.get(f"/chat/api/chats/{chat}", headers=user)
            contents = [m["content"] for m in got.json()["messages"]]
    finally:
        process.kill()
        process.wait(10)
        await runtime.drop_database(url, settings)
    assert sorted(contents) == sorted(keys), "each message exactly once"
    print(
        f"SIGKILL: {len(keys) - len(unanswered)} answered, {len(unanswered)} retried blind, of"
        f" which {committed_blind} had been committed without an answer"
    )
