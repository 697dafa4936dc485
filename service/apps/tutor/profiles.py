"""Profile handlers, and who may touch which profile: a user token only its own (its `sub` is
the profile id), an admin token any."""

from __future__ import annotations

import re
from typing import Any

from service.apps.tutor import store
from service.apps.tutor.models import ID_PATTERN, Profile, ProfileCreate
from service.bodies import changes, new_row
from service.errors import NotFound
from service.pages import Keyset, Page
from service.routing import Call, found

ID = re.compile(ID_PATTERN)
NEWEST = Keyset("created_at")


def profile_id(call: Call) -> str:
    """The profile in the path, if the caller may see it: another profile's id answers 404,
    exactly like an unknown one."""
    value = call.path("id")
    if not ID.match(value) or not (call.principal.is_admin or value == call.principal.subject):
        raise NotFound("no profile with that id")
    return value


def changed_by(call: Call) -> str:
    return "admin" if call.principal.is_admin else "user"


def _params(body: Any) -> dict[str, Any]:
    params = new_row(body) if isinstance(body, ProfileCreate) else changes(body)
    if params.get("dob") is not None:
        params["dob"] = params["dob"].isoformat()  # kept as YYYY-MM-DD text, as the schema says
    return params


async def create_profile(call: Call) -> Profile:
    params = _params(call.body) | {"created_at": None, "updated_at": None}
    async with call.db.transaction() as tx:
        row = await store.create_profile(tx, params, changed_by(call))
    return Profile(**row)


async def list_profiles(call: Call) -> Page[Profile]:
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_profiles(**window.params)
    return NEWEST.page(rows, window, lambda r: Profile(**store.profile_row(r)))


async def get_profile(call: Call) -> Profile:
    row = found(await call.db.q.get_profile(id=profile_id(call)), "profile")
    return Profile(**store.profile_row(row))


async def lock_profile(call: Call) -> None:
    """For If-Match: the row stays as read until the write's transaction ends."""
    found(await call.db.q.lock_profile_id(id=profile_id(call)), "profile")


async def update_profile(call: Call) -> Profile:
    params = _params(call.body) | {"set_created_at": False, "created_at": None, "updated_at": None}
    async with call.db.transaction() as tx:
        row = await store.update_profile(tx, profile_id(call), params, changed_by(call))
    return Profile(**found(row, "profile"))


async def delete_profile(call: Call) -> None:
    async with call.db.transaction() as tx:
        if not await store.delete_profile(tx, profile_id(call), changed_by(call)):
            raise NotFound("no profile with that id")
