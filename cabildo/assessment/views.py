"""Staff pages of the autodiagnóstico and the improvement plan (thin: services do the work)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, FormView, RedirectView, TemplateView

from cabildo.assessment import pdf, plan_matrix, scoring, selectors, services
from cabildo.assessment.forms import (
    ActionForm,
    AssessmentCreateForm,
    FindingsForm,
    FuragForm,
    PlanForm,
    PlanFromPreviousForm,
    PlanGenerateForm,
    PlanMatrixImportForm,
    ReviewForm,
    ScoreEvidenceForm,
    TrackForm,
)
from cabildo.assessment.models import (
    ActionEvidence,
    ActivityScore,
    CyclePhase,
    EvidenceFile,
    ImprovementAction,
    ImprovementPlan,
    SelfAssessment,
)
from cabildo.assessment.workbook import AssessmentMatrix
from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core import uploads
from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import EntityObjectMixin, EntityScopedMixin, StaffPermissionMixin
from cabildo.core.tabular import XLSX_CONTENT_TYPE
from cabildo.matrices.views import MatrixUploadView


class ObjectFormView(StaffPermissionMixin, EntityScopedMixin, FormView):
    """A form about one row of the request's entity (404 for other entities)."""

    object: Any = None

    def get_permission_object(self) -> Any:
        if self.object is None:
            self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context


# --- Assessments -----------------------------------------------------------------------------


