"""Limits and bad input for the roleplay app, on both engines: a refused request answers a 4xx
problem (never a 500) and leaves every row as it was. Each test takes a snapshot of what one
user owns (counts through the count and list endpoints, their rows in full, and whether a user
id a refused POST /users named exists) before and after."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

from service.auth import Tokens
from tests.conftest import SECRET, Service
from tests.roleplay.support import (
    BASE,
    assert_problem,
    auth,
    holdings,
    list_all,
    list_pages,
    new_role,
    new_scenario,
    new_session,
    new_user,
    uid,
)

START = "2024-05-01T09:00:00Z"
CHUNK = 1 << 20
TEXT_BYTES = 65_535
SCENARIO_TEXTS = (
    "description",
    "generation_prompt",
    "workflow",
    "knowledge_points",
    "scoring_criteria",
)
ROLE_TEXTS = ("system_prompt_addon", "generation_prompt")
LISTS = ("scenarios", "roles", "sessions")


async def every(
    svc: Service, path: str, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    """Every item of a list, all pages followed."""
    return [item for page in await list_pages(svc, path, headers, **params) for item in page]


# -- big bodies, built once -------------------------------------------------------------------


@cache
def filler(size: int) -> bytes:
    """`size` bytes of ASCII that need no JSON escaping (sliced through memoryviews)."""
    return b"a" * size


@cache
def script(size: int) -> str:
    """A realistic multilingual script of about `size` bytes of UTF-8."""
    scene = (
        "第一幕：客戶來電抱怨帳單錯誤 😤\n"
        "Agent: I'm sorry to hear that — let me check “your account”.\n"
        "顧客：我已經打了三次電話了！\t(語氣激動)\n"
    )
    unit = scene.encode()
    return (scene * (size // len(unit) + 1)).encode()[:size].decode("utf-8", "ignore")


async def chunks(
    *parts: bytes | memoryview, pulled: list[int] | None = None
) -> AsyncIterator[bytes]:
    """The parts as a streamed body of CHUNK-sized pieces (no Content-Length); counts into
    `pulled` how many pieces the server asked for."""
    for part in parts:
        view = memoryview(part)
        for at in range(0, len(view), CHUNK):
            if pulled is not None:
                pulled[0] += 1
            yield bytes(view[at : at + CHUNK])


def over_limit(limit: int, prefix: bytes, suffix: bytes) -> tuple[bytes, memoryview, bytes]:
    """A valid JSON body of exactly limit + 1 bytes: prefix, filler, suffix."""
    return prefix, memoryview(filler(limit + 1))[: limit + 1 - len(prefix) - len(suffix)], suffix


# -- what a test may write, and the snapshot it compares ----------------------------------------


@dataclass(frozen=True)
class Write:
    name: str
    method: str
    url: str
    headers: dict[str, str]
    valid: Any
    """A body this route accepts; refused variants are built from it."""
    big: tuple[bytes, bytes]
    """(prefix, suffix) around a long ASCII string that make a body this route would accept."""


@dataclass
class World:
    svc: Service
    user: dict[str, str]
    scenario: dict[str, Any]
    role: dict[str, Any]
    session: dict[str, Any]
    probe: str
    """A user id no one has: every refused POST /users names it, so it must stay unknown."""

    @classmethod
    async def make(cls, svc: Service) -> World:
        user = await new_user(svc, settings={"theme": "dark"})
        return cls(
            svc,
            user,
            await new_scenario(svc, user, tags=["sales"], description="原始描述"),
            await new_role(svc, user, name_cn="王經理", focus_areas=["談判"]),
            await new_session(svc, user, messages=[{"role": "user", "content": "你好"}]),
            uid(),
        )

    def writes(self) -> list[Write]:
        user, admin = auth(self.user), self.svc.admin()
        new_id = uid()
        return [
            Write(
                "create scenario",
                "POST",
                f"{BASE}/scenarios",
                user,
                {"title": "新場景"},
                (b'{"title":"big","script_content":"', b'"}'),
            ),
            Write(
                "create role",
                "POST",
                f"{BASE}/roles",
                user,
                {"name": "Coach"},
                (b'{"name":"big","focus_areas":["', b'"]}'),
            ),
            Write(
                "create user",
                "POST",
                f"{BASE}/users",
                admin,
                {"id": self.probe, "username": f"probe-{self.probe[:8]}"},
                (b'{"id":"' + self.probe.encode() + b'","settings":{"blob":"', b'"}}'),
            ),
            Write(
                "create session",
                "POST",
                f"{BASE}/sessions",
                user,
                {"start_time": START, "score": 80},
                (b'{"start_time":"2024-05-01T09:00:00Z","messages":["', b'"]}'),
            ),
            Write(
                "import",
                "POST",
                f"{BASE}/import",
                user,
                {"scenarios": [{"id": new_id, "title": "匯入"}]},
                (
                    b'{"scenarios":[{"id":"' + new_id.encode() + b'","title":"t","workflow":"',
                    b'"}]}',
                ),
            ),
            Write(
                "change scenario",
                "PATCH",
                f"{BASE}/scenarios/{self.scenario['id']}",
                user,
                {"title": "改過的"},
                (b'{"script_content":"', b'"}'),
            ),
            Write(
                "change role",
                "PATCH",
                f"{BASE}/roles/{self.role['id']}",
                user,
                {"name": "Changed"},
                (b'{"personality":{"blob":"', b'"}}'),
            ),
            Write(
                "change profile",
                "PATCH",
                f"{BASE}/users/me",
                user,
                {"settings": {"theme": "light"}},
                (b'{"settings":{"blob":"', b'"}}'),
            ),
        ]

    def write(self, name: str) -> Write:
        return next(w for w in self.writes() if w.name == name)

    async def state(self) -> dict[str, Any]:
        c, headers = self.svc.client, auth(self.user)
        rows = {}
        for kind, row in (
            ("scenarios", self.scenario),
            ("roles", self.role),
            ("sessions", self.session),
        ):
            r = await c.get(f"{BASE}/{kind}/{row['id']}", headers=headers)
            assert r.status_code == 200, r.text
            rows[kind] = r.json()
        probe = await c.get(f"{BASE}/users/{self.probe}", headers=self.svc.admin())
        return {
            "owned": await holdings(self.svc, self.user),
            "rows": rows,
            "probe user": probe.status_code,
        }

    async def send(self, write: Write, body: Any = None, **kwargs: Any) -> Any:
        """`write` with a JSON body (a Python value) or raw `content=` / `headers=`."""
        headers = write.headers | kwargs.pop("headers", {})
        if "content" not in kwargs:
            kwargs["json"] = write.valid if body is None else body
        return await self.svc.client.request(write.method, write.url, headers=headers, **kwargs)


@pytest.fixture
async def world(service: Service) -> World:
    return await World.make(service)


# -- the control: what the refusals start from is accepted ------------------------------------


async def test_the_bodies_the_refusals_start_from_are_accepted(service: Service) -> None:
    """Every refused body below is one of these, broken in one way: so a refusal is about that
    one thing, and a limit that stopped working would show as a stored row."""
    for form in ("valid", "big"):
        world = await World.make(service)  # the user id of POST /users is used once
        for write in world.writes():
            if form == "valid":
                r = await world.send(write)
            else:
                prefix, suffix = write.big
                r = await world.send(
                    write,
                    content=prefix + b"x" * 1000 + suffix,
                    headers={"Content-Type": "application/json"},
                )
            assert r.status_code in (200, 201), (form, write.name, r.text)
        r = await service.client.get(f"{BASE}/users/{world.probe}", headers=service.admin())
        assert r.status_code == 200


# -- 413: over the body limit -----------------------------------------------------------------


async def test_a_body_over_the_limit_is_413_from_its_content_length(world: World) -> None:
    limit = world.svc.settings.body_limit
    before = await world.state()
    for write in world.writes():
        parts = over_limit(limit, *write.big)
        pulled = [0]
        r = await world.send(
            write,
            content=chunks(*parts, pulled=pulled),
            headers={"Content-Type": "application/json", "Content-Length": str(limit + 1)},
        )
        assert_problem(r, 413)
        assert pulled == [0], f"{write.name}: refused from the header, before reading the body"
    assert await world.state() == before


async def test_a_streamed_body_over_the_limit_is_413_before_it_is_all_read(world: World) -> None:
    limit = world.svc.settings.body_limit
    before = await world.state()
    for write in world.writes():
        prefix, _, suffix = over_limit(limit, *write.big)
        # Twice the limit, sent without a Content-Length: the server must stop early.
        parts = (prefix, filler(limit + 1), filler(limit + 1), suffix)
        pulled = [0]
        r = await world.send(
            write,
            content=chunks(*parts, pulled=pulled),
            headers={"Content-Type": "application/json"},
        )
        assert "content-length" not in r.request.headers
        assert_problem(r, 413)
        assert pulled[0] <= limit // CHUNK + 2, f"{write.name} read {pulled[0]} chunks"
    assert await world.state() == before


async def test_a_9_5_mb_script_is_stored_and_read_back_equal(service: Service) -> None:
    """script_content is MEDIUMTEXT (16 MB); the 10 MB request limit is what binds."""
    user = await new_user(service)
    text = script(int(9.5 * 1024 * 1024))
    body = json.dumps({"title": "長劇本", "script_content": text}, ensure_ascii=False).encode()
    assert 9.4e6 < len(body) < service.settings.body_limit
    r = await service.client.post(
        f"{BASE}/scenarios",
        content=body,
        headers=auth(user) | {"Content-Type": "application/json"},
    )
    assert r.status_code == 201, r.text[:500]
    made = r.json()
    got = (await service.client.get(f"{BASE}/scenarios/{made['id']}", headers=auth(user))).json()
    assert got["script_content"] == text
    listed = (await service.client.get(f"{BASE}/scenarios", headers=auth(user))).json()
    assert "script_content" not in listed["items"][0], "a list never ships the script"


async def test_a_streamed_body_of_exactly_the_limit_is_accepted(service: Service) -> None:
    limit = service.settings.body_limit
    user = await new_user(service)
    prefix, suffix = b'{"title":"exactly the limit","script_content":"', b'"}'
    size = limit - len(prefix) - len(suffix)
    r = await service.client.post(
        f"{BASE}/scenarios",
        content=chunks(prefix, memoryview(filler(limit + 1))[:size], suffix),
        headers=auth(user) | {"Content-Type": "application/json"},
    )
    assert r.status_code == 201, r.text[:500]
    got = (
        await service.client.get(f"{BASE}/scenarios/{r.json()['id']}", headers=auth(user))
    ).json()
    assert len(got["script_content"]) == size and got["script_content"] == "a" * size


# -- 400: not JSON ----------------------------------------------------------------------------


def malformed(valid: Any) -> list[bytes]:
    """Broken variants of a body the route accepts, so only the syntax is wrong."""
    text = json.dumps(valid, ensure_ascii=False)
    good = text.encode()
    return [
        b"",
        b"   ",
        good[: len(good) // 2],
        good[:-1],
        good + b" trailing",
        good + good,
        good[:-1] + b",}",
        text.replace('"', "'").encode(),
        b"\xef\xbb\xbf" + good,
        b"NaN",
        b"{" + good,
        text.encode("utf-16"),
    ]


async def test_malformed_json_is_400_and_changes_nothing(world: World) -> None:
    before = await world.state()
    for write in world.writes():
        for content in malformed(write.valid):
            r = await world.send(
                write, content=content, headers={"Content-Type": "application/json"}
            )
            assert_problem(r, 400)
    assert await world.state() == before


async def test_a_truncated_body_is_400_even_if_its_first_field_is_wrong(world: World) -> None:
    before = await world.state()
    for name, content in (
        ("create scenario", b'{"title": 5, "tags": ["sales", "sup'),
        ("create role", b'{"title": "coach"} {"name": "n"}'),
        ("create session", b'{"start_time": "soon", "messages": [{"role": "us'),
    ):
        r = await world.send(
            world.write(name), content=content, headers={"Content-Type": "application/json"}
        )
        assert_problem(r, 400)
    assert await world.state() == before


async def test_a_body_that_is_not_utf8_is_400(world: World) -> None:
    before = await world.state()
    # Valid bodies with one string value broken: "@" becomes a byte that is not UTF-8.
    for name, body in (
        ("create scenario", {"title": "caf@"}),
        ("create role", {"name": "caf@"}),
        ("create user", {"id": world.probe, "username": "caf@"}),
        ("create session", {"start_time": START, "messages": ["caf@"]}),
        ("import", {"scenarios": [{"id": uid(), "title": "caf@"}]}),
        ("change scenario", {"title": "caf@"}),
        ("change role", {"name": "caf@"}),
        ("change profile", {"username": "caf@"}),
    ):
        for byte, media in (
            (b"\xe9", "application/json; charset=iso-8859-1"),
            (b"\xff\xfe", "application/json"),
            (b"\xed\xa0\x80", "application/json"),  # a UTF-16 surrogate, encoded as UTF-8
        ):
            content = json.dumps(body).encode().replace(b"@", byte)
            r = await world.send(
                world.write(name), content=content, headers={"Content-Type": media}
            )
            assert_problem(r, 400)
    assert await world.state() == before


async def test_an_import_with_a_byte_that_is_not_utf8_in_any_part_is_400(world: World) -> None:
    """The import decodes its items one by one from raw JSON: a bad byte in the profile (once a
    500) or in any item is still the whole body's fault, on every msgspec version."""
    before = await world.state()
    for body in (
        {"profile": {"username": "caf@"}},
        {"profile": {"settings": {"theme": "caf@"}}},
        {"scenarios": [{"id": "s1", "title": "caf@"}]},
        {"scenarios": [{"id": uid(), "title": "ok", "not_a_field": "caf@"}]},
        {"roles": [{"id": uid(), "name": "caf@"}]},
        {"sessions": [{"id": uid(), "start_time": START, "messages": ["caf@"]}]},
    ):
        content = json.dumps(body).encode().replace(b"@", b"\xff")
        r = await world.send(
            world.write("import"), content=content, headers={"Content-Type": "application/json"}
        )
        assert_problem(r, 400)
        assert "UTF-8" in r.json()["detail"], body
    assert await world.state() == before


