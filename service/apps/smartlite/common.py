"""Pieces every smartlite module uses: ids, whose rows a call touches, path ids."""

from __future__ import annotations

import itertools
import os
import re
import time

from service.errors import Forbidden, Invalid, NotFound
from service.routing import Call

_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_sequence = itertools.count()
_process = os.urandom(3).hex()


def new_id() -> str:
    """A time-ordered id (the seed uses CUID2, which is not): rows created later sort after,
    so "in order" and keyset pages can rest on (created_at, id) with second-precision
    TIMESTAMPs. Nanoseconds, this process and a counter keep ids unique across replicas."""
    return f"{time.time_ns():016x}{_process}{next(_sequence) % 0x100000:05x}"


def path_id(call: Call, name: str, noun: str) -> str:
    """An id from the path: anything no id can look like is simply not found."""
    value = call.path(name)
    if not _ID.fullmatch(value):
        raise NotFound(f"no {noun} with that id")
    return value


def me(call: Call) -> str:
    """The calling user; an admin token is nobody's account."""
    if call.principal.is_admin:
        raise NotFound("an admin token is not a smartlite user; use a user's credentials")
    return call.principal.subject


def owner(call: Call) -> str | None:
    """Whose rows: the caller's, or None (anyone's) for an admin."""
    return None if call.principal.is_admin else call.principal.subject


def creator(call: Call, requested: str | None) -> str:
    """Whose new row this is: a user's own; an admin must name the user."""
    user = call.acting_for(requested)
    if user is None:
        raise Invalid("an admin token must say whose row this is: give user_id")
    return user


def forbid_unless(allowed: bool, detail: str) -> None:
    if not allowed:
        raise Forbidden(detail)
