from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.stakeholders.models import StakeholderGroup, StakeholderType


@admin.register(StakeholderType)
class StakeholderTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "order", "is_active", "entity")
    list_filter = ("entity",)


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "type", "territory", "characterized_on", "entity")
    list_filter = ("entity", "type")
    search_fields = ("name",)
