"""Writes of the standard internal report: start, update, submit, return, accept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cabildo.core.links import entity_url
from cabildo.execution.models import ActivityCancellation, ActivityReport, ReportStatus
from cabildo.outbox.services import email_queue

if TYPE_CHECKING:
    from cabildo.accounts.models import User


EDITABLE_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _prefilled_activities_done(figures: dict[str, Any]) -> str:
    lines = []
    for event in figures["events"]:
        if event["cancelled"]:
            continue
        lines.append(
            _(
                "%(title)s (%(when)s, %(modality)s%(place)s): asistentes, %(attended)s; "
                "inscritos, %(registered)s."
            )
            % {
                "title": event["title"],
                "when": event["starts_at"],
                "modality": event["modality"].lower(),
                "place": f", {event['place']}" if event["place"] else "",
                "attended": event["attended"],
                "registered": event["registered"],
            }
        )
    contributions = figures["contributions"]
    if contributions["total"]:
        received = ngettext(
            "Se recibió %(total)s aporte ciudadano",
            "Se recibieron %(total)s aportes ciudadanos",
            contributions["total"],
        )
        analysed = ngettext(
            "%(analysed)s fue analizado.",
            "%(analysed)s fueron analizados.",
            contributions["analysed"],
        )
        lines.append(f"{received % contributions}; {analysed % contributions}")
    commitments = figures["commitments"]
    if commitments["total"]:
        agreed = ngettext(
            "Se pactó %(total)s acuerdo o compromiso",
            "Se pactaron %(total)s acuerdos o compromisos",
            commitments["total"],
        )
        done = ngettext("%(done)s está cumplido.", "%(done)s están cumplidos.", commitments["done"])
        lines.append(f"{agreed % commitments}; {done % commitments}")
    return "\n".join(lines)


@transaction.atomic
def report_start(*, activity: Any) -> ActivityReport:
    """The report of an activity (created on first use, with the activities pre-filled from the
    data). An activity has one report."""
    from cabildo.execution.selectors.reports import report_figures

    existing = ActivityReport.objects.filter(activity=activity).first()
    if existing is not None:
        return existing
    if ActivityCancellation.objects.filter(activity=activity).exists():
        raise ValidationError(_("La actividad está cancelada: no se reporta."))
    report = ActivityReport(
        entity_id=activity.entity_id,
        activity=activity,
        activities_done=_prefilled_activities_done(report_figures(activity)),
    )
    report.full_clean()
    report.save()
    return report


def _locked_report(report: ActivityReport) -> ActivityReport:
    return ActivityReport.objects.select_for_update().select_related("activity").get(pk=report.pk)


@transaction.atomic
def report_update(
    *, report: ActivityReport, activities_done: str, results: str, lessons_learned: str = ""
) -> ActivityReport:
    """Change the narrative of a draft or returned report."""
    report = _locked_report(report)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise ValidationError(
            _("El reporte ya fue enviado a planeación: solo se edita si lo devuelven.")
        )
    report.activities_done = (activities_done or "").strip()
    report.results = (results or "").strip()
    report.lessons_learned = (lessons_learned or "").strip()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_submit(*, report: ActivityReport, user: User, notify: bool = True) -> ActivityReport:
    """Send the report to the planning office: its figures are frozen and planning is told."""
    from cabildo.execution.selectors.reports import report_figures

    report = _locked_report(report)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise ValidationError(_("El reporte ya fue enviado a planeación."))
    errors: dict[str, list[str]] = {}
    if not report.activities_done.strip():
        errors["activities_done"] = [_("Describa las actividades realizadas antes de enviar.")]
    if not report.results.strip():
        errors["results"] = [_("Describa los resultados antes de enviar.")]
    if ActivityCancellation.objects.filter(activity=report.activity).exists():
        errors["__all__"] = [_("La actividad está cancelada: no se reporta.")]
    if errors:
        raise ValidationError(errors)
    report.figures = report_figures(report.activity)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = user
    report.full_clean()
    report.save()
    pk = report.pk
    if notify:
        transaction.on_commit(lambda: report_submitted_email_send(report_id=pk))
    return report


def _report_review(
    *, report: ActivityReport, user: User | None, status: str, notes: str, notify: bool
) -> ActivityReport:
    """Planning's decision on a report sent to it (``status``: accepted or returned), with its
    observations; the area that sent it is told by email after the commit."""
    if user is None or not user.has_perm("execution.review_report", report):
        raise ValidationError(_("Solo la oficina de planeación revisa los reportes."))
    report = _locked_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Solo se revisan reportes enviados a planeación."))
    report.status = status
    report.review_notes = (notes or "").strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.full_clean()
    report.save()
    pk = report.pk
    if notify:
        transaction.on_commit(lambda: report_reviewed_email_send(report_id=pk))
    return report


@transaction.atomic
def report_return(
    *, report: ActivityReport, user: User, notes: str, notify: bool = True
) -> ActivityReport:
    """Planning returns the report with observations; the area edits it and sends it again."""
    return _report_review(
        report=report, user=user, status=ReportStatus.RETURNED, notes=notes, notify=notify
    )


@transaction.atomic
def report_accept(
    *,
    report: ActivityReport,
    user: User,
    notes: str = "",
    notify: bool = True,
) -> ActivityReport:
    """Planning accepts the report: it becomes public (its frozen figures, no personal data)."""
    return _report_review(
        report=report, user=user, status=ReportStatus.ACCEPTED, notes=notes, notify=notify
    )


def report_submitted_email_send(*, report_id: int) -> None:
    from cabildo.accounts.models import Membership, Role

    report = ActivityReport.objects.select_related("activity__area", "entity").get(pk=report_id)
    emails = sorted(
        set(
            Membership.objects.filter(
                entity_id=report.entity_id, role=Role.PLANNING_OFFICE, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )
    if not emails:
        return
    url = entity_url(report.entity, "execution:report_detail", args=[report.pk])
    subject = _("Reporte enviado a planeación: %(activity)s") % {"activity": report.activity.name}
    body = "\n".join(
        [
            _("La dependencia %(area)s envió el reporte de la actividad «%(activity)s».")
            % {"area": report.activity.area.name, "activity": report.activity.name},
            _("Revíselo y acéptelo o devuélvalo con observaciones: %(url)s") % {"url": url},
            "",
            report.entity.name,
        ]
    )
    for email in emails:
        email_queue(
            entity=report.entity,
            to=email,
            subject=subject,
            body=body,
            template="execution.report_submitted",
            related=report,
        )


def report_reviewed_email_send(*, report_id: int) -> None:
    report = ActivityReport.objects.select_related("activity", "submitted_by", "entity").get(
        pk=report_id
    )
    author = report.submitted_by
    if author is None or not author.email:
        return
    url = entity_url(report.entity, "execution:report_detail", args=[report.pk])
    if report.status == ReportStatus.ACCEPTED:
        subject = _("Reporte aceptado: %(activity)s") % {"activity": report.activity.name}
        intro = _("La oficina de planeación aceptó el reporte; ya es público.")
    else:
        subject = _("Reporte devuelto con observaciones: %(activity)s") % {
            "activity": report.activity.name
        }
        intro = _("La oficina de planeación devolvió el reporte. Ajústelo y envíelo de nuevo.")
    lines = [str(intro)]
    if report.review_notes:
        lines.append(_("Observaciones: %(notes)s") % {"notes": report.review_notes})
    lines += [url, "", report.entity.name]
    email_queue(
        entity=report.entity,
        to=author.email,
        subject=subject,
        body="\n".join(lines),
        template="execution.report_reviewed",
        related=report,
    )
