"""The outbox: every email the product sends, queued on commit and recorded.

A row is written in the transaction of the change that causes the message (so a rolled-back
change sends nothing) and sent afterwards by a background task, which records each attempt.
A failed send never fails the request: it is retried with back-off
(:func:`cabildo.outbox.services.backoff`) and, after the last attempt, left as failed for staff
to see and retry. The row is the proof of notification (who, what, when, with what result).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cabildo.core.models import TenantModel


class EmailStatus(models.TextChoices):
    QUEUED = "en_cola", _("En cola")
    SENDING = "enviando", _("Enviando")
    SENT = "enviado", _("Enviado")
    FAILED = "fallido", _("Fallido")


class OutboundEmail(TenantModel):
    to = models.EmailField(_("destinatario"), max_length=254)
    from_email = models.CharField(_("remitente"), max_length=254, blank=True)
    reply_to = models.EmailField(_("responder a"), max_length=254, blank=True)
    subject = models.CharField(_("asunto"), max_length=500)
    body = models.TextField(_("texto"))
    template = models.CharField(
        _("plantilla"),
        max_length=80,
        help_text=_("Qué mensaje es, p. ej. «pqrs.acknowledgement»."),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        _("estado"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("próximo intento"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    last_error = models.TextField(_("último error"), blank=True)

    # A log written on every notification: no cached public page lists it.
    invalidates_public_pages = False

    class Meta:
        verbose_name = _("correo saliente")
        verbose_name_plural = _("correos salientes")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["content_type", "object_id"], name="outbox_related_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.to} ({self.get_status_display()})"


class OutboundAttachment(models.Model):
    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("nombre"), max_length=200)
    content_type = models.CharField(max_length=120)
    file = models.FileField(upload_to="outbox/%Y/%m/", blank=True)
    # Or: dotted path of ``f(related_object) -> bytes``, run when the message is sent (a PDF
    # rendered in the background, never in the request that queued the message).
    render_with = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("adjunto de correo")
        verbose_name_plural = _("adjuntos de correo")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
