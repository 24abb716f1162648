"""PQRSD pages: public intake and tracking, staff list/detail/actions, statistics (thin views)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core import formulas, public_cache, uploads, xlsx
from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import EntityScopedMixin, PublicPageCacheMixin, StaffPermissionMixin
from cabildo.core.throttle import Limit, ThrottledFormViewMixin
from cabildo.exercises.embed import CharacterizationFormMixin
from cabildo.outbox import selectors as outbox_selectors
from cabildo.outbox.models import EmailStatus
from cabildo.pqrs import forms, letters, mail_intake, receipt, selectors
from cabildo.pqrs.filters import PetitionFilterSet
from cabildo.pqrs.models import (
    Attachment,
    Channel,
    ClosingReason,
    ImportedYearCount,
    Mailbox,
    MailIntake,
    OutgoingDocument,
    Petition,
    PetitionKind,
    Status,
    SubChannel,
)
from cabildo.pqrs.services.answers import petition_answer
from cabildo.pqrs.services.assignment import petition_assign, petition_start
from cabildo.pqrs.services.closure import petition_archive_anonymous, petition_reopen
from cabildo.pqrs.services.completion import (
    petition_complete,
    petition_complete_by_citizen,
    petition_extend_completion,
    petition_request_completion,
)
from cabildo.pqrs.services.configuration import (
    YearCountRow,
    imported_count_delete,
    imported_counts_import,
    kind_update,
    kinds_ensure_defaults,
    mailbox_update,
    settings_for,
    settings_update,
    sub_channel_create,
    sub_channel_update,
)
from cabildo.pqrs.services.documents import document_cancel, document_verify
from cabildo.pqrs.services.extensions import petition_extend
from cabildo.pqrs.services.filing import FilingResult, petition_file
from cabildo.pqrs.services.notifications import petition_notification_retry
from cabildo.pqrs.services.tracking import petition_track
from cabildo.pqrs.services.transfers import petition_transfer
from cabildo.pqrs.services.withdrawal import petition_withdraw_by_citizen

ACK_SESSION_KEY = "pqrs_acknowledgement"
# The petition a visitor just looked up with its code (pk and time): lets them answer a
# completion request from the tracking page without typing the code again.
TRACKED_SESSION_KEY = "pqrs_tracked"
TRACKED_SECONDS = 30 * 60
RECEIPT_SESSION_KEY = "pqrs_receipt"
TRACK_MAX_FAILURES = 5
TRACK_WINDOW_SECONDS = 15 * 60
# Wrong tracking codes per client address (web and API share the counter).
TRACK_LIMIT = Limit(TRACK_MAX_FAILURES, TRACK_WINDOW_SECONDS)
ATTACHMENT_LINK_MAX_AGE = 60 * 60
MAILBOX_LOG_ROWS = 30
_signer = signing.TimestampSigner(salt="cabildo.pqrs.attachment")

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# --------------------------------------------------------------------------- public


class PetitionFileView(CharacterizationFormMixin, ThrottledFormViewMixin, FormView):
    """Public intake form (anonymous option, Ley 1581 consent, checked attachments)."""

    template_name = "pqrs/petition_file.html"
    form_class = forms.PetitionForm
    throttle_scope = "pqrs"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        kinds_ensure_defaults(entity=_entity(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.request.entity}

    def form_valid(self, form: forms.PetitionForm) -> HttpResponse:
        if form.is_spam:
            # Honeypot filled: a bot. Answer like an invalid form and store nothing.
            form.add_error(None, _("No fue posible radicar la petición. Intente de nuevo."))
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            result = self.file(form, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        self.record_characterization(petition=result.petition)
        self.request.session[ACK_SESSION_KEY] = {
            "pk": result.petition.pk,
            "code": result.tracking_code,
            "computation": result.computation.as_dict() if result.computation else None,
        }
        return redirect("pqrs:acknowledgement")

    def form_invalid(self, form: forms.PetitionForm) -> HttpResponse:
        forms.files_must_be_chosen_again(form)
        return super().form_invalid(form)

    def file(self, form: forms.PetitionForm, data: dict[str, Any]) -> FilingResult:
        return petition_file(
            entity=self.request.entity,
            kind=data["kind"],
            subject=data["subject"],
            description=data["description"],
            channel=Channel.WEB,
            sub_channel=data.get("sub_channel"),
            anonymous=data["anonymous"],
            requester=form.requester(),
            consent_given=data["consent"],
            attachments=data["attachments"],
            request=self.request,
        )


class AcknowledgementView(TemplateView):
    """The constancia: filing number, tracking code (shown once), due date and its computation."""

    template_name = "pqrs/acknowledgement.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        data = request.session.pop(ACK_SESSION_KEY, None)
        if not data:
            return redirect("pqrs:track")
        # The receipt (with the code) can be downloaded for a while after this page.
        request.session[RECEIPT_SESSION_KEY] = {
            "pk": data["pk"],
            "code": data["code"],
            "at": time.time(),
        }
        petition = get_object_or_404(
            Petition.objects.for_entity(_entity(request)).select_related("kind"), pk=data["pk"]
        )
        computation = data.get("computation")
        context = self.get_context_data(
            petition=petition,
            tracking_code=data["code"],
            computation=computation,
            skipped=[
                {"date": date.fromisoformat(s["date"]), "reason": s["reason"]}
                for s in (computation or {}).get("skipped", [])
            ],
        )
        return self.render_to_response(context)


def receipt_download(request: HttpRequest) -> HttpResponse:
    """The PDF constancia de radicación of the petition just filed from this browser."""
    data = request.session.get(RECEIPT_SESSION_KEY) or {}
    if not data or time.time() - float(data.get("at", 0)) > TRACKED_SECONDS:
        raise Http404(_("La constancia ya no está disponible: consulte su petición."))
    petition = get_object_or_404(
        Petition.objects.for_entity(_entity(request)).select_related("kind", "entity"),
        pk=data["pk"],
    )
    pdf = receipt.receipt_pdf(petition, tracking_code=data["code"])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="constancia-{petition.filing_number}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


class TrackView(ThrottledFormViewMixin, FormView):
    """Citizen tracking: filing number + code → public timeline and the answer. Wrong codes
    count against the address (atomic counters, ``cabildo.core.throttle``); past the limit,
    a proof-of-work challenge, then a refusal."""

    template_name = "pqrs/track.html"
    form_class = forms.TrackingForm
    throttle_scope = "pqrs_track"
    throttle_limit = TRACK_LIMIT
    throttle_counts = "refused"

    def throttle_message(self, wait: int) -> str:
        return _(
            "Demasiados intentos fallidos desde su conexión. Espere %(minutes)s minuto(s) e "
            "intente de nuevo."
        ) % {"minutes": max(1, (wait + 59) // 60)}

    def form_valid(self, form: forms.TrackingForm) -> HttpResponse:
        petition = petition_track(
            entity=_entity(self.request),
            filing_number=form.cleaned_data["filing_number"],
            code=form.cleaned_data["code"],
        )
        if petition is None:
            form.add_error(
                None,
                _("No encontrado: revise el número de radicado y el código de seguimiento."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=404)
        self.request.session[TRACKED_SESSION_KEY] = {"pk": petition.pk, "at": time.time()}
        return self.render_to_response(self.get_context_data(form=form, **_result(petition)))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Back from answering a completion request: show the result again.
        petition = _tracked_petition(request) if request.GET.get("completada") else None
        if petition is None:
            return super().get(request, *args, **kwargs)
        return self.render_to_response(self.get_context_data(**_result(petition)))


def _tracked_petition(request: HttpRequest) -> Petition | None:
    tracked = request.session.get(TRACKED_SESSION_KEY) or {}
    if not tracked or time.time() - float(tracked.get("at", 0)) > TRACKED_SECONDS:
        return None
    return (
        Petition.objects.for_entity(_entity(request))
        .select_related("kind", "entity")
        .filter(pk=int(tracked.get("pk") or 0))
        .first()
    )


def _letters(petition: Petition) -> list[dict[str, Any]]:
    """The petition's official letters as accessible HTML, each with its PDF link."""
    from django.utils.safestring import mark_safe

    return [
        {
            "document": document,
            # An autoescaped template's output.
            "html": mark_safe(letters.letter_html(document)),
            "pdf_url": reverse("pqrs:track_letter", args=[document.pk]),
        }
        for document in petition.documents.select_related("entity", "petition").order_by(
            "issued_at", "id"
        )
    ]


