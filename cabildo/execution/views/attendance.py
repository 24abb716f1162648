"""Attendance sheet pages: upload and download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core import uploads
from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import EntityObjectMixin, StaffPermissionMixin
from cabildo.execution.forms.attendance import AttendanceSheetForm
from cabildo.execution.models import AttendanceSheet
from cabildo.execution.services.attendance import attendance_sheet_upload, sheet_max_bytes
from cabildo.execution.views._common import EventObjectMixin


class AttendanceSheetUploadView(StaffPermissionMixin, EventObjectMixin, FormView):
    permission_required = "execution.add_attendancesheet"
    template_name = "execution/attendance_sheet_form.html"
    form_class = AttendanceSheetForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            event=self.event, max_mb=round(sheet_max_bytes() / (1024 * 1024), 1), **kwargs
        )

    def form_valid(self, form: AttendanceSheetForm) -> HttpResponse:
        try:
            attendance_sheet_upload(
                event=self.event,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Planilla de asistencia cargada."))
        return redirect(reverse("execution:event_detail", args=[self.event.pk]) + "#planillas")


class AttendanceSheetDownloadView(StaffPermissionMixin, EntityObjectMixin, View):
    """The scanned sheet, for staff who may see the registrations (it holds personal data);
    every download is written to the access log."""

    permission_required = "execution.view_attendancesheet"
    object_model = AttendanceSheet
    object_select_related = ("event__activity",)

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        sheet = self.get_object()
        extension = sheet.file.name.rsplit(".", 1)[-1]
        access_record(
            request=request,
            action=AccessAction.ATTACHMENT_DOWNLOAD,
            target=sheet,
            detail=f"{sheet.event} · planilla {sheet.pk}",
        )
        return uploads.file_response(
            sheet.file,
            filename=f"planilla-{sheet.pk}.{extension}",
            content_type=sheet.content_type,
        )
