from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.execution.models import Event, Registration


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
