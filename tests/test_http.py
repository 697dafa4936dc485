"""The HTTP core every app shares: problems, body cap, health, readiness, OpenAPI, docs."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from service.config import DEFAULT_BODY_LIMIT
from tests.conftest import Service

PROBLEM = "application/problem+json"


async def test_health_answers_without_a_token(service: Service) -> None:
    r = await service.client.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


async def test_ready_reports_every_app_migrated(service: Service) -> None:
    r = await service.client.get("/ready")
    assert r.status_code == 200, r.text
    chat = r.json()["apps"]["chat"]
    assert chat["engine"] == service.engine and chat["pending_migrations"] == []


async def test_malformed_json_is_400_problem(service: Service) -> None:
    for body in (b"{", b"{'title': 1}", b"\xff\xfe", b'{"title": "x",}', b""):
        r = await service.client.post(
            "/chat/api/chats",
            content=body,
            headers={**service.user(1), "Content-Type": "application/json"},
        )
        assert r.status_code == 400, body
        problem = r.json()
        assert r.headers["content-type"] == PROBLEM
        assert set(problem) >= {"type", "title", "status", "detail"} and problem["status"] == 400


async def test_wrong_types_and_unknown_fields_are_422_with_paths(service: Service) -> None:
    cases = (
        ({"title": 5}, "$.title"),
        ({"titel": "typo"}, "$.titel"),
        ([], "$"),
        ({"model": None, "prompt_name": "a b"}, "$.prompt_name"),
    )
    for body, path in cases:
        r = await service.client.post("/chat/api/chats", json=body, headers=service.user(1))
        assert r.status_code == 422, body
        assert r.json()["errors"][0]["path"] == path, r.json()


async def test_non_json_content_type_is_415(service: Service) -> None:
    r = await service.client.post(
        "/chat/api/chats",
        content=b"title=x",
        headers={**service.user(1), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 415 and r.headers["content-type"] == PROBLEM


async def test_body_over_the_limit_is_413_by_content_length(service: Service) -> None:
    body = b'{"title": "' + b"x" * DEFAULT_BODY_LIMIT + b'"}'
    r = await service.client.post(
        "/chat/api/chats",
        content=body,
        headers={**service.user(1), "Content-Type": "application/json"},
    )
    assert r.status_code == 413 and r.headers["content-type"] == PROBLEM


async def test_streamed_body_over_the_limit_is_413_before_read_whole(service: Service) -> None:
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(30):  # 30 MB if nobody stops reading
            sent += 1
            yield b" " * (1024 * 1024)

    r = await service.client.post(
        "/chat/api/chats",
        content=chunks(),
        headers={**service.user(1), "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert sent <= 12, f"the service read {sent} MB before refusing"


async def test_unknown_route_and_wrong_method_are_problems(service: Service) -> None:
    r = await service.client.get("/chat/api/nothing-here", headers=service.user(1))
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    r = await service.client.put("/chat/api/chats", headers=service.user(1))
    assert r.status_code == 405 and r.headers["content-type"] == PROBLEM


async def test_openapi_describes_every_route_with_schemas(service: Service) -> None:
    doc = (await service.client.get("/openapi.json")).json()
    assert doc["openapi"].startswith("3.1")
    chats = doc["paths"]["/chat/api/chats"]
    assert set(chats) == {"get", "post"}
    assert chats["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "ChatCreate"
    )
    names = set(doc["components"]["schemas"])
    assert {"Chat", "ChatCreate", "ProblemDoc"} <= names
    # A name two apps use is qualified by the app (chat's and tutor's Message).
    assert "Message" in names or "chat.Message" in names
    assert doc["paths"]["/chat/api/chats/{chat_id}"]["delete"]["responses"]["204"]
    assert (
        doc["components"]["schemas"]["ChatCreate"]["properties"]["title"]["anyOf"][0]["maxLength"]
        == 100
    )


async def test_docs_page_needs_no_internet(service: Service) -> None:
    r = await service.client.get("/docs")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "/openapi.json" in r.text
    assert not re.search(r"""(src|href)=["']https?://""", r.text), (
        "the docs page loads nothing remote"
    )
