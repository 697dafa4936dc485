"""One bench run: per engine, fresh seeded databases; per worker count, the service started; per
endpoint and connection count, repeats of (reset, wrk against the service, reset, the floor);
then the growth steps, the embedded start, and the report."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import psutil

from bench import ceiling, data, floor, profile, sampling, startup, tutor_import, workload, wrk
from bench.server import Service
from bench.stats import Run, from_wrk
from service import embedded
from service.config import DbUrl


@dataclass
class Options:
    engines: list[str]
    endpoints: list[str]
    connections: list[int]
    workers: list[int]
    repeats: int
    duration: float
    warmup: float
    growth: bool
    list_sizes: list[int]
    append_sizes: list[int]
    startup: bool
    profile: bool
    floor: bool
    mysql_url: str
    pg_url: str | None
    threads: int
    pool_max: int
    workdir: Path
    db_prefix: str = "bench_"


@dataclass
class Outcome:
    runs: list[Run] = field(default_factory=list)
    plans: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    servers: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


class Bench:
    def __init__(self, options: Options, say: Callable[[str], None]) -> None:
        self.o = options
        self.say = say
        self.out = Outcome()
        self.secret = data.SECRET

    # -- pieces ---------------------------------------------------------------------------------

    def lua(self, engine: str, name: str, requests: list[workload.Request], conns: int) -> Path:
        app = workload.APP[name.split("-")[0]]
        subjects = sorted({r.subject for r in requests})
        tokens = workload.credentials(self.secret, app, subjects)
        threads = min(self.o.threads, conns)
        path = self.o.workdir / f"{engine}-{name}-t{threads}.lua"
        if not path.exists():
            path.write_text(wrk.script(requests, tokens, threads), encoding="utf-8")
        return path

    def check(self, svc: Service, request: workload.Request) -> None:
        """One request by hand before loading it: a wrong setup fails here, with the answer."""
        app = request.path.split("/")[1]
        name, value = workload.credentials(self.secret, app, [request.subject])[request.subject]
        headers = {name: value}
        if request.body is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(
            svc.url + request.path, data=request.body, headers=headers, method=request.method
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise RuntimeError(
                f"{request.method} {request.path} answered {exc.code}: {exc.read()[:500]!r}"
            ) from None

    def service_run(
        self, svc: Service, lua: Path, conns: int, db_procs: sampling.Procs, **fields: object
    ) -> Run:
        window = sampling.CpuWindow({"service": svc.processes, "db": db_procs})
        rss = sampling.RssSampler(svc.worker_processes)
        rss.start()
        window.begin()
        try:
            result = wrk.run(
                svc.url, lua, connections=conns, threads=self.o.threads, duration=self.o.duration
            )
        finally:
            busy = window.end()
            peak = rss.stop()
        wall = result.result.duration_us / 1e6
        cpu = {name: sampling.cores(seconds, wall) for name, seconds in busy.items()}
        cpu["wrk"] = sampling.cores(result.cpu_seconds, wall)
        return from_wrk(
            result.result, connections=conns, workers=svc.workers, cpu=cpu,
            rss_mb=peak / 2**20, **fields,
        )  # fmt: skip

    def warm(self, svc: Service, lua: Path, conns: int) -> None:
        if self.o.warmup > 0:
            wrk.run(svc.url, lua, connections=conns, threads=self.o.threads, duration=self.o.warmup)

    def floor_run(
        self, target: data.Target, endpoint: str, conns: int, workers: int,
        db_procs: sampling.Procs, repeat: int,
    ) -> Run:  # fmt: skip
        """`workers` floor processes (as the service has workers), `conns` tasks among them."""
        start_at = time.time() + 1.5 + 0.25 * workers
        procs = []
        for p in range(workers):
            tasks = conns // workers + (1 if p < conns % workers else 0)
            spec = floor.Spec(
                engine=target.engine, url=target.server.render(), endpoint=endpoint, tasks=tasks,
                first_task=p * (conns // workers) + min(p, conns % workers), all_tasks=conns,
                start_at=start_at, duration=self.o.duration, pool_max=self.o.pool_max,
                prefix=target.prefix,
            )  # fmt: skip
            proc = subprocess.Popen(
                [sys.executable, "-m", "bench.floor"],
                stdin=subprocess.PIPE,  # the spec holds the server URL: not on a command line
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=Path(__file__).resolve().parent.parent,
            )
            assert proc.stdin is not None
            proc.stdin.write(msgspec.json.encode(spec) + b"\n")  # communicate() closes it
            proc.stdin.flush()
            procs.append(proc)
        mine = [psutil.Process(p.pid) for p in procs]
        window = sampling.CpuWindow({"floor": lambda: mine, "db": db_procs})
        time.sleep(max(0.0, start_at - time.time()))
        window.begin()
        time.sleep(self.o.duration)
        busy = window.end()
        results = []
        for proc in procs:
            stdout, stderr = proc.communicate(timeout=60 + self.o.duration)
            if proc.returncode != 0:
                raise RuntimeError(f"the floor process failed:\n{stderr.decode()[-2000:]}")
            results.append(msgspec.json.decode(stdout.splitlines()[-1], type=floor.Result))
        for result in results:
            if result.error:
                self.say(f"  floor errors ({result.errors}): {result.error}")
        latencies = sorted(us for r in results for us in r.latencies_us)
        run = Run(
            kind="floor",
            engine=target.engine,
            endpoint=endpoint,
            connections=conns,
            workers=workers,
            repeat=repeat,
            rps=sum(r.ops / r.seconds for r in results),
            requests=sum(r.ops for r in results),
            errors=sum(r.errors for r in results),
            cpu={n: sampling.cores(s, self.o.duration) for n, s in busy.items()},
            seconds=self.o.duration,
        )
        return msgspec.structs.replace(run, **percentiles(latencies))

    # -- one engine -----------------------------------------------------------------------------

    async def engine(self, engine: str) -> None:
        target, db_procs, let_go = self.target(engine)
        self.say(f"{engine}: creating and migrating {target.url('roleplay').database},"
                 f" {target.url('chat').database}")  # fmt: skip
        await data.create(target)
        d = await data.Data.open(target)
        try:
            started = time.perf_counter()
            await d.seed()
            counts = await d.counts()
            self.say(f"{engine}: seeded {data.describe(counts)} in"
                     f" {time.perf_counter() - started:.1f} s")  # fmt: skip
            self.out.servers[engine] = await d.server_version()
            await self.matrix(target, d, db_procs)
            if self.o.profile:
                await self.profile(target, d)
            if self.o.growth:
                await self.growth(target, d, db_procs)
            await self.imports(d)
        finally:
            await d.close()
            await data.drop(target)
            let_go()
            self.say(f"{engine}: dropped the bench databases")

    async def imports(self, d: data.Data) -> None:
        """The tutor's JSON import of its sample set, timed (no HTTP: the command's own work)."""
        runs = await tutor_import.measure(d, self.o.workdir, self.o.repeats)
        self.out.runs += runs
        for run in runs:
            self.say(f"{d.target.engine} tutor import #{run.repeat}: {run.requests:,} rows in"
                     f" {run.seconds:.1f} s, {run.rps:,.0f} rows/s")  # fmt: skip

    def target(self, engine: str) -> tuple[data.Target, sampling.Procs, Callable[[], None]]:
        """The engine's server, its processes (for the CPU split), and how to let go of it."""
        if engine == "mysql":
            server = DbUrl.parse(self.o.mysql_url, "--mysql-url")
            mysql = data.Target("mysql", server, self.o.db_prefix)
            return mysql, sampling.mysql_processes(server), _nothing
        if self.o.pg_url:
            server = DbUrl.parse(self.o.pg_url, "--pg-url")
            return data.Target("postgres", server, self.o.db_prefix), list, _nothing
        pg_dir = self.o.workdir / "embedded"
        server = embedded.start(pg_dir)
        return (
            data.Target("postgres", server, self.o.db_prefix),
            sampling.postgres_processes(pg_dir / "postgres"),
            lambda: data.stop_embedded(pg_dir),
        )

    def ceiling(self, engine: str, workers: int) -> None:
        """The stack alone at this worker count (bench/ceiling.py), as the service is loaded."""
        svc = Service({}, workers, self.o.workdir, f"ceiling-w{workers}", ceiling.command)
        svc.start()
        try:
            for conns in self.o.connections:
                threads = min(self.o.threads, conns)
                lua = self.o.workdir / f"ceiling-t{threads}.lua"
                if not lua.exists():
                    text = wrk.script(ceiling.requests(), ceiling.TOKENS, threads)
                    lua.write_text(text, encoding="utf-8")
                self.warm(svc, lua, conns)
                for repeat in range(1, self.o.repeats + 1):
                    run = self.service_run(
                        svc, lua, conns, list, kind="ceiling", engine=engine,
                        endpoint="ceiling", repeat=repeat,
                    )  # fmt: skip
                    self.out.runs.append(run)
                    self.say(f"{engine} stack ceiling c{conns} w{workers} #{repeat}:"
                             f" {run.rps:,.0f} req/s p50 {run.p50_ms:.2f} ms")  # fmt: skip
        finally:
            svc.stop()

    async def matrix(self, target: data.Target, d: data.Data, db_procs: sampling.Procs) -> None:
        engine = target.engine
        for workers in self.o.workers:
            if self.o.floor:
                await asyncio.to_thread(self.ceiling, engine, workers)
            svc = Service(target.env() | self.pool_env(), workers, self.o.workdir,
                          f"{engine}-w{workers}")  # fmt: skip
            took = await asyncio.to_thread(svc.start)
            self.say(f"{engine}: service up with {workers} worker(s) in {took:.1f} s")
            try:
                for endpoint in self.o.endpoints:
                    requests = workload.requests(endpoint)
                    await asyncio.to_thread(self.check, svc, requests[0])
                    for conns in self.o.connections:
                        lua = self.lua(engine, endpoint, requests, conns)
                        await d.reset(endpoint)
                        await asyncio.to_thread(self.warm, svc, lua, conns)
                        for repeat in range(1, self.o.repeats + 1):
                            await d.reset(endpoint)
                            run = await asyncio.to_thread(
                                self.service_run, svc, lua, conns, db_procs, kind="service",
                                engine=engine, endpoint=endpoint, repeat=repeat,
                            )  # fmt: skip
                            self.out.runs.append(run)
                            line = f"{engine} {endpoint} c{conns} w{workers} #{repeat}:" \
                                   f" {run.rps:,.0f} req/s p50 {run.p50_ms:.2f} ms" \
                                   f" p99 {run.p99_ms:.2f} ms errors {run.errors}"  # fmt: skip
                            if self.o.floor:
                                await d.reset(endpoint)
                                fl = await asyncio.to_thread(
                                    self.floor_run, target, endpoint, conns, workers, db_procs,
                                    repeat,
                                )  # fmt: skip
                                self.out.runs.append(fl)
                                line += f"; floor {fl.rps:,.0f} ops/s"
                            self.say(line)
                    await d.reset(endpoint)
            finally:
                await asyncio.to_thread(svc.stop)

    def pool_env(self) -> dict[str, str]:
        return {"POOL_MIN": "1", "POOL_MAX": str(self.o.pool_max)}

    async def profile(self, target: data.Target, d: data.Data) -> None:
        engine = target.engine
        conns = self.o.connections[0]
        svc = Service(target.env() | self.pool_env(), 1, self.o.workdir, f"{engine}-profile")
        await asyncio.to_thread(svc.start)
        try:
            for endpoint in self.o.endpoints:
                lua = self.lua(engine, endpoint, workload.requests(endpoint), conns)
                await d.reset(endpoint)
                await asyncio.to_thread(self.warm, svc, lua, conns)
                raw = self.o.workdir / f"profile-{engine}-{endpoint}.txt"
                pid = svc.worker_processes()[0].pid
                load = asyncio.create_task(
                    asyncio.to_thread(
                        wrk.run, svc.url, lua, connections=conns, threads=self.o.threads,
                        duration=self.o.duration + 2,
                    )
                )  # fmt: skip
                await asyncio.sleep(1)
                await asyncio.to_thread(profile.record, pid, self.o.duration, raw)
                await load
                name = f"{engine} {endpoint}, c{conns}, 1 worker"
                self.out.profiles[name] = profile.summarize(raw.read_text())
                self.say(f"{engine}: profiled {endpoint} ({raw})")
                await d.reset(endpoint)
        finally:
            await asyncio.to_thread(svc.stop)

    async def growth(self, target: data.Target, d: data.Data, db_procs: sampling.Procs) -> None:
        engine = target.engine
        conns, workers = self.o.connections[0], max(self.o.workers)
        env = target.env() | self.pool_env()
        plans = self.out.plans.setdefault(engine, {})
        lua = self.lua(engine, "list", workload.requests("list"), conns)
        for size in self.o.list_sizes:
            started = time.perf_counter()
            await d.grow(size)
            self.say(f"{engine}: {size:,} scenarios ({time.perf_counter() - started:.0f} s)")
            plans[size] = await d.explain_list(workload.user_id(1))
            await self.growth_runs(target, env, workers, conns, lua, db_procs, "growth-list",
                                   "list", size, d)  # fmt: skip
        chats = range(workload.CHATS, workload.CHATS + workload.GROWTH_CHATS)
        lua = self.lua(engine, "append-growth", workload.requests("append", chats), conns)
        for size in self.o.append_sizes:
            await d.set_growth_messages(size)
            await self.growth_runs(target, env, workers, conns, lua, db_procs, "growth-append",
                                   "append", size, d)  # fmt: skip

    async def growth_runs(
        self, target: data.Target, env: dict[str, str], workers: int, conns: int, lua: Path,
        db_procs: sampling.Procs, kind: str, endpoint: str, size: int, d: data.Data,
    ) -> None:  # fmt: skip
        svc = Service(env, workers, self.o.workdir, f"{target.engine}-{kind}-{size}")
        await asyncio.to_thread(svc.start)
        try:
            await asyncio.to_thread(self.warm, svc, lua, conns)
            for repeat in range(1, self.o.repeats + 1):
                if kind == "growth-append":
                    await d.set_growth_messages(size)
                run = await asyncio.to_thread(
                    self.service_run, svc, lua, conns, db_procs, kind=kind,
                    engine=target.engine, endpoint=endpoint, size=size, repeat=repeat,
                )  # fmt: skip
                self.out.runs.append(run)
                self.say(f"{target.engine} {kind} {size:,} #{repeat}: {run.rps:,.0f} req/s"
                         f" p50 {run.p50_ms:.2f} ms p99 {run.p99_ms:.2f} ms")  # fmt: skip
        finally:
            await asyncio.to_thread(svc.stop)

    # -- all ------------------------------------------------------------------------------------

    async def all(self) -> Outcome:
        """Every part; one that fails is reported and the others still run, so a long run
        never ends with nothing to show."""
        for engine in self.o.engines:
            await self.guarded(engine, self.engine(engine))
        if self.o.startup:
            self.say("embedded start: timing empty and existing data directories")
            await self.guarded("embedded start", self.startup())
        return self.out

    async def guarded(self, part: str, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception as exc:  # noqa: BLE001 - reported in the results and on stderr
            self.out.failures.append(f"{part}: {type(exc).__name__}: {exc}")
            self.say(f"{part}: FAILED ({type(exc).__name__}: {exc}); going on without it")

    async def startup(self) -> None:
        runs = await asyncio.to_thread(startup.measure, self.o.workdir, self.o.repeats)
        self.out.runs += runs
        for run in runs:
            self.say(f"  {run.kind} #{run.repeat}: {run.seconds:.2f} s")


def percentiles(sorted_us: list[int]) -> dict[str, float]:
    """p50 / p90 / p99 / max / mean in milliseconds, as wrk reports them (nearest rank)."""
    if not sorted_us:
        return {}

    def rank(p: float) -> float:
        return sorted_us[min(len(sorted_us) - 1, int(p / 100 * len(sorted_us)))] / 1000

    return {
        "p50_ms": rank(50),
        "p90_ms": rank(90),
        "p99_ms": rank(99),
        "max_ms": sorted_us[-1] / 1000,
        "mean_ms": sum(sorted_us) / len(sorted_us) / 1000,
    }


def _nothing() -> None:
    pass
