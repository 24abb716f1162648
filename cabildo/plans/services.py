"""Writes of the plans app: every rule on plans, versions, consultations and observations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.consultations import services as consultations
from cabildo.core import dates
from cabildo.core.models import Area, Entity
from cabildo.outbox.services import email_queue
from cabildo.plans.models import (
    VERDICTS,
    Consultation,
    Observation,
    ParticipationPlan,
    PlannedActivity,
    PlanStatus,
    PlanTransition,
    PlanVersion,
    Viability,
)
from cabildo.plans.signals import version_closed

if TYPE_CHECKING:
    from cabildo.accounts.models import User

# Ley 1757 de 2015 / MIPG: the plan is published for comments; the entity's practice
# (seed 002) is a window of 15 calendar days, not business days.
CONSULTATION_DEFAULT_DAYS = 15
CONSULTATION_MAX_DAYS = 90
OBSERVATION_CONSENT_PURPOSE = "plan_observation"

ACTIVITY_FIELDS = (
    "area",
    "name",
    "description",
    "goal",
    "unit",
    "indicator",
    "phase",
    "procedure",
    "incidence_level",
    "body",
    "other_space",
    "channels",
    "mechanism",
    "methodology",
    "budget",
    "alliances",
    "start_date",
    "end_date",
    "responsible",
    "periodicity",
    "is_accountability",
    "murc_action",
    "order",
)
FK_FIELDS = ("area", "body")


def _today() -> date:
    return timezone.localdate()


def _record(version: PlanVersion, from_status: str, user: User | None, note: str = "") -> None:
    PlanTransition.objects.create(
        entity_id=version.entity_id,
        version=version,
        from_status=from_status,
        to_status=version.status,
        user=user if getattr(user, "is_authenticated", False) else None,
        note=note,
    )


def _require_status(version: PlanVersion, *allowed: str, action: str) -> None:
    if version.status not in allowed:
        labels = ", ".join(str(PlanStatus(s).label) for s in allowed)
        raise ValidationError(
            _(
                "No se puede %(action)s: la versión está en estado «%(status)s» (se requiere: "
                "%(allowed)s)."
            )
            % {"action": action, "status": version.get_status_display(), "allowed": labels}
        )


def _lock(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.select_for_update().get(pk=version.pk)


# Plans and versions ------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, entity: Entity, year: int, title: str, objective: str = "", user: User | None = None
) -> ParticipationPlan:
    """A plan for a vigencia, with its first version as a draft."""
    if ParticipationPlan.objects.for_entity(entity).filter(year=year).exists():
        raise ValidationError(
            {
                "year": _("Ya existe un plan de participación para la vigencia %(year)s.")
                % {"year": year}
            }
        )
    plan = ParticipationPlan(entity=entity, year=year, title=title.strip(), objective=objective)
    plan.full_clean()
    plan.save()
    version = PlanVersion(entity=entity, plan=plan, number=1, status=PlanStatus.DRAFT)
    version.full_clean()
    version.save()
    _record(version, "", user, _("Plan creado"))
    return plan


def latest_version(plan: ParticipationPlan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


NEW_VERSION_FROM = (PlanStatus.ADJUSTED, PlanStatus.APPROVED, PlanStatus.IN_EXECUTION)


def can_create_version(version: PlanVersion) -> bool:
    """A new version is drafted from the plan's latest version once it was adjusted after the
    consultation, while it is approved or in execution."""
    latest = latest_version(version.plan)
    return latest is not None and latest.pk == version.pk and version.status in NEW_VERSION_FROM


@transaction.atomic
def plan_version_create(*, plan: ParticipationPlan, user: User | None = None) -> PlanVersion:
    """A new draft version, copying every activity (and its groups) from the latest version."""
    previous = latest_version(plan)
    if previous is not None:
        _require_status(previous, *NEW_VERSION_FROM, action=_("crear una nueva versión"))
    version = PlanVersion(
        entity_id=plan.entity_id,
        plan=plan,
        number=(previous.number + 1) if previous else 1,
        status=PlanStatus.DRAFT,
        based_on=previous,
    )
    version.full_clean()
    version.save()
    if previous is not None:
        activities_copy(source=previous, target=version)
    _record(
        version,
        "",
        user,
        _("Nueva versión basada en la versión %(n)s") % {"n": previous.number if previous else "-"},
    )
    return version


def activities_copy(*, source: PlanVersion, target: PlanVersion) -> list[PlannedActivity]:
    copies = []
    for original in source.activities.prefetch_related("stakeholder_groups"):
        values = {
            field: getattr(original, f"{field}_id" if field in FK_FIELDS else field)
            for field in ACTIVITY_FIELDS
        }
        area_id, body_id = values.pop("area"), values.pop("body")
        copy = PlannedActivity(
            entity_id=target.entity_id,
            version=target,
            copied_from=original,
            area_id=area_id,
            body_id=body_id,
            **values,
        )
        copy.save()
        copy.stakeholder_groups.set(original.stakeholder_groups.all())
        copies.append(copy)
    return copies


# Activities --------------------------------------------------------------------------------


def is_editable(version: PlanVersion, *, today: date | None = None) -> bool:
    """Activities change in a draft, or in the analysis after the consultation closed."""
    if version.status == PlanStatus.DRAFT:
        return True
    if version.status == PlanStatus.IN_CONSULTATION:
        consultation = consultation_of(version)
        return consultation is not None and consultation.has_closed(today or _today())
    return False


def _check_editable(version: PlanVersion) -> None:
    if not is_editable(version):
        if version.status == PlanStatus.IN_CONSULTATION:
            raise ValidationError(
                _(
                    "La versión está en consulta: sus actividades se ajustan cuando cierre la "
                    "consulta."
                )
            )
        raise ValidationError(
            _(
                "La versión %(n)s está en estado «%(status)s»: sus actividades ya no se pueden "
                "modificar. Cree una nueva versión."
            )
            % {"n": version.number, "status": version.get_status_display()}
        )


def _check_groups(entity_id: int, groups: Any) -> list[Any]:
    checked: list[Any] = list(groups or [])
    if any(g.entity_id != entity_id for g in checked):
        raise ValidationError({"stakeholder_groups": _("Hay grupos de valor de otra entidad.")})
    return checked


@transaction.atomic
def activity_save(
    *,
    version: PlanVersion,
    data: dict[str, Any],
    activity: PlannedActivity | None = None,
    user: User | None = None,
) -> PlannedActivity:
    """Create (``activity=None``) or update an activity of an editable version."""
    version = _lock(version)
    _check_editable(version)
    if activity is None:
        activity = PlannedActivity(entity_id=version.entity_id, version=version)
        if "order" not in data:
            last = version.activities.order_by("-order").values_list("order", flat=True).first()
            activity.order = (last or 0) + 1
    elif activity.version_id != version.pk:
        raise ValidationError(_("La actividad no pertenece a esta versión."))
    groups = data.get("stakeholder_groups")
    for field in ACTIVITY_FIELDS:
        if field in data:
            value = data[field]
            if field in ("other_space", "name", "responsible") and isinstance(value, str):
                value = value.strip()
            if (
                field
                in (
                    "description",
                    "goal",
                    "unit",
                    "indicator",
                    "methodology",
                    "alliances",
                    "periodicity",
                    "murc_action",
                    "other_space",
                    "responsible",
                )
                and value is None
            ):
                value = ""
            setattr(activity, field, value)
    activity.full_clean(exclude=["stakeholder_groups"])
    activity.save()
    if groups is not None:
        activity.stakeholder_groups.set(_check_groups(version.entity_id, groups))
    return activity


@transaction.atomic
def activity_delete(*, activity: PlannedActivity, user: User | None = None) -> None:
    _check_editable(activity.version)
    if activity.observations.exists() or activity.caused_by_observations.exists():
        raise ValidationError(
            _("La actividad tiene observaciones ciudadanas asociadas y no se puede eliminar.")
        )
    activity.delete()


# Transitions -------------------------------------------------------------------------------


@transaction.atomic
def plan_publish_for_consultation(
    *,
    version: PlanVersion,
    user: User | None = None,
    start_date: date | None = None,
    days: int = CONSULTATION_DEFAULT_DAYS,
    confirm_uncovered: bool = False,
) -> Consultation:
    """Borrador → en consulta: opens the consultation window (default 15 calendar days)."""
    from cabildo.plans.selectors import plan_checks

    version = _lock(version)
    _require_status(version, PlanStatus.DRAFT, action=_("publicar para consulta"))
    checks = plan_checks(version=version)
    if checks.activity_count == 0:
        raise ValidationError(_("No se puede publicar un plan sin actividades."))
    if checks.incomplete_activities:
        raise ValidationError(
            _(
                "No se puede publicar: %(n)s actividad(es) no tienen fechas o responsable. "
                "Complételas antes de publicar."
            )
            % {"n": len(checks.incomplete_activities)}
        )
    if checks.uncovered_groups and not confirm_uncovered:
        raise ValidationError(
            _(
                "Hay %(n)s grupo(s) de valor que ninguna actividad alcanza (%(names)s). Para "
                "publicar así, el líder de participación debe confirmar la advertencia."
            )
            % {
                "n": len(checks.uncovered_groups),
                "names": ", ".join(str(g) for g in checks.uncovered_groups),
            }
        )
    start = start_date or _today()
    end = consultations.window_in_calendar_days(
        start=start, days=days, today=_today(), maximum=CONSULTATION_MAX_DAYS
    )
    previous = version.status
    version.status = PlanStatus.IN_CONSULTATION
    version.published_at = timezone.now()
    if checks.uncovered_groups:
        version.uncovered_confirmed_by = user if getattr(user, "is_authenticated", False) else None
    version.save()
    consultation = Consultation(
        entity_id=version.entity_id,
        version=version,
        start_date=start,
        end_date=end,
    )
    consultation.full_clean()
    consultation.save()
    note = ""
    if checks.uncovered_groups:
        note = _(
            "Publicada con %(n)s grupo(s) de valor sin cobertura, confirmado por el líder."
        ) % {"n": len(checks.uncovered_groups)}
    _record(version, previous, user, note)
    return consultation


def consultation_of(version: PlanVersion) -> Consultation | None:
    return Consultation.objects.filter(version=version).first()


@transaction.atomic
def plan_adjust(*, version: PlanVersion, changelog: str, user: User | None = None) -> PlanVersion:
    """En consulta → ajustado: publishes the changelog and the answer to every observation.

    Refused while the window is open, while an observation is not analysed, or without a
    changelog. Commenters who left an email are notified once, after the commit.
    """
    version = _lock(version)
    _require_status(version, PlanStatus.IN_CONSULTATION, action=_("publicar la versión ajustada"))
    consultation = consultation_of(version)
    today = _today()
    if consultation is not None and not consultation.has_closed(today):
        raise ValidationError(
            _(
                "La consulta sigue abierta hasta el %(date)s: la versión ajustada se publica "
                "cuando cierre."
            )
            % {"date": consultation.end_date.strftime("%d/%m/%Y")}
        )
    pending = (
        Observation.objects.filter(
            consultation=consultation, hidden_at__isnull=True, viability=""
        ).count()
        if consultation
        else 0
    )
    if pending:
        raise ValidationError(
            _("Faltan %(n)s observación(es) por analizar antes de publicar la versión ajustada.")
            % {"n": pending}
        )
    changelog = (changelog or "").strip()
    if not changelog:
        raise ValidationError(
            {"changelog": _("Describa los cambios incorporados a partir de la consulta.")}
        )
    previous = version.status
    now = timezone.now()
    version.status = PlanStatus.ADJUSTED
    version.changelog = changelog
    version.adjusted_at = now
    version.save()
    _record(version, previous, user)
    if consultation is not None:
        observations = list(
            Observation.objects.filter(
                consultation=consultation, answered_at__isnull=True, hidden_at__isnull=True
            )
        )
        to_notify = []
        for observation in observations:
            observation.answered_at = now
            if observation.email and observation.notified_at is None:
                observation.notified_at = now
                to_notify.append(observation.pk)
            observation.save(update_fields=["answered_at", "notified_at"])
        if to_notify:
            observation_answers_notify(observation_ids=to_notify)
    return version


def observation_answers_notify(*, observation_ids: list[int]) -> int:
    """Queue to each commenter the public answer to their observation (sent after commit)."""
    sent = 0
    for observation in Observation.objects.filter(pk__in=observation_ids).select_related(
        "consultation__version__plan", "entity"
    ):
        plan = observation.consultation.version.plan
        subject = _("Respuesta a su observación al %(plan)s") % {"plan": plan.title}
        body = _(
            "Gracias por participar en la consulta del %(plan)s (%(entity)s).\n\n"
            "Su observación: %(text)s\n\nAnálisis: %(viability)s\n%(justification)s\n\n"
            "Cambios incorporados al plan:\n%(changelog)s\n"
        ) % {
            "plan": plan.title,
            "entity": observation.entity.name,
            "text": observation.text,
            "viability": observation.get_viability_display(),
            "justification": observation.justification,
            "changelog": observation.consultation.version.changelog,
        }
        email_queue(
            entity=observation.entity,
            to=observation.email,
            subject=subject,
            body=body,
            template="plans.observation_answer",
            related=observation,
        )
        sent += 1
    return sent


def approval_date_errors(version: PlanVersion, approved_on: date) -> dict[str, list[str]]:
    """Consultation < adjustment ≤ approval, and approved at most a year before the plan's
    vigencia begins."""
    label = _("La fecha de aprobación")
    consultation = consultation_of(version)
    return dates.collect(
        [
            (
                "approved_on",
                dates.year_in_range(approved_on, label=label, minimum=version.plan.year - 1),
            ),
            (
                "approved_on",
                dates.in_order(
                    consultation.end_date if consultation else None,
                    approved_on,
                    earlier_label=_("el cierre de la consulta"),
                    later_label=label,
                    strict=True,
                ),
            ),
            (
                "approved_on",
                dates.in_order(
                    timezone.localtime(version.adjusted_at).date() if version.adjusted_at else None,
                    approved_on,
                    earlier_label=_("la publicación de la versión ajustada"),
                    later_label=label,
                ),
            ),
        ]
    )


@transaction.atomic
def plan_approve(
    *,
    version: PlanVersion,
    approval_act: str,
    user: User | None = None,
    approved_on: date | None = None,
) -> PlanVersion:
    """Ajustado → aprobado, on a date after the consultation and with the act that approved
    it (e.g. «Comité Institucional de Gestión y Desempeño, acta N.º 3»)."""
    version = _lock(version)
    _require_status(version, PlanStatus.ADJUSTED, action=_("aprobar el plan"))
    approved_on = approved_on or _today()
    if approved_on > _today():
        raise ValidationError({"approved_on": _("La fecha de aprobación no puede ser futura.")})
    errors = approval_date_errors(version, approved_on)
    approval_act = " ".join((approval_act or "").split())
    if not approval_act:
        errors.setdefault("approval_act", []).append(
            _(
                "Indique el acto de aprobación: la instancia y el documento, por ejemplo "
                "«Comité Institucional de Gestión y Desempeño, acta N.º 3»."
            )
        )
    elif len(approval_act) > 300:
        errors.setdefault("approval_act", []).append(
            _("El acto de aprobación no puede superar 300 caracteres.")
        )
    if errors:
        raise ValidationError(errors)
    previous = version.status
    version.status = PlanStatus.APPROVED
    version.approved_on = approved_on
    version.approval_act = approval_act
    version.approved_by = user if getattr(user, "is_authenticated", False) else None
    version.save()
    _record(version, previous, user, approval_act)
    return version


@transaction.atomic
def plan_execution_start(*, version: PlanVersion, user: User | None = None) -> PlanVersion:
    """Aprobado → en ejecución; a version of the same plan already in execution is closed."""
    version = _lock(version)
    _require_status(version, PlanStatus.APPROVED, action=_("iniciar la ejecución"))
    for other in (
        PlanVersion.objects.select_for_update()
        .filter(plan_id=version.plan_id, status=PlanStatus.IN_EXECUTION)
        .exclude(pk=version.pk)
    ):
        other.status = PlanStatus.CLOSED
        other.save()
        _record(
            other,
            PlanStatus.IN_EXECUTION,
            user,
            _("Reemplazada por la versión %(n)s") % {"n": version.number},
        )
    previous = version.status
    version.status = PlanStatus.IN_EXECUTION
    version.save()
    _record(version, previous, user)
    return version


def closes_early(version: PlanVersion, *, today: date | None = None) -> bool:
    """Closing before the plan's vigencia ends (31 December of its year) needs a reason."""
    return (today or _today()) < date(version.plan.year, 12, 31)


