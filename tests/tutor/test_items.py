"""Words, grammar, cards and the chat history of a profile."""

from __future__ import annotations

from tests.conftest import Service
from tests.tutor.support import BASE, assert_problem, auth, every, new_profile


async def test_words_are_added_if_absent_and_the_answer_says_which(service: Service) -> None:
    kid = await new_profile(service)
    url = f"{BASE}/profiles/{kid['id']}/words"
    r = await service.client.post(url, json={"word": "蘋果", "language": "zh"}, headers=auth(kid))
    assert r.status_code == 200, r.text
    assert [w["word"] for w in r.json()["added"]] == ["蘋果"]
    body = [
        {"word": "蘋果", "language": "zh"},
        {"word": "apple", "language": "en"},
        {"word": "Apple", "language": "en"},
        {"word": "apple", "language": "en"},
    ]
    r = await service.client.post(url, json=body, headers=auth(kid))
    assert r.status_code == 200, r.text
    assert sorted(w["word"] for w in r.json()["added"]) == ["Apple", "apple"]
    assert [w["word"] for w in r.json()["already_mastered"]] == ["蘋果"]
    words = await every(service, f"profiles/{kid['id']}/words", kid, limit=1)
    assert len(words) == 3
    stamps = [(w["added_at"], w["id"]) for w in words]
    assert stamps == sorted(stamps, reverse=True), "newest first"
    zh = await every(service, f"profiles/{kid['id']}/words", kid, language="zh")
    assert [w["word"] for w in zh] == ["蘋果"]
    r = await service.client.get(url, params={"language": "fr"}, headers=auth(kid))
    assert_problem(r, 422)


async def test_grammar_and_cards(service: Service) -> None:
    kid = await new_profile(service)
    base = f"{BASE}/profiles/{kid['id']}"
    uris = [{"grammar_uri": "grammar://zh/le"}, {"grammar_uri": "grammar://en/past-tense"}]
    r = await service.client.post(f"{base}/grammar", json=uris, headers=auth(kid))
    assert len(r.json()["added"]) == 2
    r = await service.client.post(f"{base}/grammar", json=uris[0], headers=auth(kid))
    assert r.json()["added"] == [] and len(r.json()["already_mastered"]) == 1
    cards = [
        {"card_type": "vocab", "content": {"front": "狗", "back": "dog", "pinyin": "gǒu"}},
        {"card_type": "story", "content": {"title": "小狗", "pages": [1, 2]}},
        {"card_type": "vocab", "content": {"front": "貓"}},
    ]
    r = await service.client.post(f"{base}/cards", json=cards, headers=auth(kid))
    assert [c["content"] for c in r.json()["added"]] == [c["content"] for c in cards]
    vocab = await every(service, f"profiles/{kid['id']}/cards", kid, card_type="vocab")
    assert sorted(c["content"]["front"] for c in vocab) == ["狗", "貓"]
    card_id = r.json()["added"][1]["id"]
    assert (
        await service.client.delete(f"{base}/cards/{card_id}", headers=auth(kid))
    ).status_code == 204
    r = await service.client.delete(f"{base}/cards/{card_id}", headers=auth(kid))
    assert_problem(r, 404)
    for bad in ("0", "x", "99999999999", "-1"):
        assert_problem(await service.client.delete(f"{base}/cards/{bad}", headers=auth(kid)), 404)


async def test_another_profiles_item_ids_are_404(service: Service) -> None:
    mine, other = await new_profile(service), await new_profile(service)
    r = await service.client.post(
        f"{BASE}/profiles/{other['id']}/words",
        json={"word": "secret", "language": "en"},
        headers=auth(other),
    )
    word_id = r.json()["added"][0]["id"]
    r = await service.client.delete(
        f"{BASE}/profiles/{mine['id']}/words/{word_id}", headers=auth(mine)
    )
    assert_problem(r, 404)
    assert len(await every(service, f"profiles/{other['id']}/words", other)) == 1


async def test_messages_read_oldest_first_and_clear(service: Service) -> None:
    kid = await new_profile(service)
    url = f"{BASE}/profiles/{kid['id']}/messages"
    body = [
        {"role": "user", "content": "你好", "timestamp": "2024-03-01T08:00:00Z"},
        {"role": "assistant", "content": "Hello!", "timestamp": "2024-03-01T08:00:05+08:00"},
        {"role": "user", "content": "恐龍", "timestamp": "2024-03-01T08:01:00"},
    ]
    r = await service.client.post(url, json=body, headers=auth(kid))
    assert r.status_code == 200, r.text
    r = await service.client.post(url, json={"role": "user", "content": "now"}, headers=auth(kid))
    assert r.json()["added"][0]["timestamp"] > "2025"
    read = await every(service, f"profiles/{kid['id']}/messages", kid, limit=2)
    assert [m["content"] for m in read] == ["Hello!", "你好", "恐龍", "now"]
    assert read[0]["timestamp"] == "2024-03-01T00:00:05Z"
    r = await service.client.delete(url, headers=auth(kid))
    assert r.json() == {"deleted": 4}
    assert await every(service, f"profiles/{kid['id']}/messages", kid) == []
