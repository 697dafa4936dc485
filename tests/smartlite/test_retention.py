"""`datasvc retention` on smartlite: expired sessions and refresh tokens go in batches, a dry
run only counts, and live credentials are untouched."""

from __future__ import annotations

import asyncio
import os
import sys
from asyncio.subprocess import PIPE
from datetime import UTC, datetime, timedelta

from tests.conftest import SECRET, Service
from tests.smartlite.support import BASE, assert_problem, bearer, login, new_user, raw


async def datasvc(svc: Service, *args: str) -> str:
    """The command as cron runs it: its own process, configured by the environment."""
    url = svc.settings.databases["smartlite"].url
    assert url is not None
    env = os.environ | {
        "APPS": "smartlite",
        "SMARTLITE_DATABASE_URL": url.render(),
        "DATABASE_URL": url.render(),
        "JWT_SECRET": SECRET,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "service", *args, env=env, stdout=PIPE, stderr=PIPE
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return out.decode()


def _count(svc: Service, table: str) -> int:
    return int(
        raw(svc, f"SELECT COUNT(*) FROM {table} WHERE expires_at <= %s", datetime.now(UTC))[0][0]
    )


async def test_retention_deletes_expired_sessions_and_tokens_in_batches(
    service: Service,
) -> None:
    gone = [await new_user(service) for _ in range(3)]
    kept = await new_user(service)
    extra = await login(service, kept)
    past = datetime.now(UTC) - timedelta(days=1)
    for user in gone:
        raw(
            service,
            "UPDATE sessions SET expires_at = %s WHERE id = %s",
            past,
            user["tokens"]["session_id"],
        )
        raw(
            service,
            "UPDATE refresh_tokens SET expires_at = %s WHERE session_id = %s",
            past,
            user["tokens"]["session_id"],
        )
    raw(
        service,
        "UPDATE refresh_tokens SET expires_at = %s WHERE session_id = %s",
        past,
        extra["session_id"],
    )
    sessions, tokens = _count(service, "sessions"), _count(service, "refresh_tokens")
    assert sessions >= 3 and tokens >= 4

    out = await datasvc(service, "retention", "--app", "smartlite", "--dry-run")
    assert f"expired sessions: {sessions} would be deleted" in out
    assert f"expired refresh tokens: {tokens} would be deleted" in out
    assert _count(service, "sessions") == sessions, "a dry run changes nothing"

    out = await datasvc(service, "retention", "--app", "smartlite", "--batch", "2", "--pause", "0")
    assert f"expired sessions: {sessions} deleted" in out
    assert _count(service, "sessions") == 0 and _count(service, "refresh_tokens") == 0
    for user in gone:
        assert not raw(
            service, "SELECT id FROM sessions WHERE id = %s", user["tokens"]["session_id"]
        )
    me = await service.client.get(f"{BASE}/users/me", headers=kept["headers"])
    assert me.status_code == 200
    still = await service.client.get(f"{BASE}/users/me", headers=bearer(extra["access_token"]))
    assert still.status_code == 200, "a live session whose refresh token expired keeps working"
    r = await service.client.post(
        f"{BASE}/auth/refresh", json={"refresh_token": extra["refresh_token"]}
    )
    assert_problem(r, 401)
