from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.bodies.models import BodyCharacterization, BodyMember, BodySession, ParticipationBody


@admin.register(ParticipationBody)
class ParticipationBodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "kind", "is_formal", "status", "entity")
    list_filter = ("entity", "kind", "is_formal", "status")
    search_fields = ("name", "acronym")


@admin.register(BodyMember)
class BodyMemberAdmin(SimpleHistoryAdmin):
    list_display = ("seat", "name", "body", "selection", "is_vacant")
    list_filter = ("entity",)


@admin.register(BodySession)
class BodySessionAdmin(SimpleHistoryAdmin):
    list_display = ("body", "date", "attendance_count", "is_public")
    list_filter = ("entity",)


@admin.register(BodyCharacterization)
class BodyCharacterizationAdmin(SimpleHistoryAdmin):
    list_display = (
        "body",
        "year",
        "status",
        "sessions_held_correction",
        "active_members_correction",
    )
    list_filter = ("entity", "year")
