"""The rules of the general consultation, the same for every case (``consultations.models``):
the window on the calendar, filing a comment (window, text, Ley 1581 consent), answering it
(accepted, partly or rejected, with a public reason) and moderation (hidden with a public
reason). Each case's services call these with its own rows and add only what is its own
(what a comment may be about, when an answer becomes public)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.consultations.models import (
    MIN_REASON_LENGTH,
    Comment,
    ConsultationWindow,
    Verdict,
)

if TYPE_CHECKING:
    from cabildo.accounts.models import User
    from cabildo.core.models import Entity

CommentT = TypeVar("CommentT", bound=Comment)


# The window ---------------------------------------------------------------------------------


def window_check(*, window: ConsultationWindow, on: datetime.date) -> None:
    """Refuses (with the case's words) a comment sent outside the window."""
    refusal = window.refusal(on)
    if refusal is not None:
        raise ValidationError(refusal)


def window_in_calendar_days(
    *, start: datetime.date, days: int, today: datetime.date, maximum: int
) -> datetime.date:
    """The last day of a window of ``days`` calendar days starting on ``start`` (the plan's
    practice, seed 002: 15 calendar days)."""
    if days < 1 or days > maximum:
        raise ValidationError(
            _("La consulta debe durar entre 1 y %(max)s días calendario.") % {"max": maximum}
        )
    if start < today:
        raise ValidationError(_("La consulta no puede empezar en una fecha pasada."))
    return start + datetime.timedelta(days=days - 1)


def window_in_business_days(
    *,
    entity: Entity,
    start: datetime.date,
    business_days: int,
    today: datetime.date,
    minimum: int,
    maximum: int,
) -> datetime.date:
    """The last day of a window of ``business_days`` business days: it starts on a business
    day and runs to the last of those days, counted from the day after the start on the
    entity's calendar (holidays and closure days skipped; ``workdays.calendar``)."""
    from cabildo.workdays.calendar import calendar_for

    if start < today:
        raise ValidationError(
            {"start_date": _("La consulta no puede empezar en una fecha pasada.")}
        )
    calendar = calendar_for(entity)
    if not calendar.is_business_day(start):
        raise ValidationError(
            {"start_date": _("La consulta empieza en un día hábil (no festivo ni de cierre).")}
        )
    if not minimum <= business_days <= maximum:
        raise ValidationError(
            {
                "business_days": _("La consulta dura entre %(min)s y %(max)s días hábiles.")
                % {"min": minimum, "max": maximum}
            }
        )
    return calendar.add_business_days(start, business_days)


# Filing -------------------------------------------------------------------------------------


def comment_file(
    *,
    window: ConsultationWindow,
    comment: CommentT,
    consent_given: bool,
    purpose: str,
    purpose_text: str,
    request: HttpRequest | None = None,
    on: datetime.date | None = None,
) -> CommentT:
    """Files ``comment`` (unsaved, with what its case needs already set): received only inside
    the window, with a text, and with the Ley 1581 authorization, whose proof is recorded
    (``privacy.Consent``). The caller runs inside its transaction."""
    from cabildo.privacy.models import ConsentChannel
    from cabildo.privacy.services import consent_record, consent_text

    text = comment.case_text
    window_check(window=window, on=on or timezone.localdate())
    comment.text = (comment.text or "").strip()
    if not comment.text:
        raise ValidationError({"text": str(text.write_text)})
    if not consent_given:
        raise ValidationError({"consent": str(text.consent_required)})
    comment.email = (comment.email or "").strip()
    comment.consent = consent_record(
        entity=comment.entity,  # type: ignore[attr-defined]
        purpose=purpose,
        text=consent_text(purpose_text),
        channel=ConsentChannel.WEB,
        request=request,
        subject_email=comment.email,
    )
    comment.full_clean()
    comment.save()
    return comment


# Answers ------------------------------------------------------------------------------------


def answer_check(
    *, comment: Comment, verdict: Verdict | None, reason: str, has_change: bool
) -> str:
    """The rules of an answer, whatever the case calls it: not for a hidden comment, not once
    published, one of accepted / partly / rejected, a public reason of at least
    ``MIN_REASON_LENGTH`` characters, and a rejected comment changes nothing. Gives the
    reason, stripped."""
    text = comment.case_text
    if comment.is_hidden:
        raise ValidationError(str(text.hidden_not_answered))
    if comment.is_public_answer_final:
        raise ValidationError(str(text.already_answered))
    if verdict is None:
        raise ValidationError({text.answer_field: str(text.choose_answer)})
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {text.reason_field: str(text.reason_too_short) % {"n": MIN_REASON_LENGTH}}
        )
    if has_change and verdict == Verdict.REJECTED:
        raise ValidationError({text.change_field: str(text.rejected_no_change)})
    return reason


# Moderation ---------------------------------------------------------------------------------


def comment_hide(*, comment: CommentT, reason: str, user: User | None = None) -> CommentT:
    """Hides a comment from the public pages, with a reason shown in its place; nothing is
    deleted (the official answer and the open data leave it out)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Indique el motivo de la moderación; se mostrará públicamente.")}
        )
    if comment.is_hidden:
        raise ValidationError(str(comment.case_text.already_hidden))
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason[:300]
    comment.hidden_by = user
    comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    return comment
