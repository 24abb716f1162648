"""Ley 1581 de 2012: proof of the data subject's authorization (art. 9, Decreto 1377)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core.models import Entity, TenantModel, TenantQuerySet


class PrivacyPolicyQuerySet(TenantQuerySet["PrivacyPolicy"]):
    def in_force(self, entity: Entity | int | None, on: date) -> PrivacyPolicy | None:
        """The version in force on ``on``: the latest effective on or before that day."""
        return (
            self.for_entity(entity)
            .filter(effective_date__lte=on)
            .order_by("-effective_date", "-pk")
            .first()
        )


PrivacyPolicyManager = models.Manager.from_queryset(PrivacyPolicyQuerySet)


class PrivacyPolicy(TenantModel):
    """One version of the entity's data-treatment policy (Ley 1581 art. 17k, Decreto 1377
    art. 13). Versions are never edited once in force: a change is a new version."""

    version = models.CharField(_("versión"), max_length=20)
    title = models.CharField(
        _("título"), max_length=200, default=_("Política de tratamiento de datos personales")
    )
    text = models.TextField(_("texto"), max_length=60000)
    effective_date = models.DateField(_("vigente desde"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[PrivacyPolicyManager] = PrivacyPolicyManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("versión de la política de tratamiento de datos")
        verbose_name_plural = _("versiones de la política de tratamiento de datos")
        ordering = ["-effective_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "version"], name="privacy_policy_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


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
    sensitive data (ethnicity, disability…); for a minor (``subject_is_minor``) the legal
    representative (``guardian_name``) authorizes. ``policy`` is the policy version in force.
    """

    invalidates_public_pages = False  # never on a public page (see TenantModel)

    purpose = models.CharField(_("finalidad"), max_length=60)
    policy_version = models.CharField(_("versión de la política"), max_length=20)
    policy = models.ForeignKey(
        PrivacyPolicy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("política aceptada"),
    )
    text = models.TextField(_("texto mostrado"))
    sensitive = models.BooleanField(_("datos sensibles"), default=False)
    channel = models.CharField(_("canal"), max_length=20, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("fecha y hora"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    subject_name = models.CharField(_("titular"), max_length=200, blank=True)
    subject_email = models.EmailField(_("correo del titular"), blank=True)
    subject_is_minor = models.BooleanField(_("titular menor de edad"), default=False)
    guardian_name = models.CharField(_("representante legal (menores)"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revocada en"), null=True, blank=True)

    class Meta:
        verbose_name = _("autorización de tratamiento de datos")
        verbose_name_plural = _("autorizaciones de tratamiento de datos")
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["entity", "purpose", "given_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject_is_minor=False) | ~models.Q(guardian_name=""),
                name="privacy_minor_needs_guardian",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} · {self.given_at:%Y-%m-%d %H:%M}"
