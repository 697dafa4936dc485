"""The migration verbs (seed 004's current / upgrade / downgrade / history / new / stamp) and
plain `yoyo apply`, on both engines."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service import cli, dbapi, migrations, runtime, schema
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


def _plain_yoyo(url: DbUrl, *sets: str) -> None:
    folders = [str(migrations.folder(s, url.engine)) for s in sets]
    yoyo = Path(sys.executable).with_name("yoyo")
    run = subprocess.run(
        [str(yoyo), "apply", "--batch", "--database", migrations.yoyo_url(url), *folders],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr


async def test_plain_yoyo_apply_works_on_its_own(fresh: tuple[Settings, DbUrl]) -> None:
    settings, url = fresh
    # The app's folder alone leaves out the bookkeeping tables its routes write (Idempotency-Key):
    # the start refuses, naming them and the folder that holds them.
    _plain_yoyo(url, "chat")
    error = await _startup_error(settings) or ""
    assert "datasvc-0002" in error and f"migrations/_service/{url.engine}" in error
    _plain_yoyo(url, migrations.SERVICE_SET, "chat")
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


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the migrations (chat plus the service's own), to add files to."""
    root = tmp_path / "migrations"
    for name in ("chat", migrations.SERVICE_SET):
        shutil.copytree(migrations.MIGRATIONS_ROOT / name, root / name)
    monkeypatch.setattr(migrations, "MIGRATIONS_ROOT", root)
    return root


def _add(root: Path, engine: str, name: str, up: str, down: str, depends: str = IDS[1]) -> None:
    where = root / "chat" / engine
    (where / f"{name}.sql").write_text(f"-- {name}\n-- depends: {depends}\n\n{up}\n")
    (where / f"{name}.rollback.sql").write_text(f"-- undo {name}\n\n{down}\n")


async def test_dry_run_prints_the_sql_in_order_and_changes_nothing(
    fresh: tuple[Settings, DbUrl],
) -> None:
    _, url = fresh
    todo, text = migrations.dry_run(url, "chat", "upgrade", None)
    assert todo == IDS
    assert text.index("CREATE TABLE users") < text.index("CREATE TABLE ai_chats")
    assert text.index(f"-- {IDS[0]}") < text.index(f"-- {IDS[1]}")
    assert migrations.current(url, "chat") == "base" and schema.read(url) == ""
    migrations.upgrade(url, "chat")
    before = schema.read(url)
    todo, text = migrations.dry_run(url, "chat", "downgrade", "base")
    assert todo == list(reversed(IDS))
    assert text.index("DROP TABLE ai_chats") < text.index("DROP TABLE users")
    assert text.index("DROP INDEX idx_ai_chats_updated_at") < text.index("DROP TABLE ai_chats")
    assert migrations.current(url, "chat") == IDS[1] and schema.read(url) == before
    assert migrations.dry_run(url, "chat", "upgrade", None)[0] == []


def test_dry_run_of_a_database_not_created_yet_plans_everything(server: DbUrl) -> None:
    url = server.with_database(scratch_name("chat"))
    assert migrations.dry_run(url, "chat", "upgrade", "0001")[0] == IDS[:1]
    with pytest.raises(dbapi.MissingDatabase):  # and it did not create it
        with dbapi.connect(url):
            pass


async def test_an_edited_applied_migration_stops_upgrade_and_startup_until_accepted(
    fresh: tuple[Settings, DbUrl], shipped: Path
) -> None:
    settings, url = fresh
    migrations.upgrade(url, "chat")
    edited = shipped / "chat" / url.engine / f"{IDS[0]}.sql"
    edited.write_text(edited.read_text() + "\n-- an afterthought\n")
    assert [f"{IDS[0]}.sql was edited" in d for d in migrations.drift(url, "chat")] == [True]
    with pytest.raises(migrations.MigrationError, match=rf"{IDS[0]}\.sql was edited"):
        migrations.upgrade(url, "chat")
    assert f"{IDS[0]}.sql was edited" in (await _startup_error(settings) or "")
    migrations.stamp(url, "chat", IDS[1])  # the DBA accepts the edit
    assert migrations.drift(url, "chat") == []
    assert await _startup_error(settings) is None


async def test_migrations_applied_by_plain_yoyo_are_adopted(fresh: tuple[Settings, DbUrl]) -> None:
    _, url = fresh
    with migrations._backend(url) as backend:
        backend.apply_migrations(backend.to_apply(migrations._read("chat", url.engine)))
    notes: list[str] = []
    assert migrations.upgrade(url, "chat", say=notes.append) == []
    assert any("recorded checksums of 2 migration(s)" in n for n in notes)
    assert migrations.drift(url, "chat") == []


