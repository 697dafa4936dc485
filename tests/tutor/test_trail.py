"""The audit trail: every change has its row, written in the change's transaction, so a change
that fails half-way leaves neither."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from service.apps.tutor import store
from service.apps.tutor.models import ProfilePatch
from service.bodies import changes
from service.db import Database
from service.pages import FAR_FUTURE
from tests.conftest import Service
from tests.tutor.support import BASE, assert_problem, auth, every, new_profile, pid, trail


class Boom(Exception):
    """Stands for anything failing after the change and its trail row were written."""


def _patch(**fields: Any) -> dict[str, Any]:
    params = changes(ProfilePatch(**fields))
    return params | {"set_created_at": False, "created_at": None, "updated_at": None}


async def _audit_rows(db: Database, profile: str) -> list[dict[str, Any]]:
    async with db.transaction() as tx:
        return await _audit_rows_in(tx, profile)


async def test_an_update_killed_after_its_trail_row_leaves_neither(
    service: Service, db: Database
) -> None:
    kid = await new_profile(service, school="Old School")
    before = await _audit_rows(db, kid["id"])
    with pytest.raises(Boom):
        async with db.transaction() as tx:
            row = await store.update_profile(tx, kid["id"], _patch(school="New"), "system")
            assert row is not None and row["school"] == "New"
            assert len(await _audit_rows_in(tx, kid["id"])) == len(before) + 1
            raise Boom
    r = await service.client.get(f"{BASE}/profiles/{kid['id']}", headers=auth(kid))
    assert r.json()["school"] == "Old School"
    assert await _audit_rows(db, kid["id"]) == before


async def _audit_rows_in(tx: Any, profile: str) -> list[dict[str, Any]]:
    """Read inside a transaction: what it has written and not yet committed shows."""
    return list(
        await tx.q.list_profile_audit(
            profile_id=profile,
            table_name=None,
            record_id=None,
            action=None,
            changed_by=None,
            since=None,
            until=None,
            before_changed_at=FAR_FUTURE,
            before_id=2**31 - 1,
            limit=1000,
        )
    )


async def test_words_whose_transaction_fails_in_the_database_leave_no_trail(
    service: Service, db: Database
) -> None:
    kid = await new_profile(service)
    with pytest.raises(Exception) as failed:
        async with db.transaction() as tx:
            added, _ = await store.add_words(
                tx, kid["id"], [("狗", "zh", None), ("dog", "en", None)], "system"
            )
            assert len(added) == 2
            # The database itself refuses the next statement: a taken profile id.
            params = {"id": kid["id"], "name": "dup"}
            await store.create_profile(tx, _new(params), "system")
    assert not isinstance(failed.value, AssertionError)
    assert await every(service, f"profiles/{kid['id']}/words", kid) == []
    assert [a["table_name"] for a in await _audit_rows(db, kid["id"])] == ["profiles"]


def _new(fields: dict[str, Any]) -> dict[str, Any]:
    names = (
        "dob gender address school neighborhood interests character_roster verbal_fluency"
        " passive_language_level mental_age raw_input extracted_data created_at updated_at"
    ).split()
    return {n: None for n in names} | fields


async def test_a_create_and_a_delete_killed_half_way_leave_neither(
    service: Service, db: Database
) -> None:
    fresh = pid()
    with pytest.raises(Boom):
        async with db.transaction() as tx:
            await store.create_profile(tx, _new({"id": fresh, "name": "n"}), "admin")
            raise Boom
    assert await _audit_rows(db, fresh) == []
    assert_problem(
        await service.client.get(f"{BASE}/profiles/{fresh}", headers=service.admin()), 404
    )
    kid = await new_profile(service)
    await service.client.post(
        f"{BASE}/profiles/{kid['id']}/words",
        json={"word": "貓", "language": "zh"},
        headers=auth(kid),
    )
    before = await _audit_rows(db, kid["id"])
    with pytest.raises(Boom):
        async with db.transaction() as tx:
            assert await store.delete_profile(tx, kid["id"], "admin")
            raise Boom
    assert await _audit_rows(db, kid["id"]) == before
    assert len(await every(service, f"profiles/{kid['id']}/words", kid)) == 1


async def test_every_kind_of_change_has_its_row(service: Service) -> None:
    kid = await new_profile(service)
    base = f"{BASE}/profiles/{kid['id']}"
    h = auth(kid)
    w = (
        await service.client.post(
            f"{base}/words", json={"word": "sun", "language": "en"}, headers=h
        )
    ).json()
    g = (
        await service.client.post(f"{base}/grammar", json={"grammar_uri": "g://1"}, headers=h)
    ).json()
    c = (
        await service.client.post(
            f"{base}/cards", json={"card_type": "t", "content": {}}, headers=h
        )
    ).json()
    await service.client.post(
        f"{base}/messages", json=[{"role": "user", "content": "a"}], headers=h
    )
    await service.client.patch(base, json={"gender": "f"}, headers=h)
    for path, item in (("words", w), ("grammar", g), ("cards", c)):
        r = await service.client.delete(f"{base}/{path}/{item['added'][0]['id']}", headers=h)
        assert r.status_code == 204, r.text
    r = await service.client.delete(f"{base}/messages", headers=h)
    assert r.json() == {"deleted": 1}
    rows = await trail(service, kid["id"])
    seen = sorted((a["table_name"], a["action"]) for a in rows)
    assert seen == sorted(
        [
            ("profiles", "INSERT"),
            ("profiles", "UPDATE"),
            ("mastered_words", "INSERT"),
            ("mastered_words", "DELETE"),
            ("mastered_grammar", "INSERT"),
            ("mastered_grammar", "DELETE"),
            ("approved_cards", "INSERT"),
            ("approved_cards", "DELETE"),
            ("chat_messages", "INSERT"),
            ("chat_messages", "DELETE"),
        ]
    )
    assert {a["changed_by"] for a in rows} == {"admin", "user"}
    word_insert = next(
        a for a in rows if a["table_name"] == "mastered_words" and a["action"] == "INSERT"
    )
    assert word_insert["old_value"] is None and word_insert["new_value"]["word"] == "sun"
    assert word_insert["record_id"] == str(w["added"][0]["id"])


async def test_trail_filters_and_pages(service: Service) -> None:
    kid = await new_profile(service)
    base = f"{BASE}/profiles/{kid['id']}"
    words = [{"word": f"w{i}", "language": "en"} for i in range(7)]
    await service.client.post(f"{base}/words", json=words, headers=auth(kid))
    inserts = await trail(service, kid["id"], table="mastered_words", limit=3)
    assert len(inserts) == 7 and len({a["id"] for a in inserts}) == 7
    ids = [a["id"] for a in inserts]
    assert ids == sorted(ids, reverse=True)
    one = await trail(
        service, kid["id"], record_id=str(inserts[0]["record_id"]), table="mastered_words"
    )
    assert len(one) == 1
    assert await trail(service, kid["id"], changed_by="migration") == []
    stamp = inserts[0]["changed_at"]
    assert len(await trail(service, kid["id"], since=stamp, table="mastered_words")) >= 1
    assert await trail(service, kid["id"], until="2000-01-01T00:00:00Z") == []
    everyone = await every(
        service, "audit", service.admin(), table="profiles", action="INSERT", limit=200
    )
    assert any(a["record_id"] == kid["id"] for a in everyone)
    for bad in ({"action": "MERGE"}, {"since": "yesterday"}, {"table": "a\x00b"}, {"limit": "0"}):
        r = await service.client.get(f"{base}/audit", params=bad, headers=auth(kid))
        assert_problem(r, 422)
    r = await service.client.get(f"{base}/audit", params={"cursor": "garbage!"}, headers=auth(kid))
    assert_problem(r, 400)


async def test_concurrent_adds_of_one_word_make_one_row_and_one_trail_row(service: Service) -> None:
    kid = await new_profile(service)
    url = f"{BASE}/profiles/{kid['id']}/words"
    body = {"word": "長頸鹿", "language": "zh"}
    answers = await asyncio.gather(
        *(service.client.post(url, json=body, headers=auth(kid)) for _ in range(50))
    )
    assert [r.status_code for r in answers] == [200] * 50, [
        r.text for r in answers if r.status_code != 200
    ]
    added = [r.json()["added"] for r in answers]
    assert sum(len(a) for a in added) == 1
    assert sum(len(r.json()["already_mastered"]) for r in answers) == 49
    assert len(await every(service, f"profiles/{kid['id']}/words", kid)) == 1
    assert len(await trail(service, kid["id"], table="mastered_words")) == 1


async def test_a_retried_append_with_its_idempotency_key_writes_once(service: Service) -> None:
    kid = await new_profile(service)
    url = f"{BASE}/profiles/{kid['id']}/messages"
    body = [{"role": "user", "content": "我喜歡恐龍"}, {"role": "assistant", "content": "Me too!"}]
    headers = auth(kid) | {"Idempotency-Key": f"k-{kid['id']}"}
    first = await service.client.post(url, json=body, headers=headers)
    again = await service.client.post(url, json=body, headers=headers)
    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json()
    assert len(await every(service, f"profiles/{kid['id']}/messages", kid)) == 2
    assert len(await trail(service, kid["id"], table="chat_messages")) == 2