def _result(
    petition: Petition, completion_form: Any = None, withdraw_form: Any = None
) -> dict[str, Any]:
    """What the tracking page shows of a petition (public data only)."""
    answer_files = [
        {
            "name": a.original_name,
            "url": reverse("pqrs:public_attachment", args=[_signer.sign(str(a.pk))]),
        }
        for a in petition.attachments.filter(is_answer=True)
    ]
    completion = (
        petition.completion_requests.filter(completed_on__isnull=True, withdrawn_on__isnull=True)
        .order_by("-requested_on", "-id")
        .first()
        if petition.is_open
        else None
    )
    return {
        "petition": petition,
        "timeline": selectors.public_timeline(petition),
        "status": selectors.deadline_status_for(petition),
        "answer_files": answer_files,
        "completion": completion,
        "completion_form": completion_form or forms.CitizenCompletionForm(),
        "withdraw_form": withdraw_form or forms.CitizenWithdrawForm(prefix="withdraw"),
        "letters": _letters(petition),
    }


class TrackCompleteView(View):
    """The citizen answers a completion request (text and documents) from the tracking page,
    for the petition they just looked up with its code."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        petition = _tracked_petition(request)
        if petition is None:
            messages.error(
                request,
                _("Por seguridad, consulte de nuevo su petición con el radicado y el código."),
            )
            return redirect("pqrs:track")
        form = forms.CitizenCompletionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                petition_complete_by_citizen(
                    petition=petition,
                    text=form.cleaned_data["text"],
                    attachments=form.cleaned_data["attachments"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Recibimos la información. El término para responder se reanudó hoy "
                        "y la entidad fue avisada."
                    ),
                )
                return redirect(reverse("pqrs:track") + "?completada=1")
        forms.files_must_be_chosen_again(form)
        context = {"form": forms.TrackingForm(), **_result(petition, completion_form=form)}
        return render(request, "pqrs/track.html", context)


class TrackWithdrawView(View):
    """Desistimiento expreso (Ley 1755 de 2015, art. 18) of the petition the visitor just
    looked up with its code."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        petition = _tracked_petition(request)
        if petition is None:
            messages.error(
                request,
                _("Por seguridad, consulte de nuevo su petición con el radicado y el código."),
            )
            return redirect("pqrs:track")
        form = forms.CitizenWithdrawForm(request.POST, prefix="withdraw")
        if form.is_valid():
            try:
                act = petition_withdraw_by_citizen(
                    petition=petition, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Su desistimiento quedó registrado con el radicado de salida %(number)s. "
                        "La entidad dejó de tramitar la petición."
                    )
                    % {"number": act.number},
                )
                return redirect(reverse("pqrs:track") + "?completada=1")
        context = {"form": forms.TrackingForm(), **_result(petition, withdraw_form=form)}
        return render(request, "pqrs/track.html", context, status=400)


