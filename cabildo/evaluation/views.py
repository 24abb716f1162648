"""Views of the evaluation app (thin: figures come from ``selectors``, writes from
``services``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, ListView, RedirectView, TemplateView, View

from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import (
    EntityFormViewBase,
    EntityObjectMixin,
    EntityView,
    PublicPageCacheMixin,
    StaffPermissionMixin,
)
from cabildo.evaluation import periods, selectors, services, xlsx
from cabildo.evaluation.forms import (
    EvaluationForm,
    GoodPracticeForm,
    IndicatorForm,
    MeasurementForm,
    ReportRequestForm,
    StageForm,
)
from cabildo.evaluation.matrix import IndicatorMatrix, MeasurementMatrix
from cabildo.evaluation.models import (
    GoodPractice,
    Indicator,
    Measurement,
    ReportAudience,
    ReportFile,
    ReportStatus,
)
from cabildo.evaluation.reports import breakdown_blocks, count_block
from cabildo.matrices.forms import YearMatrixUploadForm
from cabildo.matrices.views import MatrixUploadView
from cabildo.plans import selectors as plan_selectors
from cabildo.plans.models import PlannedActivity


def selected_year(request: HttpRequest, *, choices: list[int] | None = None) -> int:
    """The year in ``?anio=``; otherwise the vigencia in force
    (:func:`cabildo.plans.selectors.default_year`). With ``choices`` (the published years of
    the public results), the latest of them up to that year."""
    year = plan_selectors.year_from_query(request.GET.get("anio"))
    if year is not None:
        return year
    default = plan_selectors.default_year(entity=_entity(request))
    if choices is not None:
        return next((y for y in choices if y <= default), choices[-1] if choices else default)
    return default


def plan_years(request: HttpRequest, year: int | None = None) -> list[int]:
    """The vigencias of the year selector (every plan's year, and the one shown)."""
    return plan_selectors.year_choices(entity=_entity(request), including=year)


def indicator_chart_rows(indicators: list[Any]) -> list[tuple[str, Any]]:
    """(indicator, current result) for the dashboard's chart; ``None`` when the indicator
    has no measurement or its measurement has no value (a gap: «sin medición», never 0)."""
    return [(r.indicator.name, None if r.latest is None else r.latest.value) for r in indicators]


class YearMixin(EntityView):
    def get_year(self) -> int:
        if not hasattr(self, "_year"):
            self._year = selected_year(self.request)
        return self._year


# Dashboard -----------------------------------------------------------------------------------


class DashboardView(StaffPermissionMixin, YearMixin, TemplateView):
    permission_required = "evaluation.view_dashboard"
    template_name = "evaluation/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        board = selectors.dashboard(entity=_entity(self.request), year=year)
        blocks = [
            count_block(
                slug="estado-plan",
                title=_("Actividades del plan por estado"),
                rows=[(r.label, r.count) for r in board.plan_status],
                headers=(_("Estado"), _("Actividades")),
            ),
            count_block(
                slug="semaforo",
                title=_("PQRSD abiertas por semáforo"),
                rows=[(r.label, r.count) for r in board.semaphore],
                headers=(_("Semáforo"), _("PQRSD")),
            ),
            count_block(
                slug="indicadores",
                title=_("Último resultado de cada indicador"),
                rows=indicator_chart_rows(board.indicators),
                headers=(_("Indicador"), _("Resultado (%)")),
                unit=" %",
            ),
        ]
        context.update(
            year=year,
            years=plan_years(self.request, year),
            board=board,
            blocks=blocks,
        )
        return context


# Indicators and the seguimiento matrix ---------------------------------------------------------


class MatrixView(StaffPermissionMixin, YearMixin, TemplateView):
    permission_required = "evaluation.view_indicator"
    template_name = "evaluation/matrix.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        context.update(
            year=year,
            years=plan_years(self.request, year),
            rows=selectors.seguimiento_matrix(entity=_entity(self.request), year=year),
            can_manage=self.request.user.has_perm("evaluation.add_indicator", self.request.entity),
        )
        return context


