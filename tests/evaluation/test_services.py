"""Writes: indicators, measurements (manual, automatic, evidence), good practices, the
evaluation's publication, report generation and MURC stages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cabildo.evaluation import services, tasks
from cabildo.evaluation.models import (
    AccountabilityStage,
    AutomaticKey,
    Evaluation,
    GoodPractice,
    Indicator,
    IndicatorSource,
    Measurement,
    MurcStage,
    Periodicity,
    ReportAudience,
    ReportFile,
    ReportStatus,
)
from tests.evaluation import scenario
from tests.evaluation.factories import IndicatorFactory
from tests.plans.factories import ActivityFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def indicator_data(**overrides):
    data = {
        "management_activity": "Caracterizar los grupos de valor",
        "goal": "Caracterizar los grupos de valor",
        "unit": "Caracterización de los grupos de valor",
        "name": "Número de grupos de valor caracterizados / Total de grupos de valor existentes",
        "numerator_description": "Grupos de valor caracterizados",
        "denominator_description": "Total de grupos de valor existentes",
        "target": Decimal("90"),
        "periodicity": Periodicity.YEARLY,
        "responsible": "Todas las dependencias",
        "source": IndicatorSource.MANUAL,
        "automatic_key": "",
    }
    data.update(overrides)
    return data


def test_save_indicator(entity):
    indicator = services.indicator_save(entity=entity, data=indicator_data())
    assert indicator.entity == entity
    assert Indicator.objects.count() == 1


def test_automatic_indicator_needs_its_key(entity):
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(
            entity=entity, data=indicator_data(source=IndicatorSource.AUTOMATIC)
        )
    assert "automatic_key" in exc.value.message_dict
    assert Indicator.objects.count() == 0


def test_indicator_refuses_area_of_another_entity(entity, other_entity):
    from tests.factories import AreaFactory

    with pytest.raises(ValidationError):
        services.indicator_save(
            entity=entity, data=indicator_data(area=AreaFactory(entity=other_entity))
        )
    assert Indicator.objects.count() == 0


def test_record_measurement_computes_value_and_bounds(entity):
    indicator = IndicatorFactory(entity=entity, periodicity=Periodicity.QUARTERLY)
    measurement = services.measurement_record(
        indicator=indicator, year=2025, period=2, numerator=3, denominator=4
    )
    assert measurement.value == Decimal("75.00")
    assert measurement.period_start == datetime.date(2025, 4, 1)
    assert measurement.period_end == datetime.date(2025, 6, 30)
    # Recording the same period again is a new version that replaces it, with a reason.
    services.measurement_record(
        indicator=indicator, year=2025, period=2, numerator=4, denominator=4, reason="Acta 7"
    )
    assert Measurement.objects.current().get().value == Decimal("100.00")
    assert Measurement.objects.count() == 2


def test_replacing_a_measurement_keeps_the_old_version(entity, make_member):
    first_author = make_member("planning_office", entity)
    second_author = make_member("participation_lead", entity)
    indicator = IndicatorFactory(entity=entity)
    original = services.measurement_record(
        indicator=indicator,
        year=2025,
        period=1,
        numerator=6,
        denominator=8,
        notes="Según el acta del comité",
        user=first_author,
    )
    replacement = services.measurement_record(
        indicator=indicator,
        year=2025,
        period=1,
        numerator=7,
        denominator=8,
        notes="Se sumó un grupo caracterizado en diciembre",
        reason="  Faltaba la caracterización de la mesa de víctimas  ",
        user=second_author,
    )
    original.refresh_from_db()
    assert (original.version, original.is_current) == (1, False)
    assert original.value == Decimal("75.00")
    assert original.notes == "Según el acta del comité"
    assert original.recorded_by == first_author
    assert original.reason == ""
    assert (replacement.version, replacement.is_current) == (2, True)
    assert replacement.value == Decimal("87.50")
    assert replacement.recorded_by == second_author
    assert replacement.reason == "Faltaba la caracterización de la mesa de víctimas"
    assert replacement.recorded_at >= original.recorded_at
    # The evidence of the period stays with the new version until a new file replaces it.
    assert replacement.evidence.name == original.evidence.name == ""


def test_replacing_without_a_reason_is_refused_and_changes_nothing(entity):
    indicator = IndicatorFactory(entity=entity)
    services.measurement_record(
        indicator=indicator, year=2025, period=1, numerator=6, denominator=8
    )
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            services.measurement_record(
                indicator=indicator,
                year=2025,
                period=1,
                numerator=7,
                denominator=8,
                reason=reason,
            )
        assert "reason" in exc.value.message_dict
        assert "Ya hay una medición de 2025" in exc.value.message_dict["reason"][0]
    only = Measurement.objects.get()
    assert (only.version, only.is_current, only.numerator) == (1, True, Decimal(6))


def test_replacing_with_the_same_values_is_refused(entity):
    indicator = IndicatorFactory(entity=entity)
    services.measurement_record(
        indicator=indicator, year=2025, period=1, numerator=6, denominator=8, notes="Acta"
    )
    with pytest.raises(ValidationError, match="no hay nada que reemplazar"):
        services.measurement_record(
            indicator=indicator,
            year=2025,
            period=1,
            numerator=6,
            denominator=8,
            notes="Acta",
            reason="Por si acaso",
        )
    assert Measurement.objects.count() == 1


def test_replacement_keeps_the_evidence_until_a_new_file(entity):
    indicator = IndicatorFactory(entity=entity)
    pdf = SimpleUploadedFile("acta.pdf", PDF_BYTES, content_type="application/pdf")
    first = services.measurement_record(
        indicator=indicator, year=2025, period=1, numerator=1, denominator=2, evidence=pdf
    )
    second = services.measurement_record(
        indicator=indicator, year=2025, period=1, numerator=2, denominator=2, reason="Corrección"
    )
    assert second.evidence.name == first.evidence.name
    assert second.evidence_content_type == "application/pdf"


def test_versions_are_numbered_per_period(entity):
    indicator = IndicatorFactory(entity=entity, periodicity=Periodicity.HALF_YEARLY)
    for number in (1, 2, 3):
        services.measurement_record(
            indicator=indicator,
            year=2025,
            period=1,
            numerator=number,
            denominator=4,
            reason=f"Corrección {number}",
        )
    services.measurement_record(
        indicator=indicator, year=2025, period=2, numerator=1, denominator=4
    )
    rows = list(Measurement.objects.values_list("period", "version", "is_current"))
    assert sorted(rows) == [(1, 1, False), (1, 2, False), (1, 3, True), (2, 1, True)]


def test_database_refuses_two_current_versions_and_a_replacement_without_reason(entity):
    from django.db import IntegrityError, transaction

    from tests.evaluation.factories import MeasurementFactory

    first = MeasurementFactory(entity=entity)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasurementFactory(
            entity=entity, indicator=first.indicator, version=2, reason="Otra versión"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasurementFactory(
            entity=entity, indicator=first.indicator, version=2, is_current=False, reason=""
        )


def test_measurement_period_must_fit_periodicity(entity):
    indicator = IndicatorFactory(entity=entity, periodicity=Periodicity.HALF_YEARLY)
    with pytest.raises(ValidationError) as exc:
        services.measurement_record(
            indicator=indicator, year=2025, period=3, numerator=1, denominator=2
        )
    assert "period" in exc.value.message_dict
    assert Measurement.objects.count() == 0


def test_measurement_refuses_numerator_with_zero_denominator(entity):
    indicator = IndicatorFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.measurement_record(
            indicator=indicator, year=2025, period=1, numerator=2, denominator=0
        )
    assert Measurement.objects.count() == 0


def test_a_result_too_large_to_record_is_refused_on_the_numerator(entity):
    """80,000 of 8 is 1,000,000 %: the figures are wrong, and the message says so (never the
    column's "más de 8 dígitos")."""
    indicator = IndicatorFactory(entity=entity)
    with pytest.raises(ValidationError) as refused:
        services.measurement_record(
            indicator=indicator, year=2025, period=1, numerator=80000, denominator=8
        )
    assert list(refused.value.message_dict) == ["numerator"]
    assert "1.000.000 %" in refused.value.message_dict["numerator"][0]
    assert Measurement.objects.count() == 0
    # The largest result that fits is recorded.
    kept = services.measurement_record(
        indicator=indicator, year=2025, period=1, numerator="9999.99", denominator="1"
    )
    assert kept.value == Decimal("999999.00") <= Measurement.MAX_VALUE


def test_measurement_refuses_negative_numbers(entity):
    indicator = IndicatorFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.measurement_record(
            indicator=indicator, year=2025, period=1, numerator=-1, denominator=2
        )
    assert Measurement.objects.count() == 0


def test_evidence_is_judged_by_its_bytes(entity):
    indicator = IndicatorFactory(entity=entity)
    fake = SimpleUploadedFile("acta.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.measurement_record(
            indicator=indicator, year=2025, period=1, numerator=1, denominator=2, evidence=fake
        )
    assert "evidence" in exc.value.message_dict
    assert Measurement.objects.count() == 0
    real = SimpleUploadedFile("acta.bin", PDF_BYTES, content_type="application/octet-stream")
    measurement = services.measurement_record(
        indicator=indicator, year=2025, period=1, numerator=1, denominator=2, evidence=real
    )
    assert measurement.evidence_content_type == "application/pdf"
    assert measurement.evidence.name.endswith(".pdf")


def test_automatic_indicators_cannot_be_typed_by_hand(entity):
    indicator = IndicatorFactory(
        entity=entity,
        source=IndicatorSource.AUTOMATIC,
        automatic_key=AutomaticKey.CHARACTERIZED_GROUPS,
    )
    with pytest.raises(ValidationError):
        services.measurement_record(
            indicator=indicator, year=2025, period=1, numerator=1, denominator=2
        )
    assert Measurement.objects.count() == 0


def test_record_automatic_measurements(entity):
    scenario.build(entity)
    StakeholderGroupFactory(entity=entity, characterized_on=datetime.date(2025, 2, 1))
    groups = IndicatorFactory(
        entity=entity,
        source=IndicatorSource.AUTOMATIC,
        automatic_key=AutomaticKey.CHARACTERIZED_GROUPS,
        periodicity=Periodicity.YEARLY,
    )
    done = IndicatorFactory(
        entity=entity,
        source=IndicatorSource.AUTOMATIC,
        automatic_key=AutomaticKey.ACTIVITIES_DONE,
        periodicity=Periodicity.QUARTERLY,
    )
    IndicatorFactory(entity=entity)  # manual: untouched
    recorded = services.measurements_record_automatic(entity=entity, on=datetime.date(2025, 12, 31))
    assert len(recorded) == 2
    yearly = Measurement.objects.get(indicator=groups)
    # 3 scenario groups with no date + the one characterized in February.
    assert (yearly.numerator, yearly.denominator) == (Decimal(1), Decimal(4))
    assert yearly.value == Decimal("25.00")
    assert yearly.is_automatic
    quarter = Measurement.objects.get(indicator=done)
    assert (quarter.year, quarter.period) == (2025, 4)
    assert (quarter.numerator, quarter.denominator) == (Decimal(2), Decimal(3))
    # Recomputing with the same data records nothing new; new data is a new version.
    services.measurements_record_automatic(entity=entity, on=datetime.date(2025, 12, 31))
    assert Measurement.objects.filter(indicator=groups).count() == 1
    StakeholderGroupFactory(entity=entity, characterized_on=datetime.date(2025, 3, 1))
    services.measurements_record_automatic(entity=entity, on=datetime.date(2025, 12, 31))
    versions = list(Measurement.objects.filter(indicator=groups).order_by("version"))
    assert [(m.version, m.is_current) for m in versions] == [(1, False), (2, True)]
    assert versions[1].reason
    assert (versions[1].numerator, versions[1].denominator) == (Decimal(2), Decimal(5))


def test_monthly_task_records_the_period_of_yesterday(entity, monkeypatch):
    IndicatorFactory(
        entity=entity,
        source=IndicatorSource.AUTOMATIC,
        automatic_key=AutomaticKey.ACTIVE_BODIES,
        periodicity=Periodicity.MONTHLY,
    )
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 3, 1)
    )
    assert tasks.record_automatic_measurements() == 1
    measurement = Measurement.objects.get()
    assert (measurement.year, measurement.period) == (2026, 2)