def track_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF of an official letter of the petition the visitor just looked up."""
    petition = _tracked_petition(request)
    if petition is None:
        raise Http404(_("Consulte de nuevo su petición con el radicado y el código."))
    document = get_object_or_404(
        OutgoingDocument.objects.select_related("entity", "petition"), pk=pk, petition=petition
    )
    return _letter_response(document)


def _letter_response(document: OutgoingDocument) -> HttpResponse:
    response = HttpResponse(letters.letter_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


class VerifyView(TemplateView):
    """Anyone checks an official letter by its verification code: the page confirms its
    outgoing radicado, date, kind and entity (never its text or the citizen's data)."""

    template_name = "pqrs/verify.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entity = _entity(request)
        if "codigo" not in request.GET:
            return self.render_to_response(self.get_context_data(form=forms.VerifyForm()))
        form = forms.VerifyForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        document = document_verify(entity=entity, code=form.cleaned_data["codigo"])
        if document is None:
            return self.render_to_response(
                self.get_context_data(form=form, not_found=True), status=404
            )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                document=document,
                issued_at=timezone.localtime(document.issued_at),
            )
        )


def public_attachment(request: HttpRequest, token: str) -> HttpResponseBase:
    """An answer attachment, through a signed link shown on the tracking page."""
    try:
        pk = int(_signer.unsign(token, max_age=ATTACHMENT_LINK_MAX_AGE))
    except (signing.BadSignature, ValueError) as exc:
        raise Http404 from exc
    attachment = get_object_or_404(
        Attachment.objects.for_entity(_entity(request)), pk=pk, is_answer=True
    )
    return uploads.file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


class PublicStatsView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ("year",)
    template_name = "pqrs/public_stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context["stats"] = selectors.public_statistics(entity=_entity(self.request), year=year)
        context["year"] = year
        return context


def _year(request: HttpRequest) -> int:
    form = forms.StatsForm(request.GET)
    if form.is_valid() and form.cleaned_data.get("year"):
        return form.cleaned_data["year"]
    return timezone.localdate().year


# --------------------------------------------------------------------------- staff


@dataclass(frozen=True, slots=True)
class ListRow:
    """One line of the staff list, formatted in Python: 50 rows of template filters, URL tags
    and includes cost more than the rest of the page."""

    url: str
    filing_number: str
    filed: str
    kind: str
    subject: str
    area: str
    status: str
    due: str
    days_left: str
    semaphore_code: str
    semaphore_label: str


def _days_left_text(days: int | None) -> str:
    if days is None:
        return "—"
    return str(days) if days >= 0 else f"−{-days}"


