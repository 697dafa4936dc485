"""Personas and scenes under a scenario, and which personas take part in which scene. Every
write locks the scenario first: the right to edit is settled there, and concurrent changes to
one scenario's scene order take turns. Nothing is read inside a write's transaction before that
lock: on MySQL the first plain read fixes the transaction's snapshot, which must not predate
the commits the lock waited for."""

from __future__ import annotations

import msgspec

from service.apps.edu.access import lock_scenario, path_int, viewer
from service.apps.edu.part_models import (
    LinkPut,
    Persona,
    PersonaCreate,
    Reorder,
    Scene,
    SceneCreate,
    ScenePatch,
)
from service.bodies import changes
from service.db import Runner
from service.errors import Conflict, FieldError, Invalid, NotFound
from service.routing import Call, found

# -- personas ---------------------------------------------------------------------------------


async def list_personas(call: Call) -> list[Persona]:
    scenario_id = path_int(call, "id", "scenario")
    found(await call.db.q.get_scenario(id=scenario_id, **viewer(call).params), "scenario")
    return [Persona(**r) for r in await call.db.q.list_personas(scenario_id=scenario_id)]


async def create_persona(call: Call) -> Persona:
    body: PersonaCreate = call.body
    scenario_id, who = path_int(call, "id", "scenario"), viewer(call)

    async def work(tx: Runner) -> Persona:
        await lock_scenario(tx, who, scenario_id)
        return Persona(
            **await tx.q.insert_persona(scenario_id=scenario_id, **msgspec.structs.asdict(body))
        )

    return await call.db.atomic(work)


async def _persona(call: Call) -> tuple[int, int]:
    """A persona and its scenario, looked up before the transaction: on MySQL a plain read
    inside it would fix the snapshot before the scenario lock is taken."""
    persona_id = path_int(call, "id", "persona")
    scenario_id = await call.db.q.get_persona_scenario(id=persona_id)
    if scenario_id is None:
        raise NotFound("no persona with that id")
    return persona_id, scenario_id


async def _lock_persona(tx: Runner, call: Call, persona_id: int, scenario_id: int) -> None:
    await lock_scenario(tx, viewer(call), scenario_id)
    if await tx.q.get_persona_scenario(id=persona_id) != scenario_id:
        raise NotFound("no persona with that id")


async def update_persona(call: Call) -> Persona:
    params = changes(call.body)
    persona_id, scenario_id = await _persona(call)

    async def work(tx: Runner) -> Persona:
        await _lock_persona(tx, call, persona_id, scenario_id)
        return Persona(**found(await tx.q.update_persona(id=persona_id, **params), "persona"))

    return await call.db.atomic(work)


async def delete_persona(call: Call) -> None:
    persona_id, scenario_id = await _persona(call)

    async def work(tx: Runner) -> None:
        await _lock_persona(tx, call, persona_id, scenario_id)
        await tx.q.delete_persona(id=persona_id)

    await call.db.atomic(work)


# -- scenes -----------------------------------------------------------------------------------


async def list_scenes(call: Call) -> list[Scene]:
    scenario_id = path_int(call, "id", "scenario")
    found(await call.db.q.get_scenario(id=scenario_id, **viewer(call).params), "scenario")
    return [Scene(**r) for r in await call.db.q.list_scenes(scenario_id=scenario_id)]


def _place(requested: int | None, count: int, most: int) -> int:
    """Where a scene goes: the requested place (1 = first), at most `most`; default the end."""
    if requested is None:
        return most
    if not 1 <= requested <= most:
        raise Invalid(
            f"scene_order must be from 1 to {most} (the scenario has {count} scenes)",
            errors=[FieldError(path="$.scene_order", message=f"must be from 1 to {most}")],
        )
    return requested


async def create_scene(call: Call) -> Scene:
    body: SceneCreate = call.body
    scenario_id, who = path_int(call, "id", "scenario"), viewer(call)
    params = msgspec.structs.asdict(body)

    async def work(tx: Runner) -> Scene:
        await lock_scenario(tx, who, scenario_id)
        count: int = await tx.q.count_scenes(scenario_id=scenario_id)
        place = _place(body.scene_order, count, count + 1)
        await tx.q.make_room(scenario_id=scenario_id, scene_order=place)
        row = await tx.q.insert_scene(
            **(params | {"scenario_id": scenario_id, "scene_order": place})
        )
        return Scene(**row)

    return await call.db.atomic(work)