async def test_json_nested_too_deep_is_refused_not_500(world: World) -> None:
    before = await world.state()
    deep = b"[" * 5000 + b"]" * 5000
    for name, content in (
        ("create session", b'{"start_time":"' + START.encode() + b'","messages":' + deep + b"}"),
        ("create scenario", b'{"title":"x","scoring_dimensions":' + deep + b"}"),
        ("change profile", b'{"settings":{"deep":' + deep + b"}}"),
    ):
        r = await world.send(
            world.write(name), content=content, headers={"Content-Type": "application/json"}
        )
        assert r.status_code in (400, 422), r.text
        assert_problem(r, r.status_code)
    assert await world.state() == before


# -- 422: wrong shapes, named by their JSON path ------------------------------------------------


def refusals(world: World) -> dict[str, list[tuple[Any, str]]]:
    """Per write: bodies that must be refused 422, with the path errors[0] must name."""
    s = {"start_time": START}
    u = {"id": world.probe}
    return {
        "create scenario": [
            ({"title": 5}, "$.title"),
            ({"title": "x", "bogus": 1}, "$.bogus"),
            ({"title": "x", "tags": ["ok", 1]}, "$.tags[1]"),
            ({"title": "x", "tags": ["ok", None]}, "$.tags[1]"),
            ({"title": "x", "tags": ["ok", ["nested"]]}, "$.tags[1]"),
            ({"title": "x", "tags": ["ok", ""]}, "$.tags[1]"),
            ({"title": "x", "tags": "sales,support"}, "$.tags"),
            ({"title": "x", "tags": {"0": "sales"}}, "$.tags"),
            ({"title": "x", "subtitle": "s" * 256}, "$.subtitle"),
            ({"title": "x", "script_content": 12}, "$.script_content"),
            ({"title": "x", "scoring_dimensions": "high"}, "$.scoring_dimensions"),
            ({"title": "x", "is_default": "no"}, "$.is_default"),
            ({"title": "x", "id": "a" * 37}, "$.id"),
            ({"title": "x", "id": "../etc/passwd"}, "$.id"),
            ({"title": "x", "user_id": 7}, "$.user_id"),
            ({}, "$"),
            ([{"title": "x"}], "$"),
            ("title", "$"),
        ],
        "create role": [
            ({"name": ["n"]}, "$.name"),
            ({"name": "n" * 101}, "$.name"),
            ({"name": "n", "title": "t" * 101}, "$.title"),
            ({"name": "n", "name_cn": "名" * 101}, "$.name_cn"),
            ({"name": "n", "focus_areas": "listening"}, "$.focus_areas"),
            ({"name": "n", "personality": 7}, "$.personality"),
            ({"name": "n", "avatar_url": "data:image/png;base64,iVBORw0KGgo="}, "$.avatar_url"),
            ({"name": "n", "avatar_url": "/" + "a" * 512}, "$.avatar_url"),
            ({"name": "n", "extra": True}, "$.extra"),
            ({"title": "no name"}, "$"),
        ],
        "create user": [
            (u | {"username": 5}, "$.username"),
            (u | {"username": "u" * 101}, "$.username"),
            (u | {"username": ""}, "$.username"),
            (u | {"settings": ["k"]}, "$.settings"),
            (u | {"settings": "dark"}, "$.settings"),
            (u | {"avatar_url": "data:image/png;base64,AAAA"}, "$.avatar_url"),
            (u | {"password": "hunter2"}, "$.password"),
            ({"id": "has space"}, "$.id"),
            ({"id": "x" * 37}, "$.id"),
        ],
        "create session": [
            ({"start_time": "yesterday"}, "$.start_time"),
            ({"start_time": 1714554000}, "$.start_time"),
            ({"start_time": "2024-05-01"}, "$.start_time"),
            ({"start_time": "2024-02-30T00:00:00Z"}, "$.start_time"),
            ({"score": 80}, "$"),
            (s | {"score": "80"}, "$.score"),
            (s | {"score": 80.5}, "$.score"),
            (s | {"score": 2**31}, "$.score"),
            (s | {"duration_seconds": -1}, "$.duration_seconds"),
            (s | {"messages": {"role": "user"}}, "$.messages"),
            (s | {"ai_analysis": "good"}, "$.ai_analysis"),
            (s | {"scenario_id": "s" * 37}, "$.scenario_id"),
            (s | {"role_id": 5}, "$.role_id"),
            (s | {"audio_url": "/" + "a" * 512}, "$.audio_url"),
            (s | {"transcript": []}, "$.transcript"),
        ],
        "import": [
            ({"scenarios": {}}, "$.scenarios"),
            ({"sessions": "none"}, "$.sessions"),
            ({"bogus": []}, "$.bogus"),
            ([], "$"),
        ],
        "change scenario": [
            ({"title": None}, "$.title"),
            ({"title": "t" * 256}, "$.title"),
            ({"tags": [1]}, "$.tags[0]"),
            ({"user_id": world.probe}, "$.user_id"),
            ({"is_default": True}, "$.is_default"),
        ],
        "change role": [
            ({"name": None}, "$.name"),
            ({"focus_areas": "x"}, "$.focus_areas"),
            ({"user_id": world.probe}, "$.user_id"),
        ],
        "change profile": [
            ({"username": 5}, "$.username"),
            ({"settings": "dark"}, "$.settings"),
            ({"id": "someone-else"}, "$.id"),
        ],
    }


