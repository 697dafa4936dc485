"""Scenarios and roles: a user's own rows plus the system templates everyone sees and only an
admin writes. Both tables follow the same rules, so every test runs on both."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import pytest

from tests.conftest import Service
from tests.roleplay.support import (
    BASE,
    assert_problem,
    auth,
    list_all,
    new_template,
    new_user,
    uid,
)

NAME = {"scenarios": "title", "roles": "name"}


@pytest.fixture(params=["scenarios", "roles"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def create(svc: Service, kind: str, headers: dict[str, str], **body: Any) -> Any:
    body.setdefault(NAME[kind], f"{kind[:-1]} {secrets.token_hex(3)}")
    return await svc.client.post(f"{BASE}/{kind}", json=body, headers=auth(headers))


async def own(svc: Service, kind: str, user: dict[str, str], **body: Any) -> dict[str, Any]:
    r = await create(svc, kind, user, **body)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_a_user_creates_their_own_row(service: Service, kind: str) -> None:
    user = await new_user(service)
    row = await own(service, kind, user)
    assert row["user_id"] == user["id"] and row["is_default"] is False
    assert len(row["id"]) == 36 and row["created_at"] == row["updated_at"]
    given = uid()
    assert (await own(service, kind, user, id=given))["id"] == given


async def test_a_taken_id_is_a_409_naming_the_id(service: Service, kind: str) -> None:
    user, other = await new_user(service), await new_user(service)
    row = await own(service, kind, user)
    assert_problem(await create(service, kind, other, id=row["id"]), 409, "$.id")
    r = await service.client.get(f"{BASE}/{kind}/{row['id']}", headers=auth(user))
    assert r.json()["user_id"] == user["id"], "the first owner keeps the row"


async def test_a_user_cannot_create_templates_or_rows_for_others(
    service: Service, kind: str
) -> None:
    user, other = await new_user(service), await new_user(service)
    assert_problem(await create(service, kind, user, is_default=True), 403)
    assert_problem(await create(service, kind, user, user_id=other["id"]), 403)
    count = await service.client.get(f"{BASE}/{kind}/count", headers=auth(other))
    assert count.json() == {"count": 0}


async def test_an_admin_creates_templates_and_rows_for_a_user(service: Service, kind: str) -> None:
    template = await new_template(service, kind)
    assert template["is_default"] is True and template["user_id"] is None
    user = await new_user(service)
    admin = {"Authorization": service.admin()["Authorization"]}
    r = await create(service, kind, admin, user_id=user["id"])
    assert r.status_code == 201 and r.json()["user_id"] == user["id"]
    assert r.json()["is_default"] is False
    assert_problem(await create(service, kind, admin), 422)
    assert_problem(await create(service, kind, admin, is_default=True, user_id=user["id"]), 422)


async def test_a_user_sees_own_rows_and_templates_but_never_anothers(
    service: Service, kind: str
) -> None:
    alice, bob = await new_user(service), await new_user(service)
    mine = await own(service, kind, alice)
    theirs = await own(service, kind, bob)
    template = await new_template(service, kind)
    seen = {item["id"] for item in await list_all(service, kind, alice, limit=200)}
    assert mine["id"] in seen and template["id"] in seen
    assert theirs["id"] not in seen
    r = await service.client.get(f"{BASE}/{kind}/{template['id']}", headers=auth(alice))
    assert r.status_code == 200 and r.json()["is_default"] is True


async def test_another_users_row_is_404_to_read_change_and_delete(
    service: Service, kind: str
) -> None:
    alice, bob = await new_user(service), await new_user(service)
    theirs = await own(service, kind, bob)
    url = f"{BASE}/{kind}/{theirs['id']}"
    assert_problem(await service.client.get(url, headers=auth(alice)), 404)
    r = await service.client.patch(url, json={NAME[kind]: "hijacked"}, headers=auth(alice))
    assert_problem(r, 404)
    assert_problem(await service.client.delete(url, headers=auth(alice)), 404)
    unknown = await service.client.get(f"{BASE}/{kind}/{uid()}", headers=auth(alice))
    assert (
        unknown.json()["detail"]
        == (await service.client.get(url, headers=auth(alice))).json()["detail"]
    ), "another user's id and an unknown id look the same"
    after = await service.client.get(url, headers=auth(bob))
    assert after.status_code == 200 and after.json() == theirs


async def test_templates_are_read_only_to_users_and_writable_by_admin(
    service: Service, kind: str
) -> None:
    user = await new_user(service)
    template = await new_template(service, kind)
    url = f"{BASE}/{kind}/{template['id']}"
    r = await service.client.patch(url, json={NAME[kind]: "mine now"}, headers=auth(user))
    assert "read-only" in assert_problem(r, 403)["detail"]
    assert_problem(await service.client.delete(url, headers=auth(user)), 403)
    assert (await service.client.get(url, headers=auth(user))).json() == template
    r = await service.client.patch(url, json={NAME[kind]: "改名"}, headers=service.admin())
    assert r.status_code == 200 and r.json()[NAME[kind]] == "改名"
    assert (await service.client.delete(url, headers=service.admin())).status_code == 204
    assert_problem(await service.client.get(url, headers=auth(user)), 404)


async def test_patch_sets_sent_fields_clears_nulls_and_moves_only_updated_at(
    service: Service, kind: str
) -> None:
    user = await new_user(service)
    extra = {"subtitle": "sub", "tags": ["x"]} if kind == "scenarios" else {"title": "Coach"}
    row = await own(service, kind, user, **extra)
    cleared = "subtitle" if kind == "scenarios" else "title"
    await asyncio.sleep(0.002)
    r = await service.client.patch(
        f"{BASE}/{kind}/{row['id']}",
        json={NAME[kind]: "新的名字", cleared: None},
        headers=auth(user),
    )
    assert r.status_code == 200, r.text
    after = r.json()
    assert after[NAME[kind]] == "新的名字" and after[cleared] is None
    kept = "tags" if kind == "scenarios" else "is_default"
    assert after[kept] == row[kept]
    assert after["created_at"] == row["created_at"]
    assert after["updated_at"] > row["updated_at"]
    again = await service.client.patch(f"{BASE}/{kind}/{row['id']}", json={}, headers=auth(user))
    assert again.json()["updated_at"] > after["updated_at"], "every update moves updated_at"


async def test_patch_cannot_change_owner_or_template_flag(service: Service, kind: str) -> None:
    user, other = await new_user(service), await new_user(service)
    row = await own(service, kind, user)
    url = f"{BASE}/{kind}/{row['id']}"
    for field, value in (("user_id", other["id"]), ("is_default", True), ("id", uid())):
        r = await service.client.patch(url, json={field: value}, headers=auth(user))
        assert_problem(r, 422, f"$.{field}")
    assert (await service.client.get(url, headers=auth(user))).json() == row


async def test_delete_removes_the_row(service: Service, kind: str) -> None:
    user = await new_user(service)
    row = await own(service, kind, user)
    url = f"{BASE}/{kind}/{row['id']}"
    assert (await service.client.delete(url, headers=auth(user))).status_code == 204
    assert_problem(await service.client.get(url, headers=auth(user)), 404)
    assert_problem(await service.client.delete(url, headers=auth(user)), 404)


async def test_the_list_is_newest_first_and_pages_stay_stable_under_inserts(
    service: Service, kind: str
) -> None:
    user = await new_user(service)
    made = [await own(service, kind, user) for _ in range(7)]
    query = {"limit": 3, "user_id": user["id"]}
    # As the admin acting for the user: the shared templates of other tests stay out of it.
    first = await service.client.get(f"{BASE}/{kind}", params={"limit": 3}, headers=auth(user))
    assert first.status_code == 200
    pages: list[dict[str, Any]] = []
    cursor = None
    inserted = []
    while True:
        params = dict(query, **({"cursor": cursor} if cursor else {}))
        r = await service.client.get(f"{BASE}/{kind}", params=params, headers=service.admin())
        assert r.status_code == 200, r.text
        page = r.json()
        pages += [i for i in page["items"] if not i["is_default"]]
        inserted.append(await own(service, kind, user))  # lands before the cursor
        cursor = page["next_cursor"]
        if cursor is None:
            break
    ids = [item["id"] for item in pages]
    assert ids == [row["id"] for row in reversed(made)], "each row once, newest first"
    assert not {row["id"] for row in inserted} & set(ids)


async def test_fields_trims_list_items(service: Service, kind: str) -> None:
    user = await new_user(service)
    await own(service, kind, user)
    r = await service.client.get(
        f"{BASE}/{kind}", params={"fields": f"{NAME[kind]},created_at"}, headers=auth(user)
    )
    assert r.status_code == 200
    assert set(r.json()["items"][0]) == {"id", NAME[kind], "created_at"}
    bad = await service.client.get(
        f"{BASE}/{kind}", params={"fields": "secret"}, headers=auth(user)
    )
    assert_problem(bad, 422, "query.fields")


async def test_count_is_own_rows_only(service: Service, kind: str) -> None:
    user, other = await new_user(service), await new_user(service)
    await new_template(service, kind)
    for _ in range(3):
        await own(service, kind, user)
    await own(service, kind, other)
    r = await service.client.get(f"{BASE}/{kind}/count", headers=auth(user))
    assert r.json() == {"count": 3}
    admin = await service.client.get(
        f"{BASE}/{kind}/count", params={"user_id": user["id"]}, headers=service.admin()
    )
    assert admin.json() == {"count": 3}
    assert_problem(await service.client.get(f"{BASE}/{kind}/count", headers=service.admin()), 422)


async def test_a_list_never_ships_scripts_or_prompts(service: Service, kind: str) -> None:
    user = await new_user(service)
    heavy = (
        {"script_content": "S" * 100_000, "generation_prompt": "P"}
        if kind == "scenarios"
        else {"system_prompt_addon": "P", "generation_prompt": "P"}
    )
    row = await own(service, kind, user, **heavy)
    r = await service.client.get(f"{BASE}/{kind}", headers=auth(user))
    item = next(i for i in r.json()["items"] if i["id"] == row["id"])
    assert not set(heavy) & set(item)
    full = await service.client.get(f"{BASE}/{kind}/{row['id']}", headers=auth(user))
    assert {k: full.json()[k] for k in heavy} == heavy


async def test_scenarios_filter_by_tag_and_title_substring(service: Service) -> None:
    user = await new_user(service)
    a = await own(service, "scenarios", user, title="Job Interview 面試", tags=["career", "hr"])
    b = await own(service, "scenarios", user, title="Angry customer", tags=["service"])
    c = await own(service, "scenarios", user, title="Salary 100% raise_now", tags=["career"])

    async def ids(**params: str) -> set[str]:
        found = await list_all(service, "scenarios", user, user_id=user["id"], **params)
        return {i["id"] for i in found} & {a["id"], b["id"], c["id"]}

    assert await ids(tag="career") == {a["id"], c["id"]}
    assert await ids(tag="car") == set(), "a tag matches whole elements only"
    assert await ids(title="INTERVIEW") == {a["id"]}, "title search ignores case"
    assert await ids(title="面試") == {a["id"]}
    assert await ids(title="%") == {c["id"]}, "% is a literal, not a wildcard"
    assert await ids(title="_") == {c["id"]}
    assert await ids(tag="career", title="salary") == {c["id"]}


async def test_roles_filter_by_name_cn_and_name_substring(service: Service) -> None:
    user = await new_user(service)
    a = await own(service, "roles", user, name="Morgan Lee", name_cn="李明")
    b = await own(service, "roles", user, name="Dana", name_cn="王太太")

    async def ids(**params: str) -> set[str]:
        found = await list_all(service, "roles", user, **params)
        return {i["id"] for i in found} & {a["id"], b["id"]}

    assert await ids(name_cn="李明") == {a["id"]}
    assert await ids(name_cn="李") == set(), "name_cn= is an exact match"
    assert await ids(q="太") == {b["id"]}
    assert await ids(q="morgan") == {a["id"]}
