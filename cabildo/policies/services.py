"""Writes of the policy cycle. Keyword-only, atomic, every row ``full_clean()``-ed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.consultations import services as consultations
from cabildo.policies.models import (
    STAGE_ORDER,
    Answer,
    Draft,
    DraftArticle,
    DraftComment,
    DraftStatus,
    PlanAction,
    PlanComponent,
    PlanLine,
    Policy,
    PolicyStage,
    StageDocument,
    StageKind,
    Verdict,
)

if TYPE_CHECKING:
    from cabildo.accounts.models import User
    from cabildo.bodies.models import ParticipationBody
    from cabildo.execution.models import Event
    from cabildo.stakeholders.models import StakeholderGroup

COMMENT_CONSENT_PURPOSE = "policy_comment"
MIN_BUSINESS_DAYS = 1
MAX_BUSINESS_DAYS = 60
ARTICLE_PREFIX = re.compile(r"^\s*art[íi]culo\s+\d+\s*[.:º°-]*\s*", re.IGNORECASE)


def _today() -> date:
    return timezone.localdate()


def _lock(row: Any) -> None:
    """Locks the row and reloads the caller's instance (so the caller sees what was saved)."""
    type(row).objects.select_for_update().filter(pk=row.pk).exists()
    row.refresh_from_db()


def _same_entity(entity_id: int, rows: Iterable[Any], field: str, message: str) -> None:
    for row in rows or ():
        if row is not None and row.entity_id != entity_id:
            raise ValidationError({field: message})


# Policies and stages ------------------------------------------------------------------------


@transaction.atomic
def policy_save(*, policy: Policy) -> Policy:
    """Creates or updates a policy; a new one gets its journey of stages, all pending."""
    if policy.area_id and policy.area.entity_id != policy.entity_id:
        raise ValidationError({"area": _("La dependencia no pertenece a la entidad.")})
    creating = policy.pk is None
    policy.full_clean()
    policy.save()
    if creating:
        for kind in StageKind:
            stage = PolicyStage(
                entity_id=policy.entity_id, policy=policy, kind=kind, order=STAGE_ORDER[kind]
            )
            stage.full_clean()
            stage.save()
    return policy


@transaction.atomic
def policy_publish(*, policy: Policy, publish: bool) -> Policy:
    policy.is_published = publish
    policy.save(update_fields=["is_published", "updated_at"])
    return policy


@transaction.atomic
def stage_save(
    *,
    stage: PolicyStage,
    events: Iterable[Event] = (),
    bodies: Iterable[ParticipationBody] = (),
    stakeholder_groups: Iterable[StakeholderGroup] = (),
) -> PolicyStage:
    """Dates, area, summary and act of a stage, and the links to events, instancias and grupos
    de valor of the same entity."""
    events, bodies, stakeholder_groups = list(events), list(bodies), list(stakeholder_groups)
    entity_id = stage.entity_id
    message = _("Solo se pueden enlazar registros de la misma entidad.")
    _same_entity(entity_id, [stage.area], "area", message)
    _same_entity(entity_id, events, "events", message)
    _same_entity(entity_id, bodies, "bodies", message)
    _same_entity(entity_id, stakeholder_groups, "stakeholder_groups", message)
    stage.full_clean()
    stage.save()
    stage.events.set(events)
    stage.bodies.set(bodies)
    stage.stakeholder_groups.set(stakeholder_groups)
    return stage


@transaction.atomic
def document_add(
    *, stage: PolicyStage, title: str, url: str, issued_on: date | None
) -> StageDocument:
    document = StageDocument(
        entity_id=stage.entity_id, stage=stage, title=title, url=url, issued_on=issued_on
    )
    document.full_clean()
    document.save()
    return document


# Drafts ------------------------------------------------------------------------------------


