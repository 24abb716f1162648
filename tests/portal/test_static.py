"""Static files in production: WhiteNoise serves the hashed names (collectstatic's manifest)
with a far-future immutable cache, and the others with a short one."""

from __future__ import annotations

import importlib
import json
import sys

import pytest
from django.test import RequestFactory, override_settings

HASHED = "core/css/cabildo.0123456789ab.css"


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "participa.example.gov.co")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@localhost:5432/cabildo")
    monkeypatch.setenv("EMAIL_URL", "smtp://localhost:25")
    monkeypatch.setenv("REDIS_URL", "redis://localhost:6379/0")
    sys.modules.pop("config.settings.production", None)
    module = importlib.import_module("config.settings.production")
    yield module
    sys.modules.pop("config.settings.production", None)


def test_production_serves_static_files_with_whitenoise_and_a_manifest(production):
    backend = production.STORAGES["staticfiles"]["BACKEND"]
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = production.MIDDLEWARE
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    # Right after the security headers, before sessions and everything that reads the DB.
    assert (
        security
        < whitenoise
        < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    )
    assert not production.DEBUG
    assert not getattr(production, "WHITENOISE_USE_FINDERS", False)
    assert not getattr(production, "WHITENOISE_AUTOREFRESH", False)


def test_hashed_files_are_cached_forever_and_others_briefly(production, tmp_path):
    from whitenoise.middleware import WhiteNoiseMiddleware

    (tmp_path / "core" / "css").mkdir(parents=True)
    (tmp_path / HASHED).write_text("body{color:#4b4b4b}")
    (tmp_path / "core" / "css" / "cabildo.css").write_text("body{color:#4b4b4b}")
    manifest = {"paths": {"core/css/cabildo.css": HASHED}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    with override_settings(
        STORAGES=production.STORAGES,
        STATIC_ROOT=str(tmp_path),
        STATIC_URL="/static/",
        DEBUG=False,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        serve = WhiteNoiseMiddleware(lambda request: None)
        hashed = serve(RequestFactory().get(f"/static/{HASHED}"))
        plain = serve(RequestFactory().get("/static/core/css/cabildo.css"))
    assert hashed.status_code == 200
    assert "immutable" in hashed["Cache-Control"]
    assert "max-age=315360000" in hashed["Cache-Control"]
    assert plain.status_code == 200
    assert "immutable" not in plain["Cache-Control"]
    assert "max-age=60" in plain["Cache-Control"]
