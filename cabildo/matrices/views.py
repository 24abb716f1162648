"""Upload a matrix, review what it changes, confirm or discard (every matrix, one flow)."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from cabildo.core.mixins import EntityObjectMixin, StaffPermissionMixin
from cabildo.core.tabular import CellError
from cabildo.matrices import services
from cabildo.matrices.adapters import MatrixAdapter, adapter_class
from cabildo.matrices.forms import ConfirmForm, MatrixUploadForm
from cabildo.matrices.models import MatrixImport, MatrixImportStatus


def applied_message(*, new: int, changed: int, unchanged: int, withdrawn: int) -> str:
    """ "Importación aplicada: 1 fila nueva, 2 modificadas…" with each count's own plural."""
    parts = [
        ngettext("%(n)s fila nueva", "%(n)s filas nuevas", new) % {"n": new},
        ngettext("%(n)s modificada", "%(n)s modificadas", changed) % {"n": changed},
        ngettext("%(n)s sin cambios", "%(n)s sin cambios", unchanged) % {"n": unchanged},
    ]
    if withdrawn:
        parts.append(ngettext("%(n)s retirada", "%(n)s retiradas", withdrawn) % {"n": withdrawn})
    return _("Importación aplicada: %(counts)s.") % {"counts": ", ".join(parts)}


class MatrixUploadView(StaffPermissionMixin, FormView):
    """Step 1: read the file (a large one in the background). Nothing changes yet."""

    kind = ""
    template_name = "matrices/upload.html"
    form_class: type[forms.Form] = MatrixUploadForm

    def get_target(self, form: Any = None) -> int | None:
        return None

    def get_adapter(self, form: Any = None) -> MatrixAdapter:
        return adapter_class(self.kind)(entity=self.request.entity, target=self.get_target(form))

    def get_permission_required(self) -> tuple[str, ...]:
        return (adapter_class(self.kind).permission,)

    def get_permission_object(self) -> Any:
        return self.get_adapter().permission_object()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        adapter = self.get_adapter()
        context.update(
            adapter=adapter,
            title=adapter.title,
            back_url=adapter.back_url(),
            headers=[c.header for c in adapter.file_columns()],
            pending=MatrixImport.objects.for_entity(self.request.entity).filter(
                kind=self.kind,
                user=self.request.user,
                status__in=[MatrixImportStatus.PENDING, MatrixImportStatus.READING],
            ),
        )
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        file = form.cleaned_data["file"]
        adapter = self.get_adapter(form)
        if file.size > services.SYNC_MAX_BYTES:
            job = services.matrix_import_queue(
                entity=self.request.entity,
                kind=self.kind,
                target=adapter.target,
                data=file.read(),
                user=self.request.user,
                file_name=file.name,
            )
            return redirect("matrices:preview", pk=job.pk)
        result = services.matrix_import_prepare(
            entity=self.request.entity,
            kind=self.kind,
            target=adapter.target,
            file=file,
            user=self.request.user,
            file_name=file.name,
        )
        if result.errors or result.pending is None:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=result.errors), status=400
            )
        return redirect("matrices:preview", pk=result.pending.pk)


class MatrixImportPreviewView(StaffPermissionMixin, EntityObjectMixin, TemplateView):
    """Step 2: the reading's progress (large files), then what the file changes, field by
    field; confirm (one transaction) or discard. Only the official who uploaded it sees it."""

    template_name = "matrices/preview.html"
    object_model = MatrixImport

    def get_object_queryset(self) -> Any:
        return (
            super()
            .get_object_queryset()
            .filter(
                user_id=getattr(self.request.user, "pk", None) or 0,
                status__in=[
                    MatrixImportStatus.READING,
                    MatrixImportStatus.PENDING,
                    MatrixImportStatus.FAILED,
                ],
            )
        )

    def adapter(self) -> MatrixAdapter:
        return services.adapter_for(self.get_object())

    def get_permission_required(self) -> tuple[str, ...]:
        return (adapter_class(self.get_object().kind).permission,)

    def get_permission_object(self) -> Any:
        return self.adapter().permission_object()

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["matrices/_reading.html"]
        return [self.template_name]

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        # The same URL answers the polling fragment and the page: a cache (or the browser's
        # history) must never give the fragment for the page the result link opens.
        response = super().render_to_response(context, **kwargs)
        patch_vary_headers(response, ("HX-Request",))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pending = self.get_object()
        adapter = self.adapter()
        context.update(pending=pending, adapter=adapter, back_url=adapter.back_url())
        context.setdefault("form", ConfirmForm())
        if pending.status == MatrixImportStatus.PENDING:
            context["preview"] = preview = services.matrix_import_preview(pending=pending)
            context["reason_needed"] = adapter.reason_needed(preview)
        elif pending.status == MatrixImportStatus.FAILED:
            context["import_errors"] = services.stored_errors(pending)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pending = self.get_object()
        adapter = self.adapter()
        form = ConfirmForm(request.POST)
        if "discard" in request.POST:
            with contextlib.suppress(ValidationError):  # already applied or discarded
                services.matrix_import_discard(pending=pending, user=self.request.user)
            messages.info(request, _("Importación descartada: no se cambió nada."))
            return redirect(adapter.back_url())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        withdraw = request.POST.get("withdraw_absent") == "1"
        try:
            preview = services.matrix_import_apply(
                pending=pending,
                user=self.request.user,
                withdraw_absent=withdraw,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
                form.add_error("reason", exc.error_dict["reason"])
                return self.render_to_response(self.get_context_data(form=form), status=400)
            context = self.get_context_data(form=form)
            context["apply_errors"] = [CellError(0, "", m) for m in exc.messages]
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            applied_message(
                new=len(preview.new),
                changed=len(preview.changed),
                unchanged=len(preview.unchanged),
                withdrawn=len(preview.absent) if withdraw and adapter.can_withdraw else 0,
            ),
        )
        return redirect(adapter.back_url())
