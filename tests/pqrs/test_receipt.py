"""The PDF constancia de radicación: downloadable right after filing and attached to the
acknowledgement email (rendered when the outbox sends it, not during the filing)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from cabildo.outbox.models import OutboundAttachment, OutboundEmail
from cabildo.pqrs.models import Petition
from tests.pqrs.factories import kind_for
from tests.pqrs.test_notifications import CITIZEN
from tests.pqrs.test_views import _clear_cache  # noqa: F401 (autouse)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "constancia.pdf"
    path.write_bytes(content)
    out = subprocess.run(  # noqa: S603 - fixed arguments
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    )
    return out.stdout


def test_receipt_after_filing_and_by_email(
    public_client, entity, tmp_path, django_capture_on_commit_callbacks
):
    from django.core import mail

    client = public_client(entity)
    assert client.get(reverse("pqrs:receipt")).status_code == 404  # nothing filed yet
    data = {**CITIZEN, "kind": kind_for(entity, "queja").pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pqrs:file"), data)
    ack = client.get(response["Location"]).content.decode()
    assert reverse("pqrs:receipt") in ack
    petition = Petition.objects.get()
    code = ack.split('id="codigo">')[1].split("<")[0]

    download = client.get(reverse("pqrs:receipt"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    text = pdf_text(download.content, tmp_path)
    assert petition.filing_number in text and code in text
    assert "Constancia de radicación" in text and "Queja" in text
    assert petition.due_date.strftime("%d/%m/%Y") in text
    assert "días hábiles" in text and f"/{entity.slug}/pqrs/consulta/" in text

    # The email carries the same receipt (without the code, which its body already has).
    attachment = OutboundAttachment.objects.get()
    assert attachment.render_with and not attachment.file  # rendered when sent
    email = OutboundEmail.objects.get(template="pqrs.acknowledgement")
    assert email.status == "enviado"
    (message,) = mail.outbox
    name, content, mimetype = message.attachments[0]
    assert name == f"constancia-{petition.filing_number}.pdf" and mimetype == "application/pdf"
    emailed = pdf_text(content, tmp_path)
    assert petition.filing_number in emailed and code not in emailed
