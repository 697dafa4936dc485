"""Usage metering (seed 002, usage_metrics): each completion adds to its user's day in the
completion's own transaction, one upsert on the (user_id, service, date) key."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from msgspec import Struct
from starlette.requests import Request

from service.apps.smartlite.common import new_id
from service.config import DEFAULT_PRICES, Prices
from service.db import Runner
from service.http import bad_query, query_int, query_value
from service.routing import Call

Service = Literal["asr", "tts", "llm", "pipeline"]
CENT = Decimal("0.0001")  # the scale of usage_metrics.cost
LONGEST_RANGE = 366
# What a TIMESTAMP column holds on MySQL: days outside it have no usage.
FIRST_DAY, LAST_DAY = date(1970, 1, 2), date(2038, 1, 18)


class UsageDay(Struct):
    user_id: str
    service: str
    date: datetime
    request_count: int | None
    token_count: int | None
    cost: Decimal | None


class Usage(Struct):
    items: list[UsageDay]


def prices(request: Request) -> Prices:
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "prices", DEFAULT_PRICES)


def cost_of(
    table: Prices, service: str, *, seconds: Decimal = Decimal(0), tokens: int = 0
) -> Decimal:
    rate = table.get(service, {})
    total = (
        rate.get("request", Decimal(0))
        + rate.get("second", Decimal(0)) * seconds
        + rate.get("token", Decimal(0)) * tokens
    )
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


async def meter(
    tx: Runner,
    request: Request,
    user_id: str,
    service: Service,
    *,
    seconds: Decimal | None = None,
    tokens: int = 0,
    requests: int = 1,
) -> None:
    """Add a completion to the user's usage of `service` today (UTC): call inside the
    completion's transaction, so the two commit or roll back together."""
    day = datetime.combine(datetime.now(UTC).date(), time(), tzinfo=UTC)
    cost = cost_of(prices(request), service, seconds=seconds or Decimal(0), tokens=tokens)
    await tx.q.add_usage(
        id=new_id(),
        user_id=user_id,
        service=service,
        requests=requests,
        tokens=tokens,
        cost=cost,
        date=day,
    )


def _day(request: Request, name: str, default: date) -> date:
    value = query_value(request, name, date)
    return default if value is None else min(max(value, FIRST_DAY), LAST_DAY)


async def get_usage(call: Call) -> Usage:
    """Per day and service in [from, to] (UTC days, default the last 30); a user their own,
    an admin anyone's (user_id) or everyone's."""
    request = call.request
    today = datetime.now(UTC).date()
    since = _day(request, "from", today - timedelta(days=29))
    until = _day(request, "to", today)
    if until < since:
        raise bad_query("to", "must not be before from")
    if (until - since).days >= LONGEST_RANGE:
        raise bad_query("to", f"must be within {LONGEST_RANGE} days of from")
    service = query_value(request, "service", Service)  # type: ignore[arg-type]
    user = call.acting_for(query_value(request, "user_id", str))
    limit = query_int(request, "limit", 1000, 1, 5000)
    rows: list[dict[str, Any]] = await call.db.q.list_usage(
        user_id=user,
        service=service,
        since=datetime.combine(since, time(), tzinfo=UTC),
        until=datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC),
        limit=limit,
    )
    return Usage([UsageDay(**row) for row in rows])
