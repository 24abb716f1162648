"""Report pages: the standard internal report (staff) and the published reports (public)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import EntityObjectMixin, PublicPageCacheMixin, StaffPermissionMixin
from cabildo.execution.forms.reports import ReportForm, ReportReviewForm
from cabildo.execution.models import ActivityReport, ReportStatus
from cabildo.execution.pdf import report_pdf
from cabildo.execution.selectors.reports import public_reports, report_list, report_view_figures
from cabildo.execution.services.reports import (
    EDITABLE_REPORT_STATUSES,
    report_accept,
    report_return,
    report_start,
    report_submit,
    report_update,
)
from cabildo.execution.views._common import ActivityObjectMixin
from cabildo.plans import selectors as plan_selectors

REPORT_SELECT_RELATED = ("activity", "activity__area", "activity__version__plan", "submitted_by")


class ReportObjectMixin(EntityObjectMixin):
    object_model = ActivityReport
    object_select_related = REPORT_SELECT_RELATED

    @property
    def report(self) -> ActivityReport:
        return self.get_object()


class ReportListView(StaffPermissionMixin, ListView):
    """Reports of the entity; ``?estado=<status>`` keeps one status."""

    permission_required = "execution.view_report"
    template_name = "execution/report_list.html"
    context_object_name = "reports"

    def status(self) -> str:
        value = self.request.GET.get("estado", "")
        return value if value in ReportStatus.values else ""

    def year(self) -> int | None:
        """``?anio=2026``: the reports of that year's plan (the dashboard's link)."""
        return plan_selectors.year_from_query(self.request.GET.get("anio"))

    def get_queryset(self) -> Any:
        return report_list(entity=_entity(self.request), status=self.status(), year=self.year())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            status=self.status(), statuses=ReportStatus.choices, year=self.year(), **kwargs
        )


class ReportStartView(StaffPermissionMixin, ActivityObjectMixin, View):
    """Open the report of an activity (created with its activities pre-filled)."""

    permission_required = "execution.add_report"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            report = report_start(activity=self.activity)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("plans:cronograma", pk=self.activity.version_id)
        return redirect("execution:report_detail", pk=report.pk)


class ReportDetailView(StaffPermissionMixin, ReportObjectMixin, TemplateView):
    permission_required = "execution.view_report"
    template_name = "execution/report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = self.report
        user = self.request.user
        editable = report.status in EDITABLE_REPORT_STATUSES
        return super().get_context_data(
            report=report,
            figures=report_view_figures(report),
            editable=editable,
            can_change=editable and user.has_perm("execution.change_report", report),
            can_review=report.status == ReportStatus.SUBMITTED
            and user.has_perm("execution.review_report", report),
            review_form=ReportReviewForm(),
            **kwargs,
        )


class ReportUpdateView(StaffPermissionMixin, ReportObjectMixin, FormView):
    """Write the narrative; "Guardar y enviar" also sends it to planning."""

    permission_required = "execution.change_report"
    template_name = "execution/report_form.html"
    form_class = ReportForm

    def get_initial(self) -> dict[str, Any]:
        r = self.report
        return {
            "activities_done": r.activities_done,
            "results": r.results,
            "lessons_learned": r.lessons_learned,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            report=self.report, figures=report_view_figures(self.report), **kwargs
        )

    def form_valid(self, form: ReportForm) -> HttpResponse:
        try:
            with transaction.atomic():  # a refused submission keeps the previous text
                report = report_update(report=self.report, **form.cleaned_data)
                if "enviar" in self.request.POST:
                    report_submit(report=report, user=self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if "enviar" in self.request.POST:
            messages.success(self.request, _("Reporte enviado a la oficina de planeación."))
        else:
            messages.success(self.request, _("Reporte guardado."))
        return redirect("execution:report_detail", pk=report.pk)


class ReportReviewView(StaffPermissionMixin, ReportObjectMixin, FormView):
    permission_required = "execution.review_report"
    template_name = "execution/report_review.html"
    form_class = ReportReviewForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(report=self.report, **kwargs)

    def form_valid(self, form: ReportReviewForm) -> HttpResponse:
        data = form.cleaned_data
        service = report_accept if data["decision"] == ReportReviewForm.ACCEPT else report_return
        try:
            report = service(
                report=self.report,
                user=self.request.user,
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Reporte aceptado: ya es público.")
            if report.status == ReportStatus.ACCEPTED
            else _("Reporte devuelto con observaciones."),
        )
        return redirect("execution:report_detail", pk=report.pk)


def _public_report(request: HttpRequest, pk: int) -> ActivityReport:
    return get_object_or_404(
        public_reports(entity=_entity(request)).select_related("entity"), pk=pk
    )


class PublicReportListView(PublicPageCacheMixin, ListView):
    public_cache_params = ("page",)
    template_name = "execution/public_report_list.html"
    context_object_name = "reports"

    def get_queryset(self) -> Any:
        return public_reports(entity=_entity(self.request))


class PublicReportDetailView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    model = ActivityReport
    template_name = "execution/public_report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = _public_report(self.request, kwargs["pk"])
        return super().get_context_data(report=report, figures=report.figures, **kwargs)


class PublicReportPDFView(View):
    model = ActivityReport

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _public_report(request, pk)
        response = HttpResponse(report_pdf(report=report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="reporte-actividad-{pk}.pdf"'
        return response
