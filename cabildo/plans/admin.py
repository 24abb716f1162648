from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.plans.models import (
    Consultation,
    Observation,
    ParticipationPlan,
    PlannedActivity,
    PlanTransition,
    PlanVersion,
)


@admin.register(ParticipationPlan)
class ParticipationPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "entity"]
    list_filter = ["entity", "year"]


@admin.register(PlanVersion)
class PlanVersionAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "number", "status", "entity"]
    list_filter = ["entity", "status"]
    raw_id_fields = ["plan", "based_on", "approved_by", "uncovered_confirmed_by"]


@admin.register(PlannedActivity)
class PlannedActivityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "area", "phase", "procedure", "start_date", "end_date"]
    list_filter = ["entity", "phase", "procedure", "incidence_level"]
    search_fields = ["name"]
    raw_id_fields = ["version", "area", "body", "copied_from"]


@admin.register(PlanTransition)
class PlanTransitionAdmin(admin.ModelAdmin):
    list_display = ["version", "from_status", "to_status", "user", "at"]
    list_filter = ["entity", "to_status"]
    raw_id_fields = ["version", "user"]


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["version", "start_date", "end_date", "entity"]
    raw_id_fields = ["version"]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "consultation", "area", "viability", "created_at", "hidden_at"]
    list_filter = ["entity", "viability"]
    raw_id_fields = [
        "consultation", "activity", "stakeholder_group", "user", "consent", "area",
        "changed_activity", "analysed_by", "hidden_by",
    ]  # fmt: skip
