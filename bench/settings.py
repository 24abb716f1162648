"""Production settings plus the benchmark's URLs (a framework-floor view)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
