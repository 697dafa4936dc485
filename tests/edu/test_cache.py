"""The TTL cache on both engines: JSON with base64 and raw bytes with their media type, hits
counted, an expired entry a miss at once (before any purge), concurrent PUTs of one key leaving
one row, bad input refused."""

from __future__ import annotations

import asyncio
import base64
import secrets

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, new_user

CACHE = f"{BASE}/cache"


async def test_json_and_raw_round_trips(service: Service) -> None:
    key, h = f"k-{secrets.token_hex(4)}", service.admin()
    data = bytes(range(256)) * 4
    body = {
        "content_type": "response",
        "content_data": base64.b64encode(data).decode(),
        "content_text": "hello",
        "metadata": {"model": "m", "tags": ["a"]},
        "ttl_seconds": 3600,
    }
    r = await service.client.put(f"{CACHE}/{key}", json=body, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["expires_at"] and r.json()["access_count"] == 0
    got = [(await service.client.get(f"{CACHE}/{key}", headers=h)).json() for _ in range(3)]
    assert base64.b64decode(got[0]["content_data"]) == data
    assert [g["access_count"] for g in got] == [1, 2, 3]
    assert got[0]["metadata"] == body["metadata"]

    raw = b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(1000)
    r = await service.client.put(
        f"{CACHE}/{key}",
        params={"format": "raw", "content_type": "embedding"},
        content=raw,
        headers=h | {"content-type": "image/png"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["access_count"] == 0 and r.json()["expires_at"] is None
    assert r.json()["metadata"] == {"media_type": "image/png"}
    r = await service.client.get(f"{CACHE}/{key}", params={"format": "raw"}, headers=h)
    assert r.content == raw and r.headers["content-type"] == "image/png"
    assert r.headers["x-cache-content-type"] == "embedding"
    assert (await service.client.delete(f"{CACHE}/{key}", headers=h)).status_code == 204
    assert_problem(await service.client.get(f"{CACHE}/{key}", headers=h), 404)
    assert_problem(await service.client.delete(f"{CACHE}/{key}", headers=h), 404)


async def test_expired_is_a_miss_at_once(service: Service) -> None:
    key, h = f"e-{secrets.token_hex(4)}", service.admin()
    r = await service.client.put(
        f"{CACHE}/{key}", json={"content_type": "summary", "ttl_seconds": 1}, headers=h
    )
    assert r.status_code == 200, r.text
    await asyncio.sleep(1.2)
    assert_problem(await service.client.get(f"{CACHE}/{key}", headers=h), 404)
    # Put again: live once more.
    await service.client.put(f"{CACHE}/{key}", json={"content_type": "summary"}, headers=h)
    assert (await service.client.get(f"{CACHE}/{key}", headers=h)).status_code == 200


async def test_concurrent_puts_leave_one_row(service: Service) -> None:
    key, h = f"c-{secrets.token_hex(4)}", service.admin()
    answers = await asyncio.gather(
        *(
            service.client.put(
                f"{CACHE}/{key}",
                json={"content_type": "response", "content_text": str(i), "ttl_seconds": 60},
                headers=h,
            )
            for i in range(30)
        )
    )
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    got = (await service.client.get(f"{CACHE}/{key}", headers=h)).json()
    assert got["content_text"] in {str(i) for i in range(30)} and got["access_count"] == 1


async def test_bad_input_and_access(service: Service) -> None:
    key, h = f"b-{secrets.token_hex(4)}", service.admin()
    url = f"{CACHE}/{key}"
    for body, path in (
        ({"content_type": "response", "ttl_seconds": -5}, "$.ttl_seconds"),
        ({"content_type": "response", "ttl_seconds": 0}, "$.ttl_seconds"),
        ({"content_type": "response", "content_data": "not base64!"}, "$.content_data"),
        ({"content_type": "two words"}, "$.content_type"),
    ):
        assert_problem(await service.client.put(url, json=body, headers=h), 422, path)
    assert_problem(await service.client.put(url, content=b"{", headers=h), 400)
    r = await service.client.put(url, params={"format": "raw"}, content=b"x", headers=h)
    assert_problem(r, 422)
    r = await service.client.put(
        url,
        params={"format": "raw", "content_type": "r", "ttl_seconds": -1},
        content=b"x",
        headers=h,
    )
    assert_problem(r, 422)
    assert_problem(await service.client.get(url, params={"format": "xml"}, headers=h), 422)
    user = await new_user(service)
    r = await service.client.put(url, json={"content_type": "r"}, headers=user["headers"])
    assert_problem(r, 403)
