"""The trail: one audit_log row per change, written by the caller's transaction, never alone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from service.db import Row, Runner

# One spelling for every moment in the trail, whether Python or SQL (audit-cascade-*) wrote it.
MOMENT = "%Y-%m-%dT%H:%M:%S.%fZ"


def age(value: float | None) -> float | None:
    """mental_age is a 4-byte float on both engines: 6.3 comes back as 6.300000190734863, so it
    is read back at the precision it keeps."""
    return None if value is None else float(f"{value:.6g}")


def snapshot(row: Row | None) -> dict[str, Any] | None:
    """A row as the trail keeps it: JSON values as they are, moments as UTC text."""
    if row is None:
        return None
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, datetime):
            value = value.strftime(MOMENT)
        elif key == "mental_age":
            value = age(value)
        out[key] = value
    return out


async def record(
    tx: Runner,
    table: str,
    record_id: Any,
    action: str,
    changed_by: str,
    old: Row | None = None,
    new: Row | None = None,
) -> None:
    await tx.q.insert_audit(
        table_name=table,
        record_id=str(record_id),
        action=action,
        old_value=snapshot(old),
        new_value=snapshot(new),
        changed_by=changed_by,
    )
