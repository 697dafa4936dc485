"""A simulation's conversation: turns appended under the run's lock (one or many per request),
read back one scene at a time oldest first (the document's third common query), and summaries."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import msgspec

from service.apps.edu.access import path_int
from service.apps.edu.simulation_models import Message, Summary, SummaryCreate, Turns
from service.apps.edu.simulations import caller, lock_run
from service.bodies import EARLIEST
from service.db import Runner
from service.errors import FieldError, Invalid
from service.http import query_int
from service.pages import Page, decode_cursor, encode_cursor
from service.routing import Call, found


class Appended(msgspec.Struct):
    """The ids of the turns appended, in the order sent."""

    ids: list[int]


async def append(call: Call) -> Appended:
    run_id = path_int(call, "id", "simulation")
    body: Turns = call.body
    who = await caller(call)

    async def work(tx: Runner) -> Appended:
        run = await lock_run(tx, run_id, who, "adding to the conversation")
        ids: list[int] = []
        user_turns: Counter[int] = Counter()
        for i, turn in enumerate(body.turns):
            params = msgspec.structs.asdict(turn)
            scene_id = params["scene_id"] = turn.scene_id or run["current_scene_id"]
            made = await tx.q.insert_turn(user_progress_id=run_id, **params)
            if made is None:
                raise Invalid(
                    "a turn names a scene outside this simulation or a persona outside its"
                    " scenario",
                    errors=[
                        FieldError(
                            path=f"$.turns[{i}]",
                            message="scene_id must be one of the simulation's scenes and"
                            " persona_id one of its scenario's personas",
                        )
                    ],
                )
            ids.append(int(made["id"]))
            if turn.message_type == "user_message":
                user_turns[scene_id] += 1
        # A user's message is a turn: the scene rows count them and the run's totals follow.
        for scene_id in sorted(user_turns):
            await tx.q.count_scene_turns(
                user_progress_id=run_id, scene_id=scene_id, turns=user_turns[scene_id]
            )
        if user_turns:
            await tx.q.refresh_progress_totals(id=run_id)
        return Appended(ids)

    return await call.db.atomic(work)


async def history(call: Call) -> Page[Message]:
    """Oldest first; the cursor is the (created_at, id) of the last turn returned."""
    run_id = path_int(call, "id", "simulation")
    scene_id = path_int(call, "scene_id", "scene")
    found(await call.db.q.get_progress_status(id=run_id, **await caller(call)), "simulation")
    limit = query_int(call.request, "limit", 50, 1, 200)
    text = call.request.query_params.get("cursor")
    after = decode_cursor(text, tuple[datetime, int]) if text else (EARLIEST, 0)
    rows = await call.db.q.list_conversation(
        user_progress_id=run_id,
        scene_id=scene_id,
        after_created_at=after[0],
        after_id=after[1],
        limit=limit + 1,
    )
    items = [Message(**r) for r in rows[:limit]]
    more = len(rows) > limit
    return Page(items, encode_cursor(items[-1].created_at, items[-1].id) if more else None)


async def summarize(call: Call) -> Summary:
    run_id = path_int(call, "id", "simulation")
    body: SummaryCreate = call.body
    who = await caller(call)

    async def work(tx: Runner) -> Summary:
        await lock_run(tx, run_id, who)
        row = await tx.q.insert_summary(user_progress_id=run_id, **msgspec.structs.asdict(body))
        if row is None:
            raise Invalid(
                "scene_id is not one of the simulation's scenes",
                errors=[FieldError(path="$.scene_id", message="is not one of its scenes")],
            )
        return Summary(**row)

    return await call.db.atomic(work)


async def summaries(call: Call) -> list[Summary]:
    run_id = path_int(call, "id", "simulation")
    found(await call.db.q.get_progress_status(id=run_id, **await caller(call)), "simulation")
    limit = query_int(call.request, "limit", 200, 1, 1000)
    rows = await call.db.q.list_summaries(user_progress_id=run_id, limit=limit)
    return [Summary(**r) for r in rows]
