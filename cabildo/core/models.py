"""Entities (tenants) and their areas.

Every domain row belongs to an :class:`Entity`. Domain models inherit
:class:`TenantModel`, whose manager offers ``for_entity(entity)``: the one
mechanism by which every query is scoped (see ``docs/architecture.md``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    pass

_T = TypeVar("_T", bound=models.Model)

# First path segments of the site's own pages: an entity slug must never shadow them, since
# ``/<slug>/…`` names an entity (``tests/core/test_tenancy.py`` checks them against the URLconf).
RESERVED_ENTITY_SLUGS = frozenset(
    {
        "actividad", "admin", "admin-tecnico", "api", "autodiagnostico", "control-social",
        "cuentas", "rendicion-de-cuentas",
        "datos-abiertos", "dependencias", "ejercicios", "entidad", "entidades", "evaluacion",
        "eventos", "favicon.ico", "grupos-de-valor", "healthz", "i18n", "importaciones",
        "instancias", "jsi18n", "media", "participa", "plan", "plazos", "politicas", "pqrs",
        "privacidad", "robots.txt", "sitemap.xml", "static", "territorios", "verificacion",
    }
)  # fmt: skip


def validate_entity_slug(value: str) -> None:
    if value.lower() in RESERVED_ENTITY_SLUGS:
        raise ValidationError(
            _("«%(slug)s» es una dirección propia del sitio; elija otro identificador."),
            params={"slug": value},
        )


class EntityKind(models.TextChoices):
    MAYORALTY = "alcaldia", _("Alcaldía")
    COUNCIL = "concejo", _("Concejo")
    OMBUDSMAN = "personeria", _("Personería")
    GOVERNORATE = "gobernacion", _("Gobernación")
    PUBLIC_FUND = "establecimiento", _("Establecimiento público o fondo")
    OTHER = "otra", _("Otra")


nit_validator = RegexValidator(
    r"^\d{3}\.?\d{3}\.?\d{3}-?\d$",
    _("El NIT debe tener nueve dígitos y el dígito de verificación, p. ej. 900.215.967-5."),
)


class EntityQuerySet(models.QuerySet["Entity"]):
    def with_canonical_host(self) -> EntityQuerySet:
        """Each entity with ``canonical_host`` (its canonical host name or ``None``), read in the
        same query (``cabildo.core.links`` uses it instead of one query per entity)."""
        hosts = EntityHostname.objects.filter(entity=models.OuterRef("pk"), is_canonical=True)
        return self.annotate(canonical_host=models.Subquery(hosts.values("hostname")[:1]))


class Entity(models.Model):
    name = models.CharField(_("nombre"), max_length=200)
    short_name = models.CharField(_("nombre corto"), max_length=80)
    nit = models.CharField(_("NIT"), max_length=20, validators=[nit_validator])
    kind = models.CharField(_("tipo de entidad"), max_length=20, choices=EntityKind.choices)
    slug = models.SlugField(
        _("identificador"),
        unique=True,
        max_length=60,
        validators=[validate_entity_slug],
        help_text=_(
            "Nombra la entidad en sus direcciones web: /<identificador>/ (p. ej. /cali/pqrs/)."
        ),
    )
    divipola_department = models.CharField(
        _("código DIVIPOLA del departamento"),
        max_length=2,
        validators=[RegexValidator(r"^\d{2}$", _("Dos dígitos."))],
    )
    divipola_municipality = models.CharField(
        _("código DIVIPOLA del municipio"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Cinco dígitos."))],
    )
    department_name = models.CharField(_("departamento"), max_length=80, blank=True)
    municipality_name = models.CharField(_("municipio"), max_length=80, blank=True)
    logo = models.ImageField(_("logo"), upload_to="entities/logos/", blank=True)
    address = models.CharField(_("dirección"), max_length=200, blank=True)
    phone = models.CharField(_("teléfono"), max_length=60, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    website = models.URLField(_("sitio web"), blank=True)
    office_hours = models.CharField(_("horario de atención"), max_length=200, blank=True)
    works_saturdays = models.BooleanField(
        _("trabaja los sábados"),
        default=False,
        help_text=_("Si la entidad atiende los sábados, estos cuentan como días hábiles."),
    )
    is_active = models.BooleanField(_("activa"), default=True)
    operations_started_on = models.DateField(
        _("inicio de operaciones de la entidad"),
        null=True,
        blank=True,
        help_text=_(
            "Desde esta fecha la entidad recibe peticiones: no se radica una PQRSD recibida "
            "antes. Sin ella, se aceptan recepciones desde 1991 (Constitución, art. 23)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entidad")
        verbose_name_plural = _("entidades")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["nit"], name="entity_nit_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        from django.utils import timezone

        from cabildo.core import dates

        day = self.operations_started_on
        label = dates.field_label(Entity, "operations_started_on")
        errors = dates.collect(
            [
                ("operations_started_on", dates.year_in_range(day, label=label)),
                (
                    "operations_started_on",
                    dates.not_in_future(day, label=label, today=timezone.localdate()),
                ),
            ]
        )
        if errors:
            raise ValidationError(errors)


class EntityHostname(models.Model):
    """A host name that serves an entity's portal (e.g. ``participa.itagui.gov.co``)."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="hostnames")
    hostname = models.CharField(_("nombre de host"), max_length=253, unique=True)
    is_canonical = models.BooleanField(
        _("dirección principal"),
        default=False,
        help_text=_(
            "Los enlaces que Cabildo emite para la entidad (correos, PDF, datos abiertos) usan "
            "este nombre de host, sin prefijo. Si no hay uno principal, se usa /<identificador>/ "
            "en el sitio compartido."
        ),
    )

    class Meta:
        verbose_name = _("nombre de host")
        verbose_name_plural = _("nombres de host")
        constraints = [
            models.UniqueConstraint(
                fields=["entity"],
                condition=models.Q(is_canonical=True),
                name="entityhostname_one_canonical",
            )
        ]

    def __str__(self) -> str:
        return self.hostname

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.hostname = self.hostname.strip().lower()
        super().save(*args, **kwargs)


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The model's column ``name`` (personal-data sources and the audit trail name only columns)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise ImproperlyConfigured(f"{model.__name__}.{name} is not a column.")
    return field


