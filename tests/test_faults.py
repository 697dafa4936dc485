"""Faults injected under the service, both engines, each on a throwaway server of its own (never
the shared ones): a held row lock, an exhausted pool, a request past its time, the database
stopped under load over its Unix socket and over TCP. Every answer is fast and never a 500."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiomysql
import asyncpg
import httpx
import pymysql
import pytest

from service import runtime
from service.auth import Tokens
from service.config import DbUrl, Settings, Timeouts
from service.errors import translate
from tests import throwaway
from tests.conftest import SECRET, settings_for

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture(scope="module")
def spare(engine: str) -> Iterator[throwaway.Server]:
    with throwaway.server(engine) as made:
        yield made


@dataclass
class Answer:
    status: int
    seconds: float
    retry_after: str | None
    media: str
    text: str


@dataclass
class Client:
    http: httpx.AsyncClient
    tokens: Tokens
    database: DbUrl
    settings: Settings
    answers: list[Answer] = field(default_factory=list)

    def user(self, user_id: int) -> dict[str, str]:
        token = self.tokens.issue(role="user", app="chat", subject=str(user_id))
        return {"Authorization": f"Bearer {token}"}

    def admin(self) -> dict[str, str]:
        return {"Authorization": "Bearer " + self.tokens.issue(role="admin")}

    async def call(self, method: str, path: str, **kwargs: Any) -> Answer:
        started = time.monotonic()
        r = await self.http.request(method, path, **kwargs)
        answer = Answer(
            r.status_code,
            time.monotonic() - started,
            r.headers.get("retry-after"),
            r.headers.get("content-type", ""),
            r.text,
        )
        self.answers.append(answer)
        return answer

    async def new_user(self) -> int:
        body = {"username": f"u-{secrets.token_hex(4)}"}
        r = await self.call("POST", "/chat/api/users/login", json=body, headers=self.admin())
        assert r.status == 200, r.text
        return int(httpx.Response(200, text=r.text).json()["id"])

    async def new_chat(self, user: int) -> str:
        r = await self.call("POST", "/chat/api/chats", json={}, headers=self.user(user))
        assert r.status == 201, r.text
        return str(httpx.Response(201, text=r.text).json()["id"])


@asynccontextmanager
async def serving(server: DbUrl, timeouts: Timeouts, pool_max: int = 10) -> AsyncIterator[Client]:
    """The chat app in-process on a fresh database of `server`, with these bounds."""
    from service.app import create_app

    name = f"chat_f{secrets.token_hex(4)}"
    settings = settings_for(server, {"chat": name}, pool_max=pool_max, timeouts=timeouts)
    app = create_app(settings, migrate=True)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://test", timeout=30
            ) as http:
                tokens = Tokens(SECRET, ["chat"])
                yield Client(http, tokens, server.with_database(name), settings)
    finally:
        await runtime.drop_database(server.with_database(name), settings)


@asynccontextmanager
async def row_locked(url: DbUrl, chat_id: str) -> AsyncIterator[None]:
    """Another session (not the service) holds the chat's row lock until the block ends."""
    if url.engine == "postgres":
        con = await asyncpg.connect(url.render("postgresql"))
        tx = con.transaction()
        await tx.start()
        await con.execute("SELECT id FROM ai_chats WHERE id = $1 FOR UPDATE", uuid.UUID(chat_id))
        try:
            yield
        finally:
            await tx.rollback()
            await con.close()
        return
    my = await aiomysql.connect(
        host=url.host, port=url.port, user=url.user, db=url.database, autocommit=False
    )
    async with my.cursor() as cur:
        await cur.execute("SELECT id FROM ai_chats WHERE id = %s FOR UPDATE", (chat_id,))
    try:
        yield
    finally:
        await my.rollback()
        my.close()


async def _waiting_on_locks(url: DbUrl, count: int) -> bool:
    """Whether `count` sessions wait for a row lock now (both pooled connections are taken)."""
    if url.engine == "postgres":
        con = await asyncpg.connect(url.render("postgresql"))
        try:
            found = await con.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            )
        finally:
            await con.close()
    else:
        my = await aiomysql.connect(host=url.host, port=url.port, user=url.user)
        try:
            async with my.cursor() as cur:
                await cur.execute(
                    "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                    " WHERE trx_state = 'LOCK WAIT'"
                )
                found = (await cur.fetchone())[0]
        finally:
            my.close()
    return int(found) >= count


def _unavailable(a: Answer) -> bool:
    return a.status == 503 and a.retry_after == "1" and a.media == "application/problem+json"


MESSAGE = {"role": "user", "content": "hi", "timestamp": 1}


