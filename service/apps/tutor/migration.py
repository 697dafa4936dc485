"""From the JSON files to the database (the seed's migration strategy) and back (its rollback
plan): validate every file first, back the directory up, import each profile in a transaction
with changed_by 'migration' in the trail, verify by reading everything back; export writes the
same files from the database."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import msgspec
from tqdm import tqdm

from service.apps.tutor import archive, files, store
from service.apps.tutor.files import FileProblem, ProfileFile
from service.db import Database, Runner

BY = "migration"
TABLES = ("profiles", *(store.WORDS, store.GRAMMAR, store.CARDS, store.MESSAGES))


@dataclass
class Report:
    files: int = 0
    problems: list[FileProblem] = field(default_factory=list)
    backup: Path | None = None
    written: Counter[str] = field(default_factory=Counter)  # rows inserted (profiles: + updated)
    stored: Counter[str] = field(default_factory=Counter)  # rows the imported profiles now hold
    differences: list[str] = field(default_factory=list)
    imported: bool = False


def _bar(items: list[Any], what: str, out: TextIO) -> Iterable[Any]:
    """A progress bar on a terminal; plain iteration anywhere else (logs, tests)."""
    bar: Iterable[Any] = tqdm(items, desc=what, unit="file", file=out, disable=not out.isatty())
    return bar


def json_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json"))


def validate(directory: Path, out: TextIO) -> tuple[list[ProfileFile], list[FileProblem]]:
    good: list[ProfileFile] = []
    bad: list[FileProblem] = []
    for path in _bar(json_files(directory), "validating", out):
        result = files.read(path)
        (bad if isinstance(result, FileProblem) else good).append(result)  # type: ignore[arg-type]
    return good, bad


def _key(item: files.FileCard | files.FileMessage) -> str:
    return json.dumps(msgspec.to_builtins(item), sort_keys=True, ensure_ascii=False)


def _missing(wanted: list[Any], have: list[Any]) -> list[Any]:
    """What of `wanted` (in order) `have` lacks, counting repeats: cards and messages have no
    key, so an item is "there" when an equal one is, once per equal one."""
    stock = Counter(_key(h) for h in have)
    out = []
    for item in wanted:
        key = _key(item)
        if stock[key]:
            stock[key] -= 1
        else:
            out.append(item)
    return out


async def read_back(tx: Runner, profile_id: str) -> ProfileFile | None:
    row = await tx.q.get_profile(id=profile_id)
    if row is None:
        return None
    return files.from_rows(
        store.profile_row(row),
        await tx.q.all_words(profile_id=profile_id),
        await tx.q.all_grammar(profile_id=profile_id),
        [store.card_row(c) for c in await tx.q.all_cards(profile_id=profile_id)],
        await tx.q.all_messages(profile_id=profile_id),
    )


PROFILE_COLUMNS = tuple(
    n
    for n in ProfileFile.__struct_fields__
    if n not in ("mastered_words", "mastered_grammar", "approved_cards", "chat_history")
)


def _profile_params(profile: ProfileFile) -> dict[str, Any]:
    params = {n: getattr(profile, n) for n in PROFILE_COLUMNS}
    if params["dob"] is not None:
        params["dob"] = params["dob"].isoformat()
    return params


def _same_profile(file: dict[str, Any], stored: dict[str, Any]) -> bool:
    file, stored = msgspec.to_builtins(file), msgspec.to_builtins(stored)
    # A moment the file leaves out is the database's to choose: not a difference.
    return all(file[n] == stored[n] or file[n] is None and n.endswith("_at") for n in file)


def _changes(params: dict[str, Any]) -> dict[str, Any]:
    """update-profile's parameters: every column set to the file's value."""
    fields = [n for n in PROFILE_COLUMNS if n not in ("id", "created_at", "updated_at")]
    return (
        {n: params[n] for n in fields}
        | {f"set_{n}": True for n in fields}
        | {
            "set_created_at": params["created_at"] is not None,
            "created_at": params["created_at"],
            "updated_at": params["updated_at"],
        }
    )


async def import_one(tx: Runner, profile: ProfileFile, dry_run: bool = False) -> Counter[str]:
    """Make the database hold what the file holds (adding, never removing); what it wrote."""
    written: Counter[str] = Counter()
    current = await read_back(tx, profile.id) if await store.locked(tx, profile.id) else None
    params = _profile_params(profile)
    if current is None:
        written["profiles"] += 1
        current = ProfileFile(id=profile.id, name=profile.name)
        if not dry_run:
            await store.create_profile(tx, params, BY)
    else:
        have = {n: getattr(current, n) for n in PROFILE_COLUMNS}
        if not _same_profile(params, have):
            written["profiles"] += 1
            if not dry_run:
                await store.update_profile(tx, profile.id, _changes(params), BY)
    words = [
        (w, lang, None)
        for lang in ("zh", "en")
        for w in getattr(profile.mastered_words, lang)
        if w not in getattr(current.mastered_words, lang)
    ]
    grammar = [(g, None) for g in profile.mastered_grammar if g not in current.mastered_grammar]
    cards = _missing(profile.approved_cards, current.approved_cards)
    messages = _missing(profile.chat_history, current.chat_history)
    written.update(
        {
            store.WORDS: len(words),
            store.GRAMMAR: len(grammar),
            store.CARDS: len(cards),
            store.MESSAGES: len(messages),
        }
    )
    if dry_run:
        return written
    await store.add_words(tx, profile.id, words, BY)
    await store.add_grammar(tx, profile.id, grammar, BY)
    for c in cards:
        await store.add_card(tx, profile.id, c.card_type, c.content, c.approved_at, BY)
    for m in messages:
        await store.add_message(tx, profile.id, m.role, m.content, m.timestamp, BY)
    return written


def differences(file: ProfileFile, stored: ProfileFile | None) -> list[str]:
    """Where the database's copy of a profile differs from its file (JSON paths)."""
    if stored is None:
        return ["$: not in the database"]
    want, have = files.canonical(file), files.canonical(stored)
    for i, card in enumerate(want["approved_cards"]):
        if card["approved_at"] is None and i < len(have["approved_cards"]):
            have["approved_cards"][i]["approved_at"] = None
    for i, message in enumerate(want["chat_history"]):
        if message["timestamp"] is None and i < len(have["chat_history"]):
            have["chat_history"][i]["timestamp"] = None
    return [
        f"$.{key}: file {want[key]!r:.80}, database {have[key]!r:.80}"
        for key in want
        if want[key] != have[key] and not (want[key] is None and key.endswith("_at"))
    ]


