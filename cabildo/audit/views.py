from __future__ import annotations

from typing import Any

from django.views.generic import ListView, TemplateView

from cabildo.audit import selectors
from cabildo.audit.forms import AccessLogFilterForm, ActivityFilterForm
from cabildo.audit.models import AccessLog
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


class AccessLogView(StaffPermissionMixin, ListView):
    """ "Registro de accesos": logins, exports of personal data, downloads, role changes."""

    permission_required = "audit.view_accesslog"
    template_name = "audit/access_log.html"
    context_object_name = "logs"
    paginate_by = 50
    page_kwarg = "pagina"

    def get_queryset(self) -> Any:
        entity = self.request.entity
        self.form = AccessLogFilterForm(self.request.GET, entity=entity)
        if not self.form.is_valid():
            return AccessLog.objects.none()
        data = self.form.cleaned_data
        return selectors.access_log_list(
            entity=entity,
            action=data["action"] or None,
            user_id=data["user"].pk if data["user"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
        )

    def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
        # An out-of-range or malformed page number shows the first page instead of a 404.
        self.kwargs[self.page_kwarg] = _page_number(self.request.GET.get(self.page_kwarg))
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        number = min(self.kwargs[self.page_kwarg], paginator.num_pages)
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(form=self.form, **kwargs)
