from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.core.public_cache import is_cache_callback
from cabildo.plans import services
from cabildo.plans.models import (
    Consultation,
    CyclePhase,
    Observation,
    ParticipationPlan,
    PlannedActivity,
    PlanStatus,
    PlanTransition,
    Viability,
)
from cabildo.privacy.models import Consent
from tests.factories import AreaFactory
from tests.plans.factories import (
    ActivityFactory,
    BodyFactory,
    ObservationFactory,
    PlanVersionFactory,
    StakeholderGroupFactory,
)

pytestmark = pytest.mark.django_db

ACT = "Comité Institucional de Gestión y Desempeño, acta N.º 3"

TODAY = datetime.date.today
# The plan's year: next year's plan, so a consultation opened today (from the year before the
# plan to its end, core.dates) fits its window on any day of the year.
YEAR = TODAY().year + 1


def activity_data(area, **overrides):
    data = {
        "area": area,
        "name": "Foro de presupuesto participativo",
        "phase": CyclePhase.FORMULATION,
        "procedure": "planeacion",
        "incidence_level": "consultar",
        "body": None,
        "other_space": "Auditorio municipal",
        "channels": ["presencial"],
        "mechanism": "foro",
        "budget": Decimal("1500000"),
        "start_date": datetime.date(YEAR, 3, 1),
        "end_date": datetime.date(YEAR, 3, 31),
        "responsible": "Líder de participación",
        "stakeholder_groups": [],
    }
    data.update(overrides)
    return data


@pytest.fixture
def lead(make_member, entity):
    return make_member(Role.PARTICIPATION_LEAD, entity)


@pytest.fixture
def draft(entity, lead):
    plan = services.plan_create(entity=entity, year=YEAR, title=f"Plan {YEAR}", user=lead)
    return services.latest_version(plan)


def published(version, lead, **kwargs):
    return services.plan_publish_for_consultation(version=version, user=lead, **kwargs)


class TestPlanAndVersions:
    def test_create_plan_makes_draft_version_and_transition(self, draft):
        assert draft.number == 1 and draft.status == PlanStatus.DRAFT
        assert PlanTransition.objects.filter(version=draft, to_status=PlanStatus.DRAFT).count() == 1

    def test_one_plan_per_entity_and_year(self, entity, draft, other_entity):
        with pytest.raises(ValidationError, match="Ya existe un plan"):
            services.plan_create(entity=entity, year=YEAR, title="Otro")
        services.plan_create(entity=other_entity, year=YEAR, title="Otro")
        assert ParticipationPlan.objects.count() == 2

    def test_new_version_copies_activities_and_groups(self, entity, draft, area, lead):
        group = StakeholderGroupFactory(entity=entity)
        activity = services.activity_save(
            version=draft, data=activity_data(area, stakeholder_groups=[group])
        )
        draft.status = PlanStatus.ADJUSTED
        draft.save()
        new = services.plan_version_create(plan=draft.plan, user=lead)
        assert new.number == 2 and new.based_on == draft and new.status == PlanStatus.DRAFT
        copy = new.activities.get()
        assert copy.copied_from == activity and copy.name == activity.name
        assert list(copy.stakeholder_groups.all()) == [group]
        assert draft.activities.count() == 1

    def test_new_version_refused_while_draft(self, draft):
        with pytest.raises(ValidationError, match="crear una nueva versión"):
            services.plan_version_create(plan=draft.plan)