async def test_two_upgrades_at_once_apply_once_and_the_second_finds_nothing(
    fresh: tuple[Settings, DbUrl], shipped: Path
) -> None:
    _, url = fresh
    _add(shipped, "postgres", "chat-0003.slow", "SELECT pg_sleep(1.5);", "SELECT 1;")
    _add(shipped, "mysql", "chat-0003.slow", "DO SLEEP(1.5);", "DO 0;")
    notes: list[str] = []
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: migrations.upgrade(url, "chat", say=notes.append), [1, 2]))
    assert sorted(runs, key=len) == [[], [*IDS, "chat-0003.slow"]]
    assert any("waiting for" in n and "datasvc migrate pid" in n for n in notes) or any(
        "waiting for connection" in n for n in notes
    )


def _gone_pid() -> int:
    proc = subprocess.Popen(["true"])  # noqa: S607
    proc.wait()
    return proc.pid


async def test_a_lock_left_by_a_killed_run_is_cleared_because_its_pid_is_gone(
    fresh: tuple[Settings, DbUrl],
) -> None:
    _, url = fresh
    pid = _gone_pid()
    with migrations._backend(url) as backend:
        backend._insert_lock_row(pid, 1)  # what a run killed mid-migration leaves
    notes: list[str] = []
    assert migrations.upgrade(url, "chat", say=notes.append) == IDS
    assert any(f"cleared a stale migration lock left by pid {pid}" in n for n in notes)


async def test_a_lock_whose_pid_still_runs_is_reported_and_kept_until_unlock(
    fresh: tuple[Settings, DbUrl],
) -> None:
    _, url = fresh
    holder = subprocess.Popen(["sleep", "60"])  # noqa: S607, ASYNC220 - a stand-in process
    try:
        with migrations._backend(url) as backend:
            backend._insert_lock_row(holder.pid, 1)
        with pytest.raises(migrations.MigrationError, match=rf"pid {holder.pid} .*migrate unlock"):
            migrations.upgrade(url, "chat", lock_timeout=1)
        assert migrations.current(url, "chat") == "base"
        assert f"pid {holder.pid} (still running)" in migrations.unlock(url, "chat")
        assert migrations.unlock(url, "chat") == "chat: no migration lock is held"
        assert migrations.upgrade(url, "chat") == IDS
    finally:
        holder.kill()
        holder.wait()


async def test_a_migration_failing_halfway_is_undone_and_the_error_names_the_statement(
    fresh: tuple[Settings, DbUrl], shipped: Path
) -> None:
    _, url = fresh
    up = (
        "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n\n"
        "CREATE TABLE chat_tags (tag_id INTEGER NOT NULL);\n\n"
        "CREATE INDEX idx_chat_tags_bad ON chat_tags (no_such_column);"
    )
    down = "DROP INDEX idx_chat_tags_bad{on};\n\nDROP TABLE chat_tags;\n\nDROP TABLE tags;"
    on = " ON chat_tags" if url.engine == "mysql" else ""
    _add(shipped, url.engine, "chat-0003.tags", up, down.format(on=on))
    migrations.upgrade(url, "chat", IDS[1])
    before = schema.read(url)
    with pytest.raises(migrations.MigrationError) as failure:
        migrations.upgrade(url, "chat")
    message = str(failure.value)
    assert "chat-0003.tags failed at statement 3 of" in message
    assert "CREATE INDEX idx_chat_tags_bad ON chat_tags (no_such_column)" in message
    if url.engine == "mysql":  # DDL commits per statement: the rollback file undid 1 and 2
        assert "the 2 statement(s) before it were undone" in message
    else:
        assert "the transaction was rolled back" in message
    assert schema.read(url) == before
    assert migrations.current(url, "chat") == IDS[1]


def test_wait_returns_once_the_server_answers_and_fails_clearly_otherwise(
    server: DbUrl,
) -> None:
    assert migrations.wait(server.with_database(scratch_name("absent")), timeout=5) < 5
    closed = DbUrl(server.engine, "127.0.0.1", 1, "root", "", "chat")
    with pytest.raises(migrations.MigrationError, match="did not accept connections within 1 s"):
        migrations.wait(closed, timeout=1)
    stranger = dataclasses.replace(server, user="no_such_user_x", database="chat")
    with pytest.raises(migrations.MigrationError, match="refuses the login"):
        migrations.wait(stranger, timeout=30)


def test_cli_dry_run_and_schema_diff(
    fresh: tuple[Settings, DbUrl],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, url = fresh
    monkeypatch.setenv("APPS", "chat")
    monkeypatch.setenv("CHAT_DATABASE_URL", url.render())
    monkeypatch.setenv("JWT_SECRET", "s" * 40)
    assert cli.main(["migrate", "upgrade", "--dry-run", "--app", "chat"]) == 0
    assert "CREATE TABLE ai_chats" in capsys.readouterr().out
    assert migrations.current(url, "chat") == "base"
    assert cli.main(["migrate", "schema", "--diff", "--app", "chat"]) == 1
    assert cli.main(["migrate", "upgrade", "--app", "chat"]) == 0
    assert cli.main(["migrate", "schema", "--diff", "--app", "chat"]) == 0
    assert "schema matches" in capsys.readouterr().out
