"""Writes that answer with their row: one statement on PostgreSQL, write and read-back on MySQL,
and the same rows either way."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from service import queries, runtime
from service.apps import REGISTRY
from service.db import Database
from service.queries import QueryFileError
from tests.conftest import Service

JSON = {"Content-Type": "application/json"}
RP = "/roleplay/api"

# Every write a route makes that answers with its row: (app, query).
ROW_WRITES = [
    ("chat", "record-login"),
    ("chat", "insert-chat"),
    ("chat", "update-chat"),
    ("chat", "append-messages"),
    ("chat", "compact-messages"),
    ("roleplay", "insert-user"),
    ("roleplay", "update-user"),
    ("roleplay", "insert-scenario"),
    ("roleplay", "update-scenario"),
    ("roleplay", "insert-role"),
    ("roleplay", "update-role"),
    ("roleplay", "insert-session"),
]


def write(tmp_path: Path, text: str, sub: str = "app") -> Path:
    folder = tmp_path / sub
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "things.sql").write_text(text)
    return tmp_path


PORTABLE = """-- name: get-thing^
SELECT id, name FROM things WHERE id = :id;

-- name: rename-thing^
-- then: get-thing
-- Renames a thing and answers with it.
UPDATE things SET name = :name WHERE id = :id;
"""


def test_then_links_the_read_back_and_leaves_the_doc_clean(tmp_path: Path) -> None:
    found = queries.load("app", "mysql", write(tmp_path, PORTABLE))
    assert found.rename_thing.then is found.get_thing
    assert found.rename_thing.doc == "Renames a thing and answers with it."


def test_an_engine_variant_with_returning_needs_no_read_back(tmp_path: Path) -> None:
    write(tmp_path, PORTABLE)
    pg = "-- name: rename-thing^\nUPDATE things SET name = :name WHERE id = :id RETURNING id;\n"
    write(tmp_path, pg, "app/pg")
    assert queries.load("app", "postgres", tmp_path).rename_thing.then is None
    assert queries.load("app", "mysql", tmp_path).rename_thing.then is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-- name: a^\n-- then: b\nUPDATE t SET x = 1;\n", "must name a plain"),
        ("-- name: b\nSELECT 1;\n-- name: a^\n-- then: b\nUPDATE t SET x = 1;\n", "plain"),
        ("-- name: a!\n-- then: b\nUPDATE t SET x = 1;\n", "only a \\^ write"),
        (
            "-- name: b^\nSELECT 1 WHERE :other = 1;\n"
            "-- name: a^\n-- then: b\nUPDATE t SET x = :x;\n",
            "takes :other",
        ),
    ],
)
def test_a_bad_read_back_fails_the_load(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(QueryFileError, match=message):
        queries.load("app", "mysql", write(tmp_path, text))


@pytest.mark.parametrize(("app", "name"), ROW_WRITES)
def test_row_writes_are_one_statement_on_postgres_and_read_back_on_mysql(
    app: str, name: str
) -> None:
    pg = queries.load(app, "postgres").by_name[name]
    my = queries.load(app, "mysql").by_name[name]
    assert pg.kind == my.kind == "one"
    assert pg.then is None and "RETURNING" in pg.sql, f"{name}: PostgreSQL answers in one statement"
    assert my.then is not None and "RETURNING" not in my.sql.upper(), f"{name}: MySQL reads back"


# -- the same rows as a read ------------------------------------------------------------------


async def test_chat_writes_answer_what_a_read_then_shows(service: Service) -> None:
    admin, name = service.admin(), f"w-{secrets.token_hex(4)}"
    r = await service.client.post("/chat/api/users/login", json={"username": name}, headers=admin)
    user = r.json()
    me = await service.client.get("/chat/api/users/me", headers=service.user(user["id"]))
    assert me.json() == user
    headers = service.user(user["id"])
    created = (await service.client.post("/chat/api/chats", json={}, headers=headers)).json()
    path = f"/chat/api/chats/{created['id']}"
    assert (await service.client.get(path, headers=headers)).json() == created
    patched = await service.client.patch(path, json={"title": "t"}, headers=headers)
    assert patched.json() == (await service.client.get(path, headers=headers)).json()
    message = {"role": "user", "content": "hi", "timestamp": 1}
    appended = await service.client.post(f"{path}/messages", json=[message] * 3, headers=headers)
    chat = (await service.client.get(path, headers=headers)).json()
    assert appended.json()["message_count"] == len(chat["messages"]) == 3
    assert appended.json()["updated_at"] == chat["updated_at"]
    compacted = await service.client.post(
        f"{path}/compact", json={"count": 2, "summary": "s", "timestamp": 2}, headers=headers
    )
    chat = (await service.client.get(path, headers=headers)).json()
    assert compacted.json()["message_count"] == len(chat["messages"]) == 2
    assert chat["messages"][0]["is_summary"] and chat["messages"][1] == message


async def test_roleplay_writes_answer_what_a_read_then_shows(service: Service) -> None:
    admin = service.admin()
    body = {"username": f"w-{secrets.token_hex(4)}", "settings": {"k": [1, "二"]}}
    user = (await service.client.post(f"{RP}/users", json=body, headers=admin)).json()
    headers = service.user(user["id"], "roleplay")
    assert (await service.client.get(f"{RP}/users/me", headers=headers)).json() == user
    patched = await service.client.patch(
        f"{RP}/users/me", json={"avatar_url": None}, headers=headers
    )
    assert patched.json() == (await service.client.get(f"{RP}/users/me", headers=headers)).json()
    for kind, fields in (
        ("scenarios", {"title": "標題", "tags": ["a"], "scoring_dimensions": {"x": 1}}),
        ("roles", {"name": "n", "focus_areas": ["f"], "personality": {"p": True}}),
    ):
        created = (await service.client.post(f"{RP}/{kind}", json=fields, headers=headers)).json()
        path = f"{RP}/{kind}/{created['id']}"
        assert (await service.client.get(path, headers=headers)).json() == created
        patched = await service.client.patch(path, json={"title": "新"}, headers=headers)
        assert patched.status_code == 200, patched.text
        assert patched.json() == (await service.client.get(path, headers=headers)).json()
    session = {"start_time": "2026-01-02T03:04:05Z", "messages": [{"a": 1}], "score": 7}
    created = (await service.client.post(f"{RP}/sessions", json=session, headers=headers)).json()
    path = f"{RP}/sessions/{created['id']}"
    assert (await service.client.get(path, headers=headers)).json() == created


# -- one statement, counted on the connection -------------------------------------------------


@pytest.fixture
async def one_connection(service: Service) -> AsyncIterator[tuple[Database, list[str]]]:
    """The chat database through a pool of one connection whose statements are logged."""
    if service.engine != "postgres":
        pytest.skip("counts PostgreSQL statements")
    settings = dataclasses.replace(service.settings, pool_min=1, pool_max=1)
    spec = runtime.specs(["chat"])["chat"]
    db = await runtime.ensure_database("chat", settings.databases["chat"], settings, spec)
    seen: list[str] = []
    pool: asyncpg.Pool = db.pool  # type: ignore[attr-defined]
    async with pool.acquire() as con:
        con.add_query_logger(lambda record: seen.append(record.query))
    try:
        yield db, seen
    finally:
        await db.close()


async def test_a_postgres_write_route_runs_one_statement(
    one_connection: tuple[Database, list[str]],
) -> None:
    db, seen = one_connection
    async with db.transaction() as tx:
        await tx.q.get_chat_stats(id=uuid.uuid4())
    assert len(seen) == 3, f"the logger sees a transaction's BEGIN and COMMIT too: {seen}"
    user = await db.q.record_login(username=f"s-{secrets.token_hex(4)}", display_name=None)
    chat_id = uuid.uuid4()
    steps: list[tuple[str, dict[str, Any]]] = [
        ("insert_chat", {"id": chat_id, "title": None, "model": None, "prompt_name": None}),
        ("update_chat", {"id": chat_id, "title": "t", "model": None, "prompt_name": None}),
        ("append_messages", {"id": chat_id, "messages": [{"role": "user", "content": "x"}]}),
    ]
    for name, params in steps:
        seen.clear()
        row = await getattr(db.q, name)(owner=user["id"], **params)
        assert row is not None
        assert len(seen) == 1, f"{name} ran {seen}"
        assert not any(s.strip().upper().startswith(("BEGIN", "COMMIT")) for s in seen)
    seen.clear()
    summary = {"role": "system", "content": "s", "is_summary": True, "timestamp": 1}
    row = await db.q.compact_messages(id=chat_id, owner=user["id"], count=1, summary=summary)
    assert row is not None and row["message_count"] == 1 and len(seen) == 1


def test_the_write_list_covers_every_app_with_routes() -> None:
    assert {app for app, _ in ROW_WRITES} <= set(REGISTRY)


async def test_racing_appends_and_compactions_lose_nothing(service: Service) -> None:
    """Both are one UPDATE each, ordered by the row lock: every append lands once and every
    compaction takes exactly two messages off the head."""
    admin, name = service.admin(), f"r-{secrets.token_hex(4)}"
    user = (
        await service.client.post("/chat/api/users/login", json={"username": name}, headers=admin)
    ).json()
    headers = service.user(user["id"])
    chat = (await service.client.post("/chat/api/chats", json={}, headers=headers)).json()
    path = f"/chat/api/chats/{chat['id']}"
    first = [{"role": "user", "content": f"old {i}", "timestamp": i} for i in range(20)]
    await service.client.post(f"{path}/messages", json=first, headers=headers)

    async def append(i: int) -> int:
        body = {"role": "user", "content": f"new {i}", "timestamp": 100 + i}
        r = await service.client.post(f"{path}/messages", json=body, headers=headers)
        return r.status_code

    async def compact(i: int) -> int:
        body = {"count": 2, "summary": f"summary {i}", "timestamp": 1000 + i}
        r = await service.client.post(f"{path}/compact", json=body, headers=headers)
        return r.status_code

    statuses = await asyncio.gather(
        *(append(i) for i in range(50)), *(compact(i) for i in range(10))
    )
    assert set(statuses) == {200}, statuses
    messages = (await service.client.get(path, headers=headers)).json()["messages"]
    contents = [m["content"] for m in messages]
    assert len(messages) == 20 + 50 - 10
    assert sorted(c for c in contents if c.startswith("new ")) == sorted(
        f"new {i}" for i in range(50)
    )
    assert messages[0]["is_summary"] and sum(bool(m.get("is_summary")) for m in messages) == 1
