"""End to end in Chromium: a citizen registers for an event and sees the confirmation; axe-core
on the public event page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cabildo.execution.models import Event, Registration, RegistrationStatus
from tests.conftest import axe_violations
from tests.execution.factories import EventFactory
from tests.factories import EntityFactory
from tests.plans.factories import StakeholderGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_registers_for_an_event(live_server, page):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    StakeholderGroupFactory(entity=entity, name="Juntas de acción comunal")
    event = EventFactory(entity=entity, title="Encuentro de instancias", capacity=30)

    page.goto(f"{live_server.url}{reverse('execution:public_list')}?entidad=entidad-a")
    page.get_by_role("link", name="Encuentro de instancias").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Encuentro de instancias", level=1).is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Nombre completo").fill("Rosa Elena Vélez")
    page.get_by_label("Correo electrónico").fill("rosa@correo.test")
    page.get_by_label("Grupo de valor al que pertenece").select_option(
        label="Juntas de acción comunal"
    )
    page.get_by_role("button", name="Inscribirme").click()
    page.wait_for_load_state()
    assert "Debe autorizar el tratamiento" in page.content()
    assert Registration.objects.count() == 0

    page.get_by_label("Nombre completo").fill("Rosa Elena Vélez")
    page.get_by_label("Correo electrónico").fill("rosa@correo.test")
    page.locator("#id_consent").check()  # the characterization block has its own consent
    page.get_by_role("button", name="Inscribirme").click()
    page.wait_for_load_state()
    assert "Su inscripción quedó confirmada" in page.content()
    assert "Rosa Elena" not in page.content()
    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.stakeholder_group.name == "Juntas de acción comunal"
    assert axe_violations(page) == []


def test_honeypot_is_not_visible_to_people(live_server, page):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    event = EventFactory(entity=entity)
    page.goto(
        f"{live_server.url}{reverse('execution:public_detail', args=[event.pk])}?entidad=entidad-a"
    )
    box = page.locator("input[name=website]").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0


def test_official_checks_in_attendance(live_server, page, make_member):
    from cabildo.accounts.models import Role
    from tests.conftest import TEST_PASSWORD
    from tests.execution.factories import RegistrationFactory

    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    event = EventFactory(entity=entity, title="Encuentro de instancias", started=True)
    registration = RegistrationFactory(entity=entity, event=event, name="Nubia Arango")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", lead.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}{reverse('execution:event_detail', args=[event.pk])}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Marcar asistencia — Nubia Arango").click()
    page.wait_for_load_state()
    assert "Asistencia registrada: Nubia Arango." in page.content()
    registration.refresh_from_db()
    assert registration.attended
    assert axe_violations(page) == []


def _login(page, live_server, user) -> None:
    from tests.conftest import TEST_PASSWORD

    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_report_from_attendance_to_public_pdf(live_server, page, make_member):
    import datetime

    from django.utils import timezone

    from cabildo.accounts.models import Role
    from cabildo.execution.models import ActivityReport, Contribution, ReportStatus
    from tests.execution.factories import RegistrationFactory
    from tests.factories import AreaFactory
    from tests.plans.factories import ActivityFactory

    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    area = AreaFactory(entity=entity, name="Secretaría de Participación")
    activity = ActivityFactory(
        entity=entity, area=area, name="Encuentro de instancias", indicator="Encuentros hechos"
    )
    start = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory(
        entity=entity,
        activity=activity,
        title="Encuentro de instancias 2026",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    RegistrationFactory(entity=entity, event=event, name="Nubia Arango")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    planner = make_member(Role.PLANNING_OFFICE, entity)

    # The official checks attendance, records and analyses a contribution.
    _login(page, live_server, lead)
    page.goto(f"{live_server.url}{reverse('execution:event_detail', args=[event.pk])}")
    page.get_by_role("button", name="Marcar asistencia — Nubia Arango").click()
    page.wait_for_load_state()
    assert "Asistencia registrada: Nubia Arango." in page.content()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}{reverse('execution:contribution_create', args=[event.pk])}")
    page.get_by_label("Tipo de aporte").select_option(label="Recomendación")
    page.locator("textarea[name=text]").fill("Hacer el encuentro también en la vereda.")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    contribution = Contribution.objects.get()
    page.goto(
        f"{live_server.url}{reverse('execution:contribution_analyse', args=[contribution.pk])}"
    )
    page.get_by_label("Viabilidad").select_option(label="Viable")
    page.get_by_label("Justificación").fill("Se programará una sesión rural en junio.")
    page.get_by_role("button", name="Guardar análisis").click()
    page.wait_for_load_state()

    # Writes and submits the report, started from the cronograma.
    page.goto(f"{live_server.url}{reverse('plans:cronograma', args=[activity.version_id])}")
    assert "Realizada" in page.content()
    page.get_by_role("button", name="Elaborar reporte — Encuentro de instancias").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Editar y enviar el reporte").click()
    page.wait_for_load_state()
    page.get_by_label("Resultados").fill("Se cumplió la meta con participación de la vereda.")
    page.get_by_role("button", name="Guardar y enviar a planeación").click()
    page.wait_for_load_state()
    assert "Reporte enviado a la oficina de planeación." in page.content()
    report = ActivityReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED

    # Planning accepts it.
    page.context.clear_cookies()
    _login(page, live_server, planner)
    page.goto(f"{live_server.url}{reverse('execution:report_detail', args=[report.pk])}")
    page.get_by_label("Aceptar el reporte").check()
    page.get_by_role("button", name="Registrar la revisión").click()
    page.wait_for_load_state()
    assert "Reporte aceptado: ya es público." in page.content()

    # Anyone sees it and downloads the PDF.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('execution:public_report_list')}?entidad=entidad-a")
    page.get_by_role("link", name="Encuentro de instancias").click()
    page.wait_for_load_state()
    content = page.content()
    assert "Hacer el encuentro también en la vereda." in content
    assert "Nubia Arango" not in content
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar el reporte en PDF").click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def _shot(page, name: str) -> None:
    """Screenshots for a person to look at, when SCREENSHOTS_DIR names a folder."""
    import os

    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_registration_asks_the_age_once_and_the_guardian_only_for_a_minor(
    live_server, browser, javascript
):
    """One age question (the age range) in a group with its legend; the guardian's fields
    appear when the range is a minor's (with JavaScript) and the server requires them either
    way; at 1280 and 375 px, in Spanish and in English, the form fits and passes axe-core."""
    from django.conf import settings

    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    event = EventFactory(entity=entity, title="Encuentro de instancias", capacity=30)
    context = browser.new_context(java_script_enabled=javascript, locale="es-CO")
    page = context.new_page()
    url = f"{live_server.url}/entidad-a{reverse('execution:public_detail', args=[event.pk])}"
    for language in ("es", "en"):
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            group = page.locator("fieldset", has=page.locator("select[name=age_range]"))
            legend = "Edad" if language == "es" else "Age"
            assert group.locator("legend").first.inner_text() == legend
            assert page.locator("[name=is_minor]").count() == 0
            guardian = page.locator("#id_guardian_name")
            assert guardian.is_visible() is (not javascript)
            page.select_option("#id_age_range", "menor18")
            assert guardian.is_visible()
            assert (
                page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                <= 0
            )
            _shot(page, f"registro-{'js' if javascript else 'nojs'}-{language}-{width}")
            if javascript:
                assert axe_violations(page) == []
                page.select_option("#id_age_range", "29-59")
                assert not guardian.is_visible()

    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
    )
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(url)
    page.get_by_label("Nombre completo").fill("Sara Gil")
    page.get_by_label("Correo electrónico").fill("sara@correo.test")
    page.select_option("#id_age_range", "menor18")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Inscribirme").click()
    page.wait_for_load_state()
    assert "escriba el nombre de su representante legal" in page.content()
    assert Registration.objects.count() == 0
    assert page.locator("#id_guardian_name").is_visible()  # the error is in sight
    _shot(page, f"registro-error-{'js' if javascript else 'nojs'}-375")
    page.locator("#id_guardian_name").fill("Rosa Gil")
    page.locator("#id_guardian_consent").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Inscribirme").click()
    page.wait_for_load_state()
    assert "Su inscripción quedó confirmada" in page.content()
    registration = Registration.objects.get(event=event)
    assert registration.consent.subject_is_minor
    assert registration.consent.guardian_name == "Rosa Gil"
    context.close()


def test_official_lowers_capacity_and_chooses_the_waitlist(live_server, page, make_member):
    """Lowering an event's capacity below its confirmed registrations asks, right below the
    capacity, what to do with them; the choice moves the most recent ones to the waitlist."""
    from cabildo.accounts.models import Role
    from cabildo.execution.services.registrations import registration_create
    from tests.execution.test_views import in_force

    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    event = EventFactory(entity=entity, activity=in_force(entity), capacity=3, title="Foro")
    for name in ("Ana", "Berta", "Carlos"):
        registration_create(
            event=event, name=name, email=f"{name.lower()}@example.com", consent_given=True
        )
    _login(page, live_server, make_member(Role.PARTICIPATION_LEAD, entity))
    page.goto(f"{live_server.url}{reverse('execution:event_update', args=[event.pk])}")
    page.locator("#id_capacity").fill("1")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert "deja 2 inscripciones confirmadas por encima del cupo" in summary.inner_text()
    assert Event.objects.get(pk=event.pk).capacity == 3  # nothing stored yet
    assert axe_violations(page) == []
    page.get_by_label("Pasar a la lista de espera", exact=False).check()  # by mouse
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    assert Event.objects.get(pk=event.pk).capacity == 1
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
    assert sorted(waiting.values_list("name", flat=True)) == ["Berta", "Carlos"]