async def test_wrong_types_and_unknown_fields_are_422_naming_the_path(world: World) -> None:
    before = await world.state()
    for name, cases in refusals(world).items():
        write = world.write(name)
        for body, path in cases:
            r = await world.send(write, body)
            problem = assert_problem(r, 422, path)
            assert problem["errors"][0]["message"], (name, body)
    assert await world.state() == before


async def test_an_unknown_field_is_named_in_the_message(world: World) -> None:
    r = await world.send(world.write("create scenario"), {"title": "x", "scenraio_id": "typo"})
    problem = assert_problem(r, 422, "$.scenraio_id")
    assert "scenraio_id" in problem["errors"][0]["message"]


async def test_titles_count_characters_up_to_255(service: Service) -> None:
    user = await new_user(service)
    before = await holdings(service, user)
    for title in ("a" * 256, "長" * 256, "😀" * 256):
        r = await service.client.post(
            f"{BASE}/scenarios", json={"title": title}, headers=auth(user)
        )
        assert_problem(r, 422, "$.title")
    assert await holdings(service, user) == before
    for title in ("a" * 255, "長" * 255, "😀" * 255, "👩‍💻" * 85, "é" * 200 + "x" * 55):
        made = await new_scenario(service, user, title=title, subtitle=title)
        got = await service.client.get(f"{BASE}/scenarios/{made['id']}", headers=auth(user))
        assert (got.json()["title"], got.json()["subtitle"]) == (title, title)
    assert (await holdings(service, user))["scenarios"] == before["scenarios"] + 5


