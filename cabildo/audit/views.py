from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from cabildo.audit import selectors
from cabildo.audit.forms import ActivityFilterForm
from cabildo.core.mixins import StaffPermissionMixin


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 100_000 else 1


class ActivityView(StaffPermissionMixin, TemplateView):
    """ "Actividad reciente": who changed what and when in the request's entity."""

    permission_required = "audit.view_activity"
    template_name = "audit/activity.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = self.request.entity
        form = ActivityFilterForm(self.request.GET, entity=entity)
        page = None
        if form.is_valid():
            data = form.cleaned_data
            page = selectors.activity_page(
                entity=entity,
                model_key=data["model"] or None,
                user_id=data["user"].pk if data["user"] else None,
                date_from=data["date_from"],
                date_to=data["date_to"],
                page=_page_number(self.request.GET.get("pagina")),
            )
        context.update(form=form, page=page)
        return context
