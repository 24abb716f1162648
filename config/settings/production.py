from .base import *  # noqa: F403
from .base import REDIS_URL, REST_FRAMEWORK, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
# The shared site's address; by default the first allowed host name over HTTPS.
SITE_URL = env("SITE_URL", default=f"https://{ALLOWED_HOSTS[0].lstrip('.')}")

# Production mail must be configured: no silent fallback to the console.
vars().update(env.email_url("EMAIL_URL"))

# nginx (deploy/nginx/cabildo.conf) on this machine: one proxy hop, trusted from loopback.
CABILDO_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": CABILDO_PROXY_COUNT}

# Trust X-Forwarded-Proto only when a proxy that sets it stands in front (nginx in deploy/).
if env.bool("BEHIND_TLS_PROXY", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Redis errors are cache misses logged once a minute (cabildo.core.cache): a Redis outage costs
# speed, never the site. Short timeouts keep a Redis that does not answer from holding requests.
CACHES = {
    "default": {
        "BACKEND": "cabildo.core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "socket_connect_timeout": env.float("REDIS_TIMEOUT", default=0.5),
            "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
        },
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
DATABASES = {"default": env.db("DATABASE_URL")}
# Optional streaming-replication replica: reads outside transactions go there (config/db_router.py).
DATABASE_ROUTERS: list[str] = []
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
for _database in DATABASES.values():
    # Persistent connections, checked before reuse: after a database restart the first request
    # of each worker reconnects by itself (docs/deploy.md).
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    _database["CONN_HEALTH_CHECKS"] = True
    _database.setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
    )

# collectstatic's target (served by WhiteNoise, or by nginx from this directory).
STATIC_ROOT = env.path("STATIC_ROOT", default=str(STATIC_ROOT))
