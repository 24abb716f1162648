from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cabildo.audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only."""

    list_display = ["at", "action", "user", "entity", "target_repr", "ip"]
    list_filter = ["action", "entity"]
    search_fields = ["user__email", "target_repr", "detail"]
    date_hierarchy = "at"
    list_select_related = ["user", "entity"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
