"""Uploads: types judged by the bytes, generated storage names, permission-checked serving
(attachment for anything but PDF and images, nosniff), media never served directly, and the
optional ClamAV scan (a fake clamd on a temporary unix socket speaks the INSTREAM protocol)."""

from __future__ import annotations

import socketserver
import struct
import tempfile
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.assessment.models import EvidenceFile
from cabildo.core import uploads
from cabildo.pqrs.models import Attachment, Petition
from tests.assessment.factories import EvidenceFileFactory
from tests.bodies.factories import BodySessionFactory
from tests.pqrs.factories import file_petition

pytestmark = pytest.mark.django_db

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
DOCX_NAME = "../../etc/Mi cédula <script>.docx"


def docx_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --------------------------------------------------------------------------- fake clamd


class _ClamdHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            (length,) = struct.unpack("!L", self._exactly(4))
            if length == 0:
                break
            data += self._exactly(length)
        self.server.scanned.append(data)  # type: ignore[attr-defined]
        if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data:
            self.request.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")
        else:
            self.request.sendall(b"stream: OK\0")

    def _exactly(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            part = self.request.recv(n - len(out))
            if not part:
                raise ConnectionError
            out += part
        return out


@pytest.fixture
def clamd():
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "clamd.ctl")
        server = socketserver.ThreadingUnixStreamServer(path, _ClamdHandler)
        server.scanned = []  # type: ignore[attr-defined]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        with override_settings(CLAMAV_SOCKET=path):
            yield server
        server.shutdown()
        server.server_close()


class TestClamav:
    def test_clean_file_passes_and_is_sent_whole(self, clamd):
        content = b"%PDF-1.4 " + b"a" * (uploads.CLAMD_CHUNK * 2 + 10)
        uploads.virus_scan(content)
        assert clamd.scanned == [content]

    def test_infected_file_is_refused(self, clamd):
        with pytest.raises(ValidationError, match="virus"):
            uploads.virus_scan(EICAR)

    def test_infected_attachment_files_nothing(self, clamd, entity):
        infected = SimpleUploadedFile("informe.txt", EICAR)
        with pytest.raises(ValidationError) as info:
            file_petition(entity, attachments=[infected])
        assert "virus" in str(info.value)
        assert Petition.objects.count() == 0 and Attachment.objects.count() == 0

    def test_configured_but_unreachable_refuses(self, entity, tmp_path):
        missing = str(tmp_path / "missing.sock")
        with (
            override_settings(CLAMAV_SOCKET=missing),
            pytest.raises(ValidationError, match="No fue posible revisar"),
        ):
            uploads.virus_scan(b"%PDF-1.4 ok")

    def test_not_configured_is_skipped(self):
        with override_settings(CLAMAV_SOCKET=""):
            uploads.virus_scan(EICAR)  # no scanner: nothing to ask, nothing raised


# --------------------------------------------------------------------------- names


def test_generated_names_keep_nothing_of_the_user():
    name = uploads.generated_name(uploads.DOCX, folder="pqrs/1/2026")
    assert name.startswith("pqrs/1/2026/") and name.endswith(".docx")
    assert len(Path(name).stem) == 32
    assert uploads.generated_name(uploads.PDF) != uploads.generated_name(uploads.PDF)


@pytest.mark.parametrize(
    ("original", "content_type", "expected"),
    [
        (DOCX_NAME, uploads.DOCX, "Mi cédula script.docx"),
        ("informe.exe", uploads.PDF, "informe.pdf"),
        ("", uploads.PNG, "archivo.png"),
        ('a"b\r\n.pdf', uploads.PDF, "ab.pdf"),
    ],
)
def test_download_name_is_sanitized_and_typed_by_content(original, content_type, expected):
    assert uploads.download_name(original, content_type) == expected


def test_pqrs_attachment_stored_under_generated_name(entity):
    upload = SimpleUploadedFile(DOCX_NAME, docx_bytes())
    petition = file_petition(entity, attachments=[upload]).petition
    attachment = petition.attachments.get()
    assert "cédula" not in attachment.file.name and "etc" not in attachment.file.name
    assert attachment.file.name.endswith(".docx") and attachment.content_type == uploads.DOCX


def test_assessment_evidence_stored_under_generated_name(entity):
    evidence = EvidenceFileFactory(entity=entity)
    assert evidence.original_name == "evidencia.pdf"
    assert "evidencia" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert EvidenceFile.objects.count() == 1


def test_minutes_stored_under_generated_name(entity):
    session = BodySessionFactory(entity=entity)
    session.minutes.save("Acta de Juan Pérez.pdf", ContentFile(b"%PDF-1.4 acta"), save=True)
    assert "Juan" not in session.minutes.name and session.minutes.name.endswith(".pdf")


# --------------------------------------------------------------------------- serving


def _staff(staff_client, entity):
    return staff_client(Role.ENTITY_ADMIN, entity=entity)


def test_docx_is_downloaded_as_attachment_with_nosniff(staff_client, entity):
    petition = file_petition(
        entity, attachments=[SimpleUploadedFile(DOCX_NAME, docx_bytes())]
    ).petition
    attachment = petition.attachments.get()
    client = _staff(staff_client, entity)
    response = client.get(reverse("pqrs:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == uploads.DOCX


def test_pdf_is_shown_inline_with_nosniff(staff_client, entity):
    evidence = EvidenceFileFactory(entity=entity)
    client = _staff(staff_client, entity)
    url = reverse("assessment:evidence_file", args=[evidence.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_downloads_need_permission(client, staff_client, entity, other_entity):
    petition = file_petition(
        entity, attachments=[SimpleUploadedFile("a.docx", docx_bytes())]
    ).petition
    url = reverse("pqrs:attachment", args=[petition.attachments.get().pk])
    assert client.get(url).status_code == 302  # anonymous → login
    outsider = staff_client(Role.ENTITY_ADMIN, entity=other_entity)
    assert outsider.get(url).status_code in (403, 404)


def test_media_is_outside_static_and_not_served_by_django(client):
    media = Path(settings.MEDIA_ROOT).resolve()
    for static_dir in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        static = Path(static_dir).resolve()
        assert not media.is_relative_to(static) and not static.is_relative_to(media)
    assert not settings.DEBUG
    assert client.get(settings.MEDIA_URL + "pqrs/1/2026/x.pdf").status_code == 404
