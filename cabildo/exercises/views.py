from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.core import formulas
from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import EntityObjectMixin, PublicPageCacheMixin, StaffPermissionMixin
from cabildo.core.throttle import ThrottledFormViewMixin

from . import selectors, services
from .forms import (
    AnswerForm,
    CloseForumForm,
    CommentForm,
    ContributionFromCommentForm,
    DiagnosisForm,
    ForumForm,
    ModerationForm,
    ObstacleForm,
    QuestionForm,
    ScenarioForm,
    SectionForm,
    SurveyForm,
    obstacle_initial,
    question_initial,
    scenario_initial,
)
from .models import (
    AnswerChannel,
    DesiredScenario,
    Diagnosis,
    Forum,
    ForumComment,
    ModerationStatus,
    Obstacle,
    Question,
    Survey,
)

# Anonymous answers: one per browser (signed cookie); per address, the public-form limit of
# scope "survey_answer" (cabildo.core.throttle: accepted answers only, then the challenge).
COOKIE_SALT = "cabildo.exercises.answered"


def _dt_initial(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


class ServiceFormView(FormView):
    """A staff form page (``simple_form.html``) whose ``save(form)`` calls a service and
    returns where to go next; the service's ``ValidationError`` goes back onto the form."""

    template_name = "exercises/simple_form.html"
    heading: Any = ""
    success_message: Any = ""

    def get_back_url(self) -> str:
        raise NotImplementedError

    def save(self, form: Any) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading=self.heading, back_url=self.get_back_url(), **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            url = self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(url)


# Surveys: staff --------------------------------------------------------------------------------


class SurveyObjectMixin(EntityObjectMixin):
    object_model = Survey
    object_select_related = ("activity", "activity__area", "event")

    @property
    def survey(self) -> Survey:
        return self.get_object()


class SurveyListView(StaffPermissionMixin, ListView):
    permission_required = "exercises.view_survey"
    template_name = "exercises/survey_list.html"
    context_object_name = "surveys"

    def get_queryset(self) -> Any:
        return selectors.survey_list(entity=_entity(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_add=self.request.user.has_perm("exercises.add_survey", _entity(self.request)),
            **kwargs,
        )


def _survey_data(form: SurveyForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


class SurveyCreateView(StaffPermissionMixin, FormView):
    permission_required = "exercises.add_survey"
    template_name = "exercises/survey_form.html"
    form_class = SurveyForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=_entity(self.request), user=self.request.user)
        return kwargs

    def form_valid(self, form: SurveyForm) -> HttpResponse:
        try:
            survey = services.survey_save(entity=_entity(self.request), **_survey_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Encuesta creada. Agregue ahora sus preguntas."))
        return redirect("exercises:survey_detail", pk=survey.pk)


class SurveyUpdateView(StaffPermissionMixin, SurveyObjectMixin, FormView):
    permission_required = "exercises.change_survey"
    template_name = "exercises/survey_form.html"
    form_class = SurveyForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=_entity(self.request), user=self.request.user)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        s = self.survey
        return {
            "activity": s.activity_id,
            "event": s.event_id,
            "title": s.title,
            "description": s.description,
            "opens_at": _dt_initial(s.opens_at),
            "closes_at": _dt_initial(s.closes_at),
            "identification": s.identification,
            "is_published": s.is_published,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(survey=self.survey, **kwargs)

    def form_valid(self, form: SurveyForm) -> HttpResponse:
        survey = Survey.objects.get(pk=self.survey.pk)
        try:
            services.survey_save(entity=survey.entity, survey=survey, **_survey_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Encuesta actualizada."))
        return redirect("exercises:survey_detail", pk=survey.pk)


class SurveyDetailView(StaffPermissionMixin, SurveyObjectMixin, TemplateView):
    """The questionnaire builder: sections, questions (with their order) and the forms to add
    them."""

    permission_required = "exercises.view_survey"
    template_name = "exercises/survey_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        survey = self.survey
        return super().get_context_data(
            survey=survey,
            questions=selectors.survey_questions(survey=survey),
            sections=list(survey.sections.all()),
            response_count=survey.responses.count(),
            can_change=self.request.user.has_perm("exercises.change_survey", survey),
            question_form=QuestionForm(survey=survey, auto_id="id_question_%s"),
            section_form=SectionForm(auto_id="id_section_%s"),
            **kwargs,
        )


class SectionCreateView(StaffPermissionMixin, SurveyObjectMixin, FormView):
    permission_required = "exercises.change_survey"
    template_name = "exercises/simple_form.html"
    form_class = SectionForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading=_("Nueva sección"),
            back_url=reverse("exercises:survey_detail", args=[self.survey.pk]),
            **kwargs,
        )

    def form_valid(self, form: SectionForm) -> HttpResponse:
        try:
            services.section_add(survey=self.survey, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Sección agregada."))
        return redirect("exercises:survey_detail", pk=self.survey.pk)


class QuestionCreateView(StaffPermissionMixin, SurveyObjectMixin, FormView):
    permission_required = "exercises.change_survey"
    template_name = "exercises/simple_form.html"
    form_class = QuestionForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "survey": self.survey}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading=_("Nueva pregunta"),
            back_url=reverse("exercises:survey_detail", args=[self.survey.pk]),
            **kwargs,
        )

    def form_valid(self, form: QuestionForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.question_save(
                survey=self.survey,
                text=data["text"],
                kind=data["kind"],
                required=data["required"],
                help_text=data["help_text"],
                section=data["section"],
                options=form.option_list,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Pregunta agregada."))
        return redirect(reverse("exercises:survey_detail", args=[self.survey.pk]) + "#preguntas")


class QuestionObjectMixin(EntityObjectMixin):
    object_model = Question
    object_select_related = ("survey", "survey__activity")

    @property
    def question(self) -> Question:
        return self.get_object()


class QuestionUpdateView(StaffPermissionMixin, QuestionObjectMixin, FormView):
    permission_required = "exercises.change_question"
    template_name = "exercises/simple_form.html"
    form_class = QuestionForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "survey": self.question.survey}

    def get_initial(self) -> dict[str, Any]:
        return question_initial(self.question)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading=_("Editar pregunta"),
            back_url=reverse("exercises:survey_detail", args=[self.question.survey_id]),
            **kwargs,
        )

    def form_valid(self, form: QuestionForm) -> HttpResponse:
        question = self.question
        data = form.cleaned_data
        try:
            services.question_save(
                survey=question.survey,
                question=question,
                text=data["text"],
                kind=data["kind"],
                required=data["required"],
                help_text=data["help_text"],
                section=data["section"],
                options=form.option_list,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Pregunta actualizada."))
        return redirect(
            reverse("exercises:survey_detail", args=[question.survey_id]) + "#preguntas"
        )


class QuestionMoveView(StaffPermissionMixin, QuestionObjectMixin, View):
    permission_required = "exercises.change_question"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        direction = -1 if request.POST.get("direction") == "up" else 1
        services.question_move(question=self.question, direction=direction)
        return redirect(
            reverse("exercises:survey_detail", args=[self.question.survey_id]) + "#preguntas"
        )


class QuestionDeleteView(StaffPermissionMixin, QuestionObjectMixin, View):
    permission_required = "exercises.change_question"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey_id = self.question.survey_id
        try:
            services.question_delete(question=self.question)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Pregunta eliminada."))
        return redirect(reverse("exercises:survey_detail", args=[survey_id]) + "#preguntas")


class SurveyResultsView(StaffPermissionMixin, SurveyObjectMixin, TemplateView):
    permission_required = "exercises.view_survey"
    template_name = "exercises/survey_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        results = selectors.survey_results(survey=self.survey)
        return super().get_context_data(
            survey=self.survey,
            results=results,
            channel_labels=dict(AnswerChannel.choices),
            can_change=self.request.user.has_perm("exercises.change_survey", self.survey),
            **kwargs,
        )


EXPORT_HEADERS = (
    "pregunta",
    "tipo",
    "respuesta",
    "cantidad",
    "personas_que_respondieron",
    "porcentaje",
)


def _export_rows(survey: Survey) -> list[list[Any]]:
    """Aggregates and the text answers, never who answered (no email, no consent, no IP)."""
    results = selectors.survey_results(survey=survey)
    rows: list[list[Any]] = []
    for r in results.questions:
        kind = r.question.get_kind_display()
        for row in r.rows:
            rows.append([r.question.text, kind, row.label, row.count, r.respondents, row.percent])
        for text in r.texts:
            rows.append([r.question.text, kind, text, 1, r.respondents, ""])
    return rows


class SurveyCsvView(StaffPermissionMixin, SurveyObjectMixin, View):
    permission_required = "exercises.view_survey"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="encuesta-{pk}.csv"'
        response.write("\ufeff")
        writer = formulas.csv_writer(response)
        writer.writerow(EXPORT_HEADERS)
        writer.writerows(_export_rows(self.survey))
        return response


class SurveyXlsxView(StaffPermissionMixin, SurveyObjectMixin, View):
    permission_required = "exercises.view_survey"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Resultados")[:31]
        sheet.append(list(EXPORT_HEADERS))
        for row in _export_rows(self.survey):
            formulas.append_row(sheet, row)
        buffer = BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="encuesta-{pk}.xlsx"'
        return response


class SurveyPublishResultsView(StaffPermissionMixin, SurveyObjectMixin, View):
    permission_required = "exercises.change_survey"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        published = request.POST.get("published") == "1"
        services.survey_publish_results(survey=self.survey, published=published)
        messages.success(
            request,
            _("Resultados publicados en el portal.")
            if published
            else _("Resultados retirados del portal."),
        )
        return redirect("exercises:survey_results", pk=pk)


class PaperAnswerView(StaffPermissionMixin, SurveyObjectMixin, FormView):
    """Staff type in the answers of a paper form (channel recorded as paper)."""

    permission_required = "exercises.change_survey"
    template_name = "exercises/survey_answer.html"

    def get_form(self, form_class: Any = None) -> AnswerForm:
        return AnswerForm(
            **self.get_form_kwargs(),
            survey=self.survey,
            questions=selectors.survey_questions(survey=self.survey),
            identified=self.survey.is_identified,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(survey=self.survey, paper=True, **kwargs)

    def form_valid(self, form: AnswerForm) -> HttpResponse:
        try:
            services.survey_answer(
                survey=self.survey,
                values=form.values(),
                email=form.cleaned_data.get("email", ""),
                consent_given=form.cleaned_data.get("consent", False),
                channel=AnswerChannel.PAPER,
                entered_by=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Respuesta en papel registrada. Puede digitar la siguiente.")
        )
        return redirect("exercises:paper_answer", pk=self.survey.pk)


# Surveys: public -------------------------------------------------------------------------------


def _public_survey(request: HttpRequest, pk: int) -> Survey:
    return get_object_or_404(
        Survey.objects.for_entity(_entity(request))
        .filter(is_published=True)
        .select_related("activity", "entity"),
        pk=pk,
    )


class PublicSurveyListView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    template_name = "exercises/public_survey_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        return super().get_context_data(
            surveys=selectors.public_surveys(entity=entity),
            results=selectors.public_results_list(entity=entity),
            **kwargs,
        )


def _cookie_name(survey: Survey) -> str:
    return f"encuesta_{survey.pk}"


class PublicSurveyView(ThrottledFormViewMixin, FormView):
    """A citizen answers a survey. Anonymous surveys allow one answer per browser (signed
    cookie); identified ones one answer per email. Per client address, accepted answers count
    against the public-form limit (people share connections: a school, a library, a CAM), and
    past it the browser solves the proof-of-work challenge (``cabildo.core.throttle``)."""

    model = Survey
    template_name = "exercises/survey_answer.html"
    throttle_scope = "survey_answer"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.survey = _public_survey(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    form_class = AnswerForm

    def get_form_kwargs(self) -> dict[str, Any]:
        # Through FormView.get_form, so the throttle sees the form (accepted or not).
        return {
            **super().get_form_kwargs(),
            "survey": self.survey,
            "questions": selectors.survey_questions(survey=self.survey),
            "identified": self.survey.is_identified,
        }

    def _already_answered(self) -> bool:
        if self.survey.is_identified:
            return False
        value = self.request.get_signed_cookie(
            _cookie_name(self.survey), default=None, salt=COOKIE_SALT
        )
        return value == "1"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            survey=self.survey,
            is_open=self.survey.is_open,
            is_closed=timezone.now() >= self.survey.closes_at,
            already_answered=self._already_answered(),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self._already_answered():
            messages.info(
                request, _("Ya se registró una respuesta a esta encuesta desde este dispositivo.")
            )
            return redirect("exercises:public_survey", pk=self.survey.pk)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AnswerForm) -> HttpResponse:
        if form.is_spam:
            messages.success(self.request, _("Gracias. Su respuesta fue recibida."))
            return redirect("exercises:public_survey", pk=self.survey.pk)
        try:
            services.survey_answer(
                survey=self.survey,
                values=form.values(),
                email=form.cleaned_data.get("email", ""),
                consent_given=form.cleaned_data.get("consent", False),
                channel=AnswerChannel.WEB,
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Gracias. Su respuesta fue recibida."))
        response = redirect("exercises:public_survey", pk=self.survey.pk)
        if not self.survey.is_identified:
            response.set_signed_cookie(
                _cookie_name(self.survey),
                "1",
                salt=COOKIE_SALT,
                max_age=int((self.survey.closes_at - timezone.now()).total_seconds()) + 86400,
                httponly=True,
                samesite="Lax",
                secure=self.request.is_secure(),
            )
        return response


class PublicSurveyResultsView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    model = Survey
    template_name = "exercises/public_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        survey = get_object_or_404(
            Survey.objects.for_entity(_entity(self.request)).with_public_results(),
            pk=self.kwargs["pk"],
        )
        results = selectors.survey_results(survey=survey, with_texts=False)
        return super().get_context_data(
            survey=survey,
            results=results,
            **kwargs,
        )


# Forums ---------------------------------------------------------------------------------------


class ForumObjectMixin(EntityObjectMixin):
    object_model = Forum
    object_select_related = ("activity", "activity__area")

    @property
    def forum(self) -> Forum:
        return self.get_object()


class ForumListView(StaffPermissionMixin, ListView):
    permission_required = "exercises.view_forum"
    template_name = "exercises/forum_list.html"
    context_object_name = "forums"

    def get_queryset(self) -> Any:
        return selectors.forum_list(entity=_entity(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_add=self.request.user.has_perm("exercises.add_forum", _entity(self.request)),
            **kwargs,
        )


class ForumFormMixin(ServiceFormView):
    form_class = ForumForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=_entity(self.request), user=self.request.user)
        return kwargs


class ForumCreateView(StaffPermissionMixin, ForumFormMixin):
    permission_required = "exercises.add_forum"
    heading = gettext_lazy("Nuevo foro virtual")
    success_message = gettext_lazy("Foro creado.")

    def get_back_url(self) -> str:
        return reverse("exercises:forum_list")

    def save(self, form: Any) -> str:
        forum = services.forum_save(entity=_entity(self.request), **form.cleaned_data)
        return reverse("exercises:forum_detail", args=[forum.pk])


class ForumUpdateView(StaffPermissionMixin, ForumObjectMixin, ForumFormMixin):
    permission_required = "exercises.change_forum"
    heading = gettext_lazy("Editar foro virtual")
    success_message = gettext_lazy("Foro actualizado.")

    def get_initial(self) -> dict[str, Any]:
        f = self.forum
        return {
            "activity": f.activity_id,
            "topic": f.topic,
            "description": f.description,
            "opens_at": _dt_initial(f.opens_at),
            "closes_at": _dt_initial(f.closes_at),
            "is_published": f.is_published,
        }

    def get_back_url(self) -> str:
        return reverse("exercises:forum_detail", args=[self.forum.pk])

    def save(self, form: Any) -> str:
        forum = Forum.objects.get(pk=self.forum.pk)
        services.forum_save(entity=forum.entity, forum=forum, **form.cleaned_data)
        return self.get_back_url()


class ForumDetailView(StaffPermissionMixin, ForumObjectMixin, TemplateView):
    """The forum's comments for moderation, and the closing summary."""

    permission_required = "exercises.view_forum"
    template_name = "exercises/forum_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        forum = self.forum
        comments = list(
            ForumComment.objects.filter(forum=forum).select_related("contribution__event")
        )
        return super().get_context_data(
            forum=forum,
            comments=comments,
            pending=sum(c.status == ModerationStatus.PENDING for c in comments),
            can_change=self.request.user.has_perm("exercises.change_forum", forum),
            close_form=CloseForumForm(initial={"summary": forum.closing_summary}),
            has_events=forum.activity.events.exists(),
            **kwargs,
        )


class ForumCloseView(StaffPermissionMixin, ForumObjectMixin, ServiceFormView):
    permission_required = "exercises.change_forum"
    form_class = CloseForumForm
    heading = gettext_lazy("Cerrar el foro con una síntesis")
    success_message = gettext_lazy("Foro cerrado; la síntesis se publica en el portal.")

    def get_initial(self) -> dict[str, Any]:
        return {"summary": self.forum.closing_summary}

    def get_back_url(self) -> str:
        return reverse("exercises:forum_detail", args=[self.forum.pk])

    def save(self, form: Any) -> str:
        services.forum_close(forum=self.forum, summary=form.cleaned_data["summary"])
        return self.get_back_url()


class CommentObjectMixin(EntityObjectMixin):
    object_model = ForumComment
    object_select_related = ("forum", "forum__activity")

    @property
    def comment(self) -> ForumComment:
        return self.get_object()


class CommentModerateView(StaffPermissionMixin, CommentObjectMixin, FormView):
    permission_required = "exercises.change_forumcomment"
    template_name = "exercises/comment_moderate.html"
    form_class = ModerationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(comment=self.comment, **kwargs)

    def form_valid(self, form: ModerationForm) -> HttpResponse:
        try:
            services.comment_moderate(
                comment=self.comment,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                moderator=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Moderación registrada."))
        return redirect(
            reverse("exercises:forum_detail", args=[self.comment.forum_id]) + "#comentarios"
        )


class CommentToContributionView(StaffPermissionMixin, CommentObjectMixin, FormView):
    permission_required = "exercises.change_forumcomment"
    template_name = "exercises/comment_contribution.html"
    form_class = ContributionFromCommentForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "activity": self.comment.forum.activity}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(comment=self.comment, **kwargs)

    def form_valid(self, form: ContributionFromCommentForm) -> HttpResponse:
        try:
            services.comment_to_contribution(
                comment=self.comment,
                event=form.cleaned_data["event"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("El comentario quedó registrado como aporte para su análisis.")
        )
        return redirect(
            reverse("exercises:forum_detail", args=[self.comment.forum_id]) + "#comentarios"
        )


class PublicForumListView(PublicPageCacheMixin, ListView):
    public_cache_params = ("page",)
    template_name = "exercises/public_forum_list.html"
    context_object_name = "forums"

    def get_queryset(self) -> Any:
        return selectors.public_forums(entity=_entity(self.request))


class PublicForumView(ThrottledFormViewMixin, FormView):
    model = Forum
    template_name = "exercises/public_forum.html"
    form_class = CommentForm
    throttle_scope = "forum_comment"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.forum = get_object_or_404(
            Forum.objects.for_entity(_entity(request))
            .filter(is_published=True)
            .select_related("activity", "entity"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"parent": self.request.GET.get("responder")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            forum=self.forum,
            thread=selectors.comment_thread(forum=self.forum, public=True),
            **kwargs,
        )

    def form_valid(self, form: CommentForm) -> HttpResponse:
        if form.is_spam:
            messages.success(
                self.request, _("Gracias. Su comentario quedó pendiente de moderación.")
            )
            return redirect("exercises:public_forum", pk=self.forum.pk)
        data = form.cleaned_data
        parent = None
        if data.get("parent"):
            parent = ForumComment.objects.filter(forum=self.forum, pk=data["parent"]).first()
            if parent is None:
                form.add_error(None, _("El comentario al que responde no existe."))
                return self.form_invalid(form)
        try:
            services.comment_post(
                forum=self.forum,
                text=data["text"],
                pseudonym=data["pseudonym"],
                email=data["email"],
                consent_given=data["consent"],
                parent=parent,
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Gracias. Su comentario quedó pendiente de moderación y se publicará pronto."),
        )
        return redirect("exercises:public_forum", pk=self.forum.pk)


# Participatory diagnosis ----------------------------------------------------------------------


class DiagnosisObjectMixin(EntityObjectMixin):
    object_model = Diagnosis

    @property
    def diagnosis(self) -> Diagnosis:
        return self.get_object()


class DiagnosisListView(StaffPermissionMixin, ListView):
    permission_required = "exercises.view_diagnosis"
    template_name = "exercises/diagnosis_list.html"
    context_object_name = "diagnoses"

    def get_queryset(self) -> Any:
        return selectors.diagnosis_list(entity=_entity(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_add=self.request.user.has_perm("exercises.add_diagnosis", _entity(self.request)),
            **kwargs,
        )


class DiagnosisCreateView(StaffPermissionMixin, ServiceFormView):
    permission_required = "exercises.add_diagnosis"
    form_class = DiagnosisForm
    heading = gettext_lazy("Nuevo diagnóstico participativo")
    success_message = gettext_lazy("Diagnóstico creado.")

    def get_back_url(self) -> str:
        return reverse("exercises:diagnosis_list")

    def save(self, form: Any) -> str:
        diagnosis = services.diagnosis_save(entity=_entity(self.request), **form.cleaned_data)
        return reverse("exercises:diagnosis_detail", args=[diagnosis.pk])


class DiagnosisUpdateView(StaffPermissionMixin, DiagnosisObjectMixin, ServiceFormView):
    permission_required = "exercises.change_diagnosis"
    form_class = DiagnosisForm
    heading = gettext_lazy("Editar diagnóstico participativo")
    success_message = gettext_lazy("Diagnóstico actualizado.")

    def get_initial(self) -> dict[str, Any]:
        d = self.diagnosis
        return {
            "year": d.year,
            "title": d.title,
            "methodology": d.methodology,
            "is_published": d.is_published,
        }

    def get_back_url(self) -> str:
        return reverse("exercises:diagnosis_detail", args=[self.diagnosis.pk])

    def save(self, form: Any) -> str:
        diagnosis = Diagnosis.objects.get(pk=self.diagnosis.pk)
        services.diagnosis_save(entity=diagnosis.entity, diagnosis=diagnosis, **form.cleaned_data)
        return self.get_back_url()


class DiagnosisDetailView(StaffPermissionMixin, DiagnosisObjectMixin, TemplateView):
    permission_required = "exercises.view_diagnosis"
    template_name = "exercises/diagnosis_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            diagnosis=self.diagnosis,
            phases=selectors.diagnosis_report(diagnosis=self.diagnosis),
            can_change=self.request.user.has_perm("exercises.change_diagnosis", self.diagnosis),
            staff=True,
            **kwargs,
        )


class DiagnosisItemView(StaffPermissionMixin, EntityObjectMixin, ServiceFormView):
    """Create (URL ``pk`` is the diagnosis) or edit (``pk`` is the item) an obstacle or a
    desired scenario; the report page is the way back."""

    permission_required = "exercises.change_diagnosis"
    object_model: Any = Diagnosis
    item_model: Any = None

    @property
    def item(self) -> Any:
        return None if self.object_model is Diagnosis else self.get_object()

    @property
    def diagnosis(self) -> Diagnosis:
        item = self.item
        return item.diagnosis if item is not None else self.get_object()

    def get_back_url(self) -> str:
        return reverse("exercises:diagnosis_detail", args=[self.diagnosis.pk])


class ObstacleViewMixin(DiagnosisItemView):
    form_class = ObstacleForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "entity": _entity(self.request),
            "year": self.diagnosis.year,
        }

    def save(self, form: Any) -> str:
        services.obstacle_save(diagnosis=self.diagnosis, obstacle=self.item, **form.cleaned_data)
        return self.get_back_url()


class ObstacleCreateView(ObstacleViewMixin):
    heading = gettext_lazy("Nuevo obstáculo")
    success_message = gettext_lazy("Obstáculo registrado.")


class ObstacleUpdateView(ObstacleViewMixin):
    object_model = Obstacle
    object_select_related = ("diagnosis",)
    heading = gettext_lazy("Editar obstáculo")
    success_message = gettext_lazy("Obstáculo actualizado.")

    def get_initial(self) -> dict[str, Any]:
        return obstacle_initial(self.item)


class ScenarioViewMixin(DiagnosisItemView):
    form_class = ScenarioForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "diagnosis": self.diagnosis}

    def save(self, form: Any) -> str:
        services.scenario_save(diagnosis=self.diagnosis, scenario=self.item, **form.cleaned_data)
        return self.get_back_url()


class ScenarioCreateView(ScenarioViewMixin):
    heading = gettext_lazy("Nuevo escenario deseado")
    success_message = gettext_lazy("Escenario deseado registrado.")


class ScenarioUpdateView(ScenarioViewMixin):
    object_model = DesiredScenario
    object_select_related = ("diagnosis",)
    heading = gettext_lazy("Editar escenario deseado")
    success_message = gettext_lazy("Escenario deseado actualizado.")

    def get_initial(self) -> dict[str, Any]:
        return scenario_initial(self.item)


class PublicDiagnosisListView(PublicPageCacheMixin, ListView):
    public_cache_params = ("page",)
    template_name = "exercises/public_diagnosis_list.html"
    context_object_name = "diagnoses"

    def get_queryset(self) -> Any:
        return selectors.diagnosis_list(entity=_entity(self.request)).published()


class PublicDiagnosisView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    model = Diagnosis
    template_name = "exercises/public_diagnosis.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        diagnosis = get_object_or_404(
            Diagnosis.objects.for_entity(_entity(self.request)).published(), pk=self.kwargs["pk"]
        )
        return super().get_context_data(
            diagnosis=diagnosis,
            phases=selectors.diagnosis_report(diagnosis=diagnosis),
            staff=False,
            **kwargs,
        )


# Characterization -----------------------------------------------------------------------------


class CharacterizationStatsView(StaffPermissionMixin, TemplateView):
    permission_required = "exercises.view_characterization"
    template_name = "exercises/characterization_stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            tables=selectors.characterization_stats(entity=_entity(self.request)),
            min_cell=selectors.MIN_CELL,
            **kwargs,
        )
