"""The constancia de radicación as a PDF (WeasyPrint): what a citizen prints at the counter or
receives attached to the acknowledgement email."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from cabildo.pqrs import deadlines
from cabildo.pqrs.models import Petition
from cabildo.workdays.calendar import calendar_for


def receipt_pdf(petition: Petition, *, tracking_code: str = "") -> bytes:
    """The receipt of ``petition``: radicado, date and time, kind, due date with how it was
    computed (the skipped days and why) and how to track it. The tracking code is printed
    only when given (right after filing); the emailed copy's body already carries it."""
    from weasyprint import HTML

    from cabildo.core.links import entity_url

    computation = None
    if petition.term_days and petition.term_start:
        computation = deadlines.compute_due(
            calendar_for(petition.entity), petition.term_start, petition.term_days
        )
    html = render_to_string(
        "pqrs/receipt_pdf.html",
        {
            "petition": petition,
            "entity": petition.entity,
            "filed_at": timezone.localtime(petition.filed_at),
            "computation": computation,
            "tracking_code": tracking_code,
            "track_url": entity_url(petition.entity, "pqrs:track"),
        },
    )
    return HTML(string=html).write_pdf()


def receipt_for_email(petition: Petition) -> bytes:
    """Renderer of the acknowledgement email's attachment (run by the outbox when it sends,
    so a filing never waits for a PDF)."""
    return receipt_pdf(petition)
