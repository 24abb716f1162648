"""The annual plan de participación: versions, activities, consultation and observations.

Sources: seed 002 (FONDESER's strategies and seguimiento matrix), seed 004 (Cali's three
procedures, incidence levels, channels) and seed 000 (Itagüí's Primer Encuentro de
Instancias and its cronograma). The rules on transitions live in ``services.py``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.consultations.models import (
    CaseText,
    Comment,
    CommentQuerySet,
    ConsultationWindow,
    Verdict,
)
from cabildo.core import dates
from cabildo.core.models import TenantModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PlanStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    IN_CONSULTATION = "en_consulta", _("En consulta")
    ADJUSTED = "ajustado", _("Ajustado")
    APPROVED = "aprobado", _("Aprobado")
    IN_EXECUTION = "en_ejecucion", _("En ejecución")
    CLOSED = "cerrado", _("Cerrado")
    EVALUATED = "evaluado", _("Evaluado")


class CyclePhase(models.TextChoices):
    DIAGNOSIS = "diagnostico", _("Diagnóstico")
    FORMULATION = "formulacion", _("Formulación")
    IMPLEMENTATION = "implementacion", _("Implementación")
    EVALUATION = "evaluacion", _("Evaluación y seguimiento")


class Procedure(models.TextChoices):
    PARTICIPATORY_PLANNING = "planeacion", _("Planeación participativa")
    SOCIAL_OVERSIGHT = "control_social", _("Control social")
    PROMOTION = "promocion", _("Promoción de la participación")


class IncidenceLevel(models.TextChoices):
    INFORM = "informar", _("Informar")
    CONSULT = "consultar", _("Consultar")
    COLLABORATE = "colaborar", _("Colaborar")
    CO_DECIDE = "codecidir", _("Co-decidir")
    CONTROL = "controlar", _("Controlar")


class Channel(models.TextChoices):
    IN_PERSON = "presencial", _("Presencial")
    VIRTUAL = "virtual", _("Virtual")
    MIXED = "mixto", _("Mixto")


def ordered_channels(values: Any) -> list[str]:
    """Channel values without repeats, in the catalogue's order."""
    chosen = set(values or [])
    return [c for c in Channel.values if c in chosen]


class Mechanism(models.TextChoices):
    FORUM = "foro", _("Foro")
    WORKING_TABLE = "mesa_trabajo", _("Mesa de trabajo")
    PUBLIC_HEARING = "audiencia_publica", _("Audiencia pública")
    OPEN_COUNCIL = "cabildo_abierto", _("Cabildo abierto")
    SURVEY = "encuesta", _("Encuesta")
    WORKSHOP = "taller", _("Taller")
    SOCIAL_MEDIA = "redes_sociales", _("Redes sociales")
    MEETING = "encuentro", _("Encuentro")
    BODY_SESSION = "sesion_instancia", _("Sesión de instancia")
    OTHER = "otro", _("Otro")


class MurcAction(models.TextChoices):
    INFORMATION = "informacion", _("Información")
    DIALOGUE = "dialogo", _("Diálogo")
    RESPONSIBILITY = "responsabilidad", _("Responsabilidad")


class Viability(models.TextChoices):
    """The plan's words for the general consultation's verdicts (``VERDICTS``)."""

    VIABLE = "viable", _("Viable")
    PARTIAL = "parcial", _("Parcialmente viable")
    NOT_VIABLE = "no_viable", _("No viable")


VERDICTS = {
    Viability.VIABLE: Verdict.ACCEPTED,
    Viability.PARTIAL: Verdict.PARTLY,
    Viability.NOT_VIABLE: Verdict.REJECTED,
}


