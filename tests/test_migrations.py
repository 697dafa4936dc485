"""The migration verbs (seed 004's current / upgrade / downgrade / history / new / stamp) and
plain `yoyo apply`, on both engines."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from service import migrations, runtime
from service.config import DbUrl, Settings
from service.db import StartupError
from tests.conftest import scratch_name, settings_for

IDS = ["chat-0001.create-users", "chat-0002.create-ai-chats"]


@pytest.fixture
async def fresh(server: DbUrl) -> AsyncIterator[tuple[Settings, DbUrl]]:
    settings = settings_for(server, {"chat": scratch_name("chat")})
    url = settings.databases["chat"].url
    assert url is not None
    databases = {}
    try:
        with pytest.raises(StartupError):  # creates the empty database, finds migrations pending
            databases = await runtime.open_all(settings, runtime.specs(settings.apps))
        yield settings, url
    finally:
        await runtime.close_all(databases)
        await runtime.drop_database(url, settings)


async def _startup_error(settings: Settings) -> str | None:
    try:
        await runtime.close_all(await runtime.open_all(settings, runtime.specs(settings.apps)))
    except StartupError as exc:
        return str(exc)
    return None


async def test_upgrade_current_history_downgrade(fresh: tuple[Settings, DbUrl]) -> None:
    settings, url = fresh
    assert migrations.current(url, "chat") == "base"
    assert migrations.upgrade(url, "chat") == IDS
    assert migrations.upgrade(url, "chat") == []
    assert migrations.current(url, "chat") == IDS[1]
    assert [s.applied for s in migrations.history(url, "chat")] == [True, True]
    assert await _startup_error(settings) is None
    assert migrations.downgrade(url, "chat") == [IDS[1]]
    assert migrations.current(url, "chat") == IDS[0]
    assert "chat-0002" in (await _startup_error(settings) or "")
    assert migrations.upgrade(url, "chat") == [IDS[1]]
    assert migrations.downgrade(url, "chat", "base") == list(reversed(IDS))
    assert [s.applied for s in migrations.history(url, "chat")] == [False, False]
    assert migrations.upgrade(url, "chat", "0001") == [IDS[0]]
    assert migrations.upgrade(url, "chat") == [IDS[1]]


async def test_stamp_records_without_running(fresh: tuple[Settings, DbUrl]) -> None:
    settings, url = fresh
    assert migrations.stamp(url, "chat", "chat-0002") == IDS
    assert migrations.current(url, "chat") == IDS[1]
    error = await _startup_error(settings)  # recorded as applied, but no table was made
    assert error is not None and "do not match the schema" in error
    assert migrations.stamp(url, "chat", "base") == []
    assert migrations.current(url, "chat") == "base"


def test_unknown_or_ambiguous_targets_are_refused(server: DbUrl) -> None:
    url = server.with_database("unused")
    with pytest.raises(migrations.MigrationError, match="not one migration"):
        migrations.stamp(url, "chat", "chat-9")
    with pytest.raises(migrations.MigrationError, match="matches"):
        migrations.stamp(url, "chat", "chat-000")


async def test_plain_yoyo_apply_works_on_its_own(fresh: tuple[Settings, DbUrl]) -> None:
    settings, url = fresh
    folder = migrations.folder("chat", url.engine)
    yoyo = Path(sys.executable).with_name("yoyo")
    run = subprocess.run(  # noqa: ASYNC221 - a one-off CLI run in a test
        [str(yoyo), "apply", "--batch", "--database", migrations.yoyo_url(url), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert await _startup_error(settings) is None


def test_new_writes_a_pair_per_engine_depending_on_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_ROOT / "chat", root / "chat")
    monkeypatch.setattr(migrations, "MIGRATIONS_ROOT", root)
    created = migrations.new("chat", "Add tags to chats!")
    assert sorted(p.name for p in created) == sorted(
        f"chat-0003.add-tags-to-chats{s}" for s in (".sql", ".rollback.sql") for _ in range(2)
    )
    for engine in ("postgres", "mysql"):
        up = root / "chat" / engine / "chat-0003.add-tags-to-chats.sql"
        assert up.read_text().splitlines()[:2] == ["-- Add tags to chats!", f"-- depends: {IDS[1]}"]
        assert (root / "chat" / engine / "chat-0003.add-tags-to-chats.rollback.sql").exists()
    assert migrations.ids("chat", "postgres")[-1] == "chat-0003.add-tags-to-chats"