class TestActivities:
    def test_dates_reversed_refused(self, draft, area):
        with pytest.raises(ValidationError) as exc:
            services.activity_save(
                version=draft,
                data=activity_data(
                    area, start_date=datetime.date(YEAR, 5, 1), end_date=datetime.date(YEAR, 4, 1)
                ),
            )
        assert "end_date" in exc.value.message_dict
        assert PlannedActivity.objects.count() == 0

    def test_negative_budget_refused(self, draft, area):
        with pytest.raises(ValidationError):
            services.activity_save(version=draft, data=activity_data(area, budget=Decimal("-1")))
        assert PlannedActivity.objects.count() == 0

    def test_several_channels_kept_in_order_and_checked(self, draft, area):
        activity = services.activity_save(
            version=draft, data=activity_data(area, channels=["virtual", "presencial", "virtual"])
        )
        activity.refresh_from_db()
        assert activity.channels == ["presencial", "virtual"]
        assert activity.channels_display == "Presencial; Virtual"
        assert activity.channel_mode == "mixto"
        for bad in ([], ["fax"], "presencial"):
            with pytest.raises(ValidationError) as caught:
                services.activity_save(version=draft, data=activity_data(area, channels=bad))
            assert "channels" in caught.value.message_dict
        assert PlannedActivity.objects.count() == 1

    def test_exactly_one_space(self, entity, draft, area):
        body = BodyFactory(entity=entity)
        with pytest.raises(ValidationError, match="no ambos"):
            services.activity_save(version=draft, data=activity_data(area, body=body))
        with pytest.raises(ValidationError, match="describa el otro espacio"):
            services.activity_save(version=draft, data=activity_data(area, other_space="  "))
        activity = services.activity_save(
            version=draft, data=activity_data(area, body=body, other_space="")
        )
        assert activity.body == body

    def test_body_and_area_of_other_entity_refused(self, other_entity, draft, area):
        foreign_body = BodyFactory(entity=other_entity)
        with pytest.raises(ValidationError) as exc:
            services.activity_save(
                version=draft, data=activity_data(area, body=foreign_body, other_space="")
            )
        assert "body" in exc.value.message_dict
        foreign_area = AreaFactory(entity=other_entity)
        with pytest.raises(ValidationError) as exc:
            services.activity_save(version=draft, data=activity_data(foreign_area))
        assert "area" in exc.value.message_dict
        foreign_group = StakeholderGroupFactory(entity=other_entity)
        with pytest.raises(ValidationError):
            services.activity_save(
                version=draft, data=activity_data(area, stakeholder_groups=[foreign_group])
            )
        assert PlannedActivity.objects.count() == 0

    def test_murc_action_required_for_accountability(self, draft, area):
        with pytest.raises(ValidationError, match="MURC"):
            services.activity_save(version=draft, data=activity_data(area, is_accountability=True))
        activity = services.activity_save(
            version=draft, data=activity_data(area, is_accountability=True, murc_action="dialogo")
        )
        assert activity.get_murc_action_display() == "Diálogo"

    def test_not_editable_during_consultation(self, draft, area, lead):
        activity = services.activity_save(version=draft, data=activity_data(area))
        published(draft, lead)
        with pytest.raises(ValidationError, match="está en consulta"):
            services.activity_save(version=draft, activity=activity, data={"name": "Otro"})
        activity.refresh_from_db()
        assert activity.name == "Foro de presupuesto participativo"


