"""``make cluster-test``: Cabildo as several processes on loopback, checked end to end.

Starts nginx (its own configuration, pid and logs in a temporary directory, unprivileged
port) in front of two gunicorn instances, a Celery worker, its own Redis server (cache,
sessions and broker; a port of its own, so stopping it touches nobody else) and a fresh
PostgreSQL database, with the production limits on (``TRUSTED_PROXY_COUNT=1``: nginx passes
the visitor's address; each simulated visitor connects from its own loopback address,
127.x.y.z); then checks:

1. 200 petitions submitted concurrently through nginx get 200 distinct, consecutive filing
   numbers;
2. a session logged in on one instance works on the other (sessions in Redis + PostgreSQL);
3. a reminder task queued by one instance is run by the worker;
4. two clients through nginx get separate limits (one past the PQRSD limit gets 429, the
   other is still accepted; a forged ``X-Forwarded-For`` does not help the first), and the
   address the app records is the visitor's, not nginx's;
5. its Redis stopped in the middle of a load: no answer is a 500, every accepted petition is
   in the database, pages keep answering, and the limits count again once Redis is back;
6. PostgreSQL restarted in the middle of a load: meanwhile the app answers the 503 page,
   afterwards it recovers by itself, and every accepted petition (201) is in the database.

``CLUSTER_CHECKS`` (comma-separated: filing, session, task, limits, redis, database; all by
default) runs only some of them: the database check restarts the machine's PostgreSQL.

Everything it starts, it stops (``finally`` and SIGINT/SIGTERM), and it drops its database.
Environment: CLUSTER_DATABASE (cabildo_cluster_test), CLUSTER_PORT (nginx, 8730; gunicorn on
the next two ports, its Redis on the third), CLUSTER_PG_CLUSTER ("15 main").
"""

