"""Simulations on both engines: starting a run (counters in the same transaction), scenes in
order, completing scenes, the status machine (409 naming the state), the totals agreeing with
the scene rows, the orchestrator's state read back whole, and the in-progress list."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, new_scenario, new_scene, new_user

SIM = f"{BASE}/simulations"


async def scenario_with_scenes(svc: Service, n: int = 3) -> tuple[dict[str, Any], int, list[int]]:
    author = await new_user(svc, "teacher")
    sid = (await new_scenario(svc, author, is_public=True))["id"]
    scenes = [(await new_scene(svc, author, sid, title=f"scene {i}"))["id"] for i in range(n)]
    return author, sid, scenes


async def start(svc: Service, user: dict[str, Any], sid: int, **body: Any) -> dict[str, Any]:
    r = await svc.client.post(SIM, json={"scenario_id": sid, **body}, headers=user["headers"])
    assert r.status_code == 201, r.text
    return dict(r.json())


async def counters(svc: Service, user: dict[str, Any], sid: int) -> tuple[int, int]:
    s = (await svc.client.get(f"{BASE}/scenarios/{sid}", headers=user["headers"])).json()
    u = (await svc.client.get(f"{BASE}/users/me", headers=user["headers"])).json()
    return s["usage_count"], u["total_simulations"]


async def test_start_counts_and_sets_the_first_scene(service: Service) -> None:
    _, sid, scenes = await scenario_with_scenes(service)
    player = await new_user(service, "student")
    state = {"agents": [{"name": "CFO", "memory": [1, 2.5, None, {"deep": True}]}], "turn": 0}
    run = await start(service, player, sid, orchestrator_data=state)
    assert run["status"] == "in_progress" and run["current_scene_id"] == scenes[0]
    assert run["total_scenes"] == 3 and run["scenes_completed"] == 0
    assert run["orchestrator_data"] == state
    assert await counters(service, player, sid) == (1, 1)
    r = await service.client.get(f"{SIM}/{run['id']}/scenes", headers=player["headers"])
    assert [(s["scene_id"], s["status"]) for s in r.json()] == [
        (scenes[0], "in_progress"),
        (scenes[1], "not_started"),
        (scenes[2], "not_started"),
    ]
    other = await new_user(service)
    assert_problem(await service.client.get(f"{SIM}/{run['id']}", headers=other["headers"]), 404)


async def test_concurrent_starts_count_exactly(service: Service) -> None:
    _, sid, _ = await scenario_with_scenes(service, 1)
    player = await new_user(service)
    runs = await asyncio.gather(*(start(service, player, sid) for _ in range(20)))
    assert len({r["id"] for r in runs}) == 20
    assert await counters(service, player, sid) == (20, 20)


async def test_scenes_totals_and_state_machine(service: Service) -> None:
    _, sid, scenes = await scenario_with_scenes(service)
    player = await new_user(service)
    run = await start(service, player, sid)
    url, h = f"{SIM}/{run['id']}", player["headers"]
    r = await service.client.post(
        f"{url}/scenes/{scenes[0]}/complete",
        json={"completion_score": 0.75, "feedback_data": {"grade": "B"}, "time_spent": 30},
        headers=h,
    )
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["scene"]["status"] == "completed" and done["scene"]["completion_score"] == 0.75
    assert done["scene"]["feedback_data"] == {"grade": "B"}
    assert done["progress"]["scenes_completed"] == 1
    assert abs(done["progress"]["completion_percentage"] - 100 / 3) < 1e-9
    assert done["progress"]["total_time_spent"] == 30
    again = await service.client.post(
        f"{url}/scenes/{scenes[0]}/complete", json={"completion_score": 1}, headers=h
    )
    assert "completed" in assert_problem(again, 409)["detail"]
    for score in (1.5, -0.1, "x"):
        bad = await service.client.post(
            f"{url}/scenes/{scenes[1]}/complete", json={"completion_score": score}, headers=h
        )
        assert_problem(bad, 422, "$.completion_score")
    moved = (await service.client.post(f"{url}/next", headers=h)).json()
    assert moved["current_scene_id"] == scenes[1]
    # Skipping the second scene on the way to the third.
    moved = (await service.client.post(f"{url}/next", headers=h)).json()
    assert moved["current_scene_id"] == scenes[2]
    last = await service.client.post(f"{url}/next", headers=h)
    assert_problem(last, 409)
    rows = (await service.client.get(f"{url}/scenes", headers=h)).json()
    assert [s["status"] for s in rows] == ["completed", "skipped", "in_progress"]
    progress = (await service.client.get(url, headers=h)).json()
    assert progress["total_time_spent"] == sum(s["time_spent"] for s in rows)
    assert progress["scenes_completed"] == 1

    assert (await service.client.post(f"{url}/pause", headers=h)).json()["status"] == "paused"
    refused = await service.client.post(f"{url}/pause", headers=h)
    assert "paused" in assert_problem(refused, 409)["detail"]
    assert_problem(await service.client.post(f"{url}/next", headers=h), 409)
    assert_problem(await service.client.post(f"{url}/complete", headers=h), 409)
    assert (await service.client.post(f"{url}/resume", headers=h)).json()["status"] == (
        "in_progress"
    )
    finished = (await service.client.post(f"{url}/complete", headers=h)).json()
    assert finished["status"] == "completed" and finished["completed_at"]
    refused = await service.client.post(f"{url}/abandon", headers=h)
    assert "completed" in assert_problem(refused, 409)["detail"]


async def test_one_of_concurrent_moves_wins(service: Service) -> None:
    _, sid, _ = await scenario_with_scenes(service, 1)
    player = await new_user(service)
    run = await start(service, player, sid)
    answers = await asyncio.gather(
        *(
            service.client.post(f"{SIM}/{run['id']}/pause", headers=player["headers"])
            for _ in range(20)
        )
    )
    assert sorted(r.status_code for r in answers) == [200] + [409] * 19


async def test_orchestrator_state_and_active_list(service: Service) -> None:
    _, sid, scenes = await scenario_with_scenes(service, 2)
    player = await new_user(service)
    runs = [await start(service, player, sid) for _ in range(3)]
    h = player["headers"]
    state = {"history": [{"role": "ai", "text": "é" * 10}], "nested": {"a": {"b": [1, 2]}}}
    r = await service.client.patch(
        f"{SIM}/{runs[0]['id']}", json={"orchestrator_data": state}, headers=h
    )
    assert r.status_code == 200 and r.json()["orchestrator_data"] == state
    r = await service.client.get(f"{SIM}/{runs[0]['id']}", headers=h)
    assert r.json()["orchestrator_data"] == state
    assert_problem(
        await service.client.patch(
            f"{SIM}/{runs[0]['id']}", json={"orchestrator_data": [1]}, headers=h
        ),
        422,
        "$.orchestrator_data",
    )
    await service.client.post(f"{SIM}/{runs[1]['id']}/abandon", headers=h)
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = (await service.client.get(SIM, params=params, headers=h)).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert {s["id"] for s in seen} == {runs[0]["id"], runs[2]["id"]}
    assert all(s["current_scene_title"] == "scene 0" and s["scenario_title"] for s in seen)
    other = await new_user(service)
    r = await service.client.get(SIM, params={"user_id": player["id"]}, headers=other["headers"])
    assert_problem(r, 403)
    r = await service.client.get(SIM, params={"user_id": player["id"]}, headers=service.admin())
    assert len(r.json()["items"]) == 2


async def test_start_refusals(service: Service) -> None:
    author = await new_user(service, "teacher")
    empty = (await new_scenario(service, author))["id"]
    assert_problem(
        await service.client.post(SIM, json={"scenario_id": empty}, headers=author["headers"]),
        409,
    )
    stranger = await new_user(service)
    assert_problem(
        await service.client.post(SIM, json={"scenario_id": empty}, headers=stranger["headers"]),
        404,
    )
    assert_problem(
        await service.client.post(SIM, json={"scenario_id": 0}, headers=author["headers"]),
        422,
        "$.scenario_id",
    )


async def test_if_match_on_the_orchestrator_state(service: Service) -> None:
    _, sid, _ = await scenario_with_scenes(service, 1)
    player = await new_user(service)
    run = await start(service, player, sid)
    url, h = f"{SIM}/{run['id']}", player["headers"]
    tag = (await service.client.get(url, headers=h)).headers["etag"]
    r = await service.client.patch(
        url, json={"orchestrator_data": {"v": 1}}, headers=h | {"if-match": tag}
    )
    assert r.status_code == 200, r.text
    stale = await service.client.patch(
        url, json={"orchestrator_data": {"v": 2}}, headers=h | {"if-match": tag}
    )
    assert_problem(stale, 412)
    assert (await service.client.get(url, headers=h)).json()["orchestrator_data"] == {"v": 1}