class TestTransitions:
    def test_publish_refused_without_activities(self, draft, lead):
        with pytest.raises(ValidationError, match="sin actividades"):
            published(draft, lead)
        draft.refresh_from_db()
        assert draft.status == PlanStatus.DRAFT and not Consultation.objects.exists()

    def test_publish_refused_with_incomplete_activities(self, draft, area, lead):
        services.activity_save(
            version=draft, data=activity_data(area, responsible="", start_date=None)
        )
        with pytest.raises(ValidationError, match="no tienen fechas o responsable"):
            published(draft, lead)

    def test_publish_with_uncovered_groups_needs_confirmation(self, entity, draft, area, lead):
        StakeholderGroupFactory(entity=entity, name="Juntas de acción comunal")
        services.activity_save(version=draft, data=activity_data(area))
        with pytest.raises(ValidationError, match="Juntas de acción comunal"):
            published(draft, lead)
        assert not Consultation.objects.exists()
        consultation = published(draft, lead, confirm_uncovered=True)
        draft.refresh_from_db()
        assert draft.uncovered_confirmed_by == lead
        assert "sin cobertura" in draft.transitions.last().note
        assert consultation.pk

    def test_publish_opens_15_calendar_day_window(self, draft, area, lead):
        services.activity_save(version=draft, data=activity_data(area))
        start = TODAY() + datetime.timedelta(days=4)  # the year before the plan's: allowed
        consultation = published(draft, lead, start_date=start)
        # 15 calendar days, the Sundays count
        assert consultation.end_date == start + datetime.timedelta(days=14)
        draft.refresh_from_db()
        assert draft.status == PlanStatus.IN_CONSULTATION and draft.published_at
        transition = draft.transitions.last()
        assert (transition.from_status, transition.to_status, transition.user) == (
            PlanStatus.DRAFT,
            PlanStatus.IN_CONSULTATION,
            lead,
        )

    def test_publish_twice_refused(self, draft, area, lead):
        services.activity_save(version=draft, data=activity_data(area))
        published(draft, lead)
        with pytest.raises(ValidationError, match="En consulta"):
            published(draft, lead)

    def test_full_cycle_and_refusals(self, draft, area, lead):
        services.activity_save(version=draft, data=activity_data(area))
        with pytest.raises(ValidationError):
            services.plan_approve(version=draft, user=lead, approval_act=ACT)
        consultation = published(draft, lead)
        with pytest.raises(ValidationError, match="sigue abierta"):
            services.plan_adjust(version=draft, changelog="Cambios", user=lead)
        Consultation.objects.filter(pk=consultation.pk).update(
            start_date=TODAY() - datetime.timedelta(days=20),
            end_date=TODAY() - datetime.timedelta(days=5),
        )
        with pytest.raises(ValidationError) as exc:
            services.plan_adjust(version=draft, changelog="  ", user=lead)
        assert "changelog" in exc.value.message_dict
        with pytest.raises(ValidationError):
            services.plan_execution_start(version=draft, user=lead)
        services.plan_adjust(version=draft, changelog="Se agregó una mesa rural.", user=lead)
        with pytest.raises(ValidationError, match="futura"):
            services.plan_approve(
                version=draft,
                user=lead,
                approved_on=TODAY() + datetime.timedelta(days=1),
                approval_act=ACT,
            )
        with pytest.raises(ValidationError) as exc:
            services.plan_approve(version=draft, user=lead, approval_act="   ")
        assert "approval_act" in exc.value.message_dict
        services.plan_approve(version=draft, user=lead, approval_act=f"  {ACT} ")
        draft.refresh_from_db()
        assert draft.approved_by == lead and draft.approved_on == TODAY()
        assert draft.approval_act == ACT
        with pytest.raises(ValidationError):
            services.plan_close(version=draft, user=lead, reason="Fin")
        services.plan_execution_start(version=draft, user=lead)
        services.plan_close(version=draft, user=lead, reason="Se reemplaza por el plan de 2100")
        draft.refresh_from_db()
        assert draft.status == PlanStatus.CLOSED
        assert [t.to_status for t in draft.transitions.all()] == [
            "borrador",
            "en_consulta",
            "ajustado",
            "aprobado",
            "en_ejecucion",
            "cerrado",
        ]
        assert draft.history.count() >= 6

    def test_start_execution_closes_previous_version_in_execution(self, draft, area, lead):
        services.activity_save(version=draft, data=activity_data(area))
        draft.status = PlanStatus.IN_EXECUTION
        draft.save()
        second = services.plan_version_create(plan=draft.plan, user=lead)
        second.status = PlanStatus.APPROVED
        second.save()
        services.plan_execution_start(version=second, user=lead)
        draft.refresh_from_db()
        assert draft.status == PlanStatus.CLOSED


