"""Settings shared by every environment. Everything configurable comes from the environment."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    DEFAULT_ENTITY=(str, "itagui"),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env(
    "SECRET_KEY", default="dev-insecure-cabildo-key-change-me-in-production-0123456789"
)
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

# Slug of the entity served when the request's host names no entity.
DEFAULT_ENTITY = env("DEFAULT_ENTITY")
# Absolute address of the shared site: links that leave it (emails, PDFs, open data, iCal) are
# built on it, as <SITE_URL>/<slug>/… (or on an entity's canonical host name, same scheme/port).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Apps of the product, one per domain concept. Order matters for demo data (seed_demo).
CABILDO_APPS = [
    "cabildo.core",
    "cabildo.accounts",
    "cabildo.workdays",
    "cabildo.audit",
    "cabildo.outbox",
    "cabildo.matrices",
    "cabildo.consultations",
    "cabildo.privacy",
    "cabildo.api",
    "cabildo.territories",
    "cabildo.stakeholders",
    "cabildo.bodies",
    "cabildo.assessment",
    "cabildo.plans",
    "cabildo.execution",
    "cabildo.pqrs",
    "cabildo.exercises",
    "cabildo.evaluation",
    "cabildo.accountability",
    "cabildo.policies",
    "cabildo.portal",
    # Synthetic data at scale (its generate_data command; benchmarks and tests).
    "cabildo.benchdata",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    *CABILDO_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cabildo.accounts.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the path or query string is a 400 before any database query.
    "cabildo.core.guards.HostileInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cabildo.core.middleware.EntityMiddleware",
    "cabildo.accounts.middleware.TwoFactorMiddleware",
    # After the entity, the session and the user are known (cabildo.portal.pagecache).
    "cabildo.portal.pagecache.PublicPageCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns django-axes' lockout flag into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "cabildo.core.context_processors.cabildo",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses logins of locked-out accounts and addresses (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:desk"
LOGOUT_REDIRECT_URL = "core:home"

# Two-factor authentication (cabildo/accounts/two_factor.py): required for entity
# administrators, participation leads, internal control and superusers. Off in dev.py/test.py.
CABILDO_REQUIRE_2FA = env.bool("CABILDO_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "Cabildo"

# Login throttling (django-axes, database handler): 5 failures for one account from one
# address lock that pair out for 30 minutes; a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "cabildo.accounts.security.axes_username"
AXES_LOCKOUT_CALLABLE = "cabildo.accounts.views.lockout_response"
# The client's address comes from the one helper that knows the trusted proxies.
AXES_CLIENT_IP_CALLABLE = "cabildo.core.net.client_ip"
AXES_VERBOSE = False

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds before a mail server that does not answer counts as a failed attempt (cabildo.outbox).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cabildo <no-responder@cabildo.local>")

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs: each app declares `beat_schedule` on its AppConfig; config/celery.py collects them.
CELERY_BEAT_SCHEDULE: dict = {}

# The client's address (cabildo.core.net.client_ip). TRUSTED_PROXY_COUNT reverse proxies stand
# in front of the app, each appending the address it saw to X-Forwarded-For (nginx:
# $proxy_add_x_forwarded_for); the header is read only when the request comes from one of the
# TRUSTED_PROXIES networks. 0 (the default here): REMOTE_ADDR is the client, headers ignored.
CABILDO_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
CABILDO_TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1/32", "::1/128"])

# Seconds each process remembers which entity a host name or slug means (cabildo.core.middleware).
ENTITY_CACHE_SECONDS = env.int("ENTITY_CACHE_SECONDS", default=30)
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Public forms and the public API intake (cabildo.core.throttle): "submissions/seconds" per
# client address, a sliding window kept in the cache (Redis in production).
PUBLIC_FORM_RATE_LIMITS = {
    "default": env("PUBLIC_FORM_RATE_LIMIT", default="10/600"),
    "pqrs": env("PQRS_RATE_LIMIT", default="5/600"),
    # Anonymous survey answers (one per browser besides): a classroom or a CAM shares one address.
    "survey_answer": env("SURVEY_ANSWER_RATE_LIMIT", default="20/3600"),
    # Password reset emails (cabildo.accounts.forms): per account and per client address.
    "password_reset": env("PASSWORD_RESET_RATE_LIMIT", default="3/3600"),
    "password_reset_address": env("PASSWORD_RESET_ADDRESS_RATE_LIMIT", default="20/3600"),
}
# Counters are django-ratelimit's on the cache's atomic incr; with Redis down they fail open.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_CACHE_PREFIX = "cabildo-rl:"
# Past a form's limit an anonymous visitor solves a proof-of-work challenge (ALTCHA,
# cabildo.core.challenge) instead of being refused, up to FACTOR times the limit.
PUBLIC_FORM_CHALLENGE = env.bool("PUBLIC_FORM_CHALLENGE", default=True)
PUBLIC_FORM_CHALLENGE_FACTOR = env.int("PUBLIC_FORM_CHALLENGE_FACTOR", default=10)
# PBKDF2 iterations per try and the range of tries the browser needs (about a second on a
# phone); challenges expire after ALTCHA_EXPIRES_SECONDS.
ALTCHA_COST = env.int("ALTCHA_COST", default=1000)
ALTCHA_COUNTER_RANGE = (500, 2500)
ALTCHA_EXPIRES_SECONDS = env.int("ALTCHA_EXPIRES_SECONDS", default=1800)
# Public open-data API (cabildo.portal.api.PublicDataThrottle): requests per client, DRF's
# "number/period" form (s, min, hour, day).
CABILDO_PUBLIC_API_RATE = env("CABILDO_PUBLIC_API_RATE", default="120/min")
# Optional ClamAV (clamd) unix socket: uploads are scanned when set, refused when infected.
CLAMAV_SOCKET = env("CLAMAV_SOCKET", default="")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "cabildo.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["cabildo.core.drf.FilterBackend"],
    # The browsable API's pages with the document's language and no inline style (CSP).
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "cabildo.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "cabildo.api.exceptions.exception_handler",
    # Browsable API pages named and described in the visitor's language (not by docstrings).
    "VIEW_NAME_FUNCTION": "cabildo.api.naming.view_name",
    "VIEW_DESCRIPTION_FUNCTION": "cabildo.api.naming.view_description",
    # DRF's own get_ident agrees with cabildo.core.net (our throttles call that helper).
    "NUM_PROXIES": CABILDO_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cabildo API",
    "DESCRIPTION": (
        "API pública y de gestión de Cabildo: participación ciudadana, PQRSD y datos abiertos."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every operation documents the shared error answers (400/403/404/429).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cabildo.api.schema.add_error_responses",
    ],
    # Swagger UI assets served locally (drf-spectacular-sidecar): no CDN, strict CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("kind", "status") get stable, meaningful names.
    "ENUM_NAME_OVERRIDES": {
        "EntityKindEnum": "cabildo.core.models.EntityKind",
        "AreaKindEnum": "cabildo.core.models.AreaKind",
        "BodyKindEnum": "cabildo.bodies.models.BodyKind",
        "BodyStatusEnum": "cabildo.bodies.models.BodyStatus",
        "TerritoryKindEnum": "cabildo.territories.models.TerritoryKind",
        "ImprovementActionStatusEnum": "cabildo.assessment.models.ActionStatus",
        "RegistrationStatusEnum": "cabildo.execution.models.RegistrationStatus",
        "PlanStatusEnum": "cabildo.plans.models.PlanStatus",
        "PetitionStatusEnum": "cabildo.pqrs.models.Status",
        "QuestionKindEnum": "cabildo.accountability.models.QuestionKind",
        "QuestionStatusEnum": "cabildo.accountability.models.QuestionStatus",
        "DialogueSpaceKindEnum": "cabildo.accountability.models.SpaceKind",
    },
}

# Content-Security-Policy (django-csp 4): no inline scripts or styles; scripts carry a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
# Staff sessions end with the browser and after 8 hours at most (citizens have no sessions).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # 403/404/400 answers are one line each (cabildo.core.logs); tracebacks only for 5xx.
    "filters": {"client_errors": {"()": "cabildo.core.logs.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every PDF step at INFO; only their warnings matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
