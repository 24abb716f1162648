"""Views of control social: the register of veedurías, what is under oversight, the
supervisors' reports, the veedurías' requests (PQRSD) and observations, and their public page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from cabildo.accountability import forms, selectors, services
from cabildo.accountability.models import (
    ImprovementAction,
    OversightItem,
    Veeduria,
    VeeduriaObservation,
)
from cabildo.accountability.views import (
    ActionFormMixin,
    EntityFormView,
    ObjectFormView,
    ServiceFormMixin,
    _entity,
)
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


class VeeduriaFormMixin(ServiceFormMixin):
    form_class = forms.VeeduriaForm
    success_message = _lazy("Veeduría guardada.")

    def save(self, form: forms.VeeduriaForm) -> Any:
        veeduria = services.veeduria_save(veeduria=form.instance)
        services.veeduria_items_set(veeduria=veeduria, items=list(form.cleaned_data["items"]))
        return veeduria

    def get_success_url(self) -> str:
        return reverse("oversight:veeduria_detail", args=[self.saved.pk])


class VeeduriaCreateView(VeeduriaFormMixin, EntityFormView):
    permission_required = "accountability.change_veeduria"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": _entity(self.request)}

    def get_title(self) -> str:
        return _("Registrar una veeduría ciudadana")

    def get_back(self) -> str:
        return reverse("oversight:manage")


class VeeduriaObjectMixin(EntityObjectMixin):
    model = Veeduria
    object_model = Veeduria


class VeeduriaFormView(VeeduriaObjectMixin, ObjectFormView):
    """A form about one veeduría, back to its page."""

    permission_required = "accountability.change_veeduria"

    def get_back(self) -> str:
        return reverse("oversight:veeduria_detail", args=[self.obj.pk])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity}


class VeeduriaUpdateView(VeeduriaFormMixin, VeeduriaFormView):
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.obj}

    def get_title(self) -> str:
        return self.obj.name


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
            can_manage=self.request.user.has_perm("accountability.change_veeduria", veeduria),
            **kwargs,
        )


class MemberAddView(VeeduriaFormView):
    form_class = forms.MemberForm
    success_message = _lazy("Integrante agregado.")

    def get_title(self) -> str:
        return _("Agregar integrante: %(v)s") % {"v": self.obj.name}

    def save(self, form: forms.MemberForm) -> Any:
        return services.member_add(veeduria=self.obj, **form.cleaned_data)


class RequestFileView(VeeduriaFormView):
    """A veeduría's request, filed in PQRSD as «solicitud de veeduría» (received on paper or in
    person by the entity; veedurías can also file it themselves from the PQRSD form)."""

    form_class = forms.VeeduriaRequestForm

    def get_title(self) -> str:
        return _("Radicar una solicitud de la veeduría %(v)s") % {"v": self.obj.name}

    def save(self, form: forms.VeeduriaRequestForm) -> Any:
        return services.veeduria_request_file(
            veeduria=self.obj, actor=self.request.user, **form.cleaned_data
        )

    def get_success_message(self) -> str:
        petition = self.saved.petition
        due = petition.due_date.strftime("%d/%m/%Y") if petition.due_date else "—"
        return _("Solicitud radicada con el número %(n)s; vence el %(due)s.") % {
            "n": petition.filing_number,
            "due": due,
        }


class ObservationCreateView(VeeduriaFormView):
    form_class = forms.ObservationForm

    def get_title(self) -> str:
        return _("Registrar una observación de %(v)s") % {"v": self.obj.name}

    def save(self, form: forms.ObservationForm) -> Any:
        return services.observation_record(veeduria=self.obj, **form.cleaned_data)

    def get_success_message(self) -> str:
        return _("Observación registrada: se responde a más tardar el %(d)s.") % {
            "d": self.saved.due_date.strftime("%d/%m/%Y")
        }

    def get_success_url(self) -> str:
        return reverse("oversight:observation_detail", args=[self.saved.pk])


class ObservationObjectMixin(EntityObjectMixin):
    permission_required = "accountability.answer_veeduriaobservation"
    model = VeeduriaObservation
    object_model = VeeduriaObservation
    object_select_related = ("veeduria", "item__area")

    def get_back(self) -> str:
        return reverse("oversight:observation_detail", args=[self.get_object().pk])


class ObservationDetailView(ObservationObjectMixin, ObjectFormView):
    template_name = "accountability/observation_detail.html"
    form_class = forms.AnswerForm
    success_message = _lazy("Respuesta publicada.")

    def get_title(self) -> str:
        return _("Observación de veeduría")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        observation = self.obj
        selectors.with_semaphore([observation], selectors.clock_for(observation.entity))
        return super().get_context_data(
            observation=observation,
            actions=list(observation.actions.select_related("owner_area")),
            **kwargs,
        )

    def save(self, form: forms.AnswerForm) -> Any:
        return services.observation_answer(observation=self.obj, **form.cleaned_data)


class ObservationActionView(ActionFormMixin, ObservationObjectMixin, ObjectFormView):
    def get_form_kwargs(self) -> dict[str, Any]:
        action = ImprovementAction(observation=self.obj)
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": action}

    def get_title(self) -> str:
        return _("Nueva acción de mejora por la observación")


class ItemFormMixin(ServiceFormMixin):
    form_class = forms.ItemForm
    success_message = _lazy("Guardado.")

    def save(self, form: forms.ItemForm) -> Any:
        return services.item_save(item=form.instance)

    def get_success_url(self) -> str:
        return reverse("oversight:item_detail", args=[self.saved.pk])


class ItemCreateView(ItemFormMixin, EntityFormView):
    permission_required = "accountability.change_veeduria"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": _entity(self.request)}

    def get_title(self) -> str:
        return _("Nuevo programa, proyecto o contrato bajo control social")

    def get_back(self) -> str:
        return reverse("oversight:manage")


class ItemObjectMixin(EntityObjectMixin):
    model = OversightItem
    object_model = OversightItem
    object_select_related = ("area",)

    def get_back(self) -> str:
        return reverse("oversight:item_detail", args=[self.get_object().pk])


class ItemUpdateView(ItemFormMixin, ItemObjectMixin, ObjectFormView):
    permission_required = "accountability.change_oversightitem"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": self.obj}

    def get_title(self) -> str:
        return str(self.obj)


class ItemDetailView(ItemObjectMixin, ObjectFormView):
    """The item with its supervisors' reports; the form adds a report."""

    permission_required = "accountability.view_veeduria"
    template_name = "accountability/item_detail.html"
    form_class = forms.SupervisorReportForm
    success_message = _lazy("Informe de supervisión registrado.")

    def get_title(self) -> str:
        return str(self.obj)

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

    def save(self, form: forms.SupervisorReportForm) -> Any:
        return services.supervisor_report_add(item=self.obj, **form.cleaned_data)


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
