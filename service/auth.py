"""Bearer JWTs (HS256): `sub` is the user's id in one app, `aud` the app(s) it is good for."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jwt
import msgspec

from service.errors import Unauthorized

ROLES = ("user", "admin")
DEFAULT_TTL = 24 * 3600
VERIFIED = 4096  # tokens remembered as verified, per process
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="datasvc"'}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who calls: `session` is the app's own session row when a session token was used,
    `scopes` what an app credential (an API key) was granted beyond acting as its owner."""

    role: str
    subject: str
    session: str | None = None
    scopes: frozenset[str] = frozenset()

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


ANONYMOUS = Principal(role="anonymous", subject="")


def _refuse(detail: str) -> Unauthorized:
    return Unauthorized(detail, headers=_CHALLENGE)


def check_subject(principal: Principal, kind: Any, app: str) -> None:
    """A user token's `sub` must be a value of the app's user key type (`kind`, e.g. a bounded
    Serial): a subject no row could have is a bad token (401), never a driver error."""
    if principal.is_admin or kind is str:
        return
    try:
        msgspec.convert(principal.subject, kind, strict=False)
    except msgspec.ValidationError:
        raise _refuse(f"the token's subject is not a {app} user id") from None


class Tokens:
    def __init__(self, secret: str, apps: Sequence[str]) -> None:
        self._secret = secret
        self._apps = list(apps)
        # (token, app) -> who it is and when it expires. A token's signature and claims cannot
        # change, so once verified only its expiry is checked again: the HMAC, base64 and JSON
        # work of a full decode was a fifth of a simple read's CPU (bench/, README Performance).
        self._verified: dict[tuple[str, str], tuple[Principal, int]] = {}

    def issue(
        self,
        *,
        role: str,
        app: str | None = None,
        subject: str | None = None,
        ttl: int = DEFAULT_TTL,
    ) -> str:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if role == "user" and (not app or not subject):
            raise ValueError("a user token needs the app it is for and the user's id in that app")
        if app is not None and app not in self._apps:
            raise ValueError(f"unknown app {app!r}; known: {', '.join(self._apps)}")
        audience: str | list[str] = app if app else self._apps
        now = int(time.time())
        claims = {
            "sub": subject or "admin",
            "role": role,
            "aud": audience,
            "iat": now,
            "exp": now + ttl,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def verify(self, header: str | None, app: str) -> Principal:
        if not header:
            raise _refuse("this route needs an Authorization: Bearer <token> header")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _refuse("the Authorization header must be 'Bearer <token>'")
        token = token.strip()
        known = self._verified.get((token, app))
        if known is not None:
            if known[1] > time.time():  # PyJWT's rule: expired when exp <= now
                return known[0]
            del self._verified[(token, app)]  # expired: the full decode below says so
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=app,
                options={"require": ["exp", "sub", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise _refuse("the token has expired; get a new one") from None
        except jwt.InvalidAudienceError:
            raise _refuse(f"the token is not for the {app} app") from None
        except jwt.InvalidSignatureError:
            raise _refuse("the token's signature does not match this service's secret") from None
        except jwt.MissingRequiredClaimError as exc:
            raise _refuse(f"the token lacks the {exc.claim} claim") from None
        except jwt.InvalidTokenError:
            raise _refuse("the token is malformed") from None
        role = claims.get("role")
        if role not in ROLES:
            raise _refuse(f"the token's role must be one of {', '.join(ROLES)}")
        principal = Principal(role=role, subject=str(claims["sub"]))
        if len(self._verified) >= VERIFIED:
            del self._verified[next(iter(self._verified))]  # the oldest first
        self._verified[(token, app)] = (principal, int(claims["exp"]))
        return principal