async def test_a_held_row_lock_bounds_the_blocked_and_spares_the_rest(
    spare: throwaway.Server,
) -> None:
    timeouts = Timeouts(pool=1.0, statement=5.0, lock=1.0, request=10.0, ready=1.0)
    async with serving(spare.tcp, timeouts) as client:
        alice, bob = await client.new_user(), await client.new_user()
        locked, free = await client.new_chat(alice), await client.new_chat(bob)
        async with row_locked(client.database, locked):
            blocked = [
                client.call(
                    "POST",
                    f"/chat/api/chats/{locked}/messages",
                    json=MESSAGE,
                    headers=client.user(alice),
                )
                for _ in range(6)
            ]
            others = [
                client.call(
                    "POST" if i % 2 else "GET",
                    f"/chat/api/chats/{free}" + ("/messages" if i % 2 else ""),
                    json=MESSAGE if i % 2 else None,
                    headers=client.user(bob),
                )
                for i in range(30)
            ]
            ready = client.call("GET", "/ready")
            started = time.monotonic()
            answers = await asyncio.gather(*blocked, *others, ready)
            took = time.monotonic() - started
    stuck, rest, probe = answers[:6], answers[6:-1], answers[-1]
    assert all(_unavailable(a) for a in stuck), [a.text for a in stuck]
    assert "locked" in stuck[0].text
    assert max(a.seconds for a in stuck) < timeouts.lock + 1.5
    assert {a.status for a in rest} == {200}, [a.text for a in rest if a.status != 200]
    assert max(a.seconds for a in rest) < 1.0, sorted(a.seconds for a in rest)[-3:]
    assert probe.status == 200 and probe.seconds < 1.0
    print(
        f"{spare.engine} row lock: blocked answered 503 in <= {max(a.seconds for a in stuck):.2f}"
        f" s, others 200 in <= {max(a.seconds for a in rest):.3f} s, all in {took:.2f} s"
    )


async def test_an_exhausted_pool_is_a_fast_503_and_ready_still_answers(
    spare: throwaway.Server,
) -> None:
    timeouts = Timeouts(pool=0.3, statement=5.0, lock=2.0, request=10.0, ready=1.0)
    async with serving(spare.tcp, timeouts, pool_max=2) as client:
        user = await client.new_user()
        chat = await client.new_chat(user)
        async with row_locked(client.database, chat):
            waits = [
                client.call(
                    "POST",
                    f"/chat/api/chats/{chat}/messages",
                    json=MESSAGE,
                    headers=client.user(user),
                )
                for _ in range(2)
            ]
            held = [asyncio.create_task(w) for w in waits]
            await _until(lambda: _waiting_on_locks(client.database, 2), 10, "two lock waiters")
            extra = await client.call("GET", f"/chat/api/chats/{chat}", headers=client.user(user))
            ready = await client.call("GET", "/ready")
            await asyncio.gather(*held)
    assert _unavailable(extra) and "in use" in extra.text, extra.text
    assert extra.seconds < timeouts.pool + 0.7
    assert ready.status == 200 and ready.seconds < 1.0, ready.text


async def test_a_request_past_its_time_is_503_and_leaves_the_pool_clean(
    spare: throwaway.Server,
) -> None:
    # Built directly: the settings loader refuses a request bound under the statement bound.
    timeouts = Timeouts(pool=1.0, statement=6.0, lock=5.0, request=0.8, ready=1.0)
    async with serving(spare.tcp, timeouts, pool_max=3) as client:
        user = await client.new_user()
        chat = await client.new_chat(user)
        async with row_locked(client.database, chat):
            cut = await asyncio.gather(
                *(
                    client.call(
                        "POST",
                        f"/chat/api/chats/{chat}/messages",
                        json=MESSAGE,
                        headers=client.user(user),
                    )
                    for _ in range(3)
                )
            )
        after = await asyncio.gather(
            *(
                client.call(
                    "POST",
                    f"/chat/api/chats/{chat}/messages",
                    json=MESSAGE,
                    headers=client.user(user),
                )
                for _ in range(12)
            )
        )
        got = await client.call("GET", f"/chat/api/chats/{chat}", headers=client.user(user))
    assert all(_unavailable(a) and a.seconds < 2.0 for a in cut), [(a.status, a.text) for a in cut]
    assert {a.status for a in after} == {200}, [a.text for a in after if a.status != 200]
    assert got.text.count('"content":"hi"') == 12, "the cut requests wrote nothing"


