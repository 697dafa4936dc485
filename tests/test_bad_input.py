"""The bad requests a hostile client sent that answered 500 (or were stored) before, on both
engines: each is now a 4xx problem+json and leaves every row as it was."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import secrets
import socket
from typing import Any

import httpx
import pytest
import uvicorn

from tests.conftest import Service
from tests.roleplay.support import BASE, assert_problem, auth, holdings, new_user

CHAT = "/chat/api"
OUT_OF_INT32 = (2**31, -(2**31) - 1, 2**63, 10**100)
# Dates outside what MySQL's DATETIME holds once converted to UTC (PostgreSQL holds more).
FAR_DATES = ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0999-12-31T23:59:59Z")


def cursor_of(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


async def chat_user(svc: Service) -> int:
    name = f"bad-{secrets.token_hex(4)}"
    r = await svc.client.post(f"{CHAT}/users/login", json={"username": name}, headers=svc.admin())
    assert r.status_code == 200, r.text
    return int(r.json()["id"])


async def all_chats(svc: Service) -> list[dict[str, Any]]:
    """Every chat of every user, as the admin list shows them: equal before and after a refused
    request means no chat was added or changed."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(1000):
        params = {"limit": 200} | ({"cursor": cursor} if cursor else {})
        r = await svc.client.get(f"{CHAT}/chats", params=params, headers=svc.admin())
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return sorted(items, key=lambda c: str(c["id"]))
    raise AssertionError("the chat list never ended")


# -- 1, 2: integers a column cannot hold ------------------------------------------------------


async def test_chat_user_ids_outside_32_bits_are_422(service: Service) -> None:
    before = await all_chats(service)
    for value in OUT_OF_INT32:
        r = await service.client.get(
            f"{CHAT}/chats", params={"user_id": str(value)}, headers=service.admin()
        )
        assert_problem(r, 422, "query.user_id")
        r = await service.client.post(
            f"{CHAT}/chats", json={"user_id": value}, headers=service.admin()
        )
        assert_problem(r, 422, "$.user_id")
    assert await all_chats(service) == before


async def test_a_chat_token_whose_subject_no_user_can_have_is_401(service: Service) -> None:
    owner = await chat_user(service)
    r = await service.client.post(f"{CHAT}/chats", json={}, headers=service.user(owner))
    chat = f"{CHAT}/chats/{r.json()['id']}"
    before = await all_chats(service)
    routes: list[tuple[str, str, Any]] = [
        ("GET", f"{CHAT}/users/me", None),
        ("GET", f"{CHAT}/chats", None),
        ("POST", f"{CHAT}/chats", {}),
        ("GET", chat, None),
        ("PATCH", chat, {"title": "t"}),
        ("DELETE", chat, None),
        ("POST", f"{chat}/messages", {"role": "user", "content": "hi"}),
        ("POST", f"{chat}/compact", {"count": 1, "summary": "s"}),
    ]
    for subject in (*OUT_OF_INT32, 0, -1, "1.5", "x"):
        headers = service.user(str(subject))
        for method, url, body in routes:
            r = await service.client.request(method, url, json=body, headers=headers)
            assert_problem(r, 401)
    assert await all_chats(service) == before


# -- 3: forged cursors with dates no column holds ---------------------------------------------


@pytest.mark.parametrize(
    "path",
    [f"{CHAT}/chats", f"{BASE}/scenarios", f"{BASE}/roles", f"{BASE}/sessions"],
)
async def test_a_cursor_date_outside_what_both_engines_store_is_400(
    service: Service, path: str
) -> None:
    headers = service.user(await chat_user(service)) if path.startswith(CHAT) else None
    if headers is None:
        headers = auth(await new_user(service))
    some_id = "00000000-0000-0000-0000-000000000000"
    for date in FAR_DATES:
        r = await service.client.get(
            path, params={"cursor": cursor_of([date, some_id])}, headers=headers
        )
        assert_problem(r, 400)
    # An id no row could have is forged too: a cursor stands for a row's key.
    bad_id = "x\n" if path.startswith(BASE) else "not-a-uuid"
    cursor = cursor_of(["2024-01-01T00:00:00Z", bad_id])
    assert_problem(await service.client.get(path, params={"cursor": cursor}, headers=headers), 400)