@transaction.atomic
def plan_close(
    *, version: PlanVersion, user: User | None = None, reason: str = "", today: date | None = None
) -> PlanVersion:
    """En ejecución → cerrado. Before the vigencia ends, only with a stated reason (recorded
    on the version and in its transition). If the year's evaluation is already published,
    the version goes on to «evaluado» (the evaluation app listens to ``version_closed``)."""
    version = _lock(version)
    _require_status(version, PlanStatus.IN_EXECUTION, action=_("cerrar el plan"))
    today = today or _today()
    reason = (reason or "").strip()
    early = closes_early(version, today=today)
    if early and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "La vigencia %(year)s termina el 31/12/%(year)s: para cerrar el plan antes, "
                    "explique el motivo."
                )
                % {"year": version.plan.year}
            }
        )
    previous = version.status
    version.status = PlanStatus.CLOSED
    version.closed_on = today
    version.closure_reason = reason if early else ""
    version.save()
    _record(version, previous, user, version.closure_reason)
    version_closed.send(sender=PlanVersion, version=version, user=user)
    version.refresh_from_db()
    return version


@transaction.atomic
def plan_mark_evaluated(*, version: PlanVersion, user: User | None = None) -> PlanVersion:
    """Cerrado → evaluado, once the year's evaluation is published (called by the
    evaluation's publication and by :func:`plan_close`)."""
    version = _lock(version)
    if version.status != PlanStatus.CLOSED:
        return version
    version.status = PlanStatus.EVALUATED
    version.save()
    _record(version, PlanStatus.CLOSED, user, _("Evaluación de la vigencia publicada"))
    return version