async def test_names_count_characters_up_to_100(service: Service) -> None:
    name = "😀" * 92 + secrets.token_hex(4)
    user = await new_user(service, username=name)
    me = (await service.client.get(f"{BASE}/users/me", headers=auth(user))).json()
    assert me["username"] == name and len(name) == 100
    role = await new_role(service, user, name="名" * 100, name_cn="經" * 100, title="🎭" * 100)
    assert (role["name"], role["name_cn"], role["title"]) == ("名" * 100, "經" * 100, "🎭" * 100)
    r = await service.client.post(
        f"{BASE}/users", json={"username": "😀" * 101}, headers=service.admin()
    )
    assert_problem(r, 422, "$.username")


# -- TEXT columns: 65,535 bytes of UTF-8 --------------------------------------------------------

# ASCII, 2-, 3- and 4-byte characters: exactly 65,535 bytes, and one byte more.
AT_LIMIT = (
    "a" * TEXT_BYTES,
    "é" * 32767 + "a",
    "字" * 21845,
    "😀" * 16383 + "abc",
)
OVER_LIMIT = ("a" * (TEXT_BYTES + 1), "字" * 21845 + "a", "😀" * 16384)


async def test_a_text_field_over_65535_bytes_is_422_naming_it(world: World) -> None:
    before = await world.state()
    for kind, base, fields in (
        ("scenario", {"title": "t"}, SCENARIO_TEXTS),
        ("role", {"name": "n"}, ROLE_TEXTS),
    ):
        create, change = world.write(f"create {kind}"), world.write(f"change {kind}")
        for field in fields:
            for value in OVER_LIMIT:
                assert len(value.encode()) == TEXT_BYTES + 1
                r = await world.send(create, base | {field: value})
                problem = assert_problem(r, 422, f"$.{field}")
                assert "65535" in problem["errors"][0]["message"]
                assert_problem(await world.send(change, {field: value}), 422, f"$.{field}")
    assert await world.state() == before


