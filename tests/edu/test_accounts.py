"""Accounts of the edu app on both engines: sign-up, password login returning an edu JWT,
profile privacy, deactivation, admin management, and the community counters."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, new_scenario, new_user

PASSWORD = "correct horse battery"


async def sign_up(svc: Service, **body: Any) -> Any:
    name = body.pop("username", f"s{secrets.token_hex(5)}")
    body = {"email": f"{name}@example.org", "username": name, "password": PASSWORD} | body
    return await svc.client.post(f"{BASE}/auth/signup", json=body)


async def log_in(svc: Service, login: str, password: str = PASSWORD) -> Any:
    return await svc.client.post(f"{BASE}/auth/login", json={"login": login, "password": password})


async def test_sign_up_then_log_in_by_email_or_username(service: Service) -> None:
    r = await sign_up(service, full_name="Ada", bio="hi")
    assert r.status_code == 201, r.text
    user = r.json()
    assert user["role"] == "user" and user["is_active"] is True and user["is_verified"] is False
    assert user["published_scenarios"] == 0 and user["reputation_score"] == 0
    assert "password" not in str(user) and "password_hash" not in user
    for login in (user["email"], user["username"]):
        r = await log_in(service, login)
        assert r.status_code == 200, r.text
        token = r.json()
        assert token["user_id"] == user["id"] and token["token_type"] == "bearer"
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    r = await service.client.get(f"{BASE}/users/me", headers=headers)
    assert r.status_code == 200 and r.json()["id"] == user["id"]
    r = await service.client.get("/chat/api/users/me", headers=headers)
    assert_problem(r, 401)


async def test_wrong_passwords_and_unknown_logins_look_alike(service: Service) -> None:
    user = (await sign_up(service)).json()
    wrong = await log_in(service, user["username"], "not the password at all")
    unknown = await log_in(service, "nobody-" + secrets.token_hex(4))
    for r in (wrong, unknown):
        assert_problem(r, 401)
    assert wrong.json()["detail"] == unknown.json()["detail"]


async def test_sign_up_refuses_taken_names_and_weak_passwords(service: Service) -> None:
    user = (await sign_up(service)).json()
    r = await sign_up(service, username=user["username"], email="other@example.org")
    assert_problem(r, 409, "$.username")
    r = await sign_up(service, email=user["email"])
    assert_problem(r, 409, "$.email")
    assert_problem(await sign_up(service, password="short"), 422, "$.password")
    assert_problem(await sign_up(service, email="not-an-email"), 422, "$.email")
    assert_problem(await sign_up(service, role="admin"), 422, "$.role")
    name = f"race{secrets.token_hex(4)}"
    results = await asyncio.gather(*(sign_up(service, username=name) for _ in range(20)))
    assert sorted(r.status_code for r in results) == [201] + [409] * 19


async def test_deactivated_accounts_cannot_log_in(service: Service) -> None:
    user = (await sign_up(service)).json()
    admin = await new_user(service, "admin")
    path = f"{BASE}/users/{user['id']}/admin"
    r = await service.client.patch(path, json={"is_active": False}, headers=admin["headers"])
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert_problem(await log_in(service, user["username"]), 403)
    r = await service.client.patch(path, json={"is_active": True}, headers=service.admin())
    assert r.status_code == 200
    assert (await log_in(service, user["username"])).status_code == 200


async def test_only_admins_manage_accounts(service: Service) -> None:
    teacher, other = await new_user(service, "teacher"), await new_user(service)
    path = f"{BASE}/users/{other['id']}/admin"
    r = await service.client.patch(path, json={"role": "admin"}, headers=teacher["headers"])
    assert_problem(r, 403)
    r = await service.client.patch(path, json={"role": "teacher"}, headers=service.admin())
    assert r.status_code == 200 and r.json()["role"] == "teacher"
    r = await service.client.patch(path, json={"role": "root"}, headers=service.admin())
    assert_problem(r, 422, "$.role")
    r = await service.client.patch(
        f"{BASE}/users/99999999/admin", json={"role": "user"}, headers=service.admin()
    )
    assert_problem(r, 404)


async def test_private_profiles_are_hidden(service: Service) -> None:
    owner, other = await new_user(service, profile_public=False), await new_user(service)
    path = f"{BASE}/users/{owner['id']}"
    assert_problem(await service.client.get(path, headers=other["headers"]), 404)
    assert (await service.client.get(path, headers=owner["headers"])).status_code == 200
    assert (await service.client.get(path, headers=service.admin())).status_code == 200
    r = await service.client.patch(
        f"{BASE}/users/me",
        json={"profile_public": True, "allow_contact": False},
        headers=owner["headers"],
    )
    assert r.status_code == 200 and r.json()["profile_public"] is True
    r = await service.client.get(path, headers=other["headers"])
    assert r.status_code == 200 and r.json()["email"] is None, "no contact: no email"


async def test_published_scenarios_exact_under_concurrent_publishing(service: Service) -> None:
    teacher = await new_user(service, "teacher")
    made = await asyncio.gather(*(new_scenario(service, teacher) for _ in range(20)))

    async def flip(sid: int, public: bool) -> None:
        r = await service.client.patch(
            f"{BASE}/scenarios/{sid}", json={"is_public": public}, headers=teacher["headers"]
        )
        assert r.status_code == 200, r.text

    await asyncio.gather(*(flip(m["id"], True) for m in made))
    await asyncio.gather(
        *(flip(m["id"], False) for m in made[:5]),
        *(new_scenario(service, teacher, is_public=True) for _ in range(5)),
        *(
            service.client.delete(f"{BASE}/scenarios/{m['id']}", headers=teacher["headers"])
            for m in made[5:8]
        ),
    )
    r = await service.client.get(f"{BASE}/users/{teacher['id']}", headers=teacher["headers"])
    assert r.json()["published_scenarios"] == 20 - 5 + 5 - 3
    r = await service.client.post(f"{BASE}/users/{teacher['id']}/stats", headers=service.admin())
    assert r.status_code == 200 and r.json()["published_scenarios"] == 17