@transaction.atomic
def plan_unmark_evaluated(*, version: PlanVersion, user: User | None = None) -> PlanVersion:
    """Evaluado → cerrado, when the year's evaluation is withdrawn from the portal."""
    version = _lock(version)
    if version.status != PlanStatus.EVALUATED:
        return version
    version.status = PlanStatus.CLOSED
    version.save()
    _record(version, PlanStatus.EVALUATED, user, _("Evaluación de la vigencia retirada"))
    return version


# Observations ------------------------------------------------------------------------------


def observation_purpose_text() -> str:
    return _("recibir, analizar y responder mi observación al plan de participación")


@transaction.atomic
def observation_submit(
    *,
    consultation: Consultation,
    text: str,
    consent_given: bool,
    activity: PlannedActivity | None = None,
    email: str = "",
    stakeholder_group: Any = None,
    user: User | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Observation:
    """A citizen's comment on the plan or on one of its activities, filed by the general
    consultation's rules (window, text, Ley 1581 consent: ``consultations.services``)."""
    today = today or _today()
    consultations.window_check(window=consultation, on=today)
    entity_id = consultation.entity_id
    if activity is not None and activity.version_id != consultation.version_id:
        raise ValidationError({"activity": _("La actividad no pertenece al plan en consulta.")})
    if stakeholder_group is not None and stakeholder_group.entity_id != entity_id:
        raise ValidationError(
            {"stakeholder_group": _("El grupo de valor no pertenece a la entidad.")}
        )
    observation = Observation(
        entity=consultation.entity,
        consultation=consultation,
        activity=activity,
        text=text,
        email=email,
        stakeholder_group=stakeholder_group,
        user=user if getattr(user, "is_authenticated", False) else None,
        area_id=activity.area_id if activity is not None else None,
    )
    return consultations.comment_file(
        window=consultation,
        comment=observation,
        consent_given=consent_given,
        purpose=OBSERVATION_CONSENT_PURPOSE,
        purpose_text=observation_purpose_text(),
        request=request,
        on=today,
    )


@transaction.atomic
def observation_assign(
    *, observation: Observation, area: Area, user: User | None = None
) -> Observation:
    if area.entity_id != observation.entity_id:
        raise ValidationError({"area": _("La dependencia no pertenece a la entidad.")})
    if observation.answered_at:
        raise ValidationError(_("La observación ya fue respondida."))
    observation.area = area
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def observation_analyse(
    *,
    observation: Observation,
    viability: str,
    justification: str,
    changed_activity: PlannedActivity | None = None,
    user: User | None = None,
) -> Observation:
    """Viable / parcialmente viable / no viable, with the justification (the public answer),
    by the general consultation's rules; the change is an activity of the same plan."""
    justification = consultations.answer_check(
        comment=observation,
        verdict=VERDICTS.get(Viability(viability)) if viability in Viability.values else None,
        reason=justification,
        has_change=changed_activity is not None,
    )
    version = observation.consultation.version
    if version.status != PlanStatus.IN_CONSULTATION:
        raise ValidationError(
            _("Las observaciones se analizan mientras la versión está en consulta.")
        )
    if changed_activity is not None:
        if changed_activity.entity_id != observation.entity_id:
            raise ValidationError(
                {"changed_activity": _("La actividad no pertenece a la entidad.")}
            )
        if changed_activity.version.plan_id != version.plan_id:
            raise ValidationError({"changed_activity": _("La actividad no pertenece a este plan.")})
    if observation.area_id is None:
        raise ValidationError({"area": _("Asigne primero la observación a una dependencia.")})
    observation.viability = viability
    observation.justification = justification
    observation.changed_activity = changed_activity
    observation.analysed_at = timezone.now()
    observation.analysed_by = user if getattr(user, "is_authenticated", False) else None
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def observation_hide(
    *, observation: Observation, reason: str, user: User | None = None
) -> Observation:
    return consultations.comment_hide(comment=observation, reason=reason, user=user)
