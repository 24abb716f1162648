"""The entity's channels of attention (presencial, telefónico, virtual), shown on the portal."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core.links import entity_root
from cabildo.core.models import TenantModel


class ChannelKind(models.TextChoices):
    IN_PERSON = "presencial", _("Presencial")
    PHONE = "telefonico", _("Telefónico")
    VIRTUAL = "virtual", _("Virtual")


class AttentionChannel(TenantModel):
    """One way a citizen can reach the entity: an office, a phone line, a web form…"""

    kind = models.CharField(_("tipo de canal"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("nombre"), max_length=200)
    contact = models.CharField(
        _("dirección, número o enlace"),
        max_length=300,
        help_text=_("La dirección de la oficina, el número de la línea o el enlace del canal."),
    )
    hours = models.CharField(_("horario de atención"), max_length=200, blank=True)
    notes = models.TextField(_("observaciones"), blank=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=100)
    is_active = models.BooleanField(_("activo"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("canal de atención")
        verbose_name_plural = _("canales de atención")
        ordering = ["kind", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "name"], name="attention_channel_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_link(self) -> bool:
        """Web addresses, email addresses (``mailto:``) and pages of this site (``/…``)."""
        return self.contact.startswith(("https://", "http://", "mailto:", "/")) and (
            not self.contact.startswith("//")
        )

    @property
    def href(self) -> str:
        """The link's address; a page of this site (``/pqrs/radicar/``) is the entity's page."""
        if self.contact.startswith("/") and not self.contact.startswith("//"):
            return entity_root(self.entity, absolute=False) + self.contact.removeprefix("/")
        return self.contact

    @property
    def link_text(self) -> str:
        if self.contact.startswith("mailto:"):
            return self.contact.removeprefix("mailto:")
        if self.contact.startswith("/"):
            return str(_("Abrir en este portal"))
        return self.contact
