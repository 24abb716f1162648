"""The general citizens' consultation (Ley 1437 de 2011, art. 8 num. 8; Ley 1757 de 2015).

A consultation has two cases today, each a concrete model of its own app built on the
abstract ones here (no table of this app; each case keeps its rows):

- the plan de participación's consultation (``plans.Consultation`` and ``plans.Observation``:
  a window in calendar days, comments on the plan or on one activity, analysed by the
  responsible area and answered when the adjusted version is published);
- a policy's draft (``policies.Draft`` and ``policies.DraftComment``: a window in business
  days, comments on the draft or on one article, answered in the informe de observaciones).

What every case shares: :class:`ConsultationWindow` (when comments are received, and what the
citizen is told when they are not), :class:`Comment` (the comment, the Ley 1581 consent, and
moderation with its public reason) and :class:`Verdict` (accepted, partly, rejected). The rules
that use them live in ``consultations.services``; the wording of each case (a plan's
"observación", a draft's "comentario") in a :class:`CaseText`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Self, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cabildo.core.models import TenantQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Verdict(models.TextChoices):
    """The entity's answer to a comment, whatever a case calls it (a plan's "viable" is
    accepted)."""

    ACCEPTED = "aceptada", _("Aceptada")
    PARTLY = "parcial", _("Aceptada parcialmente")
    REJECTED = "rechazada", _("Rechazada")


MIN_REASON_LENGTH = 10


@dataclass(frozen=True)
class CaseText:
    """What the citizen and the official read in one case of the consultation: the same rule
    says "abre el 03/02/2026" of a plan and of a draft, each in its own words."""

    not_in_consultation: StrOrPromise
    opens: StrOrPromise  # %(date)s
    closed: StrOrPromise  # %(date)s
    write_text: StrOrPromise
    consent_required: StrOrPromise
    hidden_not_answered: StrOrPromise
    already_answered: StrOrPromise
    choose_answer: StrOrPromise
    reason_too_short: StrOrPromise  # %(n)s
    rejected_no_change: StrOrPromise
    already_hidden: StrOrPromise
    # Names of the case's answer fields (for errors shown next to the right form field).
    answer_field: str = "answer"
    reason_field: str = "reason"
    change_field: str = "changed_in"


class ConsultationWindow(models.Model):
    """The period in which a case receives comments. A subclass says where its dates are
    (``opens_on``, ``closes_on``, either ``None`` while there is no window) and whether it
    receives comments at all (``accepts_comments``: the plan's version is in consultation,
    the draft is published)."""

    case_text: ClassVar[CaseText]

    class Meta:
        abstract = True

    @property
    def opens_on(self) -> datetime.date | None:
        raise NotImplementedError

    @property
    def closes_on(self) -> datetime.date | None:
        raise NotImplementedError

    def accepts_comments(self) -> bool:
        return True

    def refusal(self, on: datetime.date) -> str | None:
        """Why a comment sent on ``on`` is refused, or ``None`` if it is received. Dates
        first (the citizen learns when it opens or when it closed), then the case's state."""
        opens, closes = self.opens_on, self.closes_on
        if opens is not None and on < opens:
            return str(self.case_text.opens) % {"date": opens.strftime("%d/%m/%Y")}
        if closes is not None and on > closes:
            return str(self.case_text.closed) % {"date": closes.strftime("%d/%m/%Y")}
        if opens is None or closes is None or not self.accepts_comments():
            return str(self.case_text.not_in_consultation)
        return None

    def is_open(self, on: datetime.date) -> bool:
        return self.refusal(on) is None

    def has_closed(self, on: datetime.date) -> bool:
        return self.closes_on is not None and on > self.closes_on

    def not_started(self, on: datetime.date) -> bool:
        return self.opens_on is not None and on < self.opens_on


_C = TypeVar("_C", bound=models.Model)


class CommentQuerySet(TenantQuerySet[_C]):
    """The comments of a case; ``visible()`` leaves out those hidden by moderation."""

    def visible(self) -> Self:
        return self.filter(hidden_at__isnull=True)


class Comment(models.Model):
    """A citizen's comment in a consultation: the text, an optional email to hear the answer,
    the proof of the Ley 1581 authorization, and moderation (hidden with a public reason, never
    deleted). The case adds what the comment is about and how it is answered, and says which
    :class:`Verdict` its answer is (``verdict``, ``None`` while pending)."""

    text = models.TextField(_("texto"), max_length=4000)
    email = models.EmailField(_("correo electrónico"), blank=True)
    consent = models.ForeignKey(
        "privacy.Consent",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("autorización de tratamiento de datos"),
    )
    created_at = models.DateTimeField(_("fecha de recepción"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("fecha de moderación"), null=True, blank=True)
    hidden_reason = models.CharField(_("motivo de moderación"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderación hecha por"),
    )

    case_text: ClassVar[CaseText]

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def verdict(self) -> Verdict | None:
        raise NotImplementedError

    @property
    def is_public_answer_final(self) -> bool:
        """Once published (the plan's adjusted version, the draft's informe), an answer is not
        changed."""
        raise NotImplementedError
