from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import EntityScopedMixin, StaffPermissionMixin
from cabildo.territories import selectors, services
from cabildo.territories.forms import TerritoryForm
from cabildo.territories.models import Territory


class TerritoryListView(StaffPermissionMixin, TemplateView):
    permission_required = "territories.view_territory"
    template_name = "territories/territory_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["nodes"] = selectors.territory_tree(entity=self.request.entity)
        return context


class TerritoryFormView(StaffPermissionMixin, EntityScopedMixin, FormView):
    model = Territory
    template_name = "territories/territory_form.html"
    form_class = TerritoryForm
    object: Territory | None = None

    def get_permission_required(self) -> tuple[str, ...]:
        if "pk" in self.kwargs:
            return ("territories.change_territory",)
        return ("territories.add_territory",)

    def get_permission_object(self) -> Any:
        if "pk" in self.kwargs:
            if self.object is None:
                self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            return self.object
        return self.request.entity

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = self.request.entity
        kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form: TerritoryForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            if self.object is None:
                services.territory_create(entity=self.request.entity, **data)
                messages.success(self.request, _("Territorio creado."))
            else:
                services.territory_update(territory=self.object, **data)
                messages.success(self.request, _("Territorio actualizado."))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(reverse("territories:list"))


class TerritoryDeleteView(StaffPermissionMixin, EntityScopedMixin, TemplateView):
    model = Territory
    permission_required = "territories.delete_territory"
    template_name = "territories/territory_confirm_delete.html"
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> Territory:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.get_object()
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        territory = self.get_object()
        try:
            services.territory_delete(territory=territory)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Territorio eliminado."))
        return redirect(reverse("territories:list"))
