"""smartlite's own credentials: opaque session tokens, refresh tokens and API keys.

Each is a long random string shown once; the tables hold only its SHA-256, so a leaked database
holds no usable token (a 256-bit random token needs no slow hash: nothing to guess). Every
request looks its credential up again: no cache, so a revocation is effective on the next one.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime, timedelta

from starlette.requests import Request

from service.auth import Principal
from service.db import Database
from service.errors import Unauthorized

ACCESS = "sla_"  # an access token: sla_<expiry, hex seconds>_<random>
REFRESH = "slr_"
API_KEY = "slk_"
ACCESS_TTL = 3600
SESSION_TTL = 30 * 86400  # a session (and its refresh token) lives this long past each refresh
# last_used_at is written at most once a minute per key: the lookup on every request stays a
# read, and "when was this key last used" is still right to the minute.
TOUCH_EVERY = timedelta(seconds=60)
WORKER = "worker"
_LONGEST = 128
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="smartlite"'}


def now() -> datetime:
    # TIMESTAMP columns keep whole seconds: compare and store in the same unit.
    return datetime.now(UTC).replace(microsecond=0)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_access() -> tuple[str, int]:
    """A fresh access token and its expiry (epoch seconds). The expiry is part of the token, so
    part of what is hashed: changing it gives a token no row knows."""
    expires = int(time.time()) + ACCESS_TTL
    return f"{ACCESS}{expires:x}_{secrets.token_urlsafe(32)}", expires


def new_refresh() -> str:
    return REFRESH + secrets.token_urlsafe(32)


def new_api_key() -> str:
    return API_KEY + secrets.token_urlsafe(32)


def refuse(detail: str) -> Unauthorized:
    return Unauthorized(detail, headers=_CHALLENGE)


def _access_expiry(token: str) -> int:
    stamp, _, rest = token[len(ACCESS) :].partition("_")
    try:
        expires = int(stamp, 16)
    except ValueError:
        expires = 0
    if not rest or len(token) > _LONGEST or not expires:
        raise refuse("the access token is malformed")
    return expires


async def _session(db: Database, token: str) -> Principal:
    if _access_expiry(token) <= time.time():
        raise refuse("the access token has expired; get a new one with POST /auth/refresh")
    row = await db.q.get_session_by_token(token=digest(token), now=now())
    if row is None:
        raise refuse("the session has ended (logged out, revoked or expired); log in again")
    if not row["is_active"]:
        raise refuse("the account is deactivated")
    return Principal(role="user", subject=row["user_id"], session=row["id"])


async def _api_key(db: Database, key: str) -> Principal:
    if not key.startswith(API_KEY) or len(key) > _LONGEST:
        raise refuse("the X-API-Key is not a key this service issued")
    row = await db.q.get_api_key_by_hash(key=digest(key))
    if row is None:
        raise refuse("the API key is unknown or revoked")
    moment = now()
    if row["expires_at"] is not None and row["expires_at"] <= moment:
        raise refuse("the API key has expired")
    if not row["is_active"]:
        raise refuse("the account is deactivated")
    if row["last_used_at"] is None or row["last_used_at"] <= moment - TOUCH_EVERY:
        # Conditional: of the requests racing past the check above, one writes.
        await db.q.touch_api_key(id=row["id"], now=moment, stale=moment - TOUCH_EVERY)
    return Principal(role="user", subject=row["user_id"], scopes=frozenset({row["scope"]}))


async def authenticate(request: Request, db: Database) -> Principal | None:
    """An X-API-Key, or a Bearer token that is one of this app's access tokens; None leaves
    the Authorization header to the service's JWTs."""
    key = request.headers.get("x-api-key")
    if key is not None:
        return await _api_key(db, key.strip())
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token.startswith(ACCESS):
        return await _session(db, token)
    return None


def is_worker(principal: Principal) -> bool:
    return principal.is_admin or WORKER in principal.scopes