# The test runs local tools (nginx, gunicorn, celery, psql, pg_ctlcluster) it names itself.
# ruff: noqa: S603, S607
from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PY = os.environ.get("CLUSTER_PYTHON") or str(ROOT / ".venv" / "bin" / "python")
BIN = Path(PY).parent
DATABASE = os.environ.get("CLUSTER_DATABASE", "cabildo_cluster_test")
NGINX_PORT = int(os.environ.get("CLUSTER_PORT", "8730"))
APP_PORTS = (NGINX_PORT + 1, NGINX_PORT + 2)
REDIS_PORT = NGINX_PORT + 3
PQRS_LIMIT = 3  # accepted PQRSD filings per address and 10 minutes in the cluster
CHECKS = os.environ.get("CLUSTER_CHECKS", "filing,session,task,limits,redis,database").split(",")
PG_CLUSTER = os.environ.get("CLUSTER_PG_CLUSTER", "15 main").split()
ENTITY = "cali"
HOST = f"{ENTITY}.localhost"
PASSWORD = "clave-del-cluster-2026"  # noqa: S105 - a throwaway user of a throwaway database
EMAIL = "cluster@cabildo.test"

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
daemon off;
events {{ worker_connections 512; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream cabildo_app {{
        least_conn;
        server 127.0.0.1:{a} max_fails=0;
        server 127.0.0.1:{b} max_fails=0;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 12m;
        location / {{
            proxy_pass http://cabildo_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


def log(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)
    log(f"OK  {message}")


class Cluster:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="cabildo-cluster-"))
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.env = dict(os.environ)
        self.env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY="cluster-test-secret-key-only-on-loopback-0123456789abcdef",  # noqa: S106
            ALLOWED_HOSTS=".localhost,127.0.0.1",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
            CELERY_BROKER_URL=f"redis://127.0.0.1:{REDIS_PORT}/1",
            EMAIL_URL="consolemail://",
            BEHIND_TLS_PROXY="true",
            STATIC_ROOT=str(self.tmp / "static"),
            MEDIA_ROOT=str(self.tmp / "media"),
            CONN_MAX_AGE="60",
            DB_CONNECT_TIMEOUT="2",
            LOG_LEVEL="WARNING",
            # The production limits, per visitor address behind one trusted proxy (nginx).
            TRUSTED_PROXY_COUNT="1",
            PQRS_RATE_LIMIT=f"{PQRS_LIMIT}/600",
            GUNICORN_WORKERS="2",
            GUNICORN_LOGLEVEL="warning",
            GUNICORN_ACCESSLOG="",
        )

    # --- processes ----------------------------------------------------------------------------

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise Failure(f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def spawn(self, name: str, cmd: list[str], **env: str) -> None:
        handle = (self.tmp / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env={**self.env, **env},
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_redis(self) -> None:
        self.spawn(
            "redis",
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.tmp)],
        )  # fmt: skip
        deadline = time.time() + 15
        while subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True
        ).returncode:
            if time.time() > deadline:
                raise Failure(f"redis-server on :{REDIS_PORT} did not start")
            time.sleep(0.2)

    def stop_redis(self) -> None:
        process = self.processes.pop("redis")
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)

    def start(self) -> None:
        self.start_redis()
        psql("postgres", f'DROP DATABASE IF EXISTS "{DATABASE}"')
        psql("postgres", f'CREATE DATABASE "{DATABASE}"')
        log(f"database {DATABASE}: migrate, entities, a staff user")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("seed_demo", "--only", "core")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("shell", "-c", STAFF_SNIPPET % {"email": EMAIL, "password": PASSWORD})
        for port in APP_PORTS:
            self.spawn(
                f"gunicorn-{port}",
                [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
                GUNICORN_BIND=f"127.0.0.1:{port}",
                GUNICORN_PROC_NAME=f"cabildo-cluster-{port}",
            )
        self.spawn(
            "celery",
            [str(BIN / "celery"), "-A", "config", "worker", "--loglevel=INFO",
             "--concurrency=1", f"--hostname=cluster-test-{os.getpid()}@%h"],
        )  # fmt: skip
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.tmp / sub).mkdir()
        conf = self.tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(tmp=self.tmp, a=APP_PORTS[0], b=APP_PORTS[1], port=NGINX_PORT)
        )
        self.spawn("nginx", ["nginx", "-p", str(self.tmp), "-c", str(conf)])
        for port in (*APP_PORTS, NGINX_PORT):
            wait_for(port, "/healthz", self)
        wait_for_log(self.tmp / "celery.log", re.compile(r"ready\."), 60, "celery worker ready")
        log(f"nginx :{NGINX_PORT} → gunicorn :{APP_PORTS[0]} :{APP_PORTS[1]}; celery worker up")

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                log(f"{name} killed")
        self.processes.clear()
        try:
            ensure_postgres_running()
            psql("postgres", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        except subprocess.CalledProcessError as exc:
            log(f"could not drop {DATABASE}: {exc}")
        if os.environ.get("CLUSTER_KEEP_LOGS"):
            log(f"logs kept in {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def celery_log(self) -> str:
        return (self.tmp / "celery.log").read_text(errors="replace")


STAFF_SNIPPET = """
from cabildo.accounts.models import Membership, Role, User
from cabildo.core.models import Entity
user = User.objects.create_user(email=%(email)r, password=%(password)r, full_name="Cluster")
Membership.objects.create(user=user, entity=Entity.objects.get(slug="cali"), role=Role.VIEWER)
"""


def psql(database: str, sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def ensure_postgres_running() -> None:
    status = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    if "online" not in status:
        subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "start"], check=False)
        time.sleep(2)


_addresses = itertools.count(1)


def visitor() -> str:
    """A loopback address of its own (Linux routes all of 127/8 to lo): one simulated visitor."""
    n = next(_addresses)
    return f"127.{100 + n // 65025 % 100}.{n // 255 % 255}.{n % 255 + 1}"


def http_request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
    source: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_for(port: int, path: str, cluster: Cluster, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if http_request(port, "GET", path, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        dead = [name for name, p in cluster.processes.items() if p.poll() is not None]
        if dead:
            raise Failure(f"{dead} exited; logs in {cluster.tmp}")
        time.sleep(0.3)
    raise Failure(f"port {port} did not answer {path} within {seconds} s")


def wait_for_log(path: Path, pattern: re.Pattern[str], seconds: float, what: str) -> str:
    deadline = time.time() + seconds
    while time.time() < deadline:
        text = path.read_text(errors="replace") if path.exists() else ""
        match = pattern.search(text)
        if match:
            return match.group(0)
        time.sleep(0.3)
    raise Failure(f"{what}: not seen in {path.name} within {seconds} s")


PETITION = json.dumps(
    {
        "kind": "queja",
        "subject": "Prueba del clúster: alumbrado apagado",
        "description": "El alumbrado del parque está apagado desde el lunes.",
        "anonymous": True,
    }
).encode()


def submit(
    port: int = NGINX_PORT,
    timeout: float = 30,
    source: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, str, bytes]:
    """POST one petition from ``source`` (a new visitor by default); (status, number, body)."""
    try:
        status, _headers, body = http_request(
            port, "POST", "/api/v1/pqrs/", PETITION,
            {"Content-Type": "application/json", **(headers or {})},
            timeout=timeout, source=source or visitor(),
        )  # fmt: skip
    except (OSError, http.client.HTTPException) as exc:
        return 0, "", str(exc).encode()
    number = json.loads(body).get("filing_number", "") if status == 201 else ""
    return status, number, body


def sequence_of(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


# --- the checks -------------------------------------------------------------------------------


def check_concurrent_filing() -> None:
    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(lambda _: submit(), range(200)))
    statuses = [status for status, _, _ in results]
    check(
        statuses.count(201) == 200, f"200 concurrent petitions accepted (statuses {set(statuses)})"
    )
    numbers = [number for _, number, _ in results]
    sequences = sorted(sequence_of(n) for n in numbers)
    check(len(set(numbers)) == 200, "200 distinct filing numbers")
    check(
        sequences == list(range(sequences[0], sequences[0] + 200)),
        f"consecutive filing numbers {min(numbers)} … {max(numbers)}",
    )


def login(port: int) -> str:
    """Log in on one gunicorn instance directly; returns the session cookie."""
    status, headers, body = http_request(port, "GET", "/cuentas/ingresar/")
    check(status == 200, f"login page on :{port}")
    cookies = SimpleCookie(headers.get("Set-Cookie", ""))
    csrf = cookies["csrftoken"].value
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token is not None
    form = urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": EMAIL, "password": PASSWORD}
    ).encode()
    status, headers, body = http_request(
        port,
        "POST",
        "/cuentas/ingresar/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/cuentas/ingresar/",
        },
    )
    session = SimpleCookie(headers.get("Set-Cookie", "")).get("sessionid")
    check(status == 302 and session is not None, f"logged in on :{port} (status {status})")
    return session.value


def check_shared_session() -> None:
    session = login(APP_PORTS[0])
    status, _, _ = http_request(
        APP_PORTS[1], "GET", "/pqrs/gestion/", headers={"Cookie": f"sessionid={session}"}
    )
    check(status == 200, f"the session made on :{APP_PORTS[0]} works on :{APP_PORTS[1]}")
    status, _, _ = http_request(APP_PORTS[1], "GET", "/pqrs/gestion/")
    check(status == 302, "without the session the same page redirects to the login")


def check_task_runs_on_worker(cluster: Cluster) -> None:
    out = cluster.manage(
        "shell",
        "-c",
        "from cabildo.pqrs.tasks import send_reminders; print(send_reminders.delay().id)",
    )
    task_id = out.strip().splitlines()[-1]
    pattern = re.compile(rf"send_reminders\[{re.escape(task_id)}\] succeeded")
    wait_for_log(cluster.tmp / "celery.log", pattern, 60, "reminder task run by the worker")
    log(f"OK  reminder task {task_id} queued by an instance was run by the worker")


def check_limits_per_visitor() -> None:
    first, second = visitor(), visitor()
    statuses = [submit(source=first)[0] for _ in range(PQRS_LIMIT)]
    check(statuses == [201] * PQRS_LIMIT, f"{PQRS_LIMIT} petitions of one visitor accepted")
    status, _, body = submit(source=first)
    check(status == 429, f"the next one of that visitor is refused with 429 ({status})")
    check("demasiados envíos".encode() in body, "with the Spanish message")
    forged = submit(source=first, headers={"X-Forwarded-For": "198.51.100.23"})[0]
    check(forged == 429, "a forged X-Forwarded-For does not give that visitor a new limit")
    check(submit(source=second)[0] == 201, "another visitor through the same nginx is accepted")
    # The address the app records is the visitor's: a failed login through nginx.
    status, headers, body = http_request(NGINX_PORT, "GET", "/cuentas/ingresar/", source=second)
    csrf = SimpleCookie(headers.get("Set-Cookie", ""))["csrftoken"].value
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token is not None
    form = {"csrfmiddlewaretoken": token.group(1).decode(), "username": EMAIL, "password": "x"}
    http_request(
        NGINX_PORT, "POST", "/cuentas/ingresar/", urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}",
         "Origin": f"https://{HOST}", "Referer": f"https://{HOST}/cuentas/ingresar/"},
        source=second,
    )  # fmt: skip
    recorded = psql(DATABASE, "SELECT ip FROM audit_accesslog WHERE action = 'login_failed'")
    check(recorded.split() == [second], f"the failed login is logged from {second} ({recorded})")


