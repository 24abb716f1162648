"""PDF of a public plan version (WeasyPrint)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from cabildo.plans import selectors
from cabildo.plans.models import PlanVersion


def css_string(value: str) -> str:
    """A value safe inside a CSS string literal (``content: "..."``)."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "")


def version_pdf(*, version: PlanVersion) -> bytes:
    from weasyprint import HTML

    activities = selectors.version_activities(version=version)
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "version": version,
            "plan": version.plan,
            "entity": version.entity,
            "groups": selectors.group_by_phase(activities),
            "today": timezone.localdate(),
            "page_header": css_string(f"{version.entity.name} · {version.plan.title}"),
        },
    )
    return HTML(string=html).write_pdf()
