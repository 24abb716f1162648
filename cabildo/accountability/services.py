"""Writes of rendición de cuentas and control social.

Rows typed in staff forms are saved through ``*_save`` functions, which re-check that every
related row belongs to the same entity and run ``full_clean()``; the process steps (publish,
submit, route, answer, file) have their own functions. Emails go through the outbox after
commit; terms come from ``law.py`` on the entity's business-day calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cabildo.accountability import law
from cabildo.accountability.models import (
    MIN_TEXT_LENGTH,
    ActionStatus,
    DialogueSpace,
    ImprovementAction,
    ObservationStatus,
    OversightItem,
    Question,
    QuestionChannel,
    QuestionKind,
    QuestionStatus,
    Strategy,
    SupervisorReport,
    Veeduria,
    VeeduriaMember,
    VeeduriaObservation,
    VeeduriaRequest,
)
from cabildo.core import dates
from cabildo.core.models import Entity, TenantModel
from cabildo.workdays.calendar import calendar_for

if TYPE_CHECKING:
    from cabildo.accounts.models import User

QUESTION_CONSENT_PURPOSE = "accountability_question"


def question_too_short() -> str:
    return _("Escriba su pregunta o propuesta (al menos %(n)s caracteres).") % {
        "n": MIN_TEXT_LENGTH
    }


def consent_missing() -> str:
    return _(
        "Debe autorizar el tratamiento de sus datos para dejarlos, o enviar la pregunta "
        "sin nombre ni correo."
    )


def observation_too_short() -> str:
    return _("Escriba la observación (al menos %(n)s caracteres).") % {"n": MIN_TEXT_LENGTH}


REPORT_PDF_MAX_BYTES = 20 * 1024 * 1024


_Row = TypeVar("_Row", bound=TenantModel)


def _today() -> date:
    return timezone.localdate()


def question_purpose_text() -> str:
    return _("recibir, responder por escrito y avisarme la respuesta a mi pregunta o propuesta")


def _checks(spec: dict[str, list[str | None]]) -> dict[str, list[str]]:
    return dates.collect((name, message) for name, messages in spec.items() for message in messages)


def _same_entity(row: models.Model, entity_id: int, fields: list[str]) -> None:
    """Every related row named in ``fields`` belongs to ``entity_id``."""
    errors = {}
    for name in fields:
        related = getattr(row, name, None)
        if related is not None and getattr(related, "entity_id", entity_id) != entity_id:
            errors[name] = [_("No pertenece a la entidad.")]
    if errors:
        raise ValidationError(errors)


def _save(row: _Row, related: list[str]) -> _Row:
    _same_entity(row, row.entity_id, related)
    row.full_clean()
    row.save()
    return row


# Strategy ---------------------------------------------------------------------------------------


def strategy_year_error(year: int | None) -> str | None:
    """A strategy is for a vigencia from Ley 1757 de 2015 up to next year."""
    if year is None:
        return None
    if not 1 <= year <= 9999:
        return _("Vigencia: el año %(year)s no es posible.") % {"year": year}
    return dates.year_in_range(
        date(year, 1, 1), label=_("Vigencia"), minimum=2015, maximum=_today().year + 1
    )


@transaction.atomic
def strategy_save(*, strategy: Strategy) -> Strategy:
    message = strategy_year_error(strategy.year)
    if message:
        raise ValidationError({"year": [message]})
    others = Strategy.objects.for_entity(strategy.entity).filter(year=strategy.year)
    if strategy.pk:
        others = others.exclude(pk=strategy.pk)
    if others.exists():
        raise ValidationError(
            {"year": [_("Ya hay una estrategia de rendición de cuentas para esa vigencia.")]}
        )
    return _save(strategy, [])


@transaction.atomic
def strategy_publish(*, strategy: Strategy, publish: bool = True) -> Strategy:
    """Publish (or withdraw) the strategy; to publish it needs at least one task and one
    dialogue space (the checklist then shows what each stage still lacks)."""
    if publish:
        errors = []
        if not strategy.tasks.exists():
            errors.append(_("Agregue al menos una tarea antes de publicar la estrategia."))
        if not strategy.spaces.exists():
            errors.append(
                _("Agregue al menos un espacio de diálogo antes de publicar la estrategia.")
            )
        if errors:
            raise ValidationError(errors)
    strategy.is_published = publish
    strategy.published_at = timezone.now() if publish else None
    strategy.save(update_fields=["is_published", "published_at", "updated_at"])
    return strategy


def _year_window(strategy: Strategy, value: date | None, label: Any) -> str | None:
    if value is None:
        return None
    if value.year not in (strategy.year, strategy.year + 1) and value.year != strategy.year - 1:
        return _("%(field)s debe caer en la vigencia %(year)s (o en los meses vecinos).") % {
            "field": label,
            "year": strategy.year,
        }
    return None


@transaction.atomic
def task_save(*, task: Any) -> Any:
    strategy = task.strategy
    task.entity_id = strategy.entity_id
    errors = _checks(
        {
            "due_date": [_year_window(strategy, task.due_date, _("La fecha límite"))],
            "starts_on": [
                _year_window(strategy, task.starts_on, _("El inicio")),
                dates.in_order(
                    task.starts_on,
                    task.due_date,
                    earlier_label=pgettext("comienzo", "Inicio"),
                    later_label=_("Fecha límite"),
                ),
            ],
            "done_on": [dates.not_in_future(task.done_on, label=_("Hecha el"), today=_today())],
        }
    )
    if errors:
        raise ValidationError(errors)
    return _save(task, ["owner_area", "activity"])


@transaction.atomic
def task_mark_done(*, task: Any, done_on: date | None = None) -> Any:
    task.done_on = done_on or _today()
    return task_save(task=task)


@transaction.atomic
def space_save(*, space: DialogueSpace) -> DialogueSpace:
    strategy = space.strategy
    space.entity_id = strategy.entity_id
    message = _year_window(strategy, space.planned_date, _("La fecha prevista"))
    if message:
        raise ValidationError({"planned_date": [message]})
    if space.event_id:
        taken = DialogueSpace.objects.filter(event_id=space.event_id).exclude(pk=space.pk)
        if taken.exists():
            raise ValidationError({"event": [_("Ese evento ya es de otro espacio de diálogo.")]})
    return _save(space, ["area", "activity", "body", "event", "survey"])


def _check_pdf(upload: Any) -> None:
    from cabildo.core import uploads

    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError({"pdf": [_("El archivo está vacío.")]})
    if size > REPORT_PDF_MAX_BYTES:
        raise ValidationError({"pdf": [_("El informe supera el tamaño máximo de 20 MB.")]})
    if uploads.detect_content_type(upload) != "application/pdf":
        raise ValidationError(
            {"pdf": [_("El informe debe ser un PDF; el archivo enviado no lo es.")]}
        )


@transaction.atomic
def space_report_save(
    *,
    space: DialogueSpace,
    title: str,
    body: str,
    pdf: Any = None,
    publish: bool = False,
) -> DialogueSpace:
    """The informe de rendición de cuentas (art. 55): an accessible text and, optionally, the
    PDF. Publishing needs both the title and the text (the PDF alone is not accessible)."""
    title, body = (title or "").strip(), (body or "").strip()
    if pdf is not None:
        _check_pdf(pdf)
    if publish:
        errors: dict[str, list[str]] = {}
        if not title:
            errors["title"] = [_("Escriba el título del informe.")]
        if len(body) < 200:
            errors["body"] = [
                _(
                    "Escriba el informe en texto accesible (al menos 200 caracteres): el PDF "
                    "solo no basta para publicarlo."
                )
            ]
        if errors:
            raise ValidationError(errors)
    space.report_title = title
    space.report_body = body
    if pdf is not None:
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        space.report_pdf.save(f"informe-{space.pk}-{stamp}.pdf", pdf, save=False)
    if publish and space.report_published_at is None:
        space.report_published_at = timezone.now()
    if not publish:
        space.report_published_at = None
    space.full_clean()
    space.save()
    return space


@transaction.atomic
def space_memoria_save(*, space: DialogueSpace, memoria: str, publish: bool) -> DialogueSpace:
    memoria = (memoria or "").strip()
    event = space.event
    if publish:
        if event is None or event.starts_at > timezone.now():
            raise ValidationError(
                {"memoria": [_("La memoria se publica después de realizado el evento.")]}
            )
        if len(memoria) < 50:
            raise ValidationError(
                {"memoria": [_("Escriba la memoria del evento (al menos 50 caracteres).")]}
            )
    space.memoria = memoria
    space.memoria_published_at = (space.memoria_published_at or timezone.now()) if publish else None
    space.full_clean()
    space.save()
    if space.survey is not None:
        # The participants' evaluation is published with the memoria (MURC, seguimiento).
        from cabildo.exercises.services import survey_publish_results

        survey_publish_results(survey=space.survey, published=publish)
    return space


EVALUATION_DAYS_OPEN = 15


@transaction.atomic
def evaluation_survey_create(*, space: DialogueSpace) -> Any:
    """The participants' evaluation of a dialogue space: a short anonymous survey of the
    exercises module (MURC, etapa de seguimiento), linked to the space's event and activity,
    open from the event's start for 15 days. Its results are recounted by the exercises module
    and published with the memoria."""
    from cabildo.exercises.models import QuestionKind as SurveyQuestionKind
    from cabildo.exercises.services import question_save, survey_save

    if space.survey_id is not None:
        raise ValidationError(_("Este espacio ya tiene su encuesta de evaluación."))
    event = space.event
    activity = event.activity if event is not None else space.activity
    if activity is None:
        raise ValidationError(
            _(
                "Programe el evento del espacio o vincule una actividad del plan antes de crear "
                "la encuesta de evaluación."
            )
        )
    opens_at = event.starts_at if event is not None else timezone.now()
    survey = survey_save(
        entity=space.entity,
        activity=activity,
        event=event,
        title=_("Evaluación del espacio de diálogo: %(name)s") % {"name": space.name},
        description=_(
            "Cuéntenos cómo le pareció este espacio de rendición de cuentas. La encuesta es "
            "anónima y sus resultados se publican con la memoria del evento."
        ),
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=EVALUATION_DAYS_OPEN),
        is_published=True,
    )
    scale = SurveyQuestionKind.SCALE
    for text in (
        _("¿La información presentada fue clara y comprensible?"),
        _("¿El tiempo para las preguntas y el diálogo fue suficiente?"),
        _("¿Las respuestas de la entidad atendieron sus inquietudes?"),
    ):
        question_save(survey=survey, text=text, kind=scale, required=True)
    question_save(
        survey=survey,
        text=_("¿Cómo se enteró de este espacio?"),
        kind=SurveyQuestionKind.SINGLE,
        options=[
            _("Página web de la entidad"),
            _("Redes sociales"),
            _("Invitación directa"),
            _("Medios de comunicación"),
            _("Otro"),
        ],
    )
    question_save(
        survey=survey,
        text=_("¿Volvería a participar en un espacio de rendición de cuentas?"),
        kind=SurveyQuestionKind.SINGLE,
        options=[_("Sí"), _("No")],
        required=True,
    )
    question_save(
        survey=survey,
        text=_("¿Qué mejoraría de este espacio?"),
        kind=SurveyQuestionKind.LONG_TEXT,
    )
    space.survey = survey
    space.save(update_fields=["survey"])
    return survey


# Questions --------------------------------------------------------------------------------------


def questions_open(space: DialogueSpace, *, now: datetime | None = None) -> bool:
    """Citizens register questions from the report's publication (before the event) until the
    end of the event (or ``questions_close_at``)."""
    now = now or timezone.now()
    if space.report_published_at is None or space.event is None or space.event.is_cancelled:
        return False
    closes: datetime = space.questions_close_at or space.event.ends_at
    return now <= closes


@transaction.atomic
def question_submit(
    *,
    space: DialogueSpace,
    kind: str,
    text: str,
    channel: str,
    consent_given: bool = False,
    author_name: str = "",
    email: str = "",
    received_on: date | None = None,
    request: HttpRequest | None = None,
    now: Any = None,
) -> Question:
    """A question or proposal: from the web while the space receives them, or typed by staff
    from paper or from the event (``received_on`` is then the day it was received)."""
    from cabildo.privacy.models import ConsentChannel
    from cabildo.privacy.services import consent_record, consent_text

    now = now or timezone.now()
    today = timezone.localdate(now)
    text = (text or "").strip()
    author_name, email = (author_name or "").strip(), (email or "").strip()
    errors: dict[str, list[str]] = {}
    if channel == QuestionChannel.WEB:
        if not questions_open(space, now=now):
            raise ValidationError(
                _("Este espacio de diálogo no está recibiendo preguntas en este momento.")
            )
        received_on = today
    elif channel not in QuestionChannel.values:
        errors["channel"] = [_("Seleccione un canal válido.")]
    if received_on is None:
        errors.setdefault("received_on", []).append(_("Indique la fecha en que se recibió."))
    else:
        for message in (
            dates.not_in_future(received_on, label=_("Recibida el"), today=today),
            dates.year_in_range(
                received_on, label=_("Recibida el"), minimum=space.strategy.year - 1
            ),
        ):
            if message:
                errors.setdefault("received_on", []).append(message)
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Elija pregunta o propuesta.")]
    if len(text) < MIN_TEXT_LENGTH:
        errors["text"] = [question_too_short()]
    has_data = bool(author_name or email)
    if has_data and not consent_given:
        errors["consent"] = [consent_missing()]
    if errors:
        raise ValidationError(errors)
    consent = None
    if has_data:
        consent = consent_record(
            entity=space.entity,
            purpose=QUESTION_CONSENT_PURPOSE,
            text=consent_text(question_purpose_text()),
            channel=ConsentChannel.WEB if channel == QuestionChannel.WEB else ConsentChannel.PAPER,
            request=request,
            subject_name=author_name,
            subject_email=email,
        )
    assert received_on is not None
    due = law.answer_due(calendar_for(space.entity), received_on).due_date
    question = Question(
        entity_id=space.entity_id,
        space=space,
        kind=kind,
        text=text,
        author_name=author_name,
        email=email,
        channel=channel,
        consent=consent,
        received_on=received_on,
        due_date=due,
        area_id=space.area_id if channel != QuestionChannel.WEB else None,
        status=QuestionStatus.ASSIGNED
        if channel != QuestionChannel.WEB
        else QuestionStatus.RECEIVED,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_route(*, question: Question, area: Any) -> Question:
    if area is None or area.entity_id != question.entity_id:
        raise ValidationError({"area": [_("Elija una dependencia de la entidad.")]})
    if question.status == QuestionStatus.ANSWERED:
        raise ValidationError(_("La pregunta ya fue respondida."))
    question.area = area
    question.status = QuestionStatus.ASSIGNED
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_answer(
    *, question: Question, answer: str, user: User | None = None, answered_on: date | None = None
) -> Question:
    """The written answer, published at once; the citizen who left an email is told."""
    from cabildo.core.links import entity_url
    from cabildo.outbox.services import email_queue

    answer = (answer or "").strip()
    today = _today()
    answered_on = answered_on or today
    if question.status == QuestionStatus.ANSWERED:
        raise ValidationError(_("La pregunta ya fue respondida."))
    if question.area_id is None:
        raise ValidationError(_("Asigne la pregunta a una dependencia antes de responderla."))
    errors = {}
    if len(answer) < 20:
        errors["answer"] = [_("Escriba la respuesta (al menos 20 caracteres).")]
    for message in (
        dates.not_in_future(answered_on, label=_("Respondida el"), today=today),
        dates.in_order(
            question.received_on,
            answered_on,
            earlier_label=_("Recibida el"),
            later_label=_("Respondida el"),
        ),
    ):
        if message:
            errors.setdefault("answered_on", []).append(message)
    if errors:
        raise ValidationError(errors)
    question.answer = answer
    question.answered_on = answered_on
    question.answered_by = user if getattr(user, "is_authenticated", False) else None
    question.status = QuestionStatus.ANSWERED
    question.full_clean()
    question.save()
    if question.email:
        link = entity_url(question.entity, "accountability:public_space", args=[question.space_id])
        email_queue(
            entity=question.entity,
            to=question.email,
            subject=_("Respuesta a su pregunta de rendición de cuentas"),
            body=_(
                "La entidad respondió su %(kind)s sobre «%(space)s»:\n\n%(answer)s\n\n"
                "La respuesta está publicada en %(link)s#pregunta-%(pk)s"
            )
            % {
                "kind": question.get_kind_display().lower(),
                "space": question.space.name,
                "answer": answer,
                "link": link,
                "pk": question.pk,
            },
            template="accountability/question_answered",
            related=question,
        )
    return question


# Improvement actions -----------------------------------------------------------------------------


@transaction.atomic
def action_save(*, action: ImprovementAction) -> ImprovementAction:
    origin = action.space or action.observation
    if origin is not None:
        action.entity_id = origin.entity_id
    errors = _checks(
        {
            "completed_on": [
                dates.not_in_future(action.completed_on, label=_("Cumplida el"), today=_today())
            ],
        }
    )
    if action.status == ActionStatus.DONE and action.completed_on is None:
        errors.setdefault("completed_on", []).append(_("Indique cuándo se cumplió la acción."))
    if action.status != ActionStatus.DONE and action.completed_on is not None:
        errors.setdefault("status", []).append(
            _("Una acción con fecha de cumplimiento está cumplida: cambie el estado.")
        )
    if errors:
        raise ValidationError(errors)
    return _save(action, ["space", "observation", "owner_area"])


# Control social ---------------------------------------------------------------------------------


@transaction.atomic
def veeduria_save(*, veeduria: Veeduria) -> Veeduria:
    errors = _checks(
        {
            "registered_on": [
                dates.not_in_future(
                    veeduria.registered_on, label=_("Fecha de inscripción"), today=_today()
                ),
                dates.year_in_range(
                    veeduria.registered_on, label=_("Fecha de inscripción"), minimum=2003
                ),
            ],
            "valid_until": [
                dates.in_order(
                    veeduria.registered_on,
                    veeduria.valid_until,
                    earlier_label=_("Fecha de inscripción"),
                    later_label=_("Vigente hasta"),
                )
            ],
        }
    )
    if errors:
        raise ValidationError(errors)
    return _save(veeduria, [])


@transaction.atomic
def veeduria_items_set(*, veeduria: Veeduria, items: list[OversightItem]) -> Veeduria:
    if any(item.entity_id != veeduria.entity_id for item in items):
        raise ValidationError({"items": [_("No pertenece a la entidad.")]})
    veeduria.items.set(items)
    return veeduria


@transaction.atomic
def member_add(*, veeduria: Veeduria, name: str, role: str = "") -> VeeduriaMember:
    member = VeeduriaMember(
        entity_id=veeduria.entity_id, veeduria=veeduria, name=(name or "").strip(), role=role
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def item_save(*, item: OversightItem) -> OversightItem:
    errors = _checks(
        {
            "starts_on": [
                dates.year_in_range(item.starts_on, label=_("Fecha de inicio"), minimum=2003)
            ],
            "start_informed_on": [
                dates.not_in_future(
                    item.start_informed_on, label=_("Inicio informado el"), today=_today()
                )
            ],
        }
    )
    if errors:
        raise ValidationError(errors)
    return _save(item, ["area"])


@transaction.atomic
def supervisor_report_add(
    *, item: OversightItem, report_date: date, period: str, summary: str
) -> SupervisorReport:
    errors = _checks(
        {
            "report_date": [
                dates.not_in_future(report_date, label=_("Fecha del informe"), today=_today()),
                dates.in_order(
                    item.starts_on,
                    report_date,
                    earlier_label=_("Fecha de inicio"),
                    later_label=_("Fecha del informe"),
                ),
            ]
        }
    )
    if len((summary or "").strip()) < 20:
        errors.setdefault("summary", []).append(
            _("Escriba el resumen del avance (al menos 20 caracteres).")
        )
    if errors:
        raise ValidationError(errors)
    report = SupervisorReport(
        entity_id=item.entity_id,
        item=item,
        report_date=report_date,
        period=(period or "").strip(),
        summary=summary.strip(),
    )
    report.full_clean()
    report.save()
    return report


def veeduria_kind(*, entity: Entity, nature: str = "general") -> Any:
    """The PQRSD kind of a veeduría request of ``nature`` (Ley 850 art. 17 → Ley 1755 art. 14:
    «información» 10 business days, «general» 15, «consulta» 30). Created with the legal term
    the first time; the entity may then configure it like any other kind."""
    from cabildo.pqrs.models import PetitionKind

    try:
        spec = law.veeduria_nature(nature)
    except KeyError:
        raise ValidationError({"nature": [_("Seleccione el tipo de solicitud.")]}) from None
    kind, _created = PetitionKind.objects.get_or_create(
        entity=entity,
        code=spec.code,
        defaults={"name": str(spec.name), "term_days": spec.term_days, "order": spec.order},
    )
    return kind


@transaction.atomic
def veeduria_request_file(
    *,
    veeduria: Veeduria,
    subject: str,
    description: str,
    item: OversightItem | None = None,
    nature: str = "general",
    channel: str = "presencial",
    actor: User | None = None,
) -> VeeduriaRequest:
    """File a veeduría's request as a PQRSD petition («solicitud de veeduría»): the petition's
    term, semáforo, assignment and answer are those of the PQRSD module. The requester is the
    veeduría (an organisation, no personal data)."""
    from cabildo.pqrs.services.filing import Requester, petition_file

    if item is not None and item.entity_id != veeduria.entity_id:
        raise ValidationError({"item": [_("No pertenece a la entidad.")]})
    result = petition_file(
        entity=veeduria.entity,
        kind=veeduria_kind(entity=veeduria.entity, nature=nature),
        subject=subject,
        description=description,
        channel=channel,
        requester=Requester(name=veeduria.name, email=veeduria.contact_email),
        consent_given=True,
        actor=actor,
    )
    request = VeeduriaRequest(
        entity_id=veeduria.entity_id, veeduria=veeduria, item=item, petition=result.petition
    )
    request.full_clean()
    request.save()
    # mypy: the caller reads the code once; the model has no such column.
    request.tracking_code = result.tracking_code  # type: ignore[attr-defined]
    return request


@transaction.atomic
def observation_record(
    *, veeduria: Veeduria, item: OversightItem, text: str, received_on: date
) -> VeeduriaObservation:
    if item.entity_id != veeduria.entity_id:
        raise ValidationError({"item": [_("No pertenece a la entidad.")]})
    errors = _checks(
        {
            "received_on": [
                dates.not_in_future(received_on, label=_("Recibida el"), today=_today()),
                dates.year_in_range(received_on, label=_("Recibida el"), minimum=2003),
            ]
        }
    )
    if len((text or "").strip()) < MIN_TEXT_LENGTH:
        errors.setdefault("text", []).append(observation_too_short())
    if errors:
        raise ValidationError(errors)
    observation = VeeduriaObservation(
        entity_id=veeduria.entity_id,
        veeduria=veeduria,
        item=item,
        text=text.strip(),
        received_on=received_on,
        due_date=law.observation_due(calendar_for(veeduria.entity), received_on).due_date,
    )
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def observation_answer(
    *, observation: VeeduriaObservation, answer: str, answered_on: date | None = None
) -> VeeduriaObservation:
    today = _today()
    answered_on = answered_on or today
    answer = (answer or "").strip()
    if observation.status == ObservationStatus.ANSWERED:
        raise ValidationError(_("La observación ya fue respondida."))
    errors = {}
    if len(answer) < 20:
        errors["answer"] = [_("Escriba la respuesta (al menos 20 caracteres).")]
    for message in (
        dates.not_in_future(answered_on, label=_("Respondida el"), today=today),
        dates.in_order(
            observation.received_on,
            answered_on,
            earlier_label=_("Recibida el"),
            later_label=_("Respondida el"),
        ),
    ):
        if message:
            errors.setdefault("answered_on", []).append(message)
    if errors:
        raise ValidationError(errors)
    observation.answer = answer
    observation.answered_on = answered_on
    observation.status = ObservationStatus.ANSWERED
    observation.full_clean()
    observation.save()
    return observation


# Concejo mode (arts. 57–59) -------------------------------------------------------------------


@transaction.atomic
def council_row_save(*, row: Any) -> Any:
    """A proposición, proyecto de acuerdo or debate typed by the council's staff."""
    from cabildo.accountability.models import CouncilDebate

    today = _today()
    if isinstance(row, CouncilDebate):
        spec = {"held_on": [dates.not_in_future(row.held_on, label=_("Realizado el"), today=today)]}
    else:
        spec = {
            "presented_on": [
                dates.not_in_future(row.presented_on, label=_("Presentado el"), today=today),
                dates.year_in_range(row.presented_on, label=_("Presentado el"), minimum=1991),
            ],
            "decided_on": [
                dates.not_in_future(row.decided_on, label=_("Decidido el"), today=today)
            ],
        }
    errors = _checks(spec)
    if errors:
        raise ValidationError(errors)
    return _save(row, [])


@transaction.atomic
def council_report_save(*, report: Any) -> Any:
    today = _today()
    if report.year and not (1991 <= report.year <= today.year):
        raise ValidationError(
            {"year": [_("El año informado debe estar entre 1991 y %(y)s.") % {"y": today.year}]}
        )
    if report.published_at is not None:
        raise ValidationError(_("El informe ya está publicado: la ley lo mantiene público."))
    return _save(report, [])


@transaction.atomic
def council_report_publish(*, report: Any) -> Any:
    """Publish the art. 59 report, only with its minimum content; it then stays public."""
    from cabildo.accountability.selectors import council_report_content

    content = council_report_content(report=report)
    if content.missing:
        raise ValidationError(
            _("Falta el contenido mínimo del artículo 59: %(missing)s.")
            % {"missing": "; ".join(content.missing)}
        )
    if report.published_at is None:
        report.published_at = timezone.now()
        report.save(update_fields=["published_at"])
    return report


@transaction.atomic
def mayor_review_record(*, review: Any) -> Any:
    """The alcalde's report received: the council answers within one month (art. 57)."""
    today = _today()
    errors = _checks(
        {
            "received_on": [
                dates.not_in_future(review.received_on, label=_("Recibido el"), today=today)
            ],
            "answered_on": [
                dates.not_in_future(review.answered_on, label=_("Respondido el"), today=today),
                dates.in_order(
                    review.received_on,
                    review.answered_on,
                    earlier_label=_("Recibido el"),
                    later_label=_("Respondido el"),
                ),
            ],
        }
    )
    if review.answered_on and len((review.answer or "").strip()) < 20:
        errors.setdefault("answer", []).append(
            _("Escriba la evaluación y respuesta (al menos 20 caracteres).")
        )
    if errors:
        raise ValidationError(errors)
    if review.received_on:
        review.due_date = law.mayor_report_answer_due(
            calendar_for(review.entity), review.received_on
        )
    return _save(review, [])
