"""Routes of the roleplay app, mounted at /roleplay with the document's own paths (seed 000)."""

from __future__ import annotations

from typing import Annotated, Any

from msgspec import Meta
from starlette.requests import Request

from service.apps.roleplay.models import (
    Count,
    Id,
    Imported,
    Role,
    RoleCreate,
    RolePatch,
    RoleSummary,
    Scenario,
    ScenarioCreate,
    ScenarioPatch,
    ScenarioSummary,
    Seeded,
    Session,
    SessionCreate,
    SessionSummary,
    Upload,
    User,
    UserCreate,
    UserPatch,
)
from service.apps.roleplay.sync import import_local, init_defaults
from service.apps.roleplay.templated import Templated, path_id, viewer
from service.bodies import Text, changes, new_row
from service.errors import FieldError, Invalid, NotFound
from service.http import query_value
from service.pages import Keyset, Page, fields, trim
from service.routing import AppSpec, Call, Endpoint, Param, found

LATEST = Keyset("start_time", id_kind=Id)
NO_USER = "names no roleplay user; an admin creates users with POST /roleplay/api/users"


IdFilter = Annotated[Text, Meta(max_length=36)]


def _text(request: Request, name: str) -> str | None:
    return query_value(request, name, Text)


def _id_filter(request: Request, name: str) -> str | None:
    return query_value(request, name, IdFilter)


SCENARIOS = Templated(
    "scenario",
    ScenarioSummary,
    Scenario,
    lambda r: {"tag": _text(r, "tag"), "title_part": _text(r, "title")},
)
ROLES = Templated(
    "role",
    RoleSummary,
    Role,
    lambda r: {"name_cn": _text(r, "name_cn"), "q": _text(r, "q")},
)


# -- users ------------------------------------------------------------------------------------


def _me(call: Call) -> str:
    if call.principal.is_admin:
        raise NotFound("an admin token is not a roleplay user; use a user token")
    return call.principal.subject


async def create_user(call: Call) -> User:
    body: UserCreate = call.body
    return User(**await call.db.q.insert_user(**new_row(body)))


async def me(call: Call) -> User:
    return User(**found(await call.db.q.get_user(id=_me(call)), "user"))


async def lock_me(call: Call) -> None:
    """For If-Match on PATCH /users/me (service/etags.py): the profile stays as read."""
    await call.db.q.lock_user(id=_me(call))


async def update_me(call: Call) -> User:
    row = await call.db.q.update_user(id=_me(call), **changes(call.body))
    return User(**found(row, "user"))


async def get_user(call: Call) -> User:
    """A profile holds its owner's settings (API keys): only they or an admin see it."""
    user = path_id(call, "user")
    if not call.principal.is_admin and user != call.principal.subject:
        raise NotFound("no user with that id")
    return User(**found(await call.db.q.get_user(id=user), "user"))


# -- session records --------------------------------------------------------------------------


async def list_sessions(call: Call) -> Page[Any]:
    owner = viewer(call)
    window = LATEST.window(call.request)
    params = window.params | {
        "scenario_id": _id_filter(call.request, "scenario_id"),
        "role_id": _id_filter(call.request, "role_id"),
    }
    if owner is None:
        rows = await call.db.q.list_all_sessions(**params)
    else:
        rows = await call.db.q.list_sessions(user_id=owner, **params)
    page = LATEST.page(rows, window, lambda row: SessionSummary(**row))
    return trim(page, fields(call.request, SessionSummary))


async def create_session(call: Call) -> Session:
    body: SessionCreate = call.body
    owner = call.acting_for(body.user_id)
    if owner is None:
        raise Invalid("an admin token must say whose session this is: give user_id")
    row = await call.db.q.insert_session(**new_row(body) | {"user_id": owner})
    return Session(**row)


async def get_session(call: Call) -> Session:
    row = await call.db.q.get_session(id=path_id(call, "session"), owner=viewer(call))
    return Session(**found(row, "session"))


async def lock_session(call: Call) -> None:
    """For If-Match on DELETE (service/etags.py): the row stays as read."""
    await call.db.q.get_session_owner(id=path_id(call, "session"))


async def delete_session(call: Call) -> None:
    if not await call.db.q.delete_session(id=path_id(call, "session"), owner=viewer(call)):
        raise NotFound("no session with that id")


# -- the route table --------------------------------------------------------------------------

PAGE = (
    Param("limit", int, f"page size, 1 to {LATEST.most} (default {LATEST.default})"),
    Param("cursor", str, "next_cursor of the previous page"),
    Param("fields", str, "comma-separated item fields to return (id always comes)"),
)
FOR_USER = Param("user_id", Id, "admin only: act as this user (default: all users)")
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)


