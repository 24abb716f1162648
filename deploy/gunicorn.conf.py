"""gunicorn settings for Cabildo (``gunicorn -c deploy/gunicorn.conf.py config.wsgi``).

Everything can be overridden from the environment (systemd's EnvironmentFile, see
deploy/cabildo.env.example): GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS,
GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Synchronous workers: one request at a time each, so 2-4 per core (pages wait on PostgreSQL).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # XLSX exports of a year take seconds
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory held by a large export is given back).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# nginx in front: gunicorn honours its X-Forwarded-Proto (wsgi.url_scheme) only from the local
# machine. It never rewrites REMOTE_ADDR: the visitor's address is read by the app from
# X-Forwarded-For (TRUSTED_PROXIES / TRUSTED_PROXY_COUNT, cabildo.core.net).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "cabildo")
