"""Bulk writes: the shipped system templates (init_defaults) and the LocalStorage import.

Both insert by id only where the id is missing, in one transaction that is run again if the
server undoes it for a deadlock, so concurrent or repeated calls leave exactly one copy.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import msgspec

from service.apps.roleplay.models import (
    Defaults,
    Imported,
    Outcome,
    ProfileOutcome,
    Rejected,
    RoleCreate,
    ScenarioCreate,
    Seeded,
    SessionCreate,
    Upload,
    UserPatch,
)
from service.apps.roleplay.templated import viewer
from service.bodies import changes
from service.db import Runner
from service.errors import Conflict, FieldError, Invalid, NotFound
from service.http import decoder_for, validation_error
from service.routing import Call

DEFAULTS = Path(__file__).with_name("defaults.json")
PROFILE_FIELDS = ("username", "avatar_url", "settings")


# Read and checked when the app loads, so a broken data file stops the start, not a request.
SHIPPED = msgspec.json.decode(DEFAULTS.read_bytes(), type=Defaults)


def template(item: ScenarioCreate | RoleCreate) -> dict[str, Any]:
    params = msgspec.structs.asdict(item)
    return params | {"user_id": None, "is_default": True}


async def init_defaults(call: Call) -> Seeded:
    shipped = SHIPPED

    async def seed(tx: Runner) -> Seeded:
        scenarios = [
            str(s.id)
            for s in shipped.scenarios
            if await tx.q.insert_scenario_if_absent(**template(s))
        ]
        roles = [
            str(r.id) for r in shipped.roles if await tx.q.insert_role_if_absent(**template(r))
        ]
        return Seeded(scenarios, roles)

    return await call.db.atomic(seed)


# -- the import -------------------------------------------------------------------------------

Kind = type[ScenarioCreate] | type[RoleCreate] | type[SessionCreate]


def _checked(
    kind: Kind, key: str, raws: list[msgspec.Raw], user: str
) -> tuple[list[Any], list[Rejected]]:
    """Each item decoded on its own, so one bad item is a reject and not a failed upload."""
    good: list[Any] = []
    rejected: list[Rejected] = []
    first_at: dict[str, int] = {}
    for index, raw in enumerate(raws):
        at = f"$.{key}[{index}]"
        try:
            item = decoder_for(kind).decode(raw)
        except msgspec.ValidationError as exc:
            path, reason = _reason(exc, at)
            rejected.append(Rejected(index, _raw_id(raw), path, reason))
            continue
        except (msgspec.DecodeError, RecursionError):
            # Not a byte that is not UTF-8: service.http.decode refused the whole body for that.
            reason = "is not JSON this service can read (nested too deeply)"
            rejected.append(Rejected(index, None, at, reason))
            continue
        refusal = _refusal(item, user, first_at)
        if refusal:
            rejected.append(Rejected(index, item.id or None, at, refusal))
            continue
        first_at[item.id] = index
        good.append((index, item))
    return good, rejected


def _reason(exc: msgspec.ValidationError, at: str) -> tuple[str, str]:
    error = (validation_error(exc, prefix=at).errors or [FieldError(path=at, message=str(exc))])[0]
    return error.path, error.message


def _raw_id(raw: msgspec.Raw) -> str | None:
    try:
        value = msgspec.json.decode(raw, type=dict[str, Any]).get("id")
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None
    return value if isinstance(value, str) else None


def _refusal(item: Any, user: str, first_at: dict[str, int]) -> str | None:
    if item.id is msgspec.UNSET:
        return "needs its id: the import is idempotent by id"
    if item.id in first_at:
        return f"repeats the id of item {first_at[item.id]} of this upload"
    if item.user_id is not None and item.user_id != user:
        return "belongs to another user (user_id)"
    return None


async def _insert_owned(
    tx: Runner,
    noun: str,
    items: list[tuple[int, Any]],
    user: str,
    outcome: Outcome,
    key: str,
) -> None:
    insert: Callable[..., Awaitable[int]] = getattr(tx.q, f"insert_{noun}_if_absent")
    access: Callable[..., Awaitable[Any]] = getattr(tx.q, f"get_{noun}_access")
    for index, item in items:
        at = f"$.{key}[{index}]"
        if item.is_default:
            # A template the browser kept: present if the server has it, never created here.
            known = await access(id=item.id)
            if known is not None and known["is_default"]:
                outcome.already_present += 1
            else:
                reason = "is a system template this server does not have; it is not imported"
                outcome.rejected.append(Rejected(index, item.id, at, reason))
            continue
        params = msgspec.structs.asdict(item) | {"user_id": user, "is_default": False}
        if await insert(**params):
            outcome.inserted += 1
            continue
        known = await access(id=item.id)
        if known is None:
            raise Conflict("a row of this upload was deleted while it was imported; retry")
        if known["user_id"] == user or known["is_default"]:
            outcome.already_present += 1
        else:
            outcome.rejected.append(
                Rejected(index, item.id, at + ".id", "is already used by a row that is not yours")
            )


async def _insert_sessions(
    tx: Runner, items: list[tuple[int, SessionCreate]], user: str, outcome: Outcome
) -> None:
    for index, item in items:
        params = msgspec.structs.asdict(item) | {"user_id": user}
        if await tx.q.insert_session_if_absent(**params):
            outcome.inserted += 1
        elif await tx.q.get_session_owner(id=item.id) == user:
            outcome.already_present += 1
        else:
            outcome.rejected.append(
                Rejected(
                    index,
                    str(item.id),
                    f"$.sessions[{index}].id",
                    "is already used by a row that is not yours",
                )
            )


def _profile(raw: msgspec.Raw | msgspec.UnsetType) -> tuple[UserPatch | None, list[Rejected]]:
    if raw is msgspec.UNSET or bytes(raw).strip() == b"null":
        return None, []
    try:
        return decoder_for(UserPatch).decode(raw), []
    except msgspec.ValidationError as exc:
        path, reason = _reason(exc, "$.profile")
        return None, [Rejected(0, None, path, reason)]


async def _fill_profile(
    tx: Runner, user: str, profile: UserPatch | None, out: ProfileOutcome
) -> None:
    """The profile only fills what the database lacks: after cutover the database is the
    source of truth, so an old browser copy never overwrites it."""
    current = await tx.q.lock_user(id=user)
    if current is None:
        raise NotFound(
            f"no roleplay user {user!r}; an admin creates it (POST /roleplay/api/users) first"
        )
    if profile is None:
        return
    fills = {
        name: value
        for name in PROFILE_FIELDS
        if (value := getattr(profile, name)) not in (None, msgspec.UNSET) and current[name] is None
    }
    if "username" in fills:
        holder = await tx.q.get_username_holder(username=fills["username"])
        if holder is not None and holder != user:
            out.rejected.append(Rejected(0, None, "$.profile.username", "is taken by another user"))
            return
    if not fills:
        out.already_present = True
        return
    await tx.q.update_user(id=user, **changes(UserPatch(**fills)))
    out.updated = True


async def import_local(call: Call) -> Imported:
    user = viewer(call)
    if user is None:
        raise Invalid("an admin token must say whose data this is: give ?user_id=")
    body: Upload = call.body
    scenarios, scenario_rejects = _checked(ScenarioCreate, "scenarios", body.scenarios, user)
    roles, role_rejects = _checked(RoleCreate, "roles", body.roles, user)
    sessions, session_rejects = _checked(SessionCreate, "sessions", body.sessions, user)
    profile, profile_rejects = _profile(body.profile)

    async def run(tx: Runner) -> Imported:
        result = Imported(
            profile=ProfileOutcome(rejected=list(profile_rejects)),
            scenarios=Outcome(rejected=list(scenario_rejects)),
            roles=Outcome(rejected=list(role_rejects)),
            sessions=Outcome(rejected=list(session_rejects)),
        )
        await _fill_profile(tx, user, profile, result.profile)
        await _insert_owned(tx, "scenario", scenarios, user, result.scenarios, "scenarios")
        await _insert_owned(tx, "role", roles, user, result.roles, "roles")
        await _insert_sessions(tx, sessions, user, result.sessions)
        for outcome in (result.scenarios, result.roles, result.sessions):
            outcome.rejected.sort(key=lambda r: r.index)
        return result

    return await call.db.atomic(run)