class MatrixXlsxView(StaffPermissionMixin, YearMixin, View):
    permission_required = "evaluation.view_indicator"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = self.get_year()
        content = xlsx.matrix_xlsx(
            rows=selectors.seguimiento_matrix(entity=_entity(request), year=year), year=year
        )
        response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="matriz-seguimiento-{year}.xlsx"'
        return response


def _matrix_download(request: HttpRequest, adapter: Any) -> HttpResponse:
    """The matrix as XLSX, or CSV (``?formato=csv``, ``&separador=punto-y-coma``)."""
    if request.GET.get("formato") == "csv":
        delimiter = ";" if request.GET.get("separador") == "punto-y-coma" else ","
        return adapter.response(fmt="csv", delimiter=delimiter)
    return adapter.response()


class IndicatorMatrixExportView(StaffPermissionMixin, View):
    """The indicators as seed 002's seguimiento matrix, with CLAVE, to edit and import back."""

    permission_required = "evaluation.view_indicator"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _matrix_download(request, IndicatorMatrix(entity=_entity(request)))


class IndicatorMatrixImportView(MatrixUploadView):
    """Read the seguimiento matrix; the preview (cabildo.matrices) shows what changes first."""

    kind = "indicadores"


class MeasurementMatrixExportView(StaffPermissionMixin, YearMixin, View):
    """The year's measurements, a row per period of each manual indicator, with CLAVE."""

    permission_required = "evaluation.view_indicator"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        adapter = MeasurementMatrix(entity=_entity(request), target=self.get_year())
        return _matrix_download(request, adapter)


class MeasurementMatrixImportView(YearMixin, MatrixUploadView):
    """Read the year's measurements; a changed value asks for its reason in the preview."""

    kind = "mediciones"
    form_class = YearMatrixUploadForm

    def get_initial(self) -> dict[str, Any]:
        return {"year": self.get_year()}

    def get_target(self, form: Any = None) -> int | None:
        return form.cleaned_data["year"] if form is not None else self.get_year()


class IndicatorFormMixin(EntityFormViewBase):
    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        return kwargs


