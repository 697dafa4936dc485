"""Accounts and credentials on both engines: register, login, refresh rotation and reuse
detection, logout, sessions, password change, deactivation, API keys, service JWTs."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tests.conftest import Service
from tests.smartlite.support import (
    BASE,
    PASSWORD,
    assert_problem,
    bearer,
    login,
    new_key,
    new_user,
    raw,
    register,
)

TABLES = (
    "users",
    "sessions",
    "refresh_tokens",
    "transcriptions",
    "tts_requests",
    "llm_conversations",
    "llm_messages",
    "pipelines",
    "pipeline_executions",
    "api_keys",
    "usage_metrics",
)


async def test_register_login_and_me(service: Service) -> None:
    account = await register(service, first_name="Ada")
    assert "password_hash" not in account and account["is_active"] is True
    tokens = await login(service, account)
    assert tokens["token_type"] == "Bearer" and tokens["access_token"].startswith("sla_")
    r = await service.client.get(f"{BASE}/users/me", headers=bearer(tokens["access_token"]))
    assert r.status_code == 200, r.text
    me = r.json()
    assert me["id"] == account["id"] and me["first_name"] == "Ada"
    assert me["last_login_at"] is not None
    by_email = await service.client.post(
        f"{BASE}/auth/login", json={"login": account["email"], "password": PASSWORD}
    )
    assert by_email.status_code == 200, by_email.text


async def test_register_refuses_taken_names_and_weak_passwords(service: Service) -> None:
    account = await register(service)
    r = await service.client.post(
        f"{BASE}/auth/register",
        json={"email": account["email"], "username": "someone_else", "password": PASSWORD},
    )
    assert_problem(r, 409, "$.email")
    r = await service.client.post(
        f"{BASE}/auth/register",
        json={"email": "x@y.example", "username": account["username"], "password": PASSWORD},
    )
    assert_problem(r, 409, "$.username")
    for password, why in (("short1", "at least"), ("aaaaaaaaaaaaaaa", "different")):
        r = await service.client.post(
            f"{BASE}/auth/register",
            json={"email": "weak@y.example", "username": "weakling", "password": password},
        )
        assert why in assert_problem(r, 422, "$.password")["detail"]
    r = await service.client.post(
        f"{BASE}/auth/register",
        json={"email": "not-an-email", "username": "fine_name", "password": PASSWORD},
    )
    assert_problem(r, 422, "$.email")
    gone = await service.client.post(
        f"{BASE}/auth/login", json={"login": "weakling", "password": "short1"}
    )
    assert_problem(gone, 401)


async def test_wrong_password_and_unknown_account_look_the_same(service: Service) -> None:
    account = await register(service)
    wrong = await service.client.post(
        f"{BASE}/auth/login", json={"login": account["username"], "password": "not the one!"}
    )
    unknown = await service.client.post(
        f"{BASE}/auth/login", json={"login": "nobody-at-all", "password": "not the one!"}
    )
    assert assert_problem(wrong, 401)["detail"] == assert_problem(unknown, 401)["detail"]


async def test_refresh_rotates_and_a_reused_token_ends_every_session(service: Service) -> None:
    user = await new_user(service)
    other_session = await login(service, user)
    first = user["tokens"]
    r = await service.client.post(
        f"{BASE}/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["session_id"] == first["session_id"]
    assert second["refresh_token"] != first["refresh_token"]
    old = await service.client.get(f"{BASE}/users/me", headers=bearer(first["access_token"]))
    assert_problem(old, 401)
    new = await service.client.get(f"{BASE}/users/me", headers=bearer(second["access_token"]))
    assert new.status_code == 200
    # The first refresh token again: someone else holds it. Every session ends.
    reuse = await service.client.post(
        f"{BASE}/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert "already used" in assert_problem(reuse, 401)["detail"]
    for token in (second["access_token"], other_session["access_token"]):
        r = await service.client.get(f"{BASE}/users/me", headers=bearer(token))
        assert_problem(r, 401)
    r = await service.client.post(
        f"{BASE}/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert_problem(r, 401)


async def test_concurrent_refreshes_with_one_token_issue_at_most_one_pair(
    service: Service,
) -> None:
    user = await new_user(service)
    body = {"refresh_token": user["tokens"]["refresh_token"]}
    answers = await asyncio.gather(
        *(service.client.post(f"{BASE}/auth/refresh", json=body) for _ in range(20))
    )
    assert sum(a.status_code == 200 for a in answers) <= 1
    assert all(a.status_code in (200, 401) for a in answers)
    for a in answers:  # the losers saw a used token: the winner's pair is dead too
        if a.status_code == 200:
            me = await service.client.get(
                f"{BASE}/users/me", headers=bearer(a.json()["access_token"])
            )
            assert_problem(me, 401)


async def test_logout_ends_the_session_on_the_next_request(service: Service) -> None:
    user = await new_user(service)
    r = await service.client.post(f"{BASE}/auth/logout", headers=user["headers"])
    assert r.status_code == 204, r.text
    assert_problem(await service.client.get(f"{BASE}/users/me", headers=user["headers"]), 401)
    r = await service.client.post(
        f"{BASE}/auth/refresh", json={"refresh_token": user["tokens"]["refresh_token"]}
    )
    assert_problem(r, 401)
    jwt = service.user(user["id"], "smartlite")
    assert_problem(await service.client.post(f"{BASE}/auth/logout", headers=jwt), 400)


async def test_sessions_list_and_revoke(service: Service) -> None:
    user = await new_user(service)
    second = await login(service, user)
    r = await service.client.get(f"{BASE}/auth/sessions", headers=user["headers"])
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert {i["id"] for i in items} == {user["tokens"]["session_id"], second["session_id"]}
    assert [i["current"] for i in items if i["id"] == user["tokens"]["session_id"]] == [True]
    assert all("token" not in i for i in items)
    stranger = await new_user(service)
    r = await service.client.delete(
        f"{BASE}/auth/sessions/{second['session_id']}", headers=stranger["headers"]
    )
    assert_problem(r, 404)
    r = await service.client.delete(
        f"{BASE}/auth/sessions/{second['session_id']}", headers=user["headers"]
    )
    assert r.status_code == 204
    gone = await service.client.get(f"{BASE}/users/me", headers=bearer(second["access_token"]))
    assert_problem(gone, 401)


async def test_password_change_ends_every_other_session(service: Service) -> None:
    user = await new_user(service)
    other = await login(service, user)
    wrong = await service.client.post(
        f"{BASE}/auth/password",
        json={"current_password": "not it at all", "new_password": "a brand new secret"},
        headers=user["headers"],
    )
    assert_problem(wrong, 403)
    r = await service.client.post(
        f"{BASE}/auth/password",
        json={"current_password": PASSWORD, "new_password": "a brand new secret"},
        headers=user["headers"],
    )
    assert r.status_code == 204, r.text
    assert (
        await service.client.get(f"{BASE}/users/me", headers=user["headers"])
    ).status_code == 200
    gone = await service.client.get(f"{BASE}/users/me", headers=bearer(other["access_token"]))
    assert_problem(gone, 401)
    old = await service.client.post(
        f"{BASE}/auth/login", json={"login": user["username"], "password": PASSWORD}
    )
    assert_problem(old, 401)
    await login(service, {**user, "password": "a brand new secret"})


async def test_a_deactivated_account_loses_every_credential(service: Service) -> None:
    user = await new_user(service)
    key = await new_key(service, user["headers"])
    r = await service.client.post(f"{BASE}/users/{user['id']}/deactivate", headers=user["headers"])
    assert_problem(r, 403)
    r = await service.client.post(f"{BASE}/users/{user['id']}/deactivate", headers=service.admin())
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert_problem(await service.client.get(f"{BASE}/users/me", headers=user["headers"]), 401)
    by_key = await service.client.get(f"{BASE}/users/me", headers={"X-API-Key": key["key"]})
    assert_problem(by_key, 401)
    r = await service.client.post(
        f"{BASE}/auth/login", json={"login": user["username"], "password": PASSWORD}
    )
    assert_problem(r, 403)
    r = await service.client.post(f"{BASE}/users/{user['id']}/activate", headers=service.admin())
    assert r.json()["is_active"] is True
    assert (
        await service.client.get(f"{BASE}/users/me", headers=user["headers"])
    ).status_code == 200
    r = await service.client.post(f"{BASE}/users/{user['id']}/verify", headers=service.admin())
    assert r.json()["is_verified"] is True
    assert_problem(
        await service.client.post(f"{BASE}/users/nope/verify", headers=service.admin()), 404
    )


async def test_api_keys_show_once_act_as_owner_and_revoke(service: Service) -> None:
    user = await new_user(service)
    key = await new_key(service, user["headers"], name="ci")
    assert key["key"].startswith("slk_") and key["scope"] == "user"
    listed = await service.client.get(f"{BASE}/api-keys", headers=user["headers"])
    assert [(k["id"], "key" in k) for k in listed.json()["items"]] == [(key["id"], False)]
    headers = {"X-API-Key": key["key"]}
    me = await service.client.get(f"{BASE}/users/me", headers=headers)
    assert me.status_code == 200 and me.json()["id"] == user["id"]
    used = (await service.client.get(f"{BASE}/api-keys", headers=headers)).json()["items"][0]
    assert used["last_used_at"] is not None
    stranger = await new_user(service)
    r = await service.client.delete(f"{BASE}/api-keys/{key['id']}", headers=stranger["headers"])
    assert_problem(r, 404)
    r = await service.client.delete(f"{BASE}/api-keys/{key['id']}", headers=user["headers"])
    assert r.status_code == 204
    assert_problem(await service.client.get(f"{BASE}/users/me", headers=headers), 401)
    worker = await service.client.post(
        f"{BASE}/api-keys", json={"name": "w", "scope": "worker"}, headers=user["headers"]
    )
    assert_problem(worker, 403)


async def test_expired_and_wrong_credentials_are_401(service: Service) -> None:
    user = await new_user(service)
    key = await new_key(service, user["headers"])
    past = datetime.now(UTC) - timedelta(days=1)
    r = await service.client.post(
        f"{BASE}/api-keys",
        json={"name": "x", "expires_at": past.isoformat()},
        headers=user["headers"],
    )
    assert_problem(r, 422, "$.expires_at")
    raw(service, "UPDATE api_keys SET expires_at = %s WHERE id = %s", past, key["id"])
    expired = await service.client.get(f"{BASE}/users/me", headers={"X-API-Key": key["key"]})
    assert "expired" in assert_problem(expired, 401)["detail"]
    raw(
        service,
        "UPDATE sessions SET expires_at = %s WHERE id = %s",
        past,
        user["tokens"]["session_id"],
    )
    assert_problem(await service.client.get(f"{BASE}/users/me", headers=user["headers"]), 401)
    access = user["tokens"]["access_token"]
    forged = "sla_" + "f" * 10 + access[access.index("_", 4) :]
    for headers in (
        bearer(forged),
        bearer("sla_nonsense"),
        bearer("sla_" + "0" * 8 + "_x"),
        {"X-API-Key": "slk_" + "x" * 43},
        {"X-API-Key": "not-a-key"},
    ):
        assert_problem(await service.client.get(f"{BASE}/users/me", headers=headers), 401)


async def test_service_jwts_still_work(service: Service) -> None:
    user = await new_user(service)
    jwt = service.user(user["id"], "smartlite")
    me = await service.client.get(f"{BASE}/users/me", headers=jwt)
    assert me.status_code == 200 and me.json()["id"] == user["id"]
    users = await service.client.get(f"{BASE}/users", headers=service.admin())
    assert users.status_code == 200 and users.json()["items"]
    assert_problem(await service.client.get(f"{BASE}/users", headers=jwt), 403)
    assert_problem(await service.client.get(f"{BASE}/users/me"), 401)


async def test_patch_me(service: Service) -> None:
    user = await new_user(service)
    other = await new_user(service)
    r = await service.client.patch(
        f"{BASE}/users/me", json={"first_name": "Grace", "avatar": None}, headers=user["headers"]
    )
    assert r.status_code == 200 and r.json()["first_name"] == "Grace"
    r = await service.client.patch(
        f"{BASE}/users/me", json={"username": other["username"]}, headers=user["headers"]
    )
    assert_problem(r, 409, "$.username")
    r = await service.client.patch(
        f"{BASE}/users/me", json={"email": None}, headers=user["headers"]
    )
    assert_problem(r, 422)


async def test_no_table_holds_a_token_or_a_password(service: Service) -> None:
    user = await new_user(service)
    key = await new_key(service, user["headers"])
    r = await service.client.post(
        f"{BASE}/auth/refresh", json={"refresh_token": user["tokens"]["refresh_token"]}
    )
    fresh = r.json()
    secrets = {
        PASSWORD,
        key["key"],
        user["tokens"]["access_token"],
        user["tokens"]["refresh_token"],
        fresh["access_token"],
        fresh["refresh_token"],
    }
    for secret in list(secrets):  # nor the random part on its own
        secrets.add(secret[4:])
    catalog = "SELECT table_name FROM information_schema.tables WHERE table_schema = " + (
        "DATABASE()" if service.engine == "mysql" else "'public'"
    )
    tables = {str(name) for (name,) in raw(service, catalog)}
    assert set(TABLES) <= tables  # and the service's own: migrations, idempotency keys
    for table in sorted(tables):
        for row in raw(service, f"SELECT * FROM {table}"):
            text = " ".join(str(v) for v in row)
            assert not [s for s in secrets if s in text], table
