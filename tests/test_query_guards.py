"""Query-count guards: every list and dashboard page runs as many queries for 50 rows as for 5.

One line of ``GUARDS`` per page: the URL name, a function that creates ``n`` rows of what
the page lists for an entity, and who looks at it (a staff role, or ``None`` for an anonymous
visitor of the entity's portal). The test creates 5 rows, asks for the page, adds 45 rows,
asks again, and fails when the number of queries changed (an N+1) or when the page did not
grow (the rows are not shown, so the guard would prove nothing; dashboards, with
``grows=False``, must at least change). The number itself is pinned in ``PINNED_QUERIES``:
a query more on a list page, even a constant one, is a change someone decides on.

``test_every_list_page_is_guarded`` keeps the table complete: a staff or public URL without
kwargs must be in ``GUARDS`` or in ``NOT_A_LIST`` with the reason. A new list page is one more
line here.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone
from django.views import View

from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core.models import Area, Entity
from cabildo.plans.models import PlanStatus
from cabildo.workdays.models import ClosureDay
from tests.accountability.factories import (
    CouncilReportFactory,
    DialogueSpaceFactory,
    ImprovementActionFactory,
    MayorReportReviewFactory,
    QuestionFactory,
    StrategyFactory,
    VeeduriaMemberFactory,
    VeeduriaObservationFactory,
)
from tests.assessment.factories import ImprovementPlanFactory, SelfAssessmentFactory
from tests.bodies.factories import (
    BodyCharacterizationFactory,
    BodyMemberFactory,
    BodySessionFactory,
    ParticipationBodyFactory,
)
from tests.evaluation.factories import (
    AccountabilityStageFactory,
    EvaluationFactory,
    GoodPracticeFactory,
    IndicatorFactory,
    MeasurementFactory,
    ReportFileFactory,
)
from tests.execution.factories import (
    ActivityReportFactory,
    CommitmentFactory,
    ContributionFactory,
    ConvocationFactory,
    EventFactory,
)
from tests.exercises.factories import DiagnosisFactory, ForumFactory, SurveyFactory
from tests.factories import AreaFactory, EntityFactory, MembershipFactory, UserFactory
from tests.plans.factories import (
    ActivityFactory,
    ObservationFactory,
    PlanFactory,
    PlanVersionFactory,
)
from tests.policies.factories import (
    DraftCommentFactory,
    DraftFactory,
    PolicyFactory,
    PolicyStageFactory,
)
from tests.portal.factories import AttentionChannelFactory
from tests.pqrs.factories import PetitionFactory
from tests.stakeholders.factories import StakeholderGroupFactory, StakeholderTypeFactory
from tests.territories.factories import TerritoryFactory
from tests.test_url_crawl import PUBLIC_URLS, STAFF_LIST_URLS
from tests.workdays.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 5, 50


def batch(factory_class: Any, **extra: Any) -> Callable[[Entity, int], None]:
    """Rows made by a factory with only ``entity=`` (plus ``extra``)."""

    def make(entity: Entity, n: int) -> None:
        factory_class.create_batch(n, entity=entity, **extra)

    return make


def closure_days(entity: Entity, n: int) -> None:
    taken = ClosureDay.objects.filter(entity=entity).count()
    start = datetime.date(2031, 1, 6) + datetime.timedelta(days=7 * taken)
    for i in range(n):
        ClosureDayFactory(entity=entity, date=start + datetime.timedelta(days=7 * i))


def plans(entity: Entity, n: int) -> None:
    for _ in range(n):
        PlanVersionFactory(
            entity=entity, plan=PlanFactory(entity=entity), status=PlanStatus.APPROVED
        )


def bodies_with_members_and_sessions(entity: Entity, n: int) -> None:
    for body in ParticipationBodyFactory.create_batch(n, entity=entity):
        BodyMemberFactory(entity=entity, body=body)
        BodySessionFactory(entity=entity, body=body)


def characterizations(entity: Entity, n: int) -> None:
    """Bodies characterized in 2019 (with members and sessions), as the dashboards count them."""
    for body in ParticipationBodyFactory.create_batch(n, entity=entity):
        BodyMemberFactory(entity=entity, body=body)
        BodySessionFactory(entity=entity, body=body)
        BodyCharacterizationFactory(entity=entity, body=body, year=2019)


def access_logs(entity: Entity, n: int) -> None:
    """Logins and exports of different users (the page shows each row's user)."""
    for i in range(n):
        user = UserFactory()
        action = AccessAction.values[i % len(AccessAction.values)]
        access_record(action=action, entity=entity, user=user, target=user)


def memberships(entity: Entity, n: int) -> None:
    MembershipFactory.create_batch(n, entity=entity, role=Role.VIEWER)


def petitions_in_areas(entity: Entity, n: int) -> None:
    for _ in range(n):
        PetitionFactory(entity=entity, area=AreaFactory(entity=entity))


def channel_rows(entity: Entity, n: int) -> None:
    """n sub-channels, each with an imported yearly count."""
    from cabildo.pqrs.models import ImportedYearCount, SubChannel

    start = SubChannel.objects.filter(entity=entity).count()
    for i in range(start, start + n):
        sub = SubChannel.objects.create(entity=entity, channel="presencial", name=f"Punto {i}")
        ImportedYearCount.objects.create(
            entity=entity,
            year=2018,
            channel="presencial",
            label=f"Punto {i}",
            sub_channel=sub,
            count=10 + i,
            source="Informe",
        )


def mail_intakes(entity: Entity, n: int) -> None:
    """The entity's mailbox and n messages read from it, each filed as a petition."""
    from cabildo.pqrs.models import Mailbox, MailIntake

    mailbox, _ = Mailbox.objects.get_or_create(
        entity=entity,
        defaults={
            "address": "pqrs@e.test",
            "host": "imap.e.test",
            "username": "u",
            "password": "p",
        },
    )
    for _i in range(n):
        petition = PetitionFactory(entity=entity)
        MailIntake.objects.create(
            entity=entity,
            mailbox=mailbox,
            message_id=f"<{petition.pk}@e.test>",
            outcome="radicado",
            petition=petition,
        )


def imported_year_counts(entity: Entity, n: int) -> None:
    """Yearly figures from before the system (seed 004's kind), with their sub-channels."""
    from cabildo.pqrs.models import Channel, ImportedYearCount, SubChannel

    taken = ImportedYearCount.objects.filter(entity=entity).count()
    for i in range(taken, taken + n):
        sub = SubChannel.objects.create(
            entity=entity, channel=Channel.IN_PERSON, name=f"C.A.L.I. {i}"
        )
        ImportedYearCount.objects.create(
            entity=entity,
            year=2017,
            channel=Channel.IN_PERSON,
            label=f"C.A.L.I. {i}",
            sub_channel=sub,
            count=100 + i,
            source="Informe 2018",
        )


def history_rows(entity: Entity, n: int) -> None:
    """Areas created and renamed: two history records each, shown by the activity page."""
    for area in AreaFactory.create_batch(n, entity=entity):
        area.name = f"{area.name} (renombrada)"
        area.save()


def published_measurements(entity: Entity, n: int) -> None:
    """Measurements of 2026, whose consolidated evaluation is published."""
    EvaluationFactory(entity=entity, year=2026, is_published=True)
    MeasurementFactory.create_batch(n, entity=entity, year=2026)


def entities(entity: Entity, n: int) -> None:
    EntityFactory.create_batch(n)


def published_activities(entity: Entity, n: int) -> None:
    version = PlanVersionFactory(
        entity=entity, plan=PlanFactory(entity=entity), status=PlanStatus.APPROVED
    )
    ActivityFactory.create_batch(n, entity=entity, version=version)


def _published_strategy(entity: Entity) -> Any:
    """This year's published strategy of rendición de cuentas (one per entity and year)."""
    from cabildo.accountability.models import Strategy

    return Strategy.objects.filter(entity=entity, year=timezone.localdate().year).first() or (
        StrategyFactory(entity=entity, is_published=True)
    )


def strategies(entity: Entity, n: int) -> None:
    """Strategies of n different years (one per entity and year)."""
    from cabildo.accountability.models import Strategy

    taken = Strategy.objects.filter(entity=entity).count()
    for i in range(n):
        StrategyFactory(entity=entity, year=1990 + taken + i)


def published_strategies(entity: Entity, n: int) -> None:
    """Published strategies of n different years, each with a space (one per entity and year)."""
    from cabildo.accountability.models import Strategy

    taken = Strategy.objects.filter(entity=entity).count()
    for i in range(n):
        strategy = StrategyFactory(entity=entity, year=2000 + taken + i, is_published=True)
        DialogueSpaceFactory(entity=entity, strategy=strategy)


def dialogue_spaces(entity: Entity, n: int) -> None:
    """Spaces of this year's published strategy, each in its own area."""
    DialogueSpaceFactory.create_batch(n, entity=entity, strategy=_published_strategy(entity))


def accountability_questions(entity: Entity, n: int) -> None:
    """Questions in different spaces and areas, answered (the open dataset shows those)."""
    from cabildo.accountability.models import QuestionStatus

    strategy = _published_strategy(entity)
    for _ in range(n):
        space = DialogueSpaceFactory(entity=entity, strategy=strategy)
        QuestionFactory(
            entity=entity,
            space=space,
            area=space.area,
            status=QuestionStatus.ANSWERED,
            answer="Se pavimentaron 12 km.",
            answered_on=timezone.localdate(),
        )


def accountability_actions(entity: Entity, n: int) -> None:
    """Improvement actions of spaces and of veedurías' observations, in different areas."""
    strategy = _published_strategy(entity)
    for i in range(n):
        if i % 2:
            ImprovementActionFactory(
                entity=entity, space=DialogueSpaceFactory(entity=entity, strategy=strategy)
            )
        else:
            ImprovementActionFactory(
                entity=entity, space=None, observation=VeeduriaObservationFactory(entity=entity)
            )


def veeduria_observations(entity: Entity, n: int) -> None:
    """Answered observations of different veedurías on different contracts, each with an
    improvement action, plus a member of each veeduría (the registers show all of them)."""
    from cabildo.accountability.models import ObservationStatus

    for _ in range(n):
        observation = VeeduriaObservationFactory(
            entity=entity,
            status=ObservationStatus.ANSWERED,
            answer="La valla se instaló el lunes.",
            answered_on=timezone.localdate(),
        )
        VeeduriaMemberFactory(entity=entity, veeduria=observation.veeduria)
        ImprovementActionFactory(entity=entity, space=None, observation=observation)


def council_rows(entity: Entity, n: int) -> None:
    """The entity is a concejo: matters, debates, the president's reports and the reviews of
    the mayor's report, of different years."""
    from cabildo.accountability.models import (
        CouncilDebate,
        CouncilMatter,
        CouncilReport,
        MatterKind,
    )
    from cabildo.core.models import EntityKind

    if entity.kind != EntityKind.COUNCIL:
        Entity.objects.filter(pk=entity.pk).update(kind=EntityKind.COUNCIL)
        entity.kind = EntityKind.COUNCIL  # the test client's cached entity is this object
    taken = CouncilReport.objects.filter(entity=entity).count()
    today = timezone.localdate()
    for i in range(taken, taken + n):
        day = today.replace(year=1990 + i, month=3, day=1)  # in the year the report covers
        CouncilMatter.objects.create(
            entity=entity,
            kind=MatterKind.BILL if i % 2 else MatterKind.PROPOSITION,
            number=f"{i:03d}-{day.year}",
            title=f"Proyecto de acuerdo {i}",
            presented_on=day,
        )
        CouncilDebate.objects.create(entity=entity, held_on=day, subject=f"Debate {i}")
        CouncilReportFactory(entity=entity, year=1990 + i)
        MayorReportReviewFactory(entity=entity, year=1990 + i)


def policy_stages(entity: Entity, n: int) -> None:
    """Published policies, each in its own area, with a stage (the lists show one row each)."""
    for policy in PolicyFactory.create_batch(n, entity=entity):
        PolicyStageFactory(entity=entity, policy=policy)


def open_policy_drafts(entity: Entity, n: int) -> None:
    """Published policies, each with a draft open for comments today (the public index lists
    the policies and the drafts in consultation)."""
    for policy in PolicyFactory.create_batch(n, entity=entity):
        PolicyStageFactory(entity=entity, policy=policy)
        DraftFactory(entity=entity, policy=policy, number=1)


def answered_draft_comments(entity: Entity, n: int) -> None:
    """Answered comments on drafts of different published policies whose report is out."""
    from cabildo.policies.models import Answer

    for _ in range(n):
        draft = DraftFactory(entity=entity, number=1, report_published_at=timezone.now())
        DraftCommentFactory(
            entity=entity,
            draft=draft,
            answer=Answer.ACCEPTED,
            reason="Se incluyó en el artículo 3.",
        )


@dataclass(frozen=True)
class Guard:
    url: str  # URL name
    rows: Callable[[Entity, int], None]  # creates n rows of what the page lists
    role: str | None = Role.ENTITY_ADMIN  # None: an anonymous visitor of the entity's portal
    query: str = ""  # query string (filters)
    grows: bool = True  # False for dashboards: they show aggregates, which must change

    def __str__(self) -> str:
        return self.url + (f"?{self.query}" if self.query else "")


GUARDS: list[Guard] = [
    # core, accounts, workdays, audit
    Guard("core:area_list", batch(AreaFactory)),
    Guard("accounts:membership_list", memberships),
    Guard("workdays:closure_day_list", closure_days),
    Guard("audit:activity", history_rows),
    Guard("audit:access_log", access_logs),
    # territories, stakeholders, bodies
    Guard("territories:list", batch(TerritoryFactory)),
    Guard("stakeholders:list", batch(StakeholderGroupFactory)),
    Guard("stakeholders:type_list", batch(StakeholderTypeFactory)),
    Guard("bodies:list", bodies_with_members_and_sessions),
    Guard("bodies:overview", characterizations, query="anio=2019", grows=False),
    Guard("bodies:directory", bodies_with_members_and_sessions, role=None),
    Guard("bodies:public_overview", characterizations, role=None, query="anio=2019", grows=False),
    Guard("api:bodies:body_list", bodies_with_members_and_sessions, role=None),
    # assessment
    Guard("assessment:list", batch(SelfAssessmentFactory)),
    Guard("assessment:comparison", batch(SelfAssessmentFactory)),
    Guard("assessment:plan_list", batch(ImprovementPlanFactory)),
    Guard("api:assessment:assessment_ratings", batch(SelfAssessmentFactory)),
    # plans
    Guard("plans:plan_list", batch(PlanFactory)),
    Guard("plans:observation_list", batch(ObservationFactory)),
    Guard("plans:public_list", plans, role=None),
    # execution
    Guard("execution:event_list", batch(EventFactory)),
    Guard("execution:contribution_list", batch(ContributionFactory)),
    Guard("execution:commitment_list", batch(CommitmentFactory)),
    Guard("execution:public_list", batch(EventFactory), role=None),
    Guard("execution:convocation_list", batch(ConvocationFactory)),
    Guard("execution:report_list", batch(ActivityReportFactory)),
    Guard("execution:public_report_list", batch(ActivityReportFactory), role=None),
    Guard("api:execution:event_list", batch(EventFactory), role=None),
    Guard("api:execution:report_list", batch(ActivityReportFactory), role=None),
    Guard("api:execution:staff_event_list", batch(EventFactory)),
    Guard("api:execution:staff_contribution_list", batch(ContributionFactory)),
    Guard("api:execution:staff_commitment_list", batch(CommitmentFactory)),
    Guard("api:execution:staff_report_list", batch(ActivityReportFactory)),
    Guard("execution:calendar_ics", batch(EventFactory), role=None),
    # pqrs
    Guard("pqrs:staff_list", petitions_in_areas),
    Guard("pqrs:staff_list", petitions_in_areas, query="status=radicada&channel=web&semaphore="),
    Guard("pqrs:stats", petitions_in_areas, grows=False),
    Guard("pqrs:public_stats", petitions_in_areas, role=None, grows=False),
    Guard("pqrs:mailbox", mail_intakes),
    Guard("pqrs:channels", channel_rows),
    Guard("api:pqrs:pqrs_staff_list", petitions_in_areas),
    # exercises
    Guard("exercises:survey_list", batch(SurveyFactory)),
    Guard("exercises:forum_list", batch(ForumFactory)),
    Guard("exercises:diagnosis_list", batch(DiagnosisFactory)),
    Guard("exercises:public_surveys", batch(SurveyFactory), role=None),
    Guard("exercises:public_forums", batch(ForumFactory), role=None),
    Guard("exercises:public_diagnoses", batch(DiagnosisFactory), role=None),
    # evaluation
    Guard("evaluation:matrix", batch(IndicatorFactory)),
    Guard("evaluation:dashboard", batch(MeasurementFactory), grows=False),
    Guard("evaluation:practice_list", batch(GoodPracticeFactory)),
    Guard("evaluation:report_list", batch(ReportFileFactory)),
    Guard("accountability:year", batch(AccountabilityStageFactory)),
    Guard("evaluation:records", batch(AccountabilityStageFactory), grows=False),
    Guard("evaluation:public_results", published_measurements, role=None, grows=False),
    Guard("api:portal:indicadores-participacion", batch(MeasurementFactory), role=None),
    # shared API
    Guard("api:entity_list", entities, role=None),
    # portal: channels of attention and the open datasets' API
    Guard("portal:channel_list", batch(AttentionChannelFactory)),
    Guard("portal:channels", batch(AttentionChannelFactory), role=None),
    Guard("api:portal:actividades-plan-participacion", published_activities, role=None),
    Guard("api:portal:observaciones-plan-participacion", batch(ObservationFactory), role=None),
    Guard("api:portal:eventos-participacion", batch(EventFactory), role=None),
    Guard("api:portal:instancias-participacion", bodies_with_members_and_sessions, role=None),
    Guard("api:portal:estadisticas-pqrsd", petitions_in_areas, role=None, grows=False),
    Guard("api:portal:pqrsd-cifras-historicas", imported_year_counts, role=None),
    Guard("api:portal:grupos-de-valor", batch(StakeholderGroupFactory), role=None),
    # rendición de cuentas and control social
    Guard("accountability:strategy_list", strategies),
    Guard("accountability:question_list", accountability_questions),
    Guard("accountability:council_manage", council_rows),
    Guard("accountability:public_index", dialogue_spaces, role=None),
    Guard("oversight:manage", veeduria_observations),
    Guard("oversight:public_index", veeduria_observations, role=None),
    Guard("api:portal:preguntas-rendicion-de-cuentas", accountability_questions, role=None),
    Guard("api:portal:observaciones-veedurias", veeduria_observations, role=None),
    Guard("api:portal:acciones-de-mejora-rendicion", accountability_actions, role=None),
    Guard("api:accountability:strategy_list", published_strategies, role=None),
    Guard("api:accountability:space_list", dialogue_spaces, role=None),
    Guard("api:accountability:question_list", accountability_questions, role=None),
    Guard("api:accountability:staff_question_list", accountability_questions),
    Guard("api:pqrs:pqrs_sub_channels", channel_rows),
    # policies and draft regulations
    Guard("policies:policy_list", policy_stages),
    Guard("policies:public_index", open_policy_drafts, role=None),
    Guard("api:portal:etapas-politicas-publicas", policy_stages, role=None),
    Guard("api:portal:comentarios-proyectos-normativos", answered_draft_comments, role=None),
]

# URLs without kwargs that list nothing (forms, files, fixed pages): URL name → reason.
NOT_A_LIST: dict[str, str] = {
    "evaluation:accountability": "Redirect (301) to accountability:year, guarded above.",
    "accounts:index": "Section address: a redirect to the desk or the login, no rows.",
    "pqrs:index": "Section address: a redirect to the staff list or the public page, no rows.",
    "exercises:index": "Section address: a redirect to a staff or public page, no rows.",
    "evaluation:index": "Section address: a redirect to a staff or public page, no rows.",
    "core:home": "Portal home: at most five rows of each kind (guarded in tests/portal).",
    "core:sitemap": "The fixed list of public pages, no rows.",
    "portal:participa": "The six Participa sections from the app registry, no rows.",
    "portal:channel_create": "Form.",
    "core:entity_logo": "The entity's logo file: one image, no rows.",
    "core:challenge": "A new anti-robot challenge (JSON) for public forms: no rows.",
    "robots_txt": "robots.txt: fixed lines and the host's sitemap address, no query.",
    "favicon": "A permanent redirect to the static icon, no query.",
    "accountability:strategy_create": "Form.",
    "accountability:council_matter_create": "Form.",
    "accountability:council_debate_create": "Form.",
    "accountability:council_report_create": "Form.",
    "accountability:mayor_review_create": "Form.",
    "oversight:veeduria_create": "Form.",
    "oversight:item_create": "Form.",
    "policies:policy_create": "Form.",
    "opendata:index": "Dataset definitions from the registry (downloads guarded in tests/portal).",
    "api:portal:catalogue": "Dataset definitions from the registry, no rows.",
    "healthz": "Health check: one query (tests/core/test_healthz.py).",
    "core:area_create": "Form.",
    "core:entity_update": "Form.",
    "accounts:membership_create": "Form.",
    "accounts:login": "Form.",
    "accounts:logout": "Form.",
    "accounts:desk": "Per-user desk sections; each app's desk selector is tested by its app.",
    "accounts:password_reset": "Form.",
    "accounts:password_reset_done": "Fixed page.",
    "accounts:password_reset_complete": "Fixed page.",
    "workdays:closure_day_create": "Form.",
    "workdays:calculator": "Form (deadline calculator).",
    "territories:create": "Form.",
    "stakeholders:create": "Form.",
    "stakeholders:type_create": "Form.",
    "stakeholders:matrix_export": "XLSX download (one query per sheet, tested in its app).",
    "stakeholders:matrix_import": "Upload form.",
    "bodies:create": "Form.",
    "bodies:matrix_export": "XLSX download (tested in its app).",
    "bodies:matrix_import": "Upload form.",
    "plans:plan_create": "Form.",
    "execution:event_create": "Form.",
    "pqrs:staff_file": "Form.",
    "pqrs:receipt": "The PDF receipt of the petition just filed: one petition, no list.",
    "pqrs:track_complete": "The citizen's answer to a completion request: a form.",
    "pqrs:stats_csv": "CSV download of the statistics page's aggregates (guarded there).",
    "pqrs:stats_xlsx": "XLSX download of the statistics page's aggregates (guarded there).",
    "pqrs:settings": "Form.",
    "pqrs:file": "Form.",
    "pqrs:acknowledgement": "Fixed page (one petition).",
    "pqrs:track": "Form (one petition).",
    "pqrs:track_withdraw": "The citizen's desistimiento: a form (one petition).",
    "pqrs:verify": "Form: one letter looked up by its verification code.",
    "pqrs:public_stats_csv": "CSV of the public statistics' aggregates (guarded there).",
    "api:workdays:deadlines": "Computes one deadline.",
    "api:pqrs:pqrs_create": "POST endpoint.",
    "api:not_found": "JSON 404 for unknown API paths.",
    "javascript-catalog": "Translations, no rows.",
    "accounts:two_factor": "Form (second factor).",
    "accounts:two_factor_setup": "Form (second factor).",
    "accounts:two_factor_verify": "Form (second factor).",
    "execution:convocation_create": "Form.",
    "privacy:policy_create": "Form.",
    "privacy:policy": "The data-protection policy in force: one text.",
    "privacy:data_subjects": "Search form: shows one person's data, found by document.",
    "exercises:survey_create": "Form.",
    "exercises:forum_create": "Form.",
    "exercises:diagnosis_create": "Form.",
    "exercises:characterization_stats": (
        "Aggregates of the requester characterization answers; tested in tests/exercises."
    ),
    "evaluation:matrix_xlsx": "XLSX download of the matrix page (guarded there).",
    "evaluation:indicator_matrix_export": "XLSX/CSV download (round trip tested in its app).",
    "evaluation:indicator_matrix_import": "Upload form.",
    "evaluation:measurement_matrix_export": "XLSX/CSV download (round trip tested in its app).",
    "evaluation:measurement_matrix_import": "Upload form.",
    "evaluation:indicator_create": "Form.",
    "evaluation:compute": "POST action (computes the automatic indicators).",
    "evaluation:evaluation": "One yearly consolidated evaluation (one row per year).",
    "evaluation:evaluation_update": "Form.",
    "evaluation:practice_create": "Form.",
    "api:portal:resultados-encuestas": (
        "Aggregated answers of surveys (counts per option); the portal's dataset API is "
        "generic, guarded through api:portal:indicadores-participacion."
    ),
    "api:portal:evaluacion-plan-participacion": (
        "One yearly consolidated evaluation per row, a handful of years; the portal's dataset "
        "API is generic (guarded through api:portal:indicadores-participacion)."
    ),
}


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _client_for(guard: Guard, client: Any, entity: Entity, make_member: Any) -> Any:
    if guard.role is not None:
        client.force_login(make_member(guard.role, entity))
    client.entity = entity
    return client


def _measure(client: Any, url: str) -> tuple[int, int, HttpResponse]:
    cache.clear()  # pages that cache their aggregates must run them every time here
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response.status_code, response


def assert_constant_queries(guard: Guard, client: Any, entity: Entity) -> int:
    """The page's number of queries, the same for 5 and 50 rows."""
    url = reverse(guard.url) + (f"?{guard.query}" if guard.query else "")
    guard.rows(entity, FEW)
    client.get(url)  # warm up: session, content types, per-process caches
    few, status, small = _measure(client, url)
    assert status == 200, f"{guard}: GET {url} answered {status}"
    guard.rows(entity, MANY - FEW)
    many, status, large = _measure(client, url)
    assert status == 200, f"{guard}: GET {url} answered {status}"
    assert few == many, (
        f"{guard}: {few} queries with {FEW} rows but {many} with {MANY}: a query runs per row "
        "(use select_related/prefetch_related/annotate in the app's selector)"
    )
    if guard.grows:
        assert len(large.content) > len(small.content), (
            f"{guard}: the page did not grow from {FEW} to {MANY} rows, so the rows this guard "
            "creates are not the ones the page lists"
        )
    else:
        assert _stable(large.content) != _stable(small.content), (
            f"{guard}: the page did not change from {FEW} to {MANY} rows, so the rows this "
            "guard creates are not the ones the page counts"
        )
    return few


def _stable(content: bytes) -> bytes:
    """The page without what changes on every request (CSP nonces, CSRF tokens)."""
    content = re.sub(rb'nonce="[^"]*"', b"", content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


@pytest.mark.parametrize("guard", GUARDS, ids=str)
def test_list_page_runs_constant_queries(guard, client, entity, make_member):
    queries = assert_constant_queries(
        guard, _client_for(guard, client, entity, make_member), entity
    )
    if record := os.environ.get("CABILDO_RECORD_QUERIES"):  # to write PINNED_QUERIES
        with open(record, "a", encoding="utf-8") as out:
            out.write(json.dumps([str(guard), queries]) + "\n")
        return
    pinned = PINNED_QUERIES.get(str(guard))
    if isinstance(pinned, dict):  # the number differs by database
        pinned = pinned[connection.vendor]
    assert queries == pinned, (
        f"{guard}: {queries} queries, pinned at {pinned}. A query more "
        "or less on a list page is a change to decide on: when it is wanted, update "
        "PINNED_QUERIES (at the end of this file)."
    )


def test_every_guard_has_a_pinned_number():
    assert {str(g) for g in GUARDS} == set(PINNED_QUERIES)


def test_every_list_page_is_guarded():
    guarded = {guard.url for guard in GUARDS}
    unguarded = [
        url.name
        for url in [*STAFF_LIST_URLS, *PUBLIC_URLS]
        if url.name not in guarded and url.name not in NOT_A_LIST
    ]
    assert not unguarded, (
        f"URLs without a query-count guard: {unguarded}. Add a line to GUARDS in "
        "tests/test_query_guards.py (or to NOT_A_LIST with the reason when it lists nothing)."
    )


def test_tables_name_real_urls():
    names = {url.name for url in [*STAFF_LIST_URLS, *PUBLIC_URLS]}
    stale = [name for name in [*NOT_A_LIST, *(g.url for g in GUARDS)] if name not in names]
    assert not stale, f"stale entries in tests/test_query_guards.py: {stale}"
    assert all(reason.strip() for reason in NOT_A_LIST.values())
    assert not set(NOT_A_LIST) & {g.url for g in GUARDS}


# --- The guard catches an N+1: a deliberately naive list, served only in this test ------------


class _NaiveAreaList(View):
    """Lists the entity's areas and reads each one's entity with its own query."""

    def get(self, request: Any) -> HttpResponse:
        names = [f"{a.name} · {a.entity.name}" for a in Area.objects.filter(entity=request.entity)]
        return HttpResponse("\n".join(names))


class _FixedAreaList(View):
    def get(self, request: Any) -> HttpResponse:
        areas = Area.objects.filter(entity=request.entity).select_related("entity")
        return HttpResponse("\n".join(f"{a.name} · {a.entity.name}" for a in areas))


urlpatterns = [  # used only through @pytest.mark.urls below
    path("naive/", _NaiveAreaList.as_view(), name="naive_areas"),
    path("fixed/", _FixedAreaList.as_view(), name="fixed_areas"),
]


@pytest.mark.urls("tests.test_query_guards")
def test_guard_catches_a_query_per_row(client, entity, make_member):
    naive = Guard("naive_areas", batch(AreaFactory), role=None)
    with pytest.raises(AssertionError, match="a query runs per row"):
        assert_constant_queries(naive, _client_for(naive, client, entity, make_member), entity)


@pytest.mark.urls("tests.test_query_guards")
def test_guard_catches_rows_that_are_not_listed(client, entity, other_entity, make_member):
    def rows_elsewhere(_entity: Entity, n: int) -> None:
        AreaFactory.create_batch(n, entity=other_entity)

    wrong = Guard("fixed_areas", rows_elsewhere, role=None)
    with pytest.raises(AssertionError, match="did not grow"):
        assert_constant_queries(wrong, _client_for(wrong, client, entity, make_member), entity)
    fixed = Guard("fixed_areas", batch(AreaFactory), role=None)
    assert_constant_queries(fixed, _client_for(fixed, client, entity, make_member), entity)


# Queries per page, the same for 5 and 50 rows and on SQLite and PostgreSQL (the request's
# session, user, memberships and entity included). Written by running this file with
# CABILDO_RECORD_QUERIES=<file>.
PINNED_QUERIES: dict[str, int | dict[str, int]] = {
    "core:area_list": 6,
    "accounts:membership_list": 6,
    "workdays:closure_day_list": 5,
    "audit:activity": 91,
    "audit:access_log": 7,
    "territories:list": 5,
    "stakeholders:list": 9,
    "stakeholders:type_list": 5,
    "bodies:list": 9,
    "bodies:overview?anio=2019": 15,
    "bodies:directory": 5,
    "bodies:public_overview?anio=2019": 12,
    "api:bodies:body_list": 4,
    "assessment:list": 6,
    "assessment:comparison": 9,
    "assessment:plan_list": 5,
    "api:assessment:assessment_ratings": 11,
    "plans:plan_list": 6,
    "plans:observation_list": 6,
    "plans:public_list": 2,
    "execution:event_list": 5,
    "execution:contribution_list": 5,
    "execution:commitment_list": 5,
    "execution:public_list": 2,
    "execution:convocation_list": 5,
    "execution:report_list": 5,
    "execution:public_report_list": 2,
    "api:execution:event_list": 2,
    "api:execution:report_list": 2,
    "api:execution:staff_event_list": 5,
    "api:execution:staff_contribution_list": 5,
    "api:execution:staff_commitment_list": 5,
    "api:execution:staff_report_list": 5,
    "execution:calendar_ics": 2,
    "pqrs:staff_list": 10,
    "pqrs:staff_list?status=radicada&channel=web&semaphore=": 10,
    "pqrs:stats": 15,
    "pqrs:public_stats": 12,
    "pqrs:mailbox": 7,
    "pqrs:channels": 7,
    "api:pqrs:pqrs_staff_list": 8,
    "exercises:survey_list": 5,
    "exercises:forum_list": 5,
    "exercises:diagnosis_list": 5,
    "exercises:public_surveys": 3,
    "exercises:public_forums": 2,
    "exercises:public_diagnoses": 2,
    "evaluation:matrix": 9,
    "evaluation:dashboard": 18,
    "evaluation:practice_list": 5,
    "evaluation:report_list": 8,
    "accountability:year": 15,
    "evaluation:records": 13,
    "evaluation:public_results": 22,
    "api:portal:indicadores-participacion": 3,
    "api:entity_list": 3,
    "portal:channel_list": 5,
    "portal:channels": 2,
    "api:portal:actividades-plan-participacion": 4,
    "api:portal:observaciones-plan-participacion": 3,
    "api:portal:eventos-participacion": 3,
    "api:portal:instancias-participacion": 3,
    "api:portal:estadisticas-pqrsd": 3,
    "api:portal:pqrsd-cifras-historicas": 3,
    "api:portal:grupos-de-valor": 3,
    "accountability:strategy_list": 5,
    "accountability:question_list": 8,
    "accountability:council_manage": 10,
    "accountability:public_index": 15,
    "oversight:manage": 13,
    "oversight:public_index": 9,
    "api:portal:preguntas-rendicion-de-cuentas": 3,
    "api:portal:observaciones-veedurias": 3,
    "api:portal:acciones-de-mejora-rendicion": 3,
    "api:accountability:strategy_list": 3,
    "api:accountability:space_list": 3,
    "api:accountability:question_list": 3,
    "api:accountability:staff_question_list": 7,
    "api:pqrs:pqrs_sub_channels": 4,
    "policies:policy_list": 5,
    "policies:public_index": 3,
    "api:portal:etapas-politicas-publicas": 3,
    "api:portal:comentarios-proyectos-normativos": 3,
}
