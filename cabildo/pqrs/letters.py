"""Official letters of the PQRSD module (answer letter, act of desistimiento) as PDF
(WeasyPrint) and as accessible HTML: one template fragment, ``pqrs/_letter.html``, for both."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cabildo.pqrs.models import DocumentKind, OutgoingDocument, Petition


def verification_url(document: OutgoingDocument) -> str:
    """The public page that confirms the letter (its code in the query: the code only proves
    the letter exists; the page shows its radicado, date and entity, never its text)."""
    from urllib.parse import urlencode

    from cabildo.core.links import entity_url

    return (
        entity_url(document.entity, "pqrs:verify")
        + "?"
        + urlencode({"codigo": document.verification_code})
    )


def letter_context(document: OutgoingDocument) -> dict[str, Any]:
    petition = document.petition
    url = verification_url(document)
    return {
        "document": document,
        "petition": petition,
        "entity": document.entity,
        "issued_at": timezone.localtime(document.issued_at),
        "filed_at": timezone.localtime(petition.filed_at),
        "verify_url": url,
        "verify_qr": segno.make(url, error="m").svg_data_uri(scale=3, border=1),
    }


def letter_html(document: OutgoingDocument) -> str:
    """The letter as an HTML fragment (``<article lang="es-CO">``): an official document is in
    Spanish whatever the visitor's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("pqrs/_letter.html", letter_context(document))


def letter_pdf(document: OutgoingDocument) -> bytes:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("pqrs/letter_pdf.html", letter_context(document))
    return HTML(string=html).write_pdf()


def _latest(petition: Petition, kind: str) -> OutgoingDocument:
    return (
        OutgoingDocument.objects.filter(petition=petition, kind=kind)
        .select_related("entity", "petition")
        .latest("issued_at", "id")
    )


def answer_letter_for_email(petition: Petition) -> bytes:
    """Renderer of the answer email's letter (run by the outbox when it sends)."""
    return letter_pdf(_latest(petition, DocumentKind.ANSWER))


def withdrawal_act_for_email(petition: Petition) -> bytes:
    """Renderer of the desistimiento email's act (run by the outbox when it sends)."""
    return letter_pdf(_latest(petition, DocumentKind.WITHDRAWAL))