async def test_a_text_field_of_exactly_65535_bytes_is_accepted(service: Service) -> None:
    user = await new_user(service)
    for value in AT_LIMIT:
        assert len(value.encode()) == TEXT_BYTES
        made = await new_scenario(service, user, **dict.fromkeys(SCENARIO_TEXTS, value))
        got = (
            await service.client.get(f"{BASE}/scenarios/{made['id']}", headers=auth(user))
        ).json()
        assert [got[f] for f in SCENARIO_TEXTS] == [value] * len(SCENARIO_TEXTS)
        role = await new_role(service, user, **dict.fromkeys(ROLE_TEXTS, value))
        got = (await service.client.get(f"{BASE}/roles/{role['id']}", headers=auth(user))).json()
        assert [got[f] for f in ROLE_TEXTS] == [value] * len(ROLE_TEXTS)


# -- SQL metacharacters -----------------------------------------------------------------------

TRICKY = (
    "'; DROP TABLE scenarios; --",
    "100% real",
    "snake_case_title",
    "back\\slash \\% \\_",
    'O\'Brien said "hi"',
    "Robert'); DELETE FROM users WHERE ('1'='1",
    ":name $1 %(title)s ? {title}",
)


async def test_sql_metacharacters_are_stored_verbatim_and_searched_literally(
    service: Service,
) -> None:
    user = await new_user(service)
    scenarios = {t: await new_scenario(service, user, title=t, tags=[t]) for t in TRICKY}
    roles = {t: await new_role(service, user, name=t, name_cn=t) for t in TRICKY}
    plain = await new_scenario(service, user, title="plain title")
    for t, made in scenarios.items():
        got = await service.client.get(f"{BASE}/scenarios/{made['id']}", headers=auth(user))
        assert (got.json()["title"], got.json()["tags"]) == (t, [t])
    for needle in ("%", "_", "\\", "'", '"', "; --", "\\%", "(title)", "$1", "?", "'1'='1"):
        for kind, param, made in (("scenarios", "title", scenarios), ("roles", "q", roles)):
            items = await every(service, kind, user, **{param: needle})
            key = "title" if kind == "scenarios" else "name"
            # Templates other tests create are visible too: every hit must contain the needle.
            assert all(needle in (i[key] or "") + (i.get("name_cn") or "") for i in items)
            own = {i["id"] for i in items if i["user_id"] == user["id"]}
            assert own == {made[t]["id"] for t in TRICKY if needle in t}, (kind, needle)
            assert plain["id"] not in own
    for t in TRICKY:
        tagged = await every(service, "scenarios", user, tag=t)
        assert [i["id"] for i in tagged if i["user_id"] == user["id"]] == [scenarios[t]["id"]]
    assert await every(service, "scenarios", user, tag="%") == []
    assert (await holdings(service, user))["scenarios"] == len(TRICKY) + 1


