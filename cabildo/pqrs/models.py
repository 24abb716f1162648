"""PQRSD: petitions with legal terms in business days (Ley 1755 de 2015, Ley 1581 de 2012).

The rules (terms, pauses, extensions, transfers) live in the ``services`` package and
``deadlines.py``; these models only hold the data and its integrity constraints.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cabildo.core.models import Area, Entity, TenantModel, TenantQuerySet
from cabildo.pqrs import deadlines


class KindCode(models.TextChoices):
    GENERAL = "peticion_general", _("Petición general")
    INFORMATION = "informacion", _("Solicitud de información o documentos")
    CONSULTATION = "consulta", _("Consulta")
    COMPLAINT = "queja", _("Queja")
    CLAIM = "reclamo", _("Reclamo")
    SUGGESTION = "sugerencia", _("Sugerencia")
    REPORT = "denuncia", _("Denuncia")
    PRAISE = "felicitacion", _("Felicitación")
    HABEAS_CONSULTATION = "habeas_consulta", _("Habeas data: consulta")
    HABEAS_CLAIM = "habeas_reclamo", _("Habeas data: reclamo")


def kind_display_name(code: str, name: str) -> str:
    """A kind's name in the visitor's language: a standard kind (``KindCode``) the entity has
    not renamed is translated; a name the entity typed is shown as typed."""
    if code in KindCode.values:
        standard = KindCode(code)
        with translation.override(settings.LANGUAGE_CODE):
            spanish = str(standard.label)
        if name == spanish:
            return str(standard.label)
    return name


class PetitionKind(TenantModel):
    """A kind of petition and its legal term in business days, per entity."""

    code = models.SlugField(_("código"), max_length=40)
    name = models.CharField(_("nombre"), max_length=120)
    term_days = models.PositiveSmallIntegerField(
        _("término (días hábiles)"),
        null=True,
        blank=True,
        help_text=_("Vacío cuando la clase no tiene término legal (p. ej. felicitaciones)."),
    )
    extension_days = models.PositiveSmallIntegerField(
        _("días de prórroga"),
        null=True,
        blank=True,
        help_text=_(
            "Días hábiles máximos de prórroga (habeas data: +5 consultas, +8 reclamos). "
            "Vacío: hasta el doble del término inicial."
        ),
    )
    priority_term_days = models.PositiveSmallIntegerField(
        _("término prioritario (días hábiles)"),
        null=True,
        blank=True,
        help_text=_("Vacío: se usa el término prioritario de la configuración de la entidad."),
    )
    is_active = models.BooleanField(_("activa"), default=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clase de petición")
        verbose_name_plural = _("clases de petición")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "code"], name="pqrs_kind_code_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the visitor's language (``kind_display_name``)."""
        return kind_display_name(self.code, self.name)