class ParticipationPlan(TenantModel):
    """The entity's plan de participación for one vigencia."""

    year = models.PositiveSmallIntegerField(
        _("vigencia"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("título"), max_length=250)
    objective = models.TextField(_("objetivo"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan de participación")
        verbose_name_plural = _("planes de participación")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="plan_unique_entity_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


PUBLIC_STATUSES = (
    PlanStatus.IN_CONSULTATION,
    PlanStatus.ADJUSTED,
    PlanStatus.APPROVED,
    PlanStatus.IN_EXECUTION,
    PlanStatus.CLOSED,
    PlanStatus.EVALUATED,
)


class PlanVersion(TenantModel):
    """One version of a plan. Activities belong to a version; a new version copies them."""

    plan = models.ForeignKey(
        ParticipationPlan,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("plan"),
    )
    number = models.PositiveSmallIntegerField(_("número de versión"))
    status = models.CharField(
        _("estado"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versión anterior"),
    )
    changelog = models.TextField(
        _("cambios incorporados"),
        blank=True,
        help_text=_("Qué cambió respecto de la versión publicada para consulta y por qué."),
    )
    published_at = models.DateTimeField(_("publicada en"), null=True, blank=True)
    adjusted_at = models.DateTimeField(_("ajuste publicado en"), null=True, blank=True)
    approved_on = models.DateField(_("fecha de aprobación"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aprobada por"),
    )
    approval_act = models.CharField(
        _("acto de aprobación"),
        max_length=300,
        blank=True,
        help_text=_(
            "Instancia y documento que aprobó el plan, por ejemplo «Comité Institucional de "
            "Gestión y Desempeño, acta N.º 3»."
        ),
    )
    closed_on = models.DateField(_("fecha de cierre"), null=True, blank=True)
    closure_reason = models.TextField(
        _("motivo del cierre anticipado"),
        blank=True,
        help_text=_("Obligatorio si el plan se cierra antes de terminar su vigencia."),
    )
    uncovered_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advertencia de grupos sin cobertura confirmada por"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("versión del plan")
        verbose_name_plural = _("versiones del plan")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · v{self.number}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class PlannedActivity(TenantModel):
    """One line of the plan: who, what, where, with whom, how, when, with what."""

    # Set by the cronograma selector on the rows it lists (not a column).
    execution_status_label: StrOrPromise

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("versión"),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copiada de"),
    )
    area = models.ForeignKey(
        "core.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("dependencia")
    )
    name = models.CharField(_("actividad"), max_length=400)
    description = models.TextField(_("descripción"), blank=True)
    goal = models.CharField(_("meta"), max_length=400, blank=True)
    unit = models.CharField(_("unidad de medida"), max_length=200, blank=True)
    indicator = models.CharField(_("indicador"), max_length=400, blank=True)
    phase = models.CharField(
        _("fase del ciclo de la gestión"), max_length=20, choices=CyclePhase.choices
    )
    procedure = models.CharField(_("procedimiento"), max_length=20, choices=Procedure.choices)
    incidence_level = models.CharField(
        _("nivel de incidencia"), max_length=20, choices=IncidenceLevel.choices
    )
    body = models.ForeignKey(
        "bodies.ParticipationBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instancia de participación"),
    )
    other_space = models.CharField(
        _("otro espacio"),
        max_length=300,
        blank=True,
        help_text=_("Si la actividad no se realiza en una instancia, describa el espacio."),
    )
    stakeholder_groups = models.ManyToManyField(
        "stakeholders.StakeholderGroup",
        blank=True,
        related_name="+",
        verbose_name=_("grupos de valor"),
    )
    # Several channels (seed 002's seguimiento lists them per activity): a JSON list of
    # Channel values, like Convocation.channels; the same on PostgreSQL and SQLite.
    channels = models.JSONField(
        _("canales"),
        default=list,
        blank=True,
        help_text=_("Uno o varios: presencial, virtual, mixto."),
    )
    mechanism = models.CharField(_("mecanismo"), max_length=30, choices=Mechanism.choices)
    methodology = models.TextField(_("metodología"), blank=True)
    budget = models.DecimalField(
        _("presupuesto (COP)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    alliances = models.TextField(_("alianzas y convenios"), blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de finalización"), null=True, blank=True)
    responsible = models.CharField(_("responsable"), max_length=200, blank=True)
    periodicity = models.CharField(_("periodicidad del seguimiento"), max_length=100, blank=True)
    is_accountability = models.BooleanField(
        _("hace parte de la rendición de cuentas"), default=False
    )
    murc_action = models.CharField(
        _("tipo de acción MURC"), max_length=20, choices=MurcAction.choices, blank=True
    )
    order = models.PositiveIntegerField(_("orden"), default=0)

    history = HistoricalRecords(m2m_fields=[stakeholder_groups])

    class Meta:
        verbose_name = _("actividad de participación")
        verbose_name_plural = _("actividades de participación")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="plannedactivity_end_after_start",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="plannedactivity_budget_gte_0"),
            models.CheckConstraint(
                condition=(Q(body__isnull=False) & Q(other_space=""))
                | (Q(body__isnull=True) & ~Q(other_space="")),
                name="plannedactivity_one_space",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, list[Any]] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [
                _("La fecha de finalización no puede ser anterior a la fecha de inicio.")
            ]
        if self.version_id:
            dates.merge(errors, activity_date_errors(self.version.plan.year, self))
        other = (self.other_space or "").strip()
        self.other_space = other
        if self.body_id and other:
            errors["other_space"] = [_("Indique una instancia o un otro espacio, no ambos.")]
        elif not self.body_id and not other:
            errors["other_space"] = [
                _("Indique la instancia de participación o describa el otro espacio.")
            ]
        found = self.channels if isinstance(self.channels, list) else None
        if found is None or any(c not in Channel.values for c in found):
            errors["channels"] = [_("Elija canales de la lista.")]
        elif not found:
            errors["channels"] = [_("Elija al menos un canal.")]
        else:
            self.channels = ordered_channels(found)
        if self.is_accountability and not self.murc_action:
            errors["murc_action"] = [
                _("Indique el tipo de acción MURC (información, diálogo o responsabilidad).")
            ]
        if not self.is_accountability and self.murc_action:
            errors["murc_action"] = [
                _("El tipo de acción MURC solo aplica a actividades de rendición de cuentas.")
            ]
        if self.entity_id:
            if self.area_id and self.area.entity_id != self.entity_id:
                errors["area"] = [_("La dependencia no pertenece a la entidad.")]
            if self.body is not None and self.body.entity_id != self.entity_id:
                errors["body"] = [_("La instancia no pertenece a la entidad.")]
            if self.version_id and self.version.entity_id != self.entity_id:
                errors["version"] = [_("La versión no pertenece a la entidad.")]
        if errors:
            raise ValidationError(errors)

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels or []]

    @property
    def channel_mode(self) -> str:
        """The channels as one Channel value: mixed when in person and virtual meet."""
        found = set(self.channels or [])
        if Channel.MIXED in found or {Channel.IN_PERSON, Channel.VIRTUAL} <= found:
            return Channel.MIXED
        return Channel.VIRTUAL if Channel.VIRTUAL in found else Channel.IN_PERSON

    @property
    def channels_display(self) -> str:
        """ "Presencial; Virtual", as the matrix's cell reads."""
        return "; ".join(self.channel_labels)

    @property
    def is_in_formal_body(self) -> bool:
        return self.body is not None and bool(self.body.is_formal)

    @property
    def space_label(self) -> str:
        return str(self.body) if self.body_id else self.other_space

    def months(self, year: int) -> set[int]:
        """Months of ``year`` the activity spans (for the cronograma)."""
        if not self.start_date:
            return set()
        end = self.end_date or self.start_date
        start = max(self.start_date, date(year, 1, 1))
        end = min(end, date(year, 12, 31))
        if end < start:
            return set()
        return set(range(start.month, end.month + 1))


def vigencia_text(year: int) -> str:
    return _("la vigencia %(year)s del plan") % {"year": year}


def activity_date_errors(year: int, activity: Any) -> dict[str, list[str]]:
    """An activity of the plan for ``year`` starts and ends within that vigencia (1 January –
    31 December): the plan is annual, and its events must fall within both."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return dates.collect(
        (
            name,
            dates.within(
                getattr(activity, name),
                first,
                last,
                label=dates.field_label(PlannedActivity, name),
                what=vigencia_text(year),
            ),
        )
        for name in ("start_date", "end_date")
    )


def consultation_date_errors(year: int, start: Any, end: Any) -> dict[str, list[str]]:
    """The citizens' consultation of the plan for ``year`` runs before the plan is approved:
    from 1 January of the previous year up to the end of the vigencia."""
    first, last = date(year - 1, 1, 1), date(year, 12, 31)
    what = _("la vigencia %(year)s del plan o el año anterior") % {"year": year}
    return dates.collect(
        (
            name,
            dates.within(
                value, first, last, label=dates.field_label(Consultation, name), what=what
            ),
        )
        for name, value in (("start_date", start), ("end_date", end))
    )


class PlanTransition(TenantModel):
    """Explicit audit record of every state change of a version."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("versión")
    )
    from_status = models.CharField(
        _("estado anterior"), max_length=20, choices=PlanStatus.choices, blank=True
    )
    to_status = models.CharField(_("estado nuevo"), max_length=20, choices=PlanStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usuario"),
    )
    note = models.TextField(_("nota"), blank=True)
    at = models.DateTimeField(_("fecha y hora"), auto_now_add=True)

    class Meta:
        verbose_name = _("transición del plan")
        verbose_name_plural = _("transiciones del plan")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status} → {self.to_status}"


