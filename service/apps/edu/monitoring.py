"""The monitoring section of seed 003 as an admin route: what `datasvc stats --app edu` prints."""

from __future__ import annotations

from service import monitor
from service.http import query_int
from service.routing import Call


async def stats(call: Call) -> monitor.Stats:
    return await monitor.stats("edu", call.db, query_int(call.request, "limit", 10, 1, 100))
