from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, RedirectView, TemplateView

from cabildo.consultations.views import CommentFilingMixin
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import (
    EntityFormView,
    EntityObjectMixin,
    ObjectFormView,
    PublicPageCacheMixin,
    ServiceFormMixin,
    StaffPermissionMixin,
)
from cabildo.matrices.views import MatrixUploadView
from cabildo.plans import matrix, selectors, services
from cabildo.plans.filters import ActivityFilterSet
from cabildo.plans.forms import (
    ActivityForm,
    AdjustForm,
    AnalysisForm,
    ApproveForm,
    AssignForm,
    CloseForm,
    HideForm,
    ObservationForm,
    PlanForm,
    PublishForm,
)
from cabildo.plans.models import (
    CyclePhase,
    Observation,
    ParticipationPlan,
    PlannedActivity,
    PlanStatus,
    PlanVersion,
)


class VersionObjectMixin(EntityObjectMixin):
    """``pk`` is a :class:`PlanVersion` of the request's entity (404 otherwise)."""

    object_model = PlanVersion
    object_select_related = ("plan",)

    @property
    def version(self) -> PlanVersion:
        return self.get_object()


# Staff: plans and versions -----------------------------------------------------------------


class PlanListView(StaffPermissionMixin, ListView):
    permission_required = "plans.view_participationplan"
    template_name = "plans/plan_list.html"
    context_object_name = "plans"

    def get_queryset(self) -> Any:
        return selectors.plan_list(entity=_entity(self.request))


class PlanCreateView(EntityFormView):
    permission_required = "plans.add_participationplan"
    template_name = "plans/plan_form.html"
    form_class = PlanForm
    success_message = gettext_lazy("Plan creado con su versión 1 en borrador.")

    def get_title(self) -> str:
        return _("Nuevo plan de participación")

    def get_back(self) -> str:
        return reverse("plans:plan_list")

    def save(self, form: PlanForm) -> ParticipationPlan:
        data = form.cleaned_data
        return services.plan_create(
            entity=_entity(self.request),
            year=data["year"],
            title=data["title"],
            objective=data["objective"],
            user=self.request.user,
        )

    def get_success_url(self) -> str:
        return reverse("plans:version_detail", args=[self.saved.versions.get(number=1).pk])


class VersionDetailView(StaffPermissionMixin, VersionObjectMixin, TemplateView):
    permission_required = "plans.view_participationplan"
    template_name = "plans/version_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = self.version
        activities = selectors.version_activities(version=version)
        by = self.request.GET.get("agrupar", "fase")
        context.update(
            version=version,
            plan=version.plan,
            versions=list(version.plan.versions.order_by("number")),
            activities=activities,
            group_by=by,
            groups=(
                selectors.group_by_area(activities)
                if by == "area"
                else selectors.group_by_phase(activities)
            ),
            editable=services.is_editable(version),
            can_create_version=services.can_create_version(version),
            consultation=services.consultation_of(version),
            indicators=selectors.observation_indicators(
                entity=version.entity_id, plan=version.plan
            ),
            transitions=version.transitions.select_related("user"),
        )
        return context


class ChecksView(StaffPermissionMixin, VersionObjectMixin, TemplateView):
    permission_required = "plans.view_participationplan"
    template_name = "plans/checks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["version"] = self.version
        context["checks"] = selectors.plan_checks(version=self.version)
        return context


class CronogramaView(StaffPermissionMixin, VersionObjectMixin, TemplateView):
    permission_required = "plans.view_participationplan"
    template_name = "plans/cronograma.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["version"] = self.version
        context["months"] = selectors.MONTHS
        context.update(selectors.cronograma(version=self.version))
        return context


