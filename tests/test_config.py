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


@pytest.mark.parametrize(
    ("app", "engine", "port", "user"),
    [
        ("smartlite", "mysql", 3306, "root"),
        ("roleplay", "mysql", 3306, "root"),
        ("tutor", "postgres", 5432, "postgres"),
        ("edu", "postgres", 5432, "postgres"),
        ("chat", "postgres", 5432, "postgres"),
    ],
)
def test_every_app_has_the_split_form_on_its_documents_engine(
    app: str, engine: str, port: int, user: str
) -> None:
    prefix = app.upper() + "_DB_"
    settings = load(**{prefix + "HOST": "db", prefix + "PASSWORD": "pw", "JWT_SECRET": SECRET})
    assert settings.databases[app].url == DbUrl(engine, "db", port, user, "pw", app)
    assert settings.databases[app].source == prefix + "*"


def test_the_split_forms_engine_can_be_overridden() -> None:
    settings = load(SMARTLITE_DB_HOST="pg", SMARTLITE_DB_ENGINE="postgresql", JWT_SECRET=SECRET)
    url = settings.databases["smartlite"].url
    assert url is not None and (url.engine, url.port) == ("postgres", 5432)
    with pytest.raises(ConfigError, match=r"^SMARTLITE_DB_ENGINE: unknown engine 'oracle'"):
        load(SMARTLITE_DB_ENGINE="oracle", JWT_SECRET=SECRET)


def test_seed_004s_own_names_configure_chat_and_chats_own_prefix_wins() -> None:
    env = {
        "CHING_TECH_DB_HOST": "nas",
        "CHING_TECH_DB_PORT": "6543",
        "CHING_TECH_DB_USER": "ching_tech",
        "CHING_TECH_DB_PASSWORD": "secret",
        "CHING_TECH_DB_NAME": "ching_tech_os",
        "JWT_SECRET": SECRET,
    }
    db = config.load(env).databases["chat"]
    assert db.url == DbUrl("postgres", "nas", 6543, "ching_tech", "secret", "ching_tech_os")
    assert db.source == "CHING_TECH_DB_*"
    url = config.load({**env, "CHAT_DB_HOST": "other"}).databases["chat"].url
    assert url is not None and (url.host, url.port) == ("other", 6543)


@pytest.mark.parametrize(
    ("scheme", "engine"),
    [
        ("postgresql+psycopg", "postgres"),
        ("postgresql+asyncpg", "postgres"),
        ("mysql+pymysql", "mysql"),
        ("mysql+aiomysql", "mysql"),
    ],
)
def test_driver_qualified_schemes_are_accepted(scheme: str, engine: str) -> None:
    settings = load(
        DATABASE_URL=f"{scheme}://u:p@h:1234",
        CHAT_DATABASE_URL=f"{scheme}://u:p@h:1234/chats",
        MIGRATE_DATABASE_URL=f"{scheme}://owner:p@h:1234",
        JWT_SECRET=SECRET,
    )
    assert settings.databases["chat"].url == DbUrl(engine, "h", 1234, "u", "p", "chats")
    assert settings.databases["tutor"].migrate_url == DbUrl(
        engine, "h", 1234, "owner", "p", "tutor"
    )
    assert (
        DbUrl.parse(f"{scheme}://u@h/x", "X")
        .render()
        .startswith("postgresql://" if engine == "postgres" else "mysql://")
    )


