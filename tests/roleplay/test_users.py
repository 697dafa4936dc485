"""Roleplay users: created by an admin, each seeing and changing only their own profile."""

from __future__ import annotations

import secrets

from tests.conftest import Service
from tests.roleplay.support import BASE, assert_problem, auth, new_user, uid


async def test_admin_creates_a_user_with_a_generated_or_given_id(service: Service) -> None:
    r = await service.client.post(
        f"{BASE}/users", json={"username": f"g-{secrets.token_hex(4)}"}, headers=service.admin()
    )
    assert r.status_code == 201, r.text
    assert len(r.json()["id"]) == 36
    given = uid()
    r = await service.client.post(
        f"{BASE}/users",
        json={"id": given, "avatar_url": "/static/a.png", "settings": {"theme": "dark"}},
        headers=service.admin(),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["id"] == given and body["username"] is None
    assert body["settings"] == {"theme": "dark"} and body["created_at"].endswith("Z")


async def test_only_an_admin_creates_users(service: Service) -> None:
    user = await new_user(service)
    r = await service.client.post(f"{BASE}/users", json={"username": "x"}, headers=auth(user))
    assert_problem(r, 403)


async def test_a_taken_username_is_a_409_naming_the_field(service: Service) -> None:
    name = f"dup-{secrets.token_hex(4)}"
    await new_user(service, username=name)
    r = await service.client.post(f"{BASE}/users", json={"username": name}, headers=service.admin())
    body = assert_problem(r, 409, "$.username")
    assert "username" in body["detail"]


async def test_a_taken_id_is_a_409_naming_the_id(service: Service) -> None:
    user = await new_user(service)
    r = await service.client.post(f"{BASE}/users", json={"id": user["id"]}, headers=service.admin())
    assert_problem(r, 409, "$.id")


async def test_me_returns_the_callers_profile_with_settings(service: Service) -> None:
    user = await new_user(service, settings={"openai_key": "sk-secret", "voice": "女聲"})
    r = await service.client.get(f"{BASE}/users/me", headers=auth(user))
    assert r.status_code == 200
    assert r.json()["settings"] == {"openai_key": "sk-secret", "voice": "女聲"}


async def test_settings_are_never_shown_to_another_user(service: Service) -> None:
    owner = await new_user(service, settings={"openai_key": "sk-secret"})
    other = await new_user(service)
    r = await service.client.get(f"{BASE}/users/{owner['id']}", headers=auth(other))
    assert_problem(r, 404)
    assert "sk-secret" not in r.text
    own = await service.client.get(f"{BASE}/users/{owner['id']}", headers=auth(owner))
    admin = await service.client.get(f"{BASE}/users/{owner['id']}", headers=service.admin())
    assert own.json()["settings"] == admin.json()["settings"] == {"openai_key": "sk-secret"}


async def test_patch_me_sets_what_is_sent_and_clears_nulls(service: Service) -> None:
    user = await new_user(service, avatar_url="/a.png", settings={"k": 1})
    before = (await service.client.get(f"{BASE}/users/me", headers=auth(user))).json()
    r = await service.client.patch(
        f"{BASE}/users/me", json={"avatar_url": None, "settings": {"k": 2}}, headers=auth(user)
    )
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["avatar_url"] is None and after["settings"] == {"k": 2}
    assert after["username"] == before["username"], "a field not sent is kept"
    assert after["created_at"] == before["created_at"]
    assert after["updated_at"] > before["updated_at"]


async def test_a_base64_avatar_is_refused_with_what_to_do(service: Service) -> None:
    blob = "data:image/png;base64," + "iVBORw0KGgo" * 100
    r = await service.client.post(
        f"{BASE}/users", json={"avatar_url": blob}, headers=service.admin()
    )
    body = assert_problem(r, 422, "$.avatar_url")
    assert "upload" in body["detail"] and "URL" in body["detail"]
    user = await new_user(service)
    r = await service.client.patch(
        f"{BASE}/users/me", json={"avatar_url": blob[:100]}, headers=auth(user)
    )
    assert_problem(r, 422, "$.avatar_url")
    me = (await service.client.get(f"{BASE}/users/me", headers=auth(user))).json()
    assert me["avatar_url"] is None


async def test_an_avatar_url_over_512_characters_is_refused(service: Service) -> None:
    user = await new_user(service)
    ok = "https://cdn.example.com/" + "a" * (512 - 24)
    r = await service.client.patch(f"{BASE}/users/me", json={"avatar_url": ok}, headers=auth(user))
    assert r.status_code == 200 and r.json()["avatar_url"] == ok
    r = await service.client.patch(
        f"{BASE}/users/me", json={"avatar_url": ok + "b"}, headers=auth(user)
    )
    assert_problem(r, 422, "$.avatar_url")


async def test_a_token_for_a_user_that_does_not_exist_finds_no_profile(service: Service) -> None:
    headers = service.user(uid(), "roleplay")
    assert_problem(await service.client.get(f"{BASE}/users/me", headers=headers), 404)
    r = await service.client.patch(f"{BASE}/users/me", json={"username": "x"}, headers=headers)
    assert_problem(r, 404)


async def test_an_admin_token_has_no_me(service: Service) -> None:
    assert_problem(await service.client.get(f"{BASE}/users/me", headers=service.admin()), 404)


async def test_a_chat_token_is_not_good_for_roleplay(service: Service) -> None:
    user = await new_user(service)
    r = await service.client.get(f"{BASE}/users/me", headers=service.user(user["id"], "chat"))
    assert_problem(r, 401)
