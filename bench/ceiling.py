"""The stack's own ceiling: Starlette under uvicorn, started as the service is (same worker count,
same wrk, same connections), answering a constant JSON body about the size of one scenario, with
no middleware, no authentication and no database. Its rate is what the fixed stack alone allows;
beside the floor it bounds service ÷ floor from above: a service whose own code cost nothing
would spend the floor's time and the ceiling's on each request, and reach
ceiling ÷ (floor + ceiling) of the floor (`report.bound`)."""

from __future__ import annotations

import sys
from pathlib import Path

import msgspec
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.workload import Request as Planned

PATH = "/ceiling"
# The get's answer is about 2.3 KB of JSON (a seeded scenario with its text fields).
BODY = msgspec.json.encode({"id": "bench-ceiling", "text": "x" * 2300})
ROOT = Path(__file__).resolve().parent.parent


async def answer(request: Request) -> Response:
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/ready", answer), Route(PATH, answer)])


def command(port: int, workers: int) -> list[str]:
    """uvicorn as `datasvc serve` runs it (its defaults: httptools, uvloop; log level warning)."""
    return [
        sys.executable, "-m", "uvicorn", "bench.ceiling:app", "--app-dir", str(ROOT),
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning",
    ]  # fmt: skip


def requests() -> list[Planned]:
    """The ceiling's one request, for the same generated wrk script as the endpoints'."""
    return [Planned("GET", PATH, "ceiling")]


TOKENS = {"ceiling": ("X-Bench", "ceiling")}  # a header to send, as an endpoint's credential
