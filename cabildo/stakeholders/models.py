"""Grupos de valor: who the entity serves and involves, and their characterization."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core.models import TenantModel
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
    # Demographic variables
    age_range = models.CharField(_("rango de edad"), max_length=100, blank=True)
    sex_gender = models.CharField(_("sexo / género"), max_length=100, blank=True)
    ethnicity = models.CharField(_("pertenencia étnica"), max_length=100, blank=True)
    disability = models.CharField(_("discapacidad"), max_length=100, blank=True)
    # Intrinsic variables
    interests = models.TextField(_("intereses"), blank=True)
    language = models.CharField(_("lengua"), max_length=100, blank=True)
    technology_access = models.CharField(
        _("acceso a tecnología"), max_length=10, choices=TechnologyAccess.choices, blank=True
    )
    # Behavioural variables
    preferred_channels = models.CharField(_("canales preferidos"), max_length=250, blank=True)
    participation_history = models.TextField(_("historial de participación"), blank=True)
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

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.type_id and self.type.entity_id != self.entity_id:
            errors["type"] = [_("El tipo debe ser de la misma entidad.")]
        if self.territory_id and self.territory.entity_id != self.entity_id:
            errors["territory"] = [_("El territorio debe ser de la misma entidad.")]
        if errors:
            raise ValidationError(errors)
