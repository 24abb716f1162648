"""Third-party messages users see are correct Spanish ("está vacío", not DRF's "está vació")."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import trans_real
from rest_framework import serializers

from tests.browser.catalogues import ROOT

PROJECT_PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def compiled() -> None:
    """`make` compiles the project catalogue; pytest on its own compiles it here."""
    mo = PROJECT_PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PROJECT_PO.stat().st_mtime:
        msgfmt = shutil.which("msgfmt")
        assert msgfmt, "msgfmt (gettext) is needed"
        subprocess.run([msgfmt, "-o", str(mo), str(PROJECT_PO)], check=True)  # noqa: S603
        trans_real._translations.clear()  # catalogues loaded before it existed


def test_empty_file_message_in_django_forms_and_the_api():
    empty = SimpleUploadedFile("vacio.pdf", b"")
    with translation.override("es"):
        with pytest.raises(forms.ValidationError) as form_error:
            forms.FileField().clean(empty)
        with pytest.raises(serializers.ValidationError) as api_error:
            serializers.FileField().run_validation(empty)
    assert form_error.value.messages == ["El archivo enviado está vacío."]
    assert [str(m) for m in api_error.value.detail] == ["El archivo enviado está vacío."]
