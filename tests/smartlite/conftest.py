"""The smartlite tests' service: only this app enabled, on a fresh migrated database per engine,
held for this package only (its pool is closed before the rest of the suite runs)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from service import runtime
from service.apps import REGISTRY
from service.auth import Tokens
from service.config import DbUrl
from tests.conftest import SECRET, Service, scratch_name, settings_for


@pytest.fixture(scope="package")
async def service(server: DbUrl) -> AsyncIterator[Service]:
    from service.app import create_app

    settings = settings_for(server, {"smartlite": scratch_name("smartlite")})
    app = create_app(settings, migrate=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Service(server.engine, settings, client, Tokens(SECRET, list(REGISTRY)))
    url = settings.databases["smartlite"].url
    assert url is not None
    await runtime.drop_database(url, settings)
