"""edu's retention jobs (seed 003, Data Retention), run by `datasvc retention`: conversation
logs kept a year and then archived, idle session memory after 30 days, expired cache entries."""

from __future__ import annotations

from datetime import timedelta

from service.archive import Archive
from service.retention import Job

RETENTION = (
    Archive(
        "conversation logs past the age kept",
        "conversation-logs",
        "conversation_logs",
        count="count-old-conversation-logs",
        select="list-old-conversation-logs",
        ids="list-old-conversation-log-ids",
        delete="delete-old-conversation-logs",
        keep=timedelta(days=365),
    ),
    Job("expired cache entries", "count-expired-cache", "delete-expired-cache", name="cache"),
    Job(
        "idle session memory",
        "count-idle-memory",
        "delete-idle-memory",
        keep=timedelta(days=30),
        name="session-memory",
    ),
)
