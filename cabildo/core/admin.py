from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.core.models import Area, Entity, EntityHostname


class HostnameInline(admin.TabularInline):
    model = EntityHostname
    extra = 0


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "nit", "kind", "slug"]
    search_fields = ["name", "nit"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [HostnameInline]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "entity", "kind", "parent"]
    list_filter = ["entity", "kind"]
    search_fields = ["name", "acronym"]
