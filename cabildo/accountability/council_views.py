"""The concejo mode (Ley 1757 arts. 57–59): the president's annual report assembled from the
recorded proposiciones, proyectos de acuerdo and debates, with its minimum content and deadline,
kept public; and the one-month term to answer the alcalde's report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from cabildo.accountability import forms, selectors, services
from cabildo.accountability.models import (
    CouncilDebate,
    CouncilMatter,
    CouncilReport,
    MayorReportReview,
)
from cabildo.accountability.views import EntityFormView, ObjectFormView, ServiceFormMixin, _entity
from cabildo.core.mixins import EntityObjectMixin, PublicPageCacheMixin, StaffPermissionMixin


def _manage_url() -> str:
    return reverse("accountability:council_manage")


class CouncilManageView(StaffPermissionMixin, TemplateView):
    permission_required = "accountability.view_council"
    template_name = "accountability/council_manage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        today = timezone.localdate()
        reviews = list(MayorReportReview.objects.for_entity(entity).order_by("-year"))
        for review in reviews:
            review.late = (review.answered_on or today) > review.due_date
        return super().get_context_data(
            reports=selectors.council_reports_content(
                reports=list(selectors.council_reports(entity=entity))
            ),
            matters=list(CouncilMatter.objects.for_entity(entity)[:50]),
            debates=list(CouncilDebate.objects.for_entity(entity)[:50]),
            reviews=reviews,
            can_manage=self.request.user.has_perm("accountability.manage_council", entity),
            **kwargs,
        )


class CouncilRowCreateView(EntityFormView):
    permission_required = "accountability.manage_council"
    success_message = _lazy("Registrado.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": _entity(self.request)}

    def get_back(self) -> str:
        return _manage_url()

    def save(self, form: Any) -> Any:
        return services.council_row_save(row=form.instance)


class CouncilMatterCreateView(CouncilRowCreateView):
    form_class = forms.CouncilMatterForm

    def get_title(self) -> str:
        return _("Registrar proposición o proyecto de acuerdo")


class CouncilDebateCreateView(CouncilRowCreateView):
    form_class = forms.CouncilDebateForm

    def get_title(self) -> str:
        return _("Registrar debate de control")


class CouncilReportCreateView(EntityFormView):
    permission_required = "accountability.manage_council"
    form_class = forms.CouncilReportForm
    success_message = _lazy("Informe guardado.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "entity": _entity(self.request)}
        if "data" not in kwargs:
            kwargs["initial"] = {"year": timezone.localdate().year - 1}
        return kwargs

    def get_title(self) -> str:
        return _("Informe anual del concejo (Ley 1757 de 2015, art. 59)")

    def get_back(self) -> str:
        return _manage_url()

    def save(self, form: Any) -> Any:
        return services.council_report_save(report=form.instance)

    def get_success_url(self) -> str:
        return reverse("accountability:council_report", args=[self.saved.pk])


class CouncilReportView(ObjectFormView):
    """The report as it will be published, what its minimum content still lacks, and the form
    to complete it (until it is published)."""

    permission_required = "accountability.view_council"
    template_name = "accountability/council_report.html"
    form_class = forms.CouncilReportForm
    model = CouncilReport
    object_model = CouncilReport
    success_message = _lazy("Informe guardado.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": self.obj}

    def get_title(self) -> str:
        return str(self.obj)

    def get_back(self) -> str:
        return reverse("accountability:council_report", args=[self.obj.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            content=selectors.council_report_content(report=self.obj),
            can_manage=self.request.user.has_perm("accountability.manage_council", self.obj),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("accountability.manage_council", self.obj):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def save(self, form: Any) -> Any:
        return services.council_report_save(report=form.instance)


class CouncilReportPublishView(StaffPermissionMixin, EntityObjectMixin, View):
    permission_required = "accountability.manage_council"
    model = CouncilReport
    object_model = CouncilReport

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_object()
        try:
            services.council_report_publish(report=report)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Informe publicado; queda público de forma permanente."))
        return redirect("accountability:council_report", pk=report.pk)


class MayorReviewFormMixin(ServiceFormMixin):
    form_class = forms.MayorReviewForm
    permission_required = "accountability.manage_council"

    def get_back(self) -> str:
        return _manage_url()

    def save(self, form: Any) -> Any:
        return services.mayor_review_record(review=form.instance)

    def get_success_message(self) -> str:
        return _("Guardado: la respuesta vence el %(d)s (un mes, art. 57).") % {
            "d": self.saved.due_date.strftime("%d/%m/%Y")
        }


class MayorReviewCreateView(MayorReviewFormMixin, EntityFormView):
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": _entity(self.request)}

    def get_title(self) -> str:
        return _("Informe anual del alcalde recibido")


class MayorReviewUpdateView(MayorReviewFormMixin, ObjectFormView):
    model = MayorReportReview
    object_model = MayorReportReview

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": self.obj}

    def get_title(self) -> str:
        return str(self.obj)


class PublicCouncilReportView(PublicPageCacheMixin, TemplateView):
    template_name = "accountability/council_public.html"
    model = CouncilReport

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        report = get_object_or_404(
            selectors.council_reports(entity=entity, published_only=True), pk=kwargs["pk"]
        )
        return super().get_context_data(
            content=selectors.council_report_content(report=report),
            reports=list(selectors.council_reports(entity=entity, published_only=True)),
            **kwargs,
        )