# -- 4: bytes that are not UTF-8 anywhere in a body -------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"profile": {"username": "\xff"}}',
        b'{"scenarios": [{"id": "s1", "title": "\xff"}]}',
        b'{"roles": [{"id": "r1", "name": "ok"}], "sessions": [{"id": "\xc3"}]}',
    ],
)
async def test_an_import_with_bytes_that_are_not_utf8_is_400(service: Service, body: bytes) -> None:
    user = await new_user(service)
    before = await holdings(service, user)
    r = await service.client.post(
        f"{BASE}/import",
        content=body,
        headers={**auth(user), "Content-Type": "application/json"},
    )
    assert_problem(r, 400)
    assert await holdings(service, user) == before


# -- 5: ids and names with a trailing newline -------------------------------------------------


async def test_ids_with_a_trailing_newline_are_refused(service: Service) -> None:
    user = await new_user(service)
    before = await holdings(service, user)
    for kind, body in (("scenarios", {"title": "t"}), ("roles", {"name": "n"})):
        r = await service.client.post(
            f"{BASE}/{kind}", json={**body, "id": "x\n"}, headers=auth(user)
        )
        assert_problem(r, 422, "$.id")
        assert_problem(await service.client.get(f"{BASE}/{kind}/x%0A", headers=auth(user)), 404)
    r = await service.client.post(
        f"{BASE}/sessions",
        json={"id": "x\n", "start_time": "2024-05-01T09:00:00Z"},
        headers=auth(user),
    )
    assert_problem(r, 422, "$.id")
    assert await holdings(service, user) == before

    probe = f"p-{secrets.token_hex(4)}"
    r = await service.client.post(
        f"{BASE}/users", json={"id": probe + "\n"}, headers=service.admin()
    )
    assert_problem(r, 422, "$.id")
    for who in (probe, probe + "%0A"):
        r = await service.client.get(f"{BASE}/users/{who}", headers=service.admin())
        assert_problem(r, 404)
    r = await service.client.get(
        f"{BASE}/scenarios", params={"user_id": probe + "\n"}, headers=service.admin()
    )
    assert_problem(r, 422, "query.user_id")


async def test_a_roleplay_token_whose_subject_is_no_id_is_401(service: Service) -> None:
    for subject in ("x\n", "a" * 37, "a\u0000b", "-lead"):
        r = await service.client.get(f"{BASE}/users/me", headers=service.user(subject, "roleplay"))
        assert_problem(r, 401)


async def test_a_chat_prompt_name_with_a_trailing_newline_is_422(service: Service) -> None:
    headers = service.user(await chat_user(service))
    before = await all_chats(service)
    r = await service.client.post(f"{CHAT}/chats", json={"prompt_name": "a\n"}, headers=headers)
    assert_problem(r, 422, "$.prompt_name")
    assert await all_chats(service) == before


# -- 6: U+0000 in every text field, chat's model included -------------------------------------


