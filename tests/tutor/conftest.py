"""The service with the tutor app alone, per engine: its tests do not wait on, or break with,
the other apps' databases; its pools close when the package's tests are done."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from service import runtime
from service.apps import REGISTRY
from service.auth import Tokens
from service.config import DbUrl, Timeouts
from service.db import Database
from tests.conftest import SECRET, Service, scratch_name, settings_for

# The races queue dozens of writers on one row: on a loaded shared test machine the service's
# own waits (1 s for a pooled connection, 3 s for a row lock) would answer some with 503, which
# is those limits working, not the invariant under test.
PATIENT = Timeouts(pool=30.0, statement=30.0, lock=30.0, request=60.0)
# Small pools, held only while this package runs: the whole suite shares each server's
# connection limit (the embedded PostgreSQL's and the shared MariaDB's).
POOL = 4


@pytest.fixture(scope="package")
async def service(server: DbUrl) -> AsyncIterator[Service]:
    import httpx

    from service.app import create_app

    settings = settings_for(
        server, {"tutor": scratch_name("tutor")}, timeouts=PATIENT, pool_max=POOL
    )
    app = create_app(settings, migrate=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Service(server.engine, settings, client, Tokens(SECRET, list(REGISTRY)))
    url = settings.databases["tutor"].url
    assert url is not None
    await runtime.drop_database(url, settings)


@pytest.fixture(scope="package")
async def db(service: Service) -> AsyncIterator[Database]:
    """The tutor database itself, for tests that drive the store's writes directly."""
    from service.apps.tutor import APP

    settings = service.settings
    database = await runtime.ensure_database("tutor", settings.databases["tutor"], settings, APP)
    yield database
    await database.close()