def test_the_owner_account_is_given_apart_from_the_runtime_one() -> None:
    settings = load(
        DATABASE_URL="postgresql://app_rw:pw@db:5432",
        MIGRATE_DATABASE_URL="postgresql://owner:secret@db:5432",
        CHAT_DATABASE_URL="postgresql://chat_rw:pw@db2:5432/chats",
        CHAT_MIGRATE_DATABASE_URL="postgresql://chat_owner:s@db2:5432",
        JWT_SECRET=SECRET,
    )
    tutor, chat, edu = (settings.databases[a] for a in ("tutor", "chat", "edu"))
    assert tutor.url is not None and tutor.url.user == "app_rw"
    assert tutor.migrate_url == DbUrl("postgres", "db", 5432, "owner", "secret", "tutor")
    assert chat.migrate_url == DbUrl("postgres", "db2", 5432, "chat_owner", "s", "chats")
    owner = config.as_owner(settings)
    assert owner.databases["edu"].url == edu.migrate_url
    assert owner.databases["chat"].source == "CHAT_MIGRATE_DATABASE_URL"
    alone = load(DATABASE_URL="mysql://root@h", JWT_SECRET=SECRET).databases["chat"]
    assert alone.migrate_url == alone.url and config.as_owner(load()).databases == load().databases


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"MIGRATE_DATABASE_URL": "postgresql://o@h"}, "MIGRATE_DATABASE_URL"),
        (
            {"DATABASE_URL": "mysql://u@h", "MIGRATE_DATABASE_URL": "postgresql://o@h"},
            "MIGRATE_DATABASE_URL",
        ),
        (
            {"DATABASE_URL": "mysql://u@h", "CHAT_MIGRATE_DATABASE_URL": "postgresql://o@h/c"},
            "CHAT_MIGRATE_DATABASE_URL",
        ),
        ({"CHAT_MIGRATE_DATABASE_URL": "postgresql://o@h/c"}, "CHAT_MIGRATE_DATABASE_URL"),
    ],
)
def test_owner_urls_that_cannot_be_right_name_the_variable(
    env: dict[str, str], variable: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        config.load({**env, "JWT_SECRET": SECRET})
    assert str(caught.value).startswith(variable + ":"), caught.value


def test_tls_options_are_read_in_each_engines_spelling(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    pg = DbUrl.parse(f"postgresql://u@h/d?sslmode=VERIFY-FULL&sslrootcert={ca}", "X")
    assert pg.options == (("sslmode", "verify-full"), ("sslrootcert", str(ca)))
    assert DbUrl.parse("postgresql+asyncpg://u@h/d?ssl=require", "X").tls.mode == "require"
    assert DbUrl.parse("postgresql://u@h/d", "X").tls.mode == "prefer"
    my = DbUrl.parse(f"mysql://u@h/d?ssl-mode=verify_identity&ssl-ca={ca}", "X")
    assert (my.tls.mode, my.tls.ca) == ("VERIFY_IDENTITY", str(ca))
    for query, mode in [
        (f"ssl_ca={ca}", "VERIFY_CA"),
        (f"ssl_ca={ca}&ssl_verify_identity=true", "VERIFY_IDENTITY"),
        (f"ssl_ca={ca}&ssl_verify_cert=false", "REQUIRED"),
        ("ssl=true", "REQUIRED"),
        ("ssl_disabled=1", "DISABLED"),
        ("ssl-mode=preferred", "PREFERRED"),
        ("", ""),  # nothing asked: each client's own default
    ]:
        assert DbUrl.parse(f"mysql+aiomysql://u@h/d?{query}", "X").tls.mode == mode, query


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql://u@h/d?sslmode=verify_full", "expected one of disable, allow"),
        ("postgresql://u@h/d?sslrootcrt=/x", "unknown TLS option 'sslrootcrt'"),
        ("postgresql://u@h/d?sslmode=require&sslrootcert=/no/such.pem", "no such file"),
        ("mysql://u@h/d?ssl-mode=REQUIRE", "expected one of DISABLED, PREFERRED"),
        ("mysql://u@h/d?ssl-mode=VERIFY_CA", "needs ssl-ca"),
        ("mysql://u@h/d?ssl_verify_cert=maybe", "expected true or false"),
        ("mysql://u@h/d?ssl-mode=REQUIRED&ssl_disabled=1", "not both"),
        ("mysql://u@h/d?ssl-capath=/etc/ssl", "unknown TLS option 'ssl-capath'"),
    ],
)
def test_bad_tls_options_stop_the_start_naming_the_variable(url: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(CHAT_DATABASE_URL=url, JWT_SECRET=SECRET)
    message = str(caught.value)
    assert message.startswith("CHAT_DATABASE_URL: ") and words in message, message
    assert "e.g." in message and "\n" not in message


def test_mysql_tls_reaches_yoyo_and_the_tools_in_their_own_words(tmp_path: Path) -> None:
    from service import migrations, tls

    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    url = DbUrl.parse(f"mysql://u@h/d?ssl-mode=VERIFY_IDENTITY&ssl-ca={ca}", "X")
    assert f"ssl_ca={ca}&ssl_verify_identity=true" in (migrations.yoyo_url(url))
    required = DbUrl.parse("mysql://u@h/d?ssl-mode=REQUIRED", "X")
    assert migrations.yoyo_url(required).endswith("?ssl_verify_cert=false")
    assert tls.mysql_tool_args(url.tls, "mariadb") == [
        "--ssl",
        f"--ssl-ca={ca}",
        "--ssl-verify-server-cert",
    ]
    assert tls.mysql_tool_args(url.tls, "mysql") == ["--ssl-mode=VERIFY_IDENTITY", f"--ssl-ca={ca}"]
    off = DbUrl.parse("mysql://u@h/d?ssl-mode=DISABLED", "X")
    assert tls.mysql_tool_args(off.tls, "mariadb") == ["--skip-ssl"]
    assert tls.pymysql_args(off.tls) == {"ssl_disabled": True}


def test_grants_are_rows_only_and_name_the_owner() -> None:
    from service import grants

    settings = load(
        DATABASE_URL="postgresql://app_rw@db",
        MIGRATE_DATABASE_URL="postgresql://owner@db",
        JWT_SECRET=SECRET,
    )
    pg = grants.statements(grants.target(settings, "chat", "chat_rw", None, None))
    assert 'GRANT CONNECT ON DATABASE "chat" TO "chat_rw";' in pg
    assert any('FOR ROLE "owner"' in s and "ON TABLES" in s for s in pg)
    my = grants.statements(grants.target(settings, "roleplay", "rp@10.0.%", "mysql", None))
    assert my == ["GRANT SELECT, INSERT, UPDATE, DELETE ON `roleplay`.* TO 'rp'@'10.0.%';"]
    with pytest.raises(ConfigError, match="not a plain name"):
        grants.target(settings, "chat", "x'; DROP", None, None)