PLAN_TEXT = CaseText(
    not_in_consultation=_("Esta versión del plan no está en consulta."),
    opens=_("La consulta de este plan abre el %(date)s; aún no recibe observaciones."),
    closed=_("La consulta de este plan cerró el %(date)s; ya no recibe observaciones."),
    write_text=_("Escriba su observación."),
    consent_required=_("Debe autorizar el tratamiento de sus datos para enviar la observación."),
    hidden_not_answered=_("La observación está oculta por moderación y no se analiza."),
    already_answered=_(
        "La observación ya fue respondida públicamente; no se puede cambiar el análisis."
    ),
    choose_answer=_("Elija viable, parcialmente viable o no viable."),
    reason_too_short=_(
        "Explique el análisis en al menos %(n)s caracteres: es la respuesta pública."
    ),
    rejected_no_change=_("Una observación no viable no produce cambios en el plan."),
    already_hidden=_("La observación ya está oculta."),
    answer_field="viability",
    reason_field="justification",
    change_field="changed_activity",
)


class Consultation(ConsultationWindow, TenantModel):
    """The window in which a published version is open to citizens' comments: a case of the
    general consultation (``consultations``), open while the version is in consultation."""

    case_text = PLAN_TEXT

    version = models.OneToOneField(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="consultation",
        verbose_name=_("versión"),
    )
    start_date = models.DateField(_("inicio de la consulta"))
    end_date = models.DateField(_("cierre de la consulta"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consulta ciudadana")
        verbose_name_plural = _("consultas ciudadanas")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="consultation_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.start_date} – {self.end_date}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, list[str]] = {}
        if self.version_id:
            dates.merge(
                errors,
                consultation_date_errors(self.version.plan.year, self.start_date, self.end_date),
            )
        if errors:
            raise ValidationError(errors)

    @property
    def opens_on(self) -> date | None:
        return self.start_date

    @property
    def closes_on(self) -> date | None:
        return self.end_date

    def accepts_comments(self) -> bool:
        return self.version.status == PlanStatus.IN_CONSULTATION


class ObservationQuerySet(CommentQuerySet["Observation"]):
    """``visible()`` comes from the general consultation's :class:`CommentQuerySet`."""


ObservationManager = models.Manager.from_queryset(ObservationQuerySet)


class Observation(Comment, TenantModel):
    """A citizen's comment on the plan as a whole or on one activity (the text, email, consent
    and moderation of the general consultation's :class:`Comment`)."""

    case_text = PLAN_TEXT

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("consulta"),
    )
    activity = models.ForeignKey(
        PlannedActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("actividad comentada"),
    )
    stakeholder_group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grupo de valor al que pertenece"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usuario"),
    )
    # Analysis.
    area = models.ForeignKey(
        "core.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    viability = models.CharField(
        _("viabilidad"), max_length=20, choices=Viability.choices, blank=True
    )
    justification = models.TextField(_("justificación (respuesta pública)"), blank=True)
    changed_activity = models.ForeignKey(
        PlannedActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caused_by_observations",
        verbose_name=_("actividad ajustada o creada por la observación"),
    )
    analysed_at = models.DateTimeField(_("analizada en"), null=True, blank=True)
    analysed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("analizada por"),
    )
    answered_at = models.DateTimeField(_("respuesta publicada en"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notificada en"), null=True, blank=True)

    objects: ClassVar[ObservationManager] = ObservationManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("observación")
        verbose_name_plural = _("observaciones")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{_('Observación')} #{self.pk}"

    @property
    def is_analysed(self) -> bool:
        return bool(self.viability)

    @property
    def verdict(self) -> Verdict | None:
        return VERDICTS.get(Viability(self.viability)) if self.viability else None

    @property
    def is_public_answer_final(self) -> bool:
        return self.answered_at is not None

    @property
    def status_label(self) -> str:
        if self.is_hidden:
            return str(_("Oculta por moderación"))
        if self.answered_at:
            return str(_("Respondida"))
        if self.is_analysed:
            return str(_("Analizada"))
        if self.area_id:
            return str(_("Asignada"))
        return str(_("Recibida"))
