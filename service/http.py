"""Request and response plumbing: the body cap, JSON in and out through msgspec, query
parameters."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, TypeVar

import msgspec
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import (
    BadRequest,
    FieldError,
    Invalid,
    PayloadTooLarge,
    UnsupportedMediaType,
    render,
)

T = TypeVar("T")
_encoder = msgspec.json.Encoder()
_AT = re.compile(r" - at `(?P<path>[^`]*)`$")
_UNKNOWN = re.compile(r"^Object contains unknown field `(?P<field>[A-Za-z_][A-Za-z0-9_]*)`$")


class BodyLimit:
    """Refuses a body over the limit with 413 before it is read whole: at once when the
    Content-Length says so, else as soon as the streamed chunks pass the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                # Outside the exception middleware here: answer directly rather than raise.
                await render(self.too_large(), Request(scope))(scope, receive, send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise self.too_large()
            return message

        await self.app(scope, limited, send)

    def too_large(self) -> PayloadTooLarge:
        return PayloadTooLarge(f"the request body is over the limit of {self.limit} bytes")


@cache
def _decoder(kind: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(kind)


def decoder_for(kind: Any) -> msgspec.json.Decoder[Any]:
    """One decoder per body type, built on first use and reused (types are hashable)."""
    return _decoder(kind)


def field_rule(field: str, message: str) -> ValueError:
    """For a Struct's __post_init__: a broken rule on one of its fields (`messages[2].content`
    for a place inside one). msgspec adds the path of the Struct itself after it, and
    validation_error joins the two."""
    return ValueError(f"{message} - at `$.{field}`")


def validation_error(exc: msgspec.ValidationError, prefix: str = "") -> Invalid:
    message, path = str(exc), ""
    # Paths are appended outermost last: "<message> - at `$.avatar_url` - at `$.roles[2]`".
    while match := _AT.search(message):
        path = match["path"][1:] + path
        message = message[: match.start()]
    path = (prefix or "$") + path
    unknown = _UNKNOWN.match(message)
    if unknown:
        # msgspec points at the object; the client wants the field it should not have sent.
        path += f".{unknown['field']}"
    return Invalid(f"{message} at {path}", errors=[FieldError(path=path, message=message)])


def decode(body: bytes, kind: type[T]) -> T:
    if not body.strip():
        raise BadRequest("the request needs a JSON body")
    try:
        # Checked whole and first: msgspec does not read inside a Raw or an unknown field, and
        # its versions differ on whether a bad byte is a DecodeError or a UnicodeDecodeError.
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the body is not valid UTF-8; send JSON encoded as UTF-8") from None
    try:
        value: T = decoder_for(kind).decode(body)
    except msgspec.ValidationError as exc:
        # msgspec checks types as it parses, so a broken body can fail on a field first: it
        # is malformed JSON (400) before it is a wrong shape (422).
        try:
            msgspec.json.decode(body)
        except (msgspec.DecodeError, RecursionError) as broken:
            raise BadRequest(f"the body is not valid JSON: {broken}") from None
        raise validation_error(exc) from None
    except msgspec.DecodeError as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise BadRequest("the body's JSON is nested too deeply to read") from None
    return value


async def read_json(request: Request, kind: type[T]) -> T:
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise UnsupportedMediaType(f"send the body as application/json, not {media or '(none)'}")
    try:
        body = await request.body()
    except ClientDisconnect:
        # The client went away or broke the framing (a chunk size that is not hex): its fault,
        # so a problem no one will read rather than a logged traceback.
        raise BadRequest("the request body ended before it was complete") from None
    return decode(body, kind)


def json(value: Any, status: int = 200) -> Response:
    return Response(_encoder.encode(value), status_code=status, media_type="application/json")


def bad_query(name: str, message: str, shown: str = "") -> Invalid:
    """422 for a query parameter, its path `query.<name>` (as a body field's is `$.<name>`)."""
    return Invalid(
        f"query parameter {name} {message}{shown}",
        errors=[FieldError(path=f"query.{name}", message=message)],
    )


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise bad_query(name, f"must be a whole number from {low} to {high}", f", not {text!r}")
    return value


def query_value(request: Request, name: str, kind: type[T]) -> T | None:
    """A query parameter converted to `kind` (str, int, uuid.UUID, ...) or None when absent."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return None
    try:
        value: T = msgspec.convert(text, kind, strict=False)
    except msgspec.ValidationError as exc:
        raise validation_error(exc, prefix=f"query.{name}") from None
    return value
