"""System templates (init_defaults) and the LocalStorage import: idempotent by id, one copy
under concurrency, all or nothing, bad items reported one by one."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from service import dbapi
from service.apps.roleplay.sync import DEFAULTS
from tests.conftest import Service
from tests.roleplay.support import BASE, assert_problem, auth, list_all, new_user, uid

SHIPPED = json.loads(DEFAULTS.read_text())
BLOB = "data:image/png;base64," + "iVBORw0KGgoAAAANSUhEUgAA" * 50


async def init_defaults(svc: Service) -> dict[str, Any]:
    r = await svc.client.post(f"{BASE}/system/init_defaults", headers=svc.admin())
    assert r.status_code == 200, r.text
    return dict(r.json())


async def upload(svc: Service, user: dict[str, str], body: dict[str, Any]) -> Any:
    return await svc.client.post(f"{BASE}/import", json=body, headers=auth(user))


async def test_twenty_concurrent_init_defaults_leave_one_copy_of_each(service: Service) -> None:
    results = await asyncio.gather(*(init_defaults(service) for _ in range(20)))
    for kind in ("scenarios", "roles"):
        inserted = [i for result in results for i in result[kind]]
        assert len(inserted) == len(set(inserted)), "no id inserted twice"
        user = await new_user(service)
        seen = [i for i in await list_all(service, kind, user, limit=200) if i["is_default"]]
        shipped = {t["id"] for t in SHIPPED[kind]}
        assert shipped <= {i["id"] for i in seen}
        assert len([i for i in seen if i["id"] in shipped]) == len(shipped)
    again = await init_defaults(service)
    assert again == {"scenarios": [], "roles": []}, "a later call inserts nothing"


async def test_init_defaults_ships_complete_read_only_templates(service: Service) -> None:
    await init_defaults(service)
    user = await new_user(service)
    first = SHIPPED["scenarios"][0]
    r = await service.client.get(f"{BASE}/scenarios/{first['id']}", headers=auth(user))
    assert r.status_code == 200
    got = r.json()
    assert got["is_default"] is True and got["user_id"] is None
    assert {k: got[k] for k in first} == first
    r = await service.client.delete(f"{BASE}/scenarios/{first['id']}", headers=auth(user))
    assert_problem(r, 403)


async def test_init_defaults_needs_an_admin(service: Service) -> None:
    user = await new_user(service)
    r = await service.client.post(f"{BASE}/system/init_defaults", headers=auth(user))
    assert_problem(r, 403)


def browser_data(user_id: str) -> dict[str, Any]:
    scenario, role = uid(), uid()
    return {
        "profile": {"avatar_url": "/static/me.png", "settings": {"apiKey": "sk-1", "lang": "zh"}},
        "scenarios": [
            {"id": scenario, "title": "我的面試練習", "tags": ["interview"], "script_content": "…"},
            {"id": uid(), "title": "Second", "scoring_dimensions": {"clarity": 50}},
        ],
        "roles": [
            {"id": role, "name": "Coach", "name_cn": "教練", "focus_areas": ["posture"]},
            {"id": uid(), "name": "Base64 face", "avatar_url": BLOB},
        ],
        "sessions": [
            {
                "id": uid(),
                "scenario_id": scenario,
                "role_id": role,
                "start_time": "2026-03-01T09:30:15.250+08:00",
                "score": 87,
                "duration_seconds": 300,
                "messages": [{"role": "user", "content": "你好"}],
                "ai_analysis": {"summary": "good"},
            }
        ],
    }


async def test_import_inserts_reports_rejects_and_the_count_reflects_it(service: Service) -> None:
    user = await new_user(service)
    before = await service.client.get(f"{BASE}/scenarios/count", headers=auth(user))
    assert before.json() == {"count": 0}, "detection: nothing in the database yet"
    r = await upload(service, user, browser_data(user["id"]))
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["scenarios"] == {"inserted": 2, "already_present": 0, "rejected": []}
    assert report["sessions"] == {"inserted": 1, "already_present": 0, "rejected": []}
    assert report["roles"]["inserted"] == 1
    [reject] = report["roles"]["rejected"]
    assert reject["index"] == 1 and reject["path"] == "$.roles[1].avatar_url"
    assert "upload" in reject["reason"]
    assert report["profile"] == {"updated": True, "already_present": False, "rejected": []}
    after = await service.client.get(f"{BASE}/scenarios/count", headers=auth(user))
    assert after.json() == {"count": 2}
    me = (await service.client.get(f"{BASE}/users/me", headers=auth(user))).json()
    assert me["settings"] == {"apiKey": "sk-1", "lang": "zh"}
    sessions = await list_all(service, "sessions", user)
    assert sessions[0]["start_time"] == "2026-03-01T01:30:15Z"


async def test_import_run_twice_changes_nothing_and_says_so(service: Service) -> None:
    user = await new_user(service)
    data = browser_data(user["id"])
    first = (await upload(service, user, data)).json()
    rows = await list_all(service, "scenarios", user, user_id=user["id"])
    second = await upload(service, user, data)
    assert second.status_code == 200
    report = second.json()
    assert report["scenarios"] == {"inserted": 0, "already_present": 2, "rejected": []}
    assert report["sessions"] == {"inserted": 0, "already_present": 1, "rejected": []}
    assert report["roles"]["already_present"] == 1
    assert report["roles"]["rejected"] == first["roles"]["rejected"]
    assert report["profile"]["already_present"] is True
    assert await list_all(service, "scenarios", user, user_id=user["id"]) == rows


async def test_import_never_overwrites_the_database_profile(service: Service) -> None:
    user = await new_user(service, avatar_url="/server.png")
    r = await upload(service, user, {"profile": {"avatar_url": "/old-browser.png"}})
    assert r.json()["profile"]["already_present"] is True
    me = (await service.client.get(f"{BASE}/users/me", headers=auth(user))).json()
    assert me["avatar_url"] == "/server.png"


async def test_import_rejects_items_per_item(service: Service) -> None:
    user, other = await new_user(service), await new_user(service)
    theirs = (
        await service.client.post(
            f"{BASE}/scenarios", json={"title": "theirs"}, headers=auth(other)
        )
    ).json()
    dup = uid()
    body = {
        "scenarios": [
            {"title": "no id"},
            {"id": theirs["id"], "title": "collides"},
            {"id": dup, "title": "first"},
            {"id": dup, "title": "again"},
            {"id": uid(), "title": "x" * 256},
            {"id": uid(), "title": "ok", "tags": ["a", 1]},
            {"id": uid(), "title": "ok", "surprise": True},
            {"id": uid(), "title": "for someone else", "user_id": other["id"]},
            {"id": uid(), "title": "fine"},
        ]
    }
    r = await upload(service, user, body)
    assert r.status_code == 200, r.text
    out = r.json()["scenarios"]
    assert out["inserted"] == 2
    paths = {x["index"]: x["path"] for x in out["rejected"]}
    assert paths == {
        0: "$.scenarios[0]",
        1: "$.scenarios[1].id",
        3: "$.scenarios[3]",
        4: "$.scenarios[4].title",
        5: "$.scenarios[5].tags[1]",
        6: "$.scenarios[6].surprise",
        7: "$.scenarios[7]",
    }
    assert all(x["reason"] for x in out["rejected"])
    still = await service.client.get(f"{BASE}/scenarios/{theirs['id']}", headers=auth(other))
    assert still.json()["title"] == "theirs", "another user's row is untouched"


@contextmanager
def database_refusing_title(svc: Service, title: str) -> Iterator[None]:
    """A CHECK the service does not know about, as a DBA might add: the database then refuses
    a row the API accepted, which no request body can otherwise cause."""
    url = svc.settings.databases["roleplay"].url
    assert url is not None
    with dbapi.connect(url) as conn:
        cur = conn.cursor()
        cur.execute(
            f"ALTER TABLE scenarios ADD CONSTRAINT test_refused_title CHECK (title <> '{title}')"
        )
        try:
            yield
        finally:
            cur.execute("ALTER TABLE scenarios DROP CONSTRAINT test_refused_title")


async def test_an_import_the_database_refuses_inserts_nothing(service: Service) -> None:
    user = await new_user(service)
    body = {
        "profile": {"avatar_url": "/x.png"},
        "sessions": [{"id": uid(), "start_time": "2026-01-01T00:00:00Z"}],
        "roles": [{"id": uid(), "name": "fine"}],
        "scenarios": [{"id": uid(), "title": "fine"}, {"id": uid(), "title": "refused"}],
    }
    with database_refusing_title(service, "refused"):
        problem = assert_problem(await upload(service, user, body), 422)
    assert "test_refused_title" in problem["detail"]
    count = await service.client.get(f"{BASE}/scenarios/count", headers=auth(user))
    assert count.json() == {"count": 0}
    roles = await service.client.get(f"{BASE}/roles/count", headers=auth(user))
    assert roles.json() == {"count": 0}
    assert await list_all(service, "sessions", user) == []
    me = (await service.client.get(f"{BASE}/users/me", headers=auth(user))).json()
    assert me["avatar_url"] is None
    again = await upload(service, user, body)
    assert again.status_code == 200 and again.json()["scenarios"]["inserted"] == 2


async def test_import_counts_kept_templates_as_present_and_skips_unknown_ones(
    service: Service,
) -> None:
    await init_defaults(service)
    user = await new_user(service)
    shipped = SHIPPED["scenarios"][0]
    body = {
        "scenarios": [
            {"id": shipped["id"], "title": shipped["title"], "is_default": True},
            {"id": uid(), "title": "gone template", "is_default": True},
        ]
    }
    out = (await upload(service, user, body)).json()["scenarios"]
    assert out["inserted"] == 0 and out["already_present"] == 1
    assert [x["index"] for x in out["rejected"]] == [1]


async def test_import_for_a_user_that_does_not_exist_is_404(service: Service) -> None:
    headers = service.user(uid(), "roleplay")
    r = await service.client.post(
        f"{BASE}/import", json={"scenarios": [{"id": uid(), "title": "t"}]}, headers=headers
    )
    assert_problem(r, 404)


async def test_import_top_level_shape_errors_are_422(service: Service) -> None:
    user = await new_user(service)
    assert_problem(await upload(service, user, {"scenarios": {"id": "x"}}), 422, "$.scenarios")
    assert_problem(await upload(service, user, {"notes": []}), 422, "$.notes")


async def test_concurrent_imports_of_the_same_upload_insert_once(service: Service) -> None:
    user = await new_user(service)
    data = browser_data(user["id"])
    results = await asyncio.gather(*(upload(service, user, data) for _ in range(5)))
    assert [r.status_code for r in results] == [200] * 5, [r.text for r in results]
    inserted = sum(r.json()["scenarios"]["inserted"] for r in results)
    present = sum(r.json()["scenarios"]["already_present"] for r in results)
    assert (inserted, present) == (2, 8)
    count = await service.client.get(f"{BASE}/scenarios/count", headers=auth(user))
    assert count.json() == {"count": 2}