def check_redis_outage(cluster: Cluster) -> None:
    results: list[tuple[float, int, str, bytes]] = []
    pages: list[int] = []
    stop = threading.Event()
    lock = threading.Lock()

    def load() -> None:
        while not stop.is_set():
            status, number, body = submit(timeout=20)
            page = http_request(NGINX_PORT, "GET", "/", timeout=20, source=visitor())[0]
            with lock:
                results.append((time.time(), status, number, body))
                pages.append(page)
            time.sleep(0.05)

    threads = [threading.Thread(target=load) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    log(f"stopping Redis (:{REDIS_PORT}) under load, 5 s down, start")
    down_at = time.time()
    cluster.stop_redis()
    try:
        time.sleep(5)
    finally:
        cluster.start_redis()
    up_at = time.time()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join()
    during = [r for r in results if down_at < r[0] < up_at]
    seen = [r[1] for r in results]
    log(f"statuses under the Redis outage load: { {c: seen.count(c) for c in set(seen)} }")
    check(bool(during), f"{len(during)} petitions sent while Redis was down")
    check(all(r[1] == 201 for r in results), "every petition accepted, none answered 500")
    check(set(pages) == {200}, f"{len(pages)} home pages answered 200 meanwhile")
    accepted = [r[2] for r in results if r[1] == 201]
    stored = set(
        psql(
            DATABASE,
            "SELECT filing_number FROM pqrs_petition WHERE subject LIKE 'Prueba del clúster%'",
        ).split()
    )
    check(all(n in stored for n in accepted), f"all {len(accepted)} accepted are in the database")
    # Limits count again once Redis is back.
    again = visitor()
    statuses = [submit(source=again)[0] for _ in range(PQRS_LIMIT + 1)]
    check(statuses[-1] == 429, f"limits count again after Redis is back ({statuses})")


def check_database_restart() -> None:
    results: list[tuple[float, int, str, bytes]] = []
    stop = threading.Event()
    lock = threading.Lock()

    def load() -> None:
        while not stop.is_set():
            status, number, body = submit(timeout=20)
            with lock:
                results.append((time.time(), status, number, body))
            time.sleep(0.05)

    threads = [threading.Thread(target=load) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    log("stopping PostgreSQL (pg_ctlcluster stop -m fast), 4 s down, start")
    down_at = time.time()
    subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "stop", "-m", "fast"], check=True)
    try:
        time.sleep(4)
    finally:
        subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "start"], check=True)
    up_at = time.time()
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join()
    during = [r for r in results if down_at + 0.5 < r[0] < up_at]
    after = [r for r in results if r[0] > up_at + 4]
    unavailable = [r for r in during if r[1] == 503]
    check(bool(unavailable), f"{len(unavailable)} requests answered 503 while PostgreSQL was down")
    check(
        all(b"Servicio no disponible" in r[3] or b'"detail"' in r[3] for r in unavailable),
        "the 503 answers are the 'Servicio no disponible' page",
    )
    status, _, _ = http_request(NGINX_PORT, "GET", "/", timeout=10)
    check(status == 200, "pages answer again once PostgreSQL is back (no restart of the app)")
    check(
        bool(after) and all(r[1] == 201 for r in after),
        f"{len(after)} petitions after the restart all accepted",
    )
    accepted = [r[2] for r in results if r[1] == 201]
    stored = set(
        psql(
            DATABASE,
            "SELECT filing_number FROM pqrs_petition WHERE subject LIKE 'Prueba del clúster%'",
        ).split()
    )
    missing = [n for n in accepted if n not in stored]
    check(not missing, f"all {len(accepted)} accepted petitions are in the database")
    check(len(set(accepted)) == len(accepted), "no filing number was given twice")
    seen = [r[1] for r in results]
    log(f"statuses during the restart load: { {code: seen.count(code) for code in set(seen)} }")
    bad = set(seen) - {201, 503}
    if bad:
        log(f"note: other statuses during the outage: {bad}")


def main() -> int:
    for tool in ("nginx", "psql", "pg_ctlcluster", "redis-server", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed")
    cluster = Cluster()

    def interrupted(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    failed = False
    try:
        cluster.start()
        if "filing" in CHECKS:
            check_concurrent_filing()
        if "session" in CHECKS:
            check_shared_session()
        if "task" in CHECKS:
            check_task_runs_on_worker(cluster)
        if "limits" in CHECKS:
            check_limits_per_visitor()
        if "redis" in CHECKS:
            check_redis_outage(cluster)
        if "database" in CHECKS:
            check_database_restart()
    except (Failure, KeyboardInterrupt) as exc:
        failed = True
        log(f"FAIL {exc}")
        os.environ["CLUSTER_KEEP_LOGS"] = "1"
    finally:
        ensure_postgres_running()
        cluster.stop()
    log("cluster test " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
