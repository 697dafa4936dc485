"""Tutor profiles: an admin creates them, a profile's token sees and changes only itself."""

from __future__ import annotations

from tests.conftest import Service
from tests.tutor.support import BASE, assert_problem, auth, new_profile, pid, trail

FULL = {
    "name": "王小明 Tommy",
    "dob": "2018-04-09",
    "gender": "male",
    "address": "台北市大安區",
    "school": "Sunshine Kindergarten",
    "neighborhood": "Da'an",
    "interests": ["dinosaurs", "恐龍", "trains"],
    "character_roster": [{"name": "Pei Pei", "kind": "panda"}, "Mr. Owl"],
    "verbal_fluency": "chatty",
    "passive_language_level": "B1",
    "mental_age": 6.3,
    "raw_input": "Tommy loves dinosaurs.\n他喜歡恐龍。",
    "extracted_data": {"likes": ["dinosaurs"], "siblings": 1, "nested": {"a": [1, 2]}},
}


async def test_admin_creates_a_profile_with_every_column_as_json(service: Service) -> None:
    given = pid()
    r = await service.client.post(
        f"{BASE}/profiles", json={"id": given, **FULL}, headers=service.admin()
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["id"] == given
    for key, value in FULL.items():
        assert body[key] == value, key
    assert body["created_at"].endswith("Z") and body["updated_at"].endswith("Z")
    got = await service.client.get(f"{BASE}/profiles/{given}", headers=service.user(given, "tutor"))
    assert got.status_code == 200 and got.json() == body


async def test_a_generated_id_and_only_admins_create(service: Service) -> None:
    r = await service.client.post(f"{BASE}/profiles", json={"name": "A"}, headers=service.admin())
    assert r.status_code == 201, r.text
    assert len(r.json()["id"]) == 36 and r.json()["interests"] is None
    kid = await new_profile(service)
    r = await service.client.post(f"{BASE}/profiles", json={"name": "B"}, headers=auth(kid))
    assert_problem(r, 403)


async def test_a_taken_id_is_409_and_leaves_no_trail(service: Service) -> None:
    kid = await new_profile(service)
    before = await trail(service, kid["id"])
    r = await service.client.post(
        f"{BASE}/profiles", json={"id": kid["id"], "name": "again"}, headers=service.admin()
    )
    assert_problem(r, 409, "$.id")
    assert await trail(service, kid["id"]) == before


async def test_another_profiles_rows_are_404(service: Service) -> None:
    mine, other = await new_profile(service), await new_profile(service)
    for method in ("GET", "DELETE"):
        r = await service.client.request(
            method, f"{BASE}/profiles/{other['id']}", headers=auth(mine)
        )
        assert_problem(r, 404)
    r = await service.client.patch(
        f"{BASE}/profiles/{other['id']}", json={"name": "x"}, headers=auth(mine)
    )
    assert_problem(r, 404)
    for path in ("words", "grammar", "cards", "messages", "audit"):
        r = await service.client.get(f"{BASE}/profiles/{other['id']}/{path}", headers=auth(mine))
        assert_problem(r, 404)
    r = await service.client.post(
        f"{BASE}/profiles/{other['id']}/words",
        json={"word": "cat", "language": "en"},
        headers=auth(mine),
    )
    assert_problem(r, 404)
    r = await service.client.get(f"{BASE}/profiles", headers=auth(mine))
    assert_problem(r, 403)
    r = await service.client.get(f"{BASE}/audit", headers=auth(mine))
    assert_problem(r, 403)


async def test_patch_sets_what_is_sent_and_trails_old_and_new(service: Service) -> None:
    kid = await new_profile(service, **FULL)
    before = (await service.client.get(f"{BASE}/profiles/{kid['id']}", headers=auth(kid))).json()
    r = await service.client.patch(
        f"{BASE}/profiles/{kid['id']}",
        json={"school": None, "interests": ["rockets"], "mental_age": 7},
        headers=auth(kid),
    )
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["school"] is None and after["interests"] == ["rockets"]
    assert after["mental_age"] == 7 and after["name"] == FULL["name"]
    assert after["created_at"] == before["created_at"]
    assert after["updated_at"] > before["updated_at"]
    update = (await trail(service, kid["id"], action="UPDATE"))[0]
    assert update["table_name"] == "profiles" and update["record_id"] == kid["id"]
    assert update["changed_by"] == "user"
    assert update["old_value"]["school"] == FULL["school"]
    assert update["old_value"]["interests"] == FULL["interests"]
    assert update["new_value"]["school"] is None
    assert update["new_value"]["interests"] == ["rockets"]
    assert update["old_value"]["extracted_data"] == FULL["extracted_data"]


async def test_list_profiles_pages_newest_first(service: Service) -> None:
    made = [(await new_profile(service))["id"] for _ in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        r = await service.client.get(f"{BASE}/profiles", params=params, headers=service.admin())
        assert r.status_code == 200, r.text
        seen += [p["id"] for p in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    positions = [seen.index(m) for m in made]
    assert positions == sorted(positions, reverse=True)


async def test_delete_cascades_and_the_trail_shows_what_went(service: Service) -> None:
    kid = await new_profile(service)
    base = f"{BASE}/profiles/{kid['id']}"
    words = [{"word": "蘋果", "language": "zh"}, {"word": "apple", "language": "en"}]
    assert (await service.client.post(f"{base}/words", json=words, headers=auth(kid))).is_success
    grammar = {"grammar_uri": "grammar://zh/ba"}
    assert (
        await service.client.post(f"{base}/grammar", json=grammar, headers=auth(kid))
    ).is_success
    card = {"card_type": "vocab", "content": {"front": "蘋果", "back": "apple"}}
    assert (await service.client.post(f"{base}/cards", json=card, headers=auth(kid))).is_success
    message = {"role": "user", "content": "hi"}
    assert (
        await service.client.post(f"{base}/messages", json=message, headers=auth(kid))
    ).is_success
    r = await service.client.delete(base, headers=service.admin())
    assert r.status_code == 204, r.text
    assert_problem(await service.client.get(base, headers=service.admin()), 404)
    deletes = await trail(service, kid["id"], action="DELETE")
    tables = sorted(d["table_name"] for d in deletes)
    assert tables == sorted(
        ["profiles", "mastered_words", "mastered_words", "mastered_grammar", "approved_cards"]
        + ["chat_messages"]
    )
    assert all(d["changed_by"] == "admin" and d["new_value"] is None for d in deletes)
    gone = {d["old_value"].get("word") for d in deletes if d["table_name"] == "mastered_words"}
    assert gone == {"蘋果", "apple"}
    card_row = next(d for d in deletes if d["table_name"] == "approved_cards")
    assert card_row["old_value"]["content"] == card["content"]
    assert deletes[0]["table_name"] == "profiles", "the profile's own row is written last"
