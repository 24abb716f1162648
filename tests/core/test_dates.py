"""The one rule for plausible dates: the pure functions, and each refused date and order on
the participation bodies (acts, conformation, member terms, sessions). Bad dates get a Spanish
message naming the field, and nothing is stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cabildo.bodies import services
from cabildo.bodies.models import BodyMember, BodySession, ParticipationBody
from cabildo.core import dates
from tests.bodies.factories import ParticipationBodyFactory
from tests.bodies.test_services import _body_kwargs as _body

TODAY = datetime.date(2026, 12, 6)


def test_year_in_range_names_the_field():
    assert dates.year_in_range(datetime.date(1991, 1, 1), label="Fecha", minimum=1991) is None
    message = dates.year_in_range(datetime.date(1900, 1, 1), label="Fecha del acto", minimum=1991)
    assert message.startswith("Fecha del acto: el año 1900 no es posible")
    assert "1991 o posterior" in message
    message = dates.year_in_range(datetime.date(2999, 1, 1), label="Fecha", maximum=2031)
    assert "2031 o anterior" in message
    assert dates.year_in_range(None, label="Fecha") is None


def test_not_in_future_and_order():
    assert dates.not_in_future(TODAY, label="Fecha", today=TODAY) is None
    message = dates.not_in_future(TODAY + datetime.timedelta(days=1), label="Fecha", today=TODAY)
    assert message == "Fecha no puede ser posterior a hoy (06/12/2026)."
    day = datetime.date(2020, 5, 1)
    assert dates.in_order(day, day, earlier_label="A", later_label="B") is None
    assert "posterior" in dates.in_order(day, day, earlier_label="A", later_label="B", strict=True)
    message = dates.in_order(
        day, datetime.date(2020, 4, 1), earlier_label="Inicio", later_label="fin"
    )
    assert message == "Fin no puede ser anterior a inicio (01/05/2020)."
    assert dates.in_order(None, day, earlier_label="A", later_label="B") is None


def test_within_a_span_and_datetimes():
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    moment = timezone.make_aware(datetime.datetime(2026, 1, 2, 9))
    message = dates.within(moment, start, end, label="El inicio", what="la vigencia 2025")
    assert message == "El inicio debe estar dentro de la vigencia 2025 (01/01/2025 – 31/12/2025)."
    assert dates.within(datetime.date(2025, 6, 1), start, None, label="X", what="Y") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "field", "text"),
    [
        ({"legal_act_date": datetime.date(1990, 12, 31)}, "legal_act_date", "1991 o posterior"),
        ({"legal_act_date": datetime.date(2999, 1, 1)}, "legal_act_date", "posterior a hoy"),
        ({"created_on": datetime.date(1800, 1, 1)}, "created_on", "1900 o posterior"),
        ({"created_on": datetime.date(2999, 1, 1)}, "created_on", "posterior a hoy"),
        # The body is formed (conformación) on or before the act that recognises it.
        ({"created_on": datetime.date(2019, 6, 1)}, "legal_act_date", "no puede ser anterior"),
    ],
)
def test_body_refuses_implausible_dates(entity, extra, field, text):
    with pytest.raises(ValidationError) as exc:
        services.body_create(entity=entity, **_body(**extra))
    assert any(text in m for m in exc.value.message_dict[field])
    assert not ParticipationBody.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "field", "text"),
    [
        (datetime.date(1900, 1, 1), datetime.date(2023, 1, 1), "term_start", "1991 o posterior"),
        (datetime.date(2024, 1, 1), datetime.date(2999, 1, 1), "term_end", "o anterior"),
        (datetime.date(2024, 1, 1), datetime.date(2024, 1, 1), "term_end", "posterior a su inicio"),
        (datetime.date(2024, 1, 1), datetime.date(2023, 1, 1), "term_end", "posterior a su inicio"),
    ],
)
def test_member_term_plausible_and_start_before_end(entity, start, end, field, text):
    body = ParticipationBodyFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            body=body,
            seat="Representante de las JAC",
            selection="elegido",
            name="Ana Pérez",
            term_start=start,
            term_end=end,
        )
    assert any(text in m for m in exc.value.message_dict[field])
    assert not BodyMember.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2999, 3, 1), "posterior a hoy"),
        (datetime.date(1985, 3, 1), "1991 o posterior"),
        # Before the act that created the body (2019-03-01 in the factory).
        (datetime.date(2019, 2, 1), "no puede ser anterior a fecha del acto"),
    ],
)
def test_session_held_not_in_future_nor_before_the_act(entity, day, text):
    body = ParticipationBodyFactory(entity=entity, legal_act_date=datetime.date(2019, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.session_create(body=body, date=day, place="Concejo", attendance_count=12)
    assert any(text in m for m in exc.value.message_dict["date"])
    assert not BodySession.objects.exists()
    services.session_create(body=body, date=datetime.date(2019, 3, 1), attendance_count=12)
    assert BodySession.objects.count() == 1


@pytest.mark.django_db
def test_effectiveness_check_not_before_the_action_was_done(entity, make_member):
    from datetime import timedelta

    from cabildo.accounts.models import Role
    from cabildo.assessment import services as assessment
    from cabildo.assessment.models import EffectivenessReview
    from tests.assessment.factories import scored_assessment

    reviewer = make_member(Role.INTERNAL_CONTROL, entity)
    action = assessment.plan_generate(assessment=scored_assessment(entity)).actions.first()
    done = timezone.localdate() - timedelta(days=10)
    assessment.action_track(action=action, user=None, status="cumplida", progress=100, today=done)
    kwargs = {"reviewer": reviewer, "result": "eficaz", "justification": "Se verificó."}
    with pytest.raises(ValidationError) as exc:
        assessment.effectiveness_review_record(
            action=action, reviewed_on=done - timedelta(days=1), **kwargs
        )
    assert "no puede ser anterior a cumplida el" in exc.value.message_dict["reviewed_on"][0]
    assert not EffectivenessReview.objects.exists()
    assessment.effectiveness_review_record(action=action, reviewed_on=done, **kwargs)
    assert EffectivenessReview.objects.count() == 1


@pytest.mark.django_db
def test_plan_approval_after_consultation_and_adjustment(entity):
    from datetime import timedelta

    from cabildo.plans import services as plans
    from cabildo.plans.models import PlanStatus
    from tests.plans.factories import ConsultationFactory, PlanVersionFactory

    today = timezone.localdate()
    version = PlanVersionFactory(entity=entity, status=PlanStatus.ADJUSTED, plan__year=today.year)
    ConsultationFactory(
        entity=entity,
        version=version,
        start_date=today - timedelta(days=30),
        end_date=today - timedelta(days=15),
    )
    version.adjusted_at = timezone.now() - timedelta(days=10)
    version.save()
    refused = {
        today - timedelta(days=20): "cierre de la consulta",  # during the consultation
        today - timedelta(days=12): "publicación de la versión ajustada",  # before adjusting
        datetime.date(today.year - 3, 1, 1): f"{today.year - 1} o posterior",  # implausible
    }
    for day, text in refused.items():
        with pytest.raises(ValidationError) as exc:
            plans.plan_approve(version=version, approved_on=day, approval_act="Acta N.º 3")
        assert text in " ".join(exc.value.message_dict["approved_on"])
        version.refresh_from_db()
        assert version.status == PlanStatus.ADJUSTED and version.approved_on is None
    plans.plan_approve(
        version=version, approved_on=today - timedelta(days=9), approval_act="Acta 3"
    )
    version.refresh_from_db()
    assert version.status == PlanStatus.APPROVED
