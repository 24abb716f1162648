from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.workdays.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "reason", "entity"]
    list_filter = ["entity"]
    date_hierarchy = "date"
    search_fields = ["reason"]
