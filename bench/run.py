"""``make bench``: Cabildo at Cali scale behind gunicorn, measured with wrk (docs/benchmarks.md).

Steps: create (or reuse) the benchmark database and its ``cali`` data, collect static files,
start gunicorn with the production settings (plus the ``/bench/floor`` view), then measure
for each scenario requests/s and p50/p95/p99, with two floors in the same run: a bare Django
view (framework floor) and the raw SQL of the yearly report's aggregates (database floor).
Results go to ``bench/results/<date>.json`` and a markdown table (printed and saved next to
it); PASS/FAIL against the targets of issue 10. Everything it starts, it stops.

Environment: BENCH_DATABASE_URL (default ``postgres://postgres@127.0.0.1:5432/cabildo_bench``),
BENCH_REDIS_URL (``redis://127.0.0.1:6379/11``), BENCH_SCALE (``cali``), BENCH_ENTITY
(``cali``), BENCH_PORT (8710), BENCH_DURATION (seconds per scenario, 10), BENCH_CONNECTIONS
(4: twice the workers, so latency is not all queueing), BENCH_WORKERS (gunicorn workers;
2 per core plus one, as deployed), BENCH_ONLY (some scenario groups),
BENCH_INTAKE_RATE (petitions/s, 100).
"""

# The benchmark runs local tools (psql, wrk, gunicorn, manage.py) with arguments it builds itself.
# ruff: noqa: S603, S607, S608
from __future__ import annotations

