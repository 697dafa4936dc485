"""Simulations: a user's run through a scenario (user_progress) and its scenes (scene_progress).

Every change under a run locks its user_progress row first, so its scene rows and the totals
recomputed from them (refresh-progress-totals) change one request at a time and always agree.
"""

from __future__ import annotations

from typing import Any

from service.apps.edu.access import load, lock_scenario, path_int, user_of, viewer
from service.apps.edu.simulation_models import (
    ActiveSimulation,
    Progress,
    SceneComplete,
    SceneCompletion,
    SceneProgress,
    SimulationPatch,
    SimulationStart,
)
from service.bodies import changes
from service.db import Row, Runner
from service.errors import Conflict, Forbidden
from service.http import query_int
from service.pages import Keyset, Page
from service.routing import Call, found
from service.states import Lifecycle

RUN = Lifecycle(
    "simulation",
    {
        "pause": (("in_progress",), "paused"),
        "resume": (("paused",), "in_progress"),
        "abandon": (("in_progress", "paused"), "abandoned"),
        "complete": (("in_progress",), "completed"),
    },
)
SCENE = Lifecycle("scene", {"complete": (("in_progress",), "completed")})
NEWEST = Keyset("started_at", id_kind=int, first_id=2**31 - 1)


async def caller(call: Call) -> dict[str, Any]:
    """Whose runs the caller may touch: their own (:viewer), or any (:admin)."""
    who = viewer(call)
    acting = await load(call.db, who)
    return {"viewer": who.id, "admin": acting.is_admin}


async def lock_run(tx: Runner, run_id: int, who: dict[str, Any], action: str = "") -> Row:
    """The run's row, locked; with `action`, 409 unless it is in progress."""
    row: Row = found(await tx.q.lock_progress(id=run_id, **who), "simulation")
    if action and row["status"] != "in_progress":
        raise Conflict(f"the simulation is {row['status']}; {action} needs it in_progress")
    return row


async def start(call: Call) -> Progress:
    body: SimulationStart = call.body
    who = viewer(call)
    user_id = user_of(who)

    async def work(tx: Runner) -> Progress:
        # The scenario's lock settles who may see it and holds its scenes still while they
        # are counted and copied into the run.
        await lock_scenario(tx, who, body.scenario_id, edit=False)
        total: int = await tx.q.count_scenes(scenario_id=body.scenario_id)
        if not total:
            raise Conflict("the scenario has no scenes yet; add one before starting it")
        first = await tx.q.first_scene_id(scenario_id=body.scenario_id)
        made = await tx.q.insert_progress(
            user_id=user_id,
            scenario_id=body.scenario_id,
            current_scene_id=first,
            total_scenes=total,
            orchestrator_data=body.orchestrator_data,
            conversation_summary=body.conversation_summary,
        )
        run_id = int(made["id"])
        await tx.q.insert_scene_progress(
            user_progress_id=run_id, current_scene_id=first, scenario_id=body.scenario_id
        )
        await tx.q.count_usage(id=body.scenario_id)
        await tx.q.count_simulation(id=user_id)
        return Progress(**await tx.q.get_progress(id=run_id, viewer=user_id, admin=False))

    return await call.db.atomic(work)


async def get(call: Call) -> Progress:
    run_id = path_int(call, "id", "simulation")
    return Progress(
        **found(await call.db.q.get_progress(id=run_id, **await caller(call)), "simulation")
    )


async def lock_for_match(call: Call) -> None:
    """For If-Match on PATCH (service/etags.py): the run stays as read until the write."""
    await call.db.q.lock_progress_for_match(id=path_int(call, "id", "simulation"))


async def active(call: Call) -> Page[ActiveSimulation]:
    """The document's second common query, one keyset page at a time."""
    who = viewer(call)
    asked = query_int(call.request, "user_id", 0, 0, 2**31 - 1) or None
    if asked is None or asked == who.id:
        user_id = user_of(who)
    elif (await caller(call))["admin"]:
        user_id = asked
    else:
        raise Forbidden("only an admin may list another user's simulations")
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_active_progress(user_id=user_id, **window.params)
    return NEWEST.page(rows, window, lambda r: ActiveSimulation(**r))


async def patch(call: Call) -> Progress:
    run_id = path_int(call, "id", "simulation")
    body: SimulationPatch = call.body
    row = await call.db.q.update_progress_data(id=run_id, **changes(body), **await caller(call))
    return Progress(**found(row, "simulation"))


async def scenes(call: Call) -> list[SceneProgress]:
    run_id = path_int(call, "id", "simulation")
    found(await call.db.q.get_progress_status(id=run_id, **await caller(call)), "simulation")
    return [
        SceneProgress(**r) for r in await call.db.q.list_scene_progress(user_progress_id=run_id)
    ]


async def next_scene(call: Call) -> Progress:
    """Leave the current scene (skipped unless completed) for the first one not started."""
    run_id = path_int(call, "id", "simulation")
    who = await caller(call)

    async def work(tx: Runner) -> Progress:
        row = await lock_run(tx, run_id, who, "moving to the next scene")
        following = await tx.q.next_scene_id(user_progress_id=run_id)
        if following is None:
            raise Conflict("every scene of the simulation has been started; complete it instead")
        await tx.q.skip_scene(user_progress_id=run_id, scene_id=row["current_scene_id"])
        await tx.q.start_scene(user_progress_id=run_id, scene_id=following)
        await tx.q.set_current_scene(id=run_id, scene_id=following)
        await tx.q.refresh_progress_totals(id=run_id)
        return Progress(**await tx.q.get_progress(id=run_id, **who))

    return await call.db.atomic(work)


async def complete_scene(call: Call) -> SceneCompletion:
    run_id = path_int(call, "id", "simulation")
    scene_id = path_int(call, "scene_id", "scene")
    body: SceneComplete = call.body
    who = await caller(call)
    keys = {"user_progress_id": run_id, "scene_id": scene_id}

    async def work(tx: Runner) -> SceneCompletion:
        await lock_run(tx, run_id, who, "completing a scene")

        async def current() -> Any:
            return await tx.q.get_scene_progress_status(**keys)

        await SCENE.move(
            "complete",
            tx.q.complete_scene,
            current,
            **keys,
            time_spent=body.time_spent,
            completion_score=body.completion_score,
            feedback_data=body.feedback_data,
            goal_achieved=body.goal_achieved,
            hints_used=body.hints_used,
        )
        await tx.q.refresh_progress_totals(id=run_id)
        return SceneCompletion(
            scene=SceneProgress(**await tx.q.get_scene_progress(**keys)),
            progress=Progress(**await tx.q.get_progress(id=run_id, **who)),
        )

    return await call.db.atomic(work)


def describe(action: str) -> str:
    sources, target = RUN.transitions[action]
    return f"{action.capitalize()} a simulation ({' or '.join(sources)} -> {target}; else 409)"


def mover(action: str) -> Any:
    """The handler of one status move (pause, resume, abandon, complete)."""

    async def move(call: Call) -> Progress:
        run_id = path_int(call, "id", "simulation")
        who = await caller(call)

        async def current() -> Any:
            return await call.db.q.get_progress_status(id=run_id, **who)

        row = await RUN.move(action, call.db.q.move_progress, current, id=run_id, **who)
        return Progress(**row)

    move.__name__ = f"{action}_simulation"
    return move
