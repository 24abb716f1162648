from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.policies.models import Draft, DraftComment, PlanAction, Policy, PolicyStage


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "entity", "is_published"]
    list_filter = ["entity", "kind", "is_published"]


@admin.register(PolicyStage)
class PolicyStageAdmin(SimpleHistoryAdmin):
    list_display = ["policy", "kind", "started_on", "finished_on", "entity"]
    list_filter = ["entity", "kind"]
    raw_id_fields = ["policy", "area", "events", "bodies", "stakeholder_groups"]


@admin.register(Draft)
class DraftAdmin(SimpleHistoryAdmin):
    list_display = ["title", "number", "status", "consultation_start", "consultation_end"]
    list_filter = ["entity", "status"]
    raw_id_fields = ["policy"]


@admin.register(DraftComment)
class DraftCommentAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "draft", "article", "answer", "created_at", "entity"]
    list_filter = ["entity", "answer"]
    raw_id_fields = ["draft", "article", "consent", "changed_in", "answered_by", "hidden_by"]


@admin.register(PlanAction)
class PlanActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "starts_on", "due_date", "done_on", "entity"]
    list_filter = ["entity"]
    raw_id_fields = ["line", "owner_area", "activity", "event", "indicator"]
