"""PDF of an accepted activity report (WeasyPrint), with the entity's header and page numbers."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from cabildo.execution.models import ActivityReport
from cabildo.plans.pdf import css_string


def report_pdf(*, report: ActivityReport) -> bytes:
    from weasyprint import HTML

    entity = report.entity
    with translation.override("es"):
        html = render_to_string(
            "execution/report_pdf.html",
            {
                "report": report,
                "activity": report.activity,
                "entity": entity,
                "figures": report.figures,
                "today": timezone.localdate(),
                "page_header": css_string(f"{entity.name} · NIT {entity.nit}"),
            },
        )
    return HTML(string=html).write_pdf()
