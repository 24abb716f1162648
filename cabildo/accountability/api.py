"""API of rendición de cuentas (``/<slug>/api/v1/accountability/…``).

Public, read-only, no personal data (never who asked a question or their email):

- ``GET accountability/strategies/``: the published strategies (one per vigencia);
- ``GET accountability/strategies/<year>/``: a published strategy with its tasks by stage,
  the lead team and its dialogue spaces;
- ``GET accountability/spaces/`` (``?year=``) and ``accountability/spaces/<pk>/``: the dialogue
  spaces (audiencias and others) of published strategies, with the answered questions and the
  improvement actions;
- ``GET accountability/questions/`` (``?year=``, ``?space=``, ``?kind=``): the answered
  questions with their published answers and whether they came within the 15 business days;
- ``GET accountability/years/<year>/``: the vigencia's figures, the recount every page shows
  (``selectors.year_figures``).

Staff (session login; permissions from ``rules.py`` on the entity or on the question):

- ``GET accountability/staff/questions/`` (``?status=``, ``?space=``, ``?area=``): every
  question with its term and semáforo;
- ``POST accountability/staff/questions/<pk>/route/`` ``{"area": id}``: routes it to an area;
- ``POST accountability/staff/questions/<pk>/answer/`` ``{"answer": "…", "answered_on":
  "AAAA-MM-DD"}``: the written answer, published at once (``services.question_answer``: the
  15-business-day term was fixed when it was received; an answer after it is recorded late).
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cabildo.accountability import law, selectors, services
from cabildo.accountability.filters import (
    QuestionFilterSet,
    SpaceFilterSet,
    StaffQuestionFilterSet,
)
from cabildo.accountability.models import (
    DialogueSpace,
    ImprovementAction,
    Question,
    Strategy,
)
from cabildo.core.drf import CursorPagination, RulesPermission
from cabildo.core.http import request_entity as _entity
from cabildo.core.models import Area
from cabildo.core.openapi import tag
from cabildo.plans.selectors import year_from_query

TAGS = [tag(_("rendición de cuentas"))]
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description=_('{"detail": "…", "errors": {…}}'))


BAD_YEAR = _("Vigencia no válida: un año entre 2000 y 2100, p. ej. 2026.")


def _year(value: int | str) -> int:
    year = year_from_query(str(value))
    if year is None:
        raise serializers.ValidationError({"year": [BAD_YEAR]})
    return year


# Serializers -----------------------------------------------------------------------------------


class QuestionDeadlineSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class TaskSerializer(serializers.Serializer):
    description = serializers.CharField()
    stage = serializers.CharField()
    owner_area = serializers.CharField(source="owner_area.name")
    due_date = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()


class EventSummarySerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    modality = serializers.CharField()
    place = serializers.CharField()
    is_cancelled = serializers.BooleanField()


class SpaceSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="strategy.year")
    kind_label = serializers.CharField(source="get_kind_display")
    area = serializers.CharField(source="area.name")
    event = EventSummarySerializer(allow_null=True)
    report_published = serializers.BooleanField(source="report_is_published")
    memoria = serializers.SerializerMethodField()

    class Meta:
        model = DialogueSpace
        fields = [
            "id",
            "year",
            "kind",
            "kind_label",
            "name",
            "planned_date",
            "in_person",
            "area",
            "event",
            "report_published",
            "report_title",
            "memoria",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_memoria(self, obj: DialogueSpace) -> str | None:
        return obj.memoria if obj.memoria_published_at else None


class PublicQuestionSerializer(serializers.ModelSerializer):
    """A published question: what was asked and answered, never who asked."""

    space = serializers.IntegerField(source="space_id")
    kind_label = serializers.CharField(source="get_kind_display")
    # Plain text, not an enum: «channel» names the PQRSD channels in the schema.
    channel = serializers.CharField(help_text=_("web, papel u oral (intervención en el evento)."))
    area = serializers.CharField(source="area.name", default=None)
    on_time = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "space",
            "kind",
            "kind_label",
            "channel",
            "text",
            "received_on",
            "due_date",
            "area",
            "answer",
            "answered_on",
            "on_time",
        ]

    def get_on_time(self, obj: Question) -> bool:
        return obj.answered_on is not None and obj.answered_on <= obj.due_date


class ActionSerializer(serializers.ModelSerializer):
    owner_area = serializers.CharField(source="owner_area.name")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = ImprovementAction
        fields = [
            "id",
            "description",
            "owner_area",
            "due_date",
            "status",
            "status_label",
            "follow_up",
            "completed_on",
        ]


class SpaceDetailSerializer(SpaceSerializer):
    questions = PublicQuestionSerializer(many=True, source="public.answered")
    pending_questions = serializers.IntegerField(source="public.pending")
    pending_overdue = serializers.IntegerField(source="public.pending_overdue")
    actions = ActionSerializer(many=True, source="public.actions")
    questions_open = serializers.BooleanField()

    class Meta(SpaceSerializer.Meta):
        fields = [
            *SpaceSerializer.Meta.fields,
            "questions_open",
            "questions",
            "pending_questions",
            "pending_overdue",
            "actions",
        ]


class StrategySerializer(serializers.ModelSerializer):
    class Meta:
        model = Strategy
        fields = ["year", "objective", "published_at"]


class StrategyDetailSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="strategy.year")
    objective = serializers.CharField(source="strategy.objective")
    lead_team = serializers.ListField(
        child=serializers.CharField(), source="strategy.lead_team_lines"
    )
    published_at = serializers.DateTimeField(source="strategy.published_at")
    tasks = serializers.SerializerMethodField()
    spaces = SpaceSerializer(many=True)

    @extend_schema_field(TaskSerializer(many=True))
    def get_tasks(self, obj: selectors.StrategyOverview) -> Any:
        tasks = [task for stage in obj.stages for task in stage.tasks]
        return TaskSerializer(tasks, many=True).data


class YearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    spaces_planned = serializers.IntegerField()
    strategy_spaces = serializers.IntegerField()
    plan_dialogues = serializers.IntegerField()
    spaces_held = serializers.IntegerField()
    hearings_held = serializers.IntegerField()
    held_in_person = serializers.IntegerField()
    held_virtual = serializers.IntegerField()
    held_hybrid = serializers.IntegerField()
    questions = serializers.IntegerField()
    answered_on_time = serializers.IntegerField()
    answered_late = serializers.IntegerField()
    pending = serializers.IntegerField()
    pending_overdue = serializers.IntegerField()
    median_answer_days = serializers.FloatField(allow_null=True)
    actions = serializers.IntegerField()
    actions_done = serializers.IntegerField()


class StaffQuestionSerializer(PublicQuestionSerializer):
    """A question for staff: its status, term and semáforo (no name or email: those are read,
    with an access log, on the staff page)."""

    status_label = serializers.CharField(source="get_status_display")
    area_id = serializers.IntegerField(allow_null=True)
    has_contact = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    days_left = serializers.IntegerField(allow_null=True)

    class Meta(PublicQuestionSerializer.Meta):
        fields = [
            *PublicQuestionSerializer.Meta.fields,
            "status",
            "status_label",
            "area_id",
            "has_contact",
            "deadline",
            "days_left",
        ]

    def get_has_contact(self, obj: Question) -> bool:
        return bool(obj.email)

    @extend_schema_field(QuestionDeadlineSerializer)
    def get_deadline(self, obj: Question) -> dict[str, str]:
        return {"code": obj.deadline.code, "label": str(obj.deadline.label)}


class AnswerInSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=20_000)
    answered_on = serializers.DateField(
        required=False,
        help_text=_("Día de la respuesta (AAAA-MM-DD); por defecto, hoy."),
    )


class RouteInSerializer(serializers.Serializer):
    area = serializers.IntegerField(help_text=_("Id de la dependencia que responde."))


# Public views ----------------------------------------------------------------------------------


def _public_spaces(entity: Any) -> Any:
    return (
        DialogueSpace.objects.for_entity(entity)
        .filter(strategy__is_published=True)
        .select_related("strategy", "event", "area")
        .order_by("planned_date", "pk")
    )


@extend_schema_view(get=extend_schema(summary=_("Estrategias publicadas"), tags=TAGS))
class StrategyListAPIView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = StrategySerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Strategy.objects.none()
        return Strategy.objects.for_entity(_entity(self.request)).filter(is_published=True)


class StrategyDetailAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary=_("Estrategia publicada de una vigencia, con sus tareas y espacios"),
        tags=TAGS,
        responses={200: StrategyDetailSerializer, 400: ERROR, 404: ERROR},
    )
    def get(self, request: Request, year: int) -> Response:
        strategy = selectors.published_strategy(entity=_entity(request), year=_year(year))
        if strategy is None:
            raise NotFound(_("No hay una estrategia publicada de esa vigencia."))
        overview = selectors.strategy_overview(strategy=strategy)
        return Response(StrategyDetailSerializer(overview).data)


@extend_schema_view(get=extend_schema(summary=_("Audiencias y espacios de diálogo"), tags=TAGS))
class SpaceListAPIView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = SpaceSerializer
    filterset_class = SpaceFilterSet

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return DialogueSpace.objects.none()
        return _public_spaces(_entity(self.request))


class SpaceDetailAPIView(APIView):
    permission_classes = [AllowAny]
    model = DialogueSpace

    @extend_schema(
        summary=_("Un espacio de diálogo con sus preguntas respondidas y sus acciones"),
        tags=TAGS,
        responses={200: SpaceDetailSerializer, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        space = _public_spaces(_entity(request)).filter(pk=pk).first()
        if space is None:
            raise NotFound(_("El espacio de diálogo no existe o no está publicado."))
        space.public = selectors.public_space(space=space)
        space.questions_open = services.questions_open(space)
        return Response(SpaceDetailSerializer(space).data)


@extend_schema_view(
    get=extend_schema(summary=_("Preguntas respondidas y sus respuestas publicadas"), tags=TAGS)
)
class QuestionListAPIView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = PublicQuestionSerializer
    filterset_class = QuestionFilterSet

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Question.objects.none()
        return (
            Question.objects.for_entity(_entity(self.request))
            .published()
            .filter(space__strategy__is_published=True)
            .select_related("area")
            .order_by("received_on", "pk")
        )


class YearFiguresAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary=_("Cifras de rendición de cuentas de una vigencia"),
        description=_(
            "El mismo recuento de los registros que muestran la estrategia, Participa y la "
            "evaluación del plan."
        ),
        tags=TAGS,
        responses={200: YearFiguresSerializer, 400: ERROR},
    )
    def get(self, request: Request, year: int) -> Response:
        figures = selectors.year_figures(entity=_entity(request), year=_year(year))
        return Response(YearFiguresSerializer(figures).data)


# Staff views -----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=_("Preguntas de rendición de cuentas (gestión), con su término"), tags=TAGS
    )
)
class StaffQuestionListAPIView(ListAPIView):
    permission_classes = [RulesPermission]
    permission_required = "accountability.view_question"
    serializer_class = StaffQuestionSerializer
    filterset_class = StaffQuestionFilterSet
    pagination_class = CursorPagination
    cursor_ordering = ("due_date", "pk")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Question.objects.none()
        return selectors.questions(entity=_entity(self.request))

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        rows = list(page) if page is not None else list(queryset)
        selectors.with_semaphore(rows, selectors.clock_for(_entity(self.request)))
        return rows if page is not None else None


class StaffQuestionActionMixin:
    permission_classes = [RulesPermission]
    model = Question

    def get_question(self, request: Request, pk: int) -> Question:
        question = (
            Question.objects.for_entity(_entity(request))
            .select_related("space", "area")
            .filter(pk=pk)
            .first()
        )
        if question is None:
            raise NotFound(_("La pregunta no existe."))
        self.check_object_permissions(request, question)  # type: ignore[attr-defined]
        return question

    def respond(self, request: Request, question: Question) -> Response:
        selectors.with_semaphore([question], selectors.clock_for(_entity(request)))
        return Response(StaffQuestionSerializer(question).data)


class StaffQuestionRouteAPIView(StaffQuestionActionMixin, APIView):
    permission_required = "accountability.view_question"
    object_permission = "accountability.route_question"

    @extend_schema(
        summary=_("Asignar una pregunta a la dependencia que responde"),
        tags=TAGS,
        request=RouteInSerializer,
        responses={200: StaffQuestionSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        question = self.get_question(request, pk)
        body = RouteInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        area = Area.objects.for_entity(_entity(request)).filter(pk=body.validated_data["area"])
        services.question_route(question=question, area=area.first())
        return self.respond(request, question)


class StaffQuestionAnswerAPIView(StaffQuestionActionMixin, APIView):
    permission_required = "accountability.view_question"
    object_permission = "accountability.answer_question"

    @extend_schema(
        summary=_("Responder por escrito una pregunta (se publica)"),
        description=format_lazy(
            _(
                "La respuesta se publica de inmediato y se avisa a quien dejó su correo. El "
                "término de {days} días hábiles se fijó al recibirla (Ley 1757 de 2015, art. 56): "
                "una respuesta posterior queda registrada fuera de término."
            ),
            days=law.ANSWER_TERM_DAYS,
        ),
        tags=TAGS,
        request=AnswerInSerializer,
        responses={200: StaffQuestionSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        question = self.get_question(request, pk)
        body = AnswerInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.question_answer(
            question=question,
            answer=body.validated_data["answer"],
            answered_on=body.validated_data.get("answered_on"),
            user=request.user,
        )
        return self.respond(request, question)


urlpatterns = [
    path("accountability/strategies/", StrategyListAPIView.as_view(), name="strategy_list"),
    path(
        "accountability/strategies/<int:year>/",
        StrategyDetailAPIView.as_view(),
        name="strategy_detail",
    ),
    path("accountability/spaces/", SpaceListAPIView.as_view(), name="space_list"),
    path("accountability/spaces/<int:pk>/", SpaceDetailAPIView.as_view(), name="space_detail"),
    path("accountability/questions/", QuestionListAPIView.as_view(), name="question_list"),
    path("accountability/years/<int:year>/", YearFiguresAPIView.as_view(), name="year_figures"),
    path(
        "accountability/staff/questions/",
        StaffQuestionListAPIView.as_view(),
        name="staff_question_list",
    ),
    path(
        "accountability/staff/questions/<int:pk>/route/",
        StaffQuestionRouteAPIView.as_view(),
        name="staff_question_route",
    ),
    path(
        "accountability/staff/questions/<int:pk>/answer/",
        StaffQuestionAnswerAPIView.as_view(),
        name="staff_question_answer",
    ),
]
