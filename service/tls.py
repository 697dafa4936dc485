"""TLS to the database, written in the URL as each engine's users write it, checked once at start
and handed to every client in the form it takes (asyncpg, aiomysql, psycopg, PyMySQL, the tools).

PostgreSQL keeps libpq's names (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`, ...), which asyncpg,
psycopg and pg_dump all read from the URL as they are. MySQL options are stored in the mysql
client's spelling (`ssl-mode`, `ssl-ca`, `ssl-cert`, `ssl-key`); PyMySQL / aiomysql spellings
(`ssl_ca`, `ssl_verify_cert`, `ssl_verify_identity`, `ssl_disabled`, ...) are read into it.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

Options = tuple[tuple[str, str], ...]

PG_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
MY_MODES = ("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY")
PG_FILES = ("sslrootcert", "sslcert", "sslkey", "sslcrl")
# Understood alike by asyncpg and libpq, so passed on untouched.
PG_OTHERS = ("sslpassword", "ssl_min_protocol_version", "ssl_max_protocol_version")
MY_FILES = {"ssl_ca": "ssl-ca", "sslca": "ssl-ca", "ssl_cert": "ssl-cert", "sslcert": "ssl-cert"}
MY_FILES |= {"ssl_key": "ssl-key", "sslkey": "ssl-key"}
MY_FLAGS = ("ssl", "ssl_disabled", "ssl_verify_cert", "ssl_verify_identity", "ssl_check_hostname")
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


class TlsError(ValueError):
    """A TLS option the URL cannot mean; the text says which and what would be right."""


def _is_tls(key: str) -> bool:
    return key.lower().replace("-", "_").startswith(("ssl", "tls"))


def _file(key: str, value: str) -> str:
    if not Path(value).expanduser().is_file():
        raise TlsError(f"{key}={value!r}: no such file")
    return value


def _flag(key: str, value: str) -> bool:
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise TlsError(f"{key}={value!r}: expected true or false")


def _pg(tls: dict[str, str]) -> Options:
    out: dict[str, str] = {}
    for key, value in tls.items():
        name = "sslmode" if key == "ssl" else key
        if name == "sslmode":
            if value.lower() not in PG_MODES:
                raise TlsError(f"{key}={value!r}: expected one of {', '.join(PG_MODES)}")
            out[name] = value.lower()
        elif name in PG_FILES:
            out[name] = _file(key, value)
        elif name in PG_OTHERS:
            out[name] = value
        else:
            known = ", ".join(("sslmode", *PG_FILES, *PG_OTHERS))
            raise TlsError(f"unknown TLS option {key!r} for PostgreSQL; known: {known}")
    if ("sslcert" in out) != ("sslkey" in out):
        raise TlsError("sslcert and sslkey go together: give both (the client certificate)")
    return tuple(out.items())


def _my_mode(given: str | None, flags: dict[str, bool], ca: str | None) -> str:
    """One ssl-mode from the mysql client's option or PyMySQL's flags (which may not also be
    given: two ways of saying it could disagree)."""
    if given is not None:
        if flags:
            raise TlsError(f"give either ssl-mode or {', '.join(flags)}, not both")
        if given.upper() not in MY_MODES:
            raise TlsError(f"ssl-mode={given!r}: expected one of {', '.join(MY_MODES)}")
        return given.upper()
    if flags.get("ssl_disabled") or flags.get("ssl") is False:
        return "DISABLED"
    if flags.get("ssl_verify_identity") or flags.get("ssl_check_hostname"):
        return "VERIFY_IDENTITY"
    if flags.get("ssl_verify_cert") or (ca and flags.get("ssl_verify_cert") is not False):
        return "VERIFY_CA"  # PyMySQL verifies against a CA it is given unless told not to
    return "REQUIRED"


def _my(tls: dict[str, str]) -> Options:
    mode: str | None = None
    flags: dict[str, bool] = {}
    files: dict[str, str] = {}
    for key, value in tls.items():
        name = key.lower().replace("-", "_")
        if name in ("ssl_mode", "sslmode"):
            mode = value
        elif name in MY_FILES:
            files[MY_FILES[name]] = _file(key, value)
        elif name in MY_FLAGS:
            flags[name] = _flag(key, value)
        else:
            known = "ssl-mode, ssl-ca, ssl-cert, ssl-key (or " + ", ".join(MY_FLAGS[1:]) + ")"
            raise TlsError(f"unknown TLS option {key!r} for MySQL; known: {known}")
    chosen = _my_mode(mode, flags, files.get("ssl-ca"))
    if chosen.startswith("VERIFY") and "ssl-ca" not in files:
        raise TlsError(f"ssl-mode={chosen} needs ssl-ca=<the CA certificate file>")
    if ("ssl-cert" in files) != ("ssl-key" in files):
        raise TlsError("ssl-cert and ssl-key go together: give both (the client certificate)")
    return (("ssl-mode", chosen), *files.items())


def normalize(engine: str, options: Sequence[tuple[str, str]]) -> Options:
    """The URL's options with the TLS ones checked and spelled the engine's one way; the others
    as they were. Raises TlsError naming the option."""
    tls = {k: v for k, v in options if _is_tls(k)}
    if not tls:
        return tuple(options)
    rest = tuple((k, v) for k, v in options if not _is_tls(k))
    return rest + (_pg(tls) if engine == "postgres" else _my(tls))


@dataclass(frozen=True)
class Tls:
    """What a URL's (normalized) options ask for. Without any, each client's own default:
    `prefer` for asyncpg and libpq; on MySQL (mode "") aiomysql's clear text, PyMySQL's and the
    tools' encrypt-if-offered. aiomysql is given no context then because it sets the SSL
    capability flag whenever it has one, even towards a server that offers no TLS."""

    engine: str
    mode: str
    ca: str | None = None
    cert: str | None = None
    key: str | None = None

    @classmethod
    def of(cls, engine: str, options: Sequence[tuple[str, str]]) -> Tls:
        opts = dict(options)
        if engine == "postgres":
            return cls(engine, opts.get("sslmode", "prefer"), opts.get("sslrootcert"))
        return cls(
            engine,
            opts.get("ssl-mode", ""),
            opts.get("ssl-ca"),
            opts.get("ssl-cert"),
            opts.get("ssl-key"),
        )

    @property
    def required(self) -> bool:
        return self.mode in ("REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY")


def context(tls: Tls) -> ssl.SSLContext | None:
    """The SSLContext a MySQL mode means (None: no TLS at all)."""
    if tls.mode in ("DISABLED", ""):
        return None
    verify = tls.mode.startswith("VERIFY")
    ctx = ssl.create_default_context(cafile=tls.ca if verify else None)
    ctx.check_hostname = tls.mode == "VERIFY_IDENTITY"
    if not verify:
        ctx.verify_mode = ssl.CERT_NONE
    if tls.cert:
        ctx.load_cert_chain(tls.cert, keyfile=tls.key)
    return ctx


def aiomysql_ssl(tls: Tls) -> ssl.SSLContext | None:
    """aiomysql encrypts whenever it is given a context and the server offers TLS, and goes on
    in clear text when the server does not: callers check `required` modes on the server."""
    return context(tls)


def pymysql_args(tls: Tls) -> dict[str, object]:
    """PyMySQL's connect arguments: a context makes TLS required; none means its own PREFERRED."""
    if tls.mode == "DISABLED":
        return {"ssl_disabled": True}
    if tls.mode in ("PREFERRED", ""):
        return {}
    return {"ssl": context(tls)}


