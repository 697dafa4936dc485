"""Session memory and agent sessions on both engines: create-or-replace by one upsert (one row
under concurrent PUTs, another user's session_id refused), reads counted exactly, the list by
importance, status moves, and interaction counters exact under 50 concurrent calls."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, new_scenario, new_scene, new_user
from tests.edu.test_simulations import start

MEM = f"{BASE}/memory"
AGENTS = f"{BASE}/agent-sessions"


def memory(**more: Any) -> dict[str, Any]:
    return {"memory_type": "context", "content": "the CFO wants numbers"} | more


async def test_memory_create_replace_and_counted_reads(service: Service) -> None:
    user = await new_user(service)
    key, h = f"s-{secrets.token_hex(4)}", user["headers"]
    puts = await asyncio.gather(
        *(
            service.client.put(f"{MEM}/{key}", json=memory(content=f"v{i}"), headers=h)
            for i in range(20)
        )
    )
    assert all(p.status_code == 200 for p in puts), [p.text for p in puts]
    assert len({p.json()["id"] for p in puts}) == 1
    r = await service.client.put(
        f"{MEM}/{key}", json=memory(metadata={"k": [1]}, importance_score=0.9), headers=h
    )
    assert r.json()["metadata"] == {"k": [1]} and r.json()["importance_score"] == 0.9
    reads = await asyncio.gather(
        *(service.client.get(f"{MEM}/{key}", headers=h) for _ in range(30))
    )
    assert all(x.status_code == 200 for x in reads)
    assert sorted(x.json()["access_count"] for x in reads) == list(range(1, 31))
    other = await new_user(service)
    r = await service.client.put(f"{MEM}/{key}", json=memory(), headers=other["headers"])
    assert_problem(r, 409)
    assert_problem(await service.client.get(f"{MEM}/{key}", headers=other["headers"]), 404)
    assert (await service.client.get(f"{MEM}/{key}", headers=service.admin())).status_code == 200
    for bad, path in (
        ({"importance_score": 1.5}, "$.importance_score"),
        ({"content": ""}, "$.content"),
        ({"scenario_id": 2**31 - 1}, "$.scenario_id"),
    ):
        r = await service.client.put(f"{MEM}/{key}", json=memory(**bad), headers=h)
        assert_problem(r, 422, path)
    assert (await service.client.delete(f"{MEM}/{key}", headers=h)).status_code == 204
    assert_problem(await service.client.get(f"{MEM}/{key}", headers=h), 404)


async def test_memory_listed_by_importance(service: Service) -> None:
    user = await new_user(service)
    h = user["headers"]
    scores = [0.1, 0.9, 0.5, 0.9, 0.3]
    for i, score in enumerate(scores):
        await service.client.put(
            f"{MEM}/l-{user['id']}-{i}", json=memory(importance_score=score), headers=h
        )
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await service.client.get(MEM, params=params, headers=h)).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [m["importance_score"] for m in seen] == sorted(scores, reverse=True)
    assert len({m["id"] for m in seen}) == 5


async def agent_session(svc: Service) -> tuple[dict[str, Any], str]:
    author = await new_user(svc, "teacher")
    sid = (await new_scenario(svc, author, is_public=True))["id"]
    await new_scene(svc, author, sid)
    player = await new_user(svc)
    run = await start(svc, player, sid)
    key = f"a-{secrets.token_hex(4)}"
    body = {
        "session_id": key,
        "agent_type": "persona",
        "user_progress_id": run["id"],
        "session_config": {"temperature": 0.2},
    }
    r = await svc.client.post(AGENTS, json=body, headers=player["headers"])
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "active" and r.json()["session_config"] == {"temperature": 0.2}
    again = await svc.client.post(AGENTS, json=body, headers=player["headers"])
    assert_problem(again, 409)
    return player, key


async def test_interaction_counters_exact_under_concurrency(service: Service) -> None:
    player, key = await agent_session(service)
    times = [float(i) for i in range(1, 51)]
    answers = await asyncio.gather(
        *(
            service.client.post(
                f"{AGENTS}/{key}/interactions",
                json={"response_time": t, "error": i % 5 == 0},
                headers=player["headers"],
            )
            for i, t in enumerate(times)
        )
    )
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    row = (await service.client.get(f"{AGENTS}/{key}", headers=player["headers"])).json()
    assert row["total_interactions"] == 50 and row["error_count"] == 10
    assert abs(row["average_response_time"] - sum(times) / 50) < 1e-9


async def test_agent_status_moves(service: Service) -> None:
    player, key = await agent_session(service)
    h = player["headers"]

    async def move(status: str) -> Any:
        return await service.client.post(
            f"{AGENTS}/{key}/status", json={"status": status}, headers=h
        )

    assert (await move("paused")).json()["status"] == "paused"
    r = await service.client.post(
        f"{AGENTS}/{key}/interactions", json={"response_time": 1}, headers=h
    )
    assert "paused" in assert_problem(r, 409)["detail"]
    assert "paused" in assert_problem(await move("paused"), 409)["detail"]
    assert (await move("active")).json()["status"] == "active"
    assert (await move("error")).json()["status"] == "error"
    assert "error" in assert_problem(await move("completed"), 409)["detail"]
    assert_problem(await move("nope"), 422, "$.status")
    stranger = await new_user(service)
    r = await service.client.get(f"{AGENTS}/{key}", headers=stranger["headers"])
    assert_problem(r, 404)
    r = await service.client.post(
        AGENTS, json={"session_id": "x", "agent_type": "grading"}, headers=stranger["headers"]
    )
    assert_problem(r, 422, "$.user_progress_id")
    r = await service.client.post(
        f"{AGENTS}/{key}/interactions", json={"response_time": -1}, headers=h
    )
    assert_problem(r, 422, "$.response_time")