class AssessmentListView(StaffPermissionMixin, FormView):
    permission_required = "assessment.view_selfassessment"
    template_name = "assessment/assessment_list.html"
    form_class = AssessmentCreateForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = selectors.assessments_with_ratings(entity=self.request.entity)
        context["rows"] = [(a, r, scoring.level_for(r.total)) for a, r in rows]
        context["can_add"] = self.request.user.has_perm(
            "assessment.add_selfassessment", self.request.entity
        )
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("assessment.add_selfassessment", request.entity):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AssessmentCreateForm) -> HttpResponse:
        try:
            assessment = services.assessment_create(
                entity=self.request.entity, year=form.cleaned_data["year"], user=self.request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Autodiagnóstico creado."))
        return redirect("assessment:detail", pk=assessment.pk)


class AssessmentDetailView(StaffPermissionMixin, EntityScopedMixin, DetailView):
    """The scoring page: scores per activity grouped by component and category."""

    model = SelfAssessment
    permission_required = "assessment.view_selfassessment"
    template_name = "assessment/assessment_detail.html"
    context_object_name = "assessment"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("catalogue_version", "closed_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assessment = self.object
        user = self.request.user
        context["sheet"] = kwargs.get("sheet") or selectors.assessment_sheet(assessment=assessment)
        context["errors"] = kwargs.get("errors", {})
        context["posted"] = kwargs.get("posted", {})
        context["can_edit"] = (
            user.has_perm("assessment.change_selfassessment", assessment)
            and not assessment.is_closed
        )
        context["can_close"] = context["can_edit"]
        context["can_plan"] = (
            user.has_perm("assessment.add_improvementplan", assessment)
            and assessment.is_closed
            and not ImprovementPlan.objects.filter(assessment=assessment).exists()
        )
        context["plan"] = ImprovementPlan.objects.filter(assessment=assessment).first()
        context["findings"] = selectors.findings_for(assessment=assessment)
        context["phases"] = CyclePhase.choices
        context["levels"] = scoring.LEVELS
        context["plan_form"] = PlanGenerateForm()
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if not request.user.has_perm("assessment.change_selfassessment", self.object):
            self.raise_exception = True
            return self.handle_no_permission()
        values: dict[int, services.ScoreInput] = {}
        posted: dict[str, str] = {}
        for key, raw in request.POST.items():
            if key.startswith("score_"):
                try:
                    activity_id = int(key.removeprefix("score_"))
                except ValueError:
                    continue
                posted[key] = raw
                obs_key = f"observations_{activity_id}"
                posted[obs_key] = request.POST.get(obs_key, "")
                values[activity_id] = services.ScoreInput(
                    score=raw.strip() or None, observations=request.POST.get(obs_key)
                )
        try:
            services.scores_update(assessment=self.object, user=request.user, values=values)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            context = self.get_context_data(errors=errors, posted=posted)
            return self.render_to_response(context, status=400)
        messages.success(request, _("Puntajes guardados."))
        return redirect("assessment:detail", pk=self.object.pk)


class AssessmentCloseView(StaffPermissionMixin, EntityScopedMixin, DetailView):
    """Confirmation page (GET) and the closing itself (POST)."""

    model = SelfAssessment
    permission_required = "assessment.close_selfassessment"
    template_name = "assessment/assessment_close.html"

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        assessment = self.get_object()
        try:
            services.assessment_close(assessment=assessment, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("assessment:detail", pk=assessment.pk)
        messages.success(request, _("Autodiagnóstico cerrado. Ya no admite cambios."))
        return redirect("assessment:detail", pk=assessment.pk)


class ScoreEvidenceView(ObjectFormView):
    model = ActivityScore
    permission_required = "assessment.change_activityscore"
    template_name = "assessment/score_form.html"
    form_class = ScoreEvidenceForm

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("assessment", "activity__category")

    def get_initial(self) -> dict[str, Any]:
        score = self.get_permission_object()
        return {
            "evidence_text": score.evidence_text,
            "evidence_links": score.evidence_links,
            "observations": score.observations,
        }

    def form_valid(self, form: ScoreEvidenceForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.score_evidence_update(
                score=self.object,
                user=self.request.user,
                evidence_text=data["evidence_text"],
                evidence_links=data["evidence_links"],
                observations=data["observations"],
                upload=data.get("file"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Evidencias guardadas."))
        return redirect("assessment:detail", pk=self.object.assessment_id)


class FindingsView(ObjectFormView):
    model = SelfAssessment
    permission_required = "assessment.change_selfassessment"
    template_name = "assessment/findings_form.html"
    form_class = FindingsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["findings"] = selectors.findings_for(assessment=self.get_permission_object())
        return kwargs

    def form_valid(self, form: FindingsForm) -> HttpResponse:
        try:
            services.findings_update(assessment=self.object, findings=form.findings())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Fortalezas y debilidades guardadas."))
        return redirect("assessment:detail", pk=self.object.pk)


class AssessmentExportView(StaffPermissionMixin, EntityScopedMixin, DetailView):
    """The autodiagnóstico workbook (the shared matrix engine's export, XLSX)."""

    model = SelfAssessment
    permission_required = "assessment.view_selfassessment"

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        return AssessmentMatrix(entity=self.request.entity, target=self.object.pk).response()


class AssessmentImportView(MatrixUploadView):
    """Load the autodiagnóstico workbook (Función Pública's layout, or the one exported from
    Cabildo); the shared preview (cabildo.matrices) shows what changes, activity by activity
    and field by field, and nothing is saved until the official confirms."""

    model = SelfAssessment  # the assessment the URL's pk names (read by the URL crawl)
    kind = AssessmentMatrix.kind
    template_name = "assessment/import_form.html"

    def get_target(self, form: Any = None) -> int | None:
        return self.kwargs["pk"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = context["adapter"].assessment
        context["pending"] = context["pending"].filter(target=self.kwargs["pk"])
        return context


class AssessmentImportConfirmView(StaffPermissionMixin, EntityObjectMixin, RedirectView):
    """The old confirmation address (a signed preview): the import page, where the file is
    read again and confirmed on the shared preview."""

    object_model = SelfAssessment
    permission_required = "assessment.change_selfassessment"

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return reverse("assessment:import", kwargs={"pk": self.get_object().pk})


# --- Comparison ------------------------------------------------------------------------------


class ComparisonView(StaffPermissionMixin, FormView):
    permission_required = "assessment.view_selfassessment"
    template_name = "assessment/comparison.html"
    form_class = FuragForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        chosen = [int(y) for y in self.request.GET.getlist("anio") if y.isdigit()]
        comparison = selectors.comparison(
            entity=self.request.entity,
            years=chosen or None,
            latest=selectors.COMPARISON_DEFAULT_YEARS,
        )
        context["comparison"] = comparison
        context["can_add_furag"] = self.request.user.has_perm(
            "assessment.add_furagresult", self.request.entity
        )
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("assessment.add_furagresult", request.entity):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: FuragForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.furag_result_save(
                entity=self.request.entity,
                year=data["year"],
                participation_index=data["participation_index"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Resultado FURAG registrado."))
        return redirect("assessment:comparison")


# --- Improvement plan ------------------------------------------------------------------------


class PlanGenerateView(ObjectFormView):
    model = SelfAssessment
    permission_required = "assessment.add_improvementplan"
    template_name = "assessment/plan_generate.html"
    form_class = PlanGenerateForm

    def form_valid(self, form: PlanGenerateForm) -> HttpResponse:
        try:
            plan = services.plan_generate(
                assessment=self.object,
                user=self.request.user,
                threshold_level=form.cleaned_data["threshold_level"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        proposed = plan.actions.count()
        messages.success(
            self.request,
            ngettext(
                "Plan de mejoramiento generado con %(n)s acción propuesta.",
                "Plan de mejoramiento generado con %(n)s acciones propuestas.",
                proposed,
            )
            % {"n": proposed},
        )
        return redirect("assessment:plan_detail", pk=plan.pk)


class PlanListView(StaffPermissionMixin, TemplateView):
    permission_required = "assessment.view_improvementplan"
    template_name = "assessment/plan_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plans"] = selectors.plan_list(entity=self.request.entity)
        return context


class PlanDetailView(StaffPermissionMixin, EntityScopedMixin, DetailView):
    model = ImprovementPlan
    permission_required = "assessment.view_improvementplan"
    template_name = "assessment/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("assessment", "entity")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        actions = selectors.plan_actions(plan=self.object)
        context["actions"] = [
            {
                "action": a,
                "status": a.status_label(today),
                "status_key": a.status_key(today),
                "level": scoring.level_for(a.score_at_generation),
                "can_track": user.has_perm("assessment.track_improvementaction", a),
            }
            for a in actions
        ]
        context["can_change"] = user.has_perm("assessment.change_improvementplan", self.object)
        context["can_review"] = user.has_perm("assessment.review_improvementaction", self.object)
        return context


def _to_action(action: ImprovementAction) -> HttpResponse:
    """Back to the plan, on the action just changed (its category opens: core/js/cabildo.js)."""
    from django.urls import reverse

    url = reverse("assessment:plan_detail", args=[action.plan_id])
    return redirect(f"{url}#accion-{action.pk}")


class PlanUpdateView(ObjectFormView):
    model = ImprovementPlan
    permission_required = "assessment.change_improvementplan"
    template_name = "assessment/plan_form.html"
    form_class = PlanForm

    def get_initial(self) -> dict[str, Any]:
        plan = self.get_permission_object()
        return {f: getattr(plan, f) for f in PlanForm.base_fields}

    def form_valid(self, form: PlanForm) -> HttpResponse:
        try:
            services.plan_update(plan=self.object, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Datos del plan guardados."))
        return redirect("assessment:plan_detail", pk=self.object.pk)


class PlanMatrixImportView(MatrixUploadView):
    """Load the approved plan de mejoramiento workbook (seed 003's format) or the matrix
    exported from Cabildo; the preview (cabildo.matrices) shows what changes before saving."""

    model = ImprovementPlan  # the plan the URL's pk names (read by the URL crawl)
    kind = "plan-de-mejoramiento"
    template_name = "assessment/plan_import.html"
    form_class = PlanMatrixImportForm

    def get_target(self, form: Any = None) -> int | None:
        return self.kwargs["pk"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plan"] = context["adapter"].plan
        context["headers"] = plan_matrix.SEED_HEADERS
        context["pending"] = context["pending"].filter(target=self.kwargs["pk"])
        return context


class PlanFromPreviousView(ObjectFormView):
    """Carry last year's actions into this plan (POST only)."""

    model = ImprovementPlan
    permission_required = "assessment.change_improvementplan"
    http_method_names = ["post"]
    form_class = PlanFromPreviousForm

    def form_valid(self, form: PlanFromPreviousForm) -> HttpResponse:
        try:
            carried = plan_matrix.plan_start_from_previous(plan=self.object)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
        else:
            messages.success(
                self.request,
                ngettext(
                    "Se trajo %(n)s acción del plan de la vigencia anterior.",
                    "Se trajeron %(n)s acciones del plan de la vigencia anterior.",
                    carried,
                )
                % {"n": carried},
            )
        return redirect("assessment:plan_detail", pk=self.object.pk)


class ActionUpdateView(ObjectFormView):
    model = ImprovementAction
    permission_required = "assessment.change_improvementaction"
    template_name = "assessment/action_form.html"
    form_class = ActionForm

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("plan", "activity__category")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = self.request.entity
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return ActionForm.initial_for(self.get_permission_object())

    def form_valid(self, form: ActionForm) -> HttpResponse:
        try:
            services.action_update(action=self.object, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Acción de mejora guardada."))
        return _to_action(self.object)


class ActionTrackView(ObjectFormView):
    model = ImprovementAction
    permission_required = "assessment.track_improvementaction"
    template_name = "assessment/action_track.html"
    form_class = TrackForm

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("plan", "activity__category")

    def get_initial(self) -> dict[str, Any]:
        action = self.get_permission_object()
        return {"status": action.status, "progress": action.progress}

    def form_valid(self, form: TrackForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.action_track(
                action=self.object,
                user=self.request.user,
                status=data["status"],
                progress=data["progress"],
                comment=data["comment"],
                upload=data.get("file"),
            )
        except ValidationError as exc:
            self.object.refresh_from_db()
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Seguimiento registrado."))
        return _to_action(self.object)


class ActionReviewView(ObjectFormView):
    model = ImprovementAction
    permission_required = "assessment.review_improvementaction"
    template_name = "assessment/action_review.html"
    form_class = ReviewForm

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("plan", "activity__category")

    def form_valid(self, form: ReviewForm) -> HttpResponse:
        try:
            services.effectiveness_review_record(
                action=self.object, reviewer=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Evaluación de la eficacia registrada."))
        return _to_action(self.object)


class PlanExportView(StaffPermissionMixin, EntityScopedMixin, DetailView):
    model = ImprovementPlan
    permission_required = "assessment.view_improvementplan"
    export_format = "xlsx"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("assessment", "entity")

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        plan = self.object
        name = f"plan-mejoramiento-{plan.assessment.year}"
        if self.export_format == "pdf":
            response = HttpResponse(pdf.plan_pdf(plan=plan), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        elif self.export_format == "xlsx":
            response = HttpResponse(
                plan_matrix.export_xlsx(plan=plan), content_type=XLSX_CONTENT_TYPE
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        else:  # pragma: no cover - configured in urls only
            raise Http404
        return response


class _FileDownloadView(StaffPermissionMixin, EntityScopedMixin, DetailView):
    """Evidence files are served only through a permission check, never from a public URL."""

    # A download answers a FileResponse (streamed), not the HttpResponse of a template.
    def render_to_response(  # type: ignore[override]
        self, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponseBase:
        item = self.object
        response = uploads.file_response(
            item.file, filename=item.original_name, content_type=item.content_type
        )
        access_record(
            request=self.request,
            action=AccessAction.ATTACHMENT_DOWNLOAD,
            target=item,
            detail=item.original_name,
        )
        return response


class EvidenceFileDownloadView(_FileDownloadView):
    model = EvidenceFile
    permission_required = "assessment.view_selfassessment"


class ActionEvidenceDownloadView(_FileDownloadView):
    model = ActionEvidence
    permission_required = "assessment.view_improvementplan"