class PqrsSettings(TenantModel):
    """Per-entity settings of the PQRSD module."""

    filing_prefix = models.CharField(
        _("prefijo del radicado"),
        max_length=12,
        blank=True,
        help_text=_("Se antepone al número de radicado, p. ej. «ALC-» → ALC-2026-000123."),
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("«por vencer» (días hábiles)"),
        default=deadlines.DEFAULT_DUE_SOON_DAYS,
        help_text=_("Una petición está por vencer cuando faltan estos días hábiles o menos."),
    )
    priority_term_days = models.PositiveSmallIntegerField(
        _("término prioritario (días hábiles)"),
        default=deadlines.DEFAULT_PRIORITY_TERM_DAYS,
        help_text=_("Término para peticiones con derecho fundamental o vida en riesgo."),
    )
    # The official letters (answer, desistimiento): an editable letterhead and signature.
    letter_header = models.TextField(
        _("membrete de las cartas"),
        blank=True,
        help_text=_("Dirección, teléfono, NIT y sitio web que encabezan las cartas oficiales."),
    )
    letter_city = models.CharField(_("ciudad de las cartas"), max_length=80, blank=True)
    signer_name = models.CharField(_("firma: nombre"), max_length=200, blank=True)
    signer_title = models.CharField(_("firma: cargo"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("configuración de PQRSD")
        verbose_name_plural = _("configuraciones de PQRSD")
        constraints = [
            models.UniqueConstraint(fields=["entity"], name="pqrs_settings_one_per_entity"),
        ]

    def __str__(self) -> str:
        return str(self.entity)


class FilingCounter(TenantModel):
    """The last filing sequence used per entity and year (locked while filing)."""

    invalidates_public_pages = False  # see TenantModel

    year = models.PositiveSmallIntegerField(_("año"))
    last_number = models.PositiveIntegerField(_("último consecutivo"), default=0)

    class Meta:
        verbose_name = _("consecutivo de radicación")
        verbose_name_plural = _("consecutivos de radicación")
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="pqrs_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}/{self.year}: {self.last_number}"


class OutgoingCounter(TenantModel):
    """The last outgoing radicado used per entity and year (locked while issuing)."""

    invalidates_public_pages = False  # see TenantModel

    year = models.PositiveSmallIntegerField(_("año"))
    last_number = models.PositiveIntegerField(_("último consecutivo"), default=0)

    class Meta:
        verbose_name = _("consecutivo de radicación de salida")
        verbose_name_plural = _("consecutivos de radicación de salida")
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="pqrs_outgoing_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}/{self.year}: {self.last_number}"


class Channel(models.TextChoices):
    WEB = "web", _("Formulario web")
    IN_PERSON = "presencial", _("Presencial")
    PHONE = "telefonico", _("Telefónico")
    EMAIL = "correo", _("Correo electrónico")
    SOCIAL = "redes", _("Redes sociales")
    CHAT = "chat", _("Chat")
    MAILBOX = "buzon", _("Buzón de sugerencias")
    VERBAL = "verbal", _("Verbal")


class SubChannel(TenantModel):
    """A point of contact under a legal channel, as the entity reports it (Cali: Presencial ›
    Ventanilla única CAM, each C.A.L.I.; Telefónico › Línea 195, Línea 018000)."""

    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    name = models.CharField(_("subcanal"), max_length=120)
    order = models.PositiveSmallIntegerField(_("orden"), default=100)
    is_active = models.BooleanField(_("activo"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subcanal")
        verbose_name_plural = _("subcanales")
        ordering = ["channel", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "channel", "name"], name="pqrs_subchannel_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} › {self.name}"


class ImportedYearCount(TenantModel):
    """How many communications a channel (or sub-channel) received in a year before the
    system: an imported yearly aggregate, never petitions. The statistics add it to the
    year-on-year table and mark it as imported."""

    year = models.PositiveSmallIntegerField(_("año"))
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    label = models.CharField(
        _("fila del informe"),
        max_length=120,
        help_text=_("Como la nombra la fuente, p. ej. «Presencial CAM» o «Línea 195 / 018000»."),
    )
    sub_channel = models.ForeignKey(
        SubChannel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imported_counts",
        verbose_name=_("subcanal"),
    )
    count = models.PositiveIntegerField(_("cantidad"))
    source = models.CharField(_("fuente"), max_length=300)
    imported_at = models.DateTimeField(_("importada en"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cifra histórica importada")
        verbose_name_plural = _("cifras históricas importadas")
        ordering = ["year", "channel", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "year", "channel", "label"], name="pqrs_historical_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.label}: {self.count}"


class Status(models.TextChoices):
    FILED = "radicada", _("Radicada")
    ASSIGNED = "asignada", _("Asignada")
    IN_PROGRESS = "en_tramite", _("En trámite")
    ANSWERED = "respondida", _("Respondida")
    CLOSED = "cerrada", _("Cerrada")
    WITHDRAWN = "desistida", _("Desistida")


OPEN_STATUSES = (Status.FILED, Status.ASSIGNED, Status.IN_PROGRESS)


class ClosingReason(models.TextChoices):
    ANSWERED = "respondida_de_fondo", _("Respondida de fondo")
    TRANSFERRED = "trasladada", _("Trasladada por competencia")
    WITHDRAWN = "desistida", _("Desistimiento tácito")
    WITHDRAWN_EXPRESS = "desistida_expresa", _("Desistimiento expreso")
    ANONYMOUS_ARCHIVED = "archivada_anonima", _("Archivada por anónima no verificable")


class DocumentType(models.TextChoices):
    CC = "CC", _("Cédula de ciudadanía")
    CE = "CE", _("Cédula de extranjería")
    TI = "TI", _("Tarjeta de identidad")
    PA = "PA", _("Pasaporte")
    PPT = "PPT", _("Permiso por protección temporal")
    NIT = "NIT", _("NIT")


class PetitionQuerySet(TenantQuerySet["Petition"]):
    def open(self) -> PetitionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


PetitionManager = models.Manager.from_queryset(PetitionQuerySet)


class Petition(TenantModel):
    """A PQRSD: what a person asks, on which channel, and the legal clock that runs on it."""

    invalidates_public_pages = False  # see TenantModel

    filing_number = models.CharField(_("número de radicado"), max_length=40)
    year = models.PositiveSmallIntegerField(_("año"))
    sequence = models.PositiveIntegerField(_("consecutivo"))
    tracking_code_hash = models.CharField(max_length=64, editable=False)
    kind = models.ForeignKey(
        PetitionKind, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("clase")
    )
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    sub_channel = models.ForeignKey(
        SubChannel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("subcanal"),
    )
    subject = models.CharField(_("asunto"), max_length=200)
    description = models.TextField(_("descripción"))
    anonymous = models.BooleanField(_("anónima"), default=False)
    requester_name = models.CharField(_("nombre"), max_length=200, blank=True)
    requester_document_type = models.CharField(
        _("tipo de documento"), max_length=4, choices=DocumentType.choices, blank=True
    )
    requester_document_number = models.CharField(
        _("número de documento"), max_length=30, blank=True
    )
    requester_email = models.EmailField(_("correo electrónico"), blank=True)
    requester_phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    requester_address = models.CharField(_("dirección"), max_length=200, blank=True)
    consent = models.ForeignKey(
        "privacy.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autorización de datos"),
    )
    is_priority = models.BooleanField(_("prioritaria"), default=False)
    priority_reason = models.CharField(_("motivo de prioridad"), max_length=300, blank=True)
    filed_at = models.DateTimeField(_("fecha de radicación"))
    term_days = models.PositiveSmallIntegerField(_("término (días hábiles)"), null=True, blank=True)
    term_start = models.DateField(
        _("inicio del término"),
        null=True,
        blank=True,
        help_text=_("Fecha de radicación, o la de la información completada (art. 17)."),
    )
    due_date = models.DateField(_("vencimiento"), null=True, blank=True)
    paused_at = models.DateField(_("término suspendido desde"), null=True, blank=True)
    paused_business_days = models.PositiveSmallIntegerField(
        _("días hábiles suspendidos"), default=0
    )
    extended = models.BooleanField(_("prorrogada"), default=False)
    original_due_date = models.DateField(_("vencimiento inicial"), null=True, blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default=Status.FILED
    )
    closing_reason = models.CharField(
        _("motivo de cierre"), max_length=30, choices=ClosingReason.choices, blank=True
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("dependencia responsable"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_petitions",
        verbose_name=_("responsable"),
    )
    answered_at = models.DateTimeField(_("fecha de respuesta"), null=True, blank=True)
    answer_text = models.TextField(_("respuesta"), blank=True)
    answer_channel = models.CharField(
        _("canal de respuesta"), max_length=20, choices=Channel.choices, blank=True
    )
    transferred_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trasladada desde"),
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[PetitionManager] = PetitionManager()
    history = HistoricalRecords(excluded_fields=["tracking_code_hash"])

    class Meta:
        verbose_name = _("petición (PQRSD)")
        verbose_name_plural = _("peticiones (PQRSD)")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "filing_number"], name="pqrs_filing_number_unique"
            ),
            models.UniqueConstraint(
                fields=["entity", "year", "sequence"], name="pqrs_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | (
                    Q(requester_name="")
                    & Q(requester_document_number="")
                    & Q(requester_email="")
                    & Q(requester_phone="")
                    & Q(requester_address="")
                ),
                name="pqrs_anonymous_has_no_personal_data",
            ),
        ]
        indexes = [
            models.Index(fields=["entity", "status", "due_date"], name="pqrs_status_due_idx"),
            # Covering: the yearly statistics (counts by channel, kind, area, status, month,
            # answered on time) are index-only scans of one year (docs/benchmarks.md).
            models.Index(
                fields=["entity", "filed_at"],
                include=[
                    "id",
                    "channel",
                    "status",
                    "kind",
                    "area",
                    "due_date",
                    "answered_at",
                    "closing_reason",
                ],
                name="pqrs_filed_idx",
            ),
            models.Index(fields=["entity", "area", "status"], name="pqrs_area_status_idx"),
            # The staff list filtered by status or by area, newest first (keyset pagination on
            # filed_at): an ordered walk of the matching rows only (docs/benchmarks.md).
            models.Index(fields=["entity", "status", "filed_at"], name="pqrs_status_filed_idx"),
            models.Index(fields=["entity", "area", "filed_at"], name="pqrs_area_filed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.filing_number} · {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def has_personal_data(self) -> bool:
        return any(
            [
                self.requester_name,
                self.requester_document_number,
                self.requester_email,
                self.requester_phone,
                self.requester_address,
            ]
        )


class EventKind(models.TextChoices):
    FILED = "radicada", _("Radicación")
    ASSIGNED = "asignada", _("Asignación")
    IN_PROGRESS = "en_tramite", _("Inicio del trámite")
    COMPLETION_REQUESTED = "solicitud_completar", _("Solicitud de completar información")
    COMPLETION_EXTENDED = "ampliacion_completar", _("Ampliación del plazo para completar")
    COMPLETED = "completada", _("Información completada")
    WITHDRAWN = "desistida", _("Desistimiento")
    DOCUMENT_CANCELLED = "anulacion", _("Anulación de un radicado de salida")
    TRANSFERRED = "trasladada", _("Traslado por competencia")
    RECEIVED_BY_TRANSFER = "recibida_traslado", _("Recibida por traslado")
    EXTENDED = "prorroga", _("Prórroga")
    ANSWERED = "respondida", _("Respuesta")
    ARCHIVED = "archivada", _("Archivo")
    REOPENED = "reabierta", _("Reapertura")
    DUE_DATE_RECOMPUTED = "vencimiento_recalculado", _("Vencimiento recalculado")
    NOTE = "nota", _("Nota interna")


class PetitionEvent(TenantModel):
    """One line of a petition's timeline (append-only)."""

    invalidates_public_pages = False  # see TenantModel

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="events", verbose_name=_("petición")
    )
    kind = models.CharField(_("tipo"), max_length=30, choices=EventKind.choices)
    text = models.TextField(_("detalle"), blank=True)
    is_public = models.BooleanField(_("visible para el ciudadano"), default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funcionario"),
    )
    at = models.DateTimeField(_("fecha"))

    class Meta:
        verbose_name = _("evento de la petición")
        verbose_name_plural = _("eventos de la petición")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["petition", "at"], name="pqrs_event_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def display_text(self) -> str:
        """The line in the reader's language (``cabildo.pqrs.timeline``); ``text`` is the record."""
        from cabildo.pqrs.timeline import translated

        return translated(self.text)

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Petition events are append-only")
        super().save(*args, **kwargs)


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    return filename  # the service builds the generated name


class Attachment(TenantModel):
    """A file received with a petition or sent with its answer."""

    invalidates_public_pages = False  # see TenantModel

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("petición")
    )
    file = models.FileField(_("archivo"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("nombre original"), max_length=200)
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    is_answer = models.BooleanField(_("de la respuesta"), default=False)
    uploaded_at = models.DateTimeField(_("cargado en"), auto_now_add=True)

    class Meta:
        verbose_name = _("anexo")
        verbose_name_plural = _("anexos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Extension(TenantModel):
    """Prórroga (art. 14 parágrafo): before the due date, with reasons and a notice."""

    invalidates_public_pages = False  # see TenantModel

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("petición")
    )
    reason = models.TextField(_("motivo"))
    previous_due_date = models.DateField(_("vencimiento anterior"))
    new_due_date = models.DateField(_("nuevo vencimiento"))
    notified_at = models.DateTimeField(_("notificada al ciudadano en"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prórroga")
        verbose_name_plural = _("prórrogas")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.previous_due_date} → {self.new_due_date}"


class Transfer(TenantModel):
    """Traslado por competencia (art. 21)."""

    invalidates_public_pages = False  # see TenantModel

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("petición")
    )
    target_entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad de destino (en Cabildo)"),
    )
    target_name = models.CharField(_("entidad competente"), max_length=200)
    target_email = models.EmailField(_("correo de la entidad competente"), blank=True)
    reason = models.TextField(_("motivo"))
    new_petition = models.ForeignKey(
        Petition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petición creada en la entidad de destino"),
    )
    notified_at = models.DateTimeField(_("notificado al ciudadano en"), null=True, blank=True)
    is_late = models.BooleanField(
        _("extemporáneo"),
        default=False,
        help_text=format_lazy(
            _("Se hizo después de los {days} días hábiles siguientes a la radicación."),
            days=deadlines.TRANSFER_WINDOW_DAYS,
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("traslado")
        verbose_name_plural = _("traslados")

    def __str__(self) -> str:
        return f"{self.petition_id} → {self.target_name}"


class CompletionRequest(TenantModel):
    """Solicitud de completar (art. 17): the clock stops until the citizen answers."""

    invalidates_public_pages = False  # see TenantModel

    petition = models.ForeignKey(
        Petition,
        on_delete=models.CASCADE,
        related_name="completion_requests",
        verbose_name=_("petición"),
    )
    requested_on = models.DateField(_("fecha de la solicitud"))
    missing = models.TextField(_("información o documentos que faltan"))
    deadline = models.DateField(_("plazo para completar"))
    deadline_extended = models.BooleanField(_("plazo ampliado"), default=False)
    suspends_term = models.BooleanField(
        _("suspende el término"),
        default=True,
        help_text=format_lazy(
            _("Falso si se pidió después de los {days} días hábiles siguientes a la radicación."),
            days=deadlines.COMPLETION_REQUEST_WINDOW_DAYS,
        ),
    )
    completed_on = models.DateField(_("completada en"), null=True, blank=True)
    completion_text = models.TextField(_("información aportada"), blank=True)
    withdrawn_on = models.DateField(_("desistida en"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud de completar")
        verbose_name_plural = _("solicitudes de completar")
        ordering = ["requested_on", "id"]
        indexes = [models.Index(fields=["deadline"], name="pqrs_completion_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.requested_on}"

    @property
    def is_pending(self) -> bool:
        return self.completed_on is None and self.withdrawn_on is None


class DocumentKind(models.TextChoices):
    ANSWER = "respuesta", _("Carta de respuesta")
    WITHDRAWAL = "desistimiento", _("Acto de desistimiento")


class OutgoingDocument(TenantModel):
    """An official communication sent about a petition (answer letter, act of desistimiento)
    with its outgoing radicado: consecutive per entity and year, never reused; a cancellation
    keeps the row with its reason (Acuerdo AGN 060 de 2001). What the letter says is kept as
    issued (recipient, text, signer, annexes), so its PDF reads the same whenever rendered."""

    invalidates_public_pages = False  # see TenantModel

    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="documents", verbose_name=_("petición")
    )
    kind = models.CharField(_("clase"), max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("año"))
    sequence = models.PositiveIntegerField(_("consecutivo"))
    number = models.CharField(_("radicado de salida"), max_length=40)
    issued_at = models.DateTimeField(_("fecha de expedición"))
    verification_code = models.CharField(_("código de verificación"), max_length=20, unique=True)
    recipient = models.CharField(_("destinatario"), max_length=400)
    subject = models.CharField(_("asunto"), max_length=300)
    body = models.TextField(_("texto"))
    annexes = models.JSONField(_("anexos"), default=list, blank=True)
    letter_header = models.TextField(_("membrete"), blank=True)
    letter_city = models.CharField(_("ciudad"), max_length=80, blank=True)
    signer_name = models.CharField(_("firma: nombre"), max_length=200, blank=True)
    signer_title = models.CharField(_("firma: cargo"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("anulado en"), null=True, blank=True)
    cancel_reason = models.TextField(_("motivo de la anulación"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comunicación de salida")
        verbose_name_plural = _("comunicaciones de salida")
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "year", "sequence"], name="pqrs_outgoing_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["entity", "number"], name="pqrs_outgoing_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="pqrs_outgoing_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.get_kind_display()}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Mailbox(TenantModel):
    """The entity's PQRSD email address read by IMAP (Decreto 1166 de 2016: email is a legal
    channel). The password is kept here or, better, in an environment variable named by
    ``password_env``; no page ever shows it."""

    invalidates_public_pages = False  # see TenantModel

    address = models.EmailField(
        _("dirección de correo"), help_text=_("La dirección que los ciudadanos escriben.")
    )
    host = models.CharField(_("servidor IMAP"), max_length=200)
    port = models.PositiveIntegerField(_("puerto"), default=993)
    use_ssl = models.BooleanField(_("usar SSL/TLS"), default=True)
    username = models.CharField(pgettext_lazy("buzón", "usuario"), max_length=200)
    password = models.CharField(_("contraseña"), max_length=200, blank=True)
    password_env = models.CharField(
        _("variable de entorno con la contraseña"),
        max_length=100,
        blank=True,
        help_text=_("Si se indica, la contraseña se lee de esta variable y no se guarda aquí."),
    )
    folder = models.CharField(_("carpeta"), max_length=200, default="INBOX")
    is_active = models.BooleanField(_("activo"), default=True)
    last_checked_at = models.DateTimeField(_("última lectura"), null=True, blank=True)
    last_error = models.TextField(_("último error"), blank=True)

    history = HistoricalRecords(excluded_fields=["password"])

    class Meta:
        verbose_name = _("buzón de correo de PQRSD")
        verbose_name_plural = _("buzones de correo de PQRSD")
        constraints = [
            models.UniqueConstraint(fields=["entity"], name="pqrs_mailbox_one_per_entity"),
        ]

    def __str__(self) -> str:
        return self.address


class IntakeOutcome(models.TextChoices):
    FILED = "radicado", _("Radicado como petición")
    AUTO_REPLY = "respuesta_automatica", _("Respuesta automática o rebote: no se radica")
    OWN_REPLY = "respuesta_a_la_entidad", _("Respuesta a un correo de la entidad: no se radica")
    COMPLETION = "completa_peticion", _("Respuesta a una solicitud de completar: se agrega")
    ERROR = "error", _("Error: se reintentará")
    FAILED = "fallido", _("Falló varias veces: no se reintenta; revíselo en el buzón")


class MailIntake(TenantModel):
    """One message read from the mailbox and what became of it (a message is filed once:
    its Message-ID is unique per entity)."""

    invalidates_public_pages = False  # see TenantModel

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.CASCADE, related_name="intakes", verbose_name=_("buzón")
    )
    message_id = models.CharField(_("Message-ID"), max_length=500)
    sender = models.CharField(_("remitente"), max_length=320, blank=True)
    subject = models.CharField(_("asunto"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("leído en"), auto_now_add=True)
    outcome = models.CharField(_("resultado"), max_length=30, choices=IntakeOutcome.choices)
    detail = models.TextField(_("detalle"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=1)
    petition = models.ForeignKey(
        Petition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petición"),
    )

    class Meta:
        verbose_name = _("correo recibido")
        verbose_name_plural = _("correos recibidos")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "message_id"], name="pqrs_mail_intake_message_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} · {self.get_outcome_display()}"
