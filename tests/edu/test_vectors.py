"""Vector embeddings: upsert, read and delete on both engines; search on PostgreSQL equal to
the exact cosine order computed here (and to the exact scan), a 501 problem on MySQL; bad
vectors (1535 numbers, NaN, out of float4, all zeros) refused with the path."""

from __future__ import annotations

import math
import random
import secrets
from typing import Any

import pytest

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, new_user

EMB = f"{BASE}/embeddings"
DIM = 1536


def vector(rng: random.Random) -> list[float]:
    return [round(rng.gauss(0, 1), 4) for _ in range(DIM)]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def item(doc: str, vec: list[float], collection: str, **more: Any) -> dict[str, Any]:
    return {
        "collection_name": collection,
        "document_id": doc,
        "content_type": "scene",
        "content": f"text of {doc}",
        "embedding": vec,
    } | more


async def test_store_read_replace_delete(service: Service) -> None:
    rng, h = random.Random(1), service.admin()
    collection = f"c{secrets.token_hex(3)}"
    vec = vector(rng)
    r = await service.client.put(
        EMB,
        json={"items": [item("d1", vec, collection, metadata={"a": 1}, content_id=7)]},
        headers=h,
    )
    assert r.status_code == 200, r.text
    got = (await service.client.get(f"{EMB}/{collection}/d1", headers=h)).json()
    assert got["metadata"] == {"a": 1} and got["content_id"] == 7
    assert len(got["embedding"]) == DIM
    assert all(abs(x - y) < 1e-3 for x, y in zip(got["embedding"], vec, strict=True))
    other = vector(rng)
    r = await service.client.put(
        EMB, json={"items": [item("d1", other, collection, content="new")]}, headers=h
    )
    assert r.json()[0]["id"] == got["id"] and r.json()[0]["content"] == "new"
    assert (await service.client.delete(f"{EMB}/{collection}/d1", headers=h)).status_code == 204
    assert_problem(await service.client.get(f"{EMB}/{collection}/d1", headers=h), 404)
    user = await new_user(service)
    assert_problem(await service.client.get(f"{EMB}/{collection}/d1", headers=user["headers"]), 403)


async def test_bad_vectors_are_refused(service: Service) -> None:
    rng, h = random.Random(2), service.admin()
    good = vector(rng)
    for bad in (
        good[:-1],
        good + [0.5],
        [0.0] * DIM,
        [1e-9] * DIM,
        good[:-1] + [1e39],
        good[:-1] + ["x"],
    ):
        r = await service.client.put(EMB, json={"items": [item("d", bad, "bad")]}, headers=h)
        assert_problem(r, 422)
    text = '{"items": [' + '{"collection_name": "bad", "document_id": "d", "content_type": "s",'
    text += ' "content": "c", "embedding": [NaN' + ", 0.1" * (DIM - 1) + "]}]}"
    r = await service.client.put(
        EMB, content=text, headers=h | {"content-type": "application/json"}
    )
    assert r.status_code in (400, 422) and r.headers["content-type"] == "application/problem+json"
    r = await service.client.post(f"{EMB}/search", json={"vector": [-1.39e37] * DIM}, headers=h)
    assert_problem(r, 422)
    r = await service.client.post(f"{EMB}/search", json={"vector": good[:1535]}, headers=h)
    assert_problem(r, 422, "$.vector")
    r = await service.client.post(f"{EMB}/search", json={"vector": good, "k": 0}, headers=h)
    assert_problem(r, 422, "$.k")


async def test_search_is_the_exact_cosine_order(service: Service, engine: str) -> None:
    rng, h = random.Random(3), service.admin()
    collection = f"s{secrets.token_hex(3)}"
    vectors = {f"d{i}": vector(rng) for i in range(60)}
    items = [
        item(doc, vec, collection, content_type="scene" if i % 2 else "persona")
        for i, (doc, vec) in enumerate(vectors.items())
    ]
    r = await service.client.put(EMB, json={"items": items}, headers=h)
    assert r.status_code == 200, r.text
    noise = await service.client.put(
        EMB, json={"items": [item("x", vector(rng), f"{collection}-other")]}, headers=h
    )
    assert noise.status_code == 200
    query = vector(rng)
    body = {"collection": collection, "vector": query, "k": 10}
    r = await service.client.post(f"{EMB}/search", json=body, headers=h)
    if engine != "postgres":
        assert "pgvector" in assert_problem(r, 501)["detail"]
        return
    assert r.status_code == 200, r.text
    expected = sorted(vectors, key=lambda d: -cosine(vectors[d], query))[:10]
    assert [m["document_id"] for m in r.json()] == expected
    for m in r.json():
        assert abs(m["similarity"] - cosine(vectors[m["document_id"]], query)) < 1e-4
    exact = await service.client.post(f"{EMB}/search", json=body | {"exact": True}, headers=h)
    assert [m["document_id"] for m in exact.json()] == expected
    scenes = await service.client.post(
        f"{EMB}/search", json=body | {"content_type": "scene", "k": 5}, headers=h
    )
    want = [d for d in sorted(vectors, key=lambda d: -cosine(vectors[d], query)) if int(d[1:]) % 2][
        :5
    ]
    assert [m["document_id"] for m in scenes.json()] == want


@pytest.mark.parametrize("k", [1, 100])
async def test_search_k_bounds(service: Service, engine: str, k: int) -> None:
    if engine != "postgres":
        pytest.skip("search is PostgreSQL only (its 501 is tested above)")
    rng = random.Random(4)
    r = await service.client.post(
        f"{EMB}/search",
        json={"collection": "nothing-here", "vector": vector(rng), "k": k},
        headers=service.admin(),
    )
    assert r.status_code == 200 and r.json() == []
