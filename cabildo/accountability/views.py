"""Views of rendición de cuentas (staff and public). Thin: forms in, services, selectors out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.accountability import forms, selectors, services
from cabildo.accountability.filters import StaffQuestionFilterSet
from cabildo.accountability.models import (
    DialogueSpace,
    ImprovementAction,
    Question,
    QuestionChannel,
    QuestionStatus,
    Strategy,
    StrategyTask,
)
from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core import uploads
from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import (
    EntityFormView,
    EntityObjectMixin,
    ObjectFormView,
    PublicPageCacheMixin,
    ServiceFormMixin,
    StaffPermissionMixin,
)
from cabildo.core.throttle import ThrottledFormViewMixin
from cabildo.plans import selectors as plan_selectors


def _strategy_url(pk: int, anchor: str = "") -> str:
    return reverse("accountability:strategy_detail", args=[pk]) + anchor


def _space_url(pk: int, anchor: str = "") -> str:
    return reverse("accountability:space_detail", args=[pk]) + anchor


# Strategy -----------------------------------------------------------------------------------


class StrategyListView(StaffPermissionMixin, ListView):
    permission_required = "accountability.view_strategy"
    template_name = "accountability/strategy_list.html"
    context_object_name = "strategies"

    def get_queryset(self) -> Any:
        return selectors.strategies(entity=_entity(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_add=self.request.user.has_perm(
                "accountability.add_strategy", _entity(self.request)
            ),
            **kwargs,
        )


class StrategyCreateView(EntityFormView):
    permission_required = "accountability.add_strategy"
    form_class = forms.StrategyForm
    success_message = _lazy("Estrategia creada. Agregue sus tareas y espacios.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        if "data" not in kwargs:
            kwargs["initial"] = {"year": timezone.localdate().year}
        return kwargs

    def get_title(self) -> str:
        return _("Nueva estrategia de rendición de cuentas")

    def get_back(self) -> str:
        return reverse("accountability:strategy_list")

    def save(self, form: forms.StrategyForm) -> Any:
        return services.strategy_save(strategy=form.instance)

    def get_success_url(self) -> str:
        return _strategy_url(self.saved.pk)


class StrategyObjectMixin(EntityObjectMixin):
    model = Strategy
    object_model = Strategy


class StrategyDetailView(StaffPermissionMixin, StrategyObjectMixin, TemplateView):
    permission_required = "accountability.view_strategy"
    template_name = "accountability/strategy_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        strategy = self.get_object()
        user = self.request.user
        return super().get_context_data(
            overview=selectors.strategy_overview(strategy=strategy),
            strategy=strategy,
            can_manage=user.has_perm("accountability.change_strategy", strategy),
            figures=selectors.year_figures(entity=strategy.entity, year=strategy.year),
            **kwargs,
        )


class YearView(StaffPermissionMixin, TemplateView):
    """A vigencia's rendición de cuentas: its balance, the dialogues held by modality (FURAG)
    and the plan's accountability activities by MURC stage, all from ``year_figures`` (the old
    MURC page of the evaluation redirects here)."""

    permission_required = "accountability.view_year"
    template_name = "accountability/year.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        year = plan_selectors.year_from_query(self.request.GET.get("anio"))
        if year is None:
            year = plan_selectors.default_year(entity=entity)
        years = sorted(
            {*plan_selectors.year_choices(entity=entity, including=year)}
            | {s.year for s in Strategy.objects.for_entity(entity).only("year")},
            reverse=True,
        )
        user = self.request.user
        return super().get_context_data(
            year=year,
            years=years,
            figures=selectors.year_figures(entity=entity, year=year),
            strategy=Strategy.objects.for_entity(entity).filter(year=year).first(),
            can_manage=user.has_perm("evaluation.change_accountabilitystage", entity),
            **kwargs,
        )


class StrategyUpdateView(StrategyObjectMixin, ObjectFormView):
    permission_required = "accountability.change_strategy"
    form_class = forms.StrategyForm
    success_message = _lazy("Estrategia actualizada.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": self.obj}

    def get_title(self) -> str:
        return str(self.obj)

    def get_back(self) -> str:
        return _strategy_url(self.obj.pk)

    def save(self, form: forms.StrategyForm) -> Any:
        return services.strategy_save(strategy=form.instance)


class StrategyPublishView(StaffPermissionMixin, StrategyObjectMixin, View):
    permission_required = "accountability.change_strategy"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        strategy = self.get_object()
        publish = request.POST.get("publish") == "1"
        try:
            services.strategy_publish(strategy=strategy, publish=publish)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Estrategia publicada en Participa.")
                if publish
                else _("La estrategia dejó de estar publicada."),
            )
        return redirect("accountability:strategy_detail", pk=strategy.pk)


class TaskFormMixin(ServiceFormMixin):
    form_class = forms.TaskForm
    success_message = _lazy("Tarea guardada.")

    def save(self, form: forms.TaskForm) -> Any:
        return services.task_save(task=form.instance)


class TaskCreateView(TaskFormMixin, StrategyObjectMixin, ObjectFormView):
    permission_required = "accountability.change_strategy"

    def get_form_kwargs(self) -> dict[str, Any]:
        task = StrategyTask(strategy=self.obj)
        return {**super().get_form_kwargs(), "strategy": self.obj, "instance": task}

    def get_title(self) -> str:
        return _("Nueva tarea de la estrategia %(year)s") % {"year": self.obj.year}

    def get_back(self) -> str:
        return _strategy_url(self.obj.pk, "#tareas")


class TaskUpdateView(TaskFormMixin, ObjectFormView):
    permission_required = "accountability.change_strategytask"
    model = StrategyTask
    object_model = StrategyTask
    object_select_related = ("strategy",)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "strategy": self.obj.strategy, "instance": self.obj}

    def get_title(self) -> str:
        return _("Tarea: %(task)s") % {"task": self.obj.description}

    def get_back(self) -> str:
        return _strategy_url(self.obj.strategy_id, "#tareas")


class SpaceFormMixin(ServiceFormMixin):
    form_class = forms.SpaceForm
    success_message = _lazy("Espacio de diálogo guardado.")

    def save(self, form: forms.SpaceForm) -> Any:
        return services.space_save(space=form.instance)

    def get_success_url(self) -> str:
        return _space_url(self.saved.pk)


class SpaceCreateView(SpaceFormMixin, StrategyObjectMixin, ObjectFormView):
    permission_required = "accountability.change_strategy"

    def get_form_kwargs(self) -> dict[str, Any]:
        space = DialogueSpace(strategy=self.obj)
        return {**super().get_form_kwargs(), "strategy": self.obj, "instance": space}

    def get_title(self) -> str:
        return _("Nuevo espacio de diálogo de la estrategia %(year)s") % {"year": self.obj.year}

    def get_back(self) -> str:
        return _strategy_url(self.obj.pk, "#espacios")


class SpaceObjectMixin(EntityObjectMixin):
    model = DialogueSpace
    object_model = DialogueSpace
    object_select_related = ("strategy", "event", "area", "activity", "body", "survey")


class SpaceFormView(SpaceObjectMixin, ObjectFormView):
    """A form about one dialogue space, back to its page."""

    permission_required = "accountability.change_dialoguespace"

    def get_back(self) -> str:
        return _space_url(self.obj.pk)


class SpaceUpdateView(SpaceFormMixin, SpaceFormView):
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "strategy": self.obj.strategy, "instance": self.obj}

    def get_title(self) -> str:
        return self.obj.name


class SpaceDetailView(StaffPermissionMixin, SpaceObjectMixin, TemplateView):
    permission_required = "accountability.view_dialoguespace"
    template_name = "accountability/space_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        space = self.get_object()
        entity = space.entity
        rows = selectors.with_semaphore(
            list(selectors.questions(entity=entity, space=space)), selectors.clock_for(entity)
        )
        return super().get_context_data(
            space=space,
            questions=rows,
            actions=list(space.actions.select_related("owner_area")),
            questions_open=services.questions_open(space),
            evaluation=selectors.space_evaluation(space=space),
            can_manage=self.request.user.has_perm("accountability.change_dialoguespace", space),
            **kwargs,
        )


class SpaceEvaluationCreateView(StaffPermissionMixin, SpaceObjectMixin, View):
    """Creates the participants' evaluation survey of the space (exercises module)."""

    permission_required = "accountability.change_dialoguespace"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        space = self.get_object()
        try:
            services.evaluation_survey_create(space=space)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Encuesta de evaluación creada y publicada."))
        return redirect(reverse("accountability:space_detail", args=[space.pk]) + "#evaluacion")


