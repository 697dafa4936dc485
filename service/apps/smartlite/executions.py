"""Pipeline executions (seed 002, pipeline_executions): started only on an active pipeline,
then moved through their lifecycle by conditional updates; a completion is metered."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from msgspec import Meta, Struct

from service.apps.smartlite.common import new_id, owner, path_id
from service.apps.smartlite.credentials import is_worker, now
from service.apps.smartlite.pipelines import FOR_USER, NEWEST, PAGE, READ, WRITE, Json
from service.apps.smartlite.usage import meter
from service.bodies import INT32_MAX, Text, json_fits, text_fits
from service.db import Runner
from service.errors import Conflict, Invalid, NotFound
from service.http import query_value
from service.pages import Page
from service.routing import Call, Endpoint, found
from service.states import Lifecycle

EXECUTION = Lifecycle(
    "execution",
    {
        "run": (("pending",), "running"),
        "complete": (("running",), "completed"),
        "fail": (("pending", "running"), "failed"),
        "cancel": (("pending", "running"), "cancelled"),
    },
)


class ExecutionStart(Struct, forbid_unknown_fields=True):
    input_data: Json | None = None

    def __post_init__(self) -> None:
        json_fits(self, "input_data")


class ExecutionDone(Struct, forbid_unknown_fields=True):
    output_data: Json | None = None
    execution_time: Annotated[int, Meta(ge=0, le=INT32_MAX, description="milliseconds")] | None = (
        None
    )

    def __post_init__(self) -> None:
        json_fits(self, "output_data")


class ExecutionFailed(Struct, forbid_unknown_fields=True):
    error_message: Annotated[Text, Meta(min_length=1)]

    def __post_init__(self) -> None:
        text_fits(self, "error_message")


class Execution(Struct):
    id: str
    pipeline_id: str
    user_id: str
    status: str
    input_data: Json | None
    output_data: Json | None
    error_message: str | None
    execution_time: int | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


def _writer(call: Call) -> str | None:
    """Whose executions a call may move: its own, or anyone's for an admin or a worker."""
    return None if is_worker(call.principal) else call.principal.subject


async def start(call: Call) -> Execution:
    body: ExecutionStart = call.body
    pipeline, who = path_id(call, "id", "pipeline"), owner(call)
    row = await call.db.q.start_execution(
        id=new_id(), pipeline_id=pipeline, owner=who, input_data=body.input_data
    )
    if row is None:
        status = await call.db.q.get_pipeline_status(id=pipeline, owner=who)
        if status is None:
            raise NotFound("no pipeline with that id")
        raise Conflict(f"the pipeline is {status}; executions start only on an active one")
    return Execution(**row)


async def list_for_pipeline(call: Call) -> Page[Execution]:
    pipeline = path_id(call, "id", "pipeline")
    found(await call.db.q.get_pipeline(id=pipeline, owner=owner(call)), "pipeline")
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_pipeline_executions(pipeline_id=pipeline, **window.params)
    return NEWEST.page(rows, window, lambda r: Execution(**r))


async def list_for_user(call: Call) -> Page[Execution]:
    user = call.acting_for(query_value(call.request, "user_id", str))
    if user is None:
        raise Invalid("an admin lists one user's executions: give user_id")
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_user_executions(user_id=user, **window.params)
    return NEWEST.page(rows, window, lambda r: Execution(**r))


async def get_execution(call: Call) -> Execution:
    row = await call.db.q.get_execution(id=path_id(call, "id", "execution"), owner=owner(call))
    return Execution(**found(row, "execution"))


async def _move(call: Call, action: str, **values: Any) -> Execution:
    execution, who = path_id(call, "id", "execution"), _writer(call)

    async def work(tx: Runner) -> Any:
        row = await EXECUTION.move(
            action,
            getattr(tx.q, f"{action}_execution"),
            lambda: tx.q.get_execution_status(id=execution, owner=who),
            id=execution,
            owner=who,
            **values,
        )
        if action == "complete":
            await meter(tx, call.request, row["user_id"], "pipeline")
        return row

    return Execution(**await call.db.atomic(work))


async def run(call: Call) -> Execution:
    return await _move(call, "run")


async def complete(call: Call) -> Execution:
    body: ExecutionDone = call.body
    return await _move(
        call,
        "complete",
        now=now(),
        output_data=body.output_data,
        execution_time=body.execution_time,
    )


async def fail(call: Call) -> Execution:
    body: ExecutionFailed = call.body
    return await _move(call, "fail", now=now(), error_message=body.error_message)


async def cancel(call: Call) -> Execution:
    return await _move(call, "cancel", now=now())


ENDPOINTS = (
    Endpoint(
        "POST",
        "/api/pipelines/{id}/executions",
        start,
        "Start an execution of an active pipeline (pending)",
        body=ExecutionStart,
        response=Execution,
        status=201,
        errors=WRITE,
        idempotent=True,
    ),
    Endpoint(
        "GET",
        "/api/pipelines/{id}/executions",
        list_for_pipeline,
        "A pipeline's executions, newest first",
        response=Page[Execution],
        query=PAGE,
        errors=READ,
    ),
    Endpoint(
        "GET",
        "/api/executions",
        list_for_user,
        "A user's executions of every pipeline, newest first",
        response=Page[Execution],
        query=(*PAGE, FOR_USER),
        errors=READ,
    ),
    Endpoint(
        "GET",
        "/api/executions/{id}",
        get_execution,
        "One execution",
        response=Execution,
        errors=READ,
    ),
    *(
        Endpoint(
            "POST",
            f"/api/executions/{{id}}/{action}",
            handler,
            summary,
            body=body,
            response=Execution,
            errors=WRITE,
        )
        for action, handler, body, summary in (
            ("run", run, None, "A pending execution starts running"),
            ("complete", complete, ExecutionDone, "A running execution's output (metered)"),
            ("fail", fail, ExecutionFailed, "A pending or running execution failed"),
            ("cancel", cancel, None, "Cancel a pending or running execution"),
        )
    ),
)