def test_beat_schedule_registers_the_monthly_task():
    from django.apps import apps

    schedule = apps.get_app_config("evaluation").beat_schedule
    entry = schedule["evaluation-monthly-measurements"]
    assert entry["task"] == "cabildo.evaluation.tasks.record_automatic_measurements"
    assert entry["schedule"].day_of_month == {1}


def test_good_practice(entity, make_member):
    user = make_member("planning_office", entity)
    practice = services.good_practice_save(
        entity=entity,
        data={"year": 2025, "title": "  Mesas en las veredas ", "description": "Ir al territorio."},
        user=user,
    )
    assert practice.title == "Mesas en las veredas"
    assert practice.created_by == user
    with pytest.raises(ValidationError):
        services.good_practice_save(
            entity=entity, data={"year": 2025, "title": "Sin descripción", "description": " "}
        )
    assert GoodPractice.objects.count() == 1


def test_publishing_needs_conclusions(entity):
    with pytest.raises(ValidationError) as exc:
        services.evaluation_save(entity=entity, year=2025, conclusions=" ", publish=True)
    assert "conclusions" in exc.value.message_dict
    assert not Evaluation.objects.filter(is_published=True).exists()


def test_publishing_generates_the_public_reports(
    entity, make_member, django_capture_on_commit_callbacks
):
    scenario.build(entity)
    user = make_member("participation_lead", entity)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.evaluation_save(
            entity=entity, year=2025, conclusions="Buen año.", publish=True, user=user
        )
    assert evaluation.is_published and evaluation.published_by == user
    reports = ReportFile.objects.filter(entity=entity, audience=ReportAudience.PUBLIC)
    assert sorted(r.format for r in reports) == ["pdf", "xlsx"]
    assert all(r.status == ReportStatus.READY and r.progress == 100 for r in reports)
    # Unpublishing hides it and saving again does not queue more reports.
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_save(entity=entity, year=2025, conclusions="Buen año.", publish=False)
    assert ReportFile.objects.count() == 2
    assert Evaluation.objects.get().published_at is None


