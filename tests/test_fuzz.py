"""Schema-driven fuzzing: every operation of every enabled app, read from the service's own
/openapi.json, called with an admin token and with a user token on both engines. A request fails
the test when it answers 500, a status the document does not declare for it, a body that does not
match the declared schema or content type, or when it logs an error.

Bounded for CI by FUZZ_EXAMPLES examples per operation (derandomized, so a run is repeatable);
`scripts/fuzz` runs the same test deeper. A new app is fuzzed as soon as it is registered: the
operations come from the document, not from a list here."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service import runtime
from service.apps import REGISTRY
from service.auth import Tokens
from service.config import DbUrl
from tests.conftest import SECRET, scratch_name, settings_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
APPS = [a for a in os.environ.get("FUZZ_APPS", ",".join(REGISTRY)).split(",") if a]


def no_500(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 500 is the service failing. Other 5xx are answers a route declares (503 while a
    database is away, 501 where an engine lacks a feature): status_code_conformance holds them
    to the document."""
    if response.status_code == 500:
        raise AssertionError(f"500 Internal Server Error: {response.text[:500]}")
    return None


CHECKS = [
    no_500,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# An app whose user rows exist only once created gets one, so its user token acts as a real
# user; any other app's user token names user "1" (a valid id whether ids are numbers or text).
USERS: dict[str, tuple[str, dict[str, Any]]] = {
    "chat": ("/chat/api/users/login", {"username": "fuzz-user"}),
    "roleplay": ("/roleplay/api/users", {"username": "fuzz-user"}),
    "smartlite": (
        "/smartlite/api/auth/register",
        {"email": "fuzz@example.com", "username": "fuzz-user", "password": "correct horse battery"},
    ),
}


@dataclass
class Fuzzed:
    schema: Any
    headers: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    statuses: dict[tuple[str, int], int] = field(default_factory=dict)

    def callers(self, path: str) -> dict[str, dict[str, str]]:
        """Who calls an operation: its app's admin and user; the service's own routes, nobody."""
        return self.headers.get(path.strip("/").split("/")[0], {"anyone": {}})


@pytest.fixture(scope="module")
def fuzzed(server: DbUrl) -> Iterator[Fuzzed]:
    """The whole service on its own scratch databases; schemathesis runs its lifespan."""
    from service.app import create_app

    # One request at a time: two connections per app leave the servers' slots to other tests.
    settings = settings_for(server, {app: scratch_name(app) for app in APPS}, pool_max=2)
    app = create_app(settings, migrate=True)
    tokens = Tokens(SECRET, list(REGISTRY))
    admin = {"Authorization": "Bearer " + tokens.issue(role="admin")}
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        result = Fuzzed(schema)
        with asgi.get_client(app) as client:
            for name in settings.apps:
                subject = "1"
                if name in USERS:
                    path, body = USERS[name]
                    r = client.post(f"http://{asgi.HOST}{path}", json=body, headers=admin)
                    assert r.status_code in (200, 201), r.text
                    subject = str(r.json()["id"])
                user = tokens.issue(role="user", app=name, subject=subject)
                result.headers[name] = {"admin": admin, "user": {"Authorization": "Bearer " + user}}
        yield result
    finally:
        asgi.shutdown_lifespans()
        for name in APPS:
            url = settings.databases[name].url
            assert url is not None
            asyncio.run(runtime.drop_database(url, settings))


def _fuzz(operation: Any, fuzzed: Fuzzed, caplog: pytest.LogCaptureFixture) -> None:
    """EXAMPLES cases of valid and of invalid input, each sent as every caller."""
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    callers = fuzzed.callers(operation.path)

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
        verbosity=Verbosity.quiet,
    )
    def send(case: Any) -> None:
        for headers in callers.values():
            caplog.clear()
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            fuzzed.statuses[(operation.label, response.status_code)] = (
                fuzzed.statuses.get((operation.label, response.status_code), 0) + 1
            )
            logged = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
            assert not logged, [r.getMessage() for r in logged]

    send()


def test_no_request_answers_500_or_off_the_document(
    fuzzed: Fuzzed, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    failures, seen = [], 0
    for result in fuzzed.schema.get_all_operations():
        operation = result.ok()
        seen += 1
        try:
            _fuzz(operation, fuzzed, caplog)
        except (Exception, BaseExceptionGroup) as exc:  # every operation runs; all are reported
            failures.append(f"{operation.label}: {exc}")
    assert seen > 0
    if os.environ.get("FUZZ_REPORT"):
        for (label, status), n in sorted(fuzzed.statuses.items()):
            print(f"{label:55} {status} x{n}")
    assert not failures, "\n\n".join(failures)
