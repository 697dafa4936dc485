"""Bad input is a 4xx application/problem+json naming the field, and stores nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Service
from tests.tutor.support import BASE, assert_problem, auth, every, new_profile, pid, trail

PROFILE_BODIES: list[tuple[str, Any, str | None]] = [
    ("name of the wrong type", {"name": 5}, "$.name"),
    ("no name", {"dob": "2018-01-01"}, "$"),
    ("unknown field", {"name": "A", "nickname": "x"}, "$.nickname"),
    ("dob not a date", {"name": "A", "dob": "2018-02-30"}, "$.dob"),
    ("dob as free text", {"name": "A", "dob": "last spring"}, "$.dob"),
    ("NUL in the name", {"name": "A\u0000B"}, "$.name"),
    ("mental_age out of range", {"name": "A", "mental_age": 250}, "$.mental_age"),
    ("mental_age a string", {"name": "A", "mental_age": "six"}, "$.mental_age"),
    ("interests not a list", {"name": "A", "interests": "trains"}, "$.interests"),
    ("extracted_data not an object", {"name": "A", "extracted_data": [1]}, "$.extracted_data"),
    ("NUL inside JSON", {"name": "A", "extracted_data": {"k": "a\u0000"}}, "$.extracted_data.k"),
    ("id with a slash", {"name": "A", "id": "a/b"}, "$.id"),
    ("id with a newline", {"name": "A", "id": "abc\n"}, "$.id"),
    ("a body that is a list", [{"name": "A"}], "$"),
]


@pytest.mark.parametrize("case", [c[0] for c in PROFILE_BODIES])
async def test_a_bad_profile_is_422_and_nothing_is_stored(service: Service, case: str) -> None:
    _, body, path = next(c for c in PROFILE_BODIES if c[0] == case)
    given = pid()
    if isinstance(body, dict) and "id" not in body:
        body = {**body, "id": given}
    # Sent as escaped JSON text (ensure_ascii), byte for byte what a client would send.
    raw = json.dumps(body).encode()
    headers = service.admin() | {"Content-Type": "application/json"}
    r = await service.client.post(f"{BASE}/profiles", content=raw, headers=headers)
    problem = assert_problem(r, 422)
    if path is not None:
        assert problem["errors"][0]["path"] == path, problem
    r = await service.client.get(f"{BASE}/profiles/{given}", headers=service.admin())
    assert_problem(r, 404)
    assert await trail(service, given) == []


async def test_broken_bytes_are_400(service: Service) -> None:
    headers = service.admin() | {"Content-Type": "application/json"}
    lone_surrogate = b'{"name": "A\\ud800"}'
    for raw in (b'{"name": "\xff"}', b'{"name": "A"', b"", b"\xef\xbb\xbf{}", lone_surrogate):
        r = await service.client.post(f"{BASE}/profiles", content=raw, headers=headers)
        assert_problem(r, 400)
    r = await service.client.post(
        f"{BASE}/profiles",
        content=b"name=A",
        headers=service.admin() | {"Content-Type": "text/plain"},
    )
    assert_problem(r, 415)


WORD_BODIES: list[tuple[str, Any, str]] = [
    ("word over the key limit", {"word": "字" * 449, "language": "zh"}, "$.word"),
    ("empty word", {"word": "", "language": "zh"}, "$.word"),
    ("word with a trailing space", {"word": "cat ", "language": "en"}, "$.word"),
    ("unknown language", {"word": "chat", "language": "fr"}, "$.language"),
    ("word of the wrong type", {"word": 7, "language": "en"}, "$.word"),
    ("NUL in a word", {"word": "c\u0000t", "language": "en"}, "$.word"),
    ("unknown field", {"word": "cat", "language": "en", "level": 2}, "$.level"),
    ("one bad item in a list", [{"word": "ok", "language": "en"}, {"word": ""}], "$[1].word"),
]


@pytest.mark.parametrize("case", [c[0] for c in WORD_BODIES])
async def test_a_bad_word_is_422_and_no_word_is_stored(service: Service, case: str) -> None:
    _, body, path = next(c for c in WORD_BODIES if c[0] == case)
    kid = await new_profile(service)
    r = await service.client.post(
        f"{BASE}/profiles/{kid['id']}/words", json=body, headers=auth(kid)
    )
    problem = assert_problem(r, 422)
    assert problem["errors"][0]["path"] == path, problem
    assert await every(service, f"profiles/{kid['id']}/words", kid) == []
    assert [a["table_name"] for a in await trail(service, kid["id"])] == ["profiles"]


async def test_bad_items_elsewhere_are_422(service: Service) -> None:
    kid = await new_profile(service)
    base = f"{BASE}/profiles/{kid['id']}"
    cases: list[tuple[str, Any, str]] = [
        ("grammar", {"grammar_uri": "g://" + "x" * 600}, "$.grammar_uri"),
        ("grammar", {"grammar_uri": "has space"}, "$.grammar_uri"),
        ("cards", {"card_type": "vocab", "content": "not an object"}, "$.content"),
        ("cards", {"card_type": "", "content": {}}, "$.card_type"),
        ("messages", {"role": "system", "content": "x"}, "$.role"),
        ("messages", {"role": "user", "content": ""}, "$.content"),
        ("messages", {"role": "user", "content": "x", "timestamp": "soon"}, "$.timestamp"),
        (
            "messages",
            {"role": "user", "content": "x", "timestamp": "0999-01-01T00:00:00Z"},
            "$.timestamp",
        ),
        ("messages", [], "$"),
    ]
    for path, body, where in cases:
        r = await service.client.post(f"{base}/{path}", json=body, headers=auth(kid))
        problem = assert_problem(r, 422)
        if where != "$":
            assert problem["errors"][0]["path"] == where, (path, body, problem)
    for path in ("grammar", "cards", "messages"):
        assert await every(service, f"profiles/{kid['id']}/{path}", kid) == []


async def test_bad_patches_change_nothing(service: Service) -> None:
    kid = await new_profile(service, school="S")
    url = f"{BASE}/profiles/{kid['id']}"
    before = (await service.client.get(url, headers=auth(kid))).json()
    for body in ({"name": None}, {"dob": "1/2/2018"}, {"school": 1}, {"id": "other"}):
        assert_problem(await service.client.patch(url, json=body, headers=auth(kid)), 422)
    assert (await service.client.get(url, headers=auth(kid))).json() == before


async def test_bad_paths_and_queries(service: Service) -> None:
    kid = await new_profile(service)
    for bad in ("a%00b", "x" * 200, "%E2%80%AE"):
        r = await service.client.get(f"{BASE}/profiles/{bad}", headers=service.admin())
        assert_problem(r, 404)
    base = f"{BASE}/profiles/{kid['id']}"
    for path, params, status in (
        ("words", {"limit": "-1"}, 422),
        ("words", {"limit": "x"}, 422),
        ("words", {"cursor": "%%%"}, 400),
        ("cards", {"card_type": "a\u0000"}, 422),
        ("messages", {"cursor": "WyJ4Il0"}, 400),
        ("audit", {"until": "2020-01-01T00:00:00Z", "since": "2021-01-01T00:00:00Z"}, 422),
        ("audit", {"since": "0001-01-01T00:00:00Z"}, 422),
    ):
        r = await service.client.get(f"{base}/{path}", params=params, headers=auth(kid))
        assert_problem(r, status)