@pytest.fixture
def open_consultation(entity, draft, area, lead):
    services.activity_save(version=draft, data=activity_data(area))
    return published(draft, lead)


class TestObservations:
    def test_submit_stores_consent_and_assigns_activity_area(self, open_consultation, area):
        activity = open_consultation.version.activities.get()
        observation = services.observation_submit(
            consultation=open_consultation,
            text="Hagan la mesa también en la zona rural.",
            consent_given=True,
            activity=activity,
            email="ciudadana@correo.test",
        )
        assert observation.area == area
        consent = observation.consent
        assert consent.purpose == "plan_observation" and "Ley 1581" in consent.text
        assert consent.policy_version and consent.given_at

    def test_without_consent_nothing_stored(self, open_consultation):
        with pytest.raises(ValidationError) as exc:
            services.observation_submit(
                consultation=open_consultation, text="Hola", consent_given=False
            )
        assert "consent" in exc.value.message_dict
        assert not Observation.objects.exists() and not Consent.objects.exists()

    @pytest.mark.parametrize("offset,message", [(-1, "aún no recibe"), (15, "ya no recibe")])
    def test_outside_window_refused(self, open_consultation, offset, message):
        day = open_consultation.start_date + datetime.timedelta(days=offset)
        with pytest.raises(ValidationError, match=message):
            services.observation_submit(
                consultation=open_consultation, text="Tarde", consent_given=True, today=day
            )
        assert not Observation.objects.exists() and not Consent.objects.exists()

    def test_last_day_of_window_accepted(self, open_consultation):
        services.observation_submit(
            consultation=open_consultation,
            text="Último día",
            consent_given=True,
            today=open_consultation.end_date,
        )
        assert Observation.objects.count() == 1

    def test_group_of_other_entity_refused(self, open_consultation, other_entity):
        with pytest.raises(ValidationError):
            services.observation_submit(
                consultation=open_consultation,
                text="Hola",
                consent_given=True,
                stakeholder_group=StakeholderGroupFactory(entity=other_entity),
            )
        assert not Observation.objects.exists()

    def test_moderation_requires_reason_and_leaves_trace(self, entity, lead):
        observation = ObservationFactory(entity=entity)
        with pytest.raises(ValidationError):
            services.observation_hide(observation=observation, reason=" ", user=lead)
        services.observation_hide(observation=observation, reason="Lenguaje ofensivo", user=lead)
        observation.refresh_from_db()
        assert observation.is_hidden and observation.hidden_reason == "Lenguaje ofensivo"
        assert observation.status_label == "Oculta por moderación"
        with pytest.raises(ValidationError, match="ya está oculta"):
            services.observation_hide(observation=observation, reason="Otra", user=lead)
        with pytest.raises(ValidationError, match="oculta"):
            services.observation_analyse(
                observation=observation,
                viability=Viability.VIABLE,
                justification="Justificación larga",
            )


