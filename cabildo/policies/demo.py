"""Demo data of the policy cycle.

- Itagüí: the política pública de participación ciudadana of seed 000 — the 2019 diagnosis of
  the 27 instancias (linked to the bodies register), the design with foros and encuentros de
  prospectiva, the proyecto de acuerdo with its exposición de motivos, the approval by the
  Consejo Municipal de Participación Ciudadana and by the Concejo in 2021, and the plan
  operativo with the component "sinergias poblacionales, sectoriales e institucionales" whose
  line carries the Primer Encuentro de Instancias of 28 November 2022 (the execution demo's
  event and the plans demo's activity, linked) and its cronograma.
- Cali: a proyecto de decreto on the sistema municipal de participación in consultation today
  (15 business days), three articles, and comments in every state: pending, accepted, partly
  accepted, rejected and hidden by moderation.

Idempotent: policies are matched on (entity, title); stages are updated in place; the draft and
its comments, the plan operativo's rows are created once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cabildo.core.models import Area, Entity
from cabildo.policies import services
from cabildo.policies.models import (
    Answer,
    Draft,
    DraftStatus,
    PlanAction,
    PlanComponent,
    PlanLine,
    Policy,
    PolicyKind,
    StageKind,
)

D = datetime.date
ITAGUI_TITLE = "Política pública de participación ciudadana de Itagüí"
CALI_TITLE = (
    "Proyecto de decreto por el cual se reglamenta el Sistema Municipal de Participación "
    "Ciudadana de Santiago de Cali"
)

ITAGUI_STAGES: dict[str, dict[str, Any]] = {
    StageKind.DIAGNOSIS: {
        "started_on": D(2019, 2, 4),
        "finished_on": D(2019, 11, 29),
        "summary": (
            "Identificación y caracterización de las instancias existentes: conformación, "
            "normas, integrantes, funciones, alcance, resultados, dificultades y retos. Se "
            "identificaron 27 instancias formales: 19 % territoriales, 33 % poblacionales y "
            "48 % sectoriales. Dificultades: los cambios permanentes de los funcionarios que "
            "las acompañan, la complejidad de las convocatorias y la falta de recursos."
        ),
    },
    StageKind.DESIGN: {
        "started_on": D(2020, 2, 3),
        "finished_on": D(2020, 12, 11),
        "summary": (
            "Foros y encuentros de prospectiva sobre sistemas de participación: experiencias "
            "del Área Metropolitana del Valle de Aburrá, la Gobernación de Antioquia, el "
            "Sistema de Planeación y el Sistema Municipal de Cultura de Itagüí, y conferencias "
            "académicas sobre el concepto de sistema."
        ),
    },
    StageKind.DRAFT: {
        "started_on": D(2021, 2, 1),
        "finished_on": D(2021, 4, 30),
        "summary": "Proyecto de acuerdo y exposición de motivos de la política pública.",
    },
    StageKind.BODY_APPROVAL: {
        "started_on": D(2021, 5, 3),
        "finished_on": D(2021, 6, 30),
        "act_body": "Consejo Municipal de Participación Ciudadana",
        "summary": "Aprobación del proyecto por el Consejo de Participación Ciudadana.",
    },
    StageKind.COUNCIL_APPROVAL: {
        "started_on": D(2021, 8, 2),
        "finished_on": D(2021, 11, 30),
        "act_body": "Concejo Municipal de Itagüí",
        # Seed 000 says only "aprobada por el Concejo Municipal en el año 2021": no number and
        # no day. The act is named as the source names it; the day is the stage's last day and
        # the summary says it is not from the source.
        "act_number": "Acuerdo municipal de 2021",
        "act_date": D(2021, 11, 30),
        "summary": (
            "Política aprobada por el Concejo Municipal en el año 2021. El informe de la "
            "Secretaría de Participación no cita el número ni el día del acuerdo: la fecha "
            "registrada aquí es de demostración."
        ),
    },
    StageKind.ADOPTION: {
        "started_on": D(2021, 12, 1),
        "finished_on": D(2021, 12, 31),
        "summary": (
            "Posesión de los nuevos miembros del Consejo de Participación Ciudadana en "
            "diciembre de 2021; continuidad del diseño del sistema municipal."
        ),
    },
    StageKind.OPERATING_PLAN: {
        "started_on": D(2022, 1, 17),
        "finished_on": D(2022, 6, 30),
        "summary": (
            "Plan operativo con el componente de sinergias poblacionales, sectoriales e "
            "institucionales: el diseño del sistema municipal de participación ciudadana y "
            "otras actividades afines."
        ),
    },
    StageKind.MONITORING: {
        "started_on": D(2022, 10, 3),
        "summary": (
            "Último trimestre de 2022: actualización de las instancias caracterizadas en 2019; "
            "se han identificado 42 instancias de participación."
        ),
    },
}

# (action, start, due, done)
ENCUENTRO_ACTIONS = [
    ("Planeación del encuentro", D(2022, 10, 3), D(2022, 10, 31), D(2022, 10, 28)),
    ("Diseño de piezas de convocatoria", D(2022, 10, 18), D(2022, 11, 11), D(2022, 11, 10)),
    ("Convocatoria", D(2022, 11, 1), D(2022, 11, 25), D(2022, 11, 25)),
    ("Logística", D(2022, 11, 8), D(2022, 11, 27), D(2022, 11, 27)),
    ("Realización del encuentro", D(2022, 11, 28), D(2022, 11, 28), D(2022, 11, 28)),
    (
        "Documento de reflexiones y borrador del sistema municipal de participación",
        D(2022, 12, 1),
        D(2022, 12, 20),
        None,
    ),
]

CALI_ARTICLES = [
    "Objeto. El presente decreto reglamenta la organización y el funcionamiento del Sistema "
    "Municipal de Participación Ciudadana de Santiago de Cali.",
    "Integrantes. Integran el sistema las instancias de participación formales de las 22 "
    "comunas y los 15 corregimientos, y los consejos sectoriales y poblacionales del municipio.",
    "Vigencia. El presente decreto rige a partir de su publicación.",
]

# (article number or None, text, answer, reason, hidden reason)
CALI_COMMENTS = [
    (
        2,
        "Incluyan a las juntas de acción comunal y a las JAL como integrantes.",
        Answer.ACCEPTED,
        "Se incluyen las JAC y las JAL en el artículo 2 de la siguiente versión.",
        "",
    ),
    (
        2,
        "Los corregimientos deberían tener una mesa propia dentro del sistema.",
        Answer.PARTLY,
        "Se crea una mesa rural que reúne a los 15 corregimientos, no una por corregimiento.",
        "",
    ),
    (
        3,
        "El decreto debería regir seis meses después de publicado.",
        Answer.REJECTED,
        "El sistema ya funciona de hecho; aplazar su reglamentación deja sin reglas a las "
        "instancias.",
        "",
    ),
    (None, "¿Cómo se financiará el funcionamiento del sistema?", Answer.PENDING, "", ""),
    (
        1,
        "Texto ofensivo contra un funcionario.",
        Answer.PENDING,
        "",
        "Contiene insultos personales (política de uso del portal).",
    ),
]


def _area(entity: Entity, *names: str) -> Area:
    area = Area.objects.for_entity(entity).filter(name__in=names).order_by("pk").first()
    if area is None:
        area = Area.objects.for_entity(entity).exclude(kind="control").order_by("pk").first()
    if area is None:
        area = Area.objects.create(entity=entity, name=names[0], kind="misional")
    return area


def _policy(entity: Entity, title: str, kind: str, area: Area, summary: str) -> Policy:
    policy = Policy.objects.for_entity(entity).filter(title=title).first()
    if policy is None:
        policy = Policy(entity=entity, title=title, kind=kind, area=area, summary=summary)
        policy.is_published = True
        services.policy_save(policy=policy)
    return policy


@transaction.atomic
def seed_itagui(entity: Entity) -> None:
    from cabildo.bodies.models import ParticipationBody
    from cabildo.execution.models import Event
    from cabildo.plans.models import PlannedActivity
    from cabildo.stakeholders.models import StakeholderGroup

    area = _area(entity, "Secretaría de Participación e Inclusión Social")
    policy = _policy(
        entity,
        ITAGUI_TITLE,
        PolicyKind.POLICY,
        area,
        "Fortalecer las instancias de participación del municipio y diseñar el sistema "
        "municipal de participación ciudadana.",
    )
    bodies = list(ParticipationBody.objects.for_entity(entity).order_by("name"))
    council = [b for b in bodies if b.name == "Consejo Municipal de Participación Ciudadana"]
    groups = list(
        StakeholderGroup.objects.for_entity(entity)
        .filter(name__in=["Juntas de Acción Comunal", "Ciudadanía en general"])
        .order_by("name")
    )
    event = (
        Event.objects.for_entity(entity)
        .filter(title="Primer Encuentro de Instancias de Itagüí")
        .order_by("pk")
        .first()
    )
    links: dict[str, dict[str, Any]] = {
        StageKind.DIAGNOSIS: {"bodies": bodies, "stakeholder_groups": groups},
        StageKind.BODY_APPROVAL: {"bodies": council},
        StageKind.MONITORING: {"bodies": council, "events": [event] if event else []},
    }
    for stage in policy.stages.all():
        values = ITAGUI_STAGES.get(stage.kind)
        if values is None:
            continue
        for name, value in values.items():
            setattr(stage, name, value)
        stage.area = area
        services.stage_save(stage=stage, **links.get(stage.kind, {}))
    if policy.components.exists():
        return
    component = services.component_save(
        component=PlanComponent(
            entity=entity,
            policy=policy,
            order=1,
            name="Sinergias poblacionales, sectoriales e institucionales",
            objective="Diseñar el sistema municipal de participación ciudadana con las instancias.",
        )
    )
    line = services.line_save(
        line=PlanLine(
            entity=entity,
            component=component,
            order=1,
            name="Primer Encuentro de Instancias de Participación de Itagüí",
        )
    )
    activity = (
        PlannedActivity.objects.for_entity(entity)
        .filter(name="Primer Encuentro de Instancias de Participación de Itagüí")
        .order_by("pk")
        .first()
    )
    for description, start, due, done in ENCUENTRO_ACTIONS:
        is_event = description == "Realización del encuentro"
        services.action_save(
            action=PlanAction(
                entity=entity,
                line=line,
                description=description,
                goal="Un encuentro con las 42 instancias" if is_event else "",
                owner_area=area,
                owner_name="Consejo de Participación Ciudadana" if is_event else "",
                starts_on=start,
                due_date=due,
                done_on=done,
                activity=activity if is_event else None,
                event=event if is_event else None,
            )
        )
    update = services.line_save(
        line=PlanLine(
            entity=entity,
            component=component,
            order=2,
            name="Actualización de la caracterización de las instancias",
        )
    )
    services.action_save(
        action=PlanAction(
            entity=entity,
            line=update,
            description="Caracterizar las 42 instancias identificadas en 2022",
            goal="42 instancias caracterizadas",
            owner_area=area,
            starts_on=D(2022, 10, 3),
            due_date=D(2023, 3, 31),
        )
    )


@transaction.atomic
def seed_cali(entity: Entity) -> None:
    from cabildo.workdays.calendar import add_business_days, calendar_for

    area = _area(entity, "Secretaría de Desarrollo Territorial y Participación Ciudadana")
    policy = _policy(
        entity,
        CALI_TITLE,
        PolicyKind.DECREE,
        area,
        "Reglamentar el sistema que articula las instancias de participación de las comunas, "
        "los corregimientos y los sectores.",
    )
    today = timezone.localdate()
    start = today - datetime.timedelta(days=6)
    calendar = calendar_for(entity)
    while not calendar.is_business_day(start):
        start -= datetime.timedelta(days=1)
    done: dict[str, tuple[datetime.date, int]] = {
        StageKind.DIAGNOSIS: (today.replace(month=1, day=15) - datetime.timedelta(days=365), 120),
        StageKind.DESIGN: (today - datetime.timedelta(days=200), 90),
        StageKind.DRAFT: (today - datetime.timedelta(days=60), 50),
    }
    for stage in policy.stages.all():
        if stage.kind in done:
            begin, length = done[stage.kind]
            stage.started_on = begin
            stage.finished_on = min(begin + datetime.timedelta(days=length), today)
        elif stage.kind == StageKind.CONSULTATION:
            stage.started_on = start
        else:
            continue
        stage.area = area
        services.stage_save(stage=stage)
    if policy.drafts.exists():
        return
    draft = services.draft_create(
        policy=policy,
        title="Proyecto de decreto del Sistema Municipal de Participación Ciudadana",
        motives=(
            "La Ley 1757 de 2015 ordena a los municipios promover la articulación de las "
            "instancias de participación. Cali tiene más de cien instancias formales que no se "
            "coordinan entre sí; este decreto les da un sistema común, con reglas claras de "
            "convocatoria, deliberación y seguimiento."
        ),
        articles=CALI_ARTICLES,
    )
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=(today - start).days),
        consultation_start=start,
        consultation_end=add_business_days(start, 15, entity=entity),
        business_days=15,
    )
    draft.refresh_from_db()
    articles = {a.number: a for a in draft.articles.all()}
    for number, text, answer, reason, hidden in CALI_COMMENTS:
        comment = services.comment_submit(
            draft=draft,
            text=text,
            consent_given=True,
            article=articles.get(number) if number else None,
            today=today,
        )
        if answer != Answer.PENDING:
            services.comment_answer(comment=comment, answer=answer, reason=reason)
        if hidden:
            services.comment_hide(comment=comment, reason=hidden)


def seed(*, entities: dict[str, Entity]) -> None:
    if "itagui" in entities:
        seed_itagui(entities["itagui"])
    if "cali" in entities:
        seed_cali(entities["cali"])