class TenantQuerySet(models.QuerySet[_T]):
    """QuerySet of rows that belong to an entity."""

    def for_entity(self, entity: Entity | int | None) -> Self:
        if entity is None:
            return self.none()
        return self.filter(entity=entity)


def _loaded_row(instance: models.Model, field: Any) -> bool:
    """Whether ``instance`` holds, for the foreign key ``field``, the very row its id names,
    read from the database or saved to it (so that row exists)."""
    if (
        field.remote_field.parent_link
        or field.get_limit_choices_to()
        or not field.is_cached(instance)
    ):
        return False
    related = field.get_cached_value(instance)
    value = getattr(instance, field.attname)
    return (
        related is not None
        and value is not None
        and not related._state.adding
        and getattr(related, field.target_field.attname) == value
    )


class TenantModel(models.Model):
    """Base for every domain model: the row belongs to one entity."""

    entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("entidad"),
    )

    objects = TenantQuerySet.as_manager()

    # Whether saving or deleting a row forgets the entity's cached public pages
    # (cabildo.core.public_cache). False for high-volume rows no cached page lists one by one
    # (PQRSD filings: Cali files 300,000 a year; their public statistics expire on their own).
    invalidates_public_pages = True

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Django's field validation, without one query per foreign key whose row is already
        loaded on the instance (``full_clean`` asks the database whether each referenced row
        exists; a row read from it, or saved to it, does). Such a key still gets its null,
        blank and validator checks; a bare id, an unsaved object or a key with
        ``limit_choices_to`` is checked against the database as before."""
        skipped = set(exclude or ())
        loaded = [
            f
            for f in self._meta.concrete_fields
            if f.many_to_one and f.name not in skipped and _loaded_row(self, f)
        ]
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude=skipped | {f.name for f in loaded})
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in loaded:
            value = getattr(self, field.attname)
            try:
                models.Field.validate(field, value, self)
                field.run_validators(value)
            except ValidationError as exc:
                errors[field.name] = exc.error_list
        if errors:
            raise ValidationError(errors)


class AreaKind(models.TextChoices):
    STRATEGIC = "estrategica", _("Estratégica")
    MISSION = "misional", _("Misional")
    SUPPORT = "apoyo", _("De apoyo")
    CONTROL = "control", _("De control")


class Area(TenantModel):
    """A unit of the entity: dependencia, secretaría, organismo, oficina."""

    name = models.CharField(_("nombre"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=30, blank=True)
    kind = models.CharField(_("tipo de proceso"), max_length=20, choices=AreaKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("dependencia superior"),
    )
    is_active = models.BooleanField(_("activa"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dependencia")
        verbose_name_plural = _("dependencias")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="area_name_unique_per_entity"),
        ]

    def __str__(self) -> str:
        return self.name
