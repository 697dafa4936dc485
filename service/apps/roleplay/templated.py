"""Rows a user owns or the system shares (scenarios and roles): one set of handlers for both.

A row with user_id NULL and is_default true is a system template: every user sees it, only an
admin writes it. Everything else belongs to its user_id and is invisible to other users, so
another user's id answers 404, exactly like an unknown one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import msgspec
from starlette.requests import Request

from service.apps.roleplay.models import ID_PATTERN, Count, Id
from service.bodies import changes, new_row
from service.errors import Forbidden, Invalid, NotFound
from service.http import bad_query
from service.pages import Keyset, Page, fields, trim
from service.routing import Call, found

ID = re.compile(ID_PATTERN)
NEWEST = Keyset("created_at", id_kind=Id)


def path_id(call: Call, noun: str) -> str:
    """The id in the path; one that could not be stored is simply not found."""
    value = call.path("id")
    if not ID.match(value):
        raise NotFound(f"no {noun} with that id")
    return value


def viewer(call: Call) -> str | None:
    """Whose view of the rows: the caller; for an admin, ?user_id= or everyone (None)."""
    # Most calls carry no query string, and parsing even an empty one through Starlette's
    # QueryParams took 7 us of a request.
    query = call.request.scope["query_string"]
    requested = call.request.query_params.get("user_id") or None if query else None
    if requested is not None and not ID.match(requested):
        raise bad_query("user_id", "is not a user id (1 to 36 letters, digits and _ . : -)")
    return call.acting_for(requested)


def owned_row(call: Call, body: Any) -> dict[str, Any]:
    """A create body as insert parameters: user_id and is_default settled by who is calling."""
    params = new_row(body)
    if not call.principal.is_admin:
        if body.is_default:
            raise Forbidden("only an admin creates system templates (is_default)")
        params["user_id"] = call.acting_for(body.user_id)
    elif body.is_default and body.user_id is not None:
        raise Invalid("a system template belongs to no user: leave user_id out")
    elif not body.is_default and body.user_id is None:
        raise Invalid("give user_id for a user's row, or is_default: true for a system template")
    return params


@dataclass(frozen=True)
class Templated:
    """The handlers of one such table; `filters` reads its list filters from the query."""

    noun: str
    summary: type[msgspec.Struct]
    full: type[msgspec.Struct]
    filters: Callable[[Request], dict[str, Any]]

    def _q(self, call: Call, verb: str) -> Any:
        return getattr(call.db.q, f"{verb}_{self.noun}")

    async def _refuse(self, call: Call, row_id: str) -> NoReturn:
        """After a write matched none of the caller's rows: a template they can see is
        read-only (403); anything else is not theirs to know about (404)."""
        access = await getattr(call.db.q, f"get_{self.noun}_access")(id=row_id)
        if access is not None and access["is_default"]:
            raise Forbidden(f"this {self.noun} is a system template and read-only; copy it")
        raise NotFound(f"no {self.noun} with that id")

    async def list(self, call: Call) -> Page[Any]:
        who = viewer(call)
        window = NEWEST.window(call.request)
        params = window.params | self.filters(call.request)
        if who is None:
            rows = await getattr(call.db.q, f"list_all_{self.noun}s")(**params)
        else:
            rows = await getattr(call.db.q, f"list_visible_{self.noun}s")(viewer=who, **params)
        page = NEWEST.page(rows, window, lambda row: self.summary(**row))
        return trim(page, fields(call.request, self.summary))

    async def count(self, call: Call) -> Count:
        who = viewer(call)
        if who is None:
            raise Invalid("an admin token must say whose rows to count: give ?user_id=")
        return Count(await getattr(call.db.q, f"count_own_{self.noun}s")(user_id=who))

    async def lock(self, call: Call) -> None:
        """For If-Match (service/etags.py): the row stays as read; `get` decides visibility."""
        await getattr(call.db.q, f"get_{self.noun}_access")(id=path_id(call, self.noun))

    async def get(self, call: Call) -> Any:
        row = await self._q(call, "get")(id=path_id(call, self.noun), viewer=viewer(call))
        return self.full(**found(row, self.noun))

    async def create(self, call: Call) -> Any:
        return self.full(**await self._q(call, "insert")(**owned_row(call, call.body)))

    async def update(self, call: Call) -> Any:
        row_id = path_id(call, self.noun)
        row = await self._q(call, "update")(id=row_id, owner=viewer(call), **changes(call.body))
        if row is None:
            await self._refuse(call, row_id)
        return self.full(**row)

    async def delete(self, call: Call) -> None:
        row_id = path_id(call, self.noun)
        if not await self._q(call, "delete")(id=row_id, owner=viewer(call)):
            await self._refuse(call, row_id)
