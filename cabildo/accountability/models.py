"""Rendición de cuentas (Ley 1757 de 2015, Título IV) and control social (Ley 850 de 2003;
Ley 1757 arts. 60–72) as processes.

- :class:`Strategy`: the year's accountability strategy of an entity, with its tasks per stage
  of art. 56 (:class:`StrategyTask`) and the dialogue spaces it plans (:class:`DialogueSpace`,
  an audiencia pública participativa or another space, held as an ``execution.Event``);
- :class:`Question`: a citizen's question or proposal of a dialogue space, routed to an area and
  answered in writing within 15 business days (``law.answer_due``), published;
- :class:`ImprovementAction`: the corrective actions adopted from a dialogue space (art. 55) or
  from a veeduría's observation, with owners and follow-up;
- :class:`Veeduria`, :class:`VeeduriaMember`: the register of veedurías ciudadanas;
- :class:`OversightItem`, :class:`SupervisorReport`: what is under oversight and the
  supervisors' reports (art. 72);
- :class:`VeeduriaRequest`: a veeduría's request, filed as a PQRSD petition;
- :class:`VeeduriaObservation`: a veeduría's observation, recorded, answered and published.

The law (terms, art. 53, the checklist) lives in ``law.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core.models import Area, TenantModel, TenantQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from cabildo.pqrs.deadlines import DeadlineStatus


#: The fewest characters of a question, proposal or observation (one that says something).
MIN_TEXT_LENGTH = 10


class Stage(models.TextChoices):
    """The stages of the process (Ley 1757 de 2015, art. 56)."""

    READINESS = "aprestamiento", _("Aprestamiento")
    TRAINING = "capacitacion", _("Capacitación")
    INFORMATION = "publicacion", _("Publicación de información")
    CONVOCATION = "convocatoria_evento", _("Convocatoria y evento")
    FOLLOW_UP = "seguimiento", _("Seguimiento")


class Strategy(TenantModel):
    """The entity's accountability strategy for one vigencia (art. 52)."""

    year = models.PositiveSmallIntegerField(_("vigencia"))
    objective = models.TextField(
        _("objetivo"), help_text=_("Qué informará la entidad, sobre qué resultados y a quién.")
    )
    lead_team = models.TextField(
        _("equipo líder"),
        help_text=_("Una persona por línea: nombre y cargo o dependencia."),
    )
    is_published = models.BooleanField(_("publicada"), default=False)
    published_at = models.DateTimeField(_("publicada el"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("estrategia de rendición de cuentas")
        verbose_name_plural = _("estrategias de rendición de cuentas")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="accountability_strategy_year")
        ]

    def __str__(self) -> str:
        return str(_("Estrategia de rendición de cuentas %(year)s") % {"year": self.year})

    @property
    def lead_team_lines(self) -> list[str]:
        return [line.strip() for line in self.lead_team.splitlines() if line.strip()]


