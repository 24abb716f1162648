from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.portal.models import AttentionChannel


@admin.register(AttentionChannel)
class AttentionChannelAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "entity", "is_active", "order")
    list_filter = ("entity", "kind", "is_active")
    search_fields = ("name", "contact")
