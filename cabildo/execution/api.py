"""API of the execution app.

Public: ``GET /api/v1/execution/events/`` (published events) and
``GET /api/v1/execution/reports/`` and ``…/reports/<pk>/`` (accepted reports, no personal data).
Staff (session login, permissions from ``execution/rules.py`` on the request's entity):
``…/staff/events/``, ``…/staff/contributions/`` (``?event=``, ``?unanalysed=true``),
``…/staff/commitments/`` (``?event=``, ``?overdue=true``), ``…/staff/reports/`` (``?status=``);
the filters are ``execution/filters.py``'s FilterSets. Every list is paginated by cursor.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from cabildo.core.drf import CursorPagination, RulesPermission
from cabildo.core.http import request_entity as _entity
from cabildo.core.openapi import tag
from cabildo.execution.filters import (
    CommitmentFilterSet,
    ContributionFilterSet,
    ReportFilterSet,
)
from cabildo.execution.models import (
    ActivityReport,
    Commitment,
    Contribution,
    Event,
)
from cabildo.execution.selectors.commitments import commitment_list
from cabildo.execution.selectors.contributions import contribution_list
from cabildo.execution.selectors.events import event_list, public_feed
from cabildo.execution.selectors.reports import public_reports, report_list

# Serializers -----------------------------------------------------------------------------------


class PublicEventSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.name")
    agenda_items = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "description",
            "activity",
            "starts_at",
            "ends_at",
            "modality",
            "place",
            "address",
            "link",
            "agenda_items",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "accessibility_notes",
            "is_cancelled",
        ]


class StaffEventSerializer(PublicEventSerializer):
    area = serializers.CharField(source="activity.area.name")
    confirmed = serializers.IntegerField()
    waitlisted = serializers.IntegerField()

    class Meta(PublicEventSerializer.Meta):
        fields = [
            *PublicEventSerializer.Meta.fields,
            "area",
            "is_published",
            "cancellation_reason",
            "confirmed",
            "waitlisted",
        ]


class ContributionSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id")
    stakeholder_group = serializers.CharField(source="stakeholder_group.name", default=None)
    area = serializers.CharField(source="event.activity.area.name")

    class Meta:
        model = Contribution
        fields = [
            "id",
            "event",
            "area",
            "kind",
            "text",
            "stakeholder_group",
            "viability",
            "justification",
            "adjustment",
            "incidence_level",
            "analysed_at",
            "created_at",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id")
    responsible_area = serializers.CharField(source="responsible_area.name")
    is_overdue = serializers.BooleanField()
    status = serializers.CharField(help_text=_("pendiente, en_curso o cumplido"))
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Commitment
        fields = [
            "id",
            "event",
            "description",
            "responsible_area",
            "responsible_person",
            "due_date",
            "status",
            "status_label",
            "is_overdue",
            "completed_on",
        ]


class ReportSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.name")
    area = serializers.CharField(source="activity.area.name")
    plan_year = serializers.IntegerField(source="activity.version.plan.year")
    status = serializers.CharField(help_text=_("borrador, enviado, devuelto o aceptado"))
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = ActivityReport
        fields = [
            "id",
            "activity",
            "area",
            "plan_year",
            "status",
            "status_label",
            "submitted_at",
            "reviewed_at",
        ]


class ReportDetailSerializer(ReportSerializer):
    figures = serializers.JSONField()

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "activities_done",
            "results",
            "lessons_learned",
            "figures",
        ]


# Views -----------------------------------------------------------------------------------------

TAGS = [tag(_("ejecución del plan"))]


@extend_schema_view(get=extend_schema(summary=_("Eventos publicados de la entidad"), tags=TAGS))
class PublicEventListAPIView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = PublicEventSerializer
    pagination_class = CursorPagination
    cursor_ordering = ("starts_at", "pk")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return public_feed(entity=_entity(self.request)).select_related("activity")


@extend_schema_view(get=extend_schema(summary=_("Reportes de actividades aceptados"), tags=TAGS))
class PublicReportListAPIView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ReportSerializer
    pagination_class = CursorPagination
    cursor_ordering = ("-reviewed_at", "-pk")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ActivityReport.objects.none()
        return public_reports(entity=_entity(self.request))


@extend_schema_view(
    get=extend_schema(summary=_("Reporte de actividad aceptado, con sus cifras"), tags=TAGS)
)
class PublicReportDetailAPIView(RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = ReportDetailSerializer
    model = ActivityReport

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ActivityReport.objects.none()
        return public_reports(entity=_entity(self.request))


@extend_schema_view(get=extend_schema(summary=_("Eventos (gestión)"), tags=TAGS))
class StaffEventListAPIView(ListAPIView):
    permission_classes = [RulesPermission]
    permission_required = "execution.view_event"
    serializer_class = StaffEventSerializer
    pagination_class = CursorPagination
    cursor_ordering = ("-starts_at", "pk")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return event_list(entity=_entity(self.request))


@extend_schema_view(
    get=extend_schema(summary=_("Aportes recibidos en los eventos y su análisis"), tags=TAGS)
)
class StaffContributionListAPIView(ListAPIView):
    permission_classes = [RulesPermission]
    permission_required = "execution.view_contribution"
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
    pagination_class = CursorPagination
    cursor_ordering = ("-created_at", "-pk")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Contribution.objects.none()
        return contribution_list(entity=_entity(self.request))


@extend_schema_view(
    get=extend_schema(summary=_("Acuerdos y compromisos de los eventos"), tags=TAGS)
)
class StaffCommitmentListAPIView(ListAPIView):
    permission_classes = [RulesPermission]
    permission_required = "execution.view_commitment"
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    pagination_class = CursorPagination
    cursor_ordering = ("due_date", "pk")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Commitment.objects.none()
        return commitment_list(entity=_entity(self.request))


@extend_schema_view(get=extend_schema(summary=_("Reportes de actividades (gestión)"), tags=TAGS))
class StaffReportListAPIView(ListAPIView):
    permission_classes = [RulesPermission]
    permission_required = "execution.view_report"
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    pagination_class = CursorPagination
    cursor_ordering = ("-updated_at", "-pk")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ActivityReport.objects.none()
        return report_list(entity=_entity(self.request))


urlpatterns = [
    path("execution/events/", PublicEventListAPIView.as_view(), name="event_list"),
    path("execution/reports/", PublicReportListAPIView.as_view(), name="report_list"),
    path("execution/reports/<int:pk>/", PublicReportDetailAPIView.as_view(), name="report_detail"),
    path("execution/staff/events/", StaffEventListAPIView.as_view(), name="staff_event_list"),
    path(
        "execution/staff/contributions/",
        StaffContributionListAPIView.as_view(),
        name="staff_contribution_list",
    ),
    path(
        "execution/staff/commitments/",
        StaffCommitmentListAPIView.as_view(),
        name="staff_commitment_list",
    ),
    path("execution/staff/reports/", StaffReportListAPIView.as_view(), name="staff_report_list"),
]
