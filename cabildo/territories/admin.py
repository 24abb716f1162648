from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.territories.models import Territory


@admin.register(Territory)
class TerritoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "entity")
    list_filter = ("entity", "kind")
    search_fields = ("name",)