import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = os.environ.get("BENCH_PYTHON") or str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(Path(PY).with_name("gunicorn"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cabildo_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
SCALE = os.environ.get("BENCH_SCALE", "cali")
ENTITY = os.environ.get("BENCH_ENTITY", "cali")
PORT = int(os.environ.get("BENCH_PORT", "8710"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
# The deployment's default (deploy/gunicorn.conf.py): 2 sync workers per core plus one.
WORKERS = int(os.environ.get("BENCH_WORKERS") or (os.cpu_count() or 1) * 2 + 1)
# Only some groups of scenarios (comma-separated: public, staff, intake, report, export), for
# working on one of them; a partial run writes `<date>-partial.json`. The floor always runs.
ONLY = {part.strip() for part in os.environ.get("BENCH_ONLY", "").split(",") if part.strip()}
INTAKE_RATE = int(os.environ.get("BENCH_INTAKE_RATE", "100"))
# The uncached renders of the public pages are information, not targets: shorter runs.
RENDER_DURATION = max(3, DURATION // 2)
HOST_HEADER = f"{ENTITY}.localhost"
BASE = f"http://127.0.0.1:{PORT}"
RESULTS = ROOT / "bench" / "results"

# Targets of issue 10 (milliseconds, requests/s, seconds, megabytes).
PUBLIC_P95_MS = 50
PUBLIC_FLOOR_RATIO = 2.0
INTAKE_MIN_RATE = 100
INTAKE_P95_MS = 100
STAFF_P95_MS = 100
REPORT_MAX_S = 1.0
REPORT_FLOOR_RATIO = 2.0
EXPORT_MAX_S = 30
EXPORT_MAX_MB = 200


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def env_for_app(static_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-secret-key-only-for-the-local-benchmark-0123456789abcdef",  # noqa: S106
        ALLOWED_HOSTS=".localhost,127.0.0.1",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        CELERY_BROKER_URL=REDIS_URL,
        EMAIL_URL="consolemail://",
        BEHIND_TLS_PROXY="true",  # wrk sends X-Forwarded-Proto: https, as nginx would
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        # One address sends everything here: the per-address limits of public forms would
        # answer 429 after a few petitions (they are tested in tests/security). A one-second
        # window keeps the sliding window's list of times short (it is per address).
        PUBLIC_FORM_RATE_LIMIT="100000000/1",
        PQRS_RATE_LIMIT="100000000/1",
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_WORKERS=str(WORKERS),
        GUNICORN_ACCESSLOG="",
        GUNICORN_LOGLEVEL="warning",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_TIMEOUT="300",  # the XLSX export of a year is measured, not cut off
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout


def last_json(output: str) -> Any:
    """The JSON document printed last by a `manage.py shell -c` snippet."""
    return json.loads(next(line for line in reversed(output.splitlines()) if line.startswith("{")))


def psql(database: str, sql: str) -> str:
    parts = urlsplit(DATABASE_URL)
    cmd = ["psql", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    cmd += ["-U", parts.username or "postgres", "-d", database, "-tAc", sql]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


def prepare(env: dict[str, str]) -> dict[str, Any]:
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    if psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
        psql("postgres", f'CREATE DATABASE "{name}"')
    log("migrate")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--only", "core", "accounts")
    log(f"generate_data --scale {SCALE} (reused when the entity already has petitions)")
    started = time.perf_counter()
    generated = manage(env, "generate_data", "--entity", ENTITY, "--scale", SCALE, "--if-empty")
    generation = {"seconds": round(time.perf_counter() - started, 1), "output": generated}
    if "se reutilizan" not in generated:  # fresh rows: statistics and the visibility map
        psql(name, "VACUUM ANALYZE")
    else:
        forget_bench_filings(name)
    log("collectstatic")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    setup = last_json(manage(env, "shell", "-c", SETUP_SNIPPET % {"entity": ENTITY}))
    setup["generation"] = generation
    return setup


# The petitions the intake scenarios file (their subjects), removed before each run that reuses
# the data: otherwise every run stacks a few thousand of them on top of the newest petitions,
# and the staff list's filters walk past more rows each time (the data must not drift).
INTAKE_SUBJECTS = ("Prueba de carga: ruido en el parque", "Prueba")


def forget_bench_filings(database: str) -> None:
    subjects = ", ".join(f"'{subject}'" for subject in INTAKE_SUBJECTS)
    mine = f"SELECT id FROM pqrs_petition WHERE subject IN ({subjects}) AND anonymous"
    removed = psql(
        database,
        f"DELETE FROM pqrs_petitionevent WHERE petition_id IN ({mine}); "
        f"DELETE FROM pqrs_historicalpetition WHERE id IN ({mine}); "
        f"WITH gone AS (DELETE FROM pqrs_petition WHERE id IN ({mine}) RETURNING 1) "
        "SELECT count(*) FROM gone",
    )
    psql(database, "VACUUM ANALYZE pqrs_petition")
    psql(database, "VACUUM ANALYZE pqrs_petitionevent")
    log(f"removed {removed.splitlines()[-1] if removed else 0} petitions filed by earlier runs")


# Runs inside `manage.py shell`: a staff user with a session cookie, and facts for the URLs.
SETUP_SNIPPET = """
import json
from django.test import Client
from django.db.models import Count
from cabildo.accounts.models import Membership, Role, User
from cabildo.core.models import Area, Entity
from cabildo.pqrs.models import Petition
entity = Entity.objects.get(slug=%(entity)r)
user, _ = User.objects.get_or_create(email="bench@cabildo.test", defaults={"full_name": "Bench"})
# A viewer: reads every list and report, and needs no second factor (accounts.two_factor).
Membership.objects.get_or_create(user=user, entity=entity, role=Role.VIEWER)
client = Client()
client.force_login(user)
session = client.session
session["cabildo_entity"] = entity.slug
session.save()
years = dict(Petition.objects.filter(entity=entity).values_list("year").annotate(n=Count("pk")))
full_years = sorted(y for y in years if y < max(years)) or sorted(years)
area = (Petition.objects.filter(entity=entity).exclude(area=None).values("area")
        .annotate(n=Count("pk")).order_by("-n").first())
print(json.dumps({
    "session": session.session_key,
    "years": {str(k): v for k, v in years.items()},
    "report_year": full_years[-1],
    "area": area["area"] if area else None,
    "petitions": sum(years.values()),
}))
"""


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed with the process
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if request("GET", "/bench/floor")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {self.log.name}")

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


def headers(session: str | None = None) -> dict[str, str]:
    found = {"Host": HOST_HEADER, "X-Forwarded-Proto": "https"}
    if session:
        found["Cookie"] = f"sessionid={session}"
    return found


def request(
    method: str, path: str, body: bytes | None = None, extra: dict[str, str] | None = None
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    try:
        connection.request(method, path, body=body, headers={**headers(), **(extra or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Measure:
    name: str
    kind: str  # floor, public, staff, report, intake, export, sql
    path: str = ""
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    verdict: str = ""
    target: str = ""


def wrk(
    name: str,
    kind: str,
    path: str,
    session: str | None = None,
    body: str = "",
    duration: int | None = None,
) -> Measure:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration or DURATION}s", "--timeout", "10s"]
    cmd += ["-s", str(ROOT / "bench" / "report.lua")]
    for key, value in headers(session).items():
        cmd += ["-H", f"{key}: {value}"]
    cmd.append(BASE + path)
    env = {**os.environ, "BENCH_BODY": body}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    data = json.loads(out.split("BENCH_JSON", 1)[1])
    measure = Measure(
        name,
        kind,
        path,
        rps=round(data["requests"] / (data["duration_us"] / 1e6), 1),
        p50_ms=round(data["p50_us"] / 1000, 1),
        p95_ms=round(data["p95_us"] / 1000, 1),
        p99_ms=round(data["p99_us"] / 1000, 1),
        requests=data["requests"],
        errors=data["errors"] + data["non2xx"],
    )
    log(f"{name}: {measure.rps} req/s, p95 {measure.p95_ms} ms, errors {measure.errors}")
    return measure


def fixed_rate_intake(rate: int, seconds: int) -> Measure:
    """POST petitions at a fixed arrival rate; latency from each request's scheduled time
    (no coordinated omission: a slow answer delays the next send, and that delay counts)."""
    total = rate * seconds
    body = json.dumps(
        {
            "kind": "queja",
            "subject": "Prueba de carga: ruido en el parque",
            "description": "Ruido excesivo en el parque principal después de las 10 p. m.",
            "anonymous": True,
        }
    ).encode()
    lock = threading.Lock()
    state = {"next": 0}
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    start = time.perf_counter() + 0.2

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        send_headers = {**headers(), "Content-Type": "application/json"}
        while True:
            with lock:
                index = state["next"]
                state["next"] += 1
            if index >= total:
                break
            scheduled = start + index / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                connection.request("POST", "/api/v1/pqrs/", body=body, headers=send_headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                status = 0
            elapsed = time.perf_counter() - scheduled
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(min(64, max(8, rate // 4)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    ok = statuses.get(201, 0)
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000, 1)

    measure = Measure(
        "PQRSD intake (API, fixed rate)",
        "intake",
        "/api/v1/pqrs/",
        rps=round(ok / wall, 1),
        p50_ms=pct(0.50),
        p95_ms=pct(0.95),
        p99_ms=pct(0.99),
        requests=len(latencies),
        errors=len(latencies) - ok,
        extra={"offered_rate": rate, "statuses": statuses},
    )
    log(f"intake at {rate}/s: {measure.rps} accepted/s, p95 {measure.p95_ms} ms")
    return measure


def report_sql_floor(env: dict[str, str], year: int) -> tuple[Measure, list[str]]:
    """Capture the SQL the yearly report runs, then time that SQL alone (psycopg, no ORM)."""
    snippet = f"""
import json, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from cabildo.core.models import Entity
from cabildo.pqrs import selectors
entity = Entity.objects.get(slug={ENTITY!r})
selectors.statistics(entity=entity, year={year})
with CaptureQueriesContext(connection) as queries:
    selectors.statistics(entity=entity, year={year})
sqls = [q["sql"] for q in queries.captured_queries]
timings = []
raw = connection.connection
for _ in range(7):
    started = time.perf_counter()
    with raw.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql)
            cursor.fetchall()
    timings.append(time.perf_counter() - started)
orm = []
for _ in range(7):
    started = time.perf_counter()
    selectors.statistics(entity=entity, year={year})
    orm.append(time.perf_counter() - started)
print(json.dumps({{"sqls": sqls, "timings": timings, "orm": orm}}))
"""
    data = last_json(manage(env, "shell", "-c", snippet))
    median = statistics.median(data["timings"])
    measure = Measure(
        "Yearly report: raw SQL of its aggregates (database floor)",
        "sql",
        p50_ms=round(median * 1000, 1),
        p95_ms=round(max(data["timings"]) * 1000, 1),
        requests=len(data["timings"]),
        extra={
            "queries": len(data["sqls"]),
            "selector_in_process_ms": round(statistics.median(data["orm"]) * 1000, 1),
        },
    )
    log(f"report SQL floor: {measure.p50_ms} ms over {len(data['sqls'])} queries")
    return measure, data["sqls"]


def timed_get(name: str, kind: str, path: str, session: str, runs: int = 5) -> Measure:
    timings, status = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        status, _body = request("GET", path, extra={"Cookie": f"sessionid={session}"})
        timings.append(time.perf_counter() - started)
    ordered = sorted(timings)
    measure = Measure(
        name,
        kind,
        path,
        rps=round(1 / statistics.median(timings), 2),
        p50_ms=round(statistics.median(timings) * 1000, 1),
        p95_ms=round(ordered[-1] * 1000, 1),
        p99_ms=round(ordered[-1] * 1000, 1),
        requests=runs,
        errors=0 if status == 200 else runs,
    )
    log(f"{name}: median {measure.p50_ms} ms (status {status})")
    return measure


def export_xlsx(server: Server, session: str, year: int) -> Measure:
    """The XLSX of a year of petitions through gunicorn: time, and the worker's peak memory
    (VmRSS sampled from /proc every 20 ms, minus its size before the request)."""
    path = f"/pqrs/gestion/estadisticas/xlsx/?year={year}"
    pids = server.worker_pids()
    baseline = {pid: _rss_mb(pid) for pid in pids}
    peak = dict(baseline)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], _rss_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    try:
        status, body = request("GET", path, extra={"Cookie": f"sessionid={session}"})
    except OSError as exc:  # timed out: reported as a failure, the run goes on
        status, body = 0, str(exc).encode()
    finally:
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    growth = max(peak[pid] - baseline[pid] for pid in pids)
    rows = _xlsx_rows(body) if status == 200 else 0
    seconds = round(seconds, 1)
    measure = Measure(
        "XLSX export of a year of petitions",
        "export",
        path,
        p50_ms=round(seconds * 1000),
        requests=1,
        errors=0 if status == 200 else 1,
        extra={
            "seconds": round(seconds, 1),
            "rows": rows,
            "bytes": len(body),
            "worker_peak_rss_mb": round(max(peak.values()), 1),
            "worker_rss_growth_mb": round(growth, 1),
        },
    )
    log(f"XLSX export: {seconds:.1f} s, {rows} rows, worker +{growth:.0f} MB")
    return measure


def _rss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(match.group(1)) / 1024 if match else 0.0


def _xlsx_rows(body: bytes) -> int:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheet = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        with archive.open(sheet) as handle:
            return (
                sum(chunk.count(b"<row ") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1
            )


PUBLIC_PAGES = [
    ("Portal home", "/"),
    ("Participa (portal)", "/participa/"),
    ("Plan (public)", "/plan/"),
    ("Instancias directory", "/instancias/directorio/"),
    ("Events (public)", "/eventos/"),
    ("PQRSD statistics (public)", "/pqrs/estadisticas/"),
    ("Evaluation results (public)", "/evaluacion/resultados/"),
]


def judge(measures: list[Measure]) -> None:
    by_kind: dict[str, list[Measure]] = {}
    for m in measures:
        by_kind.setdefault(m.kind, []).append(m)
    floor = by_kind["floor"][0]
    sql_floor = by_kind.get("sql", [Measure("", "sql")])[0]
    floor.verdict = "floor"
    sql_floor.verdict = "floor"
    for m in by_kind.get("public-render", []):
        m.extra["floor_rps_ratio"] = round(floor.rps / m.rps, 2) if m.rps else None
        m.extra["floor_p95_ratio"] = round(m.p95_ms / floor.p95_ms, 2) if floor.p95_ms else None
        m.verdict = "info"
    for m in by_kind.get("public", []):
        m.extra["floor_rps_ratio"] = round(floor.rps / m.rps, 2) if m.rps else None
        m.extra["floor_p95_ratio"] = round(m.p95_ms / floor.p95_ms, 2) if floor.p95_ms else None
        # Issue 10: "p95 ≤ 50 ms and ≤ 2× the framework floor": both bounds on the p95. The
        # throughput ratio is reported beside it.
        m.target = f"p95 ≤ {PUBLIC_P95_MS} ms and ≤ {PUBLIC_FLOOR_RATIO:g}× the floor's p95"
        ok = (
            m.errors == 0
            and m.p95_ms <= PUBLIC_P95_MS
            and (m.extra["floor_p95_ratio"] or 99) <= PUBLIC_FLOOR_RATIO
        )
        m.verdict = "PASS" if ok else "FAIL"
    for m in by_kind.get("staff", []):
        m.target = f"p95 ≤ {STAFF_P95_MS} ms"
        m.verdict = "PASS" if m.errors == 0 and m.p95_ms <= STAFF_P95_MS else "FAIL"
    for m in by_kind.get("intake", []):
        m.target = f"≥ {INTAKE_MIN_RATE}/s, p95 ≤ {INTAKE_P95_MS} ms"
        ok = m.rps >= INTAKE_MIN_RATE * 0.98 and m.p95_ms <= INTAKE_P95_MS and m.errors == 0
        m.verdict = "PASS" if ok else "FAIL"
    for m in by_kind.get("intake-max", []):
        m.verdict = "info"
    for m in by_kind.get("report", []):
        m.extra["floor_ratio"] = round(m.p50_ms / sql_floor.p50_ms, 2) if sql_floor.p50_ms else None
        m.target = f"≤ {REPORT_MAX_S:g} s, ≤ {REPORT_FLOOR_RATIO:g}× SQL floor"
        ok = (
            m.errors == 0
            and m.p50_ms <= REPORT_MAX_S * 1000
            and (m.extra["floor_ratio"] or 99) <= REPORT_FLOOR_RATIO
        )
        m.verdict = "PASS" if ok else "FAIL"
    for m in by_kind.get("export", []):
        m.target = f"≤ {EXPORT_MAX_S} s, ≤ {EXPORT_MAX_MB} MB"
        ok = (
            m.errors == 0
            and m.extra["seconds"] <= EXPORT_MAX_S
            and m.extra["worker_rss_growth_mb"] <= EXPORT_MAX_MB
        )
        m.verdict = "PASS" if ok else "FAIL"


def markdown(measures: list[Measure], meta: dict[str, Any]) -> str:
    lines = [
        f"Run {meta['date']} on {meta['machine']}; {meta['petitions']:,} petitions "
        f"(scale `{SCALE}`), gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections × "
        f"{DURATION} s.",
        "",
        "| Scenario | req/s | p50 ms | p95 ms | p99 ms | errors | vs floor | target | result |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for m in measures:
        if m.kind in ("public", "public-render"):
            ratio = f"{m.extra['floor_p95_ratio']}× (p95); {m.extra['floor_rps_ratio']}× (req/s)"
        elif m.kind == "report":
            ratio = f"{m.extra['floor_ratio']}× SQL"
        elif m.kind == "export":
            ratio = (
                f"{m.extra['seconds']} s, {m.extra['rows']:,} rows, "
                f"+{m.extra['worker_rss_growth_mb']} MB"
            )
        elif m.kind == "sql":
            ratio = f"{m.extra['queries']} queries"
        else:
            ratio = ""
        rps = f"{m.rps:g}" if m.rps else ""
        lines.append(
            f"| {m.name} | {rps} | {m.p50_ms:g} | {m.p95_ms:g} | {m.p99_ms:g} | {m.errors} "
            f"| {ratio} | {m.target} | {m.verdict} |"
        )
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    system = platform.platform()
    return f"{platform.node()} ({os.cpu_count()} cores {cpu}, {memory:.0f} GB RAM, {system})"


def main() -> int:
    for tool in ("wrk", "psql"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed")
    started = time.perf_counter()
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = env_for_app(static_root)
    setup = prepare(env)
    session = setup["session"]
    year = setup["report_year"]
    server = Server(env)
    measures: list[Measure] = []
    try:
        server.start()
        log(f"gunicorn up on {BASE} ({WORKERS} workers)")
        # Warm-up, not measured: every worker imports its views and compiles its templates
        # on its first requests (otherwise the floor, measured first, pays for it).
        for path in ("/bench/floor", "/", "/pqrs/estadisticas/"):
            wrk("warm-up", "warm-up", path, duration=2)
        wrk("warm-up", "warm-up", "/pqrs/gestion/", session=session, duration=2)
        measures.append(wrk("Bare Django view (framework floor)", "floor", "/bench/floor"))
        for name, path in PUBLIC_PAGES if wanted("public") else []:
            status, _ = request("GET", path)
            if status != 200:
                log(f"skip {path}: {status}")
                continue
            measures.append(wrk(name, "public", path))
            # The same page rendered every time (a parameter the page does not declare is
            # never served from the whole-page cache): what a visit costs after a change.
            measures.append(
                wrk(f"{name}, uncached render", "public-render", f"{path}?sin_cache=1",
                    duration=RENDER_DURATION)
            )  # fmt: skip
        staff = [
            ("Staff PQRSD list (all rows)", "/pqrs/gestion/"),
            ("Staff PQRSD list: status + channel",
             "/pqrs/gestion/?status=en_tramite&channel=presencial"),
            ("Staff PQRSD list: overdue", "/pqrs/gestion/?semaphore=vencida"),
            ("Staff PQRSD list: search", "/pqrs/gestion/?q=alumbrado"),
        ]  # fmt: skip
        if setup["area"]:
            staff.append(("Staff PQRSD list: area", f"/pqrs/gestion/?area={setup['area']}"))
        for name, path in staff if wanted("staff") else []:
            status, _ = request("GET", path, extra={"Cookie": f"sessionid={session}"})
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            measures.append(wrk(name, "staff", path, session=session))
        if wanted("intake"):
            measures.extend(intake())
        if wanted("report"):
            sql_floor, _sqls = report_sql_floor(env, year)
            measures.append(sql_floor)
            measures.append(
                timed_get(
                    f"Yearly PQRSD report {year} (staff statistics page)",
                    "report",
                    f"/pqrs/gestion/estadisticas/?year={year}",
                    session,
                )
            )
        if wanted("export"):
            measures.append(export_xlsx(server, session, year))
    finally:
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
    return finish(measures, setup, started)


def wanted(group: str) -> bool:
    return not ONLY or group in ONLY


def intake() -> list[Measure]:
    fixed = fixed_rate_intake(INTAKE_RATE, DURATION)
    body = json.dumps(
        {
            "kind": "queja",
            "subject": "Prueba",
            "description": "Prueba de carga",
            "anonymous": True,
        }
    )
    intake_max = wrk("PQRSD intake (API, max throughput)", "intake-max", "/api/v1/pqrs/", body=body)
    return [fixed, intake_max]


def finish(measures: list[Measure], setup: dict[str, Any], started: float) -> int:
    judge(measures)
    now = datetime.now(UTC)
    meta = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "scale": SCALE,
        "petitions": setup["petitions"],
        "years": setup["years"],
        "generation": setup["generation"],
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "duration_s": DURATION,
        "total_s": round(time.perf_counter() - started),
    }
    table = markdown(measures, meta)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = now.strftime("%Y-%m-%d") + ("-partial" if ONLY else "")
    (RESULTS / f"{stem}.json").write_text(
        json.dumps(
            {"meta": meta, "measures": [asdict(m) for m in measures]}, indent=2, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    (RESULTS / f"{stem}.md").write_text(table, encoding="utf-8")
    print()
    print(table)
    failed = [m.name for m in measures if m.verdict == "FAIL"]
    log(f"done in {meta['total_s']} s; results in bench/results/{stem}.json; "
        f"{len(failed)} target(s) missed")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
