"""Scenarios of the edu app on both engines: every column, JSON as JSON, who sees and changes
what, publishing by role."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, new_scenario, new_user

FULL: dict[str, Any] = {
    "title": "Negotiating a merger",
    "description": "Two firms, one deal",
    "challenge": "Close before the quarter ends",
    "industry": "finance",
    "learning_objectives": ["negotiate", "read a balance sheet"],
    "source_type": "pdf_upload",
    "pdf_content": "page one\npage two",
    "student_role": "analyst",
    "category": "business",
    "difficulty_level": "advanced",
    "estimated_duration": 45,
    "tags": ["m&a", "negotiation"],
    "pdf_title": "Merger case",
    "pdf_source": "https://example.com/case.pdf",
    "processing_version": "2.1",
    "is_template": True,
    "allow_remixes": False,
}


async def test_create_keeps_every_column_and_json_as_json(service: Service) -> None:
    teacher = await new_user(service, "teacher")
    made = await new_scenario(service, teacher, **FULL, is_public=True)
    for key, value in FULL.items():
        assert made[key] == value, key
    assert made["is_public"] is True
    assert made["created_by"] == teacher["id"]
    assert made["creator_username"] == teacher["username"]
    assert made["rating_avg"] == 0 and made["rating_count"] == 0
    assert made["usage_count"] == 0 and made["clone_count"] == 0
    r = await service.client.get(f"{BASE}/scenarios/{made['id']}", headers=teacher["headers"])
    assert r.status_code == 200 and r.json() == made


async def test_defaults_follow_the_schema(service: Service) -> None:
    user = await new_user(service)
    made = await new_scenario(service, user)
    assert made["source_type"] == "manual" and made["processing_version"] == "1.0"
    assert made["is_public"] is False and made["is_template"] is False
    assert made["allow_remixes"] is True
    assert made["tags"] is None and made["learning_objectives"] is None


async def test_only_teachers_and_admins_publish(service: Service) -> None:
    student = await new_user(service, "student")
    r = await service.client.post(
        f"{BASE}/scenarios", json={"title": "x", "is_public": True}, headers=student["headers"]
    )
    assert_problem(r, 403)
    own = await new_scenario(service, student)
    r = await service.client.patch(
        f"{BASE}/scenarios/{own['id']}", json={"is_public": True}, headers=student["headers"]
    )
    assert_problem(r, 403)
    admin = await new_user(service, "admin")
    r = await service.client.patch(
        f"{BASE}/scenarios/{own['id']}", json={"is_public": True}, headers=admin["headers"]
    )
    assert r.status_code == 200 and r.json()["is_public"] is True
    r = await service.client.patch(
        f"{BASE}/scenarios/{own['id']}", json={"is_public": False}, headers=student["headers"]
    )
    assert r.status_code == 200 and r.json()["is_public"] is False, "unpublishing is the owner's"


async def test_private_scenarios_are_their_creators_only(service: Service) -> None:
    owner, other = await new_user(service), await new_user(service)
    made = await new_scenario(service, owner)
    path = f"{BASE}/scenarios/{made['id']}"
    for method in ("GET", "DELETE"):
        assert_problem(await service.client.request(method, path, headers=other["headers"]), 404)
    assert_problem(
        await service.client.patch(path, json={"title": "t"}, headers=other["headers"]), 404
    )
    assert (await service.client.get(path, headers=service.admin())).status_code == 200
    admin = await new_user(service, "admin")
    assert (await service.client.get(path, headers=admin["headers"])).status_code == 200


async def test_others_see_but_cannot_change_a_public_scenario(service: Service) -> None:
    teacher, other = await new_user(service, "teacher"), await new_user(service)
    made = await new_scenario(service, teacher, is_public=True)
    path = f"{BASE}/scenarios/{made['id']}"
    assert (await service.client.get(path, headers=other["headers"])).status_code == 200
    r = await service.client.patch(path, json={"title": "mine now"}, headers=other["headers"])
    assert_problem(r, 403)
    assert_problem(await service.client.delete(path, headers=other["headers"]), 403)
    r = await service.client.get(path, headers=teacher["headers"])
    assert r.json()["title"] == made["title"]


async def test_patch_sets_what_is_sent_and_null_clears(service: Service) -> None:
    user = await new_user(service)
    made = await new_scenario(service, user, **FULL)
    path = f"{BASE}/scenarios/{made['id']}"
    r = await service.client.patch(
        path, json={"industry": None, "tags": ["new"], "title": "T2"}, headers=user["headers"]
    )
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["industry"] is None and got["tags"] == ["new"] and got["title"] == "T2"
    assert got["challenge"] == FULL["challenge"]
    assert got["updated_at"] > made["updated_at"]


async def test_delete_by_creator_and_by_admin(service: Service) -> None:
    user = await new_user(service)
    first, second = await new_scenario(service, user), await new_scenario(service, user)
    r = await service.client.delete(f"{BASE}/scenarios/{first['id']}", headers=user["headers"])
    assert r.status_code == 204
    r = await service.client.delete(f"{BASE}/scenarios/{second['id']}", headers=service.admin())
    assert r.status_code == 204
    for made in (first, second):
        r = await service.client.get(f"{BASE}/scenarios/{made['id']}", headers=user["headers"])
        assert_problem(r, 404)


async def test_published_scenarios_counts_public_ones(service: Service) -> None:
    teacher = await new_user(service, "teacher")
    a = await new_scenario(service, teacher, is_public=True)
    await new_scenario(service, teacher, is_public=True)
    await new_scenario(service, teacher)
    from tests.edu.support import database

    async def published() -> int:
        row = await database(service).q.get_user(id=teacher["id"], viewer=None, admin=True)
        assert row is not None
        return int(row["published_scenarios"])

    assert await published() == 2
    await service.client.patch(
        f"{BASE}/scenarios/{a['id']}", json={"is_public": False}, headers=teacher["headers"]
    )
    assert await published() == 1
    await service.client.delete(f"{BASE}/scenarios/{a['id']}", headers=teacher["headers"])
    assert await published() == 1


async def test_bad_input_is_a_problem_and_stores_nothing(service: Service) -> None:
    user = await new_user(service)
    cases: list[tuple[Any, str]] = [
        ({}, "$"),
        ({"title": ""}, "$.title"),
        ({"title": "x", "estimated_duration": 2**31}, "$.estimated_duration"),
        ({"title": "x", "tags": "not a list"}, "$.tags"),
        ({"title": "x", "source_type": "fax"}, "$.source_type"),
        ({"title": "a\u0000b"}, "$.title"),
        ({"title": "x" * 256}, "$.title"),
        ({"title": "x", "rating_avg": 5}, "$.rating_avg"),
    ]
    for body, path in cases:
        r = await service.client.post(f"{BASE}/scenarios", json=body, headers=user["headers"])
        assert_problem(r, 422, path)
    r = await service.client.post(
        f"{BASE}/scenarios",
        content=b"{not json",
        headers=user["headers"] | {"Content-Type": "application/json"},
    )
    assert_problem(r, 400)
    for bad in ("0", "abc", str(2**31), "-1"):
        r = await service.client.get(f"{BASE}/scenarios/{bad}", headers=user["headers"])
        assert_problem(r, 404)


async def test_a_retried_create_with_an_idempotency_key_writes_once(service: Service) -> None:
    teacher = await new_user(service, "teacher")
    headers = teacher["headers"] | {"Idempotency-Key": "create-1"}
    body = {"title": "once", "is_public": True}
    first = await service.client.post(f"{BASE}/scenarios", json=body, headers=headers)
    again = await service.client.post(f"{BASE}/scenarios", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers.get("Idempotent-Replayed") == "true"
    r = await service.client.get(f"{BASE}/users/{teacher['id']}", headers=teacher["headers"])
    assert r.json()["published_scenarios"] == 1


async def test_concurrent_clones_with_one_key_clone_once(service: Service) -> None:
    teacher, user = await new_user(service, "teacher"), await new_user(service)
    sid = (await new_scenario(service, teacher, is_public=True))["id"]
    headers = user["headers"] | {"Idempotency-Key": "clone-1"}
    results = await asyncio.gather(
        *(service.client.post(f"{BASE}/scenarios/{sid}/clone", headers=headers) for _ in range(10))
    )
    assert {r.status_code for r in results} <= {201, 409}, [r.text for r in results]
    assert len({r.json()["id"] for r in results if r.status_code == 201}) == 1
    r = await service.client.get(f"{BASE}/scenarios/{sid}", headers=teacher["headers"])
    assert r.json()["clone_count"] == 1


async def test_if_match_guards_a_scenario_edit(service: Service) -> None:
    user = await new_user(service)
    made = await new_scenario(service, user)
    path = f"{BASE}/scenarios/{made['id']}"
    r = await service.client.get(path, headers=user["headers"])
    etag = r.headers["ETag"]
    r = await service.client.patch(
        path, json={"title": "first"}, headers=user["headers"] | {"If-Match": etag}
    )
    assert r.status_code == 200, r.text
    r = await service.client.patch(
        path, json={"title": "second"}, headers=user["headers"] | {"If-Match": etag}
    )
    assert_problem(r, 412)
    r = await service.client.delete(path, headers=user["headers"] | {"If-Match": r.headers["ETag"]})
    assert r.status_code == 204


async def mine(svc: Service, user: dict[str, Any]) -> list[int]:
    ids: list[int] = []
    cursor = None
    for _ in range(50):
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        r = await svc.client.get(
            f"{BASE}/users/me/scenarios", params=params, headers=user["headers"]
        )
        assert r.status_code == 200, r.text
        ids += [i["id"] for i in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("the cursors never ended")


async def test_own_scenarios_list_private_ones_newest_first(service: Service) -> None:
    teacher, other = await new_user(service, "teacher"), await new_user(service)
    made = [await new_scenario(service, teacher, is_public=n % 2 == 0) for n in range(5)]
    await new_scenario(service, other)
    assert await mine(service, teacher) == [m["id"] for m in reversed(made)]
    r = await service.client.get(f"{BASE}/users/me/scenarios", headers=service.admin())
    assert_problem(r, 403)


async def test_refused_writes_store_nothing(service: Service) -> None:
    student = await new_user(service, "student")
    made = await new_scenario(service, student, title="kept")
    before = await mine(service, student)
    for body in ({"title": ""}, {"title": "x", "is_public": True}, {"title": "x", "tags": [1]}):
        r = await service.client.post(f"{BASE}/scenarios", json=body, headers=student["headers"])
        assert r.status_code in (403, 422), r.text
        assert r.headers["content-type"] == "application/problem+json"
    path = f"{BASE}/scenarios/{made['id']}"
    for body in ({"title": None}, {"is_public": True}, {"estimated_duration": -1}):
        r = await service.client.patch(path, json=body, headers=student["headers"])
        assert r.status_code in (403, 422), r.text
    assert await mine(service, student) == before
    r = await service.client.get(path, headers=student["headers"])
    assert r.json()["title"] == "kept" and r.json()["is_public"] is False