def split_articles(text: str) -> list[str]:
    """One article per paragraph (blocks separated by a blank line); a leading
    "Artículo N." is dropped: the number is the position."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))
    articles = [ARTICLE_PREFIX.sub("", block).strip() for block in blocks]
    return [a for a in articles if a]


def _set_articles(draft: Draft, articles: list[str]) -> None:
    if not articles:
        raise ValidationError({"articles": _("El borrador necesita al menos un artículo.")})
    draft.articles.all().delete()
    for number, text in enumerate(articles, start=1):
        article = DraftArticle(entity_id=draft.entity_id, draft=draft, number=number, text=text)
        article.full_clean()
        article.save()


@transaction.atomic
def draft_create(
    *, policy: Policy, title: str, motives: str, articles: list[str], changes: str = ""
) -> Draft:
    """A new version in preparation (the first, or the next after the latest)."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    latest = policy.drafts.order_by("-number").first()
    if latest is not None and latest.status == DraftStatus.PREPARATION:
        raise ValidationError(
            _("Ya hay una versión en preparación (versión %(n)s): termínela antes.")
            % {"n": latest.number}
        )
    if latest is not None and not (changes or "").strip():
        raise ValidationError({"changes": _("Explique qué cambió frente a la versión anterior.")})
    draft = Draft(
        entity_id=policy.entity_id,
        policy=policy,
        number=(latest.number + 1) if latest else 1,
        title=title,
        motives=motives,
        changes=(changes or "").strip(),
    )
    draft.full_clean()
    draft.save()
    _set_articles(draft, articles)
    return draft


@transaction.atomic
def draft_update(
    *, draft: Draft, title: str, motives: str, articles: list[str], changes: str = ""
) -> Draft:
    if draft.status != DraftStatus.PREPARATION:
        raise ValidationError(_("Un borrador publicado no se modifica: prepare una nueva versión."))
    if draft.number > 1 and not (changes or "").strip():
        raise ValidationError({"changes": _("Explique qué cambió frente a la versión anterior.")})
    draft.title, draft.motives, draft.changes = title, motives, (changes or "").strip()
    draft.full_clean()
    draft.save()
    _set_articles(draft, articles)
    return draft


@transaction.atomic
def draft_publish(
    *,
    draft: Draft,
    start_date: date | None = None,
    business_days: int | None = None,
    today: date | None = None,
) -> Draft:
    """Publishes a version. With a start date and a number of business days, it is open for
    comments from the start date to the last of those business days (counted from the day
    after the start, on the entity's calendar: holidays and closure days skipped)."""
    today = today or _today()
    _lock(draft)
    if draft.status != DraftStatus.PREPARATION:
        raise ValidationError(_("Esta versión ya fue publicada."))
    if (start_date is None) != (business_days is None):
        raise ValidationError(
            _("Para abrir la consulta indique la fecha de inicio y los días hábiles.")
        )
    if start_date is not None and business_days is not None:
        draft.consultation_end = consultations.window_in_business_days(
            entity=draft.entity,
            start=start_date,
            business_days=business_days,
            today=today,
            minimum=MIN_BUSINESS_DAYS,
            maximum=MAX_BUSINESS_DAYS,
        )
        draft.consultation_start = start_date
        draft.business_days = business_days
    draft.status = DraftStatus.PUBLISHED
    draft.published_at = timezone.now()
    draft.full_clean()
    draft.save()
    if draft.consultation_start is not None:
        _consultation_stage_opened(draft)
    return draft


@transaction.atomic
def report_publish(*, draft: Draft, today: date | None = None) -> Draft:
    """Publishes the informe de observaciones: after the window closed, every visible comment
    answered."""
    today = today or _today()
    _lock(draft)
    if not draft.has_consultation:
        raise ValidationError(_("Esta versión no tuvo consulta ciudadana."))
    if draft.consultation_end is None or not draft.has_closed(today):
        closes = draft.consultation_end
        raise ValidationError(
            _("El informe se publica cuando cierra la consulta (%(date)s).")
            % {"date": closes.strftime("%d/%m/%Y") if closes else "—"}
        )
    pending = draft.comments.visible().filter(answer=Answer.PENDING).count()
    if pending:
        raise ValidationError(
            _("Faltan %(n)s comentario(s) por responder antes de publicar el informe.")
            % {"n": pending}
        )
    draft.report_published_at = timezone.now()
    draft.save(update_fields=["report_published_at"])
    _consultation_stage_done(draft, today)
    return draft


