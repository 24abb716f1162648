from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core.models import TenantModel


class ClosureDay(TenantModel):
    """An extra non-working day of one entity (e.g. a local holiday or a closure by decree)."""

    date = models.DateField(_("fecha"))
    reason = models.CharField(_("motivo"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("día de cierre")
        verbose_name_plural = _("días de cierre")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "date"], name="closure_day_unique_per_entity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.reason}"
