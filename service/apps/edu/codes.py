"""Status codes edu's endpoints declare besides success, and the page parameters of its lists."""

from __future__ import annotations

from service.routing import Param

READ = (400, 401, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)
PAGE = (
    Param("limit", int, "page size, 1 to 200 (default 50)"),
    Param("cursor", str, "next_cursor of the previous page"),
)
S = "/api/scenarios/{id}"