# -- U+0000 -----------------------------------------------------------------------------------


async def test_nul_in_a_text_field_is_422_naming_it(world: World) -> None:
    before = await world.state()
    nul = "before\u0000after"
    cases = {
        "create scenario": [
            ({"title": nul}, "$.title"),
            ({"title": "t", "subtitle": nul}, "$.subtitle"),
            ({"title": "t", "description": nul}, "$.description"),
            ({"title": "t", "script_content": nul}, "$.script_content"),
            ({"title": "t", "scoring_criteria": nul}, "$.scoring_criteria"),
            ({"title": "t", "tags": ["ok", nul]}, "$.tags[1]"),
        ],
        "create role": [
            ({"name": nul}, "$.name"),
            ({"name": "n", "name_cn": nul}, "$.name_cn"),
            ({"name": "n", "system_prompt_addon": nul}, "$.system_prompt_addon"),
        ],
        "create user": [({"id": world.probe, "username": nul}, "$.username")],
        "create session": [({"start_time": START, "scenario_id": nul}, "$.scenario_id")],
        "change scenario": [({"workflow": nul}, "$.workflow")],
        "change role": [({"generation_prompt": nul}, "$.generation_prompt")],
        "change profile": [({"username": nul}, "$.username")],
    }
    for name, bodies in cases.items():
        for body, path in bodies:
            assert_problem(await world.send(world.write(name), body), 422, path)
    for kind, param in (
        ("scenarios", "title"),
        ("scenarios", "tag"),
        ("roles", "name_cn"),
        ("roles", "q"),
        ("sessions", "scenario_id"),
        ("sessions", "role_id"),
    ):
        r = await world.svc.client.get(
            f"{BASE}/{kind}", params={param: nul}, headers=auth(world.user)
        )
        assert_problem(r, 422, f"query.{param}")
    assert await world.state() == before


async def test_nul_in_a_url_field_is_422_naming_it(world: World) -> None:
    before = await world.state()
    url = "/media/a\u0000b.wav"
    for name, body, path in (
        ("create session", {"start_time": START, "audio_url": url}, "$.audio_url"),
        ("create role", {"name": "n", "avatar_url": url}, "$.avatar_url"),
        ("change role", {"avatar_url": url}, "$.avatar_url"),
        ("create user", {"id": world.probe, "avatar_url": url}, "$.avatar_url"),
        ("change profile", {"avatar_url": url}, "$.avatar_url"),
    ):
        assert_problem(await world.send(world.write(name), body), 422, path)
    assert await world.state() == before


async def test_nul_inside_a_json_field_is_422_naming_it(world: World) -> None:
    before = await world.state()
    nul = "a\u0000b"
    for name, body, path in (
        (
            "create session",
            {"start_time": START, "messages": [{"role": "user", "content": nul}]},
            "$.messages[0].content",
        ),
        ("create session", {"start_time": START, "ai_analysis": {"note": nul}}, "$.ai_analysis"),
        ("change profile", {"settings": {"api_key": nul}}, "$.settings"),
        ("create role", {"name": "n", "focus_areas": [nul]}, "$.focus_areas"),
        ("change scenario", {"scoring_dimensions": {nul: 1}}, "$.scoring_dimensions"),
    ):
        r = await world.send(world.write(name), body)
        problem = assert_problem(r, 422)
        assert problem["errors"][0]["path"].startswith(path), (name, problem)
    assert await world.state() == before


# -- lists: cursor, limit, fields -------------------------------------------------------------


