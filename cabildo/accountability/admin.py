from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.accountability.models import (
    DialogueSpace,
    ImprovementAction,
    OversightItem,
    Question,
    Strategy,
    Veeduria,
    VeeduriaObservation,
)


@admin.register(Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ["year", "entity", "is_published"]
    list_filter = ["entity", "is_published"]


@admin.register(DialogueSpace)
class DialogueSpaceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "planned_date", "entity"]
    list_filter = ["entity", "kind"]
    raw_id_fields = ["strategy", "event", "activity", "body", "survey", "area"]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "space", "status", "received_on", "due_date", "entity"]
    list_filter = ["entity", "status", "channel"]
    raw_id_fields = ["space", "area", "consent", "answered_by"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "status", "due_date", "entity"]
    list_filter = ["entity", "status"]
    raw_id_fields = ["space", "observation", "owner_area"]


@admin.register(Veeduria)
class VeeduriaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "registrar", "registration_number", "entity"]
    list_filter = ["entity", "registrar"]


@admin.register(OversightItem)
class OversightItemAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "kind", "value", "entity"]
    list_filter = ["entity", "kind"]


@admin.register(VeeduriaObservation)
class VeeduriaObservationAdmin(SimpleHistoryAdmin):
    list_display = ["veeduria", "item", "status", "due_date", "entity"]
    list_filter = ["entity", "status"]
