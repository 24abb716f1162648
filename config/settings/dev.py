import warnings

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# The demo entities also answer at <slug>.localhost (EntityHostname rows of the demo).
ALLOWED_HOSTS = env("ALLOWED_HOSTS", default=["localhost", ".localhost", "127.0.0.1", "[::1]"])
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Demo logins work without an authenticator app; set CABILDO_REQUIRE_2FA=true to try it.
CABILDO_REQUIRE_2FA = env.bool("CABILDO_REQUIRE_2FA", default=False)

# WhiteNoise serves the files the finders see (no collectstatic); it rescans them on every
# request only with DEBUG on (`make dev`).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# STATIC_ROOT only exists after collectstatic (production); without it WhiteNoise warns at start.
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
