"""The public catalogue (seed 003's first common query) on both engines: order, creator name,
filters, keyset pages, and its plan using idx_scenarios_public_rating."""

from __future__ import annotations

import secrets
from typing import Any

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, database, new_scenario, new_user

FIRST = {"before_rating": 1e300, "before_usage": 2**31 - 1, "before_id": 2**31 - 1}
NO_FILTER = {"industry": None, "category": None, "difficulty_level": None, "tag": None}


async def pages(svc: Service, user: dict[str, Any], **params: Any) -> list[list[dict[str, Any]]]:
    out: list[list[dict[str, Any]]] = []
    cursor = None
    for _ in range(100):
        query = params | ({"cursor": cursor} if cursor else {})
        r = await svc.client.get(f"{BASE}/scenarios", params=query, headers=user["headers"])
        assert r.status_code == 200, r.text
        out.append(r.json()["items"])
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return out
    raise AssertionError("the cursors never ended")


async def rate(svc: Service, sid: int, ratings: list[int]) -> None:
    for rating in ratings:
        reviewer = await new_user(svc)
        r = await svc.client.post(
            f"{BASE}/scenarios/{sid}/reviews", json={"rating": rating}, headers=reviewer["headers"]
        )
        assert r.status_code == 201, r.text


async def test_best_rated_first_with_the_creators_name(service: Service) -> None:
    teacher, viewer = await new_user(service, "teacher"), await new_user(service, "student")
    industry = f"ind-{secrets.token_hex(4)}"
    made = [
        await new_scenario(service, teacher, is_public=True, industry=industry) for _ in range(7)
    ]
    await new_scenario(service, teacher, industry=industry)  # private: never listed
    await rate(service, made[2]["id"], [5, 5])
    await rate(service, made[4]["id"], [4])
    await rate(service, made[5]["id"], [4, 3])
    got = await pages(service, viewer, industry=industry, limit=2)
    assert [len(p) for p in got] == [2, 2, 2, 1]
    items = [i for p in got for i in p]
    assert [i["id"] for i in items[:3]] == [made[2]["id"], made[4]["id"], made[5]["id"]]
    rest = sorted(
        (m["id"] for m in made if m["id"] not in {i["id"] for i in items[:3]}), reverse=True
    )
    assert [i["id"] for i in items[3:]] == rest, "ties: most used, then newest id first"
    assert {i["creator_username"] for i in items} == {teacher["username"]}
    assert "pdf_content" not in items[0]


async def test_filters(service: Service) -> None:
    teacher = await new_user(service, "teacher")
    industry = f"ind-{secrets.token_hex(4)}"
    a = await new_scenario(
        service,
        teacher,
        is_public=True,
        industry=industry,
        category="c1",
        difficulty_level="easy",
        tags=["alpha", "beta"],
    )
    b = await new_scenario(
        service,
        teacher,
        is_public=True,
        industry=industry,
        category="c2",
        difficulty_level="hard",
        tags=["beta"],
    )

    async def ids(**params: Any) -> list[int]:
        return [
            i["id"] for p in await pages(service, teacher, industry=industry, **params) for i in p
        ]

    assert await ids() == [b["id"], a["id"]]
    assert await ids(category="c1") == [a["id"]]
    assert await ids(difficulty_level="hard") == [b["id"]]
    assert await ids(tag="alpha") == [a["id"]]
    assert await ids(tag="beta") == [b["id"], a["id"]]
    assert await ids(tag="gamma") == []


async def test_bad_catalogue_queries_are_problems(service: Service) -> None:
    user = await new_user(service)
    for params, status in (
        ({"limit": "0"}, 422),
        ({"limit": "x"}, 422),
        ({"cursor": "garbage!"}, 400),
        ({"tag": "a\u0000"}, 422),
        ({"industry": "x" * 300}, 422),
    ):
        r = await service.client.get(f"{BASE}/scenarios", params=params, headers=user["headers"])
        assert_problem(r, status)


async def test_the_catalogue_uses_idx_scenarios_public_rating(service: Service) -> None:
    """A catalogue of many public scenarios with spread ratings (and private ones beside them),
    then the plan: the index serves the order, so a page reads a page's worth of rows."""
    db = database(service)
    raters = [await new_user(service) for _ in range(3)]
    async with db.transaction() as tx:
        for n in range(900):
            sid = (
                await tx.q.insert_scenario(
                    **BULK, title=f"bulk {n}", is_public=n % 3 != 0, created_by=raters[0]["id"]
                )
            )["id"]
            for k, rater in enumerate(raters):
                await tx.q.insert_review(
                    scenario_id=sid,
                    reviewer_id=rater["id"],
                    rating=1 + (n * (k + 2)) % 5,
                    title=None,
                    review_text=None,
                )
            await tx.q.refresh_rating(id=sid)
    await db.q.analyze_scenarios()
    rows = await db.q.explain_public_scenarios(limit=21, **FIRST, **NO_FILTER)
    plan = "\n".join(" ".join(str(v) for v in row.values() if v is not None) for row in rows)
    print(f"\n{service.engine} plan of list-public-scenarios:\n{plan}")
    if service.engine == "postgres":
        assert "idx_scenarios_public_rating" in plan, plan


BULK: dict[str, Any] = {
    "description": None,
    "challenge": None,
    "industry": None,
    "learning_objectives": None,
    "source_type": "manual",
    "pdf_content": None,
    "student_role": None,
    "category": None,
    "difficulty_level": None,
    "estimated_duration": None,
    "tags": None,
    "pdf_title": None,
    "pdf_source": None,
    "processing_version": "1.0",
    "is_template": False,
    "allow_remixes": True,
}