def list_rows(rows: list[selectors.Row], ctx: selectors.SemaphoreContext) -> list[ListRow]:
    statuses = {code: str(label) for code, label in Status.choices}
    tz = timezone.get_current_timezone()
    found = []
    for row in rows:
        petition = row.petition
        found.append(
            ListRow(
                url=reverse("pqrs:staff_detail", args=[petition.pk]),
                filing_number=petition.filing_number,
                filed=petition.filed_at.astimezone(tz).strftime("%d/%m/%Y"),
                kind=str(petition.kind),
                subject=petition.subject,
                area=petition.area.name if petition.area else "—",
                status=statuses.get(petition.status, petition.status),
                due=petition.due_date.strftime("%d/%m/%Y") if petition.due_date else "—",
                days_left=_days_left_text(selectors.days_left_of(petition, ctx)),
                semaphore_code=row.status.code,
                semaphore_label=row.status.label,
            )
        )
    return found


class PetitionListView(StaffPermissionMixin, TemplateView):
    permission_required = "pqrs.view_petition_list"
    template_name = "pqrs/staff_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = self.request.entity
        ctx = selectors.semaphore_context(entity=entity)
        filterset = PetitionFilterSet(
            self.request.GET or None,
            selectors.petition_list(entity=entity, user=self.request.user, ctx=ctx),
            request=self.request,
            ctx=ctx,
        )
        form = filterset.form
        order = filterset.petition_filters().order
        page = selectors.keyset_page(
            selectors.list_page_queryset(filterset.qs),
            cursor=self.request.GET.get("cursor", ""),
            ctx=ctx,
            order=order,
        )
        query = self.request.GET.copy()
        query.pop("cursor", None)
        context.update(
            form=form,
            # The filter form depends only on the entity's areas and kinds and on the query:
            # rendered once per entity version, language and query (its widgets are the most
            # expensive part of the page to render).
            form_html=public_cache.cached(
                entity,
                "pqrs-staff-filters",
                (query.urlencode(),),
                lambda: render_to_string("pqrs/_staff_filters.html", {"form": form}),
            ),
            page=page,
            rows=list_rows(page.rows, ctx),
            by_due_date=order == selectors.ORDER_DUE,
            next_query=(query.urlencode() + "&" if query else "") + f"cursor={page.next_cursor}"
            if page.next_cursor
            else "",
            can_add=self.request.user.has_perm("pqrs.add_petition", entity),
        )
        return context


class StaffPetitionFileView(StaffPermissionMixin, PetitionFileView):
    permission_required = "pqrs.add_petition"
    template_name = "pqrs/staff_file.html"
    form_class = forms.StaffPetitionForm
    throttle_scope = ""  # staff share office addresses; they are accountable users

    def form_invalid(self, form: forms.PetitionForm) -> HttpResponse:
        forms.files_must_be_chosen_again(form)
        return super().form_invalid(form)

    def file(self, form: forms.PetitionForm, data: dict[str, Any]) -> FilingResult:
        return petition_file(
            entity=self.request.entity,
            kind=data["kind"],
            subject=data["subject"],
            description=data["description"],
            channel=data["channel"],
            sub_channel=data.get("sub_channel"),
            filed_at=data["filed_at"],
            anonymous=data["anonymous"],
            requester=form.requester(),
            consent_given=data["consent"],
            is_priority=data["is_priority"],
            priority_reason=data["priority_reason"],
            attachments=data["attachments"],
            actor=self.request.user,
            request=self.request,
        )


class PetitionDetailView(StaffPermissionMixin, EntityScopedMixin, DetailView):
    model = Petition
    permission_required = "pqrs.view_petition"
    template_name = "pqrs/staff_detail.html"
    context_object_name = "petition"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("kind", "area", "assigned_to", "consent")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # The page shows the requester's identity and contact: every read is in the access log.
        access_record(
            request=request,
            action=AccessAction.PERSONAL_DATA_VIEW,
            target=self.object,
            detail=self.object.filing_number,
        )
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        petition = self.object
        entity = self.request.entity
        user = self.request.user
        context.update(
            status=selectors.deadline_status_for(petition),
            timeline=selectors.staff_timeline(petition),
            notifications=outbox_selectors.emails_about(entity=entity, obj=petition),
            email_statuses=EmailStatus,
            attachments=list(petition.attachments.all()),
            completion=petition.completion_requests.filter(
                completed_on__isnull=True, withdrawn_on__isnull=True
            ).first(),
            extensions=list(petition.extensions.all()),
            documents=list(petition.documents.order_by("issued_at", "id")),
            cancel_form=forms.DocumentCancelForm(prefix="cancel"),
            transfers=list(petition.transfers.select_related("new_petition")),
            can_change=user.has_perm("pqrs.change_petition", petition),
            can_assign=user.has_perm("pqrs.assign_petition", petition),
            can_transfer=user.has_perm("pqrs.transfer_petition", petition),
            can_reopen=user.has_perm("pqrs.reopen_petition", petition),
            assign_form=forms.AssignForm(
                entity=entity,
                initial={"area": petition.area_id, "assigned_to": petition.assigned_to_id},
                prefix="assign",
            ),
            completion_form=forms.CompletionRequestForm(prefix="completion"),
            complete_form=forms.CompleteForm(prefix="complete"),
            extend_form=forms.ExtendForm(prefix="extend"),
            transfer_form=forms.TransferForm(entity=entity, prefix="transfer"),
            answer_form=forms.AnswerForm(prefix="answer", initial={"channel": petition.channel}),
            reason_form=forms.ReasonForm(prefix="reason"),
            is_open=petition.is_open,
            statuses=Status,
            closing=ClosingReason,
        )
        return context