async def test_nul_in_the_chat_model_is_422_on_both_engines(service: Service) -> None:
    headers = service.user(await chat_user(service))
    r = await service.client.post(f"{CHAT}/chats", json={}, headers=headers)
    assert r.status_code == 201, r.text
    chat = r.json()
    before = await all_chats(service)
    r = await service.client.post(f"{CHAT}/chats", json={"model": "\u0000"}, headers=headers)
    assert_problem(r, 422, "$.model")
    r = await service.client.patch(
        f"{CHAT}/chats/{chat['id']}", json={"model": "a\u0000b"}, headers=headers
    )
    assert_problem(r, 422, "$.model")
    # A lone surrogate escape is not JSON text at all: malformed JSON.
    r = await service.client.patch(
        f"{CHAT}/chats/{chat['id']}",
        content=b'{"model": "a\\ud800"}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert_problem(r, 400)
    assert await all_chats(service) == before


async def test_nul_in_a_text_query_parameter_is_422(service: Service) -> None:
    user = await new_user(service)
    for path, name in (("scenarios", "tag"), ("roles", "q"), ("sessions", "role_id")):
        r = await service.client.get(f"{BASE}/{path}", params={name: "a\u0000"}, headers=auth(user))
        assert_problem(r, 422, f"query.{name}")


# -- 7: every 403 a route answers is in the document ------------------------------------------


async def test_every_403_is_declared_in_the_openapi_document(service: Service) -> None:
    doc = (await service.client.get("/openapi.json")).json()
    chat_user_headers = service.user(await chat_user(service))
    owner = await new_user(service)
    roleplay_user = auth(owner)
    other = "someone-else"
    calls: list[tuple[str, str, str, dict[str, Any], Any, dict[str, str]]] = [
        ("POST", "/chat/api/users/login", "", {}, {"username": "x"}, chat_user_headers),
        ("GET", "/chat/api/chats", "", {"user_id": 7}, None, chat_user_headers),
        ("POST", "/chat/api/chats", "", {}, {"user_id": 7}, chat_user_headers),
        ("POST", "/roleplay/api/users", "", {}, {}, roleplay_user),
        ("POST", "/roleplay/api/system/init_defaults", "", {}, None, roleplay_user),
        ("POST", "/roleplay/api/import", "", {"user_id": other}, {}, roleplay_user),
        ("GET", "/roleplay/api/sessions", "", {"user_id": other}, None, roleplay_user),
        ("GET", "/roleplay/api/sessions/{id}", "s1", {"user_id": other}, None, roleplay_user),
        ("DELETE", "/roleplay/api/sessions/{id}", "s1", {"user_id": other}, None, roleplay_user),
    ]
    for kind in ("scenarios", "roles"):
        calls += [
            ("GET", f"/roleplay/api/{kind}", "", {"user_id": other}, None, roleplay_user),
            ("GET", f"/roleplay/api/{kind}/count", "", {"user_id": other}, None, roleplay_user),
            ("GET", f"/roleplay/api/{kind}/{{id}}", "x1", {"user_id": other}, None, roleplay_user),
            (
                "PATCH",
                f"/roleplay/api/{kind}/{{id}}",
                "x1",
                {"user_id": other},
                {},
                roleplay_user,
            ),
            (
                "DELETE",
                f"/roleplay/api/{kind}/{{id}}",
                "x1",
                {"user_id": other},
                None,
                roleplay_user,
            ),
        ]
    before = (await all_chats(service), await holdings(service, owner))
    for method, template, row, params, body, headers in calls:
        url = template.replace("{id}", row)
        r = await service.client.request(method, url, params=params, json=body, headers=headers)
        assert_problem(r, 403)
        declared = doc["paths"][template][method.lower()]["responses"]
        assert "403" in declared, f"{method} {template} answers 403 but does not declare it"
    assert (await all_chats(service), await holdings(service, owner)) == before


# -- 8: a broken chunked body is the client's fault, not a logged traceback -------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _raw(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


async def test_a_malformed_chunked_body_logs_no_traceback(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    transport = service.client._transport
    assert isinstance(transport, httpx.ASGITransport)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(transport.app, host="127.0.0.1", port=port, lifespan="off", log_config=None)
    )
    running = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn sets a flag, it offers no event
        await asyncio.sleep(0.01)
    before = await all_chats(service)
    token = service.user(await chat_user(service))["Authorization"]
    caplog.clear()
    try:
        with caplog.at_level(logging.INFO):
            answer = await _raw(
                port,
                b"POST /chat/api/chats HTTP/1.1\r\nHost: t\r\nAuthorization: "
                + token.encode()
                + b"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"2\r\n{}\r\nzz\r\n\r\n",
            )
            await asyncio.sleep(0.2)  # the app side sees the disconnect after the answer
    finally:
        server.should_exit = True
        await running
    assert answer.startswith(b"HTTP/1.1 4"), answer
    loud = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not loud, [r.getMessage() for r in loud]
    assert "Traceback" not in caplog.text
    assert await all_chats(service) == before


# -- also seen: a trailing slash ----------------------------------------------------------------


async def test_a_trailing_slash_is_a_problem_404_not_a_redirect(service: Service) -> None:
    headers = service.user(await chat_user(service))
    for url in (f"{CHAT}/chats/", f"{CHAT}/chats/{'0' * 8}-0000-0000-0000-{'0' * 12}/", "/health/"):
        r = await service.client.get(url, headers=headers)
        assert_problem(r, 404)
