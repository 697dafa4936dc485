"""Transcriptions and TTS requests on both engines: create, worker claims raced, complete and
fail, illegal transitions, tenancy, lists, exact DECIMALs, and metering under concurrency."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Service
from tests.smartlite.support import BASE, assert_problem, new_user, worker

KINDS = {
    "transcriptions": {"audio_url": "s3://bucket/a.wav", "language": "en"},
    "tts": {"input_text": "hello there", "voice": "alloy"},
}
DONE = {
    "transcriptions": {"transcript_text": "hi", "confidence": "0.9876", "duration": "12.34"},
    "tts": {"audio_url": "s3://bucket/out.mp3", "duration": "12.34"},
}


async def create(svc: Service, headers: dict[str, str], kind: str, **body: Any) -> dict[str, Any]:
    r = await svc.client.post(f"{BASE}/{kind}", json={**KINDS[kind], **body}, headers=headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def claim(svc: Service, headers: dict[str, str], kind: str) -> Any:
    r = await svc.client.post(f"{BASE}/{kind}/claim", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["item"]


async def drain(svc: Service, headers: dict[str, str], kind: str) -> None:
    """Claim and fail whatever earlier tests left pending, so claims below see only ours."""
    while (item := await claim(svc, headers, kind)) is not None:
        r = await svc.client.post(
            f"{BASE}/{kind}/{item['id']}/fail", json={"error_message": "drained"}, headers=headers
        )
        assert r.status_code == 200, r.text


@pytest.mark.parametrize("kind", list(KINDS))
async def test_lifecycle_and_illegal_transitions(service: Service, kind: str) -> None:
    user = await new_user(service)
    work = await worker(service)
    await drain(service, work, kind)
    job = await create(service, user["headers"], kind, metadata={"a": [1, 2]})
    assert job["status"] == "pending" and job["metadata"] == {"a": [1, 2]}
    r = await service.client.post(
        f"{BASE}/{kind}/{job['id']}/complete", json=DONE[kind], headers=work
    )
    assert "pending" in assert_problem(r, 409)["detail"]
    claimed = await claim(service, work, kind)
    assert claimed["id"] == job["id"] and claimed["status"] == "processing"
    assert await claim(service, work, kind) is None
    r = await service.client.post(
        f"{BASE}/{kind}/{job['id']}/complete", json=DONE[kind], headers=user["headers"]
    )
    assert_problem(r, 403)
    r = await service.client.post(
        f"{BASE}/{kind}/{job['id']}/complete", json=DONE[kind], headers=work
    )
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["status"] == "completed" and done["completed_at"] is not None
    assert done["duration"] == "12.34"
    if kind == "transcriptions":
        assert done["confidence"] == "0.9876" and done["transcript_text"] == "hi"
    again = await service.client.post(
        f"{BASE}/{kind}/{job['id']}/fail", json={"error_message": "late"}, headers=work
    )
    assert "completed" in assert_problem(again, 409)["detail"]
    missing = await service.client.post(
        f"{BASE}/{kind}/nope/fail", json={"error_message": "x"}, headers=work
    )
    assert_problem(missing, 404)
    mine = await service.client.get(f"{BASE}/{kind}/{job['id']}", headers=user["headers"])
    assert mine.json() == done
    stranger = await new_user(service)
    theirs = await service.client.get(f"{BASE}/{kind}/{job['id']}", headers=stranger["headers"])
    assert_problem(theirs, 404)


@pytest.mark.parametrize("kind", list(KINDS))
async def test_twenty_workers_claim_each_request_once(service: Service, kind: str) -> None:
    user = await new_user(service)
    work = await worker(service)
    await drain(service, work, kind)
    jobs = [await create(service, user["headers"], kind) for _ in range(15)]
    answers = await asyncio.gather(*(claim(service, work, kind) for _ in range(20)))
    taken = [a["id"] for a in answers if a is not None]
    assert sorted(taken) == sorted(j["id"] for j in jobs), "each request exactly once"
    assert answers.count(None) == 5


async def test_lists_filter_page_and_admin_by_status(service: Service) -> None:
    user = await new_user(service)
    work = await worker(service)
    made = [await create(service, user["headers"], "transcriptions") for _ in range(3)]
    r = await service.client.get(
        f"{BASE}/transcriptions", params={"limit": 2}, headers=user["headers"]
    )
    page = r.json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    r = await service.client.get(
        f"{BASE}/transcriptions",
        params={"limit": 2, "cursor": page["next_cursor"]},
        headers=user["headers"],
    )
    ids = [i["id"] for i in page["items"]] + [i["id"] for i in r.json()["items"]]
    assert ids == [m["id"] for m in reversed(made)], "newest first, every row once"
    r = await service.client.get(
        f"{BASE}/transcriptions", params={"status": "completed"}, headers=user["headers"]
    )
    assert r.json()["items"] == []
    r = await service.client.get(f"{BASE}/transcriptions", headers=service.admin())
    assert_problem(r, 422)
    r = await service.client.get(
        f"{BASE}/transcriptions", params={"status": "pending"}, headers=service.admin()
    )
    assert {m["id"] for m in made} <= {i["id"] for i in r.json()["items"]}
    r = await service.client.get(
        f"{BASE}/transcriptions", params={"status": "bogus"}, headers=user["headers"]
    )
    assert_problem(r, 422)
    r = await service.client.get(f"{BASE}/transcriptions/claim", headers=work)
    assert_problem(r, 404)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"transcript_text": "x", "confidence": "1.5"}, "$.confidence"),
        ({"transcript_text": "x", "confidence": "0.12345"}, "$.confidence"),
        ({"transcript_text": "x", "duration": "1.005"}, "$.duration"),
        ({"transcript_text": "x", "duration": "-1"}, "$.duration"),
        ({"transcript_text": "x\u0000"}, "$.transcript_text"),
        ({}, None),
    ],
)
async def test_bad_completions_are_422_and_change_nothing(
    service: Service, body: dict[str, Any], path: str | None
) -> None:
    user = await new_user(service)
    work = await worker(service)
    await drain(service, work, "transcriptions")
    job = await create(service, user["headers"], "transcriptions")
    await claim(service, work, "transcriptions")
    r = await service.client.post(
        f"{BASE}/transcriptions/{job['id']}/complete", json=body, headers=work
    )
    assert_problem(r, 422, path)
    still = await service.client.get(f"{BASE}/transcriptions/{job['id']}", headers=user["headers"])
    assert still.json()["status"] == "processing"


@pytest.mark.parametrize(
    "body",
    [
        {"audio_url": "data:audio/wav;base64,AAAA"},
        {"audio_url": "x", "language": "english!"},
        {"audio_url": "x", "metadata": [1]},
        {"audio_url": "x", "unknown": 1},
        {"audio_url": "x", "user_id": "someone-else"},
    ],
)
async def test_bad_requests_store_nothing(service: Service, body: dict[str, Any]) -> None:
    user = await new_user(service)
    r = await service.client.post(f"{BASE}/transcriptions", json=body, headers=user["headers"])
    assert r.status_code in (403, 422), r.text
    assert r.headers["content-type"] == "application/problem+json"
    listed = await service.client.get(f"{BASE}/transcriptions", headers=user["headers"])
    assert listed.json()["items"] == []


async def test_decimals_round_trip_exactly(service: Service) -> None:
    user = await new_user(service)
    work = await worker(service)
    await drain(service, work, "transcriptions")
    for confidence, duration in (("0.0001", "0.01"), ("1", "99999.99"), ("0.5", "604800")):
        job = await create(service, user["headers"], "transcriptions")
        assert (await claim(service, work, "transcriptions"))["id"] == job["id"]
        r = await service.client.post(
            f"{BASE}/transcriptions/{job['id']}/complete",
            json={"transcript_text": "t", "confidence": confidence, "duration": duration},
            headers=work,
        )
        got = r.json()
        assert Decimal(got["confidence"]) == Decimal(confidence)
        assert Decimal(got["duration"]) == Decimal(duration)


async def test_metering_is_exact_under_200_concurrent_completions(service: Service) -> None:
    user = await new_user(service)
    work = await worker(service)
    await drain(service, work, "tts")
    jobs = [await create(service, user["headers"], "tts") for _ in range(200)]
    claimed = []
    for _ in range(10):
        claimed += await asyncio.gather(*(claim(service, work, "tts") for _ in range(20)))
    assert len({c["id"] for c in claimed}) == 200
    body = {"audio_url": "s3://x.mp3", "duration": "2.50"}

    async def complete(job: dict[str, Any]) -> int:
        # As a client honouring Retry-After would: a 503 (pool busy) changed nothing.
        while True:
            r = await service.client.post(
                f"{BASE}/tts/{job['id']}/complete", json=body, headers=work
            )
            if r.status_code != 503:
                return r.status_code
            await asyncio.sleep(float(r.headers.get("retry-after", "1")) / 10)

    answers = await asyncio.gather(*(complete(j) for j in jobs))
    assert answers == [200] * 200
    r = await service.client.get(
        f"{BASE}/usage", params={"service": "tts"}, headers=user["headers"]
    )
    (day,) = r.json()["items"]
    assert day["request_count"] == 200 and day["token_count"] == 0
    assert Decimal(day["cost"]) == Decimal("0.0008") * 200  # 2.50 s at 0.0003/s, rounded
    other = await service.client.get(
        f"{BASE}/usage", params={"user_id": user["id"]}, headers=service.admin()
    )
    assert other.json()["items"] == [day]
    stranger = await new_user(service)
    theirs = await service.client.get(
        f"{BASE}/usage", params={"user_id": user["id"]}, headers=stranger["headers"]
    )
    assert_problem(theirs, 403)


async def test_a_retried_create_with_an_idempotency_key_writes_once(service: Service) -> None:
    user = await new_user(service)
    headers = {**user["headers"], "Idempotency-Key": "retry-1"}
    first = await service.client.post(f"{BASE}/tts", json=KINDS["tts"], headers=headers)
    again = await service.client.post(f"{BASE}/tts", json=KINDS["tts"], headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    listed = await service.client.get(f"{BASE}/tts", headers=user["headers"])
    assert [i["id"] for i in listed.json()["items"]] == [first.json()["id"]]
