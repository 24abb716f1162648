"""Territorial units of an entity (comunas, corregimientos, barrios, veredas), as a tree."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core.models import TenantModel


class TerritoryKind(models.TextChoices):
    COMMUNE = "comuna", _("Comuna")
    CORREGIMIENTO = "corregimiento", _("Corregimiento")
    NEIGHBOURHOOD = "barrio", _("Barrio")
    VEREDA = "vereda", _("Vereda")
    OTHER = "otro", _("Otro")


class Territory(TenantModel):
    name = models.CharField(_("nombre"), max_length=150)
    kind = models.CharField(_("tipo"), max_length=20, choices=TerritoryKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("territorio superior"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("territorio")
        verbose_name_plural = _("territorios")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "name"], name="territory_unique_name_per_kind"
            )
        ]

    def __str__(self) -> str:
        kind = str(self.get_kind_display())
        # Names are written in Spanish ("Comuna 1"): the stored kind is the Spanish word, so
        # English pages do not print "Commune Comuna 1".
        if self.name.lower().startswith((kind.lower(), self.kind)):
            return self.name
        return f"{kind} {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.parent is None:
            return
        if self.parent.entity_id != self.entity_id:
            raise ValidationError(
                {"parent": _("El territorio superior debe ser de la misma entidad.")}
            )
        node: Territory | None = self.parent
        seen: set[int] = set()
        while node is not None:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "Un territorio no puede estar dentro de sí mismo ni de sus "
                            "subdivisiones."
                        )
                    }
                )
            if node.pk in seen:  # defensive: a pre-existing cycle
                break
            seen.add(node.pk)
            node = node.parent
