"""Privacy pages: the public data-treatment policy (current and past versions) and the staff
tools that answer data-subject requests (thin views; the work is in services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import StaffPermissionMixin
from cabildo.privacy import forms, selectors, services


class PolicyView(TemplateView):
    """Public: the policy in force and every earlier version."""

    template_name = "privacy/policy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        versions = selectors.policy_versions(entity=_entity(self.request))
        return super().get_context_data(
            current=versions[0] if versions else None,
            past=versions[1:],
            default_version=services.POLICY_VERSION,
            **kwargs,
        )


class PolicyCreateView(StaffPermissionMixin, FormView):
    permission_required = "privacy.add_privacypolicy"
    template_name = "privacy/policy_form.html"
    form_class = forms.PolicyForm

    def form_valid(self, form: forms.PolicyForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.policy_publish(
                entity=_entity(self.request),
                version=data["version"],
                title=data["title"],
                text=data["text"],
                effective_date=data["effective_date"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("La nueva versión de la política quedó registrada."))
        return redirect("privacy:policy")


ACTIONS = {
    "exportar": forms.ExportForm,
    "rectificar": forms.RectifyForm,
    "anonimizar": forms.AnonymizeForm,
}


class DataSubjectView(StaffPermissionMixin, TemplateView):
    """Search a person across modules and answer their request: export, rectify, anonymize.
    Identifiers travel only in POST bodies (never in URLs or server logs)."""

    permission_required = "privacy.manage_data_subjects"
    template_name = "privacy/data_subjects.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        kwargs.setdefault("search_form", forms.SubjectSearchForm())
        return super().get_context_data(
            habeas_petitions=selectors.open_habeas_petitions(entity=entity), **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entity = _entity(request)
        search_form = forms.SubjectSearchForm(request.POST)
        if not search_form.is_valid():
            return self.render_to_response(
                self.get_context_data(search_form=search_form), status=400
            )
        criteria = search_form.criteria()
        holdings = selectors.person_holdings(entity=entity, criteria=criteria)
        keys = [holding.row_key(row) for holding in holdings for row in holding.rows]
        action = request.POST.get("accion", "buscar")
        if action not in ACTIONS:
            access_record(
                request=request,
                action=AccessAction.DATA_SUBJECT_REQUEST,
                entity=entity,
                detail=ngettext(
                    "Consulta de datos del titular: %(c)s (%(n)s registro)",
                    "Consulta de datos del titular: %(c)s (%(n)s registros)",
                    len(keys),
                )
                % {"c": criteria.describe(), "n": len(keys)},
            )
            return self._render(search_form, holdings, keys)
        form = ACTIONS[action](request.POST, row_choices=keys)
        if not form.is_valid():
            return self._render(search_form, holdings, keys, {action: form}, status=400)
        try:
            response = self._perform(action, form, entity, criteria)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self._render(search_form, holdings, keys, {action: form}, status=400)
        if response is not None:
            return response
        holdings = selectors.person_holdings(entity=entity, criteria=criteria)
        return self._render(search_form, holdings, keys)

    def _perform(
        self, action: str, form: Any, entity: Any, criteria: selectors.Criteria
    ) -> HttpResponse | None:
        common = {
            "entity": entity,
            "criteria": criteria,
            "selected": form.cleaned_data["rows"],
            "request": self.request,
            "reference": form.cleaned_data.get("reference", ""),
        }
        if action == "exportar":
            export = services.subject_export(fmt=form.cleaned_data["fmt"], **common)
            response = HttpResponse(export.content, content_type=export.content_type)
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            response["Cache-Control"] = "private, no-store"
            return response
        if action == "rectificar":
            n = services.subject_rectify(changes=form.changes(), **common)
            messages.success(
                self.request,
                ngettext("Se corrigió %(n)s registro.", "Se corrigieron %(n)s registros.", n)
                % {"n": n},
            )
        else:
            n = services.subject_anonymize(**common)
            messages.success(
                self.request,
                ngettext(
                    "Se anonimizó %(n)s registro (y su historial).",
                    "Se anonimizaron %(n)s registros (y su historial).",
                    n,
                )
                % {"n": n},
            )
        return None

    def _render(
        self,
        search_form: Any,
        holdings: list[Any],
        keys: list[str],
        action_forms: dict[str, Any] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        initial = {**search_form.cleaned_data, "rows": keys}
        action_forms = {
            name: (action_forms or {}).get(name) or form_class(initial=initial, row_choices=keys)
            for name, form_class in ACTIONS.items()
        }
        return self.render_to_response(
            self.get_context_data(
                search_form=search_form,
                searched=True,
                holdings=holdings,
                criteria=search_form.cleaned_data,
                export_form=action_forms["exportar"],
                rectify_form=action_forms["rectificar"],
                anonymize_form=action_forms["anonimizar"],
            ),
            status=status,
        )
