"""The `smartlite` app: AI_SMARTLITE users, speech and LLM records, pipelines, usage (seed 002)."""

from service.apps.smartlite.routes import APP
from service.retention import Job

# `datasvc retention`: expired refresh tokens first, then expired sessions (whose remaining
# tokens go with them by ON DELETE CASCADE).
RETENTION = (
    Job("expired refresh tokens", "count-expired-refresh-tokens", "delete-expired-refresh-tokens"),
    Job("expired sessions", "count-expired-sessions", "delete-expired-sessions"),
)

__all__ = ["APP", "RETENTION"]
