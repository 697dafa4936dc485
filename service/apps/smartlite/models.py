"""Request and response shapes of the smartlite app's accounts and credentials (seed 002)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from service.bodies import STORABLE, Text, anchored, text_fits, url_or_path
from service.http import field_rule

# MySQL's TIMESTAMP ends here (2^31 - 1 seconds); a later expiry could not be stored.
TIMESTAMP_END = datetime(2038, 1, 19, 3, 14, 7, tzinfo=UTC)
Email = Annotated[
    str,
    Meta(
        min_length=3,
        max_length=255,
        pattern=anchored(
            r"[^@\s\x00-\x1f\x7f\ud800-\udfff]+@[^@\s\x00-\x1f\x7f\ud800-\udfff]+\.[^@\s\x00-\x1f\x7f\ud800-\udfff]+"
        ),
        description="an email address",
    ),
]
Username = Annotated[
    str,
    Meta(
        min_length=3,
        max_length=100,
        pattern=anchored(r"[A-Za-z0-9][A-Za-z0-9_.-]*"),
        description="letters, digits, _ . - (not first)",
    ),
]
Password = Annotated[str, Meta(min_length=1, max_length=1024, pattern=STORABLE)]
PersonName = Annotated[Text, Meta(max_length=100)]
Line255 = Annotated[Text, Meta(min_length=1, max_length=255)]
Id = Annotated[str, Meta(min_length=1, max_length=128, pattern=anchored(r"[A-Za-z0-9_-]+"))]


def future(struct: Struct, name: str) -> None:
    value = getattr(struct, name)
    if not isinstance(value, datetime):
        return
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
        setattr(struct, name, value)
    if value <= datetime.now(UTC):
        raise field_rule(name, "must be in the future")
    if value > TIMESTAMP_END:
        raise field_rule(name, "must be before 2038-01-19T03:14:07Z (a TIMESTAMP column's end)")


class Register(Struct, forbid_unknown_fields=True):
    email: Email
    username: Username
    password: Password
    first_name: PersonName | None = None
    last_name: PersonName | None = None
    avatar: Text | None = None

    def __post_init__(self) -> None:
        url_or_path(self, "avatar")


class Login(Struct, forbid_unknown_fields=True):
    login: Annotated[Text, Meta(min_length=1, max_length=255, description="email or username")]
    password: Password


class Refresh(Struct, forbid_unknown_fields=True):
    refresh_token: Annotated[str, Meta(min_length=1, max_length=128)]


class PasswordChange(Struct, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password


class User(Struct):
    id: str
    email: str
    username: str
    first_name: str | None
    last_name: str | None
    avatar: str | None
    is_active: bool | None
    is_verified: bool | None
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime


class UserPatch(Struct, forbid_unknown_fields=True):
    email: Email | UnsetType = UNSET
    username: Username | UnsetType = UNSET
    first_name: PersonName | None | UnsetType = UNSET
    last_name: PersonName | None | UnsetType = UNSET
    avatar: Text | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        url_or_path(self, "avatar")


class Tokens(Struct):
    """Shown once: the service keeps only their hashes."""

    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    refresh_expires_at: datetime
    session_id: str
    user_id: str


class SessionInfo(Struct):
    id: str
    ip_address: str | None
    user_agent: str | None
    expires_at: datetime
    created_at: datetime
    current: bool = False


class ApiKeyCreate(Struct, forbid_unknown_fields=True):
    name: Line255
    expires_at: datetime | None = None
    scope: Annotated[
        Literal["user", "worker"], Meta(description="worker: admin only; claims any user's jobs")
    ] = "user"
    user_id: Annotated[Id | None, Meta(description="admin only: whose key")] = None

    def __post_init__(self) -> None:
        future(self, "expires_at")
        text_fits(self, "name")


class ApiKey(Struct):
    id: str
    user_id: str
    name: str
    scope: str
    last_used_at: datetime | None
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ApiKeyCreated(Struct):
    """`key` is shown this once; the service keeps only its hash."""

    id: str
    user_id: str
    name: str
    scope: str
    key: str
    expires_at: datetime | None
    created_at: datetime
