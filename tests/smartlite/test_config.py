"""smartlite's configuration: the seed's split SMARTLITE_DB_* settings, and the price table."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from service import config, runtime
from service.apps.smartlite.usage import cost_of
from service.config import ConfigError, DbUrl
from tests.conftest import SECRET, scratch_name

PASSWORD = "correct horse battery"


def test_split_settings_name_a_mysql_database_by_default() -> None:
    env = {
        "SMARTLITE_DB_HOST": "db.internal",
        "SMARTLITE_DB_PORT": "3307",
        "SMARTLITE_DB_USER": "smart",
        "SMARTLITE_DB_PASSWORD": "p@ss:word",
        "SMARTLITE_DB_NAME": "ai_smartlite",
        "JWT_SECRET": SECRET,
    }
    url = config.load(env).databases["smartlite"].url
    assert url is not None
    assert (url.engine, url.host, url.port, url.user, url.password, url.database) == (
        "mysql",
        "db.internal",
        3307,
        "smart",
        "p@ss:word",
        "ai_smartlite",
    )


async def test_the_app_serves_from_split_settings(mysql_server: DbUrl) -> None:
    from service.app import create_app

    name = scratch_name("smartlite")
    env = {
        "APPS": "smartlite",
        "SMARTLITE_DB_HOST": mysql_server.host,
        "SMARTLITE_DB_PORT": str(mysql_server.port),
        "SMARTLITE_DB_USER": mysql_server.user,
        "SMARTLITE_DB_PASSWORD": mysql_server.password,
        "SMARTLITE_DB_NAME": name,
        "JWT_SECRET": SECRET,
    }
    settings = config.load(env)
    app = create_app(settings, migrate=True)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                r = await client.post(
                    "/smartlite/api/auth/register",
                    json={"email": "s@x.example", "username": "split", "password": PASSWORD},
                )
                assert r.status_code == 201, r.text
    finally:
        url = settings.databases["smartlite"].url
        assert url is not None
        await runtime.drop_database(url, settings)


def test_prices_come_from_the_environment_over_the_defaults() -> None:
    table = config.load(
        {
            "SMARTLITE_PRICES": "asr.second=0.001, llm.request=0.5",
            "JWT_SECRET": SECRET,
            "DATABASE_URL": "mysql://root@h",
        }
    ).prices
    assert table["asr"]["second"] == Decimal("0.001")
    assert table["llm"] == {"token": Decimal("0.0001"), "request": Decimal("0.5")}
    assert cost_of(table, "asr", seconds=Decimal("12.34")) == Decimal("0.0123")
    assert cost_of(table, "llm", tokens=3) == Decimal("0.5003")


@pytest.mark.parametrize(
    "text", ["asr.token=1", "sms.request=1", "asr.second=-1", "asr.second=x", "asr.second=NaN"]
)
def test_a_wrong_price_names_the_setting(text: str) -> None:
    with pytest.raises(ConfigError, match="SMARTLITE_PRICES"):
        config.load(
            {"SMARTLITE_PRICES": text, "JWT_SECRET": SECRET, "DATABASE_URL": "mysql://root@h"}
        )