def test_request_report_needs_a_plan(entity):
    with pytest.raises(ValidationError):
        services.report_request(entity=entity, year=2040, format="pdf", audience="interna")
    with pytest.raises(ValidationError):
        services.report_request(entity=entity, year=2025, format="doc", audience="interna")
    assert ReportFile.objects.count() == 0


def test_failed_generation_is_recorded(entity, monkeypatch, django_capture_on_commit_callbacks):
    scenario.build(entity)

    def boom(**kwargs):
        raise RuntimeError("sin fuentes")

    monkeypatch.setattr("cabildo.evaluation.reports.report_xlsx", boom)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            entity=entity, year=2025, format="xlsx", audience="interna"
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "sin fuentes" in report.error
    assert not report.file


def test_accountability_stage(entity):
    activity = ActivityFactory(entity=entity, is_accountability=True, murc_action="dialogo")
    row = services.accountability_stage_set(activity=activity, stage=MurcStage.PREPARATION)
    services.accountability_stage_set(activity=activity, stage=MurcStage.EXECUTION)
    row.refresh_from_db()
    assert row.stage == MurcStage.EXECUTION
    assert AccountabilityStage.objects.count() == 1


def test_accountability_stage_only_for_accountability_activities(entity):
    activity = ActivityFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.accountability_stage_set(activity=activity, stage=MurcStage.DESIGN)
    with pytest.raises(ValidationError):
        services.accountability_stage_set(
            activity=ActivityFactory(entity=entity, is_accountability=True, murc_action="dialogo"),
            stage="otra",
        )
    assert AccountabilityStage.objects.count() == 0