# The "consulta ciudadana" stage follows its drafts: in progress from the day a version opens
# its consultation, done on the day its informe de observaciones is published. Dates an
# official recorded are kept unless a new consultation opens after the stage was closed.


def _consultation_stage(draft: Draft) -> PolicyStage | None:
    return (
        PolicyStage.objects.select_for_update()
        .filter(policy_id=draft.policy_id, kind=StageKind.CONSULTATION)
        .first()
    )


def _consultation_stage_opened(draft: Draft) -> None:
    stage = _consultation_stage(draft)
    start = draft.consultation_start
    if stage is None or start is None:
        return
    if stage.finished_on is not None and stage.finished_on < start:
        stage.finished_on = None  # a new consultation reopens the stage
    if stage.started_on is None or (stage.finished_on is None and stage.started_on > start):
        stage.started_on = start
    stage.full_clean()
    stage.save()


def _consultation_stage_done(draft: Draft, today: date) -> None:
    stage = _consultation_stage(draft)
    if stage is None:
        return
    # The consultation began by its window's start at the latest (the window may have been
    # moved since the stage was opened).
    starts = [day for day in (stage.started_on, draft.consultation_start) if day is not None]
    stage.started_on = min(starts) if starts else None
    if stage.finished_on is None:
        stage.finished_on = today
    stage.full_clean()
    stage.save()


# Comments ----------------------------------------------------------------------------------


def comment_purpose_text() -> str:
    return _("recibir, responder y publicar mi comentario al proyecto normativo")


@transaction.atomic
def comment_submit(
    *,
    draft: Draft,
    text: str,
    consent_given: bool,
    article: DraftArticle | None = None,
    email: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> DraftComment:
    """A citizen's comment on the draft or on one of its own articles, filed by the general
    consultation's rules (window, text, Ley 1581 consent: ``consultations.services``)."""
    if article is not None and article.draft_id != draft.pk:
        consultations.window_check(window=draft, on=today or _today())
        raise ValidationError({"article": _("El artículo no pertenece a este borrador.")})
    comment = DraftComment(
        entity=draft.entity, draft=draft, article=article, text=text, email=email
    )
    return consultations.comment_file(
        window=draft,
        comment=comment,
        consent_given=consent_given,
        purpose=COMMENT_CONSENT_PURPOSE,
        purpose_text=comment_purpose_text(),
        request=request,
        on=today or _today(),
    )


@transaction.atomic
def comment_answer(
    *,
    comment: DraftComment,
    answer: str,
    reason: str,
    changed_in: Draft | None = None,
    user: User | None = None,
) -> DraftComment:
    """Aceptada, aceptada parcialmente or rechazada, with the reason (the public answer), by
    the general consultation's rules; the change is a later version of the same project."""
    _lock(comment)
    verdict = Verdict(answer) if answer in Verdict.values else None
    reason = consultations.answer_check(
        comment=comment, verdict=verdict, reason=reason, has_change=changed_in is not None
    )
    if changed_in is not None and (
        changed_in.policy_id != comment.draft.policy_id or changed_in.number <= comment.draft.number
    ):
        raise ValidationError({"changed_in": _("Elija una versión posterior del mismo proyecto.")})
    comment.answer = answer
    comment.reason = reason
    comment.changed_in = changed_in
    comment.answered_at = timezone.now()
    comment.answered_by = user
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_hide(*, comment: DraftComment, reason: str, user: User | None = None) -> DraftComment:
    return consultations.comment_hide(comment=comment, reason=reason, user=user)


# Plan operativo ----------------------------------------------------------------------------


@transaction.atomic
def component_save(*, component: PlanComponent) -> PlanComponent:
    component.full_clean()
    component.save()
    return component


@transaction.atomic
def line_save(*, line: PlanLine) -> PlanLine:
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def action_save(*, action: PlanAction) -> PlanAction:
    message = _("Solo se pueden enlazar registros de la misma entidad.")
    for field in ("owner_area", "activity", "event", "indicator"):
        _same_entity(action.entity_id, [getattr(action, field)], field, message)
    action.full_clean()
    action.save()
    return action
