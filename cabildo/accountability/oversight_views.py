"""Views of control social: the register of veedurías, what is under oversight, the
supervisors' reports, the veedurías' requests (PQRSD) and observations, and their public page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from cabildo.accountability import forms, selectors, services
from cabildo.accountability.models import (
    ImprovementAction,
    OversightItem,
    Veeduria,
    VeeduriaObservation,
)
from cabildo.accountability.views import ObjectFormView, _entity
from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import EntityObjectMixin, PublicPageCacheMixin, StaffPermissionMixin


class ManageView(StaffPermissionMixin, TemplateView):
    permission_required = "accountability.view_veeduria"
    template_name = "accountability/oversight_manage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        clock = selectors.clock_for(entity)
        return super().get_context_data(
            veedurias=list(selectors.veedurias(entity=entity)),
            items=list(selectors.oversight_items(entity=entity)),
            requests=selectors.veeduria_requests(entity=entity),
            observations=selectors.with_semaphore(
                list(selectors.observations(entity=entity)), clock
            ),
            actions=list(selectors.observation_actions(entity=entity)),
            can_manage=self.request.user.has_perm("accountability.change_veeduria", entity),
            **kwargs,
        )


class VeeduriaCreateView(StaffPermissionMixin, FormView):
    permission_required = "accountability.change_veeduria"
    template_name = "accountability/form.html"
    form_class = forms.VeeduriaForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": _entity(self.request)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Registrar una veeduría ciudadana"), back=reverse("oversight:manage"), **kwargs
        )

    def form_valid(self, form: forms.VeeduriaForm) -> HttpResponse:
        try:
            veeduria = services.veeduria_save(veeduria=form.instance)
            services.veeduria_items_set(veeduria=veeduria, items=list(form.cleaned_data["items"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Veeduría registrada."))
        return redirect("oversight:veeduria_detail", pk=veeduria.pk)


class VeeduriaObjectMixin(EntityObjectMixin):
    model = Veeduria
    object_model = Veeduria


class VeeduriaUpdateView(VeeduriaObjectMixin, ObjectFormView):
    permission_required = "accountability.change_veeduria"
    template_name = "accountability/form.html"
    form_class = forms.VeeduriaForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": self.obj}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=self.obj.name,
            back=reverse("oversight:veeduria_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.VeeduriaForm) -> HttpResponse:
        try:
            services.veeduria_save(veeduria=form.instance)
            services.veeduria_items_set(veeduria=self.obj, items=list(form.cleaned_data["items"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Veeduría actualizada."))
        return redirect("oversight:veeduria_detail", pk=self.obj.pk)


class VeeduriaDetailView(StaffPermissionMixin, VeeduriaObjectMixin, TemplateView):
    permission_required = "accountability.view_veeduria"
    template_name = "accountability/veeduria_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        veeduria = self.get_object()
        return super().get_context_data(
            veeduria=veeduria,
            members=list(veeduria.members.all()),
            items=list(veeduria.items.all()),
            requests=selectors.veeduria_requests(entity=veeduria.entity, veeduria=veeduria),
            observations=list(veeduria.observations.select_related("item")),
            member_form=kwargs.pop("member_form", None) or forms.MemberForm(),
            can_manage=self.request.user.has_perm("accountability.change_veeduria", veeduria),
            **kwargs,
        )


class MemberAddView(VeeduriaObjectMixin, ObjectFormView):
    permission_required = "accountability.change_veeduria"
    template_name = "accountability/form.html"
    form_class = forms.MemberForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Agregar integrante: %(v)s") % {"v": self.obj.name},
            back=reverse("oversight:veeduria_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.MemberForm) -> HttpResponse:
        try:
            services.member_add(veeduria=self.obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Integrante agregado."))
        return redirect("oversight:veeduria_detail", pk=self.obj.pk)


class RequestFileView(VeeduriaObjectMixin, ObjectFormView):
    """A veeduría's request, filed in PQRSD as «solicitud de veeduría» (received on paper or in
    person by the entity; veedurías can also file it themselves from the PQRSD form)."""

    permission_required = "accountability.change_veeduria"
    template_name = "accountability/form.html"
    form_class = forms.VeeduriaRequestForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Radicar una solicitud de la veeduría %(v)s") % {"v": self.obj.name},
            back=reverse("oversight:veeduria_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.VeeduriaRequestForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            request = services.veeduria_request_file(
                veeduria=self.obj,
                subject=data["subject"],
                description=data["description"],
                item=data["item"],
                actor=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        petition = request.petition
        messages.success(
            self.request,
            _("Solicitud radicada con el número %(n)s; vence el %(due)s.")
            % {
                "n": petition.filing_number,
                "due": petition.due_date.strftime("%d/%m/%Y") if petition.due_date else "—",
            },
        )
        return redirect("oversight:veeduria_detail", pk=self.obj.pk)


class ObservationCreateView(VeeduriaObjectMixin, ObjectFormView):
    permission_required = "accountability.change_veeduria"
    template_name = "accountability/form.html"
    form_class = forms.ObservationForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Registrar una observación de %(v)s") % {"v": self.obj.name},
            back=reverse("oversight:veeduria_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.ObservationForm) -> HttpResponse:
        try:
            observation = services.observation_record(veeduria=self.obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Observación registrada: se responde a más tardar el %(d)s.")
            % {"d": observation.due_date.strftime("%d/%m/%Y")},
        )
        return redirect("oversight:observation_detail", pk=observation.pk)


class ObservationDetailView(ObjectFormView):
    permission_required = "accountability.answer_veeduriaobservation"
    template_name = "accountability/observation_detail.html"
    form_class = forms.AnswerForm
    model = VeeduriaObservation
    object_model = VeeduriaObservation
    object_select_related = ("veeduria", "item__area")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        observation = self.obj
        selectors.with_semaphore([observation], selectors.clock_for(observation.entity))
        return super().get_context_data(
            observation=observation,
            actions=list(observation.actions.select_related("owner_area")),
            **kwargs,
        )

    def form_valid(self, form: forms.AnswerForm) -> HttpResponse:
        try:
            services.observation_answer(
                observation=self.obj,
                answer=form.cleaned_data["answer"],
                answered_on=form.cleaned_data["answered_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Respuesta publicada."))
        return redirect("oversight:observation_detail", pk=self.obj.pk)


class ObservationActionView(ObjectFormView):
    permission_required = "accountability.answer_veeduriaobservation"
    template_name = "accountability/form.html"
    form_class = forms.ActionForm
    model = VeeduriaObservation
    object_model = VeeduriaObservation

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "entity": self.obj.entity,
            "instance": ImprovementAction(observation=self.obj),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Nueva acción de mejora por la observación"),
            back=reverse("oversight:observation_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.ActionForm) -> HttpResponse:
        try:
            services.action_save(action=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Acción registrada."))
        return redirect("oversight:observation_detail", pk=self.obj.pk)


class ItemCreateView(StaffPermissionMixin, FormView):
    permission_required = "accountability.change_veeduria"
    template_name = "accountability/form.html"
    form_class = forms.ItemForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": _entity(self.request)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Nuevo programa, proyecto o contrato bajo control social"),
            back=reverse("oversight:manage"),
            **kwargs,
        )

    def form_valid(self, form: forms.ItemForm) -> HttpResponse:
        try:
            item = services.item_save(item=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Registrado."))
        return redirect("oversight:item_detail", pk=item.pk)


class ItemObjectMixin(EntityObjectMixin):
    model = OversightItem
    object_model = OversightItem
    object_select_related = ("area",)


class ItemUpdateView(ItemObjectMixin, ObjectFormView):
    permission_required = "accountability.change_oversightitem"
    template_name = "accountability/form.html"
    form_class = forms.ItemForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": self.obj}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=str(self.obj), back=reverse("oversight:item_detail", args=[self.obj.pk]), **kwargs
        )

    def form_valid(self, form: forms.ItemForm) -> HttpResponse:
        try:
            services.item_save(item=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Actualizado."))
        return redirect("oversight:item_detail", pk=self.obj.pk)


class ItemDetailView(ItemObjectMixin, ObjectFormView):
    """The item with its supervisors' reports; the form adds a report."""

    permission_required = "accountability.view_veeduria"
    template_name = "accountability/item_detail.html"
    form_class = forms.SupervisorReportForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        item = self.obj
        return super().get_context_data(
            item=item,
            can_change=self.request.user.has_perm("accountability.change_oversightitem", item),
            **selectors.item_detail(item=item),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("accountability.change_oversightitem", self.obj):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: forms.SupervisorReportForm) -> HttpResponse:
        try:
            services.supervisor_report_add(item=self.obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Informe de supervisión registrado."))
        return redirect("oversight:item_detail", pk=self.obj.pk)


# Public ---------------------------------------------------------------------------------------


class PublicIndexView(PublicPageCacheMixin, TemplateView):
    template_name = "accountability/oversight_public.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        return super().get_context_data(
            veedurias=list(selectors.veedurias(entity=entity)),
            items=list(selectors.oversight_items(entity=entity)),
            observations=list(selectors.public_observations(entity=entity)),
            actions=list(selectors.observation_actions(entity=entity)),
            **kwargs,
        )


class PublicItemView(PublicPageCacheMixin, TemplateView):
    template_name = "accountability/oversight_item_public.html"
    model = OversightItem

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        item = get_object_or_404(
            OversightItem.objects.for_entity(_entity(self.request)).select_related("area"),
            pk=kwargs["pk"],
        )
        detail = selectors.item_detail(item=item)
        detail["observations"] = [o for o in detail["observations"] if o.status == "respondida"]
        return super().get_context_data(
            item=item, veedurias=list(item.veedurias.all()), **detail, **kwargs
        )
