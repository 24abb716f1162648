"""Instancias de participación: the bodies, their members, sessions and yearly characterization."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cabildo.bodies.files import validate_minutes_file
from cabildo.core import dates
from cabildo.core.models import Area, TenantModel
from cabildo.territories.models import Territory


class BodyKind(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial")
    POPULATION = "poblacional", _("Poblacional")
    SECTORAL = "sectorial", _("Sectorial")


class BodyStatus(models.TextChoices):
    FORMING = "en_conformacion", _("En conformación")
    ACTIVE = "activa", _("Activa")
    INACTIVE = "inactiva", _("Inactiva")
    ABOLISHED = "suprimida", _("Suprimida")


class Publication(models.TextChoices):
    """Whether the public directory shows the body: an area liaison's new body is a draft until
    the participation lead or the administrator publishes it."""

    DRAFT = "borrador", _("Borrador")
    PUBLISHED = "publicada", _("Publicada")


class LegalActType(models.TextChoices):
    LAW = "ley", _("Ley")
    ORDINANCE = "ordenanza", _("Ordenanza")
    AGREEMENT = "acuerdo", _("Acuerdo")
    DECREE = "decreto", _("Decreto")
    RESOLUTION = "resolucion", _("Resolución")
    OTHER = "otro", _("Otro acto administrativo")


class MeetingFrequency(models.TextChoices):
    WEEKLY = "semanal", _("Semanal")
    MONTHLY = "mensual", _("Mensual")
    BIMONTHLY = "bimestral", _("Bimestral")
    QUARTERLY = "trimestral", _("Trimestral")
    HALF_YEARLY = "semestral", _("Semestral")
    YEARLY = "anual", _("Anual")
    ON_DEMAND = "a_demanda", _("Cuando se convoque")


class SeatSelection(models.TextChoices):
    ELECTED = "elegido", _("Elegido")
    APPOINTED = "designado", _("Designado")
    EX_OFFICIO = "por_derecho_propio", _("Por derecho propio (ex officio)")


class ParticipationBody(TenantModel):
    name = models.CharField(_("nombre"), max_length=250)
    acronym = models.CharField(_("sigla"), max_length=30, blank=True)
    kind = models.CharField(_("tipo de instancia"), max_length=20, choices=BodyKind.choices)
    is_formal = models.BooleanField(
        _("instancia formal"),
        default=True,
        help_text=_("Las instancias formales existen por un acto administrativo."),
    )
    legal_act_type = models.CharField(
        _("tipo de acto de creación"), max_length=20, choices=LegalActType.choices, blank=True
    )
    legal_act_number = models.CharField(_("número del acto"), max_length=30, blank=True)
    legal_act_date = models.DateField(_("fecha del acto"), null=True, blank=True)
    legal_act_issuer = models.CharField(_("expedido por"), max_length=200, blank=True)
    regulating_norms = models.TextField(_("normas que la regulan"), blank=True)
    functions = models.TextField(_("funciones"), blank=True)
    scope = models.TextField(_("alcance"), blank=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("territorio"),
    )
    represented = models.CharField(
        _("población o sector que representa"), max_length=250, blank=True
    )
    secretariat = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participation_bodies",
        verbose_name=_("secretaría técnica"),
    )
    accompanying_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accompanied_bodies",
        verbose_name=_("funcionario que acompaña"),
    )
    meeting_frequency = models.CharField(
        _("periodicidad de reuniones"), max_length=20, choices=MeetingFrequency.choices, blank=True
    )
    status = models.CharField(
        _("estado"), max_length=20, choices=BodyStatus.choices, default=BodyStatus.ACTIVE
    )
    created_on = models.DateField(_("fecha de conformación"), null=True, blank=True)
    public_contact = models.CharField(
        _("canal de contacto público"),
        max_length=250,
        blank=True,
        help_text=_("Correo o teléfono institucional de la instancia; se publica en el portal."),
    )
    publication = models.CharField(
        _("publicación"), max_length=10, choices=Publication.choices, default=Publication.PUBLISHED
    )
    # Archived: out of the directories and the lists, kept with its members, sessions, minutes
    # and characterizations, restorable. Deleting is only for a body without any history.
    archived_at = models.DateTimeField(_("archivada el"), null=True, blank=True)
    archived_reason = models.TextField(_("motivo del archivo"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instancia de participación")
        verbose_name_plural = _("instancias de participación")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="body_name_unique_per_entity")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_area_id(self) -> int | None:
        return self.secretariat_id

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_public(self) -> bool:
        """Shown in the public directory: published and not archived."""
        return self.publication == Publication.PUBLISHED and self.archived_at is None

    @property
    def legal_act(self) -> str:
        """E.g. "Acuerdo 012 de 2019"."""
        if not self.legal_act_type:
            return ""
        label = str(self.get_legal_act_type_display())
        if self.legal_act_number:
            label += f" {self.legal_act_number}"
        if self.legal_act_date:
            label += f" de {self.legal_act_date.year}"
        return label

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.is_formal:
            required = {
                "legal_act_type": _(
                    "Una instancia formal debe indicar el tipo de acto de creación."
                ),
                "legal_act_number": _("Una instancia formal debe indicar el número del acto."),
                "legal_act_date": _("Una instancia formal debe indicar la fecha del acto."),
            }
            for field, message in required.items():
                if not getattr(self, field):
                    errors.setdefault(field, []).append(str(message))
        if self.territory is not None and self.territory.entity_id != self.entity_id:
            errors.setdefault("territory", []).append(
                str(_("El territorio debe ser de la misma entidad."))
            )
        if self.secretariat is not None and self.secretariat.entity_id != self.entity_id:
            errors.setdefault("secretariat", []).append(
                str(_("La secretaría técnica debe ser una dependencia de la misma entidad."))
            )
        dates.merge(errors, self.date_errors(timezone.localdate()))
        if errors:
            raise ValidationError(errors)

    def date_errors(self, today: datetime.date) -> dict[str, list[str]]:
        """Plausible dates: the act from 1991 (the Constitution), neither date in the future,
        and the conformation not after the act."""
        act, formed = self.legal_act_date, self.created_on
        act_label = dates.field_label(ParticipationBody, "legal_act_date")
        formed_label = dates.field_label(ParticipationBody, "created_on")
        return dates.collect(
            [
                (
                    "legal_act_date",
                    dates.year_in_range(act, label=act_label, minimum=dates.CONSTITUTION_YEAR),
                ),
                ("legal_act_date", dates.not_in_future(act, label=act_label, today=today)),
                ("created_on", dates.year_in_range(formed, label=formed_label)),
                ("created_on", dates.not_in_future(formed, label=formed_label, today=today)),
                (
                    "legal_act_date",
                    dates.in_order(formed, act, earlier_label=formed_label, later_label=act_label),
                ),
            ]
        )


class BodyMember(TenantModel):
    body = models.ForeignKey(
        ParticipationBody,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("instancia"),
    )
    seat = models.CharField(_("curul o puesto"), max_length=200)
    sector = models.CharField(_("sector que representa"), max_length=200, blank=True)
    selection = models.CharField(
        _("forma de vinculación"), max_length=20, choices=SeatSelection.choices
    )
    term_start = models.DateField(
        pgettext_lazy("mandato", "inicio del periodo"), null=True, blank=True
    )
    term_end = models.DateField(pgettext_lazy("mandato", "fin del periodo"), null=True, blank=True)
    is_vacant = models.BooleanField(_("curul vacante"), default=False)
    name = models.CharField(_("nombre del integrante"), max_length=200, blank=True)
    contact = models.CharField(
        _("contacto del integrante"),
        max_length=250,
        blank=True,
        help_text=_("Dato personal: nunca se publica."),
    )
    is_public = models.BooleanField(
        _("publicar nombre y curul"),
        default=False,
        help_text=_("Solo aplica a instancias formales; el contacto nunca se publica."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integrante")
        verbose_name_plural = _("integrantes")
        ordering = ["seat", "pk"]

    def __str__(self) -> str:
        return f"{self.seat}: {self.name}" if self.name else self.seat

    def get_area_id(self) -> int | None:
        return self.body.secretariat_id

    @property
    def shown_publicly(self) -> bool:
        return self.is_public and self.body.is_formal

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        latest = timezone.localdate().year + dates.MAX_YEARS_AHEAD
        checks = [
            (
                name,
                dates.year_in_range(
                    getattr(self, name),
                    label=dates.field_label(BodyMember, name),
                    minimum=dates.CONSTITUTION_YEAR,
                    maximum=latest,
                ),
            )
            for name in ("term_start", "term_end")
        ]
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            checks.append(
                ("term_end", str(_("El fin del periodo debe ser posterior a su inicio.")))
            )
        dates.merge(errors, dates.collect(checks))
        if not self.is_vacant and not self.name.strip():
            errors["name"] = [
                str(_("Indique el nombre del integrante o marque la curul como vacante."))
            ]
        if self.body_id and self.body.entity_id != self.entity_id:
            errors["body"] = [str(_("La instancia debe ser de la misma entidad."))]
        if errors:
            raise ValidationError(errors)


def minutes_upload_to(instance: BodySession, filename: str) -> str:
    # The stored name keeps nothing the user typed but the extension, which
    # validate_minutes_file checked against the bytes.
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = (
        extension if extension in {"pdf", "png", "jpg", "jpeg", "doc", "docx", "odt"} else "bin"
    )
    return f"bodies/{instance.entity_id}/actas/{uuid.uuid4().hex}.{extension}"


class BodySession(TenantModel):
    body = models.ForeignKey(
        ParticipationBody,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("instancia"),
    )
    date = models.DateField(_("fecha"))
    place = models.CharField(_("lugar"), max_length=250, blank=True)
    attendance_count = models.PositiveIntegerField(_("número de asistentes"), default=0)
    agenda = models.TextField(_("orden del día"), blank=True)
    minutes = models.FileField(
        _("acta"),
        upload_to=minutes_upload_to,
        blank=True,
        validators=[validate_minutes_file],
        help_text=_("PDF, imagen (PNG, JPG) o documento (DOCX, ODT, DOC), máximo 10 MB."),
    )
    decisions = models.TextField(_("decisiones"), blank=True)
    is_public = models.BooleanField(_("publicar en el portal"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.body.name} · {self.date:%Y-%m-%d}"

    def get_area_id(self) -> int | None:
        return self.body.secretariat_id

    def clean(self) -> None:
        super().clean()
        if self.body_id and self.body.entity_id != self.entity_id:
            raise ValidationError({"body": _("La instancia debe ser de la misma entidad.")})
        label = dates.field_label(BodySession, "date")
        checks = [
            ("date", dates.year_in_range(self.date, label=label, minimum=dates.CONSTITUTION_YEAR)),
            ("date", dates.not_in_future(self.date, label=label, today=timezone.localdate())),
        ]
        if self.body_id:
            for name in ("created_on", "legal_act_date"):
                checks.append(
                    (
                        "date",
                        dates.in_order(
                            getattr(self.body, name),
                            self.date,
                            earlier_label=dates.field_label(ParticipationBody, name),
                            later_label=label,
                        ),
                    )
                )
        errors = dates.collect(checks)
        if errors:
            raise ValidationError(errors)


class BodyCharacterization(TenantModel):
    body = models.ForeignKey(
        ParticipationBody,
        on_delete=models.CASCADE,
        related_name="characterizations",
        verbose_name=_("instancia"),
    )
    year = models.PositiveSmallIntegerField(
        _("vigencia"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(_("estado en la vigencia"), max_length=20, choices=BodyStatus.choices)
    # The sessions held and the active members of the year are a recount of the registry
    # (sessions dated that year; members whose term covers it: see ``held_in``/``in_term``).
    # A typed figure that differs is a correction, kept with its reason.
    sessions_held_correction = models.PositiveIntegerField(
        _("sesiones realizadas (corrección)"), null=True, blank=True
    )
    sessions_held_reason = models.TextField(
        _("motivo de la corrección de sesiones realizadas"), blank=True
    )
    active_members_correction = models.PositiveIntegerField(
        _("integrantes activos (corrección)"), null=True, blank=True
    )
    active_members_reason = models.TextField(
        _("motivo de la corrección de integrantes activos"), blank=True
    )
    results = models.TextField(_("resultados"), blank=True, help_text=_("Uno por línea."))
    difficulties = models.TextField(_("dificultades"), blank=True, help_text=_("Una por línea."))
    challenges = models.TextField(_("retos"), blank=True)
    needs = models.TextField(_("necesidades"), blank=True)
    survey_answers = models.TextField(_("respuestas de la encuesta de caracterización"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("caracterización de instancia")
        verbose_name_plural = _("caracterizaciones de instancias")
        ordering = ["-year", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"], name="characterization_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.name} · {self.year}"

    def get_area_id(self) -> int | None:
        return self.body.secretariat_id

    def validate_unique(self, exclude: object = None) -> None:
        try:
            # mypy: Django accepts any iterable of names; the stubs ask for a list.
            super().validate_unique(exclude=exclude)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise ValidationError(
                {"year": _("La instancia ya tiene una caracterización para esa vigencia.")}
            ) from exc

    def validate_constraints(self, exclude: object = None) -> None:
        try:
            super().validate_constraints(exclude=exclude)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise ValidationError(
                {"year": _("La instancia ya tiene una caracterización para esa vigencia.")}
            ) from exc

    def clean(self) -> None:
        super().clean()
        if self.body_id and self.body.entity_id != self.entity_id:
            raise ValidationError({"body": _("La instancia debe ser de la misma entidad.")})
        errors: dict[str, list[str]] = {}
        for name in FIGURES:
            correction = getattr(self, f"{name}_correction")
            reason = (getattr(self, f"{name}_reason") or "").strip()
            if correction is None and reason:
                setattr(self, f"{name}_reason", "")
            elif correction is not None and not reason:
                errors.setdefault(f"{name}_reason", []).append(
                    _(
                        "%(field)s: la cifra digitada difiere del registro; indique el motivo "
                        "de la corrección."
                    )
                    % {"field": FIGURE_LABELS[name]}
                )
        if errors:
            raise ValidationError(errors)

    @property
    def figures(self) -> dict[str, Any]:
        """The published figures (``cabildo.bodies.selectors.figures``)."""
        from cabildo.bodies.selectors import figures

        if not hasattr(self, "_figures"):
            self._figures = figures(self)
        return self._figures

    def set_typed_figures(self, typed: dict[str, int | None]) -> None:
        """A typed figure equal to the registry's recount (or left blank) is no correction;
        one that differs is kept as a correction, which ``clean()`` requires a reason for."""
        if not typed:
            return
        counts = self.registry_counts()
        for name, value in typed.items():
            differs = value is not None and value != counts[name]
            setattr(self, f"{name}_correction", value if differs else None)
            if not differs:
                setattr(self, f"{name}_reason", "")

    def registry_counts(self) -> dict[str, int]:
        """The recount of the registry for this body and year (two queries)."""
        if not self.body_id or not self.year:
            return dict.fromkeys(FIGURES, 0)
        return {
            "sessions_held": BodySession.objects.filter(body_id=self.body_id)
            .filter(held_in(self.year))
            .count(),
            "active_members": BodyMember.objects.filter(body_id=self.body_id)
            .filter(in_term(self.year))
            .count(),
        }


FIGURES = ("sessions_held", "active_members")
FIGURE_LABELS = {
    "sessions_held": _("Sesiones realizadas"),
    "active_members": _("Integrantes activos"),
}


def held_in(year: Any) -> models.Q:
    """Sessions held in ``year`` (an int or ``OuterRef("year")``)."""
    return models.Q(date__year=year)


def in_term(year: Any) -> models.Q:
    """Occupied seats whose term covers part of ``year`` (an int or ``OuterRef("year")``);
    a missing start or end leaves that side open."""
    return (
        models.Q(is_vacant=False)
        & (models.Q(term_start__isnull=True) | models.Q(term_start__year__lte=year))
        & (models.Q(term_end__isnull=True) | models.Q(term_end__year__gte=year))
    )
