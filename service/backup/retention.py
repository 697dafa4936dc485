"""Which backup sets exist and which to keep: the newest set of each of the last N days and of
each of the last M ISO weeks that have a set (UTC), and always the newest set. Other complete
sets are deleted, and so are unfinished runs older than a day. A directory not named like a set,
or a set whose manifest cannot be read, is never deleted."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from service.backup import BackupError, Say, manifest

UNFINISHED_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Found:
    path: Path
    time: datetime
    state: str  # complete, unfinished or damaged
    apps: tuple[str, ...]
    size: int
    note: str = ""

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Decision:
    found: Found
    keep: bool
    why: str


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def scan(root: Path) -> list[Found]:
    """The sets under `root`, newest first."""
    found = []
    for path in root.iterdir() if root.is_dir() else []:
        when = manifest.stamp_time(path.name)
        if when is None or not path.is_dir():
            continue
        if path.name.endswith(manifest.PARTIAL):
            found.append(Found(path, when, "unfinished", (), _size(path)))
            continue
        try:
            apps = tuple(e.app for e in manifest.read(path).apps)
        except BackupError as exc:
            found.append(Found(path, when, "damaged", (), _size(path), str(exc)))
            continue
        found.append(Found(path, when, "complete", apps, _size(path)))
    return sorted(found, key=lambda f: (f.time, f.name), reverse=True)


def _newest_per(
    sets: list[Found], count: int, period: Callable[[datetime], str], why: dict[Path, list[str]]
) -> None:
    """Mark the newest set of each of the `count` most recent periods that have one."""
    seen: set[str] = set()
    for each in sets:
        key = period(each.time)
        if key in seen:
            continue
        if len(seen) == count:
            return
        seen.add(key)
        why.setdefault(each.path, []).append(key)


def decide(sets: list[Found], keep_daily: int, keep_weekly: int, now: datetime) -> list[Decision]:
    complete = [s for s in sets if s.state == "complete"]
    why: dict[Path, list[str]] = {}
    _newest_per(complete, keep_daily, lambda t: f"daily {t:%Y-%m-%d}", why)
    _newest_per(complete, keep_weekly, lambda t: "weekly {}-W{:02d}".format(*t.isocalendar()), why)
    if complete and complete[0].path not in why:
        why[complete[0].path] = ["the newest set"]
    decisions = []
    for each in sets:
        if each.state == "complete":
            kept = each.path in why
            reason = ", ".join(why[each.path]) if kept else "not the newest of a kept day or week"
            decisions.append(Decision(each, kept, reason))
        elif each.state == "unfinished":
            old = now - each.time > UNFINISHED_AFTER
            reason = "an unfinished run " + ("over a day old" if old else "(may still be running)")
            decisions.append(Decision(each, not old, reason))
        else:
            decisions.append(Decision(each, True, f"unreadable, left for a person: {each.note}"))
    return decisions


def prune(
    root: Path, keep_daily: int, keep_weekly: int, now: datetime, say: Say, dry_run: bool = False
) -> list[Decision]:
    """Delete what the retention rule does not keep (nothing with `dry_run`), saying each."""
    if keep_daily < 0 or keep_weekly < 0 or keep_daily + keep_weekly == 0:
        raise BackupError(
            "--keep-daily and --keep-weekly must not be negative, and at least one must be above"
            " 0 (e.g. --keep-daily 7 --keep-weekly 4)"
        )
    decisions = decide(scan(root), keep_daily, keep_weekly, now)
    for d in decisions:
        if d.keep:
            say(f"keep    {d.found.name}  ({d.why})")
            continue
        say(f"{'would delete' if dry_run else 'delete'}  {d.found.name}  ({d.why})")
        if not dry_run:
            shutil.rmtree(d.found.path)
    return decisions