class TransitionView(VersionObjectMixin, ObjectFormView):
    """One view per transition (``action`` set in the URLconf)."""

    permission_required = "plans.transition_planversion"
    template_name = "plans/transition.html"
    success_message = gettext_lazy("Cambio registrado.")
    action = ""

    TITLES = {  # lazy: translated when a page shows them, in the reader's language
        "publish": gettext_lazy("Publicar para consulta ciudadana"),
        "adjust": gettext_lazy("Publicar la versión ajustada"),
        "approve": gettext_lazy("Aprobar el plan"),
        "execute": gettext_lazy("Iniciar la ejecución"),
        "close": gettext_lazy("Cerrar el plan"),
        "new_version": gettext_lazy("Crear una nueva versión"),
    }

    def get_form_class(self) -> Any:
        return {
            "publish": PublishForm,
            "adjust": AdjustForm,
            "approve": ApproveForm,
            "close": CloseForm,
        }.get(self.action, forms.Form)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.action == "publish":
            self.checks = selectors.plan_checks(version=self.version)
            kwargs["needs_confirmation"] = bool(self.checks.uncovered_groups)
        if self.action == "approve":
            kwargs["initial"] = {"approved_on": selectors.today()}
        return kwargs

    def get_title(self) -> str:
        return str(self.TITLES[self.action])

    def get_back(self) -> str:
        return reverse("plans:version_detail", args=[self.version.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["version"] = self.version
        context["action"] = self.action
        context["checks"] = getattr(self, "checks", None)
        if self.action == "close":
            context["closes_early"] = services.closes_early(self.version)
        return context

    def save(self, form: Any) -> PlanVersion:
        """The version the official goes back to (a new one for ``new_version``)."""
        user = self.request.user
        version = self.version
        data = form.cleaned_data
        if self.action == "publish":
            services.plan_publish_for_consultation(
                version=version,
                user=user,
                start_date=data["start_date"],
                days=data["days"],
                confirm_uncovered=data.get("confirm_uncovered", False),
            )
        elif self.action == "adjust":
            services.plan_adjust(version=version, changelog=data["changelog"], user=user)
        elif self.action == "approve":
            services.plan_approve(
                version=version,
                user=user,
                approved_on=data["approved_on"],
                approval_act=data["approval_act"],
            )
        elif self.action == "execute":
            services.plan_execution_start(version=version, user=user)
        elif self.action == "close":
            services.plan_close(version=version, user=user, reason=data["reason"])
        elif self.action == "new_version":
            return services.plan_version_create(plan=version.plan, user=user)
        return version

    def get_success_url(self) -> str:
        return reverse("plans:version_detail", args=[self.saved.pk])


# Staff: activities -------------------------------------------------------------------------


class ActivityFormMixin(ServiceFormMixin):
    """The activity form of a version (``plans/activity_form.html``); back to the version."""

    template_name = "plans/activity_form.html"
    form_class = ActivityForm
    success_message = gettext_lazy("Actividad guardada.")

    def get_version(self) -> PlanVersion:
        raise NotImplementedError

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            entity=_entity(self.request), user=self.request.user, version=self.get_version()
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(version=self.get_version(), **kwargs)

    def get_back(self) -> str:
        return reverse("plans:version_detail", args=[self.get_version().pk])


class ActivityCreateView(ActivityFormMixin, VersionObjectMixin, ObjectFormView):
    permission_required = "plans.add_plannedactivity"

    def get_permission_object(self) -> Any:
        return self.version.entity

    def get_version(self) -> PlanVersion:
        return self.version

    def get_title(self) -> str:
        return _("Nueva actividad")

    def save(self, form: ActivityForm) -> PlannedActivity:
        return services.activity_save(
            version=self.version, data=form.cleaned_data, user=self.request.user
        )


class ActivityObjectMixin(EntityObjectMixin):
    """``pk`` is a :class:`PlannedActivity` of the request's entity (404 otherwise)."""

    object_model = PlannedActivity

    def get_object_queryset(self) -> Any:
        return selectors.activity_queryset(entity=_entity(self.request))


class ObservationObjectMixin(EntityObjectMixin):
    """``pk`` is an :class:`Observation` of the request's entity (404 otherwise)."""

    object_model = Observation

    def get_object_queryset(self) -> Any:
        return selectors.observation_queryset(entity=_entity(self.request))


class ActivityUpdateView(ActivityFormMixin, ActivityObjectMixin, ObjectFormView):
    permission_required = "plans.change_plannedactivity"

    def get_version(self) -> PlanVersion:
        return self.obj.version

    def get_title(self) -> str:
        return _("Editar actividad")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.obj}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(activity=self.obj, **kwargs)

    def save(self, form: ActivityForm) -> PlannedActivity:
        return services.activity_save(
            version=self.obj.version,
            activity=self.obj,
            data=form.cleaned_data,
            user=self.request.user,
        )


class ActivityDeleteView(StaffPermissionMixin, ActivityObjectMixin, TemplateView):
    permission_required = "plans.change_plannedactivity"
    template_name = "plans/activity_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["activity"] = self.get_object()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        activity = self.get_object()
        version_id = activity.version_id
        try:
            services.activity_delete(activity=activity, user=self.request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("plans:activity_update", pk=activity.pk)
        messages.success(request, _("Actividad eliminada."))
        return redirect("plans:version_detail", pk=version_id)


# Staff: observations -----------------------------------------------------------------------


class ObservationListView(StaffPermissionMixin, ListView):
    permission_required = "plans.view_observation"
    template_name = "plans/observation_list.html"
    context_object_name = "observations"

    def get_queryset(self) -> Any:
        return selectors.observations_for_user(entity=_entity(self.request), user=self.request.user)


def _analysis_initial(observation: Observation) -> dict[str, Any]:
    return {
        "viability": observation.viability,
        "justification": observation.justification,
        "changed_activity": observation.changed_activity_id,
    }


class ObservationPageMixin(ServiceFormMixin):
    """The page of one observation (``plans/observation_analyse.html``): the analysis form
    and, for those who may assign it, the form that assigns it to an area."""

    template_name = "plans/observation_analyse.html"
    obj: Observation

    def get_title(self) -> str:
        return _("Analizar observación")

    def get_back(self) -> str:
        return reverse("plans:observation_list")

    def page_context(self, *, form: Any, assign_form: Any = None) -> dict[str, Any]:
        observation = self.obj
        context: dict[str, Any] = {"observation": observation, "form": form}
        if self.request.user.has_perm("plans.assign_observation", observation):
            context["assign_form"] = assign_form or AssignForm(
                entity=_entity(self.request), initial={"area": observation.area_id}
            )
            context["hide_form"] = HideForm()
        return context


class ObservationAnalyseView(ObservationPageMixin, ObservationObjectMixin, ObjectFormView):
    permission_required = "plans.analyse_observation"
    form_class = AnalysisForm
    success_message = gettext_lazy("Análisis guardado.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["version"] = self.obj.consultation.version
        kwargs["initial"] = _analysis_initial(self.obj)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.pop("form", None) or self.get_form()
        return super().get_context_data(**kwargs, **self.page_context(form=form))

    def save(self, form: AnalysisForm) -> Observation:
        data = form.cleaned_data
        return services.observation_analyse(
            observation=self.obj,
            viability=data["viability"],
            justification=data["justification"],
            changed_activity=data.get("changed_activity"),
            user=self.request.user,
        )


class ObservationAssignView(ObservationPageMixin, ObservationObjectMixin, ObjectFormView):
    """The assignment form of the observation's page (posted here; a GET shows the page)."""

    permission_required = "plans.assign_observation"
    form_class = AssignForm
    success_message = gettext_lazy("Observación asignada.")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect("plans:observation_analyse", pk=self.obj.pk)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": _entity(self.request)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        analysis = AnalysisForm(
            version=self.obj.consultation.version, initial=_analysis_initial(self.obj)
        )
        assign_form = kwargs.pop("form", None)
        return super().get_context_data(
            **kwargs, **self.page_context(form=analysis, assign_form=assign_form)
        )

    def save(self, form: AssignForm) -> Observation:
        return services.observation_assign(
            observation=self.obj, area=form.cleaned_data["area"], user=self.request.user
        )

    def get_success_url(self) -> str:
        return reverse("plans:observation_analyse", args=[self.obj.pk])


class ObservationHideView(ObservationObjectMixin, ObjectFormView):
    permission_required = "plans.moderate_observation"
    template_name = "plans/observation_hide.html"
    form_class = HideForm
    success_message = gettext_lazy("Observación ocultada por moderación.")

    def get_title(self) -> str:
        return _("Ocultar observación por moderación")

    def get_back(self) -> str:
        return reverse("plans:observation_analyse", args=[self.obj.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(observation=self.obj, **kwargs)

    def save(self, form: HideForm) -> Observation:
        return services.observation_hide(
            observation=self.obj, reason=form.cleaned_data["reason"], user=self.request.user
        )

    def get_success_url(self) -> str:
        return reverse("plans:observation_list")


# XLSX --------------------------------------------------------------------------------------


class VersionExportView(StaffPermissionMixin, VersionObjectMixin, TemplateView):
    permission_required = "plans.view_participationplan"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("formato") == "csv":
            delimiter = ";" if request.GET.get("separador") == "punto-y-coma" else ","
            return matrix.response(self.version, fmt="csv", delimiter=delimiter)
        return matrix.response(self.version)


class VersionImportView(MatrixUploadView):
    """Step 1: read the file (the shared engine, kind ``plan``); the preview
    (``matrices:preview``) shows what changes, field by field, before anything is saved."""

    model = PlanVersion  # the version the URL's pk names (read by the URL crawl)
    kind = "plan"
    template_name = "plans/import.html"

    def get_target(self, form: Any = None) -> int | None:
        return self.kwargs["pk"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["version"] = context["adapter"].version
        context["pending"] = context["pending"].filter(target=self.kwargs["pk"])
        return context


class ImportPreviewView(StaffPermissionMixin, EntityObjectMixin, RedirectView):
    """The old address of a plan import's preview (its own model, now the shared engine's):
    the version's import page, which lists the official's pending imports."""

    permission_required = "plans.import_participationplan"
    object_model = PlanVersion
    pk_url_kwarg = "version_pk"

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return reverse("plans:import", kwargs={"pk": self.get_object().pk})


# Public ------------------------------------------------------------------------------------


class PublicPlanListView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    template_name = "plans/public_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["versions"] = selectors.public_plans(entity=_entity(self.request))
        return context


class PublicPlanMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_version(self) -> PlanVersion:
        if not hasattr(self, "_public_version"):
            version = selectors.public_version(
                entity=_entity(self.request), year=self.kwargs["year"]
            )
            if version is None:
                raise Http404(_("No hay un plan publicado para esa vigencia."))
            self._public_version = version
        return self._public_version


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


class PublicPlanView(PublicPageCacheMixin, PublicPlanMixin, TemplateView):
    public_cache_params = ("fase", "dependencia", "grupo", "agrupar")
    template_name = "plans/public_plan.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = self.get_version()
        activities = selectors.version_activities(version=version)
        # The filters are validated by the FilterSet and applied to the activities already read
        # (the page also shows the totals and the choices of the whole plan).
        filterset = ActivityFilterSet(
            self.request.GET, queryset=PlannedActivity.objects.none(), request=self.request
        )
        form = filterset.form
        form.is_valid()
        phase = form.cleaned_data.get("fase") or ""
        area = form.cleaned_data.get("dependencia")
        group = form.cleaned_data.get("grupo")
        consultation = selectors.consultation_for_plan(plan=version.plan)
        group_by = "area" if self.request.GET.get("agrupar") == "area" else "fase"
        filtered = selectors.filter_activities(activities, phase=phase, area=area, group=group)
        areas = {a.area_id: a.area for a in activities}
        groups = {g.pk: g for a in activities for g in a.stakeholder_groups.all()}
        context.update(
            version=version,
            plan=version.plan,
            group_by=group_by,
            groups=(
                [(area.name, rows) for area, rows in selectors.group_by_area(filtered)]
                if group_by == "area"
                else selectors.group_by_phase(filtered)
            ),
            total=len(activities),
            shown=len(filtered),
            phases=CyclePhase.choices,
            areas=sorted(areas.values(), key=lambda a: a.name),
            stakeholder_groups=sorted(groups.values(), key=lambda g: str(g)),
            selected={"fase": phase, "dependencia": area, "grupo": group},
            filter_errors=[
                f"{form.fields[name].label}: {error}"
                for name, errors in form.errors.items()
                for error in errors
            ],
            consultation=consultation,
            can_comment=bool(consultation) and version.status == PlanStatus.IN_CONSULTATION,
            months=selectors.MONTHS,
            **{"crono": selectors.cronograma(version=version)},
        )
        return context


class PublicPlanXlsxView(PublicPlanMixin, TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return matrix.response(self.get_version(), with_key=False)


class PublicPlanPdfView(PublicPlanMixin, TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from cabildo.plans.pdf import version_pdf

        version = self.get_version()
        response = HttpResponse(version_pdf(version=version), content_type="application/pdf")
        name = f"plan-participacion-{version.plan.year}-v{version.number}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class ConsultationView(CommentFilingMixin, PublicPlanMixin, FormView):
    """The consultation page: the form (while open) and every observation with its answer.
    Filing is the general consultation's (``consultations.views.CommentFilingMixin``)."""

    template_name = "plans/consultation.html"
    form_class = ObservationForm
    throttle_scope = "plan_observation"
    spam_message = gettext_lazy("Gracias. Su observación fue recibida.")
    received_message = gettext_lazy(
        "Gracias. Su observación fue recibida y será analizada por la dependencia responsable."
    )
    comments_anchor = "#observaciones"

    def get_consultation(self) -> Any:
        consultation = selectors.consultation_for_plan(plan=self.get_version().plan)
        if consultation is None:
            raise Http404(_("Este plan no ha tenido consulta ciudadana."))
        return consultation

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["version"] = self.get_consultation().version
        initial = _int_or_none(self.request.GET.get("actividad"))
        if initial:
            kwargs["initial"] = {"activity": initial}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultation = self.get_consultation()
        context.update(
            consultation=consultation,
            consulted_version=consultation.version,
            version=self.get_version(),
            plan=consultation.version.plan,
            is_open=consultation.is_open(selectors.today())
            and consultation.version.status == PlanStatus.IN_CONSULTATION,
            not_started=selectors.today() < consultation.start_date,
            observations=selectors.public_observations(consultation=consultation),
        )
        return context

    def file_comment(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.observation_submit(
            consultation=self.get_consultation(),
            text=data["text"],
            consent_given=data["consent"],
            activity=data.get("activity"),
            email=data.get("email", ""),
            stakeholder_group=data.get("stakeholder_group"),
            user=self.request.user,
            request=self.request,
        )