def pymysql_url_options(options: Sequence[tuple[str, str]]) -> Options:
    """The options with MySQL TLS written as PyMySQL keyword arguments, for a URL whose query
    becomes them (yoyo's MySQL backend passes every query argument to pymysql.connect as a
    string: a flag is only ever written when true, and `ssl_verify_cert=false` is what makes
    PyMySQL insist on TLS without checking the certificate)."""
    tls = Tls.of("mysql", options)
    rest = tuple((k, v) for k, v in options if not _is_tls(k))
    extra: list[tuple[str, str]] = []
    if tls.mode == "DISABLED":
        extra.append(("ssl_disabled", "true"))
    elif tls.mode == "REQUIRED":
        extra.append(("ssl_verify_cert", "false"))
    elif tls.mode == "VERIFY_CA":
        extra += [("ssl_ca", tls.ca or ""), ("ssl_verify_cert", "true")]
    elif tls.mode == "VERIFY_IDENTITY":
        extra += [("ssl_ca", tls.ca or ""), ("ssl_verify_identity", "true")]
    if tls.mode != "DISABLED" and tls.cert and tls.key:
        extra += [("ssl_cert", tls.cert), ("ssl_key", tls.key)]
    return rest + tuple(extra)


def mysql_tool_args(tls: Tls, family: str) -> list[str]:
    """Options for mariadb-dump / mysqldump and the client. MySQL's tools take --ssl-mode as
    is. MariaDB's (10.x) have no REQUIRED-without-verification switch: --ssl encrypts when the
    server offers it (the Python connection opened just before has insisted on TLS), and
    --ssl-verify-server-cert checks the chain and the host name both, so VERIFY_CA is as strict
    there as VERIFY_IDENTITY."""
    if not tls.mode:
        return []
    files = [f"--ssl-ca={tls.ca}"] if tls.ca and tls.mode.startswith("VERIFY") else []
    if tls.cert and tls.key and tls.mode != "DISABLED":
        files += [f"--ssl-cert={tls.cert}", f"--ssl-key={tls.key}"]
    if family == "mysql":
        return [f"--ssl-mode={tls.mode}", *files]
    if tls.mode == "DISABLED":
        return ["--skip-ssl"]
    if tls.mode.startswith("VERIFY"):
        return ["--ssl", *files, "--ssl-verify-server-cert"]
    return ["--ssl", *files]


LIBPQ_NOT_VERIFIED = ("certificate verify failed", "does not match host name")


def verify_reason(exc: BaseException) -> str | None:
    """Why the server's certificate did not verify, when that is why a connection failed: an
    SSLCertVerificationError behind the driver's error (aiomysql and PyMySQL wrap it), or
    libpq's words (psycopg)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or seen.reason)
        seen = seen.__cause__ or seen.__context__
    text = " ".join(str(exc).split())
    return text if any(words in text for words in LIBPQ_NOT_VERIFIED) else None


def not_verified(where: str, reason: str, ca: str | None) -> str:
    """One sentence for a server certificate that did not verify."""
    against = f"the CA in {ca}" if ca else "the trusted CAs"
    return (
        f"the server certificate of {where} did not verify against {against}: {reason}. Point"
        " the URL's CA option (sslrootcert / ssl-ca) at the CA that signed the server's"
        " certificate, and connect by a host name the certificate names."
    )