class StrategyTask(TenantModel):
    # Set by selectors.strategy_checklist() on the rows it returns (not columns).
    status: str
    status_label: StrOrPromise

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("estrategia")
    )
    stage = models.CharField(_("etapa"), max_length=30, choices=Stage.choices)
    description = models.CharField(_("tarea"), max_length=300)
    owner_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    owner_name = models.CharField(_("persona responsable"), max_length=200, blank=True)
    starts_on = models.DateField(_("inicio"), null=True, blank=True)
    due_date = models.DateField(_("fecha límite"))
    done_on = models.DateField(_("hecha el"), null=True, blank=True)
    activity = models.ForeignKey(
        "plans.PlannedActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actividad del plan"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tarea de la estrategia")
        verbose_name_plural = _("tareas de la estrategia")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description

    def get_area_id(self) -> int | None:
        return self.owner_area_id


class SpaceKind(models.TextChoices):
    """In-person dialogue spaces of art. 53."""

    HEARING = "audiencia_publica", _("Audiencia pública participativa")
    FORUM = "foro", _("Foro")
    WORKING_TABLE = "mesa_trabajo", _("Mesa de trabajo")
    ZONAL_MEETING = "reunion_zonal", _("Reunión zonal")
    FAIR = "feria_gestion", _("Feria de la gestión")
    BODY_SESSION = "sesion_instancia", _("Sesión de una instancia de participación")
    OTHER = "otro", _("Otro espacio de diálogo")


class DialogueSpace(TenantModel):
    """A dialogue space of the strategy; once scheduled it is held as an event."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("estrategia")
    )
    kind = models.CharField(_("tipo de espacio"), max_length=30, choices=SpaceKind.choices)
    name = models.CharField(_("nombre"), max_length=300)
    planned_date = models.DateField(_("fecha prevista"))
    in_person = models.BooleanField(
        _("presencial"),
        default=True,
        help_text=_("Los espacios virtuales complementan, no reemplazan, los presenciales."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    activity = models.ForeignKey(
        "plans.PlannedActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actividad del plan"),
    )
    body = models.ForeignKey(
        "bodies.ParticipationBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instancia de participación"),
    )
    event = models.OneToOneField(
        "execution.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_space",
        verbose_name=_("evento"),
    )
    report_title = models.CharField(_("título del informe"), max_length=300, blank=True)
    report_body = models.TextField(
        _("informe en texto accesible"),
        blank=True,
        help_text=_(
            "El informe en lenguaje claro. Un párrafo por bloque; una línea que empieza con «# » "
            "es un título."
        ),
    )
    report_pdf = models.FileField(_("informe en PDF"), upload_to="rendicion/informes/", blank=True)
    report_published_at = models.DateTimeField(_("informe publicado el"), null=True, blank=True)
    questions_close_at = models.DateTimeField(
        _("recibe preguntas hasta"),
        null=True,
        blank=True,
        help_text=_("Vacío: hasta el final del evento."),
    )
    memoria = models.TextField(_("memoria del evento"), blank=True)
    memoria_published_at = models.DateTimeField(_("memoria publicada el"), null=True, blank=True)
    survey = models.ForeignKey(
        "exercises.Survey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("encuesta de evaluación de los participantes"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("espacio de diálogo")
        verbose_name_plural = _("espacios de diálogo")
        ordering = ["planned_date", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_area_id(self) -> int | None:
        return self.area_id

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None

    @property
    def report_blocks(self) -> list[tuple[str, str]]:
        """The accessible body as ``(kind, text)`` blocks: ``h`` headings and ``p`` paragraphs
        (rendered escaped: the body is text, never HTML)."""
        blocks = []
        for chunk in self.report_body.replace("\r\n", "\n").split("\n\n"):
            text = chunk.strip()
            if not text:
                continue
            if text.startswith("# "):
                blocks.append(("h", text[2:].strip()))
            else:
                blocks.append(("p", text))
        return blocks


class QuestionKind(models.TextChoices):
    QUESTION = "pregunta", _("Pregunta")
    PROPOSAL = "propuesta", _("Propuesta")


class QuestionChannel(models.TextChoices):
    WEB = "web", _("Formulario web")
    PAPER = "papel", _("Formato en papel")
    ORAL = "oral", _("Intervención en el evento")


class QuestionStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida, sin dependencia")
    ASSIGNED = "asignada", _("En trámite en la dependencia")
    ANSWERED = "respondida", _("Respondida y publicada")


class QuestionQuerySet(TenantQuerySet["Question"]):
    def published(self) -> QuestionQuerySet:
        return self.filter(status=QuestionStatus.ANSWERED)


QuestionManager = models.Manager.from_queryset(QuestionQuerySet)


class Question(TenantModel):
    """A citizen's question or proposal in the accountability process (art. 56)."""

    on_time: bool  # set by selectors on answered questions (not a column)
    deadline: DeadlineStatus  # set by selectors on the rows they list (not a column)

    space = models.ForeignKey(
        DialogueSpace,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("espacio de diálogo"),
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("pregunta o propuesta"))
    author_name = models.CharField(_("nombre"), max_length=200, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    channel = models.CharField(_("canal"), max_length=20, choices=QuestionChannel.choices)
    consent = models.ForeignKey(
        "privacy.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autorización de datos"),
    )
    received_on = models.DateField(_("recibida el"))
    due_date = models.DateField(_("responder a más tardar"))
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia que responde"),
    )
    status = models.CharField(
        _("estado"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.RECEIVED
    )
    answer = models.TextField(_("respuesta"), blank=True)
    answered_on = models.DateField(_("respondida el"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[QuestionManager] = QuestionManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pregunta o propuesta")
        verbose_name_plural = _("preguntas y propuestas")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="respondida", answered_on__isnull=False)
                | (~Q(status="respondida") & Q(answered_on__isnull=True)),
                name="accountability_question_answered_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}: {self.text[:60]}"

    def get_area_id(self) -> int | None:
        return self.area_id


class ActionStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    IN_PROGRESS = "en_curso", _("En curso")
    DONE = "cumplida", _("Cumplida")


class ImprovementAction(TenantModel):
    """A corrective or improvement action adopted from a dialogue space (art. 55) or from a
    veeduría's observation (Res. 1519 6.2.6), with its owner and follow-up."""

    space = models.ForeignKey(
        DialogueSpace,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("espacio de diálogo"),
    )
    observation = models.ForeignKey(
        "accountability.VeeduriaObservation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("observación de la veeduría"),
    )
    description = models.TextField(_("acción"))
    owner_area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("dependencia responsable")
    )
    owner_name = models.CharField(_("persona responsable"), max_length=200, blank=True)
    due_date = models.DateField(_("fecha límite"))
    status = models.CharField(
        _("estado"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PENDING
    )
    follow_up = models.TextField(_("seguimiento"), blank=True)
    completed_on = models.DateField(_("cumplida el"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acción de mejora")
        verbose_name_plural = _("acciones de mejora")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(space__isnull=False) & Q(observation__isnull=True))
                | (Q(space__isnull=True) & Q(observation__isnull=False)),
                name="accountability_action_one_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_area_id(self) -> int | None:
        return self.owner_area_id


# Control social --------------------------------------------------------------------------------


class Registrar(models.TextChoices):
    OMBUDSMAN = "personeria", _("Personería")
    CHAMBER = "camara_comercio", _("Cámara de Comercio")


class TerritorialLevel(models.TextChoices):
    LOCAL = "local", _("Comuna o corregimiento")
    MUNICIPAL = "municipal", _("Municipal")
    DEPARTMENTAL = "departamental", _("Departamental")
    NATIONAL = "nacional", _("Nacional")


class Veeduria(TenantModel):
    """A veeduría ciudadana (or a network of them) registered with a personería or a Cámara de
    Comercio (Ley 850 de 2003, art. 3)."""

    name = models.CharField(_("nombre"), max_length=300)
    is_network = models.BooleanField(_("red de veedurías"), default=False)
    registrar = models.CharField(_("inscrita ante"), max_length=20, choices=Registrar.choices)
    registration_number = models.CharField(_("número de inscripción"), max_length=60)
    registered_on = models.DateField(_("fecha de inscripción"))
    object = models.TextField(_("objeto de la vigilancia"))
    territorial_level = models.CharField(
        _("nivel territorial"), max_length=20, choices=TerritorialLevel.choices
    )
    valid_until = models.DateField(
        _("vigente hasta"), null=True, blank=True, help_text=_("Duración según su acta.")
    )
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    items = models.ManyToManyField(
        "accountability.OversightItem",
        blank=True,
        related_name="veedurias",
        verbose_name=_("qué vigila"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("veeduría ciudadana")
        verbose_name_plural = _("veedurías ciudadanas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "registrar", "registration_number"],
                name="accountability_veeduria_registration",
            )
        ]

    def __str__(self) -> str:
        return self.name


class VeeduriaMember(TenantModel):
    """A member (veedor). Personal data: shown to staff only; the public sees the count."""

    veeduria = models.ForeignKey(
        Veeduria, on_delete=models.CASCADE, related_name="members", verbose_name=_("veeduría")
    )
    name = models.CharField(_("nombre"), max_length=200)
    role = models.CharField(_("rol"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integrante de veeduría")
        verbose_name_plural = _("integrantes de veeduría")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OversightKind(models.TextChoices):
    PROGRAMME = "programa", _("Programa")
    PROJECT = "proyecto", _("Proyecto")
    CONTRACT = "contrato", _("Contrato")


class OversightItem(TenantModel):
    """A programme, project or contract under citizen oversight (Res. 1519, 6.2.6)."""

    kind = models.CharField(_("tipo"), max_length=20, choices=OversightKind.choices)
    reference = models.CharField(
        _("número o código"), max_length=80, help_text=_("Número del contrato, código BPIN…")
    )
    object = models.TextField(_("objeto"))
    value = models.DecimalField(_("valor (COP)"), max_digits=16, decimal_places=0)
    starts_on = models.DateField(_("fecha de inicio"))
    ends_on = models.DateField(_("fecha de terminación"))
    supervisor = models.CharField(
        _("supervisor o interventor"), max_length=200, help_text=_("Nombre y cargo o firma.")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("dependencia responsable")
    )
    start_informed_on = models.DateField(
        _("inicio informado a la ciudadanía el"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objeto de control social")
        verbose_name_plural = _("objetos de control social")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    def get_area_id(self) -> int | None:
        return self.area_id

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("La fecha de terminación no puede ser anterior a la de inicio.")}
            )
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("El valor no puede ser negativo.")})


class SupervisorReport(TenantModel):
    """A supervisor's or interventor's report to the citizen audit group (Ley 1757 art. 72)."""

    item = models.ForeignKey(
        OversightItem, on_delete=models.CASCADE, related_name="reports", verbose_name=_("objeto")
    )
    report_date = models.DateField(_("fecha del informe"))
    period = models.CharField(_("periodo"), max_length=120)
    summary = models.TextField(_("resumen del avance"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("informe de supervisión")
        verbose_name_plural = _("informes de supervisión")
        ordering = ["report_date", "pk"]

    def __str__(self) -> str:
        return f"{self.item} · {self.period}"

    def get_area_id(self) -> int | None:
        return self.item.area_id if self.item_id else None


class VeeduriaRequest(TenantModel):
    """A veeduría's request, filed as a PQRSD petition of the kind «solicitud de veeduría»
    (its term and semáforo are the petition's)."""

    deadline: DeadlineStatus  # set by selectors on the rows they list (not a column)

    veeduria = models.ForeignKey(
        Veeduria, on_delete=models.PROTECT, related_name="requests", verbose_name=_("veeduría")
    )
    item = models.ForeignKey(
        OversightItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("objeto"),
    )
    petition = models.OneToOneField(
        "pqrs.Petition",
        on_delete=models.PROTECT,
        related_name="veeduria_request",
        verbose_name=_("petición"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud de veeduría")
        verbose_name_plural = _("solicitudes de veeduría")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.veeduria} · {self.petition_id}"


class ObservationStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida, en trámite")
    ANSWERED = "respondida", _("Respondida y publicada")


class VeeduriaObservation(TenantModel):
    """A veeduría's observation on what it oversees, answered and published (art. 72)."""

    veeduria = models.ForeignKey(
        Veeduria, on_delete=models.PROTECT, related_name="observations", verbose_name=_("veeduría")
    )
    item = models.ForeignKey(
        OversightItem,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("objeto"),
    )
    text = models.TextField(_("observación"))
    received_on = models.DateField(_("recibida el"))
    due_date = models.DateField(_("responder a más tardar"))
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=ObservationStatus.choices,
        default=ObservationStatus.RECEIVED,
    )
    answer = models.TextField(_("respuesta"), blank=True)
    answered_on = models.DateField(_("respondida el"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("observación de veeduría")
        verbose_name_plural = _("observaciones de veeduría")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.veeduria} · {self.text[:60]}"

    def get_area_id(self) -> int | None:
        return self.item.area_id if self.item_id else None


# Concejos, asambleas, JAL (Ley 1757 arts. 57–59) -----------------------------------------------


class MatterKind(models.TextChoices):
    PROPOSITION = "proposicion", _("Proposición")
    BILL = "proyecto_acuerdo", _("Proyecto de acuerdo")


class MatterStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    APPROVED = "aprobado", _("Aprobado")
    DENIED = "negado", _("Negado")


class CouncilMatter(TenantModel):
    """A proposición or proyecto de acuerdo presented to the council (art. 59 counts them)."""

    kind = models.CharField(_("tipo"), max_length=20, choices=MatterKind.choices)
    number = models.CharField(_("número"), max_length=40)
    title = models.CharField(_("título"), max_length=400)
    presented_on = models.DateField(_("presentado el"))
    status = models.CharField(
        _("estado"), max_length=20, choices=MatterStatus.choices, default=MatterStatus.PENDING
    )
    decided_on = models.DateField(_("decidido el"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposición o proyecto de acuerdo")
        verbose_name_plural = _("proposiciones y proyectos de acuerdo")
        ordering = ["-presented_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "number"], name="accountability_matter_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def clean(self) -> None:
        if self.status == MatterStatus.PENDING and self.decided_on:
            raise ValidationError(
                {"decided_on": _("Un asunto pendiente no tiene fecha de decisión.")}
            )
        if self.status != MatterStatus.PENDING and not self.decided_on:
            raise ValidationError({"decided_on": _("Indique cuándo se aprobó o negó.")})
        if self.decided_on and self.presented_on and self.decided_on < self.presented_on:
            raise ValidationError(
                {"decided_on": _("La decisión no puede ser anterior a la presentación.")}
            )


class CouncilDebate(TenantModel):
    """A control debate held by the council (art. 59)."""

    held_on = models.DateField(_("realizado el"))
    subject = models.CharField(_("tema"), max_length=400)
    summoned = models.CharField(_("citados"), max_length=400, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("debate de control")
        verbose_name_plural = _("debates de control")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.subject


class CouncilReport(TenantModel):
    """The president's annual report (art. 59): the counts come from the recorded matters and
    debates of the year; the other sections are written; published, it stays public."""

    year = models.PositiveSmallIntegerField(_("año informado"))
    president = models.CharField(_("presidente(a) que informa"), max_length=200)
    administrative = models.TextField(_("asuntos administrativos"), blank=True)
    financial = models.TextField(_("asuntos financieros"), blank=True)
    labour = models.TextField(_("asuntos laborales"), blank=True)
    contractual = models.TextField(_("asuntos contractuales"), blank=True)
    pending = models.TextField(_("asuntos pendientes"), blank=True)
    published_at = models.DateTimeField(_("publicado el"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("informe anual del concejo")
        verbose_name_plural = _("informes anuales del concejo")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="accountability_council_year")
        ]

    def __str__(self) -> str:
        return str(_("Informe de gestión del concejo %(year)s") % {"year": self.year})


class MayorReportReview(TenantModel):
    """The alcalde's annual report received by the council, evaluated and answered within one
    month (art. 57 parágrafo)."""

    late: bool  # set by the council page on the rows it lists (not a column)

    year = models.PositiveSmallIntegerField(_("año del informe"))
    received_on = models.DateField(_("recibido el"))
    due_date = models.DateField(_("responder a más tardar"))
    answered_on = models.DateField(_("respondido el"), null=True, blank=True)
    answer = models.TextField(_("evaluación y respuesta"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("informe del alcalde")
        verbose_name_plural = _("informes del alcalde")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="accountability_mayor_year")
        ]

    def __str__(self) -> str:
        return str(_("Informe del alcalde %(year)s") % {"year": self.year})
