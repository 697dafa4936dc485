"""The OpenAPI 3.1 document, generated from the endpoints' msgspec types, and its docs page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

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


def _operation(app: str, endpoint: Endpoint, schemas: dict[Any, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": f"{app}_{endpoint.handler.__name__}",
        "summary": endpoint.summary,
        "tags": [app],
        "security": [{"bearer": []}],
        "description": "Needs an admin token."
        if endpoint.access == "admin"
        else "A user token acts on its own rows; an admin token on anyone's.",
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
        for code in sorted({*endpoint.errors, 401, 413, 503} - {endpoint.status})
    }
    return op


def document(apps: Mapping[str, AppSpec]) -> dict[str, Any]:
    kinds: list[Any] = [ProblemDoc]
    for spec in apps.values():
        for e in spec.endpoints:
            kinds += [k for k in (e.body, e.response) if k is not None]
            kinds += [p.kind for p in e.query]
    unique = list(dict.fromkeys(kinds))
    refs, components = msgspec.json.schema_components(unique, ref_template=_REF)
    schemas = dict(zip(unique, refs, strict=True))
    paths: dict[str, dict[str, Any]] = {}
    for app, spec in apps.items():
        for e in spec.endpoints:
            paths.setdefault(f"/{app}{e.path}", {})[e.method.lower()] = _operation(app, e, schemas)
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
