"""Production settings plus the benchmark's URLs (a framework-floor view)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Static files are not what is measured: hashed names without the compressed copies make
# `collectstatic` take seconds instead of minutes.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