async def test_a_slow_upload_that_keeps_moving_is_not_cut_off(spare: throwaway.Server) -> None:
    timeouts = Timeouts(pool=1.0, statement=6.0, lock=5.0, request=0.8, ready=1.0)
    async with serving(spare.tcp, timeouts) as client:
        user = await client.new_user()
        chat = await client.new_chat(user)
        text = json.dumps([MESSAGE] * 4).encode()

        async def trickle() -> AsyncIterator[bytes]:
            for n in range(4):  # 1.2 s in all, each pause well inside the 0.8 s bound
                await asyncio.sleep(0.3)
                yield text[n * len(text) // 4 : (n + 1) * len(text) // 4]

        slow = await client.call(
            "POST",
            f"/chat/api/chats/{chat}/messages",
            content=trickle(),
            headers=client.user(user) | {"Content-Type": "application/json"},
        )
    assert slow.status == 200 and slow.seconds > timeouts.request, (slow.status, slow.text)


async def _load(
    client: Client, user: int, chat: str, stop: asyncio.Event, workers: int = 12
) -> None:
    """A steady mix of reads, appends, keyed appends (a transaction) and logins until stopped."""

    async def worker(n: int) -> None:
        while not stop.is_set():
            kind = n % 4
            if kind == 0:
                await client.call("GET", f"/chat/api/chats/{chat}", headers=client.user(user))
            elif kind == 1:
                await client.call(
                    "POST",
                    f"/chat/api/chats/{chat}/messages",
                    json=MESSAGE,
                    headers=client.user(user),
                )
            elif kind == 2:
                keyed = client.user(user) | {"Idempotency-Key": str(uuid.uuid4())}
                await client.call(
                    "POST", f"/chat/api/chats/{chat}/messages", json=MESSAGE, headers=keyed
                )
            else:
                body = {"username": f"l-{secrets.token_hex(3)}"}
                await client.call(
                    "POST", "/chat/api/users/login", json=body, headers=client.admin()
                )
            await asyncio.sleep(0.01)

    await asyncio.gather(*(worker(n) for n in range(workers)))


async def _until(
    check: Callable[[], Awaitable[bool]], seconds: float = 30, what: str = "recovery"
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"no {what} within {seconds} s")


@pytest.mark.parametrize("way", ["socket", "tcp"])
async def test_a_stopped_database_under_load_is_a_fast_503_never_a_500(
    spare: throwaway.Server, way: str, caplog: pytest.LogCaptureFixture
) -> None:
    url = spare.socket if way == "socket" else spare.tcp
    timeouts = Timeouts(pool=1.0, statement=5.0, lock=2.0, request=10.0, ready=1.0)
    async with serving(url, timeouts) as client:
        user = await client.new_user()
        chat = await client.new_chat(user)
        client.answers.clear()
        caplog.set_level(logging.INFO)
        stop = asyncio.Event()
        load = asyncio.create_task(_load(client, user, chat, stop))
        await asyncio.sleep(0.5)
        before = len(client.answers)
        await asyncio.to_thread(spare.stop)  # sessions are ended mid-statement, then it is gone
        stopped_at = len(client.answers)
        await asyncio.sleep(1.5)
        down = client.answers[stopped_at:]
        await asyncio.to_thread(spare.start)

        async def healthy() -> bool:
            recent = client.answers[-12:]
            return len(recent) == 12 and all(a.status < 300 for a in recent)

        await _until(healthy)
        stop.set()
        await load
    answers = client.answers
    statuses = {a.status for a in answers}
    assert statuses <= {200, 201, 503}, [a.text for a in answers if a.status not in (200, 201, 503)]
    failed = [a for a in answers if a.status == 503]
    assert failed and all(_unavailable(a) for a in failed)
    assert all(a.status == 503 for a in down[len(down) // 4 :]), "the outage is a 503 to all"
    slowest = max(a.seconds for a in answers)
    assert slowest < 2.0, f"slowest answer {slowest:.2f} s"
    traces = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not traces, traces[0].getMessage()
    lines = [r for r in caplog.records if r.name == "datasvc" and r.levelno == logging.WARNING]
    assert len(lines) <= 8, [r.getMessage() for r in lines]
    print(
        f"{spare.engine} over {way}: {len(answers)} answers ({before} before the stop,"
        f" {len(down)} while down), {len(failed)} x 503, none slower than {slowest:.2f} s,"
        f" {len(lines)} log lines"
    )


async def _real_error(run: Callable[[], Awaitable[Any]]) -> BaseException:
    try:
        await run()
    except Exception as exc:
        return exc
    raise AssertionError("the fault did not happen")


async def test_each_way_a_database_goes_away_translates_to_503(spare: throwaway.Server) -> None:
    """Real driver errors, not made-up ones: a statement past its bound, a connect to a socket
    that is not there and to a port nobody listens on."""
    from service import my, pg

    bounds = Timeouts(statement=0.2, lock=1.0)
    if spare.engine == "postgres":
        settings = pg.session_settings(bounds)
        dsn = spare.tcp.with_database("postgres").render("postgresql")
        con = await asyncpg.connect(dsn, server_settings=settings)
        slow = await _real_error(lambda: con.fetchval("SELECT pg_sleep(2)"))
        await con.close()
        no_socket = await _real_error(
            lambda: asyncpg.connect(host="/nonexistent/socket/dir", user="postgres", timeout=2)
        )
        refused = await _real_error(
            lambda: asyncpg.connect(host="127.0.0.1", port=throwaway.free_port(), timeout=2)
        )
    else:
        init = my.init_session(bounds)
        con = await aiomysql.connect(
            host="127.0.0.1", port=spare.tcp.port, user="root", init_command=init
        )

        async def sleep() -> None:
            async with con.cursor() as cur:
                await cur.execute("SELECT SLEEP(2)")

        slow = await _real_error(sleep)
        con.close()
        no_socket = await _real_error(
            lambda: aiomysql.connect(unix_socket="/nonexistent.sock", user="root")
        )
        refused = await _real_error(
            lambda: aiomysql.connect(host="127.0.0.1", port=throwaway.free_port(), user="root")
        )
    deadlock = await _deadlock(spare)
    for exc in (slow, no_socket, refused, deadlock):
        problem = translate(exc)
        assert problem is not None and problem.status == 503, repr(exc)
        assert problem.headers == {"Retry-After": "1"}
    assert "in time" in str(translate(slow))
    assert "colliding" in str(translate(deadlock))


async def _deadlock(spare: throwaway.Server) -> BaseException:
    """Two sessions each holding the row the other wants: the server undoes one (40P01 / 1213)."""
    one, two = "UPDATE pair SET v = v + 1 WHERE id = 1", "UPDATE pair SET v = v + 1 WHERE id = 2"
    if spare.engine == "postgres":
        dsn = spare.tcp.with_database("postgres").render("postgresql")
        a, b = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
        await a.execute("CREATE TABLE IF NOT EXISTS pair (id int PRIMARY KEY, v int)")
        await a.execute("INSERT INTO pair VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING")
        ta, tb = a.transaction(), b.transaction()
        await ta.start(), await tb.start()
        await a.execute(one), await b.execute(two)
        found = await asyncio.gather(a.execute(two), b.execute(one), return_exceptions=True)
        await asyncio.gather(a.close(), b.close())
    else:
        args = {"host": "127.0.0.1", "port": spare.tcp.port, "user": "root", "autocommit": True}
        a, b = await aiomysql.connect(**args), await aiomysql.connect(**args)

        async def run(con: Any, sql: str) -> None:
            async with con.cursor() as cur:
                await cur.execute(sql)

        await run(a, "CREATE DATABASE IF NOT EXISTS faults")
        await run(a, "CREATE TABLE IF NOT EXISTS faults.pair (id INT PRIMARY KEY, v INT)")
        await run(a, "INSERT IGNORE INTO faults.pair VALUES (1, 0), (2, 0)")
        for con in (a, b):
            await con.select_db("faults")
            await con.begin()
        await run(a, one), await run(b, two)
        found = await asyncio.gather(run(a, two), run(b, one), return_exceptions=True)
        a.close(), b.close()
    errors = [e for e in found if isinstance(e, BaseException)]
    assert errors, "no deadlock"
    return errors[0]


def _long_update(server: DbUrl, seconds: float, started: threading.Event) -> None:
    """An unrelated long UPDATE elsewhere on the same server (another database)."""
    con = pymysql.connect(host=server.host, port=server.port, user=server.user, autocommit=True)
    try:
        with con.cursor() as cur:
            cur.execute("CREATE DATABASE IF NOT EXISTS busy")
            cur.execute(
                "CREATE TABLE IF NOT EXISTS busy.t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB"
            )
            cur.execute("REPLACE INTO busy.t VALUES (1, 0), (2, 0), (3, 0), (4, 0)")
            started.set()
            cur.execute("UPDATE busy.t SET v = v + SLEEP(%s)", (seconds / 4,))
    finally:
        con.close()


async def test_a_mariadb_backup_during_a_long_write_does_not_stall_writers(
    spare: throwaway.Server, tmp_path: Path
) -> None:
    if spare.engine != "mysql":
        pytest.skip("the global read lock is MySQL's; PostgreSQL's backup takes none")
    timeouts = Timeouts(pool=1.0, statement=10.0, lock=3.0, request=20.0, ready=1.0)
    async with serving(spare.tcp, timeouts) as client:
        user = await client.new_user()
        chat = await client.new_chat(user)
        latencies: list[float] = []
        stop = asyncio.Event()

        async def writer() -> None:
            while not stop.is_set():
                a = await client.call(
                    "POST",
                    f"/chat/api/chats/{chat}/messages",
                    json=MESSAGE,
                    headers=client.user(user),
                )
                assert a.status == 200, a.text
                latencies.append(a.seconds)
                await asyncio.sleep(0.005)

        writers = [asyncio.create_task(writer()) for _ in range(8)]
        await asyncio.sleep(1.5)  # the same writers without a backup, to compare with
        alone = sorted(latencies)
        busy = threading.Event()
        updating = asyncio.create_task(asyncio.to_thread(_long_update, spare.tcp, 3.0, busy))
        await asyncio.to_thread(busy.wait, 10)
        await asyncio.sleep(0.2)  # the UPDATE now runs, for about 3 s
        latencies.clear()
        started = time.monotonic()
        # Its own process, as from cron: no share of this process's GIL with the writers.
        env = os.environ | {
            "APPS": "chat",
            "CHAT_DATABASE_URL": client.database.render(),
            "JWT_SECRET": SECRET,
        }
        backup = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "service",
            "backup",
            "--to",
            str(tmp_path),
            "--quiet",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await backup.communicate()
        took = time.monotonic() - started
        during = sorted(latencies)
        stop.set()
        await asyncio.gather(*writers)
        await updating
    assert backup.returncode == 0, err.decode()
    assert await asyncio.to_thread(Path(out.decode().strip()).is_dir)
    assert during and alone

    def ms(values: list[float], share: float) -> float:
        return values[min(len(values) - 1, int(len(values) * share))] * 1000

    p99 = ms(during, 0.99) / 1000
    print(
        f"mariadb backup during a long UPDATE: {took:.2f} s, {len(during)} writes meanwhile,"
        f" p50 {ms(during, 0.5):.0f} ms, p99 {ms(during, 0.99):.0f} ms, max {during[-1] * 1000:.0f}"
        f" ms (the same writers before it: p50 {ms(alone, 0.5):.0f} ms, p99 {ms(alone, 0.99):.0f}"
        f" ms, max {alone[-1] * 1000:.0f} ms)"
    )
    assert p99 < 1.0, f"writers' p99 {p99:.3f} s during the backup"


def test_the_bounds_come_from_the_environment_and_a_request_outlasts_a_statement() -> None:
    from service import config

    env = {"POOL_TIMEOUT_MS": "250", "STATEMENT_TIMEOUT_MS": "4000", "LOCK_TIMEOUT_MS": "1500"}
    loaded = config.load(env | {"REQUEST_TIMEOUT_MS": "9000", "IDEMPOTENCY_TTL": "3600"})
    assert loaded.timeouts == Timeouts(pool=0.25, statement=4.0, lock=1.5, request=9.0, ready=2.0)
    assert loaded.idempotency_ttl == 3600
    assert config.load({}).timeouts == Timeouts()
    with pytest.raises(config.ConfigError, match="REQUEST_TIMEOUT_MS: 3000 must be above"):
        config.load(env | {"REQUEST_TIMEOUT_MS": "3000"})
    with pytest.raises(config.ConfigError, match="LOCK_TIMEOUT_MS: 'soon' is not a whole number"):
        config.load({"LOCK_TIMEOUT_MS": "soon"})


async def test_after_an_idle_restart_every_request_succeeds(spare: throwaway.Server) -> None:
    timeouts = Timeouts(pool=1.0, statement=5.0, lock=2.0, request=10.0, ready=1.0)
    async with serving(spare.tcp, timeouts) as client:
        user = await client.new_user()
        chat = await client.new_chat(user)
        await asyncio.gather(  # every pooled connection opened and idle again
            *(
                client.call("GET", f"/chat/api/chats/{chat}", headers=client.user(user))
                for _ in range(10)
            )
        )
        await asyncio.to_thread(spare.stop)
        await asyncio.to_thread(spare.start)
        await asyncio.sleep(0.5)  # the dropped sessions' ends reach the pool
        after = await asyncio.gather(
            *(
                client.call(
                    "POST",
                    f"/chat/api/chats/{chat}/messages",
                    json=MESSAGE,
                    headers=client.user(user),
                )
                for _ in range(50)
            )
        )
    assert [a.status for a in after] == [200] * 50, [a.text for a in after if a.status != 200]