def cursor_of(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


GARBAGE_CURSORS = (
    "garbage!",
    "W1sxXV0",
    "%%%",
    "a",
    cursor_of({"created_at": "2024-01-01T00:00:00Z", "id": "x"}),
    cursor_of(["2024-01-01T00:00:00Z", 5]),
    cursor_of(["not a time", "x"]),
    cursor_of(["2024-01-01T00:00:00Z", "x", "extra"]),
    cursor_of([]),
    base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(),
    "A" * 4000,
)


async def test_a_garbage_cursor_is_400(world: World) -> None:
    for kind in LISTS:
        for cursor in GARBAGE_CURSORS:
            r = await world.svc.client.get(
                f"{BASE}/{kind}", params={"cursor": cursor}, headers=auth(world.user)
            )
            assert_problem(r, 400)


async def test_a_cursor_holding_a_nul_is_400(world: World) -> None:
    for kind in LISTS:
        r = await world.svc.client.get(
            f"{BASE}/{kind}",
            params={"cursor": cursor_of(["2024-01-01T00:00:00Z", "x\u0000"])},
            headers=auth(world.user),
        )
        assert_problem(r, 400)


async def test_a_bad_limit_is_422(world: World) -> None:
    for kind in LISTS:
        for limit in ("0", "-1", "201", "abc", "1.5", "1e2", "9" * 30):
            r = await world.svc.client.get(
                f"{BASE}/{kind}", params={"limit": limit}, headers=auth(world.user)
            )
            assert_problem(r, 422, "query.limit")
        for limit in ("1", "200"):
            r = await world.svc.client.get(
                f"{BASE}/{kind}", params={"limit": limit}, headers=auth(world.user)
            )
            assert r.status_code == 200, r.text


async def test_an_unknown_fields_name_is_422(world: World) -> None:
    for kind, unknown in (
        ("scenarios", "script_content"),
        ("scenarios", "title,nope"),
        ("roles", "system_prompt_addon"),
        ("sessions", "messages"),
        ("sessions", "id;DROP TABLE session_records"),
    ):
        r = await world.svc.client.get(
            f"{BASE}/{kind}", params={"fields": unknown}, headers=auth(world.user)
        )
        assert_problem(r, 422, "query.fields")


async def test_an_admin_user_id_holding_a_nul_is_422(service: Service) -> None:
    for url in (f"{BASE}/sessions", f"{BASE}/scenarios", f"{BASE}/scenarios/count"):
        r = await service.client.get(url, params={"user_id": "x\u0000"}, headers=service.admin())
        assert_problem(r, 422, "query.user_id")


# -- 415, 401, 404 ----------------------------------------------------------------------------


async def test_a_wrong_content_type_is_415(world: World) -> None:
    before = await world.state()
    for write in world.writes():
        body = json.dumps(write.valid).encode()
        for media in (
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml",
            "text/json",
        ):
            r = await world.send(write, content=body, headers={"Content-Type": media})
            assert_problem(r, 415)
    assert await world.state() == before


def bad_tokens(svc: Service) -> list[dict[str, str]]:
    other_secret = Tokens("another-secret-" + "y" * 40, ["roleplay", "chat"])
    return [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        svc.user("1", "chat"),
        {"Authorization": "Bearer " + svc.tokens.issue(role="admin", app="chat")},
        {
            "Authorization": "Bearer "
            + Tokens(SECRET, ["roleplay"]).issue(role="admin", app="roleplay", ttl=-60)
        },
        {"Authorization": "Bearer " + other_secret.issue(role="admin", app="roleplay")},
    ]


async def test_no_valid_token_is_401_on_every_route(world: World) -> None:
    before = await world.state()
    c = world.svc.client
    reads = [
        f"{BASE}/scenarios",
        f"{BASE}/scenarios/count",
        f"{BASE}/scenarios/{world.scenario['id']}",
        f"{BASE}/roles",
        f"{BASE}/roles/count",
        f"{BASE}/roles/{world.role['id']}",
        f"{BASE}/sessions",
        f"{BASE}/sessions/{world.session['id']}",
        f"{BASE}/users/me",
        f"{BASE}/users/{world.user['id']}",
    ]
    deletes = [
        f"{BASE}/scenarios/{world.scenario['id']}",
        f"{BASE}/roles/{world.role['id']}",
        f"{BASE}/sessions/{world.session['id']}",
    ]
    for headers in bad_tokens(world.svc):
        for url in reads:
            assert_problem(await c.get(url, headers=headers), 401)
        for url in deletes:
            assert_problem(await c.delete(url, headers=headers), 401)
        for write in world.writes():
            r = await c.request(write.method, write.url, json=write.valid, headers=headers)
            assert_problem(r, 401)
        r = await c.post(f"{BASE}/system/init_defaults", headers=headers)
        assert_problem(r, 401)
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert await world.state() == before


IMPOSSIBLE_IDS = (
    "a" * 37,
    "..%2F..%2Fusers%2Fme",
    "..%2Fcount",
    "%2E%2E",
    "場景-1",
    "%F0%9F%98%80",
    "a%00b",
    "a%20b",
    "-leading-dash",
    "x'%20OR%20'1'%3D'1",
)


async def test_unknown_and_impossible_ids_are_404(world: World) -> None:
    before = await world.state()
    c, headers = world.svc.client, auth(world.user)
    for row_id in (uid(), "a" * 36, *IMPOSSIBLE_IDS):
        for kind, body in (
            ("scenarios", {"title": "x"}),
            ("roles", {"name": "x"}),
            ("sessions", None),
        ):
            url = f"{BASE}/{kind}/{row_id}"
            assert_problem(await c.get(url, headers=headers), 404)
            assert_problem(await c.delete(url, headers=headers), 404)
            if body is not None:
                assert_problem(await c.patch(url, json=body, headers=headers), 404)
        for who in (headers, world.svc.admin()):
            assert_problem(await c.get(f"{BASE}/users/{row_id}", headers=who), 404)
    assert await world.state() == before


# -- start_time out of range ------------------------------------------------------------------


async def test_a_start_time_out_of_range_in_utc_is_422(world: World) -> None:
    before = await world.state()
    for start in ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+01:00"):
        r = await world.send(world.write("create session"), {"start_time": start})
        assert_problem(r, 422, "$.start_time")
    assert await world.state() == before


# -- the import: bad items are rejected one by one, by path -------------------------------------


async def test_import_rejects_bad_items_by_path_and_stores_none_of_them(world: World) -> None:
    before = await world.state()
    upload = {
        "profile": {"avatar_url": "data:image/png;base64,iVBORw0KGgo=", "bogus": 1},
        "scenarios": [
            {"id": uid(), "title": "t" * 256},
            {"id": uid(), "title": "t", "tags": ["ok", 1]},
            {"id": uid(), "title": "t", "description": "a" * (TEXT_BYTES + 1)},
            {"id": uid(), "title": "t\u0000"},
            {"title": "no id"},
            {"id": "x" * 37, "title": "t"},
            "not an object",
        ],
        "roles": [{"id": uid(), "name": 5}, {"id": uid(), "name": "n", "extra": True}],
        "sessions": [
            {"id": uid(), "start_time": "soon"},
            {"id": uid(), "start_time": START, "audio_url": "data:audio/wav;base64,UklGR"},
            {"id": uid(), "start_time": START, "score": 2**31},
        ],
    }
    r = await world.send(world.write("import"), upload)
    assert r.status_code == 200, r.text
    result = r.json()
    assert [x["path"] for x in result["profile"]["rejected"]] == ["$.profile.bogus"]
    assert not result["profile"]["updated"]
    expected = {
        "scenarios": [
            "$.scenarios[0].title",
            "$.scenarios[1].tags[1]",
            "$.scenarios[2].description",
            "$.scenarios[3].title",
            "$.scenarios[4]",
            "$.scenarios[5].id",
            "$.scenarios[6]",
        ],
        "roles": ["$.roles[0].name", "$.roles[1].extra"],
        "sessions": [
            "$.sessions[0].start_time",
            "$.sessions[1].audio_url",
            "$.sessions[2].score",
        ],
    }
    for kind, paths in expected.items():
        assert result[kind]["inserted"] == 0 and result[kind]["already_present"] == 0
        assert [x["path"] for x in result[kind]["rejected"]] == paths, kind
        assert all(x["reason"] for x in result[kind]["rejected"])
    assert await world.state() == before


async def test_import_rejects_a_start_time_out_of_range_alone(world: World) -> None:
    good = uid()
    r = await world.send(
        world.write("import"),
        {
            "sessions": [
                {"id": uid(), "start_time": "9999-12-31T23:59:59-05:00"},
                {"id": good, "start_time": START},
            ]
        },
    )
    assert r.status_code == 200, r.text
    sessions = r.json()["sessions"]
    assert sessions["inserted"] == 1
    assert [x["path"] for x in sessions["rejected"]] == ["$.sessions[0].start_time"]


async def test_import_rejects_a_transcript_holding_a_nul_alone(world: World) -> None:
    before = await world.state()
    good = uid()
    r = await world.send(
        world.write("import"),
        {
            "sessions": [
                {"id": uid(), "start_time": START, "messages": [{"content": "a\u0000b"}]},
                {"id": good, "start_time": START},
            ]
        },
    )
    assert r.status_code == 200, r.text
    sessions = r.json()["sessions"]
    assert sessions["inserted"] == 1
    assert [x["path"] for x in sessions["rejected"]] == ["$.sessions[0].messages[0].content"]
    after = await world.state()
    assert after["owned"]["session_ids"] == sorted([*before["owned"]["session_ids"], good])


# -- JSON depth across engines ----------------------------------------------------------------


def nested(levels: int) -> Any:
    """A JSON value `levels` containers deep, arrays and objects alternating."""
    deep: Any = "核心"
    for level in range(levels):
        deep = {"level": level, "next": deep} if level % 2 else [deep]
    return deep


async def test_json_nested_31_levels_round_trips_on_both_engines(service: Service) -> None:
    user = await new_user(service)
    deep = nested(30)  # inside messages' own array: 31 levels, MariaDB's json_valid() limit
    r = await service.client.post(
        f"{BASE}/sessions",
        json={"start_time": START, "messages": [deep], "ai_analysis": nested(31)},
        headers=auth(user),
    )
    assert r.status_code == 201, r.text
    got = (await service.client.get(f"{BASE}/sessions/{r.json()['id']}", headers=auth(user))).json()
    assert got["messages"] == [deep] and got["ai_analysis"] == nested(31)


async def test_json_nested_32_levels_is_refused_alike_with_its_path(service: Service) -> None:
    user = await new_user(service)
    before = await list_all(service, "sessions", user)
    r = await service.client.post(
        f"{BASE}/sessions",
        json={"start_time": START, "ai_analysis": nested(32)},
        headers=auth(user),
    )
    body = assert_problem(r, 422)
    assert body["errors"][0]["path"].startswith("$.ai_analysis")
    assert "31 levels" in body["errors"][0]["message"]
    assert await list_all(service, "sessions", user) == before
