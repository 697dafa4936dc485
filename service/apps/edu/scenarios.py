"""Scenarios of the edu app: create, read (alone, whole, in the public catalogue), edit,
delete, and remix."""

from __future__ import annotations

from typing import Any

import msgspec

from service.apps.edu.access import (
    INT32,
    bump_published,
    bump_reputation,
    load,
    lock_scenario,
    path_int,
    user_of,
    viewer,
)
from service.apps.edu.models import (
    CatalogueItem,
    OwnScenario,
    Scenario,
    ScenarioCreate,
    ScenarioPatch,
)
from service.apps.edu.part_models import Persona, Scene, ScenePersona, Whole
from service.bodies import UNSTORABLE, changes
from service.db import Row, Runner
from service.errors import Forbidden
from service.http import bad_query, query_int, query_value
from service.pages import Keyset, Page, decode_cursor, encode_cursor
from service.routing import Call, found

# The catalogue's first page starts "after" a key no row can reach (rating_avg is 0 to 5).
FIRST = (1e300, INT32, INT32)
FILTERS = ("industry", "category", "difficulty_level", "tag")
OWN = Keyset("created_at", id_kind=int, first_id=INT32)


async def _read(db: Runner, scenario_id: int, call: Call) -> Scenario:
    row = await db.q.get_scenario(id=scenario_id, **viewer(call).params)
    return Scenario(**found(row, "scenario"))


async def create_scenario(call: Call) -> Scenario:
    body: ScenarioCreate = call.body
    who = viewer(call)
    params = msgspec.structs.asdict(body) | {"created_by": who.id}
    # The role is read before the transaction: a role change racing a create changes nothing
    # the transaction keeps true.
    me = await load(call.db, who)
    if body.is_public and not me.publishes:
        raise Forbidden("only a teacher or an admin publishes a scenario (is_public)")
    if not me.active:
        raise Forbidden("the account is deactivated")

    async def work(tx: Runner) -> Row:
        # The count first: on MySQL the insert's foreign-key check share-locks the user's row,
        # and two creates each holding that and wanting the count's lock would deadlock.
        await bump_published(tx, who.id, 1)
        row: Row = await tx.q.insert_scenario(**params)
        return row

    # A private scenario is one statement on PostgreSQL (INSERT ... RETURNING).
    row = await (call.db.atomic(work) if body.is_public else call.db.q.insert_scenario(**params))
    return Scenario(**row)


async def lock_for_match(call: Call) -> None:
    """For If-Match on PATCH / DELETE (service/etags.py): the scenario stays as read."""
    await lock_scenario(call.db, viewer(call), path_int(call, "id", "scenario"), edit=False)


async def get_scenario(call: Call) -> Scenario:
    return await _read(call.db, path_int(call, "id", "scenario"), call)


async def update_scenario(call: Call) -> Scenario:
    body: ScenarioPatch = call.body
    scenario_id, who = path_int(call, "id", "scenario"), viewer(call)
    params = changes(body)

    async def work(tx: Runner) -> Row:
        row = await lock_scenario(tx, who, scenario_id)
        publishing = body.is_public is True and not row["is_public"]
        if publishing and not row["acting"].publishes:
            raise Forbidden("only a teacher or an admin publishes a scenario (is_public)")
        updated: Row = await tx.q.update_scenario(id=scenario_id, **params)
        if body.is_public is not msgspec.UNSET:
            delta = int(bool(body.is_public)) - int(bool(row["is_public"]))
            await bump_published(tx, row["created_by"], delta)
        return updated

    return Scenario(**await call.db.atomic(work))


async def delete_scenario(call: Call) -> None:
    scenario_id, who = path_int(call, "id", "scenario"), viewer(call)

    async def work(tx: Runner) -> None:
        row = await lock_scenario(tx, who, scenario_id)
        # Its reviews go with it, and what they gave their creator and authors goes back.
        taken: dict[int | None, float] = {row["created_by"]: 0}
        for stake in await tx.q.list_review_stakes(scenario_id=scenario_id):
            taken[row["created_by"]] -= stake["rating"]
            author = stake["reviewer_id"]
            taken[author] = taken.get(author, 0) - (stake["helpful_count"] or 0)
        await tx.q.delete_scenario(id=scenario_id)
        await bump_published(tx, row["created_by"], -1 if row["is_public"] else 0)
        await bump_reputation(tx, taken)

    await call.db.atomic(work)


async def whole_scenario(call: Call) -> Whole:
    """The scenario, its personas, and its scenes in order each with its personas."""
    scenario_id = path_int(call, "id", "scenario")
    scenario = await _read(call.db, scenario_id, call)
    personas = await call.db.q.list_personas(scenario_id=scenario_id)
    scenes = [Scene(**r) for r in await call.db.q.list_scenes(scenario_id=scenario_id)]
    by_scene: dict[int, list[ScenePersona]] = {}
    for link in await call.db.q.list_links(scenario_id=scenario_id):
        by_scene.setdefault(link.pop("scene_id"), []).append(ScenePersona(**link))
    for scene in scenes:
        scene.personas = by_scene.get(scene.id, [])
    return Whole(scenario, [Persona(**p) for p in personas], scenes)


async def clone_scenario(call: Call) -> Scenario:
    """A remix: the source with all its personas, scenes and links, as a new private scenario
    of the caller, in one transaction; the source's clone_count counts it."""
    source, who = path_int(call, "id", "scenario"), viewer(call)
    owner = user_of(who)

    async def work(tx: Runner) -> int:
        row = await lock_scenario(tx, who, source, edit=False)
        me = row["acting"]
        if not me.active:
            raise Forbidden("the account is deactivated")
        if not row["allow_remixes"] and not (me.is_admin or row["created_by"] == owner):
            raise Forbidden("the scenario's creator does not allow remixes")
        await tx.q.clone_scenario(source=source, created_by=owner)
        target: int = await tx.q.last_id()
        await tx.q.clone_personas(source=source, target=target)
        await tx.q.clone_scenes(source=source, target=target)
        await tx.q.clone_links(source=source, target=target)
        await tx.q.count_clone(id=source)
        return target

    return await _read(call.db, await call.db.atomic(work), call)


def _filter(call: Call, name: str) -> str | None:
    value = query_value(call.request, name, str)
    if value is not None and (UNSTORABLE.search(value) or len(value) > 255):
        raise bad_query(name, "must be at most 255 characters of storable text")
    return value


async def my_scenarios(call: Call) -> Page[OwnScenario]:
    """The caller's own scenarios, private ones included, newest first."""
    owner = user_of(viewer(call))
    window = OWN.window(call.request)
    rows = await call.db.q.list_own_scenarios(created_by=owner, **window.params)
    return OWN.page(rows, window, lambda r: OwnScenario(**r))


async def catalogue(call: Call) -> Page[CatalogueItem]:
    """Public scenarios, best rated first, then most used (seed 003's first common query)."""
    limit = query_int(call.request, "limit", 20, 1, 100)
    text = call.request.query_params.get("cursor")
    after: Any = decode_cursor(text, tuple[float, int, int]) if text else FIRST
    params = {name: _filter(call, name) for name in FILTERS}
    rows = await call.db.q.list_public_scenarios(
        before_rating=after[0],
        before_usage=after[1],
        before_id=after[2],
        limit=limit + 1,
        **params,
    )
    items = [CatalogueItem(**r) for r in rows[:limit]]
    if len(rows) <= limit:
        return Page(items, None)
    last = items[-1]
    return Page(items, encode_cursor(last.rating_avg, last.usage_count, last.id))
