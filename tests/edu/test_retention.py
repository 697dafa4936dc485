"""`datasvc retention` on edu, both engines: conversation logs past the age kept are archived
(compressed files, a manifest of counts and checksums) and only then deleted; a crash at any
step, or a kill mid-run, followed by a re-run loses and doubles nothing; idle session memory
and expired cache entries go; a dry run only counts."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import os
import signal
import sys
from asyncio.subprocess import PIPE
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from service import archive, dbapi, retention
from service.apps.edu.retention import RETENTION
from tests.conftest import SECRET, Service
from tests.edu.support import BASE, database, new_scenario, new_scene, new_user
from tests.edu.test_simulations import SIM, start

OLD = datetime.now(UTC) - timedelta(days=400)


def raw(svc: Service, statement: str, *params: Any) -> list[tuple[Any, ...]]:
    url = svc.settings.databases["edu"].url
    assert url is not None
    with dbapi.connect(url) as conn, conn.cursor() as cur:
        cur.execute(statement, params or None)
        return list(cur.fetchall()) if cur.description else []


async def old_and_new_turns(svc: Service, old: int, new: int) -> tuple[set[int], set[int]]:
    """`old` turns dated 400 days ago and `new` of today, in a fresh run."""
    author = await new_user(svc, "teacher")
    sid = (await new_scenario(svc, author, is_public=True))["id"]
    await new_scene(svc, author, sid)
    player = await new_user(svc)
    run = await start(svc, player, sid)
    turns = [
        {"message_type": "user_message", "message_content": f"t{i} é", "turn_number": i}
        for i in range(old + new)
    ]
    r = await svc.client.post(
        f"{SIM}/{run['id']}/turns", json={"turns": turns}, headers=player["headers"]
    )
    ids = r.json()["ids"]
    aged = ids[:old]
    for first in range(0, len(aged), 50):
        part = aged[first : first + 50]
        marks = ", ".join(["%s"] * len(part))
        raw(
            svc,
            f"UPDATE conversation_logs SET created_at = %s WHERE id IN ({marks})",
            OLD.replace(tzinfo=None),
            *part,
        )
    return set(aged), set(ids[old:])


def archived(directory: Path) -> list[int]:
    """Every id in the archive's deleted batches (repeats kept), checked against the manifest."""
    manifest = json.loads((directory / "manifest.json").read_text())
    ids: list[int] = []
    for name, entry in manifest["files"].items():
        data = (directory / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        rows = [json.loads(line) for line in gzip.decompress(data).splitlines()]
        assert len(rows) == entry["rows"] and entry["state"] == "deleted"
        ids += [row["id"] for row in rows]
    assert manifest["rows_deleted"] == len(ids)
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [*manifest["files"], "manifest.json"]
    )
    return ids


def still_there(svc: Service, ids: set[int]) -> set[int]:
    marks = ", ".join(["%s"] * len(ids))
    found = raw(svc, f"SELECT id FROM conversation_logs WHERE id IN ({marks})", *ids)
    return {int(r[0]) for r in found}


class Crash(Exception):
    pass


@pytest.mark.parametrize("step", ["written", "recorded", "deleted"])
async def test_a_crash_at_any_step_then_a_rerun_loses_and_doubles_nothing(
    service: Service, tmp_path: Path, step: str
) -> None:
    old, new = await old_and_new_turns(service, 23, 4)
    job = RETENTION[0]
    assert isinstance(job, archive.Archive)
    db = database(service)
    cutoff = datetime.now(UTC) - job.keep
    seen = {"batches": 0}

    def crash(at: str) -> None:
        if at == step:
            seen["batches"] += 1
            if seen["batches"] == 2:
                raise Crash(at)

    with pytest.raises(Crash):
        await archive.run(db, job, tmp_path, cutoff, 5, lambda n: None, crash)
    done = await archive.run(db, job, tmp_path, cutoff, 5, lambda n: None)
    assert done >= len(old) - 10
    assert sorted(archived(tmp_path)) == sorted(old)
    assert still_there(service, old) == set()
    assert still_there(service, new) == new


async def test_the_command_with_a_kill_mid_run(service: Service, tmp_path: Path) -> None:
    old, new = await old_and_new_turns(service, 60, 3)
    url = service.settings.databases["edu"].url
    assert url is not None
    env = os.environ | {
        "APPS": "edu",
        "EDU_DATABASE_URL": url.render(),
        "DATABASE_URL": url.render(),
        "JWT_SECRET": SECRET,
    }
    args = ["retention", "--app", "edu", "--archive-dir", str(tmp_path), "--batch", "4"]
    dry = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "service", *args, "--dry-run", env=env, stdout=PIPE, stderr=PIPE
    )
    out, err = await dry.communicate()
    assert dry.returncode == 0, err.decode()
    assert f"conversation logs past the age kept: {len(old)} would be deleted" in out.decode()
    assert still_there(service, old) == old
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "service", *args, "--pause", "0.05", env=env, stdout=PIPE, stderr=PIPE
    )
    # Killed once it has deleted something (or given up waiting): mid-run, as a crash would.
    for _ in range(300):
        await asyncio.sleep(0.05)
        if len(still_there(service, old)) < len(old) or proc.returncode is not None:
            break
    if proc.returncode is None:
        proc.send_signal(signal.SIGKILL)
    await proc.wait()
    again = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "service", *args, env=env, stdout=PIPE, stderr=PIPE
    )
    out, err = await again.communicate()
    assert again.returncode == 0, err.decode()
    assert sorted(archived(tmp_path / "edu" / "conversation_logs")) == sorted(old)
    assert still_there(service, old) == set() and still_there(service, new) == new


async def test_idle_memory_and_expired_cache(service: Service, tmp_path: Path) -> None:
    user = await new_user(service)
    h = user["headers"]
    body = {"memory_type": "context", "content": "c"}
    for key in ("idle-1", "idle-2", "fresh"):
        await service.client.put(f"{BASE}/memory/{user['id']}-{key}", json=body, headers=h)
    raw(
        service,
        "UPDATE session_memory SET last_accessed = %s WHERE session_id IN (%s, %s)",
        (datetime.now(UTC) - timedelta(days=31)).replace(tzinfo=None),
        f"{user['id']}-idle-1",
        f"{user['id']}-idle-2",
    )
    await service.client.put(
        f"{BASE}/cache/gone-{user['id']}",
        json={"content_type": "r", "ttl_seconds": 1},
        headers=service.admin(),
    )
    await asyncio.sleep(2.1)  # the command's moment is in whole seconds
    said: list[str] = []
    counts = await retention.run(
        "edu", database(service), dry_run=True, say=said.append, archive_dir=tmp_path
    )
    assert counts["idle session memory"] >= 2 and counts["expired cache entries"] >= 1
    done = await retention.run(
        "edu", database(service), batch=1, say=said.append, archive_dir=tmp_path
    )
    assert done["idle session memory"] >= 2 and done["expired cache entries"] >= 1
    left = raw(service, "SELECT session_id FROM session_memory WHERE user_id = %s", user["id"])
    assert [r[0] for r in left] == [f"{user['id']}-fresh"]
    r = await service.client.get(f"{BASE}/memory/{user['id']}-fresh", headers=h)
    assert r.status_code == 200
    later = datetime.now(UTC) + timedelta(seconds=5)
    kept = await retention.run(
        "edu",
        database(service),
        dry_run=True,
        say=said.append,
        now=later,
        keep={"session-memory": timedelta(0)},
    )
    assert kept["idle session memory"] >= 1  # --keep session-memory=0: the fresh one too
