"""`python -m bench`: options, checks before anything starts, the run, and the report files."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pymysql

from bench import profile, report, workload, wrk
from bench.run import Bench, Options
from bench.server import ServiceFailed
from service.config import ConfigError, DbUrl
from service.db import StartupError

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
ENGINES = ("postgres", "mysql")


def _list(kind: Callable[[str], object], choices: Sequence[str] = ()) -> Callable[[str], list]:  # type: ignore[type-arg]
    def parse(text: str) -> list:  # type: ignore[type-arg]
        items = [kind(t.strip()) for t in text.split(",") if t.strip()]
        bad = [i for i in items if choices and i not in choices]
        if not items or bad:
            raise argparse.ArgumentTypeError(
                f"{text!r}: give a comma-separated list"
                + (f" of {', '.join(choices)}" if choices else "")
            )
        return items

    return parse


def _prefix(text: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", text):
        raise argparse.ArgumentTypeError(f"{text!r}: lower-case letters, digits and _")
    return text


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Load the service with wrk (real tokens, ids and bodies) on the embedded"
        " PostgreSQL and on MySQL/MariaDB, beside the floor: the same named queries without"
        " HTTP. Prints a Markdown table and writes bench/results/<UTC date>-<engines>.md and"
        " .jsonl. Needs wrk (apt-get install wrk). A full run takes about 25 minutes on 2 cores.",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="2 s per run, 1 repeat, 1 s warm-up: a smoke test of the whole suite",
    )
    p.add_argument(
        "--engines",
        type=_list(str, ENGINES),
        default=list(ENGINES),
        help="postgres (embedded), mysql; default both",
    )
    p.add_argument(
        "--endpoints",
        type=_list(str, workload.ENDPOINTS),
        default=list(workload.ENDPOINTS),
        help="list, get, create, append, words, addword; default all",
    )
    p.add_argument(
        "--connections",
        type=_list(int),
        default=[32, 64],
        help="wrk connections per run (default 32,64)",
    )
    p.add_argument(
        "--workers", type=_list(int), default=[1, 2], help="uvicorn worker counts (default 1,2)"
    )
    p.add_argument("--repeats", type=int, default=3, help="runs per cell (default 3)")
    p.add_argument("--duration", type=float, default=4.0, help="seconds per run (default 4)")
    p.add_argument(
        "--warmup",
        type=float,
        default=1.0,
        help="seconds of unrecorded load before a cell's runs (default 1, 0 = none)",
    )
    p.add_argument("--skip-growth", action="store_true", help="no growth steps")
    p.add_argument(
        "--list-sizes",
        type=_list(int),
        default=[10_000, 100_000, 1_000_000],
        help="scenario counts for the list's growth (default 10000,100000,1000000)",
    )
    p.add_argument(
        "--append-sizes",
        type=_list(int),
        default=[10, 1_000, 10_000],
        help="messages per chat for the append's growth (default 10,1000,10000)",
    )
    p.add_argument("--skip-startup", action="store_true", help="do not time the embedded start")
    p.add_argument(
        "--skip-floor", action="store_true", help="no floor runs (nor the stack ceiling with them)"
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also py-spy one worker under each endpoint's load and summarise it",
    )
    p.add_argument(
        "--mysql-url",
        default="mysql://root@127.0.0.1:3306",
        help="MySQL/MariaDB server (default %(default)s); bench_* databases are"
        " created there and dropped after",
    )
    p.add_argument("--pg-url", help="an external PostgreSQL server instead of the embedded one")
    p.add_argument(
        "--db-prefix",
        default="bench_",
        type=_prefix,
        help="database names are <prefix>roleplay, <prefix>chat (default %(default)s): give"
        " each of two benches sharing a server its own",
    )
    p.add_argument(
        "--threads",
        type=int,
        default=os.cpu_count() or 2,
        help="wrk threads (default: the number of cores)",
    )
    p.add_argument(
        "--pool-max",
        type=int,
        default=10,
        help="POOL_MAX per app per worker, for the service and the floor (default 10)",
    )
    p.add_argument(
        "--out", type=Path, default=RESULTS, help="results folder (default bench/results)"
    )
    p.add_argument(
        "--workdir",
        type=Path,
        help="keep Lua scripts, logs, profiles and the embedded data here (default: a"
        " temporary folder, removed after)",
    )
    return p


def _commit() -> str:
    """HEAD's commit, read from .git without running git."""
    git = ROOT / ".git"
    try:
        if git.is_file():  # a worktree: `gitdir: <its folder>`, refs in the common folder
            git = Path(git.read_text().strip().removeprefix("gitdir:").strip())
        common = (
            git / (git / "commondir").read_text().strip() if (git / "commondir").exists() else git
        )
        head = (git / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            path = common / ref
            if path.exists():
                return path.read_text().strip()[:10]
            for line in (common / "packed-refs").read_text().splitlines():
                if line.endswith(" " + ref):
                    return line.split()[0][:10]
        return head[:10]
    except OSError:
        return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _preflight(args: argparse.Namespace) -> None:
    wrk.find()
    if args.profile:
        profile.find()
    if "mysql" in args.engines:
        url = DbUrl.parse(args.mysql_url, "--mysql-url")
        try:
            pymysql.connect(
                host=url.host or "localhost",
                port=url.port,
                user=url.user,
                password=url.password,
                unix_socket=url.socket or None,
                connect_timeout=3,
            ).close()
        except pymysql.err.MySQLError as exc:
            raise ConfigError(
                f"--mysql-url: cannot reach {url} ({exc}); start MySQL/MariaDB, pass"
                " --mysql-url, or leave it out with --engines postgres"
            ) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.quick:
        args.duration, args.warmup, args.repeats = 2.0, 1.0, 1
    try:
        _preflight(args)
    except (wrk.WrkMissing, profile.ProfilerMissing, ConfigError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="datasvc-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()

    def say(line: str) -> None:
        print(f"[{(time.monotonic() - began) / 60:5.1f} min] {line}", file=sys.stderr, flush=True)

    options = Options(
        engines=args.engines,
        endpoints=args.endpoints,
        connections=args.connections,
        workers=args.workers,
        repeats=args.repeats,
        duration=args.duration,
        warmup=args.warmup,
        growth=not args.skip_growth,
        list_sizes=args.list_sizes,
        append_sizes=args.append_sizes,
        startup=not args.skip_startup,
        profile=args.profile,
        floor=not args.skip_floor,
        mysql_url=args.mysql_url,
        pg_url=args.pg_url,
        threads=args.threads,
        pool_max=args.pool_max,
        workdir=workdir.resolve(),
        db_prefix=args.db_prefix,
    )
    date = datetime.now(UTC)
    try:
        outcome = asyncio.run(Bench(options, say).all())
    except KeyboardInterrupt:
        print("bench: interrupted; the bench databases were dropped", file=sys.stderr)
        return 130
    except (StartupError, ConfigError, ServiceFailed, wrk.WrkFailed, RuntimeError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    meta = report.Meta(
        date=date.strftime("%Y-%m-%d %H:%M UTC"),
        machine=f"{platform.node()} ({platform.system()} {platform.release()})",
        cpu=_cpu_model(),
        cores=os.cpu_count() or 0,
        memory_gb=psutil.virtual_memory().total / 2**30,
        python=platform.python_version(),
        servers=outcome.servers,
        commit=_commit(),
        options={
            "duration": f"{args.duration:g}s",
            "warmup": f"{args.warmup:g}s",
            "repeats": args.repeats,
            "connections": args.connections,
            "workers": args.workers,
            "wrk threads": args.threads,
            "POOL_MAX": args.pool_max,
        },
        minutes=(time.monotonic() - began) / 60,
    )
    markdown = report.render(meta, outcome.runs, outcome.plans, outcome.profiles, outcome.failures)
    stem = f"{date:%Y-%m-%d}-{'-'.join(args.engines)}" + ("-quick" if args.quick else "")
    path = report.write(
        args.out, stem, markdown, outcome.runs, meta, outcome.plans, outcome.profiles
    )
    print(markdown)
    say(f"wrote {path} and {path.with_suffix('.jsonl')}")
    return 1 if outcome.failures else 0
