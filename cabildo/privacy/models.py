"""Ley 1581 de 2012: proof of the data subject's authorization (art. 9, Decreto 1377)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cabildo.core.models import TenantModel


class ConsentChannel(models.TextChoices):
    WEB = "web", _("Formulario web")
    API = "api", _("API")
    IN_PERSON = "presencial", _("Presencial")
    PHONE = "telefonico", _("Telefónico")
    EMAIL = "correo", _("Correo electrónico")
    PAPER = "papel", _("Formato en papel")


class Consent(TenantModel):
    """One authorization given by a person, kept as verifiable proof.

    ``purpose`` says what it was for (e.g. "pqrs", "plan_observation", "event_registration");
    ``text`` is the exact text shown; ``sensitive`` marks the separate explicit opt-in for
    sensitive data (ethnicity, disability…); ``guardian_name`` is set when a minor's legal
    representative authorizes.
    """

    purpose = models.CharField(_("finalidad"), max_length=60)
    policy_version = models.CharField(_("versión de la política"), max_length=20)
    text = models.TextField(_("texto mostrado"))
    sensitive = models.BooleanField(_("datos sensibles"), default=False)
    channel = models.CharField(_("canal"), max_length=20, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("fecha y hora"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    subject_name = models.CharField(_("titular"), max_length=200, blank=True)
    subject_email = models.EmailField(_("correo del titular"), blank=True)
    guardian_name = models.CharField(_("representante legal (menores)"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revocada en"), null=True, blank=True)

    class Meta:
        verbose_name = _("autorización de tratamiento de datos")
        verbose_name_plural = _("autorizaciones de tratamiento de datos")
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["entity", "purpose", "given_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} · {self.given_at:%Y-%m-%d %H:%M}"
