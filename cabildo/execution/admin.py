from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.execution.models import Commitment, Contribution, Event, Registration


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_at", "modality", "capacity", "is_published", "entity"]
    list_filter = ["entity", "modality", "is_published", "is_cancelled"]
    search_fields = ["title"]
    raw_id_fields = ["activity"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "event", "status", "channel", "attended", "created_at"]
    list_filter = ["entity", "status", "channel", "attended"]
    search_fields = ["name", "email"]
    raw_id_fields = ["event", "stakeholder_group", "territory", "consent", "sensitive_consent"]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "event", "viability", "incidence_level", "analysed_at", "entity"]
    list_filter = ["entity", "kind", "viability", "incidence_level"]
    search_fields = ["text", "author_name"]
    raw_id_fields = ["event", "stakeholder_group", "analysed_by"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["description", "event", "responsible_area", "due_date", "status", "entity"]
    list_filter = ["entity", "status"]
    search_fields = ["description", "responsible_person"]
    raw_id_fields = ["event", "responsible_area"]
