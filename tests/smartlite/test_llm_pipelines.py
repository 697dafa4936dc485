"""LLM conversations and messages, pipelines and executions, on both engines."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from tests.conftest import Service
from tests.smartlite.support import BASE, assert_problem, new_user, worker


async def conversation(svc: Service, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    r = await svc.client.post(f"{BASE}/conversations", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_conversation_lifecycle_and_message_order(service: Service) -> None:
    user = await new_user(service)
    h = user["headers"]
    conv = await conversation(service, h, title="first", model="gpt-x")
    one = await service.client.post(
        f"{BASE}/conversations/{conv['id']}/messages",
        json={"role": "system", "content": "be brief"},
        headers=h,
    )
    assert one.status_code == 201, one.text
    many = [
        {"role": "user", "content": f"m{i}", "tokens": 3, "metadata": {"i": i}} for i in range(5)
    ]
    r = await service.client.post(
        f"{BASE}/conversations/{conv['id']}/messages", json=many, headers=h
    )
    assert [m["content"] for m in r.json()["items"]] == [f"m{i}" for i in range(5)]
    page = await service.client.get(
        f"{BASE}/conversations/{conv['id']}/messages", params={"limit": 4}, headers=h
    )
    rest = await service.client.get(
        f"{BASE}/conversations/{conv['id']}/messages",
        params={"limit": 4, "cursor": page.json()["next_cursor"]},
        headers=h,
    )
    contents = [m["content"] for m in page.json()["items"] + rest.json()["items"]]
    assert contents == ["be brief", "m0", "m1", "m2", "m3", "m4"]
    assert rest.json()["next_cursor"] is None
    full = await service.client.get(f"{BASE}/conversations/{conv['id']}", headers=h)
    assert full.json()["conversation"]["title"] == "first"
    assert len(full.json()["messages"]["items"]) == 6
    r = await service.client.patch(
        f"{BASE}/conversations/{conv['id']}", json={"title": "renamed"}, headers=h
    )
    assert r.json()["title"] == "renamed"
    listed = await service.client.get(f"{BASE}/conversations", headers=h)
    assert [c["id"] for c in listed.json()["items"]] == [conv["id"]]
    usage = await service.client.get(f"{BASE}/usage", params={"service": "llm"}, headers=h)
    (day,) = usage.json()["items"]
    assert (day["request_count"], day["token_count"]) == (5, 15)
    assert Decimal(day["cost"]) == Decimal("0.0015")
    stranger = await new_user(service)
    for method, path in (("GET", ""), ("GET", "/messages"), ("DELETE", "")):
        r = await service.client.request(
            method, f"{BASE}/conversations/{conv['id']}{path}", headers=stranger["headers"]
        )
        assert_problem(r, 404)
    r = await service.client.post(
        f"{BASE}/conversations/{conv['id']}/messages",
        json={"role": "user", "content": "x"},
        headers=stranger["headers"],
    )
    assert_problem(r, 404)
    r = await service.client.delete(f"{BASE}/conversations/{conv['id']}", headers=h)
    assert r.status_code == 204
    assert_problem(await service.client.get(f"{BASE}/conversations/{conv['id']}", headers=h), 404)


async def test_a_bad_message_in_a_list_stores_none(service: Service) -> None:
    user = await new_user(service)
    conv = await conversation(service, user["headers"])
    for body, status in (
        ([{"role": "user", "content": "ok"}, {"role": "robot", "content": "no"}], 422),
        ([{"role": "user", "content": "ok"}, {"role": "user", "content": "\u0000"}], 422),
        ([], 422),
        ({"role": "user", "content": "x", "tokens": -1}, 422),
    ):
        r = await service.client.post(
            f"{BASE}/conversations/{conv['id']}/messages", json=body, headers=user["headers"]
        )
        assert_problem(r, status)
    r = await service.client.get(
        f"{BASE}/conversations/{conv['id']}/messages", headers=user["headers"]
    )
    assert r.json()["items"] == []


async def test_concurrent_appends_and_a_delete_leave_no_orphan(service: Service) -> None:
    user = await new_user(service)
    conv = await conversation(service, user["headers"])
    url = f"{BASE}/conversations/{conv['id']}"
    calls = [
        service.client.post(
            f"{url}/messages", json={"role": "user", "content": str(i)}, headers=user["headers"]
        )
        for i in range(20)
    ]
    calls.insert(10, service.client.delete(url, headers=user["headers"]))
    answers = await asyncio.gather(*calls)
    assert {a.status_code for a in answers} <= {201, 204, 404}
    assert_problem(await service.client.get(url, headers=user["headers"]), 404)


async def test_pipeline_status_rules_and_execution_lifecycle(service: Service) -> None:
    user = await new_user(service)
    h = user["headers"]
    r = await service.client.post(
        f"{BASE}/pipelines", json={"name": "p", "config": {"steps": [1]}}, headers=h
    )
    assert r.status_code == 201, r.text
    pipe = r.json()
    assert pipe["status"] == "active" and pipe["config"] == {"steps": [1]}
    r = await service.client.post(
        f"{BASE}/pipelines/{pipe['id']}/executions", json={"input_data": {"a": 1}}, headers=h
    )
    assert r.status_code == 201, r.text
    run = r.json()
    assert run["status"] == "pending"
    url = f"{BASE}/executions/{run['id']}"
    assert (
        "pending"
        in assert_problem(await service.client.post(f"{url}/complete", json={}, headers=h), 409)[
            "detail"
        ]
    )
    assert (await service.client.post(f"{url}/run", headers=h)).json()["status"] == "running"
    r = await service.client.post(
        f"{url}/complete", json={"output_data": {"ok": True}, "execution_time": 1234}, headers=h
    )
    assert r.status_code == 200, r.text
    assert r.json()["execution_time"] == 1234 and r.json()["completed_at"]
    assert (
        "completed"
        in assert_problem(await service.client.post(f"{url}/cancel", headers=h), 409)["detail"]
    )
    listed = await service.client.get(f"{BASE}/pipelines/{pipe['id']}/executions", headers=h)
    assert [e["id"] for e in listed.json()["items"]] == [run["id"]]
    mine = await service.client.get(f"{BASE}/executions", headers=h)
    assert [e["id"] for e in mine.json()["items"]] == [run["id"]]
    usage = await service.client.get(f"{BASE}/usage", params={"service": "pipeline"}, headers=h)
    assert usage.json()["items"][0]["request_count"] == 1
    r = await service.client.patch(
        f"{BASE}/pipelines/{pipe['id']}", json={"status": "inactive"}, headers=h
    )
    assert r.json()["status"] == "inactive"
    r = await service.client.post(f"{BASE}/pipelines/{pipe['id']}/executions", json={}, headers=h)
    assert "inactive" in assert_problem(r, 409)["detail"]
    r = await service.client.patch(
        f"{BASE}/pipelines/{pipe['id']}", json={"status": "archived"}, headers=h
    )
    assert r.json()["status"] == "archived"
    for r in (
        await service.client.patch(f"{BASE}/pipelines/{pipe['id']}", json={"name": "x"}, headers=h),
        await service.client.delete(f"{BASE}/pipelines/{pipe['id']}", headers=h),
    ):
        assert "archived" in assert_problem(r, 409)["detail"]
    stranger = await new_user(service)
    for method, path in (
        ("GET", f"pipelines/{pipe['id']}"),
        ("GET", f"executions/{run['id']}"),
        ("POST", f"executions/{run['id']}/cancel"),
    ):
        r = await service.client.request(method, f"{BASE}/{path}", headers=stranger["headers"])
        assert_problem(r, 404)


async def test_a_worker_moves_any_execution_once(service: Service) -> None:
    user = await new_user(service)
    work = await worker(service)
    pipe = (
        await service.client.post(f"{BASE}/pipelines", json={"name": "p"}, headers=user["headers"])
    ).json()
    run = (
        await service.client.post(
            f"{BASE}/pipelines/{pipe['id']}/executions", json={}, headers=user["headers"]
        )
    ).json()
    answers = await asyncio.gather(
        *(
            service.client.post(f"{BASE}/executions/{run['id']}/run", headers=work)
            for _ in range(20)
        )
    )
    assert sorted(a.status_code for a in answers) == [200] + [409] * 19
    r = await service.client.delete(f"{BASE}/pipelines/{pipe['id']}", headers=user["headers"])
    assert r.status_code == 204
    assert_problem(
        await service.client.get(f"{BASE}/executions/{run['id']}", headers=user["headers"]), 404
    )
