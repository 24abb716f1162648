"""PDF of the improvement plan in the seed 003 layout (WeasyPrint)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from cabildo.assessment import selectors
from cabildo.assessment.models import ImprovementPlan


def plan_pdf(*, plan: ImprovementPlan) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "assessment/plan_pdf.html",
        {
            "plan": plan,
            "entity": plan.entity,
            "actions": selectors.plan_actions(plan=plan),
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()
