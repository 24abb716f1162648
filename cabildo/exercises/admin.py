from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Diagnosis, Forum, ForumComment, Question, Survey


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = ("title", "entity", "opens_at", "closes_at", "is_published")
    list_filter = ("entity", "is_published")


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ("text", "survey", "kind", "required", "order")


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ("topic", "entity", "opens_at", "closes_at", "is_published")


@admin.register(ForumComment)
class ForumCommentAdmin(SimpleHistoryAdmin):
    list_display = ("forum", "status", "created_at")
    list_filter = ("status",)


@admin.register(Diagnosis)
class DiagnosisAdmin(SimpleHistoryAdmin):
    list_display = ("title", "entity", "year", "is_published")
