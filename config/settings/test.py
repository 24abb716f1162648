from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_ENTITY = env("DEFAULT_ENTITY", default="itagui")
SITE_URL = "http://testserver"
# Tests roll back their entities (no signal): a remembered entity could outlive its test.
ENTITY_CACHE_SECONDS = 0
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}

# Tests log in with force_login and no device; tests of the second factor turn this on.
CABILDO_REQUIRE_2FA = False

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Many tests post public forms from the same address; tests of the limit override this.
PUBLIC_FORM_RATE_LIMITS = {"default": "10000/60"}
# Off: past a limit is a refusal. Tests of the challenge turn it on and solve it in Python.
PUBLIC_FORM_CHALLENGE = False
ALTCHA_COST = 10
ALTCHA_COUNTER_RANGE = (5, 20)
