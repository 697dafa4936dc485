"""The bench's own logic: wrk's result line, the Lua it runs, statistics, the report, the fixed
workload, and the seeded rows on both engines. Never a timing assertion."""

from __future__ import annotations

import secrets
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import msgspec
import pytest

from bench import ceiling, cli, data, floor, profile, report, run, sampling, stats, workload, wrk
from service.auth import Tokens
from service.config import DbUrl
from tests.conftest import SECRET

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8000
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.20ms    1.10ms  30.00ms   90.00%
  21000 requests in 3.00s, 60.00MB read
  Non-2xx or 3xx responses: 4
BENCH_JSON {"requests":21000,"duration_us":3000000,"bytes":62914560,"connect":0,"read":1,\
"write":0,"status":4,"timeout":2,"p50_us":4100,"p90_us":5200,"p99_us":9800,"max_us":30000,\
"mean_us":4200.5}
Requests/sec:   7000.00
"""


# -- wrk ------------------------------------------------------------------------------------


def test_the_done_hook_line_is_parsed_into_counts_and_latencies() -> None:
    result = wrk.parse(WRK_OUTPUT)
    assert result.requests == 21000 and result.rps == pytest.approx(7000.0)
    assert result.errors == 7  # read + status + timeout
    assert (result.p50_us, result.p99_us, result.max_us) == (4100, 9800, 30000)


def test_output_without_the_result_line_fails_with_the_output() -> None:
    with pytest.raises(wrk.WrkFailed, match="unable to connect"):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_a_missing_wrk_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert cli.main(["--quick", "--engines", "postgres"]) == 2
    err = capsys.readouterr().err
    assert "apt-get install -y wrk" in err and "Traceback" not in err


def test_help_lists_the_knobs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    for flag in ("--quick", "--engines", "--endpoints", "--connections", "--workers",
                 "--repeats", "--duration", "--skip-growth"):  # fmt: skip
        assert flag in shown


def test_lua_long_strings_cannot_be_closed_by_the_body() -> None:
    assert wrk._lua_string('{"a": 1}') == '[[{"a": 1}]]'
    assert wrk._lua_string("x]]y]=]z") == "[==[x]]y]=]z]==]"


def test_the_script_holds_every_request_once_and_each_token_once() -> None:
    requests = workload.requests("create")[:50]
    subjects = sorted({r.subject for r in requests})
    tokens = {s: f"token-{s}" for s in subjects}
    lua = wrk.script(requests, tokens, threads=2)
    plan = lua.split("local plan = {")[1].split("}\nlocal prepared")[0]
    assert plan.count('{"POST", "/roleplay/api/scenarios"') == 50
    assert all(lua.count(f'"token-{s}"') == 1 for s in subjects)
    assert "local nthreads = 2" in lua and "function done(" in lua


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
    seen: list[tuple[str, str, str, bytes]] = []

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        self.seen.append((self.command, self.path, self.headers["authorization"], body))
        self.send_response(200 if self.command == "GET" else 201)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_wrk_runs_the_generated_script_and_sends_real_requests(
    recorder: str, tmp_path: Path
) -> None:
    requests = workload.requests("append")[:20]
    tokens = workload.tokens(SECRET, "chat", sorted({r.subject for r in requests}))
    lua = tmp_path / "append.lua"
    lua.write_text(wrk.script(requests, tokens, threads=1))
    outcome = wrk.run(recorder, lua, connections=1, threads=1, duration=1)
    assert outcome.result.requests > 0 and outcome.result.errors == 0
    # wrk asks the script for one request before it connects, so the walk starts one in.
    by_path = {r.path: r for r in requests}
    assert len({path for _, path, _, _ in _Recorder.seen[:20]}) == min(20, len(_Recorder.seen))
    for method, path, auth, body in _Recorder.seen:
        sent = by_path[path]
        assert (method, body) == (sent.method, sent.body)
        assert Tokens(SECRET, ["chat"]).verify(auth, "chat").subject == sent.subject


# -- statistics and the report --------------------------------------------------------------


def _run(
    kind: str, rps: float, p50: float | None = None, p99: float | None = None, **more: object
) -> stats.Run:
    fields: dict[str, object] = {"engine": "postgres", "endpoint": "get", "connections": 32}
    fields |= {"workers": 1} | more
    return stats.Run(kind=kind, rps=rps, p50_ms=p50, p99_ms=p99, **fields)  # type: ignore[arg-type]


def test_repeats_summarize_to_min_median_max() -> None:
    runs = [
        _run("service", 100, 2.0, 5.0, repeat=1, cpu={"service": 0.9}, rss_mb=60),
        _run("service", 300, 4.0, 9.0, repeat=2, cpu={"service": 1.1}, rss_mb=70),
        _run("service", 200, 3.0, 8.0, repeat=3, cpu={"service": 1.0}, rss_mb=65, errors=2),
        _run("floor", 400, repeat=1),
    ]
    cells = stats.summarize(runs)
    service = cells[("service", "postgres", "get", 32, 1, 0)]
    assert service.rps == stats.Spread(100, 200, 300)
    assert service.p50 == stats.Spread(2.0, 3.0, 4.0) and service.tail_ratio == pytest.approx(8 / 3)
    assert (service.errors, service.rss_mb, service.cpu) == (2, 70, {"service": 1.0})
    assert stats.ratio(service, cells[("floor", "postgres", "get", 32, 1, 0)]) == 0.5


def test_growth_factor_compares_the_largest_size_with_the_smallest() -> None:
    key = ("growth-list", "postgres", "get", 32, 1, 0)
    steps = [stats.summarize([_run("growth-list", 1, p50)])[key] for p50 in (2.0, 3.0, 5.0)]
    assert stats.growth_factor(steps) == 2.5
    assert stats.growth_factor(steps[:1]) is None


def test_floor_percentiles_use_the_nearest_rank() -> None:
    found = run.percentiles(list(range(1000, 101_000, 1000)))  # 1 .. 100 ms
    assert (found["p50_ms"], found["p99_ms"], found["max_ms"]) == (51.0, 100.0, 100.0)
    assert run.percentiles([]) == {}


def test_cpu_deltas_count_processes_born_during_the_run() -> None:
    assert sampling.used({1: 2.0, 2: 1.0}, {1: 2.5, 2: 1.0, 3: 0.25}) == 0.75
    assert sampling.cores(3.0, 2.0) == 1.5


def _meta() -> report.Meta:
    return report.Meta(
        date="2026-01-01 00:00 UTC", machine="m", cpu="c", cores=2, memory_gb=4, python="3.11",
        servers={"postgres": "PostgreSQL 16.2"}, commit="abc", options={"repeats": 1},
    )  # fmt: skip


def test_the_report_has_the_tables_and_names_each_target_met_or_missed(tmp_path: Path) -> None:
    runs = [
        _run("service", 700, 4.0, 8.0, cpu={"service": 1.0, "db": 0.2, "wrk": 0.1}, rss_mb=66),
        _run("floor", 1000, 1.0, 3.0),
        _run("service", 300, 2.0, 9.0, endpoint="create", cpu={"service": 1.0}, rss_mb=200),
        _run("floor", 1000, endpoint="create"),
        _run("growth-list", 50, 2.0, 4.0, endpoint="list", size=10_000),
        _run("growth-list", 50, 2.2, 4.0, endpoint="list", size=1_000_000),
        stats.Run(kind="startup-empty", engine="postgres", seconds=4.5),
        stats.Run(kind="startup-existing", engine="postgres", seconds=3.5),
    ]
    plans = {"postgres": {10_000: ["Index Scan using idx on scenarios"],
                          1_000_000: ["Index Scan using idx on scenarios"]}}  # fmt: skip
    text = report.render(_meta(), runs, plans, {"postgres get": "42 on-CPU samples"})
    assert "| postgres | get | 32 | 1 | 700 (700–700) | 4.00 | 8.00 | 2.0 | 0 |" in text
    assert "| 1.00 / 0.20 / 0.10 | 66 | 1,000 (1,000–1,000) | 1.00 / 3.00 | 0.70 |" in text
    assert "| postgres | 1,000,000 | 50 (50–50) | 2.20 | 4.00 | 0 | no |" in text
    assert "- Point reads and writes ≥ 0.6 × floor: **missed** (lowest 0.30" in text
    assert "- List flat from 10,000 to 1,000,000 scenarios (postgres): met (p50 × 1.10" in text
    assert "- p99 ≤ 3 × p50 at 32 connections: **missed** (worst 4.5 at postgres create" in text
    assert "- Worker RSS under load ≤ 150 MB: **missed** (largest 200 MB" in text
    assert "empty data directory ≤ 10 s: met" in text
    assert "existing data directory ≤ 3 s: **missed** (median 3.50 s" in text
    assert "## Profile: postgres get" in text
    path = report.write(tmp_path, "2026-01-01-postgres", text, runs, _meta())
    lines = path.with_suffix(".jsonl").read_bytes().splitlines()
    assert msgspec.json.decode(lines[0])["kind"] == "meta"
    assert msgspec.json.decode(lines[1], type=stats.Run) == runs[0]


def test_the_stack_ceiling_bounds_service_over_floor() -> None:
    # 1 / (1/1000 + 1/3000) = 750 requests/s at best: 0.75 of the floor.
    runs = [
        _run("service", 700, 4.0, 8.0),
        _run("floor", 1000),
        _run("ceiling", 3000, 0.5, 1.0, endpoint="ceiling"),
    ]
    text = report.render(_meta(), runs, {}, {})
    assert "| 0.70 | 3,000 (3,000–3,000) | 0.75 |" in text
    assert "allows at most 0.75 (postgres get c32 w1) to 0.75" in text


async def test_the_ceiling_answers_a_constant_the_size_of_a_scenario() -> None:
    transport = httpx.ASGITransport(app=ceiling.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        answer = await client.get(ceiling.PATH)
        ready = await client.get("/ready")
    assert answer.status_code == ready.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert 2_000 < len(answer.content) < 3_000 and answer.json()["id"] == "bench-ceiling"
    assert ceiling.command(8000, 2)[-6:] == [
        "--port",
        "8000",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]


def test_a_plan_that_reads_the_whole_table_is_recognised() -> None:
    assert data.scans("postgres", ["  ->  Parallel Seq Scan on scenarios scenarios_1"])
    assert not data.scans("postgres", ["Index Scan using idx_scenarios_user_id on scenarios"])
    assert data.scans("mysql", ["id=2 select_type=UNION table=scenarios type=ALL key=None"])
    assert not data.scans("mysql", ["id=2 table=scenarios type=range key=idx_x"])


def test_profiles_are_boiled_down_by_package_and_function() -> None:
    raw = (
        "main (service/cli.py:5);run (service/routing.py:80);decode (jwt/api_jwt.py:9) 30\n"
        "main (service/cli.py:5);run (service/routing.py:80) 10\n"
        "main (service/cli.py:5);send (uvicorn/protocols/http/h.py:1) 60\n"
    )
    text = profile.summarize(raw)
    assert "100 on-CPU samples" in text
    assert " 60.0%  uvicorn" in text and " 30.0%  jwt" in text
    assert " 40.0%  run (service/routing.py)" in text


# -- the workload ---------------------------------------------------------------------------


def test_the_workload_is_the_same_every_time_and_the_right_size() -> None:
    for endpoint in workload.ENDPOINTS:
        assert workload.requests(endpoint) == workload.requests(endpoint)
    sizes = {e: len(workload.requests(e)) for e in workload.ENDPOINTS}
    assert sizes == {
        "list": 1000, "get": 10_000, "create": 1000, "append": 1000, "words": 100,
        "addword": 30_000, "session": 1000, "apikey": 1000, "claim": 16, "catalogue": 500,
        "whole": 3334,
    }  # fmt: skip
    get = workload.requests("get")
    assert {r.params["id"] for r in get} == {workload.scenario_id(n) for n in range(10_000)}
    assert all(r.subject == r.params["viewer"] for r in get)
    appended = workload.requests("append", range(1000, 1100))
    assert {r.params["id"] for r in appended} == {workload.chat_id(n) for n in range(1000, 1100)}


def test_create_bodies_are_about_two_kilobytes_of_mixed_text() -> None:
    bodies = {r.body for r in workload.requests("create")}
    assert len(bodies) == workload.BODIES
    for body in bodies:
        assert body is not None and 1500 <= len(body) <= 3000
        decoded = msgspec.json.decode(body)
        assert len(decoded["tags"]) == 3 and any("\u4e00" <= c <= "\u9fff" for c in body.decode())


def test_tokens_are_real_and_verify_for_their_app() -> None:
    tokens = workload.tokens(SECRET, "roleplay", ["bench-u-000001"])
    header = f"Bearer {tokens['bench-u-000001']}"
    principal = Tokens(SECRET, ["roleplay"]).verify(header, "roleplay")
    assert (principal.role, principal.subject) == ("user", "bench-u-000001")


# -- the seeded databases, both engines -----------------------------------------------------


@pytest.fixture
async def seeded(server: DbUrl) -> AsyncIterator[data.Data]:
    target = data.Target(server.engine, server, prefix=f"bench_t{secrets.token_hex(3)}_")
    await data.create(target)
    opened = await data.Data.open(target)
    try:
        await opened.seed()
        yield opened
    finally:
        await opened.close()
        await data.drop(target)


async def test_seeding_builds_exactly_the_documented_workload(seeded: data.Data) -> None:
    assert await seeded.counts() == {
        "users": 1000, "scenarios": 10_020, "templates": 20, "chat_users": 100, "chats": 1000,
        "messages": 10_000, "kids": 100, "words": 20_000, "accounts": 1000, "pending": 200_000,
        "edu_scenarios": 5000, "edu_public": 3334, "edu_scenes": 15_000,
    }  # fmt: skip
    row = await seeded.roleplay.q.get_scenario(id=workload.scenario_id(12), viewer=None)
    assert row["user_id"] == workload.scenario_owner(12) and len(row["tags"]) == 3
    text = "".join(str(row[k]) for k in row if isinstance(row[k], str))
    assert 1500 <= len(text.encode()) <= 3000


async def test_resets_undo_what_the_endpoints_change(seeded: data.Data) -> None:
    db = seeded.roleplay
    for endpoint in ("create", "append"):
        request = workload.requests(endpoint)[0]
        target_db = db if endpoint == "create" else seeded.chat
        await floor.OPS[endpoint](target_db, request.params)
    counts = await seeded.counts()
    assert (counts["scenarios"], counts["messages"]) == (10_021, 10_001)
    await seeded.reset("create")
    await seeded.reset("append")
    counts = await seeded.counts()
    assert (counts["scenarios"], counts["messages"]) == (10_020, 10_000)


async def test_the_floor_runs_each_endpoints_queries(seeded: data.Data) -> None:
    for endpoint in workload.ENDPOINTS:
        db = seeded.db(workload.APP[endpoint])
        encoded = await floor.OPS[endpoint](db, workload.requests(endpoint)[1].params)
        assert msgspec.json.decode(encoded)


async def test_growth_adds_users_scenarios_and_long_chats(seeded: data.Data) -> None:
    await seeded.grow(12_345)
    counts = await seeded.counts()
    assert (counts["scenarios"], counts["users"]) == (12_345 + 20, 1235)
    await seeded.set_growth_messages(25)
    assert await seeded.growth_messages() == 25 * workload.GROWTH_CHATS
    await seeded.set_growth_messages(3)
    assert await seeded.growth_messages() == 3 * workload.GROWTH_CHATS
    plan = await seeded.explain_list(workload.user_id(1))
    assert plan and not data.scans(seeded.target.engine, plan)


async def test_the_claim_reset_puts_claimed_requests_back(seeded: data.Data) -> None:
    request = workload.requests("claim")[0]
    claimed = msgspec.json.decode(await floor.OPS["claim"](seeded.smartlite, request.params))
    assert claimed["item"]["status"] == "processing"
    assert (await seeded.counts())["pending"] == workload.PENDING - 1
    await seeded.reset("claim")
    assert (await seeded.counts())["pending"] == workload.PENDING


async def test_the_addword_reset_removes_the_added_words_and_their_trail(
    seeded: data.Data,
) -> None:
    request = workload.requests("addword")[0]
    encoded = await floor.OPS["addword"](seeded.tutor, request.params)
    assert [w["word"] for w in msgspec.json.decode(encoded)["added"]] == [request.params["word"]]
    assert (await seeded.counts())["words"] == 20_001
    await seeded.reset("addword")
    assert (await seeded.counts())["words"] == 20_000


async def test_the_tutor_import_is_timed_and_cleaned_up(seeded: data.Data, tmp_path: Path) -> None:
    from bench import tutor_import

    runs = await tutor_import.measure(seeded, tmp_path, repeats=1)
    assert runs[0].kind == "import" and runs[0].requests > 300 and runs[0].rps > 0
    assert (await seeded.counts())["kids"] == 100
    table = report.imports(stats.summarize(runs))
    assert table[2].startswith(f"| {seeded.target.engine} | {runs[0].requests:,} |")
