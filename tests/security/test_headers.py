"""Security headers on every response, strict CSP without inline code, and a clean
``check --deploy`` with the production settings."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url_name", ["core:home", "accounts:login", "pqrs:file"])
def test_every_page_carries_the_security_headers(client, entity, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert any(v.startswith("'nonce-") for v in csp["script-src"])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


def test_api_and_error_responses_carry_them_too(client, entity):
    for response in (client.get("/api/v1/schema/"), client.get("/no-existe-esta-pagina/")):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Permissions-Policy" in response
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_hsts_on_https_with_the_production_values(client, entity):
    response = client.get(reverse("core:home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, entity, make_member):
    from cabildo.accounts.models import Role

    user = make_member(Role.VIEWER, entity, email="ana@a.test")
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "clave-de-prueba-123"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE)


TEMPLATE_DIRS = [ROOT / "cabildo", ROOT / "templates"]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I), "script"),
    (re.compile(r"<style\b", re.I), "<style>"),
    (re.compile(r"\sstyle\s*=\s*[\"']", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _served_templates() -> list[Path]:
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            if "templates" not in path.parts:
                continue
            # WeasyPrint templates become PDFs, never pages: their <style> is not under CSP.
            if path.name.endswith("_pdf.html"):
                continue
            found.append(path)
    return found


def test_no_inline_scripts_styles_or_handlers_in_templates():
    templates = _served_templates()
    assert len(templates) > 50
    problems = []
    for path in templates:
        text = re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.S)
        for pattern, label in INLINE:
            if pattern.search(text):
                problems.append(f"{path.relative_to(ROOT)}: {label}")
    assert not problems, "inline code breaks the strict CSP:\n" + "\n".join(problems)


def test_inline_detector_catches_violations():
    samples = [
        "<script>alert(1)</script>",
        '<div style="color:red">',
        '<a onclick="x()">',
        "<style>p{}</style>",
        '<a href="javascript:void(0)">',
    ]
    for sample in samples:
        assert any(p.search(sample) for p, _label in INLINE), sample
    assert not any(
        p.search('<script src="/static/x.js" nonce="n"></script>') for p, _label in INLINE
    )


def test_check_deploy_with_production_settings_reports_nothing(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "participa.example.gov.co",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "EMAIL_URL": "smtp://localhost:25",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
