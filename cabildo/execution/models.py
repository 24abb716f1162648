"""Execution of the plan: events of planned activities and their registrations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core import dates
from cabildo.core.models import TenantModel, TenantQuerySet
from cabildo.plans.models import IncidenceLevel


class Modality(models.TextChoices):
    IN_PERSON = "presencial", _("Presencial")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "mixta", _("Mixta")


class EventQuerySet(TenantQuerySet["Event"]):
    def public(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def held(self, *, now: datetime) -> EventQuerySet:
        """Events that took place: started by ``now``, not cancelled, with at least one
        attendance recorded (the evaluation's rule: an event without attendees is not held)."""
        return self.filter(
            is_cancelled=False,
            starts_at__lte=now,
            pk__in=Registration.objects.filter(attended=True).values("event_id"),
        )


EventManager = models.Manager.from_queryset(EventQuerySet)


class Event(TenantModel):
    """A session (encuentro, taller, mesa) that executes a planned activity."""

    activity = models.ForeignKey(
        "plans.PlannedActivity",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("actividad del plan"),
    )
    title = models.CharField(_("título"), max_length=300)
    description = models.TextField(_("descripción"), blank=True)
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("finalización"))
    modality = models.CharField(_("modalidad"), max_length=20, choices=Modality.choices)
    place = models.CharField(_("lugar"), max_length=300, blank=True)
    address = models.CharField(_("dirección"), max_length=300, blank=True)
    link = models.URLField(_("enlace de conexión"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Un punto por línea."))
    capacity = models.PositiveIntegerField(
        _("cupo"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Déjelo vacío si no hay límite de cupos."),
    )
    registration_opens_at = models.DateTimeField(
        _("apertura de inscripciones"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("cierre de inscripciones"), null=True, blank=True
    )
    accessibility_notes = models.TextField(_("notas de accesibilidad"), blank=True)
    is_published = models.BooleanField(_("publicado"), default=False)
    is_cancelled = models.BooleanField(_("cancelado"), default=False)
    cancellation_reason = models.TextField(_("motivo de la cancelación"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[EventManager] = EventManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_area_id(self) -> int | None:
        return self.activity.area_id if self.activity_id else None

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = [_("La finalización debe ser posterior al inicio.")]
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = [_("El cupo debe ser de al menos 1 persona.")]
        if self.modality in (Modality.VIRTUAL, Modality.HYBRID) and not self.link:
            errors["link"] = [_("Un evento virtual o mixto necesita el enlace de conexión.")]
        if self.modality in (Modality.IN_PERSON, Modality.HYBRID) and not self.address:
            errors["address"] = [_("Un evento presencial o mixto necesita la dirección.")]
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = [
                _("El cierre de inscripciones debe ser posterior a la apertura.")
            ]
        if self.is_cancelled and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = [_("Indique el motivo de la cancelación.")]
        if self.entity_id and self.activity_id and self.activity.entity_id != self.entity_id:
            errors["activity"] = [_("La actividad no pertenece a la entidad.")]
        if errors:
            raise ValidationError(errors)

    def has_started(self, now: Any = None) -> bool:
        return self.starts_at is not None and self.starts_at <= (now or timezone.now())

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


def event_schedule_errors(activity: Any, starts_at: Any) -> dict[str, list[str]]:
    """An event takes place within its plan's vigencia and its activity's dates."""
    year = activity.version.plan.year
    day = timezone.localtime(starts_at).date() if timezone.is_aware(starts_at) else starts_at
    label = _("El inicio del evento")
    vigencia = dates.within(
        day,
        date(year, 1, 1),
        date(year, 12, 31),
        label=label,
        what=_("la vigencia %(year)s del plan") % {"year": year},
    )
    return dates.collect(
        [
            ("starts_at", vigencia),
            (
                "starts_at",
                None
                if vigencia
                else dates.within(
                    day,
                    activity.start_date,
                    activity.end_date,
                    label=label,
                    what=_("las fechas de la actividad"),
                ),
            ),
        ]
    )


NOT_STARTED_MESSAGE = _(
    "El evento todavía no ha empezado: la asistencia, los aportes y el reporte se registran "
    "desde su inicio."
)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmada", _("Confirmada")
    WAITLISTED = "espera", _("En lista de espera")
    CANCELLED = "cancelada", _("Cancelada")


class OverCapacity(models.TextChoices):
    """What to do with confirmed registrations beyond a lowered capacity (an official's
    decision, asked for when the new capacity is below the confirmed registrations)."""

    KEEP = (
        "mantener",
        _("Mantener confirmadas todas las inscripciones; el nuevo cupo rige para las nuevas"),
    )
    WAITLIST = (
        "lista_espera",
        _(
            "Pasar a la lista de espera las inscripciones más recientes que exceden el cupo "
            "(se les avisa por correo)"
        ),
    )


class RegistrationChannel(models.TextChoices):
    WEB = "web", _("Formulario web")
    PAPER = "papel", _("Planilla en papel")
    STAFF = "funcionario", _("Registrada por un funcionario")
    WALK_IN = "sin_inscripcion", _("Asistente sin inscripción previa")


class AgeRange(models.TextChoices):
    UNDER_18 = "menor18", _("Menor de 18 años")
    R18_28 = "18-28", _("18 a 28 años")
    R29_59 = "29-59", _("29 a 59 años")
    R60_PLUS = "60+", _("60 años o más")


class Sex(models.TextChoices):
    FEMALE = "mujer", _("Mujer")
    MALE = "hombre", _("Hombre")
    INTERSEX = "intersexual", _("Intersexual")


class Ethnicity(models.TextChoices):
    INDIGENOUS = "indigena", _("Indígena")
    AFRO = "afro", _("Negro, afrocolombiano, raizal o palenquero")
    ROM = "rom", _("Rrom o gitano")
    NONE = "ninguna", _("Ninguna")


class Registration(TenantModel):
    """A person's inscription in an event (confirmed or on the waitlist)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("evento")
    )
    name = models.CharField(_("nombre completo"), max_length=200)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    stakeholder_group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grupo de valor"),
    )
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territorio"),
    )
    age_range = models.CharField(
        _("rango de edad"), max_length=20, choices=AgeRange.choices, blank=True
    )
    sex = models.CharField(_("sexo"), max_length=20, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(
        _("pertenencia étnica"), max_length=20, choices=Ethnicity.choices, blank=True
    )
    disability = models.BooleanField(_("persona con discapacidad"), null=True, blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=RegistrationStatus.choices, default="confirmada"
    )
    channel = models.CharField(
        _("canal"), max_length=20, choices=RegistrationChannel.choices, default="web"
    )
    consent = models.ForeignKey(
        "privacy.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autorización de datos"),
    )
    sensitive_consent = models.ForeignKey(
        "privacy.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autorización de datos sensibles"),
    )
    attended = models.BooleanField(_("asistió"), default=False)
    checked_in_at = models.DateTimeField(_("registro de asistencia"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrita en"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelada en"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promovida en"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscripción")
        verbose_name_plural = _("inscripciones")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(email="") & ~models.Q(status="cancelada"),
                name="registration_unique_active_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def clean(self) -> None:
        # Attendance (a walk-in is an attendee) is a fact: only once the event has started.
        if self.attended and self.event_id and not self.event.has_started():
            raise ValidationError({"attended": [NOT_STARTED_MESSAGE]})

    def get_area_id(self) -> int | None:
        return self.event.get_area_id()


class ContributionKind(models.TextChoices):
    RECOMMENDATION = "recomendacion", _("Recomendación")
    OBJECTION = "objecion", _("Objeción")
    PROPOSAL = "propuesta", _("Propuesta")
    QUESTION = "pregunta", _("Pregunta")


class Viability(models.TextChoices):
    VIABLE = "viable", _("Viable")
    PARTIAL = "parcial", _("Parcialmente viable")
    NOT_VIABLE = "no_viable", _("No viable")


class Contribution(TenantModel):
    """A recommendation, objection, proposal or question raised in an event, and its analysis
    by the area responsible for the activity."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("evento")
    )
    kind = models.CharField(_("tipo de aporte"), max_length=20, choices=ContributionKind.choices)
    text = models.TextField(_("aporte"))
    author_name = models.CharField(_("nombre de quien aporta"), max_length=200, blank=True)
    stakeholder_group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grupo de valor"),
    )
    viability = models.CharField(
        _("viabilidad"), max_length=20, choices=Viability.choices, blank=True
    )
    justification = models.TextField(_("justificación"), blank=True)
    adjustment = models.TextField(_("ajuste realizado"), blank=True)
    incidence_level = models.CharField(
        _("nivel de incidencia alcanzado"),
        max_length=20,
        choices=IncidenceLevel.choices,
        blank=True,
    )
    analysed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("analizado por"),
    )
    analysed_at = models.DateTimeField(_("analizado en"), null=True, blank=True)
    created_at = models.DateTimeField(_("registrado en"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aporte")
        verbose_name_plural = _("aportes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_area_id(self) -> int | None:
        return self.event.get_area_id() if self.event_id else None

    @property
    def is_analysed(self) -> bool:
        return bool(self.viability)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not self.text.strip():
            errors["text"] = [_("Escriba el aporte.")]
        if self.entity_id and self.event_id and self.event.entity_id != self.entity_id:
            errors["event"] = [_("El evento no pertenece a la entidad.")]
        if (
            self.entity_id
            and self.stakeholder_group is not None
            and self.stakeholder_group.entity_id != self.entity_id
        ):
            errors["stakeholder_group"] = [_("El grupo de valor no pertenece a la entidad.")]
        if self.viability and not self.justification.strip():
            errors["justification"] = [_("Justifique la viabilidad del aporte.")]
        if self._state.adding and self.event_id and not self.event.has_started():
            errors.setdefault("__all__", []).append(NOT_STARTED_MESSAGE)
        if errors:
            raise ValidationError(errors)


class CommitmentStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    IN_PROGRESS = "en_curso", _("En curso")
    DONE = "cumplido", _("Cumplido")


class CommitmentQuerySet(TenantQuerySet["Commitment"]):
    def open(self) -> CommitmentQuerySet:
        return self.exclude(status=CommitmentStatus.DONE)

    def overdue(self, today: date) -> CommitmentQuerySet:
        return self.open().filter(due_date__lt=today)


CommitmentManager = models.Manager.from_queryset(CommitmentQuerySet)


class Commitment(TenantModel):
    """An agreement or commitment (acuerdo o compromiso) made in an event, with its follow-up."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("evento")
    )
    description = models.TextField(_("acuerdo o compromiso"))
    responsible_area = models.ForeignKey(
        "core.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    responsible_person = models.CharField(_("persona responsable"), max_length=200, blank=True)
    due_date = models.DateField(_("fecha límite"))
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PENDING,
    )
    follow_up = models.TextField(
        _("seguimiento"), blank=True, help_text=_("Notas de seguimiento, una por fecha.")
    )
    completed_on = models.DateField(_("cumplido el"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[CommitmentManager] = CommitmentManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acuerdo o compromiso")
        verbose_name_plural = _("acuerdos y compromisos")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_area_id(self) -> int | None:
        """The area that must fulfil it (its liaison follows it up)."""
        return self.responsible_area_id

    def is_overdue_on(self, today: date) -> bool:
        return self.status != CommitmentStatus.DONE and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date) and self.is_overdue_on(timezone.localdate())

    @property
    def follow_up_notes(self) -> list[str]:
        return [line for line in self.follow_up.splitlines() if line.strip()]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not self.description.strip():
            errors["description"] = [_("Describa el acuerdo o compromiso.")]
        if self.entity_id and self.event_id and self.event.entity_id != self.entity_id:
            errors["event"] = [_("El evento no pertenece a la entidad.")]
        if (
            self.entity_id
            and self.responsible_area_id
            and self.responsible_area.entity_id != self.entity_id
        ):
            errors["responsible_area"] = [_("La dependencia no pertenece a la entidad.")]
        # Plausible dates: at most a few years ahead (not before the event: services).
        label = dates.field_label(Commitment, "due_date")
        latest = timezone.localdate().year + dates.MAX_YEARS_AHEAD
        checks = [("due_date", dates.year_in_range(self.due_date, label=label, maximum=latest))]
        dates.merge(errors, dates.collect(checks))
        if errors:
            raise ValidationError(errors)


# Convocation ---------------------------------------------------------------------------------


class ConvocationChannel(models.TextChoices):
    EMAIL = "correo", _("Correo electrónico")
    WEBSITE = "sitio_web", _("Sitio web de la entidad")
    SOCIAL_MEDIA = "redes_sociales", _("Redes sociales")
    MESSAGING = "mensajeria", _("Mensajería (WhatsApp, SMS)")
    RADIO_TV = "radio_tv", _("Radio o televisión")
    PRINTED = "impreso", _("Carteleras e impresos")
    PHONE = "telefono", _("Llamada telefónica")
    IN_PERSON = "presencial", _("Visita o reunión presencial")


class ConvocationStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    SENDING = "enviando", _("Enviando")
    SENT = "enviada", _("Enviada")


class Convocation(TenantModel):
    """The call to take part in a planned activity (optionally in one of its events): who is
    convened, through which channels, with what message, and how many were reached."""

    activity = models.ForeignKey(
        "plans.PlannedActivity",
        on_delete=models.PROTECT,
        related_name="convocations",
        verbose_name=_("actividad del plan"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convocations",
        verbose_name=_("evento"),
    )
    stakeholder_groups = models.ManyToManyField(
        "stakeholders.StakeholderGroup",
        blank=True,
        related_name="+",
        verbose_name=_("grupos de valor convocados"),
    )
    bodies = models.ManyToManyField(
        "bodies.ParticipationBody",
        blank=True,
        related_name="+",
        verbose_name=_("instancias convocadas"),
    )
    channels = models.JSONField(
        _("canales usados"),
        default=list,
        blank=True,
        help_text=_("Valores de ConvocationChannel."),
    )
    subject = models.CharField(_("asunto"), max_length=200)
    message = models.TextField(_("mensaje"))
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=ConvocationStatus.choices,
        default=ConvocationStatus.DRAFT,
    )
    sent_at = models.DateTimeField(_("enviada en"), null=True, blank=True)
    reach = models.PositiveIntegerField(
        _("alcance (personas convocadas)"),
        default=0,
        help_text=_("Personas convocadas por todos los canales, incluidos los no electrónicos."),
    )
    other_reach = models.PositiveIntegerField(
        _("personas convocadas por otros canales"),
        default=0,
        help_text=_(
            "Cuántas personas se convocaron por canales distintos del correo (carteleras, "
            "redes, llamadas). Se suma a los destinatarios de correo para calcular el alcance."
        ),
    )
    recipient_emails = models.JSONField(
        _("correos de los destinatarios"),
        default=list,
        blank=True,
        help_text=_("Uso interno; nunca se publica."),
    )
    recipients_total = models.PositiveIntegerField(_("destinatarios de correo"), default=0)
    recipients_sent = models.PositiveIntegerField(_("correos enviados"), default=0)
    recipients_failed = models.PositiveIntegerField(_("correos fallidos"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("creada por"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[stakeholder_groups, bodies])

    class Meta:
        verbose_name = _("convocatoria")
        verbose_name_plural = _("convocatorias")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    def get_area_id(self) -> int | None:
        return self.activity.area_id if self.activity_id else None

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(ConvocationChannel.choices)
        return [str(labels.get(c, c)) for c in self.channels]

    @property
    def progress_percent(self) -> int:
        if not self.recipients_total:
            return 100 if self.status == ConvocationStatus.SENT else 0
        done = self.recipients_sent + self.recipients_failed
        return min(100, round(100 * done / self.recipients_total))

    @property
    def progress_step(self) -> int:
        """The progress rounded down to a multiple of 5 (the CSS width classes)."""
        return self.progress_percent // 5 * 5

    def clean(self) -> None:
        errors: dict[str, list] = {}
        valid = set(ConvocationChannel.values)
        if not isinstance(self.channels, list) or any(c not in valid for c in self.channels):
            errors["channels"] = [_("Elija canales de la lista.")]
        elif not self.channels:
            errors["channels"] = [_("Elija al menos un canal de convocatoria.")]
        if not (self.message or "").strip():
            errors["message"] = [_("Escriba el mensaje de la convocatoria.")]
        if self.entity_id and self.activity_id and self.activity.entity_id != self.entity_id:
            errors["activity"] = [_("La actividad no pertenece a la entidad.")]
        if (
            self.activity_id
            and self.event is not None
            and self.event.activity_id != self.activity_id
        ):
            errors["event"] = [_("El evento no corresponde a la actividad.")]
        if errors:
            raise ValidationError(errors)


# Cancellation of a planned activity ----------------------------------------------------------


class ActivityCancellation(TenantModel):
    """A planned activity that will not be carried out, and why (its status becomes
    "cancelada" on the cronograma)."""

    activity = models.OneToOneField(
        "plans.PlannedActivity",
        on_delete=models.CASCADE,
        related_name="cancellation",
        verbose_name=_("actividad del plan"),
    )
    reason = models.TextField(_("motivo de la cancelación"))
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelada por"),
    )
    cancelled_at = models.DateTimeField(_("cancelada en"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cancelación de actividad")
        verbose_name_plural = _("cancelaciones de actividades")

    def __str__(self) -> str:
        return str(self.activity)

    def get_area_id(self) -> int | None:
        return self.activity.area_id if self.activity_id else None

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not (self.reason or "").strip():
            errors["reason"] = [_("Indique el motivo de la cancelación.")]
        if self.entity_id and self.activity_id and self.activity.entity_id != self.entity_id:
            errors["activity"] = [_("La actividad no pertenece a la entidad.")]
        if errors:
            raise ValidationError(errors)


# The standard internal report ----------------------------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    SUBMITTED = "enviado", _("Enviado a planeación")
    RETURNED = "devuelto", _("Devuelto con observaciones")
    ACCEPTED = "aceptado", _("Aceptado")


class ActivityReportQuerySet(TenantQuerySet["ActivityReport"]):
    def accepted(self) -> ActivityReportQuerySet:
        return self.filter(status=ReportStatus.ACCEPTED)


ActivityReportManager = models.Manager.from_queryset(ActivityReportQuerySet)


class ActivityReport(TenantModel):
    """The "formato interno de reporte" of an executed activity, delivered to the planning
    office. While a draft, its figures come live from the data; on submission they are frozen in
    ``figures`` (no personal data), which is what planning reviews and the public sees."""

    activity = models.OneToOneField(
        "plans.PlannedActivity",
        on_delete=models.PROTECT,
        related_name="report",
        verbose_name=_("actividad del plan"),
    )
    status = models.CharField(
        _("estado"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    activities_done = models.TextField(_("actividades realizadas"), blank=True)
    results = models.TextField(_("resultados"), blank=True)
    lessons_learned = models.TextField(_("lecciones aprendidas"), blank=True)
    figures = models.JSONField(
        _("cifras del reporte"),
        default=dict,
        blank=True,
        help_text=_("Cifras congeladas al enviar: eventos, participantes, aportes, compromisos."),
    )
    review_notes = models.TextField(_("observaciones de planeación"), blank=True)
    submitted_at = models.DateTimeField(_("enviado en"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enviado por"),
    )
    reviewed_at = models.DateTimeField(_("revisado en"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisado por"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[ActivityReportManager] = ActivityReportManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporte de actividad")
        verbose_name_plural = _("reportes de actividades")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["entity", "status"], name="report_entity_status")]

    def __str__(self) -> str:
        return str(self.activity)

    def get_area_id(self) -> int | None:
        return self.activity.area_id if self.activity_id else None

    @property
    def is_public(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.entity_id and self.activity_id and self.activity.entity_id != self.entity_id:
            errors["activity"] = [_("La actividad no pertenece a la entidad.")]
        if self.status == ReportStatus.RETURNED and not (self.review_notes or "").strip():
            errors["review_notes"] = [_("Escriba las observaciones para devolver el reporte.")]
        if (
            self.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
            and self.activity_id
            and not Event.objects.filter(
                activity_id=self.activity_id, is_cancelled=False, starts_at__lte=timezone.now()
            ).exists()
        ):
            errors.setdefault("__all__", []).append(
                _(
                    "Ningún evento de la actividad ha empezado: el reporte se envía cuando la "
                    "actividad se haya realizado."
                )
            )
        if errors:
            raise ValidationError(errors)


class ActivityStatus(models.TextChoices):
    """Execution status of a planned activity, derived from what exists (never stored)."""

    SCHEDULED = "programada", _("Programada")
    CONVENED = "convocada", _("Convocada")
    DONE = "realizada", _("Realizada")
    REPORTED = "reportada", _("Reportada")
    CANCELLED = "cancelada", _("Cancelada")


# Evidence of attendance ----------------------------------------------------------------------


def attendance_sheet_upload_to(instance: AttendanceSheet, filename: str) -> str:
    return f"execution/{instance.entity_id}/planillas/{filename}"


class AttendanceSheet(TenantModel):
    """A scanned attendance sheet (PDF or image): evidence that the event took place. It holds
    personal data, so it is only downloaded by staff who may see the registrations."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendance_sheets", verbose_name=_("evento")
    )
    file = models.FileField(_("archivo"), upload_to=attendance_sheet_upload_to)
    content_type = models.CharField(_("tipo de archivo"), max_length=100)
    original_name = models.CharField(_("nombre original"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("tamaño (bytes)"), default=0)
    description = models.CharField(_("descripción"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cargada por"),
    )
    uploaded_at = models.DateTimeField(_("cargada en"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planilla de asistencia")
        verbose_name_plural = _("planillas de asistencia")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.file.name.rsplit("/", 1)[-1]

    def get_area_id(self) -> int | None:
        return self.event.get_area_id() if self.event_id else None
