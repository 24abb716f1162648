"""`make run` serves the product as its users see it; `make dev` is the one with DEBUG on.

With DEBUG off an unknown page is the product's 404 (not Django's technical page), static files
come from WhiteNoise, and no URL serves uploaded files straight from MEDIA_ROOT (they go through
the permission-checked views only).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Run inside a process with the development settings (what `make run` uses) and print what the
# test checks. No database: WhiteNoise answers static files before any middleware queries it.
PROBE = """
import json
import django
from django.conf import settings
django.setup()
from django.test import Client
from django.urls import get_resolver
from django.views.static import serve

def callbacks(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from callbacks(pattern.url_patterns)
        else:
            yield pattern.callback

static = Client().get("/static/core/css/cabildo.css", HTTP_HOST="localhost")
print(json.dumps({
    "debug": settings.DEBUG,
    "media_served": any(cb is serve for cb in callbacks(get_resolver().url_patterns)),
    "static_status": static.status_code,
    "static_by_whitenoise": type(static).__module__.startswith("whitenoise"),
}))
"""


def _recipe(target: str) -> str:
    """The shell lines `make <target>` would run (dry run: nothing is executed)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [make, "--dry-run", target, "PORT=8999"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    [line] = [line for line in result.stdout.splitlines() if "runserver" in line]
    return line


def _probe(debug: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": debug,
        "DATABASE_URL": "sqlite://:memory:",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_make_run_turns_debug_off_and_make_dev_on():
    run, dev = _recipe("run"), _recipe("dev")
    assert "DEBUG=false" in run
    assert "DEBUG=true" not in run
    assert "DEBUG=true" in dev
    for recipe in (run, dev):
        # The demo entities answer at <slug>.localhost; 127.0.0.1 and localhost keep working.
        assert "localhost,.localhost,127.0.0.1" in recipe


def test_development_settings_with_debug_off_serve_static_files_and_no_media():
    served = _probe("false")
    assert served == {
        "debug": False,
        "media_served": False,
        "static_status": 200,
        "static_by_whitenoise": True,
    }


@pytest.mark.django_db
def test_unknown_page_is_the_products_404_with_debug_off(client, entity, settings):
    settings.DEBUG = False
    response = client.get("/esta-pagina-no-existe/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert b"Page not found at" not in response.content  # Django's technical page
