"""Personas, scenes (a gapless scene_order under any change, concurrent ones included), their
links, the whole-scenario read and remixes, on both engines."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import Service
from tests.edu.support import (
    BASE,
    assert_problem,
    new_persona,
    new_scenario,
    new_scene,
    new_user,
)


async def orders(svc: Service, user: dict[str, Any], sid: int) -> list[tuple[int, int]]:
    r = await svc.client.get(f"{BASE}/scenarios/{sid}/scenes", headers=user["headers"])
    assert r.status_code == 200, r.text
    return [(s["id"], s["scene_order"]) for s in r.json()]


def assert_gapless(places: list[tuple[int, int]]) -> None:
    assert [p for _, p in places] == list(range(1, len(places) + 1)), [p for _, p in places]


async def test_persona_columns_and_edits(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    traits = {"analytical": 8, "creative": 6.5}
    goals = ["Increase market share by 15%", "Reduce operational costs"]
    p = await new_persona(
        service,
        user,
        sid,
        background="b",
        correlation="c",
        primary_goals=goals,
        personality_traits=traits,
    )
    assert p["personality_traits"] == traits and p["primary_goals"] == goals
    r = await service.client.patch(
        f"{BASE}/personas/{p['id']}",
        json={"background": None, "name": "N"},
        headers=user["headers"],
    )
    assert r.status_code == 200 and r.json()["background"] is None and r.json()["name"] == "N"
    r = await service.client.get(f"{BASE}/scenarios/{sid}/personas", headers=user["headers"])
    assert [x["id"] for x in r.json()] == [p["id"]]
    other = await new_user(service)
    r = await service.client.patch(
        f"{BASE}/personas/{p['id']}", json={"name": "x"}, headers=other["headers"]
    )
    assert_problem(r, 404)
    r = await service.client.post(
        f"{BASE}/scenarios/{sid}/personas",
        json={"name": "x", "role": "y", "personality_traits": {"a": "high"}},
        headers=user["headers"],
    )
    assert_problem(r, 422, "$.personality_traits[...]")
    r = await service.client.delete(f"{BASE}/personas/{p['id']}", headers=user["headers"])
    assert r.status_code == 204


async def test_scene_order_stays_gapless(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    a = await new_scene(service, user, sid, timeout_turns=5, user_goal="g")
    assert a["scene_order"] == 1 and a["timeout_turns"] == 5
    b = await new_scene(service, user, sid)
    c = await new_scene(service, user, sid, scene_order=1)
    assert [i for i, _ in await orders(service, user, sid)] == [c["id"], a["id"], b["id"]]
    r = await service.client.patch(
        f"{BASE}/scenes/{c['id']}",
        json={"scene_order": 3, "title": "last"},
        headers=user["headers"],
    )
    assert r.status_code == 200 and r.json()["scene_order"] == 3
    assert [i for i, _ in await orders(service, user, sid)] == [a["id"], b["id"], c["id"]]
    assert_gapless(await orders(service, user, sid))
    r = await service.client.delete(f"{BASE}/scenes/{a['id']}", headers=user["headers"])
    assert r.status_code == 204
    assert await orders(service, user, sid) == [(b["id"], 1), (c["id"], 2)]
    r = await service.client.put(
        f"{BASE}/scenarios/{sid}/scenes/order",
        json={"scene_ids": [c["id"], b["id"]]},
        headers=user["headers"],
    )
    assert r.status_code == 200, r.text
    assert [(s["id"], s["scene_order"]) for s in r.json()] == [(c["id"], 1), (b["id"], 2)]
    for wrong in ([c["id"]], [c["id"], c["id"]], [c["id"], b["id"], 999999]):
        r = await service.client.put(
            f"{BASE}/scenarios/{sid}/scenes/order",
            json={"scene_ids": wrong},
            headers=user["headers"],
        )
        assert_problem(r, 409)
    r = await service.client.post(
        f"{BASE}/scenarios/{sid}/scenes",
        json={"title": "x", "scene_order": 9},
        headers=user["headers"],
    )
    assert_problem(r, 422, "$.scene_order")
    assert await orders(service, user, sid) == [(c["id"], 1), (b["id"], 2)]


async def test_concurrent_scene_changes_keep_the_order_gapless(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    await asyncio.gather(*(new_scene(service, user, sid, scene_order=1) for _ in range(20)))
    places = await orders(service, user, sid)
    assert len(places) == 20
    assert_gapless(places)
    ids = [i for i, _ in places]

    async def move(scene_id: int, to: int) -> None:
        r = await service.client.patch(
            f"{BASE}/scenes/{scene_id}", json={"scene_order": to}, headers=user["headers"]
        )
        assert r.status_code == 200, r.text

    async def drop(scene_id: int) -> None:
        r = await service.client.delete(f"{BASE}/scenes/{scene_id}", headers=user["headers"])
        assert r.status_code == 204, r.text

    await asyncio.gather(
        *(move(i, 1 + (n * 7) % 10) for n, i in enumerate(ids[:10])),
        *(drop(i) for i in ids[10:15]),
        *(new_scene(service, user, sid, scene_order=2) for _ in range(5)),
    )
    places = await orders(service, user, sid)
    assert len(places) == 20
    assert_gapless(places)


async def test_links_join_personas_of_the_same_scenario_only(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    p = await new_persona(service, user, sid)
    scene = await new_scene(service, user, sid)
    link = f"{BASE}/scenes/{scene['id']}/personas/{p['id']}"
    r = await service.client.put(link, json={"involvement_level": "key"}, headers=user["headers"])
    assert r.status_code == 204, r.text
    r = await service.client.put(link, json={}, headers=user["headers"])
    assert r.status_code == 204
    whole = await service.client.get(f"{BASE}/scenarios/{sid}/whole", headers=user["headers"])
    links = whole.json()["scenes"][0]["personas"]
    assert [(x["persona_id"], x["involvement_level"]) for x in links] == [(p["id"], "participant")]
    elsewhere = await new_persona(service, user, (await new_scenario(service, user))["id"])
    r = await service.client.put(
        f"{BASE}/scenes/{scene['id']}/personas/{elsewhere['id']}",
        json={},
        headers=user["headers"],
    )
    assert_problem(r, 404)
    r = await service.client.put(link, json={"involvement_level": "boss"}, headers=user["headers"])
    assert_problem(r, 422, "$.involvement_level")
    assert (await service.client.delete(link, headers=user["headers"])).status_code == 204
    assert_problem(await service.client.delete(link, headers=user["headers"]), 404)


async def build(svc: Service, user: dict[str, Any], **fields: Any) -> int:
    """A public scenario with three personas, three scenes and links between them."""
    sid: int = (await new_scenario(svc, user, is_public=True, tags=["t"], **fields))["id"]
    personas = [
        await new_persona(svc, user, sid, personality_traits={"calm": n}, primary_goals=[str(n)])
        for n in range(3)
    ]
    scenes = [await new_scene(svc, user, sid, timeout_turns=10 + n) for n in range(3)]
    for n, scene in enumerate(scenes):
        for level, persona in zip(("key", "mentioned"), personas[n:], strict=False):
            r = await svc.client.put(
                f"{BASE}/scenes/{scene['id']}/personas/{persona['id']}",
                json={"involvement_level": level},
                headers=user["headers"],
            )
            assert r.status_code == 204, r.text
    return sid


def shape(whole: dict[str, Any]) -> dict[str, Any]:
    """A whole scenario with ids, owners, counters and times taken out, personas by name."""
    drop = {"id", "scenario_id", "created_at", "updated_at", "persona_id"}
    scenario = {
        k: v
        for k, v in whole["scenario"].items()
        if k not in drop | {"created_by", "creator_username", "is_public"}
        and k not in {"rating_avg", "rating_count", "usage_count", "clone_count"}
    }
    personas = [{k: v for k, v in p.items() if k not in drop} for p in whole["personas"]]
    scenes = [
        {k: v for k, v in s.items() if k not in drop}
        | {"personas": [{k: v for k, v in x.items() if k not in drop} for x in s["personas"]]}
        for s in whole["scenes"]
    ]
    return {"scenario": scenario, "personas": personas, "scenes": scenes}


async def test_clone_copies_everything_into_a_private_scenario(service: Service) -> None:
    teacher, student = await new_user(service, "teacher"), await new_user(service, "student")
    sid = await build(service, teacher, description="d")
    r = await service.client.post(f"{BASE}/scenarios/{sid}/clone", headers=student["headers"])
    assert r.status_code == 201, r.text
    copy = r.json()
    assert copy["is_public"] is False and copy["created_by"] == student["id"]
    source = await service.client.get(f"{BASE}/scenarios/{sid}/whole", headers=teacher["headers"])
    clone = await service.client.get(
        f"{BASE}/scenarios/{copy['id']}/whole", headers=student["headers"]
    )
    assert shape(clone.json()) == shape(source.json())
    assert len(clone.json()["scenes"]) == 3 and clone.json()["scenes"][0]["personas"]
    clone_ids = {p["id"] for p in clone.json()["personas"]}
    for scene in clone.json()["scenes"]:
        assert {x["persona_id"] for x in scene["personas"]} <= clone_ids
    assert source.json()["scenario"]["clone_count"] == 1
    other = await new_user(service)
    r = await service.client.get(f"{BASE}/scenarios/{copy['id']}", headers=other["headers"])
    assert_problem(r, 404)


async def test_concurrent_clones_count_exactly(service: Service) -> None:
    teacher = await new_user(service, "teacher")
    sid = await build(service, teacher)
    users = [await new_user(service) for _ in range(20)]
    results = await asyncio.gather(
        *(service.client.post(f"{BASE}/scenarios/{sid}/clone", headers=u["headers"]) for u in users)
    )
    assert all(r.status_code == 201 for r in results), [r.text for r in results]
    r = await service.client.get(f"{BASE}/scenarios/{sid}", headers=teacher["headers"])
    assert r.json()["clone_count"] == 20


async def test_remixes_need_permission(service: Service) -> None:
    teacher, other = await new_user(service, "teacher"), await new_user(service)
    closed = await new_scenario(service, teacher, is_public=True, allow_remixes=False)
    r = await service.client.post(
        f"{BASE}/scenarios/{closed['id']}/clone", headers=other["headers"]
    )
    assert_problem(r, 403)
    private = await new_scenario(service, teacher)
    r = await service.client.post(
        f"{BASE}/scenarios/{private['id']}/clone", headers=other["headers"]
    )
    assert_problem(r, 404)
    r = await service.client.post(
        f"{BASE}/scenarios/{closed['id']}/clone", headers=teacher["headers"]
    )
    assert r.status_code == 201, "a creator copies their own scenario"