async def _scene(call: Call) -> tuple[int, int]:
    """A scene and its scenario, looked up before the transaction (see _persona)."""
    scene_id = path_int(call, "id", "scene")
    row = await call.db.q.get_scene_place(id=scene_id)
    if row is None:
        raise NotFound("no scene with that id")
    return scene_id, row["scenario_id"]


async def _lock_scene(tx: Runner, call: Call, scene_id: int, scenario_id: int) -> int:
    """Locks the scene's scenario; the scene's place as it is now, under the lock."""
    await lock_scenario(tx, viewer(call), scenario_id)
    row = await tx.q.lock_scene_place(id=scene_id)
    if row is None or row["scenario_id"] != scenario_id:
        raise NotFound("no scene with that id")
    place: int = row["scene_order"]
    return place


async def update_scene(call: Call) -> Scene:
    body: ScenePatch = call.body
    params = changes(body)
    params.pop("scene_order"), params.pop("set_scene_order")
    scene_id, scenario_id = await _scene(call)

    async def work(tx: Runner) -> Scene:
        place = await _lock_scene(tx, call, scene_id, scenario_id)
        if body.scene_order is not msgspec.UNSET:
            count: int = await tx.q.count_scenes(scenario_id=scenario_id)
            to = _place(body.scene_order, count, count)
            await tx.q.move_scene(id=scene_id, scenario_id=scenario_id, to=to, **{"from": place})
        return Scene(**found(await tx.q.update_scene(id=scene_id, **params), "scene"))

    return await call.db.atomic(work)


async def delete_scene(call: Call) -> None:
    scene_id, scenario_id = await _scene(call)

    async def work(tx: Runner) -> None:
        place = await _lock_scene(tx, call, scene_id, scenario_id)
        await tx.q.delete_scene(id=scene_id)
        await tx.q.close_gap(scenario_id=scenario_id, scene_order=place)

    await call.db.atomic(work)


async def reorder_scenes(call: Call) -> list[Scene]:
    """All of a scenario's scenes in a new order, set in one statement."""
    body: Reorder = call.body
    scenario_id, who = path_int(call, "id", "scenario"), viewer(call)

    async def work(tx: Runner) -> list[Scene]:
        await lock_scenario(tx, who, scenario_id)
        current = [r["id"] for r in await tx.q.list_scene_ids(scenario_id=scenario_id)]
        if sorted(current) != sorted(body.scene_ids):
            raise Conflict(
                "scene_ids must name every scene of the scenario exactly once;"
                f" it has {len(current)}: {current}"
            )
        ids = ",".join(str(i) for i in body.scene_ids)
        await tx.q.reorder_scenes(scenario_id=scenario_id, ids=ids)
        return [Scene(**r) for r in await tx.q.list_scenes(scenario_id=scenario_id)]

    return await call.db.atomic(work)


# -- scene <-> persona ------------------------------------------------------------------------


async def put_link(call: Call) -> None:
    body: LinkPut = call.body
    persona_id = path_int(call, "persona_id", "persona")
    scene_id, scenario_id = await _scene(call)

    async def work(tx: Runner) -> None:
        await _lock_scene(tx, call, scene_id, scenario_id)
        if not await tx.q.put_link(
            scene_id=scene_id, persona_id=persona_id, involvement_level=body.involvement_level
        ):
            raise NotFound("no persona with that id in this scene's scenario")

    await call.db.atomic(work)


async def delete_link(call: Call) -> None:
    persona_id = path_int(call, "persona_id", "persona")
    scene_id, scenario_id = await _scene(call)

    async def work(tx: Runner) -> None:
        await _lock_scene(tx, call, scene_id, scenario_id)
        if not await tx.q.delete_link(scene_id=scene_id, persona_id=persona_id):
            raise NotFound("that persona is not in this scene")

    await call.db.atomic(work)