def _owned(path: str, noun: str, api: Templated, create: Any, patch: Any) -> tuple[Endpoint, ...]:
    plural = f"{noun}s"
    return (
        Endpoint(
            "GET",
            f"/api/{path}/count",
            api.count,
            f"How many {plural} the caller owns (templates not counted)",
            response=Count,
            query=(FOR_USER,),
        ),
        Endpoint(
            "POST",
            f"/api/{path}",
            api.create,
            f"Create a {noun} (an admin without user_id: a system template)",
            body=create,
            response=api.full,
            status=201,
            errors=WRITE_ERRORS,
            idempotent=True,
        ),
        Endpoint(
            "GET",
            f"/api/{path}/{{id}}",
            api.get,
            f"One {noun} in full",
            response=api.full,
            query=(FOR_USER,),
            lock=api.lock,
        ),
        Endpoint(
            "PATCH",
            f"/api/{path}/{{id}}",
            api.update,
            f"Change a {noun}: fields sent are set (null clears), others kept",
            body=patch,
            response=api.full,
            errors=WRITE_ERRORS,
            query=(FOR_USER,),
        ),
        Endpoint(
            "DELETE",
            f"/api/{path}/{{id}}",
            api.delete,
            f"Delete a {noun}",
            status=204,
            errors=WRITE_ERRORS,
            query=(FOR_USER,),
        ),
    )


APP = AppSpec(
    name="roleplay",
    subject=Id,
    json_columns=frozenset(
        {
            "settings",
            "tags",
            "scoring_dimensions",
            "focus_areas",
            "personality",
            "messages",
            "ai_analysis",
        }
    ),
    bool_columns=frozenset({"is_default"}),
    constraints={
        "users_username_key": FieldError(path="$.username", message="is taken by another user"),
        "scenarios_user_id_fkey": FieldError(path="$.user_id", message=NO_USER),
        "roles_user_id_fkey": FieldError(path="$.user_id", message=NO_USER),
        "session_records_user_id_fkey": FieldError(path="$.user_id", message=NO_USER),
    },
    endpoints=(
        Endpoint(
            "POST",
            "/api/users",
            create_user,
            "Create a user (the id is generated unless given)",
            body=UserCreate,
            response=User,
            status=201,
            access="admin",
            errors=WRITE_ERRORS,
            idempotent=True,
        ),
        Endpoint(
            "GET",
            "/api/users/me",
            me,
            "The caller's profile, settings included",
            response=User,
            lock=lock_me,
        ),
        Endpoint(
            "PATCH",
            "/api/users/me",
            update_me,
            "Change the caller's profile: fields sent are set (null clears), others kept",
            body=UserPatch,
            response=User,
            errors=WRITE_ERRORS,
        ),
        Endpoint(
            "GET",
            "/api/users/{id}",
            get_user,
            "A profile (own, or any for an admin)",
            response=User,
        ),
        Endpoint(
            "GET",
            "/api/scenarios",
            SCENARIOS.list,
            "Scenarios the caller may see (own and system templates), newest first",
            response=Page[ScenarioSummary],
            query=(
                *PAGE,
                Param("tag", Text, "only scenarios whose tags include this one"),
                Param("title", Text, "only titles containing this text (any case)"),
                FOR_USER,
            ),
        ),
        *_owned("scenarios", "scenario", SCENARIOS, ScenarioCreate, ScenarioPatch),
        Endpoint(
            "GET",
            "/api/roles",
            ROLES.list,
            "Roles the caller may see (own and system templates), newest first",
            response=Page[RoleSummary],
            query=(
                *PAGE,
                Param("name_cn", Text, "only roles with exactly this Chinese name"),
                Param("q", Text, "only roles whose name or name_cn contains this text"),
                FOR_USER,
            ),
        ),
        *_owned("roles", "role", ROLES, RoleCreate, RolePatch),
        Endpoint(
            "GET",
            "/api/sessions",
            list_sessions,
            "The caller's practice sessions, latest start_time first",
            response=Page[SessionSummary],
            query=(
                *PAGE,
                Param("scenario_id", IdFilter, "only sessions of this scenario"),
                Param("role_id", IdFilter, "only sessions with this role"),
                FOR_USER,
            ),
        ),
        Endpoint(
            "POST",
            "/api/sessions",
            create_session,
            "Record a finished practice session",
            body=SessionCreate,
            response=Session,
            status=201,
            errors=WRITE_ERRORS,
            idempotent=True,
        ),
        Endpoint(
            "GET",
            "/api/sessions/{id}",
            get_session,
            "One session with its transcript and analysis",
            response=Session,
            query=(FOR_USER,),
            lock=lock_session,
        ),
        Endpoint(
            "DELETE",
            "/api/sessions/{id}",
            delete_session,
            "Delete a session",
            status=204,
            query=(FOR_USER,),
        ),
        Endpoint(
            "POST",
            "/api/system/init_defaults",
            init_defaults,
            "Insert the shipped system templates whose ids are missing",
            response=Seeded,
            access="admin",
        ),
        Endpoint(
            "POST",
            "/api/import",
            import_local,
            "Import what the browser kept, all in one transaction, idempotent by id",
            body=Upload,
            response=Imported,
            errors=WRITE_ERRORS,
            query=(Param("user_id", Id, "admin only: whose data this is"),),
        ),
    ),
)
