"""Grupos de valor: who the entity serves and involves, and their characterization."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core import dates
from cabildo.core.models import TenantModel
from cabildo.stakeholders import catalogues
from cabildo.stakeholders.catalogues import PARTICIPATION_FREQUENCY
from cabildo.territories.models import Territory

DEFAULT_TYPES = [
    "Ciudadanía en general",
    "Organizaciones sociales",
    "JAC/JAL",
    "Gremios",
    "Academia",
    "Veedurías",
    "Población étnica",
    "Jóvenes",
    "Mujeres",
    "Personas con discapacidad",
    "Víctimas",
    "Adulto mayor",
    "LGBTIQ+",
    "Campesinos",
]


class StakeholderType(TenantModel):
    """A configurable type of grupo de valor (per entity)."""

    name = models.CharField(_("nombre"), max_length=120)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    is_active = models.BooleanField(_("activo"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tipo de grupo de valor")
        verbose_name_plural = _("tipos de grupo de valor")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"], name="stakeholder_type_unique_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Zone(models.TextChoices):
    URBAN = "urbana", _("Urbana")
    RURAL = "rural", _("Rural")
    BOTH = "ambas", _("Urbana y rural")


class TechnologyAccess(models.TextChoices):
    HIGH = "alto", _("Alto")
    MEDIUM = "medio", _("Medio")
    LOW = "bajo", _("Bajo")
    NONE = "ninguno", _("Sin acceso")


class StakeholderGroup(TenantModel):
    name = models.CharField(_("nombre"), max_length=200)
    type = models.ForeignKey(
        StakeholderType,
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("tipo"),
    )
    # Geographic variables
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholder_groups",
        verbose_name=_("territorio"),
    )
    zone = models.CharField(_("zona"), max_length=10, choices=Zone.choices, blank=True)
    # Demographic variables: counts per category of each catalogue ({variable: {code: n}},
    # see cabildo.stakeholders.catalogues); the parts of each variable add up to the size.
    composition = models.JSONField(_("composición del grupo"), default=dict, blank=True)
    # Intrinsic variables
    interest_topics = models.JSONField(_("temas de interés"), default=list, blank=True)
    languages = models.JSONField(_("lenguas"), default=list, blank=True)
    technology_access = models.CharField(
        _("acceso a tecnología"), max_length=10, choices=TechnologyAccess.choices, blank=True
    )
    # Behavioural variables
    channels = models.JSONField(_("canales que usa"), default=list, blank=True)
    participation_spaces = models.JSONField(
        _("espacios en los que participa"), default=list, blank=True
    )
    participation_frequency = models.CharField(
        _("frecuencia de participación"),
        max_length=12,
        choices=PARTICIPATION_FREQUENCY,
        blank=True,
    )
    notes = models.TextField(
        _("observaciones"),
        blank=True,
        help_text=_("Lo que los catálogos no recogen; no se suma en las cifras."),
    )
    estimated_size = models.PositiveIntegerField(_("tamaño estimado"), null=True, blank=True)
    organisation_contact = models.CharField(
        _("contacto de la organización"),
        max_length=250,
        blank=True,
        help_text=_("Uso interno; no se publica."),
    )
    characterized_on = models.DateField(_("fecha de caracterización"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grupo de valor")
        verbose_name_plural = _("grupos de valor")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"], name="stakeholder_group_unique_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def counts(self, key: str) -> dict[str, int]:
        """The counts of a demographic variable ({} when not characterized)."""
        return dict((self.composition or {}).get(key, {}))

    def labels(self, key: str) -> list[str]:
        """The labels of a listed variable's codes."""
        variable = catalogues.BY_KEY[key]
        return [variable.label_of(code) for code in getattr(self, key) or []]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        self.composition = catalogues.clean_composition(self.composition)
        if self.type_id and self.type.entity_id != self.entity_id:
            errors["type"] = [str(_("El tipo debe ser de la misma entidad."))]
        if self.territory is not None and self.territory.entity_id != self.entity_id:
            errors["territory"] = [str(_("El territorio debe ser de la misma entidad."))]
        errors.update(catalogues.composition_errors(self.composition, self.estimated_size))
        for variable in catalogues.LISTED:
            errors.update(catalogues.listed_errors(variable.key, getattr(self, variable.key)))
        if self.characterized_on:
            day, label = (
                self.characterized_on,
                dates.field_label(StakeholderGroup, "characterized_on"),
            )
            today = timezone.localdate()
            checks = [
                ("characterized_on", dates.year_in_range(day, label=label)),
                ("characterized_on", dates.not_in_future(day, label=label, today=today)),
            ]
            dates.merge(errors, dates.collect(checks))
        if errors:
            raise ValidationError(errors)
