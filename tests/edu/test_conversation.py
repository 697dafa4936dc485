"""Conversations on both engines: one or many turns per append (scene rows count the user's
turns), the document's third query in order with persona names across keyset pages, refusals
naming the turn, and summaries."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import Service
from tests.edu.support import assert_problem, new_persona, new_scenario, new_scene, new_user
from tests.edu.test_simulations import SIM, start


async def setup(svc: Service) -> tuple[dict[str, Any], int, list[int], dict[str, Any]]:
    author = await new_user(svc, "teacher")
    sid = (await new_scenario(svc, author, is_public=True))["id"]
    scenes = [(await new_scene(svc, author, sid))["id"] for _ in range(2)]
    persona = await new_persona(svc, author, sid, name="Dana")
    player = await new_user(svc)
    run = await start(svc, player, sid)
    return player, run["id"], scenes, persona


def turn(i: int, **more: Any) -> dict[str, Any]:
    return {"message_type": "user_message", "message_content": f"m{i}", "turn_number": i} | more


async def read_all(svc: Service, user: dict[str, Any], url: str) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        r = await svc.client.get(url, params=params, headers=user["headers"])
        assert r.status_code == 200, r.text
        seen += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return seen


async def test_turns_in_order_with_persona_names(service: Service) -> None:
    player, run_id, scenes, persona = await setup(service)
    h = player["headers"]
    many = [
        turn(1),
        turn(
            2,
            message_type="ai_persona",
            persona_id=persona["id"],
            sender_name="Dana",
            processing_time=0.5,
            token_count=42,
            model_used="m",
        ),
        turn(3),
    ]
    r = await service.client.post(f"{SIM}/{run_id}/turns", json={"turns": many}, headers=h)
    assert r.status_code == 201, r.text
    assert len(r.json()["ids"]) == 3
    for i in range(4, 9):
        r = await service.client.post(f"{SIM}/{run_id}/turns", json={"turns": [turn(i)]}, headers=h)
        assert r.status_code == 201, r.text
    other = [turn(99, scene_id=scenes[1])]
    await service.client.post(f"{SIM}/{run_id}/turns", json={"turns": other}, headers=h)
    seen = await read_all(service, player, f"{SIM}/{run_id}/scenes/{scenes[0]}/conversation")
    assert [m["turn_number"] for m in seen] == list(range(1, 9))
    assert seen[1]["persona_name"] == "Dana" and seen[1]["token_count"] == 42
    assert seen[0]["persona_name"] is None
    rows = (await service.client.get(f"{SIM}/{run_id}/scenes", headers=h)).json()
    assert [s["turns_taken"] for s in rows] == [7, 1]
    progress = (await service.client.get(f"{SIM}/{run_id}", headers=h)).json()
    assert progress["total_turns"] == 8 and progress["current_turn"] == 7
    stranger = await new_user(service)
    r = await service.client.get(
        f"{SIM}/{run_id}/scenes/{scenes[0]}/conversation", headers=stranger["headers"]
    )
    assert_problem(r, 404)


async def test_concurrent_appends_lose_nothing(service: Service) -> None:
    player, run_id, scenes, _ = await setup(service)
    h = player["headers"]
    answers = await asyncio.gather(
        *(
            service.client.post(f"{SIM}/{run_id}/turns", json={"turns": [turn(i)]}, headers=h)
            for i in range(30)
        )
    )
    assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
    seen = await read_all(service, player, f"{SIM}/{run_id}/scenes/{scenes[0]}/conversation")
    assert sorted(m["turn_number"] for m in seen) == list(range(30))
    progress = (await service.client.get(f"{SIM}/{run_id}", headers=h)).json()
    assert progress["total_turns"] == 30


async def test_refusals_name_the_turn(service: Service) -> None:
    player, run_id, _, _ = await setup(service)
    h = player["headers"]
    elsewhere = await setup(service)
    url = f"{SIM}/{run_id}/turns"
    r = await service.client.post(
        url, json={"turns": [turn(1), turn(2, persona_id=elsewhere[3]["id"])]}, headers=h
    )
    assert_problem(r, 422, "$.turns[1]")
    r = await service.client.post(
        url, json={"turns": [turn(1, scene_id=elsewhere[2][0])]}, headers=h
    )
    assert_problem(r, 422, "$.turns[0]")
    assert_problem(await service.client.post(url, json={"turns": []}, headers=h), 422, "$.turns")
    r = await service.client.post(url, json={"turns": [turn(1, message_type="x")]}, headers=h)
    assert_problem(r, 422, "$.turns[0].message_type")
    await service.client.post(f"{SIM}/{run_id}/pause", headers=h)
    assert_problem(await service.client.post(url, json={"turns": [turn(1)]}, headers=h), 409)
    r = await service.client.get(
        f"{SIM}/{run_id}/scenes/1/conversation", params={"cursor": "zz"}, headers=h
    )
    assert_problem(r, 400)


async def test_summaries(service: Service) -> None:
    player, run_id, scenes, _ = await setup(service)
    h = player["headers"]
    body = {
        "session_id": "s-1",
        "summary_type": "scene_summary",
        "content": "they agreed",
        "key_points": ["price", "timeline"],
        "scene_id": scenes[0],
        "turn_range_start": 1,
        "turn_range_end": 8,
    }
    r = await service.client.post(f"{SIM}/{run_id}/summaries", json=body, headers=h)
    assert r.status_code == 201, r.text
    assert r.json()["key_points"] == ["price", "timeline"]
    listed = (await service.client.get(f"{SIM}/{run_id}/summaries", headers=h)).json()
    assert [s["id"] for s in listed] == [r.json()["id"]]
    bad = body | {"turn_range_start": 9}
    r = await service.client.post(f"{SIM}/{run_id}/summaries", json=bad, headers=h)
    assert_problem(r, 422, "$.turn_range_end")
    r = await service.client.post(
        f"{SIM}/{run_id}/summaries", json=body | {"scene_id": 2**31 - 1}, headers=h
    )
    assert_problem(r, 422, "$.scene_id")