class IndicatorCreateView(StaffPermissionMixin, IndicatorFormMixin, FormView):
    permission_required = "evaluation.add_indicator"
    template_name = "evaluation/indicator_form.html"
    form_class = IndicatorForm

    def form_valid(self, form: IndicatorForm) -> HttpResponse:
        try:
            indicator = services.indicator_save(
                entity=_entity(self.request), data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Indicador creado."))
        return redirect("evaluation:indicator_detail", pk=indicator.pk)


class IndicatorObjectMixin(EntityObjectMixin):
    object_model = Indicator
    object_select_related = ("area", "activity")

    @property
    def indicator(self) -> Indicator:
        return self.get_object()


class IndicatorUpdateView(StaffPermissionMixin, IndicatorObjectMixin, IndicatorFormMixin, FormView):
    permission_required = "evaluation.change_indicator"
    template_name = "evaluation/indicator_form.html"
    form_class = IndicatorForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Indicator.objects.get(pk=self.indicator.pk)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(indicator=self.indicator, **kwargs)

    def form_valid(self, form: IndicatorForm) -> HttpResponse:
        try:
            services.indicator_save(
                entity=_entity(self.request), data=form.cleaned_data, indicator=self.indicator
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Indicador actualizado."))
        return redirect("evaluation:indicator_detail", pk=self.indicator.pk)


class IndicatorDetailView(StaffPermissionMixin, IndicatorObjectMixin, FormView):
    """The indicator, its measurements and (for manual ones) the form to record one."""

    permission_required = "evaluation.view_indicator"
    template_name = "evaluation/indicator_detail.html"
    form_class = MeasurementForm

    def replacing(self) -> Measurement | None:
        """The current measurement named by ``?reemplazar=<pk>`` (the form opens on its
        period and values, asking for the reason)."""
        raw = self.request.GET.get("reemplazar", "")
        if not raw.isdigit():
            return None
        return selectors.measurement_list(indicator=self.indicator).filter(pk=int(raw)).first()

    def get_initial(self) -> dict[str, Any]:
        current = self.replacing()
        if current is not None:
            return {
                "year": current.year,
                "period": current.period,
                "numerator": current.numerator,
                "denominator": current.denominator,
                "notes": current.notes,
            }
        return {"year": timezone.localdate().year, "period": 1}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            indicator=self.indicator,
            measurements=selectors.measurement_list(indicator=self.indicator),
            replacing=self.replacing(),
            can_measure=self.request.user.has_perm("evaluation.add_measurement", self.indicator),
            can_change=self.request.user.has_perm("evaluation.change_indicator", self.indicator),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("evaluation.add_measurement", self.indicator):
            return HttpResponse(status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: MeasurementForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            measurement = services.measurement_record(
                indicator=self.indicator,
                year=data["year"],
                period=data["period"],
                numerator=data["numerator"],
                denominator=data["denominator"],
                notes=data["notes"],
                evidence=data["evidence"],
                reason=data["reason"],
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if measurement.version > 1:
            messages.success(
                self.request,
                _("Medición reemplazada: versión %(n)s. La anterior queda en el historial.")
                % {"n": measurement.version},
            )
        else:
            messages.success(self.request, _("Medición registrada."))
        return redirect("evaluation:indicator_detail", pk=self.indicator.pk)


class MeasurementHistoryView(StaffPermissionMixin, EntityObjectMixin, TemplateView):
    """Every version of one period's measurement: value, author, time and reason."""

    object_model = Measurement
    permission_required = "evaluation.view_indicator"
    object_select_related = ("indicator",)
    template_name = "evaluation/measurement_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        measurement = self.get_object()
        indicator = measurement.indicator
        context.update(
            measurement=measurement,
            indicator=indicator,
            period_label=periods.label(indicator.periodicity, measurement.year, measurement.period),
            versions=selectors.measurement_history(measurement=measurement),
        )
        return context


class MeasurementEvidenceView(StaffPermissionMixin, EntityObjectMixin, View):
    object_model = Measurement
    permission_required = "evaluation.view_indicator"
    object_select_related = ("indicator",)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        measurement = self.get_object()
        if not measurement.evidence:
            raise Http404(_("La medición no tiene evidencia."))
        return FileResponse(measurement.evidence.open("rb"), as_attachment=True)


class ComputeView(StaffPermissionMixin, View):
    """Record the automatic indicators now, for the period that contains today."""

    permission_required = "evaluation.add_measurement"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        recorded = services.measurements_record_automatic(
            entity=_entity(request), user=self.request.user
        )
        messages.success(
            request,
            ngettext(
                "Se calculó %(n)s indicador automático.",
                "Se calcularon %(n)s indicadores automáticos.",
                len(recorded),
            )
            % {"n": len(recorded)},
        )
        return redirect("evaluation:matrix")


# Consolidated evaluation -----------------------------------------------------------------------


class EvaluationView(StaffPermissionMixin, YearMixin, TemplateView):
    permission_required = "evaluation.view_evaluation"
    template_name = "evaluation/evaluation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        entity = _entity(self.request)
        result = selectors.yearly_evaluation(entity=entity, year=year)
        blocks = breakdown_blocks(result)
        evaluation = result.evaluation
        context.update(
            year=year,
            years=plan_years(self.request, year),
            result=result,
            blocks=blocks,
            counting_rules=selectors.counting_rules(),
            records_url=f"{reverse('evaluation:records')}?anio={year}",
            contributions_url=reverse("execution:contribution_list"),
            practices=selectors.good_practices(entity=entity, year=year),
            form=kwargs.get("form")
            or EvaluationForm(
                initial={
                    "conclusions": evaluation.conclusions if evaluation else "",
                    "publish": evaluation.is_published if evaluation else False,
                }
            ),
            report_form=ReportRequestForm(),
            can_manage=self.request.user.has_perm("evaluation.change_evaluation", entity),
            can_report=self.request.user.has_perm("evaluation.add_reportfile", entity),
        )
        return context


class EvaluationRecordsView(StaffPermissionMixin, YearMixin, TemplateView):
    """The records behind each figure of the evaluation: every activity with why it counts as
    held or not, the groups involved with where they come from, and the events held."""

    permission_required = "evaluation.view_evaluation"
    template_name = "evaluation/records.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        version, records = selectors.activity_records(entity=_entity(self.request), year=year)
        context.update(
            year=year,
            years=plan_years(self.request, year),
            version=version,
            records=records,
            groups=selectors.group_sources(records),
            counting_rules=selectors.counting_rules(),
        )
        return context


class EvaluationUpdateView(StaffPermissionMixin, YearMixin, FormView):
    permission_required = "evaluation.change_evaluation"
    template_name = "evaluation/evaluation_form.html"
    form_class = EvaluationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(year=self.get_year(), **kwargs)

    def form_valid(self, form: EvaluationForm) -> HttpResponse:
        year = self.get_year()
        try:
            services.evaluation_save(
                entity=_entity(self.request),
                year=year,
                conclusions=form.cleaned_data["conclusions"],
                publish=form.cleaned_data["publish"],
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Evaluación guardada."))
        return redirect(f"{reverse('evaluation:evaluation')}?anio={year}")


# Good practices --------------------------------------------------------------------------------


class GoodPracticeListView(StaffPermissionMixin, ListView):
    permission_required = "evaluation.view_goodpractice"
    template_name = "evaluation/practice_list.html"
    context_object_name = "practices"

    def get_queryset(self) -> Any:
        return selectors.good_practices(entity=_entity(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_manage=self.request.user.has_perm(
                "evaluation.add_goodpractice", _entity(self.request)
            ),
            **kwargs,
        )


class GoodPracticeFormMixin(IndicatorFormMixin):
    form_class = GoodPracticeForm
    template_name = "evaluation/practice_form.html"

    def save(self, form: GoodPracticeForm, practice: GoodPractice | None) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.good_practice_save(
                entity=_entity(self.request),
                data=data,
                practice=practice,
                evidence=data.get("evidence_upload"),
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Buena práctica guardada."))
        return redirect("evaluation:practice_list")


class GoodPracticeCreateView(StaffPermissionMixin, GoodPracticeFormMixin, FormView):
    permission_required = "evaluation.add_goodpractice"

    def get_initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    def form_valid(self, form: GoodPracticeForm) -> HttpResponse:
        return self.save(form, None)


class GoodPracticeUpdateView(
    StaffPermissionMixin, EntityObjectMixin, GoodPracticeFormMixin, FormView
):
    permission_required = "evaluation.change_goodpractice"
    object_model = GoodPractice

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = GoodPractice.objects.get(pk=self.get_object().pk)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(practice=self.get_object(), **kwargs)

    def form_valid(self, form: GoodPracticeForm) -> HttpResponse:
        return self.save(form, self.get_object())


class PracticeEvidenceView(StaffPermissionMixin, EntityObjectMixin, View):
    permission_required = "evaluation.view_goodpractice"
    object_model = GoodPractice

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        practice = self.get_object()
        if not practice.evidence:
            raise Http404(_("La buena práctica no tiene evidencia."))
        return FileResponse(practice.evidence.open("rb"), as_attachment=True)


# Reports ---------------------------------------------------------------------------------------


class ReportListView(StaffPermissionMixin, YearMixin, FormView):
    """Reports generated, and the form to ask for a new one (generated in the background)."""

    permission_required = "evaluation.view_reportfile"
    template_name = "evaluation/report_list.html"
    form_class = ReportRequestForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            year=self.get_year(),
            years=plan_years(self.request, self.get_year()),
            reports=selectors.report_files(entity=_entity(self.request))[:50],
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("evaluation.add_reportfile", _entity(request)):
            return HttpResponse(status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: ReportRequestForm) -> HttpResponse:
        try:
            report = services.report_request(
                entity=_entity(self.request),
                year=self.get_year(),
                format=form.cleaned_data["format"],
                audience=form.cleaned_data["audience"],
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect("evaluation:report_detail", pk=report.pk)


class ReportObjectMixin(EntityObjectMixin):
    object_model = ReportFile
    object_select_related = ("requested_by",)


class ReportDetailView(StaffPermissionMixin, ReportObjectMixin, TemplateView):
    """The report's progress; while it is being generated, htmx polls the status fragment."""

    permission_required = "evaluation.view_reportfile"
    template_name = "evaluation/report_detail.html"

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["evaluation/_report_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(report=self.get_object(), **kwargs)


class ReportDownloadView(StaffPermissionMixin, ReportObjectMixin, View):
    permission_required = "evaluation.view_reportfile"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        report = self.get_object()
        if report.status != ReportStatus.READY or not report.file:
            raise Http404(_("El informe todavía no está listo."))
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename)


# Accountability --------------------------------------------------------------------------------


class AccountabilityView(RedirectView):
    """The old MURC page: its figures are the accountability app's now, on its vigencia page
    (``accountability:year``); old links and bookmarks land there, with their ``?anio=``."""

    permanent = True
    query_string = True
    pattern_name = "accountability:year"


class StageAssignView(StaffPermissionMixin, EntityObjectMixin, FormView):
    permission_required = "evaluation.change_accountabilitystage"
    object_model = PlannedActivity
    object_select_related = ("version__plan", "area")
    form_class = StageForm
    template_name = "evaluation/stage_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(activity=self.get_object(), **kwargs)

    def form_valid(self, form: StageForm) -> HttpResponse:
        activity = self.get_object()
        try:
            services.accountability_stage_set(
                activity=activity, stage=form.cleaned_data["stage"], user=self.request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Etapa MURC asignada."))
        return redirect(f"{reverse('accountability:year')}?anio={activity.version.plan.year}")


# Public ----------------------------------------------------------------------------------------


class PublicResultsView(PublicPageCacheMixin, TemplateView):
    """The published evaluation of a year: figures, charts with their tables, accepted activity
    reports, good practices and the public report. No personal data."""

    public_cache_params = ("anio",)

    template_name = "evaluation/public_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = _entity(self.request)
        years = selectors.published_years(entity=entity)
        year = selected_year(self.request, choices=years)
        context.update(years=years, year=year, entity=entity)
        if year not in years:
            context["result"] = None
            return context
        result = selectors.yearly_evaluation(entity=entity, year=year)
        blocks = breakdown_blocks(result)
        context.update(
            result=result,
            blocks=blocks,
            counting_rules=selectors.counting_rules(),
            matrix=selectors.seguimiento_matrix(entity=entity, year=year),
            accountability=selectors.accountability(entity=entity, year=year),
            practices=selectors.good_practices(entity=entity, year=year),
            downloads=selectors.public_reports(entity=entity, year=year),
        )
        return context


class PublicReportDownloadView(View):
    model = ReportFile

    def get(self, request: HttpRequest, pk: int) -> Any:
        entity = _entity(request)
        report = (
            ReportFile.objects.for_entity(entity)
            .filter(pk=pk, audience=ReportAudience.PUBLIC, status=ReportStatus.READY)
            .filter(year__in=selectors.published_years(entity=entity))
            .first()
        )
        if report is None or not report.file:
            raise Http404(_("No existe ese informe público."))
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename)