class TestAnalysisAndAnswer:
    def test_analysis_rules(self, entity, open_consultation, lead, other_entity):
        observation = services.observation_submit(
            consultation=open_consultation, text="Incluyan a los jóvenes", consent_given=True
        )
        with pytest.raises(ValidationError, match="Asigne primero"):
            services.observation_analyse(
                observation=observation,
                viability=Viability.VIABLE,
                justification="Se incluye a jóvenes.",
            )
        services.observation_assign(
            observation=observation, area=AreaFactory(entity=entity), user=lead
        )
        with pytest.raises(ValidationError):
            services.observation_assign(
                observation=observation, area=AreaFactory(entity=other_entity)
            )
        with pytest.raises(ValidationError) as exc:
            services.observation_analyse(
                observation=observation, viability=Viability.VIABLE, justification="corto"
            )
        assert "justification" in exc.value.message_dict
        activity = open_consultation.version.activities.get()
        with pytest.raises(ValidationError, match="no viable"):
            services.observation_analyse(
                observation=observation,
                viability=Viability.NOT_VIABLE,
                justification="No es competencia de la entidad.",
                changed_activity=activity,
            )
        foreign = ActivityFactory(entity=other_entity)
        with pytest.raises(ValidationError):
            services.observation_analyse(
                observation=observation,
                viability=Viability.VIABLE,
                justification="Se incluye a jóvenes.",
                changed_activity=foreign,
            )
        observation.refresh_from_db()
        assert observation.viability == ""
        services.observation_analyse(
            observation=observation,
            viability=Viability.VIABLE,
            justification="Se incluye a jóvenes en la mesa.",
            changed_activity=activity,
            user=lead,
        )
        observation.refresh_from_db()
        assert observation.is_analysed and observation.analysed_by == lead

    def test_adjust_requires_all_analysed_and_notifies_once_on_commit(
        self, entity, open_consultation, lead, django_capture_on_commit_callbacks
    ):
        with_email = services.observation_submit(
            consultation=open_consultation,
            text="Con correo",
            consent_given=True,
            email="a@correo.test",
        )
        services.observation_submit(
            consultation=open_consultation, text="Sin correo", consent_given=True
        )
        abusive = services.observation_submit(
            consultation=open_consultation, text="Insulto", consent_given=True
        )
        services.observation_hide(observation=abusive, reason="Insultos", user=lead)
        Consultation.objects.filter(pk=open_consultation.pk).update(
            start_date=TODAY() - datetime.timedelta(days=20),
            end_date=TODAY() - datetime.timedelta(days=1),
        )
        version = open_consultation.version
        with pytest.raises(ValidationError, match="Faltan 2 observación"):
            services.plan_adjust(version=version, changelog="Cambios", user=lead)
        area = AreaFactory(entity=entity)
        for observation in Observation.objects.visible():
            services.observation_assign(observation=observation, area=area)
            services.observation_analyse(
                observation=observation,
                viability=Viability.PARTIAL,
                justification="Se acoge en parte.",
            )
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.plan_adjust(version=version, changelog="Se amplió la convocatoria.", user=lead)
        assert len([c for c in callbacks if not is_cache_callback(c)]) == 1
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["a@correo.test"]
        assert "Se acoge en parte." in mail.outbox[0].body
        with_email.refresh_from_db()
        assert with_email.answered_at and with_email.notified_at
        with pytest.raises(ValidationError, match="ya fue respondida"):
            services.observation_analyse(
                observation=with_email,
                viability=Viability.VIABLE,
                justification="Cambio de opinión.",
            )
        assert services.observation_answers_notify(observation_ids=[]) == 0

    def test_notification_not_sent_when_transaction_rolls_back(
        self, entity, open_consultation, lead
    ):
        from django.db import transaction

        services.observation_submit(
            consultation=open_consultation,
            text="Con correo",
            consent_given=True,
            email="a@correo.test",
        )
        Consultation.objects.filter(pk=open_consultation.pk).update(
            start_date=TODAY() - datetime.timedelta(days=20),
            end_date=TODAY() - datetime.timedelta(days=1),
        )
        observation = Observation.objects.get()
        services.observation_assign(observation=observation, area=AreaFactory(entity=entity))
        services.observation_analyse(
            observation=observation, viability=Viability.VIABLE, justification="Se acoge todo."
        )
        with pytest.raises(RuntimeError), transaction.atomic():
            services.plan_adjust(version=open_consultation.version, changelog="Cambios", user=lead)
            raise RuntimeError
        assert mail.outbox == []
        observation.refresh_from_db()
        assert observation.notified_at is None

    def test_editable_after_window_closes(self, open_consultation, lead):
        version = open_consultation.version
        assert not services.is_editable(version)
        assert services.is_editable(
            version, today=open_consultation.end_date + datetime.timedelta(days=1)
        )
        version.status = PlanStatus.APPROVED
        assert not services.is_editable(
            version, today=timezone.localdate() + datetime.timedelta(days=100)
        )


