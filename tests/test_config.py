"""Configuration: every mistake fails at start with one line naming the variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service import config
from service.config import ConfigError, DbUrl

SECRET = "s" * 40


def load(**env: str) -> config.Settings:
    return config.load(env)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_URL": "oracle://x@h:1"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://u@h:port"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql:///chat"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://u@h", "JWT_SECRET": "short"}, "JWT_SECRET"),
        ({"DATABASE_URL": "postgresql://u@h"}, "JWT_SECRET"),
        ({"APPS": "chat,nope"}, "APPS"),
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"POOL_MIN": "20", "POOL_MAX": "5"}, "POOL_MIN"),
        ({"CHAT_DATABASE_URL": "postgresql://u@h:5432", "JWT_SECRET": SECRET}, "CHAT_DATABASE_URL"),
        ({"CHAT_DB_PORT": "x"}, "CHAT_DB_PORT"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config.load(env)
    message = str(caught.value)
    assert message.startswith(variable + ":"), message
    assert "\n" not in message and ("e.g." in message or "known" in message)


def test_passwords_never_appear_in_errors() -> None:
    with pytest.raises(ConfigError) as caught:
        load(DATABASE_URL="postgres+x://u:hunter2@h/x")
    assert "hunter2" not in str(caught.value)


def test_no_database_configured_means_embedded_for_every_app() -> None:
    settings = load()
    assert settings.uses_embedded and settings.databases["chat"].embedded


def test_database_url_names_a_server_and_each_app_its_database() -> None:
    settings = load(DATABASE_URL="mysql://root:pw@db.internal:3307", JWT_SECRET=SECRET)
    url = settings.databases["chat"].url
    assert url == DbUrl("mysql", "db.internal", 3307, "root", "pw", "chat")
    assert not settings.uses_embedded


def test_an_apps_own_url_wins_over_the_server() -> None:
    settings = load(
        DATABASE_URL="mysql://root@h",
        CHAT_DATABASE_URL="postgresql://u@pg:5433/chats",
        JWT_SECRET=SECRET,
    )
    url = settings.databases["chat"].url
    assert url is not None and (url.engine, url.host, url.port, url.database) == (
        "postgres",
        "pg",
        5433,
        "chats",
    )


def test_the_seeds_split_form_configures_chat() -> None:
    settings = load(
        CHAT_DB_HOST="nas",
        CHAT_DB_PORT="6543",
        CHAT_DB_USER="ching_tech",
        CHAT_DB_PASSWORD="p@ss",
        CHAT_DB_NAME="ching_tech_os",
        JWT_SECRET=SECRET,
    )
    url = settings.databases["chat"].url
    assert url == DbUrl("postgres", "nas", 6543, "ching_tech", "p@ss", "ching_tech_os")
    assert "p%40ss" in url.render()


def test_unix_socket_urls_round_trip() -> None:
    url = DbUrl.parse("postgresql://postgres:@/postgres?host=/tmp/sock dir", "X")
    assert url.socket == "/tmp/sock dir" and url.host == ""
    again = DbUrl.parse(url.with_database("chat").render(), "X")
    assert again.socket == "/tmp/sock dir" and again.database == "chat"


def test_dotenv_is_read_and_real_variables_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nexport PORT=9000\nHOST='0.0.0.0'\nWORKERS=\"3\"\n")
    monkeypatch.setenv("PORT", "9100")
    monkeypatch.delenv("HOST", raising=False)
    env = config.environment(dotenv)
    assert (env["PORT"], env["HOST"], env["WORKERS"]) == ("9100", "0.0.0.0", "3")


def test_a_broken_dotenv_line_is_named(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("PORT=1\nthis is not a setting\n")
    with pytest.raises(ConfigError, match=r"\.env:2"):
        config.read_dotenv(dotenv)


def test_embedded_secret_is_made_once_and_owner_only(tmp_path: Path) -> None:
    settings = load(DATA_DIR=str(tmp_path))
    first = settings.secret()
    assert len(first) >= 32 and settings.secret() == first
    assert (tmp_path / "jwt_secret").stat().st_mode & 0o777 == 0o600


def test_the_cli_prints_one_line_and_exits_2_on_bad_config(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "service", "check"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": "nosuch://x", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        timeout=60,
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "DATABASE_URL" in lines[0], run.stderr
