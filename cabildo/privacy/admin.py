from django.contrib import admin

from cabildo.privacy.models import Consent


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["purpose", "entity", "channel", "sensitive", "given_at"]
    list_filter = ["entity", "purpose", "channel", "sensitive"]
    readonly_fields = [f.name for f in Consent._meta.fields]