class SpaceReportView(SpaceFormView):
    form_class = forms.ReportForm
    multipart = True
    success_message = _lazy("Informe guardado.")

    def get_initial(self) -> dict[str, Any]:
        space = self.obj
        return {
            "title": space.report_title,
            "body": space.report_body,
            "publish": space.report_is_published,
        }

    def get_title(self) -> str:
        return _("Informe de rendición de cuentas: %(space)s") % {"space": self.obj.name}

    def save(self, form: forms.ReportForm) -> Any:
        data = form.cleaned_data
        return services.space_report_save(
            space=self.obj,
            title=data["title"],
            body=data["body"],
            pdf=data["pdf"] or None,
            publish=data["publish"],
        )


class SpaceMemoriaView(SpaceFormView):
    form_class = forms.MemoriaForm
    success_message = _lazy("Memoria guardada.")

    def get_initial(self) -> dict[str, Any]:
        return {"memoria": self.obj.memoria, "publish": bool(self.obj.memoria_published_at)}

    def get_title(self) -> str:
        return _("Memoria: %(space)s") % {"space": self.obj.name}

    def save(self, form: forms.MemoriaForm) -> Any:
        return services.space_memoria_save(space=self.obj, **form.cleaned_data)


class PaperQuestionView(SpaceFormView):
    permission_required = "accountability.add_question"
    form_class = forms.PaperQuestionForm

    def get_initial(self) -> dict[str, Any]:
        return {"received_on": timezone.localdate(), "channel": QuestionChannel.PAPER}

    def get_title(self) -> str:
        return _("Registrar una pregunta recibida en papel o en el evento")

    def save(self, form: forms.PaperQuestionForm) -> Any:
        data = form.cleaned_data
        return services.question_submit(
            space=self.obj,
            kind=data["kind"],
            text=data["text"],
            channel=data["channel"],
            consent_given=data["consent"],
            author_name=data["author_name"],
            email=data["email"],
            received_on=data["received_on"],
            request=self.request,
        )

    def get_success_message(self) -> str:
        return _("Pregunta registrada: se responde a más tardar el %(date)s.") % {
            "date": self.saved.due_date.strftime("%d/%m/%Y")
        }


