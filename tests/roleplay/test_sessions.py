"""Session records (seed 000, session_records), on both engines, as a client uses them: create,
list, read, delete; start_time in UTC to the second; the transcript as JSON; tenancy."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from tests.conftest import Service
from tests.roleplay.support import (
    BASE,
    assert_problem,
    auth,
    holdings,
    list_pages,
    new_session,
    new_user,
    uid,
)

SESSIONS = f"{BASE}/sessions"

TRANSCRIPT: list[Any] = [
    {"role": "system", "content": "你是一位嚴格的面試官。", "timestamp": 1714554000},
    {"role": "assistant", "content": "請先做個自我介紹 🙂", "timestamp": 1714554005},
    {
        "role": "user",
        "content": "大家好，我叫王小明 👩‍💻🇹🇼 — «café» naïve 한국어 العربية 日本語テキスト",
        "timestamp": 1714554030,
        "meta": {"lang": ["zh-TW", "en"], "confidence": 0.875, "final": True, "note": None},
    },
    {"role": "user", "content": "tabs\tnewlines\n quotes \"' backslash \\ and \u2028 too"},
    ["nested", ["lists", 3, -1.5, False, None, {}], []],
]
ANALYSIS: dict[str, Any] = {
    "總分": 87,
    "dimensions": {"溝通": 4.5, "邏輯": 4, "empathy 💡": None},
    "strengths": ["清楚", "有條理 ✅"],
    "feedback": "整體表現良好；建議多舉例。\nNext time: slow down 🐢.",
    "flags": [],
}


async def every(
    svc: Service, path: str, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    """Every item of a list, all pages followed."""
    return [item for page in await list_pages(svc, path, headers, **params) for item in page]


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def tag() -> str:
    """A short prefix for client-supplied ids, unique to the calling test."""
    return secrets.token_hex(4)


async def get(svc: Service, session_id: str, headers: dict[str, str]) -> Any:
    return await svc.client.get(f"{SESSIONS}/{session_id}", headers=headers)


# -- create -----------------------------------------------------------------------------------


async def test_a_session_gets_a_generated_id_and_belongs_to_the_caller(service: Service) -> None:
    user = await new_user(service)
    made = await new_session(
        service,
        user,
        scenario_id="scenario-1",
        role_id="role-1",
        score=92,
        duration_seconds=1800,
        audio_url="https://cdn.example.com/audio/2024/05/01/take-1.wav",
    )
    assert uuid.UUID(made["id"]).version == 4
    assert made["user_id"] == user["id"]
    assert (made["scenario_id"], made["role_id"], made["score"], made["duration_seconds"]) == (
        "scenario-1",
        "role-1",
        92,
        1800,
    )
    assert made["audio_url"] == "https://cdn.example.com/audio/2024/05/01/take-1.wav"
    assert made["created_at"].endswith("Z") and made["updated_at"].endswith("Z")
    r = await get(service, made["id"], auth(user))
    assert r.status_code == 200 and r.json() == made


async def test_a_client_supplied_id_is_kept_and_a_taken_one_is_409(service: Service) -> None:
    user, other = await new_user(service), await new_user(service)
    session_id = uid()
    made = await new_session(service, user, id=session_id, score=10)
    assert made["id"] == session_id
    for who in (user, other):
        r = await service.client.post(
            SESSIONS,
            json={"id": session_id, "start_time": "2024-01-01T00:00:00Z", "score": 99},
            headers=auth(who),
        )
        assert_problem(r, 409, "$.id")
    r = await get(service, session_id, auth(user))
    assert r.json() == made, "a refused duplicate leaves the first session as it was"
    assert (await holdings(service, other))["sessions"] == 0


async def test_start_time_with_an_offset_is_stored_in_utc(service: Service) -> None:
    user = await new_user(service)
    taipei = await new_session(service, user, start_time="2024-03-10T18:30:45+08:00")
    assert taipei["start_time"] == "2024-03-10T10:30:45Z"
    new_york = await new_session(service, user, start_time="2024-03-10T06:00:00-05:00")
    assert new_york["start_time"] == "2024-03-10T11:00:00Z"
    r = await get(service, taipei["id"], auth(user))
    assert r.json()["start_time"] == "2024-03-10T10:30:45Z"
    # Ordered by the instant, not by the wall-clock text that was sent (18:30 > 06:00).
    listed = await every(service, "sessions", user)
    assert [(s["id"], s["start_time"]) for s in listed] == [
        (new_york["id"], "2024-03-10T11:00:00Z"),
        (taipei["id"], "2024-03-10T10:30:45Z"),
    ]


async def test_fractions_of_a_second_are_dropped_not_rounded(service: Service) -> None:
    user = await new_user(service)
    for sent, stored in (
        ("2024-03-10T10:30:45.999Z", "2024-03-10T10:30:45Z"),
        ("2024-03-10T10:30:46.5+02:00", "2024-03-10T08:30:46Z"),
        ("2024-12-31T23:59:59.999999Z", "2024-12-31T23:59:59Z"),
        ("2024-03-10T10:30:47.000001", "2024-03-10T10:30:47Z"),
    ):
        made = await new_session(service, user, start_time=sent)
        assert made["start_time"] == stored, sent
        r = await get(service, made["id"], auth(user))
        assert r.json()["start_time"] == stored, sent


async def test_a_start_time_without_an_offset_is_utc(service: Service) -> None:
    user = await new_user(service)
    made = await new_session(service, user, start_time="2024-07-01T23:15:00")
    assert made["start_time"] == "2024-07-01T23:15:00Z"
    listed = await every(service, "sessions", user)
    assert [s["start_time"] for s in listed] == ["2024-07-01T23:15:00Z"]


async def test_transcript_and_analysis_round_trip_with_unicode(service: Service) -> None:
    user = await new_user(service)
    made = await new_session(service, user, messages=TRANSCRIPT, ai_analysis=ANALYSIS)
    assert made["messages"] == TRANSCRIPT and made["ai_analysis"] == ANALYSIS
    r = await get(service, made["id"], auth(user))
    assert r.json()["messages"] == TRANSCRIPT
    assert r.json()["ai_analysis"] == ANALYSIS
    # An analysis may also be a list, and both may be left out.
    bare = await new_session(service, user, ai_analysis=[{"維度": "語氣", "分數": 3}])
    assert bare["ai_analysis"] == [{"維度": "語氣", "分數": 3}] and bare["messages"] is None


# -- list -------------------------------------------------------------------------------------


async def test_the_list_shows_only_own_sessions_latest_start_first(service: Service) -> None:
    me, other = await new_user(service), await new_user(service)
    middle = await new_session(service, me, start_time="2024-02-02T10:00:00Z")
    latest = await new_session(service, me, start_time="2024-03-03T10:00:00Z")
    earliest = await new_session(service, me, start_time="2024-01-01T10:00:00Z")
    theirs = await new_session(service, other, start_time="2024-02-15T10:00:00Z")
    listed = await every(service, "sessions", me)
    assert ids(listed) == [latest["id"], middle["id"], earliest["id"]]
    assert theirs["id"] not in ids(listed)
    assert ids(await every(service, "sessions", other)) == [theirs["id"]]


async def test_pages_follow_next_cursor_and_return_every_session_once(service: Service) -> None:
    user = await new_user(service)
    p = tag()
    # Three share one start_time: the id breaks the tie (descending), across page edges too.
    made = [
        await new_session(service, user, id=f"{p}-{n}", start_time=start)
        for n, start in (
            ("a", "2024-01-01T08:00:00Z"),
            ("b", "2024-01-02T08:00:00Z"),
            ("c", "2024-01-02T08:00:00Z"),
            ("d", "2024-01-02T08:00:00Z"),
            ("e", "2024-01-03T08:00:00Z"),
            ("f", "2024-01-04T08:00:00Z"),
            ("g", "2024-01-05T08:00:00Z"),
        )
    ]
    for limit in (1, 2, 3, 7):
        pages = [ids(page) for page in await list_pages(service, "sessions", user, limit=limit)]
        assert all(len(page) == limit for page in pages[:-1]) and 0 < len(pages[-1]) <= limit
        seen = [session_id for page in pages for session_id in page]
        assert seen == [f"{p}-{n}" for n in "gfedcba"], limit
    assert {m["id"] for m in made} == set(seen)


async def test_pages_stay_stable_when_sessions_are_added_between_pages(service: Service) -> None:
    user = await new_user(service)
    p = tag()
    for n, start in (
        ("b", "2024-05-01T08:00:00Z"),
        ("c", "2024-05-02T08:00:00Z"),
        ("d", "2024-05-02T08:00:00Z"),
        ("e", "2024-05-03T08:00:00Z"),
        ("f", "2024-05-04T08:00:00Z"),
    ):
        await new_session(service, user, id=f"{p}-{n}", start_time=start)
    r = await service.client.get(SESSIONS, params={"limit": 2}, headers=auth(user))
    first = r.json()
    assert ids(first["items"]) == [f"{p}-f", f"{p}-e"]
    # Added while the client reads: newer than page one, at page one's last start_time with a
    # higher id, and older than everything.
    await new_session(service, user, id=f"{p}-z-new", start_time="2024-06-01T08:00:00Z")
    await new_session(service, user, id=f"{p}-ez", start_time="2024-05-03T08:00:00Z")
    await new_session(service, user, id=f"{p}-a-old", start_time="2024-04-01T08:00:00Z")
    rest = await every(service, "sessions", user, limit=2, cursor=first["next_cursor"])
    assert ids(rest) == [f"{p}-d", f"{p}-c", f"{p}-b", f"{p}-a-old"]


async def test_the_list_filters_by_scenario_and_role(service: Service) -> None:
    user, other = await new_user(service), await new_user(service)
    s1, s2, r1, r2 = (f"{name}-{tag()}" for name in ("sc", "sc", "ro", "ro"))
    one_one = await new_session(service, user, scenario_id=s1, role_id=r1)
    one_two = await new_session(service, user, scenario_id=s1, role_id=r2)
    two_one = await new_session(service, user, scenario_id=s2, role_id=r1)
    await new_session(service, user)
    await new_session(service, other, scenario_id=s1, role_id=r1)

    async def listed(**params: str) -> set[str]:
        return set(ids(await every(service, "sessions", user, **params)))

    assert await listed(scenario_id=s1) == {one_one["id"], one_two["id"]}
    assert await listed(role_id=r1) == {one_one["id"], two_one["id"]}
    assert await listed(scenario_id=s1, role_id=r2) == {one_two["id"]}
    assert await listed(scenario_id=s2, role_id=r2) == set()
    assert await listed(scenario_id=f"missing-{tag()}") == set()


async def test_fields_trims_list_items_and_a_list_never_ships_transcripts(
    service: Service,
) -> None:
    user = await new_user(service)
    made = await new_session(service, user, score=70, messages=TRANSCRIPT, ai_analysis=ANALYSIS)
    full = (await service.client.get(SESSIONS, headers=auth(user))).json()["items"]
    assert set(full[0]) == {
        "id",
        "user_id",
        "scenario_id",
        "role_id",
        "start_time",
        "score",
        "duration_seconds",
        "audio_url",
        "created_at",
    }
    r = await service.client.get(
        SESSIONS, params={"fields": "score,start_time"}, headers=auth(user)
    )
    assert r.status_code == 200, r.text
    assert r.json()["items"] == [{"id": made["id"], "score": 70, "start_time": made["start_time"]}]
    r = await service.client.get(SESSIONS, params={"fields": "messages"}, headers=auth(user))
    assert_problem(r, 422, "query.fields")


# -- read and delete --------------------------------------------------------------------------


async def test_get_returns_the_whole_session(service: Service) -> None:
    user = await new_user(service)
    made = await new_session(
        service, user, scenario_id="s", role_id="r", score=-5, messages=TRANSCRIPT
    )
    r = await get(service, made["id"], auth(user))
    assert r.status_code == 200
    assert r.json() == made
    assert set(made) == {
        "id",
        "user_id",
        "scenario_id",
        "role_id",
        "start_time",
        "score",
        "duration_seconds",
        "messages",
        "ai_analysis",
        "audio_url",
        "created_at",
        "updated_at",
    }


async def test_delete_is_204_then_the_session_is_gone(service: Service) -> None:
    user = await new_user(service)
    kept = await new_session(service, user)
    gone = await new_session(service, user)
    url = f"{SESSIONS}/{gone['id']}"
    r = await service.client.delete(url, headers=auth(user))
    assert r.status_code == 204 and r.content == b""
    assert_problem(await service.client.get(url, headers=auth(user)), 404)
    assert_problem(await service.client.delete(url, headers=auth(user)), 404)
    assert ids(await every(service, "sessions", user)) == [kept["id"]]


# -- tenancy and admin ------------------------------------------------------------------------


async def test_another_users_session_is_404_and_survives(service: Service) -> None:
    owner, intruder = await new_user(service), await new_user(service)
    made = await new_session(service, owner, messages=TRANSCRIPT)
    url = f"{SESSIONS}/{made['id']}"
    assert_problem(await service.client.get(url, headers=auth(intruder)), 404)
    assert_problem(await service.client.delete(url, headers=auth(intruder)), 404)
    # Naming the owner does not help a user: only an admin acts for someone else.
    r = await service.client.delete(url, params={"user_id": owner["id"]}, headers=auth(intruder))
    assert_problem(r, 403)
    r = await service.client.get(SESSIONS, params={"user_id": owner["id"]}, headers=auth(intruder))
    assert_problem(r, 403)
    assert made["id"] not in ids(await every(service, "sessions", intruder))
    r = await get(service, made["id"], auth(owner))
    assert r.status_code == 200 and r.json() == made


async def test_an_admin_must_say_whose_session_it_is(service: Service) -> None:
    user = await new_user(service)
    session_id = uid()
    r = await service.client.post(
        SESSIONS,
        json={"id": session_id, "start_time": "2024-01-01T00:00:00Z"},
        headers=service.admin(),
    )
    assert_problem(r, 422)
    assert_problem(await get(service, session_id, service.admin()), 404)
    r = await service.client.post(
        SESSIONS,
        json={"id": session_id, "user_id": user["id"], "start_time": "2024-01-01T00:00:00Z"},
        headers=service.admin(),
    )
    assert r.status_code == 201, r.text
    assert r.json()["user_id"] == user["id"]
    assert ids(await every(service, "sessions", user)) == [session_id]


async def test_an_admin_lists_one_users_sessions_with_user_id(service: Service) -> None:
    a, b = await new_user(service), await new_user(service)
    a1 = await new_session(service, a, start_time="2024-01-01T00:00:00Z")
    a2 = await new_session(service, a, start_time="2024-01-02T00:00:00Z")
    await new_session(service, b)
    listed = await every(service, "sessions", service.admin(), user_id=a["id"])
    assert ids(listed) == [a2["id"], a1["id"]]
    r = await get(service, a1["id"], service.admin())
    assert r.status_code == 200 and r.json() == a1


async def test_an_audio_data_url_is_refused_and_nothing_is_stored(service: Service) -> None:
    user = await new_user(service)
    before = await holdings(service, user)
    for audio in ("data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEA", "DATA:audio/wav,x"):
        r = await service.client.post(
            SESSIONS,
            json={"start_time": "2024-01-01T00:00:00Z", "audio_url": audio},
            headers=auth(user),
        )
        body = assert_problem(r, 422, "$.audio_url")
        assert "upload" in body["errors"][0]["message"]
    assert await holdings(service, user) == before
    made = await new_session(service, user, audio_url="/audio/take-2.wav")
    assert made["audio_url"] == "/audio/take-2.wav"


async def test_a_user_cannot_record_a_session_for_another_user(service: Service) -> None:
    me, other = await new_user(service), await new_user(service)
    mine, theirs = await holdings(service, me), await holdings(service, other)
    session_id = uid()
    r = await service.client.post(
        SESSIONS,
        json={"id": session_id, "user_id": other["id"], "start_time": "2024-01-01T00:00:00Z"},
        headers=auth(me),
    )
    assert_problem(r, 403)
    assert await holdings(service, me) == mine and await holdings(service, other) == theirs
    assert_problem(await get(service, session_id, service.admin()), 404)
    # Naming oneself is allowed.
    made = await new_session(service, me, user_id=me["id"])
    assert made["user_id"] == me["id"]


async def test_a_token_for_a_user_that_does_not_exist_is_422_naming_user_id(
    service: Service,
) -> None:
    ghost = service.user(f"ghost-{tag()}", "roleplay")
    session_id = uid()
    r = await service.client.post(
        SESSIONS, json={"id": session_id, "start_time": "2024-01-01T00:00:00Z"}, headers=ghost
    )
    assert_problem(r, 422, "$.user_id")
    assert_problem(await get(service, session_id, service.admin()), 404)
    r = await service.client.get(SESSIONS, headers=ghost)
    assert r.status_code == 200 and r.json() == {"items": [], "next_cursor": None}
