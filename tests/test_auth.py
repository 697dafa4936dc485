"""Bearer tokens: every /api route needs one; each bad token is a 401 problem."""

from __future__ import annotations

import time

import jwt
import pytest

from service.auth import Tokens
from service.errors import Unauthorized
from tests.conftest import SECRET, Service


def _raw(claims: dict[str, object], secret: str = SECRET) -> dict[str, str]:
    return {"Authorization": "Bearer " + jwt.encode(claims, secret, algorithm="HS256")}


def _claims(**over: object) -> dict[str, object]:
    # Built when the module is imported, minutes before a long suite reaches these tests.
    return {"sub": "1", "role": "user", "aud": "chat", "exp": int(time.time()) + 3600} | over


CASES = {
    "no header": {},
    "not bearer": {"Authorization": "Basic dXNlcjpwYXNz"},
    "empty bearer": {"Authorization": "Bearer "},
    "garbage": {"Authorization": "Bearer not.a.jwt"},
    "expired": _raw(_claims(exp=int(time.time()) - 10)),
    "wrong secret": _raw(_claims(), secret="another-secret-" + "y" * 40),
    "other app": _raw(_claims(aud="roleplay")),
    "no exp": _raw({"sub": "1", "role": "user", "aud": "chat"}),
    "no aud": _raw({"sub": "1", "role": "user", "exp": int(time.time()) + 3600}),
    "unknown role": _raw(_claims(role="root")),
    "alg none": {"Authorization": "Bearer " + jwt.encode(_claims(), None, algorithm="none")},
}


@pytest.mark.parametrize("case", list(CASES))
async def test_bad_tokens_are_401_problems(service: Service, case: str) -> None:
    r = await service.client.get("/chat/api/chats", headers=CASES[case])
    assert r.status_code == 401, case
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["detail"]


async def test_a_user_token_for_another_app_names_the_app(service: Service) -> None:
    r = await service.client.get("/chat/api/chats", headers=CASES["other app"])
    assert "chat" in r.json()["detail"]


async def test_a_user_token_whose_subject_is_not_an_id_is_401(service: Service) -> None:
    r = await service.client.get("/chat/api/chats", headers=_raw(_claims(sub="alice")))
    assert r.status_code == 401


async def test_admin_token_without_app_is_good_for_every_app(service: Service) -> None:
    r = await service.client.get("/chat/api/chats", headers=service.admin())
    assert r.status_code == 200


def test_issue_refuses_user_tokens_without_app_or_subject() -> None:
    tokens = Tokens(SECRET, ["chat"])
    with pytest.raises(ValueError):
        tokens.issue(role="user", app="chat")
    with pytest.raises(ValueError):
        tokens.issue(role="user", subject="1")
    with pytest.raises(ValueError):
        tokens.issue(role="root", app="chat", subject="1")
    with pytest.raises(ValueError):
        tokens.issue(role="user", app="nope", subject="1")


def test_a_remembered_token_is_still_refused_once_it_expires() -> None:
    tokens = Tokens(SECRET, ["chat", "roleplay"])
    header = _raw(_claims(exp=int(time.time()) + 2))["Authorization"]
    assert tokens.verify(header, "chat").subject == "1"
    assert tokens.verify(header, "chat").subject == "1", "the second check is the remembered one"
    with pytest.raises(Unauthorized, match="not for the roleplay app"):
        tokens.verify(header, "roleplay")  # remembered for chat only
    time.sleep(2.1)
    with pytest.raises(Unauthorized, match="expired"):
        tokens.verify(header, "chat")
