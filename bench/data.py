"""The bench's databases: created and migrated like the service's own, seeded by the server
(bench/sql), reset between runs, grown for the growth steps, explained, and dropped."""

from __future__ import annotations

import asyncio
import dataclasses
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import workload
from service import migrations, runtime
from service import queries as named
from service.config import AppDb, DbUrl, Settings
from service.db import Database, Row
from service.pages import FAR_FUTURE
from service.queries import QuerySet

SQL_ROOT = Path(__file__).resolve().parent / "sql"
APPS = ("roleplay", "chat", "tutor", "smartlite", "edu")
CHUNK = 50_000  # rows per seeding statement: one statement's undo log stays small on MySQL
SECRET = "bench-secret-" + "s" * 40


@dataclass(frozen=True)
class Target:
    """One engine's server and the bench's database names on it."""

    engine: str
    server: DbUrl
    prefix: str = "bench_"

    def url(self, app: str) -> DbUrl:
        return self.server.with_database(self.prefix + app)

    def settings(self, pool_max: int = 10) -> Settings:
        databases = {app: AppDb(app, self.url(app), "bench") for app in APPS}
        return Settings(
            apps=APPS,
            databases=databases,
            jwt_secret=SECRET,
            pool_min=1,
            pool_max=pool_max,
            maintenance_db=self.server.database or "postgres",
        )

    def env(self) -> dict[str, str]:
        """What the service process needs to serve these databases."""
        return {
            "APPS": ",".join(APPS),
            **{f"{app.upper()}_DATABASE_URL": self.url(app).render() for app in APPS},
            "JWT_SECRET": SECRET,
        }


def bench_queries(app: str, engine: str) -> QuerySet:
    return named.load(app, engine, root=SQL_ROOT)


async def open_app(target: Target, app: str, pool_max: int = 10) -> Database:
    """The app's Database exactly as the service opens it (same pool, codecs, columns)."""
    settings = target.settings(pool_max)
    spec = runtime.specs([app])[app]
    return await runtime.ensure_database(app, settings.databases[app], settings, spec)


async def create(target: Target) -> None:
    """Fresh, migrated bench databases (a leftover of an interrupted run is dropped first)."""
    settings = target.settings()
    for app in APPS:
        await drop_quietly(target, app)
    await runtime.create_missing(settings, list(APPS))
    for app in APPS:
        await asyncio.to_thread(migrations.upgrade, target.url(app), app)


