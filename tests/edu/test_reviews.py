"""Reviews on both engines: one per user per scenario, the CHECK on rating, helpful votes from
others, and rating_avg / rating_count exact under concurrent reviews, edits and deletes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, database, new_scenario, new_user


async def review(svc: Service, user: dict[str, Any], sid: int, **body: Any) -> Any:
    return await svc.client.post(
        f"{BASE}/scenarios/{sid}/reviews", json=body, headers=user["headers"]
    )


async def scenario_of(svc: Service, sid: int) -> dict[str, Any]:
    r = await svc.client.get(f"{BASE}/scenarios/{sid}", headers=svc.admin())
    assert r.status_code == 200, r.text
    return dict(r.json())


async def reputation(svc: Service, user_id: int) -> float:
    row = await database(svc).q.get_user(id=user_id, viewer=None, admin=True)
    assert row is not None
    return float(row["reputation_score"])


async def test_one_review_per_user_and_the_rating_check(service: Service) -> None:
    teacher, user = await new_user(service, "teacher"), await new_user(service)
    sid = (await new_scenario(service, teacher, is_public=True))["id"]
    r = await review(service, user, sid, rating=4, title="good", review_text="solid")
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["reviewer_id"] == user["id"] and made["reviewer_username"] == user["username"]
    assert made["helpful_count"] == 0 and made["is_verified"] is False
    assert_problem(await review(service, user, sid, rating=5), 409)
    other = await new_user(service)
    for bad in (0, 6, -1):
        assert_problem(await review(service, other, sid, rating=bad), 422, "$.rating")
    assert_problem(await review(service, other, sid, rating=2**31), 422, "$.rating")
    assert_problem(await review(service, other, sid, title="no rating"), 422)
    r = await service.client.patch(
        f"{BASE}/reviews/{made['id']}", json={"rating": 9}, headers=user["headers"]
    )
    assert_problem(r, 422, "$.rating")
    got = await scenario_of(service, sid)
    assert (got["rating_avg"], got["rating_count"]) == (4, 1), "refused writes stored nothing"
    r = await service.client.get(f"{BASE}/scenarios/{sid}/reviews", headers=other["headers"])
    assert [x["id"] for x in r.json()["items"]] == [made["id"]]


async def test_private_scenarios_cannot_be_reviewed_by_others(service: Service) -> None:
    owner, other = await new_user(service), await new_user(service)
    sid = (await new_scenario(service, owner))["id"]
    assert_problem(await review(service, other, sid, rating=3), 404)


async def test_edit_and_delete_are_the_authors(service: Service) -> None:
    teacher, author, other = (
        await new_user(service, "teacher"),
        await new_user(service),
        await new_user(service),
    )
    sid = (await new_scenario(service, teacher, is_public=True))["id"]
    rid = (await review(service, author, sid, rating=2)).json()["id"]
    path = f"{BASE}/reviews/{rid}"
    assert_problem(
        await service.client.patch(path, json={"rating": 5}, headers=other["headers"]), 403
    )
    assert_problem(await service.client.delete(path, headers=other["headers"]), 403)
    r = await service.client.patch(
        path, json={"rating": 5, "title": None}, headers=author["headers"]
    )
    assert r.status_code == 200 and r.json()["rating"] == 5
    assert (await scenario_of(service, sid))["rating_avg"] == 5
    assert await reputation(service, teacher["id"]) == 5
    assert (await service.client.delete(path, headers=author["headers"])).status_code == 204
    got = await scenario_of(service, sid)
    assert (got["rating_avg"], got["rating_count"]) == (0, 0)
    assert await reputation(service, teacher["id"]) == 0
    assert_problem(await service.client.delete(path, headers=author["headers"]), 404)


async def test_helpful_votes_come_from_others(service: Service) -> None:
    teacher, author = await new_user(service, "teacher"), await new_user(service)
    sid = (await new_scenario(service, teacher, is_public=True))["id"]
    rid = (await review(service, author, sid, rating=3)).json()["id"]
    path = f"{BASE}/reviews/{rid}/helpful"
    assert_problem(await service.client.post(path, headers=author["headers"]), 403)
    voters = [await new_user(service) for _ in range(10)]
    results = await asyncio.gather(
        *(service.client.post(path, headers=v["headers"]) for v in voters * 2)
    )
    assert all(r.status_code == 200 for r in results), [r.text for r in results]
    r = await service.client.get(f"{BASE}/scenarios/{sid}/reviews", headers=author["headers"])
    assert r.json()["items"][0]["helpful_count"] == 20
    assert await reputation(service, author["id"]) == 20
    assert_problem(
        await service.client.post(f"{BASE}/reviews/99999999/helpful", headers=author["headers"]),
        404,
    )


@pytest.mark.parametrize("reviewers", [50])
async def test_ratings_stay_exact_under_concurrent_reviews(
    service: Service, reviewers: int
) -> None:
    teacher = await new_user(service, "teacher")
    sid = (await new_scenario(service, teacher, is_public=True))["id"]
    users = [await new_user(service) for _ in range(reviewers)]
    results = await asyncio.gather(
        *(review(service, u, sid, rating=1 + n % 5) for n, u in enumerate(users))
    )
    assert all(r.status_code == 201 for r in results), [r.text for r in results]
    ratings = {u["id"]: 1 + n % 5 for n, u in enumerate(users)}
    got = await scenario_of(service, sid)
    assert got["rating_count"] == reviewers
    assert got["rating_avg"] == pytest.approx(sum(ratings.values()) / reviewers)
    # Now edits, deletes and new reviews at once.
    ids = [r.json()["id"] for r in results]
    newcomers = [await new_user(service) for _ in range(10)]

    async def edit(n: int) -> None:
        r = await service.client.patch(
            f"{BASE}/reviews/{ids[n]}", json={"rating": 5}, headers=users[n]["headers"]
        )
        assert r.status_code == 200, r.text
        ratings[users[n]["id"]] = 5

    async def drop(n: int) -> None:
        r = await service.client.delete(f"{BASE}/reviews/{ids[n]}", headers=users[n]["headers"])
        assert r.status_code == 204, r.text
        del ratings[users[n]["id"]]

    async def add(u: dict[str, Any]) -> None:
        r = await review(service, u, sid, rating=2)
        assert r.status_code == 201, r.text
        ratings[u["id"]] = 2

    await asyncio.gather(
        *(edit(n) for n in range(0, 20)),
        *(drop(n) for n in range(20, 35)),
        *(add(u) for u in newcomers),
    )
    got = await scenario_of(service, sid)
    assert got["rating_count"] == len(ratings)
    assert got["rating_avg"] == pytest.approx(sum(ratings.values()) / len(ratings))
    assert await reputation(service, teacher["id"]) == sum(ratings.values())


async def test_reputation_stays_exact_across_a_creators_scenarios(service: Service) -> None:
    """Reviews, votes and deletes on several scenarios of one creator at once: the kept
    counter equals a recount from the rows."""
    teacher = await new_user(service, "teacher")
    sids = [(await new_scenario(service, teacher, is_public=True))["id"] for _ in range(3)]
    users = [await new_user(service) for _ in range(12)]
    made = await asyncio.gather(
        *(review(service, u, sid, rating=1 + n % 5) for n, u in enumerate(users) for sid in sids)
    )
    assert all(r.status_code == 201 for r in made), [r.text for r in made]
    rid = made[0].json()["id"]
    await asyncio.gather(
        *(
            service.client.post(f"{BASE}/reviews/{rid}/helpful", headers=u["headers"])
            for u in users[1:]
        ),
        service.client.delete(f"{BASE}/scenarios/{sids[2]}", headers=teacher["headers"]),
        *(review(service, teacher, sid, rating=5) for sid in sids[:2]),
    )
    kept = {u["id"]: await reputation(service, u["id"]) for u in [teacher, users[0]]}
    for user_id, value in kept.items():
        r = await service.client.post(f"{BASE}/users/{user_id}/stats", headers=service.admin())
        assert r.status_code == 200, r.text
        assert r.json()["reputation_score"] == value
    assert kept[users[0]["id"]] == 11
