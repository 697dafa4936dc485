"""Lists: newest-first keyset pagination with opaque cursors, and `fields=` to trim each item."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import msgspec
from starlette.requests import Request

from service.bodies import UNSTORABLE, storable_moment
from service.db import Row
from service.errors import BadRequest
from service.http import bad_query, query_int

T = TypeVar("T")
_encoder = msgspec.json.Encoder()
# The first page starts "after" a key no row can reach, so one query serves every page.
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)


class Page(msgspec.Struct, Generic[T]):
    """One page of a list: pass `next_cursor` back as `cursor` for the next; null at the end."""

    items: list[T]
    next_cursor: str | None


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(_encoder.encode(key)).decode().rstrip("=")


def _issued(part: Any) -> Any:
    """A key part as a row could hold it, or None: text a database cannot store, or a moment
    outside what both engines' timestamp columns hold, never came from a row."""
    if isinstance(part, str):
        return None if UNSTORABLE.search(part) else part
    if isinstance(part, datetime):
        return storable_moment(part)
    return part


def decode_cursor(text: str, kind: Any) -> Any:
    """A cursor a previous page returned; anything else is the client's mistake (400). `kind`
    types each part as its column's values are typed (an id type with its pattern, ...)."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        key = msgspec.json.decode(raw, type=kind)
    except (ValueError, RecursionError, msgspec.DecodeError):  # binascii.Error is a ValueError
        key = None
    parts = None if key is None else tuple(_issued(part) for part in key)
    if parts is None or None in parts:
        raise BadRequest("the cursor is not one this service returned; start from the first page")
    return parts


@dataclass(frozen=True)
class Window:
    """One page's bounds: `params` go to the query (one row more than `limit`, to see if a next
    page exists)."""

    limit: int
    params: dict[str, Any]


@dataclass(frozen=True)
class Keyset:
    """Pages of rows ordered by (`sort` DESC, id DESC). Its queries take :before_<sort>,
    :before_id and :limit, and keep the rows strictly after that key; rows inserted while a
    client pages through land before its cursor, so no page repeats or skips a row."""

    sort: str
    id_kind: Any = str
    first_id: Any = ""
    default: int = 50
    most: int = 200

    def window(self, request: Request) -> Window:
        limit = query_int(request, "limit", self.default, 1, self.most)
        text = request.query_params.get("cursor")
        after = (
            decode_cursor(text, tuple[datetime, self.id_kind])  # type: ignore[name-defined]
            if text
            else (FAR_FUTURE, self.first_id)
        )
        params = {f"before_{self.sort}": after[0], "before_id": after[1], "limit": limit + 1}
        return Window(limit, params)

    def page(self, rows: Sequence[Row], window: Window, build: Callable[[Row], T]) -> Page[T]:
        items = [build(row) for row in rows[: window.limit]]
        if len(rows) <= window.limit:
            return Page(items, None)
        last = rows[window.limit - 1]
        # The id as the row has it (a number stays a number, for integer-keyed tables).
        return Page(items, encode_cursor(last[self.sort], last["id"]))


def fields(request: Request, kind: type[msgspec.Struct]) -> tuple[str, ...] | None:
    """`fields=id,title`: which of an item's fields to return (`id` always); None for all."""
    text = request.query_params.get("fields")
    if not text:
        return None
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in kind.__struct_fields__]
    if unknown:
        known = ", ".join(kind.__struct_fields__)
        raise bad_query(
            "fields", f"names unknown field(s) {', '.join(unknown)}; choose from {known}"
        )
    return ("id", *(n for n in names if n != "id"))


def trim(page: Page[Any], names: tuple[str, ...] | None) -> Page[Any]:
    if names is None:
        return page
    items = [{n: getattr(item, n) for n in names} for item in page.items]
    return Page(items, page.next_cursor)