async def import_dir(
    db: Database,
    directory: Path,
    backups: Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    out: TextIO = sys.stderr,
) -> Report:
    report = Report()
    good, report.problems = validate(directory, out)
    report.files = len(good) + len(report.problems)
    if report.problems and not skip_invalid:
        return report  # nothing written while any file is invalid
    if not dry_run:
        report.backup = archive.back_up(json_files(directory), backups)
    for profile in _bar(good, "importing" if not dry_run else "comparing", out):

        async def work(tx: Runner, profile: ProfileFile = profile) -> Counter[str]:
            return await import_one(tx, profile, dry_run)

        report.written.update(await db.atomic(work))
    report.imported = not dry_run
    if dry_run:
        return report
    for profile in _bar(good, "verifying", out):
        async with db.transaction() as tx:
            stored = await read_back(tx, profile.id)
        report.differences += [f"{profile.id}.json {d}" for d in differences(profile, stored)]
        if stored is not None:
            report.stored.update(_counts(stored))
    return report


def _counts(profile: ProfileFile) -> Counter[str]:
    return Counter(
        {
            "profiles": 1,
            store.WORDS: len(profile.mastered_words.zh) + len(profile.mastered_words.en),
            store.GRAMMAR: len(profile.mastered_grammar),
            store.CARDS: len(profile.approved_cards),
            store.MESSAGES: len(profile.chat_history),
        }
    )


async def export_dir(db: Database, directory: Path, out: TextIO = sys.stderr) -> Counter[str]:
    """Every profile as `<id>.json` in `directory` (the rollback path); rows per table."""
    files.prepare(directory)
    counts: Counter[str] = Counter()
    ids = [r["id"] for r in await db.q.list_profile_ids()]
    for profile_id in _bar(ids, "exporting", out):
        async with db.transaction() as tx:  # one profile read at one moment
            profile = await read_back(tx, profile_id)
        if profile is not None:
            files.write(directory, profile)
            counts.update(_counts(profile))
    return counts