class ActionFormMixin(ServiceFormMixin):
    form_class = forms.ActionForm
    success_message = _lazy("Acción guardada.")

    def save(self, form: forms.ActionForm) -> Any:
        return services.action_save(action=form.instance)


class ActionCreateView(ActionFormMixin, SpaceFormView):
    def get_form_kwargs(self) -> dict[str, Any]:
        action = ImprovementAction(space=self.obj)
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": action}

    def get_title(self) -> str:
        return _("Nueva acción correctiva: %(space)s") % {"space": self.obj.name}

    def get_back(self) -> str:
        return _space_url(self.obj.pk, "#acciones")


class ActionUpdateView(ActionFormMixin, ObjectFormView):
    permission_required = "accountability.change_improvementaction"
    model = ImprovementAction
    object_model = ImprovementAction
    object_select_related = ("space", "observation")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": self.obj}

    def get_title(self) -> str:
        return _("Seguimiento de la acción")

    def get_back(self) -> str:
        if self.obj.space_id:
            return _space_url(self.obj.space_id, "#acciones")
        return reverse("oversight:observation_detail", args=[self.obj.observation_id])


# Questions ---------------------------------------------------------------------------------


class QuestionListView(StaffPermissionMixin, ListView):
    permission_required = "accountability.view_question"
    template_name = "accountability/question_list.html"
    context_object_name = "questions"
    paginate_by = 50

    def get_queryset(self) -> Any:
        # The API's FilterSet; the page keeps its Spanish parameter (?estado= is the API's
        # ?status=). An unknown state filters nothing and is named above the table.
        self.filterset = StaffQuestionFilterSet(
            {"status": self.request.GET.get("estado", "")},
            queryset=selectors.questions(entity=_entity(self.request)),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        selectors.with_semaphore(
            list(context["object_list"]), selectors.clock_for(_entity(self.request))
        )
        form = self.filterset.form
        context["statuses"] = QuestionStatus.choices
        context["status"] = form.cleaned_data.get("status") or ""
        context["filter_errors"] = [e for errors in form.errors.values() for e in errors]
        return context


class QuestionDetailView(StaffPermissionMixin, EntityObjectMixin, TemplateView):
    permission_required = "accountability.view_question"
    template_name = "accountability/question_detail.html"
    model = Question
    object_model = Question
    object_select_related = ("space__strategy", "area", "answered_by")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        question = self.get_object()
        if question.author_name or question.email:
            # The page shows who asked and their email: every read is in the access log (as
            # the PQRSD staff page does).
            access_record(
                request=request,
                action=AccessAction.PERSONAL_DATA_VIEW,
                target=question,
                detail=_("Pregunta de rendición de cuentas %(pk)s") % {"pk": question.pk},
            )
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        question = self.get_object()
        user = self.request.user
        selectors.with_semaphore([question], selectors.clock_for(question.entity))
        return super().get_context_data(
            question=question,
            route_form=kwargs.pop("route_form", None)
            or forms.RouteForm(entity=question.entity, initial={"area": question.area_id}),
            answer_form=kwargs.pop("answer_form", None) or forms.AnswerForm(),
            can_route=user.has_perm("accountability.route_question", question),
            can_answer=user.has_perm("accountability.answer_question", question),
            **kwargs,
        )


class QuestionRouteView(QuestionDetailView):
    permission_required = "accountability.route_question"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self.get_object()
        form = forms.RouteForm(request.POST, entity=question.entity)
        if form.is_valid():
            try:
                services.question_route(question=question, area=form.cleaned_data["area"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Pregunta asignada a la dependencia."))
                return redirect("accountability:question_detail", pk=question.pk)
        return self.render_to_response(self.get_context_data(route_form=form), status=400)


class QuestionAnswerView(QuestionDetailView):
    permission_required = "accountability.answer_question"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self.get_object()
        form = forms.AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.question_answer(
                    question=question,
                    answer=form.cleaned_data["answer"],
                    answered_on=form.cleaned_data["answered_on"],
                    user=self.request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Respuesta publicada."))
                return redirect("accountability:question_detail", pk=question.pk)
        question.refresh_from_db()
        return self.render_to_response(self.get_context_data(answer_form=form), status=400)


# Public -------------------------------------------------------------------------------------


class PublicIndexView(PublicPageCacheMixin, TemplateView):
    template_name = "accountability/public_index.html"
    public_cache_params = ("vigencia",)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        year = self.request.GET.get("vigencia", "")
        strategy = selectors.published_strategy(
            entity=entity, year=int(year) if year.isdigit() and len(year) == 4 else None
        )
        context = super().get_context_data(
            strategy=strategy,
            years=selectors.published_years(entity=entity),
            council_reports=list(selectors.council_reports(entity=entity, published_only=True)),
            **kwargs,
        )
        if strategy is not None:
            context.update(
                overview=selectors.strategy_overview(strategy=strategy),
                spaces=list(selectors.public_spaces(strategy=strategy)),
                figures=selectors.year_figures(entity=entity, year=strategy.year),
            )
        return context


def _public_space(request: HttpRequest, pk: int) -> DialogueSpace:
    return get_object_or_404(
        DialogueSpace.objects.for_entity(_entity(request))
        .filter(strategy__is_published=True)
        .select_related("strategy", "event", "area", "survey"),
        pk=pk,
    )


class PublicSpaceView(ThrottledFormViewMixin, FormView):
    """A dialogue space for citizens: the report, the question form while it is open, the
    answered questions, the memoria and the actions (not cached: the form keeps what was
    typed)."""

    template_name = "accountability/public_space.html"
    form_class = forms.PublicQuestionForm
    throttle_scope = "accountability_question"
    model = DialogueSpace

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.space = _public_space(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            space=self.space,
            data=selectors.public_space(space=self.space),
            questions_open=services.questions_open(self.space),
            evaluation=selectors.space_evaluation(space=self.space, public=True),
            **kwargs,
        )

    def form_valid(self, form: forms.PublicQuestionForm) -> HttpResponse:
        if form.is_spam:
            messages.success(self.request, _("Gracias. Recibimos su pregunta."))
            return redirect("accountability:public_space", pk=self.space.pk)
        data = form.cleaned_data
        try:
            question = services.question_submit(
                space=self.space,
                kind=data["kind"],
                text=data["text"],
                channel=QuestionChannel.WEB,
                consent_given=data["consent"],
                author_name=data["author_name"],
                email=data["email"],
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Recibimos su %(kind)s (número %(pk)s). La entidad la responde por escrito a más "
                "tardar el %(date)s y publica la respuesta en esta página."
            )
            % {
                "kind": question.get_kind_display().lower(),
                "pk": question.pk,
                "date": question.due_date.strftime("%d/%m/%Y"),
            },
        )
        return redirect("accountability:public_space", pk=self.space.pk)


class PublicReportPdfView(View):
    model = DialogueSpace

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        space = _public_space(request, pk)
        if not space.report_published_at or not space.report_pdf:
            raise Http404
        return uploads.file_response(
            space.report_pdf,
            filename=f"informe-rendicion-de-cuentas-{space.pk}.pdf",
            content_type="application/pdf",
        )
