"""The floor: an endpoint's named queries through the app's own Database (same pool, codecs and
row conversion as the service), the result encoded with msgspec, at the same concurrency, and no
HTTP. `python -m bench.floor` (one process per service worker) reads its Spec as one JSON line on
stdin and prints one JSON line: the operations completed in the measured window."""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from bench import data, workload
from service.apps.smartlite import credentials, jobs
from service.apps.tutor import store
from service.bodies import INT32_MAX
from service.config import DbUrl
from service.db import Database, Runner
from service.pages import FAR_FUTURE

_encode = msgspec.json.Encoder().encode
Op = Callable[[Database, dict[str, Any]], Awaitable[bytes]]


class Spec(msgspec.Struct, frozen=True):
    engine: str
    url: str  # the server, rendered with its password
    endpoint: str
    tasks: int  # concurrent tasks in this process
    first_task: int  # this process's first task among all processes' tasks
    all_tasks: int
    start_at: float  # time.time() when measuring starts; before that is warm-up
    duration: float
    pool_max: int = 10
    prefix: str = "bench_"  # the bench databases' names: <prefix>roleplay, <prefix>chat


class Result(msgspec.Struct, frozen=True):
    ops: int
    seconds: float
    errors: int
    error: str = ""
    latencies_us: list[int] = []  # of the counted operations, for percentiles like wrk's


async def _list(db: Database, params: dict[str, Any]) -> bytes:
    rows = await db.q.list_visible_scenarios(
        viewer=params["viewer"],
        before_created_at=FAR_FUTURE,
        before_id="",
        limit=51,
        tag=None,
        title_part=None,
    )
    return _encode({"items": rows[:50], "next_cursor": None})


async def _get(db: Database, params: dict[str, Any]) -> bytes:
    return _encode(await db.q.get_scenario(**params))


async def _create(db: Database, params: dict[str, Any]) -> bytes:
    # The write answers with its row, as in the service: one statement on PostgreSQL, the write
    # and its read-back in one transaction on MySQL.
    return _encode(await db.q.insert_scenario(id=str(uuid.uuid4()), **params))


async def _append(db: Database, params: dict[str, Any]) -> bytes:
    stats = await db.q.append_messages(**params)
    return _encode({**stats, "appended": params["messages"]})


async def _words(db: Database, params: dict[str, Any]) -> bytes:
    rows = await db.q.list_words(
        **params, language=None, before_added_at=FAR_FUTURE, before_id=INT32_MAX, limit=51
    )
    return _encode({"items": rows[:50], "next_cursor": None})


async def _addword(db: Database, params: dict[str, Any]) -> bytes:
    # As the handler: the profile locked, the word inserted if absent, its trail row, one
    # transaction.
    profile = params["profile_id"]

    async def work(tx: Runner) -> Any:
        await store.locked(tx, profile)
        word = (params["word"], params["language"], None)
        return await store.add_words(tx, profile, [word], "user")

    added, present = await db.atomic(work)
    return _encode({"added": added, "already_mastered": present})


async def _session(db: Database, params: dict[str, Any]) -> bytes:
    # As the handler: the session looked up by its token's hash (every request), then the read.
    token = params["credential"].removeprefix("Bearer ")
    session = await db.q.get_session_by_token(
        token=credentials.digest(token), now=credentials.now()
    )
    return _encode(await db.q.get_user(id=session["user_id"]))


async def _apikey(db: Database, params: dict[str, Any]) -> bytes:
    key = await db.q.get_api_key_by_hash(key=credentials.digest(params["credential"]))
    return _encode(await db.q.get_user(id=key["user_id"]))


async def _claim(db: Database, params: dict[str, Any]) -> bytes:
    # As the handler: the worker key looked up, the oldest candidates read, one taken.
    await db.q.get_api_key_by_hash(key=credentials.digest("slk_bench-worker"))
    move = jobs.TRANSCRIPTIONS.lifecycle.params("claim")
    candidates = await db.q.list_pending_transcriptions(limit=jobs.CANDIDATES)
    rest = candidates[1:]
    random.shuffle(rest)  # as the handler: losers of the oldest spread over the rest
    for candidate in candidates[:1] + rest:
        row = await db.q.claim_transcription(id=candidate["id"], **move)
        if row is not None:
            return _encode({"item": row})
    return _encode({"item": None})


async def _catalogue(db: Database, params: dict[str, Any]) -> bytes:
    rows = await db.q.list_public_scenarios(**params)
    return _encode({"items": rows[:20], "next_cursor": None})


async def _whole(db: Database, params: dict[str, Any]) -> bytes:
    # As the handler: the scenario (visibility checked), its personas, scenes and links.
    scenario = await db.q.get_scenario(**params)
    personas = await db.q.list_personas(scenario_id=params["id"])
    scenes = await db.q.list_scenes(scenario_id=params["id"])
    links = await db.q.list_links(scenario_id=params["id"])
    return _encode({"scenario": scenario, "personas": personas, "scenes": scenes, "links": links})


OPS: dict[str, Op] = {
    "catalogue": _catalogue,
    "whole": _whole,
    "session": _session,
    "apikey": _apikey,
    "claim": _claim,
    "list": _list,
    "get": _get,
    "create": _create,
    "append": _append,
    "words": _words,
    "addword": _addword,
}


async def measure(spec: Spec, db: Database) -> Result:
    """Every task walks the rotation `all_tasks` apart, like wrk's connections; operations that
    end inside [start_at, start_at + duration] count."""
    op = OPS[spec.endpoint]
    plan = [r.params for r in workload.requests(spec.endpoint)]
    end = spec.start_at + spec.duration
    latencies: list[int] = []
    errors = 0
    first_error = ""

    async def task(index: int) -> None:
        nonlocal errors, first_error
        position = index
        while (now := time.time()) < end:
            began = time.perf_counter()
            try:
                await op(db, plan[position % len(plan)])
            except Exception as exc:  # noqa: BLE001 - counted and reported, like wrk's errors
                errors += 1
                first_error = first_error or f"{type(exc).__name__}: {exc}"
                await asyncio.sleep(0.001)
            position += spec.all_tasks
            if spec.start_at <= now < end:
                latencies.append(round((time.perf_counter() - began) * 1e6))

    await asyncio.gather(*(task(spec.first_task + t) for t in range(spec.tasks)))
    return Result(len(latencies), spec.duration, errors, first_error, latencies)


async def run(spec: Spec) -> Result:
    target = data.Target(spec.engine, DbUrl.parse(spec.url, "floor"), spec.prefix)
    db = await data.open_app(target, workload.APP[spec.endpoint], spec.pool_max)
    try:
        return await measure(spec, db)
    finally:
        await db.close()


def main() -> int:
    spec = msgspec.json.decode(sys.stdin.buffer.readline(), type=Spec)
    print(msgspec.json.encode(asyncio.run(run(spec))).decode(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
