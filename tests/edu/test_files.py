"""Scenario files on both engines: streamed uploads capped and type-checked, the processing
status lifecycle, streamed downloads, deletes, and the sweep that cleans up after a crash."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from tests.conftest import Service
from tests.edu.support import BASE, assert_problem, new_scenario, new_user

PDF = b"%PDF-1.7\n" + b"x" * 200_000 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10


async def put(
    svc: Service,
    user: dict[str, Any],
    sid: int,
    content: Any,
    media: str = "application/pdf",
    file_type: str = "pdf",
    filename: str = "case.pdf",
) -> Any:
    return await svc.client.post(
        f"{BASE}/scenarios/{sid}/files",
        params={"file_type": file_type, "filename": filename},
        content=content,
        headers=user["headers"] | {"Content-Type": media},
    )


def stored(svc: Service) -> set[str]:
    directory: Path = svc.settings.edu_uploads
    return {p.name for p in directory.iterdir()} if directory.is_dir() else set()


async def test_upload_download_delete(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    r = await put(service, user, sid, PDF)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["processing_status"] == "pending" and made["file_size"] == len(PDF)
    assert made["filename"] == "case.pdf" and made["file_type"] == "pdf"
    assert "file_path" not in made
    r = await service.client.get(f"{BASE}/files/{made['id']}/content", headers=user["headers"])
    assert r.status_code == 200 and r.content == PDF
    assert r.headers["content-type"] == "application/pdf"
    r = await service.client.get(f"{BASE}/scenarios/{sid}/files", headers=user["headers"])
    assert [f["id"] for f in r.json()] == [made["id"]]
    before = stored(service)
    r = await service.client.delete(f"{BASE}/files/{made['id']}", headers=user["headers"])
    assert r.status_code == 204
    assert len(before - stored(service)) == 1, "the bytes went with the row"
    r = await service.client.get(f"{BASE}/files/{made['id']}", headers=user["headers"])
    assert_problem(r, 404)


async def test_uploads_are_streamed_in_chunks_and_capped(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    limit = service.settings.edu_upload_limit

    async def chunks(total: int) -> AsyncIterator[bytes]:
        yield b"%PDF-1.4\n"
        sent = 9
        while sent < total:
            piece = b"y" * min(65536, total - sent)
            sent += len(piece)
            yield piece

    r = await put(service, user, sid, chunks(300_000))
    assert r.status_code == 201, r.text
    assert r.json()["file_size"] == 300_000
    before = stored(service)
    r = await put(service, user, sid, chunks(limit + 1))
    assert_problem(r, 413)
    assert stored(service) == before, "nothing of a refused upload stays"
    r = await service.client.get(f"{BASE}/scenarios/{sid}/files", headers=user["headers"])
    assert len(r.json()) == 1


async def test_the_declared_type_is_checked(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    before = stored(service)
    assert_problem(await put(service, user, sid, PNG), 422)  # PNG bytes sent as a PDF
    assert_problem(await put(service, user, sid, PDF, media="image/png", file_type="image"), 422)
    assert_problem(await put(service, user, sid, PDF, media="text/plain"), 415)
    r = await put(service, user, sid, b"a\x00b", media="text/plain", file_type="document")
    assert_problem(r, 422)
    r = await put(service, user, sid, b"caf\xc3", media="text/plain", file_type="document")
    assert_problem(r, 422)
    assert_problem(await put(service, user, sid, PDF, file_type="video"), 422)
    assert_problem(await put(service, user, sid, PDF, filename="../etc/passwd"), 422)
    assert_problem(await put(service, user, sid, b""), 400)
    assert stored(service) == before
    r = await put(service, user, sid, PNG, media="image/png", file_type="image", filename="a.png")
    assert r.status_code == 201, r.text
    r = await put(
        service,
        user,
        sid,
        "notes: café".encode(),
        media="text/plain; charset=utf-8",
        file_type="document",
        filename="notes.txt",
    )
    assert r.status_code == 201, r.text


async def test_only_editors_upload_and_only_viewers_download(service: Service) -> None:
    teacher, other = await new_user(service, "teacher"), await new_user(service)
    public = (await new_scenario(service, teacher, is_public=True))["id"]
    private = (await new_scenario(service, teacher))["id"]
    assert_problem(await put(service, other, public, PDF), 403)
    assert_problem(await put(service, other, private, PDF), 404)
    shared = (await put(service, teacher, public, PDF)).json()
    hidden = (await put(service, teacher, private, PDF)).json()
    r = await service.client.get(f"{BASE}/files/{shared['id']}/content", headers=other["headers"])
    assert r.status_code == 200
    r = await service.client.get(f"{BASE}/files/{hidden['id']}/content", headers=other["headers"])
    assert_problem(r, 404)
    r = await service.client.delete(f"{BASE}/files/{shared['id']}", headers=other["headers"])
    assert_problem(r, 403)


async def test_processing_status_moves_forward_only(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    fid = (await put(service, user, sid, PDF)).json()["id"]
    path = f"{BASE}/files/{fid}/status"

    async def move(status: str, **extra: Any) -> Any:
        body = {"processing_status": status} | extra
        return await service.client.post(path, json=body, headers=service.admin())

    assert_problem(await move("completed"), 409)
    results = await asyncio.gather(*(move("processing") for _ in range(10)))
    assert sorted(r.status_code for r in results) == [200] + [409] * 9
    r = await move("completed", processing_metadata={"pages": 3, "title": "Case"})
    assert r.status_code == 200, r.text
    assert r.json()["processing_status"] == "completed"
    assert r.json()["processing_metadata"] == {"pages": 3, "title": "Case"}
    assert_problem(await move("failed"), 409)
    assert_problem(await move("pending"), 422, "$.processing_status")


def _age(path: Path) -> None:
    old = time.time() - 7200
    os.utime(path, (old, old))


async def test_the_sweep_finishes_or_removes_what_a_crash_left(service: Service) -> None:
    user = await new_user(service)
    sid = (await new_scenario(service, user))["id"]
    before = stored(service)
    made = (await put(service, user, sid, PDF)).json()
    directory: Path = service.settings.edu_uploads
    (name,) = stored(service) - before
    target = directory / name
    # A crash after the row's commit, before the rename: the bytes are still under the
    # temporary name.
    part = directory / f".{target.name}.part"
    target.rename(part)
    _age(part)
    # A crash before the row was committed: a temporary file no row names.
    orphan_part = directory / ".0123456789abcdef0123456789abcdef.part"
    orphan_part.write_bytes(b"%PDF-")
    _age(orphan_part)
    # A crash after a delete's commit, before the unlink: a stored file no row names.
    orphan = directory / "fedcba9876543210fedcba9876543210"
    orphan.write_bytes(b"%PDF-")
    _age(orphan)
    young = directory / ".00000000000000000000000000000000.part"
    young.write_bytes(b"%PDF-")  # an upload under way: left alone
    r = await service.client.post(f"{BASE}/files/sweep", headers=service.admin())
    assert r.status_code == 200, r.text
    assert r.json()["finished"] >= 1 and r.json()["removed"] >= 2
    assert target.exists() and not part.exists()
    assert not orphan_part.exists() and not orphan.exists() and young.exists()
    young.unlink()
    r = await service.client.get(f"{BASE}/files/{made['id']}/content", headers=user["headers"])
    assert r.status_code == 200 and r.content == PDF
    r = await service.client.post(f"{BASE}/files/sweep", headers=user["headers"])
    assert_problem(r, 403)
