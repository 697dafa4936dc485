"""Reading the trail: a profile's own (its user or an admin) and everyone's (admin)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from service.apps.tutor.items import RowId
from service.apps.tutor.models import AuditEntry
from service.apps.tutor.profiles import profile_id
from service.bodies import INT32_MAX, UNSTORABLE
from service.errors import FieldError, Invalid
from service.http import bad_query, query_value
from service.pages import Keyset, Page
from service.routing import Call

NEWEST = Keyset("changed_at", id_kind=RowId, first_id=INT32_MAX)
ACTIONS = ("INSERT", "UPDATE", "DELETE")
EARLIEST = datetime(1000, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def _text(request: Request, name: str, most: int) -> str | None:
    value = query_value(request, name, str)
    if value is not None and (UNSTORABLE.search(value) or len(value) > most):
        raise bad_query(name, f"must be at most {most} characters without U+0000")
    return value


def _moment(request: Request, name: str) -> datetime | None:
    value = query_value(request, name, datetime)
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # no offset means UTC, as everywhere
    if not EARLIEST <= value <= LATEST:
        raise bad_query(name, "must be a moment between the years 1000 and 9999")
    return value


def filters(request: Request) -> dict[str, Any]:
    action = _text(request, "action", 10)
    if action is not None and action not in ACTIONS:
        raise bad_query("action", "must be INSERT, UPDATE or DELETE", f", not {action!r}")
    since, until = _moment(request, "since"), _moment(request, "until")
    if since is not None and until is not None and until < since:
        raise Invalid(
            "query parameter until is before since",
            errors=[FieldError(path="query.until", message="is before since")],
        )
    return {
        "table_name": _text(request, "table", 64),
        "record_id": _text(request, "record_id", 255),
        "action": action,
        "changed_by": _text(request, "changed_by", 64),
        "since": since,
        "until": until,
    }


async def list_audit(call: Call) -> Page[AuditEntry]:
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_audit(**filters(call.request), **window.params)
    return NEWEST.page(rows, window, lambda r: AuditEntry(**r))


async def list_profile_audit(call: Call) -> Page[AuditEntry]:
    profile = profile_id(call)
    window = NEWEST.window(call.request)
    params = filters(call.request) | window.params
    rows = await call.db.q.list_profile_audit(profile_id=profile, **params)
    return NEWEST.page(rows, window, lambda r: AuditEntry(**r))
