"""Pipelines (seed 002, pipelines): CRUD, and an archived pipeline is read-only; executions
are in executions.py."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from service.apps.smartlite.common import creator, new_id, owner, path_id
from service.apps.smartlite.models import Id
from service.bodies import Text, changes, json_fits, text_fits
from service.db import Runner
from service.errors import Conflict, Invalid, NotFound
from service.http import query_value
from service.pages import Keyset, Page
from service.routing import Call, Endpoint, Param, found

Status = Literal["active", "inactive", "archived"]
Name = Annotated[Text, Meta(min_length=1, max_length=255)]
Json = dict[str, Any]
NEWEST = Keyset("created_at")


class PipelineCreate(Struct, forbid_unknown_fields=True):
    name: Name
    description: Text | None = None
    config: Json | None = None
    status: Status = "active"
    user_id: Annotated[Id | None, Meta(description="admin only: whose pipeline")] = None

    def __post_init__(self) -> None:
        text_fits(self, "description")
        json_fits(self, "config")


class PipelinePatch(Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    description: Text | None | UnsetType = UNSET
    config: Json | None | UnsetType = UNSET
    status: Status | UnsetType = UNSET

    def __post_init__(self) -> None:
        text_fits(self, "description")
        json_fits(self, "config")


class Pipeline(Struct):
    id: str
    user_id: str
    name: str | None
    description: str | None
    config: Json | None
    status: str
    created_at: datetime
    updated_at: datetime


async def create(call: Call) -> Pipeline:
    body: PipelineCreate = call.body
    params = {
        "id": new_id(),
        "user_id": creator(call, body.user_id),
        "name": body.name,
        "description": body.description,
        "config": body.config,
        "status": body.status,
    }
    return Pipeline(**await call.db.q.insert_pipeline(**params))


async def list_pipelines(call: Call) -> Page[Pipeline]:
    user = call.acting_for(query_value(call.request, "user_id", str))
    if user is None:
        raise Invalid("an admin lists one user's pipelines: give user_id")
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_pipelines(user_id=user, **window.params)
    return NEWEST.page(rows, window, lambda r: Pipeline(**r))


async def get(call: Call) -> Pipeline:
    row = await call.db.q.get_pipeline(id=path_id(call, "id", "pipeline"), owner=owner(call))
    return Pipeline(**found(row, "pipeline"))


async def lock(call: Call) -> None:
    """For If-Match on PATCH / DELETE (service/etags.py): the pipeline stays as read."""
    status = await call.db.q.lock_pipeline(id=path_id(call, "id", "pipeline"), owner=owner(call))
    found(status, "pipeline")


async def _refusal(runner: Runner, pipeline: str, who: str | None) -> Exception:
    status = await runner.q.get_pipeline_status(id=pipeline, owner=who)
    if status is None:
        return NotFound("no pipeline with that id")
    return Conflict(f"the pipeline is {status}; an archived pipeline is read-only")


async def update(call: Call) -> Pipeline:
    pipeline, who = path_id(call, "id", "pipeline"), owner(call)
    row = await call.db.q.update_pipeline(id=pipeline, owner=who, **changes(call.body))
    if row is None:
        raise await _refusal(call.db, pipeline, who)
    return Pipeline(**row)


async def delete(call: Call) -> None:
    """The pipeline and its executions, in one transaction; an archived one stays."""
    pipeline = path_id(call, "id", "pipeline")
    async with call.db.transaction() as tx:
        status = await tx.q.lock_pipeline(id=pipeline, owner=owner(call))
        if status is None:
            raise NotFound("no pipeline with that id")
        if status == "archived":
            raise Conflict("the pipeline is archived; an archived pipeline is read-only")
        await tx.q.delete_pipeline_executions(pipeline_id=pipeline)
        await tx.q.delete_pipeline(id=pipeline)


PAGE = (
    Param("limit", int, "page size, 1 to 200 (default 50)"),
    Param("cursor", str, "next_cursor of the previous page"),
)
FOR_USER = Param("user_id", str, "admin: whose rows")
READ = (400, 401, 403, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)
ENDPOINTS = (
    Endpoint(
        "POST",
        "/api/pipelines",
        create,
        "Create a pipeline",
        body=PipelineCreate,
        response=Pipeline,
        status=201,
        errors=WRITE,
        idempotent=True,
    ),
    Endpoint(
        "GET",
        "/api/pipelines",
        list_pipelines,
        "A user's pipelines, newest first",
        response=Page[Pipeline],
        query=(*PAGE, FOR_USER),
        errors=READ,
    ),
    Endpoint(
        "GET",
        "/api/pipelines/{id}",
        get,
        "One pipeline",
        response=Pipeline,
        errors=READ,
        lock=lock,
    ),
    Endpoint(
        "PATCH",
        "/api/pipelines/{id}",
        update,
        "Change a pipeline (an archived one is read-only: 409)",
        body=PipelinePatch,
        response=Pipeline,
        errors=WRITE,
    ),
    Endpoint(
        "DELETE",
        "/api/pipelines/{id}",
        delete,
        "Delete a pipeline and its executions (not an archived one: 409)",
        status=204,
        errors=WRITE,
    ),
)
