from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.bodies.views import MatrixExportMixin
from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import EntityScopedMixin, StaffPermissionMixin
from cabildo.matrices.views import MatrixUploadView
from cabildo.stakeholders import selectors, services
from cabildo.stakeholders.forms import GroupFilterForm, GroupForm, TypeForm
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType


class GroupListView(StaffPermissionMixin, TemplateView):
    permission_required = "stakeholders.view_stakeholdergroup"
    template_name = "stakeholders/group_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = self.request.entity
        form = GroupFilterForm(self.request.GET or None, entity=entity)
        search, type_id, year = "", None, timezone.localdate().year
        if form.is_valid():
            search = form.cleaned_data.get("q") or ""
            type_id = form.cleaned_data["type"].pk if form.cleaned_data.get("type") else None
            year = form.cleaned_data.get("year") or year
        groups = selectors.group_list(entity=entity, search=search, type_id=type_id)
        page = Paginator(groups, 50).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            page=page,
            groups=page.object_list,
            query=query.urlencode(),
            indicator=selectors.characterization_indicator(entity=entity, year=year),
            coverage=selectors.coverage(entity=entity),
        )
        return context


class EntityObjectFormView(StaffPermissionMixin, EntityScopedMixin, FormView):
    object: Any = None
    list_url = "stakeholders:list"

    def get_permission_required(self) -> tuple[str, ...]:
        action = "change" if "pk" in self.kwargs else "add"
        return (f"stakeholders.{action}_{self.model._meta.model_name}",)

    def get_permission_object(self) -> Any:
        if "pk" in self.kwargs:
            if self.object is None:
                self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            return self.object
        return self.request.entity

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=self.request.entity, instance=self.object)
        return kwargs

    def save(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            self.save(data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Cambios guardados."))
        return redirect(reverse(self.list_url))


class GroupFormView(EntityObjectFormView):
    model = StakeholderGroup
    form_class = GroupForm
    template_name = "stakeholders/group_form.html"

    def save(self, data: dict[str, Any]) -> None:
        if self.object is None:
            services.group_create(entity=self.request.entity, **data)
        else:
            fresh = StakeholderGroup.objects.get(pk=self.object.pk)
            services.group_update(group=fresh, **data)


class GroupDeleteView(StaffPermissionMixin, EntityScopedMixin, TemplateView):
    model = StakeholderGroup
    permission_required = "stakeholders.delete_stakeholdergroup"
    template_name = "stakeholders/confirm_delete.html"
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> StakeholderGroup:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.get_object()
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.group_delete(group=self.get_object())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Grupo de valor eliminado."))
        return redirect(reverse("stakeholders:list"))


class TypeListView(StaffPermissionMixin, TemplateView):
    permission_required = "stakeholders.view_stakeholdertype"
    template_name = "stakeholders/type_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["types"] = selectors.type_list(entity=self.request.entity)
        return context


class TypeFormView(EntityObjectFormView):
    model = StakeholderType
    form_class = TypeForm
    template_name = "stakeholders/type_form.html"
    list_url = "stakeholders:type_list"

    def save(self, data: dict[str, Any]) -> None:
        if self.object is None:
            services.type_create(entity=self.request.entity, **data)
        else:
            fresh = StakeholderType.objects.get(pk=self.object.pk)
            services.type_update(stype=fresh, **data)


class GroupMatrixExportView(StaffPermissionMixin, MatrixExportMixin, View):
    permission_required = "stakeholders.export_matrix"

    def build(self, entity: Any) -> tuple[bytes, str]:
        from cabildo.stakeholders.matrix import export_matrix

        filename = f"grupos-de-valor-{entity.slug}.xlsx"
        # The matrix carries the organisations' contact people: a personal-data export.
        access_record(
            request=self.request,
            action=AccessAction.PERSONAL_DATA_EXPORT,
            entity=entity,
            detail=filename,
        )
        return export_matrix(entity=entity), filename


class GroupMatrixImportView(MatrixUploadView):
    """Read the matrix; the preview (cabildo.matrices) shows what changes before saving."""

    kind = "grupos-de-valor"
