from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.evaluation.models import (
    AccountabilityStage,
    Evaluation,
    GoodPractice,
    Indicator,
    Measurement,
    ReportFile,
)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "periodicity", "source", "automatic_key", "target", "entity"]
    list_filter = ["entity", "periodicity", "source"]
    search_fields = ["name", "management_activity"]
    raw_id_fields = ["area", "activity"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = [
        "indicator",
        "year",
        "period",
        "version",
        "is_current",
        "numerator",
        "denominator",
        "value",
        "entity",
    ]
    list_filter = ["entity", "year", "is_automatic", "is_current"]
    raw_id_fields = ["indicator", "recorded_by"]


@admin.register(GoodPractice)
class GoodPracticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "area", "entity"]
    list_filter = ["entity", "year"]
    search_fields = ["title"]
    raw_id_fields = ["area", "created_by"]


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["year", "is_published", "published_at", "entity"]
    list_filter = ["entity", "is_published"]
    raw_id_fields = ["published_by"]


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    list_display = ["year", "format", "audience", "status", "created_at", "entity"]
    list_filter = ["entity", "format", "audience", "status"]
    raw_id_fields = ["requested_by"]


@admin.register(AccountabilityStage)
class AccountabilityStageAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "stage", "entity"]
    list_filter = ["entity", "stage"]
    raw_id_fields = ["activity"]
