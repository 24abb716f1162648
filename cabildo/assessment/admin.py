from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cabildo.assessment import models


@admin.register(models.CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "version_label", "published_on", "is_current")


@admin.register(models.ManagementActivity)
class ManagementActivityAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "category", "order")
    list_filter = ("version",)


@admin.register(models.SelfAssessment)
class SelfAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("entity", "year", "state", "catalogue_version")
    list_filter = ("entity", "state")


@admin.register(models.ImprovementPlan)
class ImprovementPlanAdmin(SimpleHistoryAdmin):
    list_display = ("entity", "assessment", "document_code", "approved_on")


@admin.register(models.ImprovementAction)
class ImprovementActionAdmin(SimpleHistoryAdmin):
    list_display = ("entity", "plan", "activity", "status", "due_date")
    list_filter = ("entity", "status")


@admin.register(models.FuragResult)
class FuragResultAdmin(SimpleHistoryAdmin):
    list_display = ("entity", "year", "participation_index")
