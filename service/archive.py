"""Archiving retention jobs: old rows written to compressed files with a manifest, and only
then deleted, in batches, so that a crash at any point loses and doubles nothing.

A batch is the oldest `limit` rows past the cutoff, in id order. Each goes through:
  1. written to `<table>-<first id>-<last id>.jsonl.gz` (a temporary name, fsynced, renamed);
  2. recorded in manifest.json as pending (rows, first and last id, cutoff, sha256);
  3. deleted by id range and cutoff in one transaction, which must delete only ids the file
     holds (else it rolls back and the command stops);
  4. marked deleted in the manifest.
A re-run first finishes every pending entry (steps 3 and 4: a crash after the delete committed
finds nothing left to delete) and removes files no manifest entry names (a crash between 1 and
2), so the archive holds each deleted row exactly once. The manifest is replaced atomically.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec

from service.db import Database, Row, Runner

MANIFEST = "manifest.json"
_encode = msgspec.json.Encoder()
_decode = msgspec.json.Decoder()
Tick = Callable[[int], None]


@dataclass(frozen=True)
class Archive:
    """An archiving job. Queries take :now (the cutoff); `select` also :limit (rows in id
    order), `ids` and `delete` :first_id and :last_id."""

    what: str  # "conversation logs older than the age kept"
    name: str  # the --keep name, e.g. "conversation-logs"
    table: str  # the archive files' prefix
    count: str
    select: str
    ids: str
    delete: str
    keep: timedelta = timedelta(0)


class ArchiveError(Exception):
    """The database holds rows in a batch's range the batch's file does not: nothing deleted."""


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


class Manifest:
    def __init__(self, directory: Path) -> None:
        self.path = directory / MANIFEST
        self.entries: dict[str, dict[str, Any]] = (
            _decode.decode(self.path.read_bytes())["files"] if self.path.exists() else {}
        )

    def save(self) -> None:
        rows = sum(e["rows"] for e in self.entries.values() if e["state"] == "deleted")
        body = {"files": self.entries, "rows_deleted": rows}
        _write_atomic(self.path, msgspec.json.format(_encode.encode(body)))


async def run_named(runner: Runner, query: str, **params: Any) -> Any:
    """A job's query by the name its SQL file gives it (`delete-expired-sessions`)."""
    return await getattr(runner.q, query.replace("-", "_"))(**params)


async def _delete(db: Database, job: Archive, entry: dict[str, Any], archived: set[int]) -> int:
    bounds = {"first_id": entry["first_id"], "last_id": entry["last_id"]}
    cutoff = datetime.fromisoformat(entry["cutoff"])

    async def work(tx: Any) -> int:
        present = {r["id"] for r in await run_named(tx, job.ids, now=cutoff, **bounds)}
        if not present <= archived:
            raise ArchiveError(
                f"{job.table} ids {sorted(present - archived)[:5]} are in a batch's range"
                " but not in its file; nothing was deleted"
            )
        deleted: int = await run_named(tx, job.delete, now=cutoff, **bounds)
        return deleted

    return await db.atomic(work)


def _ids(path: Path) -> set[int]:
    with gzip.open(path, "rb") as lines:
        return {int(_decode.decode(line)["id"]) for line in lines if line.strip()}


async def _finish(db: Database, job: Archive, directory: Path, manifest: Manifest) -> int:
    """A previous run's pending batches deleted now; files no entry names removed."""
    done = 0
    for name, entry in sorted(manifest.entries.items()):
        if entry["state"] == "pending":
            done += await _delete(db, job, entry, _ids(directory / name))
            entry["state"] = "deleted"
            manifest.save()
    await asyncio.to_thread(_sweep, directory, job, manifest)
    return done


def _sweep(directory: Path, job: Archive, manifest: Manifest) -> None:
    for path in directory.glob(f"{job.table}-*"):
        if path.name not in manifest.entries:
            path.unlink()


def _open(directory: Path) -> Manifest:
    directory.mkdir(parents=True, exist_ok=True)
    return Manifest(directory)


async def run(
    db: Database,
    job: Archive,
    directory: Path,
    cutoff: datetime,
    batch: int,
    tick: Tick,
    crash: Callable[[str], None] = lambda step: None,
) -> int:
    """Rows archived and deleted; `crash` lets tests stop between the steps."""
    manifest = await asyncio.to_thread(_open, directory)
    total = await _finish(db, job, directory, manifest)
    while True:
        rows: list[Row] = await run_named(db, job.select, now=cutoff, limit=batch)
        if not rows:
            return total
        first, last = rows[0]["id"], rows[-1]["id"]
        name = f"{job.table}-{first:010d}-{last:010d}.jsonl.gz"
        data = gzip.compress(b"".join(_encode.encode(r) + b"\n" for r in rows), mtime=0)
        _write_atomic(directory / name, data)
        crash("written")
        manifest.entries[name] = {
            "rows": len(rows),
            "first_id": first,
            "last_id": last,
            "cutoff": cutoff.isoformat(),
            "sha256": hashlib.sha256(data).hexdigest(),
            "state": "pending",
        }
        manifest.save()
        crash("recorded")
        total += await _delete(db, job, manifest.entries[name], {r["id"] for r in rows})
        crash("deleted")
        manifest.entries[name]["state"] = "deleted"
        manifest.save()
        tick(len(rows))
