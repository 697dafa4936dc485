"""The OpenAPI 3.1 document, generated from the endpoints' msgspec types, and its docs page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from service import etags, idempotency
from service.errors import FieldError
from service.routing import AppSpec, Endpoint

DOCS_PAGE = Path(__file__).with_name("docs.html")
_REF = "#/components/schemas/{name}"


class ProblemDoc(msgspec.Struct):
    """application/problem+json (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


def _needs_credentials(endpoint: Endpoint) -> bool:
    return endpoint.access in ("user", "admin")  # not a "public" route


def answers(endpoint: Endpoint) -> list[int]:
    """Every status an endpoint can answer, from what it declares, so a client generated from the
    document expects each of them: its own `errors`, plus what the shared machinery answers."""
    # Any request may carry a body over the limit; any database may be down or saturated.
    codes = {endpoint.status, *endpoint.errors, 413, 503}
    if _needs_credentials(endpoint):
        codes.add(401)
    takes = {p.name for p in endpoint.query} | set(getattr(endpoint.body, "__struct_fields__", ()))
    if endpoint.access == "admin" or "user_id" in takes:
        codes.add(403)  # a user token on an admin route, or naming another user
    if endpoint.body is not None:
        codes |= {400, 415, 422}  # broken JSON, not JSON, wrong shape
    if endpoint.query:
        codes.add(422)
    if "cursor" in takes:
        codes.add(400)  # a cursor this service never issued
    if endpoint.method != "GET":
        codes.add(409)  # a duplicate row, an Idempotency-Key still running (deadlocks: 503)
    return sorted(codes)


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A fresh random key (a UUID) per request; a retry with the same key and"
    " request gets the first answer and writes nothing again (README, Faults and retries).",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": idempotency.KEY_MOST,
        "pattern": f"^{idempotency.KEY_CHARS}+$",
    },
}


def _operation(app: str, endpoint: Endpoint, schemas: dict[Any, Any]) -> dict[str, Any]:
    public = not _needs_credentials(endpoint)
    op: dict[str, Any] = {
        "operationId": f"{app}_{endpoint.handler.__name__}",
        "summary": endpoint.summary,
        "tags": [app],
        "security": [] if public else [{"bearer": []}],
        "description": {
            "admin": "Needs an admin token.",
            "public": "Needs no credentials.",
        }.get(endpoint.access, "A user token acts on its own rows; an admin token on anyone's."),
    }
    params = [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
        for n in re.findall(r"{(\w+)}", endpoint.path)
    ]
    params += [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "description": p.doc,
            "schema": schemas[p.kind],
        }
        for p in endpoint.query
    ]
    if endpoint.idempotent:
        params.append(IDEMPOTENCY_KEY)
    if params:
        op["parameters"] = params
    if endpoint.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schemas[endpoint.body]}},
        }
    ok: dict[str, Any] = {"description": "OK" if endpoint.status != 204 else "No Content"}
    if endpoint.response is not None:
        ok["content"] = {"application/json": {"schema": schemas[endpoint.response]}}
    problem = {"content": {"application/problem+json": {"schema": schemas[ProblemDoc]}}}
    op["responses"] = {str(endpoint.status): ok} | {
        str(code): {"description": "problem", **problem}
        for code in answers(endpoint)
        if code != endpoint.status
    }
    return op


def _short_names(components: dict[str, Any]) -> dict[str, str]:
    """msgspec names a Struct by its module path when two share a name (chat's and tutor's
    `Message`); the document says `chat.Message` instead of `service.apps.chat.models.Message`."""
    short: dict[str, str] = {}
    for name in components:
        parts = name.split(".")
        if len(parts) > 3 and parts[:2] == ["service", "apps"]:
            short[name] = f"{parts[2]}.{parts[-1]}"
    taken = [*short.values(), *(n for n in components if n not in short)]
    return {long: s for long, s in short.items() if taken.count(s) == 1}


def _tidy(schema: Any, names: dict[str, str]) -> Any:
    r"""Patterns as JSON Schema reads them (Python's `\Z`, see bodies.anchored, is `$` there)
    and references by their short names."""
    if isinstance(schema, dict):
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str) and value.endswith("\\Z"):
                value = value[:-2] + "$"
            elif key == "$ref" and isinstance(value, str):
                name = value.rsplit("/", 1)[-1]
                value = _REF.format(name=names.get(name, name))
            else:
                value = _tidy(value, names)
            out[key] = value
        return out
    if isinstance(schema, list | tuple):
        return [_tidy(item, names) for item in schema]
    return schema


def document(apps: Mapping[str, AppSpec]) -> dict[str, Any]:
    kinds: list[Any] = [ProblemDoc]
    for spec in apps.values():
        for e in spec.endpoints:
            kinds += [k for k in (e.body, e.response) if k is not None]
            kinds += [p.kind for p in e.query]
    unique = list(dict.fromkeys(kinds))
    refs, components = msgspec.json.schema_components(unique, ref_template=_REF)
    names = _short_names(components)
    refs = _tidy(refs, names)
    components = {names.get(n, n): _tidy(schema, names) for n, schema in components.items()}
    schemas = dict(zip(unique, refs, strict=True))
    paths: dict[str, dict[str, Any]] = {}
    for app, spec in apps.items():
        for e in spec.endpoints:
            operation = _operation(app, e, schemas)
            etags.document(spec, e, operation, schemas[ProblemDoc])  # 304 / 412 and their headers
            paths.setdefault(f"/{app}{e.path}", {})[e.method.lower()] = operation
    service = {
        "tags": ["service"],
        "security": [],
        "responses": {"200": {"description": "OK"}, "503": {"description": "problem"}},
    }
    paths["/health"] = {"get": {**service, "operationId": "health", "summary": "Process is up"}}
    paths["/ready"] = {
        "get": {
            **service,
            "operationId": "ready",
            "summary": "Every app's database reachable and migrated",
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "datasvc",
            "version": "0.1.0",
            "description": "Hand-written SQL over HTTP; one app per design document.",
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }
