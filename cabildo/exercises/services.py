"""Writes of the exercises app: survey definitions and answers, forums and moderation, the
participatory diagnosis and requester characterizations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core import dates
from cabildo.core.models import Entity
from cabildo.core.public_cache import invalidate_entity
from cabildo.execution.models import Contribution, ContributionKind, Event
from cabildo.plans.models import PlannedActivity
from cabildo.privacy.models import ConsentChannel
from cabildo.privacy.services import consent_record, consent_text

from .models import (
    CHOICE_KINDS,
    SCALE_VALUES,
    TEXT_KINDS,
    Answer,
    AnswerChannel,
    Characterization,
    DesiredScenario,
    Diagnosis,
    Forum,
    ForumComment,
    ModerationStatus,
    Obstacle,
    Question,
    QuestionKind,
    QuestionOption,
    Survey,
    SurveyResponse,
    SurveySection,
    window_errors,
)

if TYPE_CHECKING:
    from cabildo.accounts.models import User

SURVEY_PURPOSE = "encuesta_participacion"
FORUM_PURPOSE = "foro_virtual"
CHARACTERIZATION_PURPOSE = "caracterizacion_usuarios"


def survey_purpose_text() -> str:
    return _("responder una encuesta de participación ciudadana y recibir información sobre ella")


def forum_purpose_text() -> str:
    return _("publicar un comentario en un foro virtual y recibir respuesta de la entidad")


def characterization_purpose_text() -> str:
    return _(
        "caracterizar a las personas que usan los servicios de la entidad (estadísticas "
        "anónimas para ajustar la atención)"
    )


def _same_entity(entity: Entity, **rows: Any) -> dict[str, list[str]]:
    return {
        field: [_("La opción elegida no pertenece a la entidad.")]
        for field, row in rows.items()
        if row is not None and row.entity_id != entity.pk
    }


def _full_clean_in_window(row: Survey | Forum) -> None:
    """The model's own checks and the exercise's window in the plan's vigencia
    (``window_errors``), every problem at once."""
    errors = window_errors(type(row), row.activity, row.opens_at, row.closes_at)
    try:
        row.full_clean()
    except ValidationError as exc:
        raise ValidationError(dates.merge(exc.message_dict, errors)) from None
    if errors:
        raise ValidationError(errors)


# Surveys --------------------------------------------------------------------------------------


@transaction.atomic
def survey_save(
    *,
    entity: Entity,
    activity: PlannedActivity,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    event: Event | None = None,
    description: str = "",
    identification: str = "anonima",
    is_published: bool = False,
    survey: Survey | None = None,
) -> Survey:
    """Create a survey (``survey=None``) or update one."""
    errors = _same_entity(entity, activity=activity, event=event)
    if errors:
        raise ValidationError(errors)
    if survey is None:
        survey = Survey(entity=entity)
    survey.activity = activity
    survey.event = event
    survey.title = (title or "").strip()
    survey.description = description or ""
    survey.opens_at = opens_at
    survey.closes_at = closes_at
    survey.identification = identification
    survey.is_published = is_published
    _full_clean_in_window(survey)
    survey.save()
    return survey


@transaction.atomic
def section_add(*, survey: Survey, title: str, description: str = "") -> SurveySection:
    last = survey.sections.aggregate(m=Max("order"))["m"] or 0
    section = SurveySection(
        entity_id=survey.entity_id,
        survey=survey,
        title=(title or "").strip(),
        description=description or "",
        order=last + 1,
    )
    section.full_clean()
    section.save()
    return section


def _clean_options(options: list[str]) -> list[str]:
    seen: list[str] = []
    for label in options:
        label = (label or "").strip()
        if label and label not in seen:
            seen.append(label)
    return seen


@transaction.atomic
def question_save(
    *,
    survey: Survey,
    text: str,
    kind: str,
    required: bool = False,
    help_text: str = "",
    section: SurveySection | None = None,
    options: list[str] | None = None,
    question: Question | None = None,
) -> Question:
    """Create or update a question. A choice question needs at least two distinct options;
    other kinds keep none. Options of an answered question cannot be changed."""
    labels = _clean_options(options or [])
    errors: dict[str, list[str]] = {}
    if kind in CHOICE_KINDS and len(labels) < 2:
        errors["options"] = [_("Una pregunta de selección necesita al menos dos opciones.")]
    if section is not None and section.survey_id != survey.pk:
        errors["section"] = [_("La sección es de otra encuesta.")]
    if question is not None and question.answers.exists():
        current = list(question.options.values_list("label", flat=True))
        if kind != question.kind or (kind in CHOICE_KINDS and labels != current):
            errors["kind"] = [
                _("La pregunta ya tiene respuestas: no se puede cambiar su tipo ni sus opciones.")
            ]
    if errors:
        raise ValidationError(errors)
    if question is None:
        last = survey.questions.aggregate(m=Max("order"))["m"] or 0
        question = Question(entity_id=survey.entity_id, survey=survey, order=last + 1)
    question.text = (text or "").strip()
    question.kind = kind
    question.required = required
    question.help_text = help_text or ""
    question.section = section
    question.full_clean()
    question.save()
    if kind in CHOICE_KINDS:
        current = list(question.options.values_list("label", flat=True))
        if labels != current:
            question.options.all().delete()
            QuestionOption.objects.bulk_create(
                [
                    QuestionOption(
                        entity_id=survey.entity_id, question=question, label=label, order=i
                    )
                    for i, label in enumerate(labels, start=1)
                ]
            )
    else:
        question.options.all().delete()
    return question


@transaction.atomic
def question_move(*, question: Question, direction: int) -> None:
    """Swap a question with its neighbour (direction -1 up, +1 down) and renumber."""
    questions = list(Question.objects.select_for_update().filter(survey_id=question.survey_id))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = index + direction
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
    for i, q in enumerate(questions, start=1):
        q.order = i
    Question.objects.bulk_update(questions, ["order"])
    # bulk_update sends no post_save: the survey's public page must still forget its cache.
    invalidate_entity(question.entity_id)


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(_("La pregunta ya tiene respuestas: no se puede eliminar."))
    question.delete()


@transaction.atomic
def survey_publish_results(*, survey: Survey, published: bool) -> Survey:
    survey.results_published = published
    survey.save(update_fields=["results_published", "updated_at"])
    return survey


def _answer_rows(
    *, survey: Survey, questions: list[Question], values: dict[int, Any]
) -> tuple[list[Answer], dict[str, list[str]]]:
    """Answer rows (without their response) from ``{question_id: value}``, and errors."""
    rows: list[Answer] = []
    errors: dict[str, list[str]] = {}
    for question in questions:
        value = values.get(question.pk)
        key = f"q{question.pk}"
        if value is None or value in ("", [], ()):
            if question.required:
                errors[key] = [_("Esta pregunta es obligatoria.")]
            continue
        base = {"entity_id": survey.entity_id, "question": question}
        if question.kind in CHOICE_KINDS:
            chosen = value if isinstance(value, list | tuple) else [value]
            valid = {o.pk: o for o in question.options.all()}
            try:
                picked = [valid[int(v)] for v in chosen]
            except (KeyError, TypeError, ValueError):
                errors[key] = [_("Elija opciones de la lista.")]
                continue
            if question.kind == QuestionKind.SINGLE and len(picked) > 1:
                errors[key] = [_("Elija una sola opción.")]
                continue
            rows.extend(Answer(option=o, **base) for o in picked)
        elif question.kind == QuestionKind.SCALE:
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = 0
            if number not in SCALE_VALUES:
                errors[key] = [_("Elija un valor de 1 a 5.")]
                continue
            rows.append(Answer(number=number, **base))
        elif question.kind in TEXT_KINDS:
            text = str(value).strip()
            limit = 300 if question.kind == QuestionKind.SHORT_TEXT else 5000
            if len(text) > limit:
                errors[key] = [_("La respuesta es demasiado larga.")]
                continue
            if text:
                rows.append(Answer(text=text, **base))
            elif question.required:
                errors[key] = [_("Esta pregunta es obligatoria.")]
        elif question.kind == QuestionKind.TERRITORY:
            if value.entity_id != survey.entity_id:
                errors[key] = [_("La opción elegida no pertenece a la entidad.")]
                continue
            rows.append(Answer(territory=value, **base))
        elif question.kind == QuestionKind.STAKEHOLDER_GROUP:
            if value.entity_id != survey.entity_id:
                errors[key] = [_("La opción elegida no pertenece a la entidad.")]
                continue
            rows.append(Answer(stakeholder_group=value, **base))
    return rows, errors


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    values: dict[int, Any],
    email: str = "",
    consent_given: bool = False,
    channel: str = AnswerChannel.WEB,
    entered_by: User | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> SurveyResponse:
    """Store one person's answers. A web answer needs the survey open; a paper answer typed by
    staff may be entered after the close (the form was filled in during the window). An
    identified survey takes one answer per email and records the Ley 1581 consent."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    moment = now or timezone.now()
    if channel == AnswerChannel.WEB and not locked.is_open_at(moment):
        if moment >= locked.closes_at:
            message = _("La encuesta está cerrada desde el %(date)s: ya no recibe respuestas.")
            raise ValidationError(
                message % {"date": timezone.localtime(locked.closes_at).strftime("%d/%m/%Y")}
            )
        raise ValidationError(_("La encuesta no está abierta para recibir respuestas."))
    questions = list(locked.questions.prefetch_related("options"))
    rows, errors = _answer_rows(survey=locked, questions=questions, values=values)
    email = (email or "").strip().lower()
    if locked.is_identified:
        if not email:
            errors["email"] = [_("Escriba su correo electrónico: la encuesta es identificada.")]
        elif locked.responses.filter(email=email).exists():
            errors["email"] = [_("Ya hay una respuesta con este correo para esta encuesta.")]
        if not consent_given:
            errors["consent"] = [
                _("Debe autorizar el tratamiento de sus datos para responder la encuesta.")
            ]
    else:
        email = ""
    if not rows and not errors:
        errors["__all__"] = [_("Responda al menos una pregunta.")]
    if errors:
        raise ValidationError(errors)
    consent = None
    if locked.is_identified:
        consent = consent_record(
            entity=locked.entity,
            purpose=SURVEY_PURPOSE,
            text=consent_text(survey_purpose_text()),
            channel=ConsentChannel.WEB if channel == AnswerChannel.WEB else ConsentChannel.PAPER,
            request=request,
            subject_email=email,
        )
    response = SurveyResponse(
        entity_id=locked.entity_id,
        survey=locked,
        channel=channel,
        email=email,
        consent=consent,
        entered_by=entered_by,
        created_at=moment,
    )
    response.full_clean(exclude=["survey", "entity", "consent", "entered_by"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"email": [_("Ya hay una respuesta con este correo para esta encuesta.")]}
        ) from exc
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    return response


# Forums ---------------------------------------------------------------------------------------


@transaction.atomic
def forum_save(
    *,
    entity: Entity,
    activity: PlannedActivity,
    topic: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
    is_published: bool = False,
    forum: Forum | None = None,
) -> Forum:
    errors = _same_entity(entity, activity=activity)
    if errors:
        raise ValidationError(errors)
    if forum is None:
        forum = Forum(entity=entity)
    forum.activity = activity
    forum.topic = (topic or "").strip()
    forum.description = description or ""
    forum.opens_at = opens_at
    forum.closes_at = closes_at
    forum.is_published = is_published
    _full_clean_in_window(forum)
    forum.save()
    return forum


@transaction.atomic
def forum_close(*, forum: Forum, summary: str) -> Forum:
    """Record the entity's closing summary; the forum stops taking comments now."""
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": [_("Escriba la síntesis de cierre.")]})
    forum.closing_summary = summary
    now = timezone.now()
    if forum.closes_at > now:
        forum.closes_at = max(now, forum.opens_at + timedelta(seconds=1))
    forum.full_clean()
    forum.save()
    return forum


@transaction.atomic
def comment_post(
    *,
    forum: Forum,
    text: str,
    pseudonym: str = "",
    email: str = "",
    consent_given: bool = False,
    parent: ForumComment | None = None,
    request: HttpRequest | None = None,
) -> ForumComment:
    """A citizen's comment, pending moderation. An email needs its own consent."""
    email = (email or "").strip().lower()
    errors: dict[str, list[str]] = {}
    if not forum.is_open:
        raise ValidationError(_("El foro no está abierto para recibir comentarios."))
    if not (text or "").strip():
        errors["text"] = [_("Escriba su comentario.")]
    if email and not consent_given:
        errors["consent"] = [
            _("Para dejar su correo debe autorizar el tratamiento de sus datos; o déjelo vacío.")
        ]
    if parent is not None and (
        parent.forum_id != forum.pk or parent.status != ModerationStatus.PUBLISHED
    ):
        errors["parent"] = [_("Solo puede responder a comentarios publicados de este foro.")]
    if errors:
        raise ValidationError(errors)
    consent = None
    if email:
        consent = consent_record(
            entity=forum.entity,
            purpose=FORUM_PURPOSE,
            text=consent_text(forum_purpose_text()),
            channel=ConsentChannel.WEB,
            request=request,
            subject_name=pseudonym,
            subject_email=email,
        )
    comment = ForumComment(
        entity_id=forum.entity_id,
        forum=forum,
        parent=parent,
        pseudonym=(pseudonym or "").strip(),
        email=email,
        consent=consent,
        text=text.strip(),
    )
    comment.full_clean(exclude=["forum", "entity", "consent", "parent"])
    comment.save()
    return comment


@transaction.atomic
def comment_moderate(
    *, comment: ForumComment, status: str, reason: str = "", moderator: Any = None
) -> ForumComment:
    if status not in (ModerationStatus.PUBLISHED, ModerationStatus.REJECTED):
        raise ValidationError({"status": [_("Elija publicar o retirar el comentario.")]})
    comment.status = status
    comment.rejection_reason = (reason or "").strip() if status == ModerationStatus.REJECTED else ""
    comment.moderated_by = moderator
    comment.moderated_at = timezone.now()
    comment.full_clean(exclude=["forum", "entity", "consent", "parent", "moderated_by"])
    comment.save()
    return comment


@transaction.atomic
def comment_to_contribution(
    *, comment: ForumComment, event: Event | None, kind: str = ContributionKind.PROPOSAL
) -> Contribution:
    """Turn a published comment into a contribution of an event of the forum's activity, so it
    enters the viability analysis like any other."""
    comment = ForumComment.objects.select_for_update().select_related("forum").get(pk=comment.pk)
    errors: dict[str, list[str]] = {}
    if comment.contribution_id:
        raise ValidationError(_("Este comentario ya se convirtió en aporte."))
    if comment.status != ModerationStatus.PUBLISHED:
        errors["__all__"] = [_("Solo los comentarios publicados pueden convertirse en aportes.")]
    if event is None:
        errors["event"] = [
            _(
                "Un aporte se registra en un evento de la actividad: cree primero un evento "
                "(por ejemplo, la sesión virtual del foro) y elíjalo aquí."
            )
        ]
    elif event.activity_id != comment.forum.activity_id or event.entity_id != comment.entity_id:
        errors["event"] = [_("El evento no es de la actividad del foro.")]
    if kind not in ContributionKind.values:
        errors["kind"] = [_("Elija un tipo de aporte de la lista.")]
    if errors:
        raise ValidationError(errors)
    contribution = Contribution(
        entity_id=comment.entity_id,
        event=event,
        kind=kind,
        text=comment.text,
        author_name=comment.pseudonym,
    )
    contribution.full_clean()
    contribution.save()
    comment.contribution = contribution
    comment.save(update_fields=["contribution"])
    return contribution


# Participatory diagnosis ----------------------------------------------------------------------


@transaction.atomic
def diagnosis_save(
    *,
    entity: Entity,
    year: int,
    title: str,
    methodology: str = "",
    is_published: bool = False,
    diagnosis: Diagnosis | None = None,
) -> Diagnosis:
    if diagnosis is None:
        diagnosis = Diagnosis(entity=entity)
    diagnosis.year = year
    diagnosis.title = (title or "").strip()
    diagnosis.methodology = methodology or ""
    diagnosis.is_published = is_published
    try:
        diagnosis.full_clean()
    except ValidationError as exc:
        if "__all__" in getattr(exc, "message_dict", {}):
            raise ValidationError(
                {"year": [_("Ya existe un diagnóstico participativo para ese año.")]}
            ) from exc
        raise
    diagnosis.save()
    return diagnosis


def _check_links(entity_id: int, actions: list[Any], activities: list[Any]) -> None:
    errors: dict[str, list[str]] = {}
    if any(a.entity_id != entity_id for a in actions):
        errors["improvement_actions"] = [_("La acción de mejora no pertenece a la entidad.")]
    if any(a.entity_id != entity_id for a in activities):
        errors["plan_activities"] = [_("La actividad no pertenece a la entidad.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def obstacle_save(
    *,
    diagnosis: Diagnosis,
    phase: str,
    theme: str,
    text: str,
    improvement_actions: list[Any] | None = None,
    plan_activities: list[Any] | None = None,
    obstacle: Obstacle | None = None,
) -> Obstacle:
    actions = list(improvement_actions or [])
    activities = list(plan_activities or [])
    _check_links(diagnosis.entity_id, actions, activities)
    if obstacle is None:
        last = diagnosis.obstacles.aggregate(m=Max("order"))["m"] or 0
        obstacle = Obstacle(entity_id=diagnosis.entity_id, diagnosis=diagnosis, order=last + 1)
    obstacle.phase = phase
    obstacle.theme = (theme or "").strip()
    obstacle.text = (text or "").strip()
    obstacle.full_clean()
    obstacle.save()
    obstacle.improvement_actions.set(actions)
    obstacle.plan_activities.set(activities)
    return obstacle


@transaction.atomic
def scenario_save(
    *,
    diagnosis: Diagnosis,
    phase: str,
    theme: str,
    text: str,
    obstacles: list[Obstacle] | None = None,
    scenario: DesiredScenario | None = None,
) -> DesiredScenario:
    linked = list(obstacles or [])
    if any(o.diagnosis_id != diagnosis.pk for o in linked):
        raise ValidationError({"obstacles": [_("El obstáculo es de otro diagnóstico.")]})
    if scenario is None:
        last = diagnosis.scenarios.aggregate(m=Max("order"))["m"] or 0
        scenario = DesiredScenario(
            entity_id=diagnosis.entity_id, diagnosis=diagnosis, order=last + 1
        )
    scenario.phase = phase
    scenario.theme = (theme or "").strip()
    scenario.text = (text or "").strip()
    scenario.full_clean()
    scenario.save()
    scenario.obstacles.set(linked)
    return scenario


# Characterization -----------------------------------------------------------------------------


@transaction.atomic
def characterization_record(
    *,
    entity: Entity,
    consent_given: bool,
    petition: Any = None,
    registration: Any = None,
    age_range: str = "",
    occupation: str = "",
    education_level: str = "",
    territory: Any = None,
    channel: str = ConsentChannel.WEB,
    request: HttpRequest | None = None,
) -> Characterization | None:
    """Store the optional characterization of a requester. Nothing is stored without its own
    consent or when every answer is empty."""
    answers = (age_range, occupation, education_level, territory)
    if not consent_given or all(a in ("", None) for a in answers):
        return None
    errors = _same_entity(entity, territory=territory, petition=petition, registration=registration)
    if (petition is None) == (registration is None):
        errors["__all__"] = [_("La caracterización corresponde a un solo servicio.")]
    if errors:
        raise ValidationError(errors)
    consent = consent_record(
        entity=entity,
        purpose=CHARACTERIZATION_PURPOSE,
        text=consent_text(characterization_purpose_text()),
        channel=channel,
        request=request,
    )
    characterization = Characterization(
        entity=entity,
        petition=petition,
        registration=registration,
        age_range=age_range,
        occupation=occupation,
        education_level=education_level,
        territory=territory,
        consent=consent,
    )
    characterization.full_clean()
    characterization.save()
    return characterization
