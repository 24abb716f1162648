from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.pqrs.models import (
    CompletionRequest,
    Extension,
    ImportedYearCount,
    Mailbox,
    MailIntake,
    OutgoingDocument,
    Petition,
    PetitionEvent,
    PetitionKind,
    PqrsSettings,
    SubChannel,
    Transfer,
)


@admin.register(PetitionKind)
class PetitionKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "entity", "term_days", "extension_days", "is_active"]
    list_filter = ["entity", "is_active"]


@admin.register(PqrsSettings)
class PqrsSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["entity", "filing_prefix", "due_soon_days", "priority_term_days"]


class EventInline(admin.TabularInline):
    model = PetitionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "text", "is_public", "actor", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(SimpleHistoryAdmin):
    list_display = ["filing_number", "entity", "kind", "channel", "status", "due_date"]
    list_filter = ["entity", "status", "channel"]
    search_fields = ["filing_number", "subject"]
    readonly_fields = ["filing_number", "year", "sequence", "tracking_code_hash", "consent"]
    raw_id_fields = ["area", "assigned_to", "transferred_from"]
    inlines = [EventInline]


admin.site.register(Extension, SimpleHistoryAdmin)
admin.site.register(Transfer, SimpleHistoryAdmin)
admin.site.register(CompletionRequest, SimpleHistoryAdmin)


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(SimpleHistoryAdmin):
    """Read-only: numbers are issued and cancelled through the services (Acuerdo AGN 060)."""

    list_display = ["number", "entity", "kind", "issued_at", "cancelled_at"]
    list_filter = ["entity", "kind"]
    search_fields = ["number", "verification_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Mailbox)
class MailboxAdmin(SimpleHistoryAdmin):
    list_display = ["address", "entity", "host", "is_active", "last_checked_at"]
    exclude = ["password"]  # set from the staff page; never shown


@admin.register(MailIntake)
class MailIntakeAdmin(admin.ModelAdmin):
    list_display = ["message_id", "entity", "sender", "outcome", "received_at"]
    list_filter = ["entity", "outcome"]
    raw_id_fields = ["petition"]


@admin.register(SubChannel)
class SubChannelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "channel", "entity", "order", "is_active"]
    list_filter = ["entity", "channel", "is_active"]


@admin.register(ImportedYearCount)
class ImportedYearCountAdmin(SimpleHistoryAdmin):
    list_display = ["year", "label", "channel", "count", "entity", "source"]
    list_filter = ["entity", "year", "channel"]
