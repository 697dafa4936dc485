"""`python -m bench.vectors`: edu's vector search at N embeddings (default 100,000) on
PostgreSQL with pgvector: latency of the HNSW search (the app's own named queries, no HTTP)
beside the exact scan, and recall@10 of the approximate search against the exact one."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench import data
from service import embedded, migrations, runtime
from service.config import DbUrl
from service.db import Database, Runner


async def seed(tx: Runner, q: Any, **params: Any) -> None:
    await tx.run(q.no_timeout)
    await tx.run(q.seed_vectors, **params)


async def load(
    db: Database, q: Any, size: int, clusters: int, noise: float, say: Callable[[str], None]
) -> None:
    await db.run(q.drop_hnsw)
    chunk = 5_000
    started = time.monotonic()
    for first in range(1, size + 1, chunk):
        count = min(chunk, size + 1 - first)
        await db.atomic(
            partial(seed, q=q, first=first, count=count, clusters=clusters, noise=noise)
        )
        say(f"loaded {first + count - 1:,} vectors ({time.monotonic() - started:.0f} s)")
    started = time.monotonic()

    async def build(tx: Runner) -> None:
        await tx.run(q.no_timeout)
        await tx.run(q.build_memory, memory="1GB")
        await tx.run(q.build_hnsw)

    await db.atomic(build)
    await db.run(q.analyze_vectors)
    say(f"HNSW index built in {time.monotonic() - started:.0f} s")


async def approximate(tx: Runner, ef: int, params: dict[str, Any]) -> list[Any]:
    """The app's search as vectors.search runs it: ef_search, then the ordered scan."""
    await tx.q.tune_search(ef_search=ef)
    rows: list[Any] = await tx.q.search_embeddings(**params)
    return rows


async def measure(
    db: Database, q: Any, queries: int, k: int, clusters: int, noise: float, efs: list[int]
) -> dict[str, Any]:
    """Per ef_search: the HNSW search's latency and recall@k against the exact scan (measured
    once per query vector, as the truth)."""
    approx_ms: dict[int, list[float]] = {ef: [] for ef in efs}
    recalls: dict[int, list[float]] = {ef: [] for ef in efs}
    exact_ms: list[float] = []
    vector = ""
    for n in range(queries):
        vector = await db.run(q.query_vector, cluster=n % clusters, noise=noise)
        params = {"collection": "bench", "vector": vector, "k": k, "content_type": None}
        began = time.perf_counter()
        truth = await db.q.search_embeddings_exact(**params)
        exact_ms.append((time.perf_counter() - began) * 1000)
        want = {r["id"] for r in truth}
        for ef in efs:
            began = time.perf_counter()
            found = await db.atomic(partial(approximate, ef=ef, params=params))
            approx_ms[ef].append((time.perf_counter() - began) * 1000)
            recalls[ef].append(len(want & {r["id"] for r in found}) / len(want))
    # The plan's nodes, without the query vector's 1536 numbers.
    plan = [r["QUERY PLAN"][:90] for r in await db.run(q.explain_search, vector=vector)]

    def pct(values: list[float], p: float) -> float:
        return sorted(values)[min(len(values) - 1, int(p * len(values)))]

    result: dict[str, Any] = {
        "exact_p50_ms": round(statistics.median(exact_ms), 1),
        "exact_p95_ms": round(pct(exact_ms, 0.95), 1),
    }
    for ef in efs:
        result[f"ef_search={ef}"] = (
            f"p50 {statistics.median(approx_ms[ef]):.1f} ms, p95 {pct(approx_ms[ef], 0.95):.1f} ms,"
            f" recall@{k} mean {statistics.mean(recalls[ef]):.3f}, min {min(recalls[ef]):.2f}"
        )
    return result | {"plan": plan}


async def main(args: argparse.Namespace) -> None:
    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="bench-vectors-"))
    server = DbUrl.parse(args.pg_url, "--pg-url") if args.pg_url else embedded.start(work)
    target = data.Target("postgres", server, prefix="bench_vectors_")
    await data.drop_quietly(target, "edu")
    await runtime.create_missing(target.settings(), ["edu"])
    await asyncio.to_thread(migrations.upgrade, target.url("edu"), "edu")
    db = await data.open_app(target, "edu")
    q = data.bench_queries("edu", "postgres")
    try:
        await load(db, q, args.size, args.clusters, args.noise, say)
        say(f"{await db.run(q.count_vectors):,} vectors; measuring {args.queries} searches")
        efs = [int(x) for x in args.ef.split(",")]
        result = await measure(db, q, args.queries, 10, args.clusters, args.noise, efs)
        result |= {"vectors": args.size, "clusters": args.clusters, "queries": args.queries}
        for key, value in result.items():
            print(f"{key}: {value}")
    finally:
        await db.close()
        if not args.keep:
            await data.drop_quietly(target, "edu")
            if not args.pg_url:  # the embedded server and its files, about 1 GB at 100,000
                await asyncio.to_thread(data.stop_embedded, work)
                await asyncio.to_thread(shutil.rmtree, work, True)


def cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vectors", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000, help="embeddings (100000)")
    parser.add_argument("--queries", type=int, default=100, help="searches measured (100)")
    parser.add_argument("--clusters", type=int, default=200, help="clusters of the data (200)")
    parser.add_argument("--noise", type=float, default=1.0, help="noise width around a centre")
    parser.add_argument("--pg-url", help="a PostgreSQL server with pgvector (default: embedded)")
    parser.add_argument(
        "--ef", default="40,100,200,400", help="hnsw.ef_search values to compare (40,100,200,400)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    asyncio.run(main(parser.parse_args(argv)))


if __name__ == "__main__":
    cli()