class TestLifecycleGaps:
    """Issue 18: the new version, the approval act, the early closure and «evaluado»."""

    def test_can_create_version_only_from_the_latest_adjusted_or_later(self, entity):
        version = PlanVersionFactory(entity=entity, status=PlanStatus.DRAFT)
        assert not services.can_create_version(version)
        for status in (PlanStatus.ADJUSTED, PlanStatus.APPROVED, PlanStatus.IN_EXECUTION):
            version.status = status
            version.save()
            assert services.can_create_version(version)
        for status in (PlanStatus.IN_CONSULTATION, PlanStatus.CLOSED, PlanStatus.EVALUATED):
            version.status = status
            version.save()
            assert not services.can_create_version(version)
        version.status = PlanStatus.IN_EXECUTION
        version.save()
        second = services.plan_version_create(plan=version.plan)
        assert not services.can_create_version(version)  # no longer the latest
        assert not services.can_create_version(second)  # a draft

    def test_early_closure_needs_a_reason_and_records_it(self, entity, lead):
        year = TODAY().year
        version = PlanVersionFactory(entity=entity, status=PlanStatus.IN_EXECUTION, plan__year=year)
        mid_year = datetime.date(year, 6, 30)
        for reason in ("", "   "):
            with pytest.raises(ValidationError) as exc:
                services.plan_close(version=version, user=lead, reason=reason, today=mid_year)
            assert f"31/12/{year}" in exc.value.message_dict["reason"][0]
        version.refresh_from_db()
        assert version.status == PlanStatus.IN_EXECUTION and version.closed_on is None
        services.plan_close(
            version=version,
            user=lead,
            reason="La entidad se fusionó con la Secretaría de Gobierno",
            today=mid_year,
        )
        version.refresh_from_db()
        assert version.status == PlanStatus.CLOSED
        assert version.closed_on == mid_year
        assert version.closure_reason == "La entidad se fusionó con la Secretaría de Gobierno"
        assert version.transitions.last().note == version.closure_reason

    def test_closure_after_the_vigencia_needs_no_reason(self, entity, lead):
        version = PlanVersionFactory(entity=entity, status=PlanStatus.IN_EXECUTION, plan__year=2025)
        services.plan_close(
            version=version, user=lead, reason="ignorado", today=datetime.date(2026, 1, 5)
        )
        version.refresh_from_db()
        assert version.status == PlanStatus.CLOSED and version.closure_reason == ""
        assert version.closed_on == datetime.date(2026, 1, 5)

    def test_published_evaluation_makes_the_closed_version_evaluated(self, entity, lead):
        from cabildo.evaluation import services as evaluation_services

        version = PlanVersionFactory(entity=entity, status=PlanStatus.IN_EXECUTION, plan__year=2025)
        ActivityFactory(entity=entity, version=version)
        evaluation_services.evaluation_save(
            entity=entity, year=2025, conclusions="Cumplido.", publish=True, user=lead
        )
        version.refresh_from_db()
        assert version.status == PlanStatus.IN_EXECUTION  # still running: not evaluated yet
        services.plan_close(version=version, user=lead, today=datetime.date(2026, 1, 10))
        version.refresh_from_db()
        assert version.status == PlanStatus.EVALUATED
        assert [t.to_status for t in version.transitions.all()][-2:] == [
            PlanStatus.CLOSED,
            PlanStatus.EVALUATED,
        ]
        evaluation_services.evaluation_save(
            entity=entity, year=2025, conclusions="Cumplido.", publish=False, user=lead
        )
        version.refresh_from_db()
        assert version.status == PlanStatus.CLOSED
        evaluation_services.evaluation_save(
            entity=entity, year=2025, conclusions="Cumplido.", publish=True, user=lead
        )
        version.refresh_from_db()
        assert version.status == PlanStatus.EVALUATED