class PetitionActionView(StaffPermissionMixin, EntityScopedMixin, View):
    """Base of the POST-only actions on a petition: validate, call the service, redirect."""

    model = Petition
    pk_url_kwarg = "pk"
    form_class: Any = None
    prefix: str = ""
    success_message: StrOrPromise = ""
    http_method_names = ["post"]

    def get_object(self, queryset: Any = None) -> Petition:
        return get_object_or_404(
            (queryset or self.get_queryset()).select_related("kind", "entity"),
            pk=self.kwargs["pk"],
        )

    def get_form(self) -> Any:
        kwargs: dict[str, Any] = {"data": self.request.POST, "files": self.request.FILES}
        if self.prefix:
            kwargs["prefix"] = self.prefix
        if "entity" in self.form_class.__init__.__code__.co_varnames:
            kwargs["entity"] = self.request.entity
        return self.form_class(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        petition = self.get_object()
        form = self.get_form() if self.form_class else None
        url = reverse("pqrs:staff_detail", args=[petition.pk])
        if form is not None and not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            return self.error_redirect(url)
        try:
            self.perform(petition, form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return self.error_redirect(url)
        messages.success(request, self.success_message)
        return HttpResponseRedirect(url)

    def error_redirect(self, url: str) -> HttpResponse:
        if self.request.FILES:  # files chosen for this action are not kept
            messages.error(self.request, forms.files_dropped_message())
        return HttpResponseRedirect(url)

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        raise NotImplementedError


class AssignView(PetitionActionView):
    permission_required = "pqrs.assign_petition"
    form_class = forms.AssignForm
    prefix = "assign"
    success_message = gettext_lazy("Petición asignada.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_assign(
            petition=petition,
            area=data["area"],
            assigned_to=data["assigned_to"],
            actor=self.request.user,
        )


class StartView(PetitionActionView):
    permission_required = "pqrs.change_petition"
    success_message = gettext_lazy("La petición está en trámite.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_start(petition=petition, actor=self.request.user)


class RequestCompletionView(PetitionActionView):
    permission_required = "pqrs.change_petition"
    form_class = forms.CompletionRequestForm
    prefix = "completion"
    success_message = gettext_lazy(
        "Se solicitó completar la petición; el término queda suspendido."
    )

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_request_completion(
            petition=petition, missing=data["missing"], actor=self.request.user
        )


class CompleteView(PetitionActionView):
    permission_required = "pqrs.change_petition"
    form_class = forms.CompleteForm
    prefix = "complete"
    success_message = gettext_lazy("Información registrada; el término se reinició.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_complete(petition=petition, text=data["text"], actor=self.request.user)


class ExtendCompletionView(PetitionActionView):
    permission_required = "pqrs.change_petition"
    success_message = gettext_lazy("Se amplió el plazo para completar.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_extend_completion(petition=petition, actor=self.request.user)


class ExtendView(PetitionActionView):
    permission_required = "pqrs.change_petition"
    form_class = forms.ExtendForm
    prefix = "extend"
    success_message = gettext_lazy("Prórroga registrada y notificada.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_extend(
            petition=petition,
            new_due_date=data["new_due_date"],
            reason=data["reason"],
            actor=self.request.user,
        )


class TransferView(PetitionActionView):
    permission_required = "pqrs.transfer_petition"
    form_class = forms.TransferForm
    prefix = "transfer"
    success_message = gettext_lazy("Petición trasladada por competencia.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_transfer(
            petition=petition,
            reason=data["reason"],
            target_entity=data["target_entity"],
            target_name=data["target_name"],
            target_email=data["target_email"],
            actor=self.request.user,
        )


class AnswerView(PetitionActionView):
    permission_required = "pqrs.change_petition"
    form_class = forms.AnswerForm
    prefix = "answer"
    success_message = gettext_lazy("Respuesta registrada.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_answer(
            petition=petition,
            text=data["text"],
            channel=data["channel"],
            answered_at=data["answered_at"],
            attachments=data["attachments"],
            actor=self.request.user,
        )


class CancelDocumentView(PetitionActionView):
    """Anular a radicado de salida of the petition, with its reason (Acuerdo AGN 060)."""

    permission_required = "pqrs.change_petition"
    form_class = forms.DocumentCancelForm
    prefix = "cancel"
    success_message = gettext_lazy("Radicado de salida anulado; el número no se volverá a usar.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        document = petition.documents.filter(pk=data["document"]).first()
        if document is None:
            raise ValidationError(_("Ese radicado de salida no pertenece a esta petición."))
        document_cancel(document=document, reason=data["reason"], actor=self.request.user)


class DocumentPdfView(StaffPermissionMixin, EntityScopedMixin, View):
    """The PDF of an official letter, for staff."""

    model = OutgoingDocument
    permission_required = "pqrs.view_petition"
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> OutgoingDocument:
        return get_object_or_404(
            self.get_queryset().select_related("entity", "petition"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self) -> Any:
        return self.get_object().petition

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _letter_response(self.get_object())


class ArchiveAnonymousView(PetitionActionView):
    permission_required = "pqrs.change_petition"
    form_class = forms.ReasonForm
    prefix = "reason"
    success_message = gettext_lazy("Petición anónima archivada.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_archive_anonymous(
            petition=petition, reason=data["reason"], actor=self.request.user
        )


class ReopenView(PetitionActionView):
    permission_required = "pqrs.reopen_petition"
    form_class = forms.ReasonForm
    prefix = "reason"
    success_message = gettext_lazy("Petición reabierta.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_reopen(petition=petition, reason=data["reason"], actor=self.request.user)


class RetryNotificationView(PetitionActionView):
    permission_required = "pqrs.change_petition"
    form_class = forms.RetryNotificationForm
    success_message = gettext_lazy("La notificación se enviará de nuevo.")

    def perform(self, petition: Petition, data: dict[str, Any]) -> None:
        petition_notification_retry(petition=petition, email_id=data["email"])


class AttachmentDownloadView(StaffPermissionMixin, EntityScopedMixin, View):
    model = Attachment
    permission_required = "pqrs.view_petition"
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> Attachment:
        return get_object_or_404(
            self.get_queryset().select_related("petition"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self) -> Any:
        return self.get_object().petition

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        attachment = self.get_object()
        access_record(
            request=request,
            action=AccessAction.ATTACHMENT_DOWNLOAD,
            target=attachment,
            detail=f"{attachment.petition} · {attachment.original_name}",
        )
        return uploads.file_response(
            attachment.file, filename=attachment.original_name, content_type=attachment.content_type
        )


class StatsView(StaffPermissionMixin, TemplateView):
    permission_required = "pqrs.view_petition_list"
    template_name = "pqrs/stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context["stats"] = selectors.statistics(entity=self.request.entity, year=year)
        context["year"] = year
        return context


class _Echo:
    def write(self, value: str) -> str:
        return value


EXPORT_HEADER = [
    "radicado",
    "fecha_radicacion",
    "clase",
    "canal",
    "dependencia",
    "estado",
    "motivo_cierre",
    "vencimiento",
    "fecha_respuesta",
    "prioritaria",
    "anonima",
]


@dataclass(frozen=True)
class _ExportLabels:
    """The labels of one export, translated once (not once per row: 300,000 rows a year)."""

    channels: dict[str, str]
    statuses: dict[str, str]
    reasons: dict[str, str]
    yes: str
    no: str
    tz: tzinfo

    @classmethod
    def current(cls) -> _ExportLabels:
        return cls(
            channels={code: str(label) for code, label in Channel.choices},
            statuses={code: str(label) for code, label in Status.choices},
            reasons={code: str(label) for code, label in ClosingReason.choices},
            yes=str(_("sí")),
            no=str(_("no")),
            tz=timezone.get_current_timezone(),
        )


# "HH:MM" for each minute of a day: the same text as strftime("%H:%M"), without its cost.
_DAY_MINUTES = [f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60)]


def _local_minute(value: datetime, tz: tzinfo) -> str:
    """``value.astimezone(tz).strftime("%Y-%m-%d %H:%M")`` at a third of the cost."""
    local = value.astimezone(tz)
    return f"{local.date().isoformat()} {_DAY_MINUTES[local.hour * 60 + local.minute]}"


def _export_values(row: tuple[Any, ...], labels: _ExportLabels | None = None) -> list[Any]:
    labels = labels or _ExportLabels.current()
    (number, filed, kind, channel, area, status, reason, due, answered, prio, anon) = row
    return [
        number,
        _local_minute(filed, labels.tz),
        kind,
        labels.channels.get(channel, channel),
        area or "",
        labels.statuses.get(status, status),
        labels.reasons.get(reason, reason) if reason else "",
        due.isoformat() if due else "",
        _local_minute(answered, labels.tz) if answered else "",
        labels.yes if prio else labels.no,
        labels.yes if anon else labels.no,
    ]


class StatsExportView(StaffPermissionMixin, View):
    """CSV of the year's petitions without personal data, streamed."""

    permission_required = "pqrs.view_petition_list"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> StreamingHttpResponse:
        year = _year(request)
        writer = formulas.csv_writer(_Echo())

        labels = _ExportLabels.current()

        def rows() -> Any:
            yield "\ufeff" + writer.writerow(EXPORT_HEADER)
            for row in selectors.export_rows(entity=_entity(request), year=year):
                yield writer.writerow(_export_values(row, labels))

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pqrsd-{year}.csv"'
        return response


# Widths (in characters) of EXPORT_HEADER's columns in the workbook.
_EXPORT_WIDTHS = [20, 17, 18, 16, 30, 16, 24, 12, 17, 11, 9]


class StatsXlsxExportView(StaffPermissionMixin, View):
    """The same rows as an Excel workbook, streamed while it is written (flat memory, and
    the download starts at once: a year is 300,000 rows)."""

    permission_required = "pqrs.view_petition_list"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> StreamingHttpResponse:
        year = _year(request)
        labels = _ExportLabels.current()
        rows = (
            _export_values(row, labels)
            for row in selectors.export_rows(entity=_entity(request), year=year)
        )
        sheet = xlsx.SheetSpec(
            title=f"PQRSD {year}",
            header=EXPORT_HEADER,
            rows=rows,
            column_widths=_EXPORT_WIDTHS,
            freeze_header=True,
        )
        response = StreamingHttpResponse(
            xlsx.stream_workbook([sheet]), content_type=xlsx.CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="pqrsd-{year}.xlsx"'
        return response


class SettingsView(StaffPermissionMixin, FormView):
    """The entity's PQRSD settings and its kinds with their terms."""

    permission_required = "pqrs.change_pqrssettings"
    template_name = "pqrs/settings.html"
    form_class = forms.PqrsSettingsForm

    def get_initial(self) -> dict[str, Any]:
        obj = settings_for(entity=self.request.entity)
        return {
            "filing_prefix": obj.filing_prefix,
            "due_soon_days": obj.due_soon_days,
            "priority_term_days": obj.priority_term_days,
            "letter_header": obj.letter_header,
            "letter_city": obj.letter_city,
            "signer_name": obj.signer_name,
            "signer_title": obj.signer_title,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kinds_ensure_defaults(entity=self.request.entity)
        context["kinds"] = list(PetitionKind.objects.for_entity(self.request.entity))
        return context

    def form_valid(self, form: forms.PqrsSettingsForm) -> HttpResponse:
        try:
            settings_update(entity=self.request.entity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Configuración guardada."))
        return redirect("pqrs:settings")


class MailboxView(StaffPermissionMixin, FormView):
    """The entity's PQRSD mailbox (Decreto 1166 de 2016) and the messages read from it."""

    permission_required = "pqrs.change_pqrssettings"
    template_name = "pqrs/mailbox.html"
    form_class = forms.MailboxForm

    def mailbox(self) -> Mailbox | None:
        return Mailbox.objects.for_entity(self.request.entity).first()

    def get_initial(self) -> dict[str, Any]:
        mailbox = self.mailbox()
        if mailbox is None:
            return {"port": 993, "use_ssl": True, "folder": "INBOX", "is_active": True}
        fields = ["address", "host", "port", "use_ssl", "username", "password_env", "folder"]
        return {**{f: getattr(mailbox, f) for f in fields}, "is_active": mailbox.is_active}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        mailbox = self.mailbox()
        context["mailbox"] = mailbox
        context["max_attempts"] = mail_intake.MAX_ATTEMPTS
        context["intakes"] = (
            list(
                MailIntake.objects.for_entity(self.request.entity).select_related("petition")[
                    :MAILBOX_LOG_ROWS
                ]
            )
            if mailbox
            else []
        )
        return context

    def form_valid(self, form: forms.MailboxForm) -> HttpResponse:
        try:
            mailbox_update(entity=self.request.entity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Buzón guardado. Se lee cada 5 minutos."))
        return redirect("pqrs:mailbox")


class KindUpdateView(StaffPermissionMixin, EntityScopedMixin, FormView):
    model = PetitionKind
    permission_required = "pqrs.change_pqrssettings"
    template_name = "pqrs/kind_form.html"
    form_class = forms.KindForm
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> PetitionKind:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.request.entity

    def get_initial(self) -> dict[str, Any]:
        kind = self.get_object()
        return {
            "name": kind.name,
            "term_days": kind.term_days,
            "extension_days": kind.extension_days,
            "priority_term_days": kind.priority_term_days,
            "is_active": kind.is_active,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "kind": self.get_object()}

    def form_valid(self, form: forms.KindForm) -> HttpResponse:
        try:
            kind_update(kind=self.get_object(), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Clase de petición actualizada."))
        return redirect("pqrs:settings")


class ChannelsView(StaffPermissionMixin, TemplateView):
    """The entity's sub-channels under the legal channels and the yearly counts imported from
    the reports before the system (they feed the statistics' year-on-year tables)."""

    permission_required = "pqrs.change_pqrssettings"
    template_name = "pqrs/channels.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = self.request.entity
        return {
            "sub_form": forms.SubChannelForm(),
            "count_form": forms.ImportedCountForm(entity=entity),
            **super().get_context_data(**kwargs),
            "sub_channels": list(SubChannel.objects.for_entity(entity)),
            "counts": list(
                ImportedYearCount.objects.for_entity(entity).select_related("sub_channel")
            ),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entity = self.request.entity
        if request.POST.get("form") == "cifra":
            form: Any = forms.ImportedCountForm(request.POST, entity=entity)
            context_name = "count_form"
        else:
            form = forms.SubChannelForm(request.POST)
            context_name = "sub_form"
        if form.is_valid():
            try:
                if context_name == "count_form":
                    data = form.cleaned_data
                    row = YearCountRow(
                        year=data["year"],
                        channel=data["channel"],
                        label=data["label"],
                        count=data["count"],
                        sub_channel=data["sub_channel"].name if data["sub_channel"] else "",
                    )
                    imported_counts_import(
                        entity=entity, rows=[row], source=data["source"], actor=self.request.user
                    )
                    messages.success(request, _("Cifra histórica guardada."))
                else:
                    sub_channel_create(entity=entity, **form.cleaned_data)
                    messages.success(request, _("Subcanal creado."))
                return redirect("pqrs:channels")
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self.render_to_response(self.get_context_data(**{context_name: form}))


class SubChannelUpdateView(StaffPermissionMixin, EntityScopedMixin, FormView):
    model = SubChannel
    permission_required = "pqrs.change_pqrssettings"
    template_name = "pqrs/sub_channel_form.html"
    form_class = forms.SubChannelUpdateForm

    def get_object(self, queryset: Any = None) -> SubChannel:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.request.entity

    def get_initial(self) -> dict[str, Any]:
        sub = self.get_object()
        return {"name": sub.name, "order": sub.order, "is_active": sub.is_active}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "sub_channel": self.get_object()}

    def form_valid(self, form: forms.SubChannelUpdateForm) -> HttpResponse:
        try:
            sub_channel_update(sub_channel=self.get_object(), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Subcanal actualizado."))
        return redirect("pqrs:channels")


class ImportedCountDeleteView(StaffPermissionMixin, EntityScopedMixin, View):
    """POST only: remove an imported yearly figure."""

    model = ImportedYearCount
    permission_required = "pqrs.change_pqrssettings"
    http_method_names = ["post"]

    def get_permission_object(self) -> Any:
        # Another entity's figure is a 404 whatever the method (before the 405 of a GET).
        self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.request.entity

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        imported_count_delete(count=self.object)
        messages.success(request, _("Cifra histórica eliminada."))
        return redirect("pqrs:channels")


def public_stats_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Public aggregate figures (no personal data, no row per petition) as CSV."""
    year = _year(request)
    stats = selectors.statistics(entity=_entity(request), year=year)
    writer = formulas.csv_writer(_Echo())

    def rows() -> Any:
        yield "\ufeff" + writer.writerow(
            [_("tabla"), _("categoría"), str(year), str(year - 1), _("variación %")]
        )
        for row in stats.channel_comparison:
            variation = "" if row["variation"] is None else row["variation"]
            yield writer.writerow(
                [_("canal"), row["label"], row["current"], row["previous"], variation]
            )
        for row in stats.by_sub_channel:
            variation = "" if row["variation"] is None else row["variation"]
            yield writer.writerow(
                [
                    _("subcanal"),
                    f"{row['channel']} › {row['label']}",
                    row["current"],
                    row["previous"],
                    variation,
                ]
            )
        for table, data in (
            (_("clase"), stats.by_kind),
            (_("estado"), stats.by_status),
            (_("dependencia"), stats.by_area),
        ):
            for row in data:
                yield writer.writerow([table, row["label"], row["n"], "", ""])
        for row in stats.by_month:
            yield writer.writerow([_("mes"), row["month"], row["n"], "", ""])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pqrsd-estadisticas-{year}.csv"'
    return response
