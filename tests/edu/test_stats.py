"""Monitoring and maintenance on both engines: `datasvc stats` / the admin route report the
database's and tables' sizes and row estimates (and say where slow statements would come
from); `datasvc maintain --analyze [--vacuum]` runs."""

from __future__ import annotations

import os
import sys
from asyncio import create_subprocess_exec
from asyncio.subprocess import PIPE

from service import monitor
from tests.conftest import SECRET, Service
from tests.edu.support import BASE, assert_problem, database, new_user


async def test_admin_route_and_function(service: Service) -> None:
    r = await service.client.get(f"{BASE}/admin/stats", headers=service.admin())
    assert r.status_code == 200, r.text
    body = r.json()
    names = {t["name"] for t in body["tables"]}
    assert {"conversation_logs", "vector_embeddings", "users"} <= names
    assert body["database_bytes"] > 0 and body["slowest_note"]
    user = await new_user(service)
    assert_problem(await service.client.get(f"{BASE}/admin/stats", headers=user["headers"]), 403)
    done = await monitor.maintain(database(service), vacuum=True)
    assert done


async def test_the_commands(service: Service) -> None:
    url = service.settings.databases["edu"].url
    assert url is not None
    env = os.environ | {
        "APPS": "edu",
        "EDU_DATABASE_URL": url.render(),
        "DATABASE_URL": url.render(),
        "JWT_SECRET": SECRET,
    }
    for args in (["stats", "--app", "edu"], ["maintain", "--analyze", "--app", "edu"]):
        proc = await create_subprocess_exec(
            sys.executable, "-m", "service", *args, env=env, stdout=PIPE, stderr=PIPE
        )
        out, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
        assert out.decode().startswith("edu")
