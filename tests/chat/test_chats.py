"""The chat app's routes, on both engines, as a client uses them."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import uuid
from typing import Any

from tests.conftest import Service

JSON = {"Content-Type": "application/json"}


async def login(
    svc: Service, name: str | None = None, display: str | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"username": name or f"user-{secrets.token_hex(4)}"}
    if display is not None:
        body["display_name"] = display
    r = await svc.client.post("/chat/api/users/login", json=body, headers=svc.admin())
    assert r.status_code == 200, r.text
    return dict(r.json())


async def new_chat(svc: Service, user_id: int, **body: Any) -> dict[str, Any]:
    r = await svc.client.post("/chat/api/chats", json=body, headers=svc.user(user_id))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_login_creates_the_user_once_and_updates_last_login(service: Service) -> None:
    name = f"nas-{secrets.token_hex(4)}"
    first = await login(service, name, "王小明")
    assert first["username"] == name and first["display_name"] == "王小明"
    assert first["created_at"].endswith("Z") and first["last_login_at"] is not None
    await asyncio.sleep(0.01)
    again = await login(service, name)
    assert again["id"] == first["id"]
    assert again["display_name"] == "王小明", "a login without display_name keeps the old one"
    assert again["created_at"] == first["created_at"]
    assert again["last_login_at"] > first["last_login_at"]


async def test_concurrent_first_logins_make_one_user(service: Service) -> None:
    name = f"race-{secrets.token_hex(4)}"
    users = await asyncio.gather(*(login(service, name) for _ in range(20)))
    assert len({u["id"] for u in users}) == 1


async def test_login_needs_an_admin_token(service: Service) -> None:
    user = await login(service)
    r = await service.client.post(
        "/chat/api/users/login", json={"username": "x"}, headers=service.user(user["id"])
    )
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"


async def test_me_returns_the_callers_user(service: Service) -> None:
    user = await login(service)
    r = await service.client.get("/chat/api/users/me", headers=service.user(user["id"]))
    assert r.status_code == 200 and r.json()["username"] == user["username"]


async def test_new_chat_takes_the_schema_defaults(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    assert chat["title"] == "新對話"
    assert chat["model"] == "claude-sonnet"
    assert chat["prompt_name"] == "default"
    assert chat["messages"] == []
    assert chat["user_id"] == user["id"]
    uuid.UUID(chat["id"])


async def test_new_chat_keeps_the_fields_given(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(
        service, user["id"], title="旅遊計畫 ✈️", model="claude-opus", prompt_name="travel"
    )
    assert (chat["title"], chat["model"], chat["prompt_name"]) == (
        "旅遊計畫 ✈️",
        "claude-opus",
        "travel",
    )
    r = await service.client.get(f"/chat/api/chats/{chat['id']}", headers=service.user(user["id"]))
    assert r.json() == chat


async def test_admin_creates_a_chat_for_a_named_user_only(service: Service) -> None:
    user = await login(service)
    r = await service.client.post("/chat/api/chats", json={}, headers=service.admin())
    assert r.status_code == 422
    r = await service.client.post(
        "/chat/api/chats", json={"user_id": user["id"]}, headers=service.admin()
    )
    assert r.status_code == 201 and r.json()["user_id"] == user["id"]
    r = await service.client.post(
        "/chat/api/chats", json={"user_id": 2_000_000_000}, headers=service.admin()
    )
    assert r.status_code == 422, "a chat for a user that does not exist breaks the foreign key"
    assert "ai_chats_user_id_fkey" in r.json()["detail"]


async def test_a_user_cannot_create_a_chat_for_someone_else(service: Service) -> None:
    me, other = await login(service), await login(service)
    r = await service.client.post(
        "/chat/api/chats", json={"user_id": other["id"]}, headers=service.user(me["id"])
    )
    assert r.status_code == 403


async def test_patch_changes_only_the_given_fields_and_moves_updated_at(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"], model="m1")
    r = await service.client.patch(
        f"/chat/api/chats/{chat['id']}", json={"title": "新標題"}, headers=service.user(user["id"])
    )
    assert r.status_code == 200
    changed = r.json()
    assert changed["title"] == "新標題" and changed["model"] == "m1"
    assert changed["updated_at"] > chat["updated_at"]
    assert changed["created_at"] == chat["created_at"]


async def test_patch_with_the_same_values_still_finds_the_row(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"], title="same")
    for _ in range(2):
        r = await service.client.patch(
            f"/chat/api/chats/{chat['id']}",
            json={"title": "same"},
            headers=service.user(user["id"]),
        )
        assert r.status_code == 200


async def test_delete_removes_the_chat(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    url, headers = f"/chat/api/chats/{chat['id']}", service.user(user["id"])
    assert (await service.client.delete(url, headers=headers)).status_code == 204
    assert (await service.client.get(url, headers=headers)).status_code == 404
    assert (await service.client.delete(url, headers=headers)).status_code == 404


async def test_other_users_chats_answer_404_and_stay_unchanged(service: Service) -> None:
    owner, intruder = await login(service), await login(service)
    chat = await new_chat(service, owner["id"], title="private")
    url, them = f"/chat/api/chats/{chat['id']}", service.user(intruder["id"])
    c = service.client
    assert (await c.get(url, headers=them)).status_code == 404
    assert (await c.patch(url, json={"title": "pwned"}, headers=them)).status_code == 404
    assert (
        await c.post(url + "/messages", json={"role": "user", "content": "x"}, headers=them)
    ).status_code == 404
    assert (
        await c.post(url + "/compact", json={"count": 1, "summary": "x"}, headers=them)
    ).status_code == 404
    assert (await c.delete(url, headers=them)).status_code == 404
    listed = (await c.get("/chat/api/chats", headers=them)).json()["items"]
    assert chat["id"] not in [i["id"] for i in listed]
    still = (await c.get(url, headers=service.user(owner["id"]))).json()
    assert still == chat


async def test_admin_sees_any_chat(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    r = await service.client.get(f"/chat/api/chats/{chat['id']}", headers=service.admin())
    assert r.status_code == 200 and r.json()["id"] == chat["id"]


async def test_unknown_and_malformed_chat_ids_answer_404(service: Service) -> None:
    user = await login(service)
    for chat_id in (str(uuid.uuid4()), "not-a-uuid", "1' OR '1'='1"):
        r = await service.client.get(f"/chat/api/chats/{chat_id}", headers=service.user(user["id"]))
        assert r.status_code == 404, chat_id
        assert r.json()["status"] == 404


async def test_list_pages_through_every_chat_newest_first(service: Service) -> None:
    user = await login(service)
    made = [await new_chat(service, user["id"], title=f"chat {i}") for i in range(7)]
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        r = await service.client.get(
            "/chat/api/chats", params=params, headers=service.user(user["id"])
        )
        assert r.status_code == 200
        page = r.json()
        assert len(page["items"]) <= 3
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [c["title"] for c in seen] == [f"chat {i}" for i in reversed(range(7))]
    assert "messages" not in seen[0]
    assert {c["id"] for c in seen} == {c["id"] for c in made}


async def test_pagination_is_stable_when_chats_are_added_between_pages(service: Service) -> None:
    user = await login(service)
    headers = service.user(user["id"])
    for i in range(4):
        await new_chat(service, user["id"], title=f"old {i}")
    first = (
        await service.client.get("/chat/api/chats", params={"limit": 2}, headers=headers)
    ).json()
    await new_chat(service, user["id"], title="newer")
    rest = (
        await service.client.get(
            "/chat/api/chats", params={"limit": 10, "cursor": first["next_cursor"]}, headers=headers
        )
    ).json()
    titles = [c["title"] for c in first["items"] + rest["items"]]
    assert titles == ["old 3", "old 2", "old 1", "old 0"]


async def test_admin_lists_one_users_chats_or_everyones(service: Service) -> None:
    a, b = await login(service), await login(service)
    ca, cb = await new_chat(service, a["id"]), await new_chat(service, b["id"])
    only_a = (
        await service.client.get(
            "/chat/api/chats", params={"user_id": a["id"]}, headers=service.admin()
        )
    ).json()["items"]
    assert [c["id"] for c in only_a] == [ca["id"]]
    everyone = (
        await service.client.get("/chat/api/chats", params={"limit": 200}, headers=service.admin())
    ).json()["items"]
    assert {ca["id"], cb["id"]} <= {c["id"] for c in everyone}


async def test_a_user_cannot_list_another_users_chats(service: Service) -> None:
    a, b = await login(service), await login(service)
    r = await service.client.get(
        "/chat/api/chats", params={"user_id": b["id"]}, headers=service.user(a["id"])
    )
    assert r.status_code == 403


async def test_bad_list_parameters_are_4xx(service: Service) -> None:
    user = await login(service)
    headers = service.user(user["id"])
    for params, status in (
        ({"limit": 0}, 422),
        ({"limit": 201}, 422),
        ({"limit": "ten"}, 422),
        ({"cursor": "garbage!"}, 400),
        ({"cursor": "W1sxXV0"}, 400),
        ({"user_id": "abc"}, 422),
    ):
        r = await service.client.get("/chat/api/chats", params=params, headers=headers)
        assert r.status_code == status, (params, r.text)
        assert r.headers["content-type"] == "application/problem+json"


async def test_append_one_message_or_a_list(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    url, headers = f"/chat/api/chats/{chat['id']}/messages", service.user(user["id"])
    before = int(time.time())
    r = await service.client.post(url, json={"role": "user", "content": "你好"}, headers=headers)
    assert r.status_code == 200, r.text
    one = r.json()
    assert one["message_count"] == 1
    assert before <= one["appended"][0]["timestamp"] <= int(time.time()) + 1
    assert "is_summary" not in one["appended"][0]
    r = await service.client.post(
        url,
        json=[
            {"role": "assistant", "content": "你好！有什麼可以幫助你的？", "timestamp": 1702345680},
            {
                "role": "system",
                "content": "[對話摘要] ...",
                "timestamp": 1702345700,
                "is_summary": True,
            },
        ],
        headers=headers,
    )
    assert r.json()["message_count"] == 3
    chat_now = (await service.client.get(f"/chat/api/chats/{chat['id']}", headers=headers)).json()
    assert chat_now["messages"][1:] == [
        {"role": "assistant", "content": "你好！有什麼可以幫助你的？", "timestamp": 1702345680},
        {
            "role": "system",
            "content": "[對話摘要] ...",
            "timestamp": 1702345700,
            "is_summary": True,
        },
    ]
    assert chat_now["updated_at"] > chat["updated_at"]


async def test_bad_messages_are_refused_and_change_nothing(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    url, headers = f"/chat/api/chats/{chat['id']}/messages", service.user(user["id"])
    for body, path in (
        ({"role": "robot", "content": "x"}, "$.role"),
        ({"role": "user"}, "$"),
        ([{"role": "user", "content": "ok"}, {"role": "user", "content": 5}], "$[1].content"),
        ({"role": "user", "content": "x", "extra": 1}, "$.extra"),
        ({"role": "user", "content": "x", "timestamp": -1}, "$.timestamp"),
        ({"role": "user", "content": "nul \u0000"}, "$.content"),
    ):
        r = await service.client.post(url, json=body, headers=headers)
        assert r.status_code == 422, body
        assert r.json()["errors"][0]["path"] == path
    # Half a surrogate pair, escaped as JSON.stringify would: msgspec refuses it as bad JSON.
    r = await service.client.post(
        url,
        content=json.dumps({"role": "user", "content": "half \ud800"}),
        headers={**headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 400
    r = await service.client.post(url, json=[], headers=headers)
    assert r.status_code == 422
    chat_now = (await service.client.get(f"/chat/api/chats/{chat['id']}", headers=headers)).json()
    assert chat_now["messages"] == []


async def test_200_concurrent_appends_all_land(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    url, headers = f"/chat/api/chats/{chat['id']}/messages", service.user(user["id"])

    async def append(i: int) -> int:
        r = await service.client.post(
            url, json={"role": "user", "content": f"m{i}"}, headers=headers
        )
        return r.status_code

    statuses = await asyncio.gather(*(append(i) for i in range(200)))
    assert statuses == [200] * 200
    messages = (await service.client.get(f"/chat/api/chats/{chat['id']}", headers=headers)).json()[
        "messages"
    ]
    assert sorted(m["content"] for m in messages) == sorted(f"m{i}" for i in range(200))


async def test_compact_replaces_the_first_messages_with_one_summary(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    base, headers = f"/chat/api/chats/{chat['id']}", service.user(user["id"])
    await service.client.post(
        base + "/messages",
        headers=headers,
        json=[
            {"role": "user", "content": f"第{i}句", "timestamp": 1700000000 + i} for i in range(5)
        ],
    )
    r = await service.client.post(
        base + "/compact",
        headers=headers,
        json={"count": 3, "summary": "[對話摘要] 前三句", "timestamp": 1700000100},
    )
    assert r.status_code == 200, r.text
    assert r.json()["message_count"] == 3 and r.json()["replaced"] == 3
    messages = (await service.client.get(base, headers=headers)).json()["messages"]
    assert messages == [
        {
            "role": "system",
            "content": "[對話摘要] 前三句",
            "timestamp": 1700000100,
            "is_summary": True,
        },
        {"role": "user", "content": "第3句", "timestamp": 1700000003},
        {"role": "user", "content": "第4句", "timestamp": 1700000004},
    ]


async def test_compact_more_than_there_is_conflicts_and_changes_nothing(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    base, headers = f"/chat/api/chats/{chat['id']}", service.user(user["id"])
    await service.client.post(
        base + "/messages", headers=headers, json={"role": "user", "content": "only one"}
    )
    r = await service.client.post(
        base + "/compact", headers=headers, json={"count": 2, "summary": "x"}
    )
    assert r.status_code == 409
    messages = (await service.client.get(base, headers=headers)).json()["messages"]
    assert [m["content"] for m in messages] == ["only one"]


async def test_text_round_trips_unchanged(service: Service) -> None:
    user = await login(service)
    tricky = [
        "繁體中文：新對話 🎉👩‍💻",
        "'; DROP TABLE ai_chats; --",
        "Robert'); DELETE FROM users WHERE ('1'='1",
        '100% \\ back\\slash "quotes" :param $1 %(name)s ? {braces}',
        "tabs\tand\nnewlines and a \u2028 separator",
        "🙂" * 50,
    ]
    chat = await new_chat(service, user["id"], title=tricky[1][:100])
    base, headers = f"/chat/api/chats/{chat['id']}", service.user(user["id"])
    r = await service.client.post(
        base + "/messages", headers=headers, json=[{"role": "user", "content": t} for t in tricky]
    )
    assert r.status_code == 200, r.text
    got = (await service.client.get(base, headers=headers)).json()
    assert [m["content"] for m in got["messages"]] == tricky
    assert got["title"] == tricky[1]


async def test_too_long_fields_are_422_with_their_path(service: Service) -> None:
    user = await login(service)
    r = await service.client.post(
        "/chat/api/chats", json={"title": "長" * 101}, headers=service.user(user["id"])
    )
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "$.title"
    r = await service.client.post(
        "/chat/api/users/login", json={"username": "u" * 101}, headers=service.admin()
    )
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "$.username"


async def test_nul_characters_are_refused_on_both_engines(service: Service) -> None:
    user = await login(service)
    chat = await new_chat(service, user["id"])
    base, headers = f"/chat/api/chats/{chat['id']}", service.user(user["id"])
    r = await service.client.post(
        base + "/messages", headers=headers, json={"role": "user", "content": "a\u0000b"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "$.content"
    r = await service.client.patch(base, headers=headers, json={"title": "a\u0000b"})
    assert r.status_code == 422
    assert (await service.client.get(base, headers=headers)).json() == chat