async def drop_quietly(target: Target, app: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # MySQL warns that an absent database is absent
            await runtime.drop_database(target.url(app), target.settings())
    except Exception:  # noqa: BLE001 - absent is what we want
        pass


async def drop(target: Target) -> None:
    for app in APPS:
        await drop_quietly(target, app)


def stop_embedded(data_dir: Path) -> None:
    """Stop the embedded server this process started in data_dir (pgserver would at exit, but
    its folder is about to be removed, and the next engine's runs should have the cores)."""
    import pgserver  # the service's embedded default; only for its handle here

    server = pgserver.get_server(data_dir.expanduser().resolve() / "postgres")  # type: ignore[attr-defined]
    server.cleanup()


class Data:
    """Open handles on both bench databases, with the bench's own queries beside the app's."""

    def __init__(
        self,
        target: Target,
        roleplay: Database,
        chat: Database,
        tutor: Database,
        smartlite: Database,
        edu: Database,
    ) -> None:
        self.target = target
        self.roleplay = roleplay
        self.chat = chat
        self.tutor = tutor
        self.smartlite = smartlite
        self.edu = edu
        self.eq = bench_queries("edu", target.engine)
        self.sq = bench_queries("smartlite", target.engine)
        self.rq = bench_queries("roleplay", target.engine)
        self.cq = bench_queries("chat", target.engine)
        self.tq = bench_queries("tutor", target.engine)
        self.scenarios = 0  # user scenarios seeded so far
        self.growth_chats = False

    @classmethod
    async def open(cls, target: Target) -> Data:
        apps = [await open_app(target, app) for app in APPS]
        return cls(target, *apps)

    def db(self, app: str) -> Database:
        """The handle on one app's bench database."""
        found: Database = getattr(self, app)
        return found

    async def close(self) -> None:
        await self.roleplay.close()
        await self.chat.close()
        await self.tutor.close()
        await self.smartlite.close()
        await self.edu.close()

    async def _chunks(self, db: Database, query: Any, first: int, count: int, **extra: Any) -> None:
        for start in range(first, first + count, CHUNK):
            size = min(CHUNK, first + count - start)
            await db.run(query, first=start, count=size, **extra)

    async def seed(self) -> None:
        """The base workload: 1,000 users with 10 scenarios each, 20 templates; 1,000 chats of
        10 messages across 100 chat users; smartlite's 1,000 accounts with a session and an API
        key each, a worker key and 200,000 pending transcriptions."""
        await self._chunks(self.roleplay, self.rq.seed_users, 1, workload.USERS)
        await self.grow(workload.SCENARIOS)
        await self.roleplay.run(self.rq.seed_scenarios, first=1, count=workload.TEMPLATES,
                                template=True)  # fmt: skip
        await self.roleplay.run(self.rq.analyze_scenarios)
        await self.chat.run(self.cq.seed_users, first=1, count=workload.CHAT_USERS)
        await self.chat.run(
            self.cq.seed_chats, first=0, count=workload.CHATS, users=workload.CHAT_USERS
        )
        await self.reset_messages(0, workload.CHATS, workload.MESSAGES)
        await self.tutor.run(self.tq.seed_profiles, count=workload.KIDS)
        await self.tutor.run(self.tq.seed_words, profiles=workload.KIDS, words=workload.WORDS)
        users = workload.SMART_USERS
        for query in (self.sq.seed_users, self.sq.seed_sessions, self.sq.seed_api_keys):
            await self.smartlite.run(query, count=users)
        await self._chunks(self.smartlite, self.sq.seed_pending, 1, workload.PENDING, users=users)
        await self.edu.run(self.eq.seed_users, count=workload.EDU_USERS)
        scenarios = workload.EDU_SCENARIOS
        await self.edu.run(self.eq.seed_scenarios, count=scenarios, users=workload.EDU_USERS)
        for query in (self.eq.seed_personas, self.eq.seed_scenes, self.eq.seed_links):
            await self.edu.run(query, count=scenarios)
        await self.edu.run(self.eq.analyze)

    async def reset_messages(self, first: int, count: int, messages: int) -> None:
        """Chats first .. first + count - 1 with exactly `messages` generated messages."""
        if self.target.engine != "mysql":
            await self.chat.run(self.cq.reset_messages, first=first, count=count, messages=messages)
        else:
            async with self.chat.transaction() as tx:  # one connection for the SET and the UPDATE
                await tx.run(self.cq.allow_long_json_arrays, bytes=1 << 30)
                await tx.run(self.cq.reset_messages, first=first, count=count, messages=messages)
        await self.chat.run(self.cq.settle_chats)

    async def grow(self, total: int) -> None:
        """User scenarios up to `total`, ten per user (new users first): the list's growth."""
        if total <= self.scenarios:
            return
        users_have = -(-self.scenarios // workload.SCENARIOS_PER_USER)
        users_need = -(-total // workload.SCENARIOS_PER_USER)
        if users_need > max(users_have, workload.USERS):
            first = max(users_have, workload.USERS) + 1
            await self._chunks(self.roleplay, self.rq.seed_users, first, users_need - first + 1)
        await self._chunks(
            self.roleplay, self.rq.seed_scenarios, self.scenarios, total - self.scenarios,
            template=False,
        )  # fmt: skip
        self.scenarios = total
        await self.roleplay.run(self.rq.analyze_scenarios)

    async def reset(self, endpoint: str) -> None:
        """Undo what a run of this endpoint changed, so the next run sees the same data."""
        if endpoint == "create":
            await self.roleplay.run(self.rq.delete_created_scenarios)
            await self.roleplay.run(self.rq.analyze_scenarios)
        elif endpoint == "append":
            await self.reset_messages(0, workload.CHATS, workload.MESSAGES)
        elif endpoint == "addword":
            await self.tutor.run(self.tq.delete_added_words)
            await self.tutor.run(self.tq.delete_trail)
        elif endpoint == "claim":
            await self.smartlite.run(self.sq.unclaim)

    async def set_growth_messages(self, messages: int) -> None:
        """The growth chats (1000 .. 1099) with exactly `messages` messages each."""
        first, count = workload.CHATS, workload.GROWTH_CHATS
        if not self.growth_chats:
            await self.chat.run(
                self.cq.seed_chats, first=first, count=count, users=workload.CHAT_USERS
            )
            self.growth_chats = True
        await self.reset_messages(first, count, messages)

    async def counts(self) -> dict[str, int]:
        return {
            "users": int(await self.roleplay.run(self.rq.count_users)),
            "scenarios": int(await self.roleplay.run(self.rq.count_scenarios)),
            "templates": int(await self.roleplay.run(self.rq.count_templates)),
            "chat_users": int(await self.chat.run(self.cq.count_users)),
            "chats": int(await self.chat.run(self.cq.count_chats)),
            "messages": int(
                await self.chat.run(self.cq.count_messages, first=0, count=workload.CHATS)
            ),
            "kids": int(await self.tutor.run(self.tq.count_profiles)),
            "words": int(await self.tutor.run(self.tq.count_words)),
            "accounts": int(await self.smartlite.run(self.sq.count_users)),
            "pending": int(await self.smartlite.run(self.sq.count_pending)),
            "edu_scenarios": int(await self.edu.run(self.eq.count_scenarios)),
            "edu_public": int(await self.edu.run(self.eq.count_public)),
            "edu_scenes": int(await self.edu.run(self.eq.count_scenes)),
        }

    async def server_version(self) -> str:
        return str(await self.roleplay.run(self.rq.server_version))

    async def growth_messages(self) -> int:
        count = await self.chat.run(
            self.cq.count_messages, first=workload.CHATS, count=workload.GROWTH_CHATS
        )
        return int(count)

    async def explain_list(self, viewer: str) -> list[str]:
        """The list query's plan for one user's first page, as the server ran it."""
        app_query = self.roleplay.queries.list_visible_scenarios
        explain = self.rq.explain
        query = dataclasses.replace(
            app_query, sql=explain.sql.replace("{statement}", app_query.sql), kind="many"
        )
        rows = await self.roleplay.run(query, **list_params(viewer))
        return plan_lines(rows)


def list_params(viewer: str) -> dict[str, Any]:
    """The first page of the list endpoint, as the handler asks for it (limit 50, one more)."""
    return {
        "viewer": viewer,
        "before_created_at": FAR_FUTURE,
        "before_id": "",
        "limit": 51,
        "tag": None,
        "title_part": None,
    }


def plan_lines(rows: list[Row]) -> list[str]:
    """PostgreSQL's plan text, or one line per MariaDB ANALYZE row."""
    lines = []
    for row in rows:
        if len(row) == 1:
            lines.append(str(next(iter(row.values()))))
            continue
        keep = ("id", "select_type", "table", "type", "key", "rows", "r_rows", "filtered", "Extra")
        lines.append(" ".join(f"{k}={row[k]}" for k in keep if k in row))
    return lines


def scans(engine: str, lines: list[str]) -> bool:
    """Whether a plan reads (nearly) the whole scenarios table for one page: a sequential scan
    on PostgreSQL; on MySQL a full table or index scan, or a range the optimizer expects to
    cover more than 1,000 rows (MariaDB reads `user_id <> :viewer` as two ranges spanning the
    whole user_id index)."""
    if engine == "postgres":
        return any("Seq Scan on scenarios" in line for line in lines)
    for line in lines:
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if fields.get("table") != "scenarios":
            continue
        if fields.get("type") in ("ALL", "index"):
            return True
        estimate = fields.get("rows", "None")
        if estimate.replace(".", "").isdigit() and float(estimate) > 1_000:
            return True
    return False


def describe(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{v:,} {k}" for k, v in counts.items())
