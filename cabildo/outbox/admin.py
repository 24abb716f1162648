from django.contrib import admin

from cabildo.outbox.models import OutboundAttachment, OutboundEmail


class OutboundAttachmentInline(admin.TabularInline):
    model = OutboundAttachment
    extra = 0
    readonly_fields = ["name", "content_type", "file"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "entity", "template", "to", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "entity"]
    search_fields = ["to", "subject"]
    readonly_fields = ["attempts", "sent_at", "last_error", "claimed_at", "created_at"]
    inlines = [OutboundAttachmentInline]
