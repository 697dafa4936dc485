"""Start-up checks on both engines: a missing database is created, a pending migration or a
query that no longer matches the schema stops the start with a message naming the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from service import migrations, my, pg, runtime
from service import queries as named
from service.config import DbUrl
from service.db import Database, StartupError
from tests.conftest import Service, scratch_name, settings_for


async def test_every_shipped_query_prepares_against_the_migrated_schema(service: Service) -> None:
    databases = await runtime.open_all(service.settings, runtime.specs(service.settings.apps))
    try:
        assert len(databases["chat"].queries) > 0  # apps with routes ship named queries
        for app, db in databases.items():
            assert await db.check_queries() == [], app
    finally:
        await runtime.close_all(databases)


async def test_a_missing_database_is_created_and_pending_migrations_stop_the_start(
    server: DbUrl,
) -> None:
    name = scratch_name("chat")
    settings = settings_for(server, {"chat": name})
    try:
        with pytest.raises(StartupError) as caught:
            await runtime.open_all(settings, runtime.specs(settings.apps))
        message = str(caught.value)
        assert "chat-0001.create-users" in message and "chat-0002.create-ai-chats" in message
        assert "datasvc migrate upgrade --app chat" in message
        url = settings.databases["chat"].url
        assert url is not None
        migrations.upgrade(url, "chat", "chat-0001")
        with pytest.raises(StartupError, match="1 migration") as caught:
            await runtime.open_all(settings, runtime.specs(settings.apps))
        assert "chat-0001" not in str(caught.value)
        databases = await runtime.open_all(settings, runtime.specs(settings.apps), migrate=True)
        await runtime.close_all(databases)
    finally:
        url = settings.databases["chat"].url
        assert url is not None
        await runtime.drop_database(url, settings)


async def _open_with(url: DbUrl, tmp_path: Path, text: str) -> Database:
    (tmp_path / "chat").mkdir()
    (tmp_path / "chat" / "broken.sql").write_text(text)
    queries = named.load("chat", url.engine, tmp_path)
    sizes = {"min_size": 1, "max_size": 2, "recycle": 60}
    if url.engine == "postgres":
        return await pg.PgDatabase.open(url, queries, **sizes)
    return await my.MyDatabase.open(url, queries, my.Columns(), **sizes)


async def test_a_query_that_no_longer_matches_names_itself_and_its_file(
    service: Service, tmp_path: Path
) -> None:
    url = service.settings.databases["chat"].url
    assert url is not None
    db = await _open_with(
        url,
        tmp_path,
        (
            "-- name: list-titles\nSELECT id, title FROM ai_chats WHERE user_id = :user_id;\n\n"
            "-- name: get-renamed^\n-- Uses a column the schema no longer has.\n"
            "SELECT id, chat_title FROM ai_chats WHERE id = :id;\n\n"
            "-- name: count-gone$\nSELECT count(*) FROM dropped_table;\n"
        ),
    )
    try:
        with pytest.raises(StartupError) as caught:
            await runtime.check("chat", db)
    finally:
        await db.close()
    message = str(caught.value)
    assert "2 named queries" in message
    assert "query get-renamed" in message and "broken.sql:4" in message and "chat_title" in message
    assert "query count-gone" in message and "dropped_table" in message
    assert "list-titles" not in message


async def test_an_unreachable_server_says_where_and_what_to_check(engine: str) -> None:
    server = DbUrl(engine, "127.0.0.1", 1, "nobody", "secret", "")
    settings = settings_for(server, {"chat": "chat"})
    with pytest.raises(StartupError) as caught:
        await runtime.open_all(settings, runtime.specs(settings.apps))
    message = str(caught.value)
    assert "cannot connect" in message and "127.0.0.1:1" in message and "secret" not in message
