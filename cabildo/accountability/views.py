"""Views of rendición de cuentas (staff and public). Thin: forms in, services, selectors out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.accountability import forms, selectors, services
from cabildo.accountability.models import (
    DialogueSpace,
    ImprovementAction,
    Question,
    QuestionChannel,
    QuestionStatus,
    Strategy,
    StrategyTask,
)
from cabildo.core import uploads
from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import (
    EntityObjectMixin,
    PublicPageCacheMixin,
    StaffPermissionMixin,
)
from cabildo.core.throttle import ThrottledFormViewMixin


class ObjectFormView(StaffPermissionMixin, EntityObjectMixin, FormView):
    """A staff form about one row of the entity (the URL's ``pk``)."""

    @property
    def obj(self) -> Any:
        return self.get_object()


def _entity(request: HttpRequest) -> Any:
    entity = getattr(request, "entity", None)
    if entity is None:
        raise Http404
    return entity


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


class StrategyCreateView(StaffPermissionMixin, FormView):
    permission_required = "accountability.add_strategy"
    template_name = "accountability/form.html"
    form_class = forms.StrategyForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        if "data" not in kwargs:
            kwargs["initial"] = {"year": timezone.localdate().year}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Nueva estrategia de rendición de cuentas"),
            back=reverse("accountability:strategy_list"),
            **kwargs,
        )

    def form_valid(self, form: forms.StrategyForm) -> HttpResponse:
        try:
            strategy = services.strategy_save(strategy=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Estrategia creada. Agregue sus tareas y espacios."))
        return redirect("accountability:strategy_detail", pk=strategy.pk)


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


class StrategyUpdateView(StrategyObjectMixin, ObjectFormView):
    permission_required = "accountability.change_strategy"
    template_name = "accountability/form.html"
    form_class = forms.StrategyForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=_entity(self.request), instance=self.obj)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=str(self.obj),
            back=reverse("accountability:strategy_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.StrategyForm) -> HttpResponse:
        try:
            services.strategy_save(strategy=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Estrategia actualizada."))
        return redirect("accountability:strategy_detail", pk=self.obj.pk)


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


class TaskCreateView(StrategyObjectMixin, ObjectFormView):
    permission_required = "accountability.change_strategy"
    template_name = "accountability/form.html"
    form_class = forms.TaskForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(strategy=self.obj, instance=StrategyTask(strategy=self.obj))
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Nueva tarea de la estrategia %(year)s") % {"year": self.obj.year},
            back=reverse("accountability:strategy_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.TaskForm) -> HttpResponse:
        try:
            services.task_save(task=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Tarea agregada."))
        return redirect(reverse("accountability:strategy_detail", args=[self.obj.pk]) + "#tareas")


class TaskUpdateView(ObjectFormView):
    permission_required = "accountability.change_strategytask"
    template_name = "accountability/form.html"
    form_class = forms.TaskForm
    model = StrategyTask
    object_model = StrategyTask
    object_select_related = ("strategy",)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(strategy=self.obj.strategy, instance=self.obj)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Tarea: %(task)s") % {"task": self.obj.description},
            back=reverse("accountability:strategy_detail", args=[self.obj.strategy_id]),
            **kwargs,
        )

    def form_valid(self, form: forms.TaskForm) -> HttpResponse:
        try:
            services.task_save(task=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Tarea actualizada."))
        return redirect(
            reverse("accountability:strategy_detail", args=[self.obj.strategy_id]) + "#tareas"
        )


class SpaceCreateView(StrategyObjectMixin, ObjectFormView):
    permission_required = "accountability.change_strategy"
    template_name = "accountability/form.html"
    form_class = forms.SpaceForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(strategy=self.obj, instance=DialogueSpace(strategy=self.obj))
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Nuevo espacio de diálogo de la estrategia %(year)s") % {"year": self.obj.year},
            back=reverse("accountability:strategy_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.SpaceForm) -> HttpResponse:
        try:
            space = services.space_save(space=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Espacio de diálogo agregado."))
        return redirect("accountability:space_detail", pk=space.pk)


class SpaceObjectMixin(EntityObjectMixin):
    model = DialogueSpace
    object_model = DialogueSpace
    object_select_related = ("strategy", "event", "area", "activity", "body", "survey")


class SpaceUpdateView(SpaceObjectMixin, ObjectFormView):
    permission_required = "accountability.change_dialoguespace"
    template_name = "accountability/form.html"
    form_class = forms.SpaceForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(strategy=self.obj.strategy, instance=self.obj)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=self.obj.name,
            back=reverse("accountability:space_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.SpaceForm) -> HttpResponse:
        try:
            services.space_save(space=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Espacio de diálogo actualizado."))
        return redirect("accountability:space_detail", pk=self.obj.pk)


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
            can_manage=self.request.user.has_perm("accountability.change_dialoguespace", space),
            **kwargs,
        )


class SpaceReportView(SpaceObjectMixin, ObjectFormView):
    permission_required = "accountability.change_dialoguespace"
    template_name = "accountability/form.html"
    form_class = forms.ReportForm
    multipart = True

    def get_initial(self) -> dict[str, Any]:
        space = self.obj
        return {
            "title": space.report_title,
            "body": space.report_body,
            "publish": space.report_is_published,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Informe de rendición de cuentas: %(space)s") % {"space": self.obj.name},
            back=reverse("accountability:space_detail", args=[self.obj.pk]),
            multipart=True,
            **kwargs,
        )

    def form_valid(self, form: forms.ReportForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.space_report_save(
                space=self.obj,
                title=data["title"],
                body=data["body"],
                pdf=data["pdf"] or None,
                publish=data["publish"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Informe guardado."))
        return redirect("accountability:space_detail", pk=self.obj.pk)


class SpaceMemoriaView(SpaceObjectMixin, ObjectFormView):
    permission_required = "accountability.change_dialoguespace"
    template_name = "accountability/form.html"
    form_class = forms.MemoriaForm

    def get_initial(self) -> dict[str, Any]:
        return {"memoria": self.obj.memoria, "publish": bool(self.obj.memoria_published_at)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Memoria: %(space)s") % {"space": self.obj.name},
            back=reverse("accountability:space_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.MemoriaForm) -> HttpResponse:
        try:
            services.space_memoria_save(
                space=self.obj,
                memoria=form.cleaned_data["memoria"],
                publish=form.cleaned_data["publish"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Memoria guardada."))
        return redirect("accountability:space_detail", pk=self.obj.pk)


class PaperQuestionView(SpaceObjectMixin, ObjectFormView):
    permission_required = "accountability.add_question"
    template_name = "accountability/form.html"
    form_class = forms.PaperQuestionForm

    def get_initial(self) -> dict[str, Any]:
        return {"received_on": timezone.localdate(), "channel": QuestionChannel.PAPER}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Registrar una pregunta recibida en papel o en el evento"),
            back=reverse("accountability:space_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.PaperQuestionForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            question = services.question_submit(
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
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Pregunta registrada: se responde a más tardar el %(date)s.")
            % {"date": question.due_date.strftime("%d/%m/%Y")},
        )
        return redirect("accountability:space_detail", pk=self.obj.pk)


class ActionCreateView(SpaceObjectMixin, ObjectFormView):
    permission_required = "accountability.change_dialoguespace"
    template_name = "accountability/form.html"
    form_class = forms.ActionForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=self.obj.entity, instance=ImprovementAction(space=self.obj))
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Nueva acción correctiva: %(space)s") % {"space": self.obj.name},
            back=reverse("accountability:space_detail", args=[self.obj.pk]),
            **kwargs,
        )

    def form_valid(self, form: forms.ActionForm) -> HttpResponse:
        try:
            services.action_save(action=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Acción registrada."))
        return redirect(reverse("accountability:space_detail", args=[self.obj.pk]) + "#acciones")


class ActionUpdateView(ObjectFormView):
    permission_required = "accountability.change_improvementaction"
    template_name = "accountability/form.html"
    form_class = forms.ActionForm
    model = ImprovementAction
    object_model = ImprovementAction
    object_select_related = ("space", "observation")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=self.obj.entity, instance=self.obj)
        return kwargs

    def _back(self) -> str:
        if self.obj.space_id:
            return reverse("accountability:space_detail", args=[self.obj.space_id]) + "#acciones"
        return reverse("oversight:manage") + "#acciones"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Seguimiento de la acción"), back=self._back(), **kwargs
        )

    def form_valid(self, form: forms.ActionForm) -> HttpResponse:
        try:
            services.action_save(action=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Acción actualizada."))
        return redirect(self._back())


# Questions ---------------------------------------------------------------------------------


class QuestionListView(StaffPermissionMixin, ListView):
    permission_required = "accountability.view_question"
    template_name = "accountability/question_list.html"
    context_object_name = "questions"
    paginate_by = 50

    def get_queryset(self) -> Any:
        status = self.request.GET.get("estado", "")
        return selectors.questions(entity=_entity(self.request), status=status)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        selectors.with_semaphore(
            list(context["object_list"]), selectors.clock_for(_entity(self.request))
        )
        context["statuses"] = QuestionStatus.choices
        context["status"] = self.request.GET.get("estado", "")
        return context


class QuestionDetailView(StaffPermissionMixin, EntityObjectMixin, TemplateView):
    permission_required = "accountability.view_question"
    template_name = "accountability/question_detail.html"
    model = Question
    object_model = Question
    object_select_related = ("space__strategy", "area", "answered_by")

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


class QuestionRouteView(StaffPermissionMixin, EntityObjectMixin, View):
    permission_required = "accountability.route_question"
    model = Question
    object_model = Question

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
        view = QuestionDetailView.as_view()
        response = view(request, pk=pk, route_form=form)
        response.status_code = 400
        return response


class QuestionAnswerView(StaffPermissionMixin, EntityObjectMixin, View):
    permission_required = "accountability.answer_question"
    model = Question
    object_model = Question
    object_select_related = ("space", "entity")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self.get_object()
        form = forms.AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.question_answer(
                    question=question,
                    answer=form.cleaned_data["answer"],
                    answered_on=form.cleaned_data["answered_on"],
                    user=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Respuesta publicada."))
                return redirect("accountability:question_detail", pk=question.pk)
        response = QuestionDetailView.as_view()(request, pk=pk, answer_form=form)
        response.status_code = 400
        return response


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
            strategy=strategy, years=selectors.published_years(entity=entity), **kwargs
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

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.space = _public_space(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            space=self.space,
            data=selectors.public_space(space=self.space),
            questions_open=services.questions_open(self.space),
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

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        space = _public_space(request, pk)
        if not space.report_published_at or not space.report_pdf:
            raise Http404
        return uploads.file_response(
            space.report_pdf,
            filename=f"informe-rendicion-de-cuentas-{space.pk}.pdf",
            content_type="application/pdf",
        )
