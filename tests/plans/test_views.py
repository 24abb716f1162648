from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.plans import services
from cabildo.plans.models import (
    Consultation,
    Observation,
    ParticipationPlan,
    PlannedActivity,
    PlanStatus,
    Viability,
)
from cabildo.privacy.models import Consent
from tests.factories import AreaFactory
from tests.plans.factories import (
    ActivityFactory,
    BodyFactory,
    ConsultationFactory,
    ObservationFactory,
    PlanVersionFactory,
    StakeholderGroupFactory,
)

pytestmark = pytest.mark.django_db


def activity_post(area, **overrides):
    data = {
        "area": area.pk,
        "name": "Taller de diagnóstico con juntas",
        "phase": "diagnostico",
        "procedure": "planeacion",
        "incidence_level": "consultar",
        "other_space": "Casa comunal",
        "channels": ["presencial"],
        "mechanism": "taller",
        "budget": "2500000",
        "start_date": "2026-02-01",
        "end_date": "2026-02-28",
        "responsible": "Enlace de participación",
        "periodicity": "Mensual",
    }
    data.update(overrides)
    return data


def count_queries(client, url):
    cache.clear()  # the rendered page, not the whole-page cache, is what is counted
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


class TestStaffPages:
    def test_plan_list_constant_queries(self, staff_client, entity):
        client = staff_client(Role.PARTICIPATION_LEAD)
        url = reverse("plans:plan_list")
        for year in range(2001, 2006):
            services.plan_create(entity=entity, year=year, title=f"Plan {year}")
        small = count_queries(client, url)
        for year in range(2006, 2051):
            services.plan_create(entity=entity, year=year, title=f"Plan {year}")
        assert count_queries(client, url) == small

    def test_version_detail_constant_queries(self, staff_client, entity):
        client = staff_client(Role.PARTICIPATION_LEAD)
        version = PlanVersionFactory(entity=entity)
        groups = StakeholderGroupFactory.create_batch(2, entity=entity)
        body = BodyFactory(entity=entity)

        def add(n):
            for i in range(n):
                a = ActivityFactory(
                    entity=entity,
                    version=version,
                    body=body if i % 2 else None,
                    other_space="" if i % 2 else "Parque",
                )
                a.stakeholder_groups.set(groups)

        add(5)
        url = reverse("plans:version_detail", args=[version.pk])
        small = count_queries(client, url)
        area_small = count_queries(client, url + "?agrupar=area")
        add(45)
        assert count_queries(client, url) == small
        assert count_queries(client, url + "?agrupar=area") == area_small

    def test_public_plan_constant_queries(self, client, entity, settings):
        version = PlanVersionFactory(entity=entity, status=PlanStatus.APPROVED, plan__year=2026)
        ActivityFactory.create_batch(5, entity=entity, version=version)
        url = reverse("plans:public_plan", args=[2026]) + "?entidad=" + entity.slug
        client.get(url)  # the session remembers the entity once
        small = count_queries(client, url)
        ActivityFactory.create_batch(45, entity=entity, version=version)
        assert count_queries(client, url) == small

    def test_other_entity_version_is_404(self, staff_client, other_entity):
        client = staff_client(Role.PARTICIPATION_LEAD)
        version = PlanVersionFactory(entity=other_entity)
        activity = ActivityFactory(entity=other_entity)
        for url in (
            reverse("plans:version_detail", args=[version.pk]),
            reverse("plans:checks", args=[version.pk]),
            reverse("plans:activity_update", args=[activity.pk]),
            reverse("plans:publish", args=[version.pk]),
        ):
            assert client.get(url).status_code == 404

    def test_anonymous_redirected_and_viewer_reads_only(self, client, staff_client, entity):
        version = PlanVersionFactory(entity=entity)
        url = reverse("plans:version_detail", args=[version.pk])
        assert client.get(url).status_code == 302
        viewer = staff_client(Role.VIEWER)
        assert viewer.get(url).status_code == 200
        assert viewer.get(reverse("plans:plan_list")).status_code == 200
        assert viewer.get(reverse("plans:plan_create")).status_code == 403
        assert viewer.get(reverse("plans:observation_list")).status_code == 403

    def test_create_plan(self, staff_client, entity):
        client = staff_client(Role.PARTICIPATION_LEAD)
        response = client.post(reverse("plans:plan_create"), {"year": 2027, "title": "Plan 2027"})
        assert response.status_code == 302
        plan = ParticipationPlan.objects.get(entity=entity)
        assert plan.versions.get().status == PlanStatus.DRAFT
        response = client.post(reverse("plans:plan_create"), {"year": 2027, "title": "Otro"})
        assert response.status_code == 200 and "Ya existe un plan" in response.content.decode()
        assert ParticipationPlan.objects.count() == 1


class TestActivityForm:
    @pytest.fixture
    def setup(self, staff_client, entity, area):
        client = staff_client(Role.PARTICIPATION_LEAD)
        version = PlanVersionFactory(entity=entity, plan__year=2026)  # activity_post's dates
        return client, version, reverse("plans:activity_create", args=[version.pk])

    def test_create(self, setup, area, entity):
        client, version, url = setup
        group = StakeholderGroupFactory(entity=entity)
        response = client.post(url, activity_post(area, stakeholder_groups=[group.pk]))
        assert response.status_code == 302
        activity = version.activities.get()
        assert list(activity.stakeholder_groups.all()) == [group]
        assert activity.history.earliest().history_user == client.user

    def test_several_channels_as_checkboxes(self, setup, area):
        client, version, url = setup
        page = client.get(url).content.decode()
        assert 'type="checkbox" name="channels" value="virtual"' in page
        response = client.post(url, activity_post(area, channels=["virtual", "presencial"]))
        assert response.status_code == 302
        activity = version.activities.get()
        assert activity.channels == ["presencial", "virtual"]  # the catalogue's order
        detail = client.get(reverse("plans:version_detail", args=[version.pk])).content.decode()
        assert "Presencial; Virtual" in detail
        edit = client.get(reverse("plans:activity_update", args=[activity.pk])).content.decode()
        boxes = re.findall(r'<input[^>]*name="channels"[^>]*>', edit)
        checked = {re.search(r'value="(\w+)"', b).group(1) for b in boxes if "checked" in b}
        assert checked == {"presencial", "virtual"}

    @pytest.mark.parametrize(
        "overrides,message",
        [
            ({"channels": []}, "Elija al menos un canal"),
            ({"channels": ["fax"]}, "Escoja una opción válida"),
            (
                {"start_date": "2026-03-01", "end_date": "2026-02-01"},
                "anterior a la fecha de inicio",
            ),
            ({"budget": "-5"}, "no puede ser negativo"),
            ({"budget": "mucho"}, "debe ser un número"),
            ({"other_space": ""}, "describa el otro espacio"),
        ],
    )
    def test_bad_input_saves_nothing(self, setup, area, overrides, message):
        client, _version, url = setup
        response = client.post(url, activity_post(area, **overrides))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert PlannedActivity.objects.count() == 0

    def test_body_of_other_entity_refused(self, setup, area, other_entity):
        client, _version, url = setup
        foreign = BodyFactory(entity=other_entity)
        response = client.post(url, activity_post(area, body=foreign.pk, other_space=""))
        assert response.status_code == 200
        assert "Escoja una opción válida" in response.content.decode()
        assert PlannedActivity.objects.count() == 0

    def test_liaison_limited_to_own_area(self, staff_client, entity):
        own, other = AreaFactory(entity=entity), AreaFactory(entity=entity)
        client = staff_client(Role.AREA_LIAISON, area=own)
        version = PlanVersionFactory(entity=entity, plan__year=2026)
        url = reverse("plans:activity_create", args=[version.pk])
        response = client.post(url, activity_post(other))
        assert response.status_code == 200 and PlannedActivity.objects.count() == 0
        assert client.post(url, activity_post(own)).status_code == 302
        mine = PlannedActivity.objects.get()
        theirs = ActivityFactory(entity=entity, version=version, area=other)
        assert client.get(reverse("plans:activity_update", args=[mine.pk])).status_code == 200
        assert client.get(reverse("plans:activity_update", args=[theirs.pk])).status_code == 403
        response = client.post(
            reverse("plans:activity_update", args=[theirs.pk]), activity_post(other, name="X")
        )
        assert response.status_code == 403
        theirs.refresh_from_db()
        assert theirs.name != "X"

    def test_edit_refused_when_not_editable(self, staff_client, entity, area):
        client = staff_client(Role.PARTICIPATION_LEAD)
        version = PlanVersionFactory(entity=entity, status=PlanStatus.APPROVED)
        activity = ActivityFactory(entity=entity, version=version, area=area)
        response = client.post(
            reverse("plans:activity_update", args=[activity.pk]), activity_post(area, name="Cambio")
        )
        assert response.status_code == 200 and "Cree una nueva versión" in response.content.decode()
        activity.refresh_from_db()
        assert activity.name != "Cambio"


class TestTransitionsViews:
    def test_publish_requires_confirmation_checkbox(self, staff_client, entity, area):
        client = staff_client(Role.PARTICIPATION_LEAD)
        # Consulted this year: the plan is for this year or the next.
        version = PlanVersionFactory(entity=entity, plan__year=datetime.date.today().year + 1)
        ActivityFactory(entity=entity, version=version, area=area)
        StakeholderGroupFactory(entity=entity, name="Mujeres rurales")
        url = reverse("plans:publish", args=[version.pk])
        page = client.get(url).content.decode()
        assert "Mujeres rurales" in page and "confirm_uncovered" in page
        today = datetime.date.today().isoformat()
        response = client.post(url, {"start_date": today, "days": 15})
        assert (
            response.status_code == 200
            and "debe confirmar la advertencia" in response.content.decode()
        )
        assert not Consultation.objects.exists()
        response = client.post(url, {"start_date": today, "days": 15, "confirm_uncovered": "on"})
        assert response.status_code == 302
        version.refresh_from_db()
        assert version.status == PlanStatus.IN_CONSULTATION

    def test_liaison_cannot_transition(self, staff_client, entity, area):
        client = staff_client(Role.AREA_LIAISON, area=area)
        version = PlanVersionFactory(entity=entity)
        ActivityFactory(entity=entity, version=version, area=area)
        assert client.post(reverse("plans:publish", args=[version.pk]), {}).status_code == 403
        version.refresh_from_db()
        assert version.status == PlanStatus.DRAFT

    def test_approve_execute_close(self, staff_client, entity, area):
        client = staff_client(Role.ENTITY_ADMIN)
        version = PlanVersionFactory(
            entity=entity, status=PlanStatus.ADJUSTED, plan__year=datetime.date.today().year
        )
        today = datetime.date.today().isoformat()
        approve = reverse("plans:approve", args=[version.pk])
        act = "Comité Institucional de Gestión y Desempeño, acta N.º 3"
        refused = client.post(approve, {"approved_on": today, "approval_act": ""})
        assert refused.status_code == 200 and "approval_act" in refused.context["form"].errors
        version.refresh_from_db()
        assert version.status == PlanStatus.ADJUSTED
        assert client.post(approve, {"approved_on": today, "approval_act": act}).status_code == 302
        detail = client.get(reverse("plans:version_detail", args=[version.pk])).content.decode()
        assert act in detail and "Crear nueva versión" in detail
        assert client.post(reverse("plans:execute", args=[version.pk]), {}).status_code == 302
        assert client.post(reverse("plans:new_version", args=[version.pk]), {}).status_code == 302
        close = reverse("plans:close", args=[version.pk])
        early = client.post(close, {"reason": ""})
        assert early.status_code == 200 and "reason" in early.context["form"].errors
        assert "todavía no termina" in client.get(close).content.decode()
        version.refresh_from_db()
        assert version.status == PlanStatus.IN_EXECUTION
        reason = "La vigencia se reemplaza por el plan ajustado tras la fusión de secretarías"
        assert client.post(close, {"reason": reason}).status_code == 302
        version.refresh_from_db()
        assert version.status == PlanStatus.CLOSED
        assert version.closure_reason == reason
        assert (
            reason
            in client.get(reverse("plans:version_detail", args=[version.pk])).content.decode()
        )
        assert version.plan.versions.count() == 2
        response = client.post(reverse("plans:close", args=[version.pk]), {"reason": "Otra vez"})
        assert (
            response.status_code == 200
            and "No se puede cerrar el plan" in response.content.decode()
        )

    def test_new_version_button_where_it_should_be(self, staff_client, entity):
        client = staff_client(Role.PARTICIPATION_LEAD)
        version = PlanVersionFactory(entity=entity, status=PlanStatus.DRAFT)
        url = reverse("plans:version_detail", args=[version.pk])
        new_version = reverse("plans:new_version", args=[version.pk])
        assert new_version not in client.get(url).content.decode()  # a draft is edited
        for status in (PlanStatus.ADJUSTED, PlanStatus.APPROVED, PlanStatus.IN_EXECUTION):
            version.status = status
            version.save()
            assert new_version in client.get(url).content.decode(), status
        version.status = PlanStatus.CLOSED
        version.save()
        assert new_version not in client.get(url).content.decode()
        version.status = PlanStatus.IN_EXECUTION
        version.save()
        assert client.post(new_version, {}).status_code == 302
        # The older version no longer offers it; the new draft does not either.
        assert new_version not in client.get(url).content.decode()
        second = version.plan.versions.get(number=2)
        second_page = client.get(reverse("plans:version_detail", args=[second.pk]))
        assert reverse("plans:new_version", args=[second.pk]) not in second_page.content.decode()
        # Viewers never see it.
        viewer = staff_client(Role.VIEWER).get(url).content.decode()
        assert "Crear nueva versión" not in viewer

    def test_checks_and_cronograma_pages(self, staff_client, entity, area):
        client = staff_client(Role.INTERNAL_CONTROL)
        version = PlanVersionFactory(entity=entity, plan__year=2026)
        ActivityFactory(
            entity=entity,
            version=version,
            area=area,
            name="Foro anual",
            start_date=datetime.date(2026, 3, 10),
            end_date=datetime.date(2026, 5, 2),
        )
        AreaFactory(entity=entity, name="Secretaría de Salud")
        page = client.get(reverse("plans:checks", args=[version.pk])).content.decode()
        assert "Secretaría de Salud" in page and "Diagnóstico" in page
        page = client.get(reverse("plans:cronograma", args=[version.pk])).content.decode()
        assert "Foro anual" in page and page.count('class="gantt-on"') == 3


@pytest.fixture
def open_consultation(entity, area):
    # The factory's plan year keeps today's window within the vigencia on any day.
    consultation = ConsultationFactory(entity=entity)
    ActivityFactory(entity=entity, version=consultation.version, area=area, name="Mesa rural")
    return consultation


class TestPublicConsultation:
    def url(self, entity):
        year = Consultation.objects.get(entity=entity).version.plan.year
        return reverse("plans:consultation", args=[year]) + "?entidad=" + entity.slug

    def test_citizen_comments_without_account(self, client, entity, open_consultation, area):
        activity = open_consultation.version.activities.get()
        group = StakeholderGroupFactory(entity=entity)
        page = client.get(self.url(entity)).content.decode()
        assert "Ley 1581" in page and 'name="consent"' in page and "checked" not in page
        response = client.post(
            self.url(entity),
            {
                "text": "Hagan la mesa en la vereda.",
                "activity": activity.pk,
                "consent": "on",
                "email": "vecina@correo.test",
                "stakeholder_group": group.pk,
            },
        )
        assert response.status_code == 302
        observation = Observation.objects.get()
        assert observation.area == area and observation.stakeholder_group == group
        page = client.get(self.url(entity)).content.decode()
        assert "Hagan la mesa en la vereda." in page
        assert "vecina@correo.test" not in page

    def test_without_consent_nothing_stored(self, client, entity, open_consultation):
        response = client.post(self.url(entity), {"text": "Hola"})
        assert response.status_code == 200
        assert "Debe autorizar" in response.content.decode()
        assert not Observation.objects.exists() and not Consent.objects.exists()

    def test_honeypot_stores_nothing(self, client, entity, open_consultation):
        response = client.post(
            self.url(entity), {"text": "spam", "consent": "on", "website": "http://x"}
        )
        assert response.status_code == 302
        assert not Observation.objects.exists() and not Consent.objects.exists()

    def test_closed_window_refuses(self, client, entity, open_consultation):
        Consultation.objects.filter(pk=open_consultation.pk).update(
            start_date=datetime.date.today() - datetime.timedelta(days=30),
            end_date=datetime.date.today() - datetime.timedelta(days=15),
        )
        page = client.get(self.url(entity)).content.decode()
        assert "Estado: cerrada" in page and 'name="text"' not in page
        response = client.post(self.url(entity), {"text": "Tarde", "consent": "on"})
        assert (
            response.status_code == 200
            and "ya no recibe observaciones" in response.content.decode()
        )
        assert not Observation.objects.exists()

    def test_moderated_comment_leaves_public_trace(
        self, client, entity, open_consultation, staff_client
    ):
        observation = ObservationFactory(
            entity=entity, consultation=open_consultation, text="Texto grosero"
        )
        lead = staff_client(Role.PARTICIPATION_LEAD)
        url = reverse("plans:observation_hide", args=[observation.pk])
        assert lead.post(url, {"reason": ""}).status_code == 200
        assert lead.post(url, {"reason": "Lenguaje ofensivo"}).status_code == 302
        lead.logout()
        page = client.get(self.url(entity)).content.decode()
        assert "Oculta por moderación: Lenguaje ofensivo" in page and "Texto grosero" not in page

    def test_draft_plan_not_public(self, client, entity):
        PlanVersionFactory(entity=entity, plan__year=2026)
        assert (
            client.get(
                reverse("plans:public_plan", args=[2026]) + "?entidad=" + entity.slug
            ).status_code
            == 404
        )

    def test_public_plan_filters(self, client, entity, open_consultation, area):
        other_area = AreaFactory(entity=entity, name="Secretaría de Salud")
        ActivityFactory(
            entity=entity,
            version=open_consultation.version,
            area=other_area,
            name="Audiencia de salud",
            phase="evaluacion",
        )
        base = (
            reverse("plans:public_plan", args=[open_consultation.version.plan.year])
            + "?entidad="
            + entity.slug
        )
        page = client.get(base).content.decode()
        assert "Mesa rural" in page and "Audiencia de salud" in page
        page = client.get(base + f"&dependencia={other_area.pk}").content.decode()
        assert "Mesa rural" not in page.split("Cronograma")[0] and "Audiencia de salud" in page
        page = client.get(base + "&fase=evaluacion&grupo=abc").content.decode()
        assert "Actividades mostradas: 1 de 2." in page

    def test_public_plan_bad_filters_are_named_and_ignored(self, client, entity, open_consultation):
        base = (
            reverse("plans:public_plan", args=[open_consultation.version.plan.year])
            + "?entidad="
            + entity.slug
        )
        for query, message in (
            ("&fase=xyz", "«xyz» no es un valor válido para «Fase». Use uno de estos: "),
            ("&dependencia=abc", "Debe ser un número entero."),
            ("&grupo=-3", "Debe ser un número entero positivo."),
            ("&dependencia=99999999999999999999999", "El número es demasiado grande."),
        ):
            response = client.get(base + query)
            assert response.status_code == 200, query
            page = response.content.decode()
            assert message in page, query
            assert "Mesa rural" in page.split("Cronograma")[0], query  # the filter is ignored


class TestAnalysisViews:
    def test_liaison_analyses_only_own_area(self, staff_client, entity, open_consultation, area):
        other_area = AreaFactory(entity=entity)
        mine = ObservationFactory(entity=entity, consultation=open_consultation, area=area)
        theirs = ObservationFactory(entity=entity, consultation=open_consultation, area=other_area)
        client = staff_client(Role.AREA_LIAISON, area=area)
        page = client.get(reverse("plans:observation_list")).content.decode()
        assert mine.text in page and theirs.text not in page
        data = {
            "viability": Viability.NOT_VIABLE,
            "justification": "No es competencia de la entidad.",
        }
        assert (
            client.post(reverse("plans:observation_analyse", args=[theirs.pk]), data).status_code
            == 403
        )
        assert (
            client.post(reverse("plans:observation_analyse", args=[mine.pk]), data).status_code
            == 302
        )
        mine.refresh_from_db()
        theirs.refresh_from_db()
        assert mine.viability == Viability.NOT_VIABLE and theirs.viability == ""

    def test_bad_analysis_saves_nothing(self, staff_client, entity, open_consultation):
        observation = ObservationFactory(entity=entity, consultation=open_consultation)
        client = staff_client(Role.PARTICIPATION_LEAD)
        response = client.post(
            reverse("plans:observation_analyse", args=[observation.pk]),
            {"viability": "quizas", "justification": "x"},
        )
        assert response.status_code == 200
        observation.refresh_from_db()
        assert observation.viability == ""

    def test_lead_assigns(self, staff_client, entity, open_consultation, other_entity):
        observation = ObservationFactory(entity=entity, consultation=open_consultation, area=None)
        client = staff_client(Role.PARTICIPATION_LEAD)
        url = reverse("plans:observation_assign", args=[observation.pk])
        foreign = AreaFactory(entity=other_entity)
        assert client.post(url, {"area": foreign.pk}).status_code == 200
        target = AreaFactory(entity=entity)
        assert client.post(url, {"area": target.pk}).status_code == 302
        observation.refresh_from_db()
        assert observation.area == target

    def test_desk_sections(self, staff_client, entity, open_consultation, area):
        ObservationFactory(
            entity=entity, consultation=open_consultation, area=area, text="Pendiente de mi área"
        )
        draft = PlanVersionFactory(entity=entity)
        ActivityFactory(
            entity=entity,
            version=draft,
            area=area,
            name="Sin fechas aún",
            start_date=None,
            end_date=None,
        )
        client = staff_client(Role.AREA_LIAISON, area=area)
        page = client.get(reverse("accounts:desk")).content.decode()
        assert "Pendiente de mi área" in page and "Sin fechas aún" in page


def test_public_pdf_and_xlsx(client, entity, area):
    import shutil
    import subprocess

    version = PlanVersionFactory(
        entity=entity,
        status=PlanStatus.APPROVED,
        plan__year=2026,
        approved_on=datetime.date(2026, 1, 28),
        approval_act="Comité Institucional de Gestión y Desempeño, acta N.º 3",
    )
    ActivityFactory(entity=entity, version=version, area=area, name="Audiencia pública de niñez")
    base = f"?entidad={entity.slug}"
    page = client.get(reverse("plans:public_plan", args=[2026]) + base).content.decode()
    assert "28/01/2026" in page
    assert "Comité Institucional de Gestión y Desempeño, acta N.º 3" in page
    xlsx_response = client.get(reverse("plans:public_xlsx", args=[2026]) + base)
    assert (
        load_workbook(io.BytesIO(xlsx_response.content)).active["A2"].value.startswith("Audiencia")
    )
    response = client.get(reverse("plans:public_pdf", args=[2026]) + base)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(  # noqa: S603 - fixed arguments, test only
            [pdftotext, "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        text = " ".join(text.split())
        assert "Municipio A · Plan de participación 2026" in text
        assert "Audiencia pública de niñez" in text and "PERIODICIDAD" in text
        assert (
            "Aprobado el 28/01/2026 · Comité Institucional de Gestión y Desempeño, acta N.º 3"
            in text
        )
    else:  # pragma: no cover - CI installs poppler-utils
        pytest.fail("pdftotext (poppler-utils) is needed to read the plan's PDF")


def test_observation_pages_constant_queries(client, staff_client, entity, area):
    consultation = ConsultationFactory(entity=entity)
    activity = ActivityFactory(entity=entity, version=consultation.version, area=area)
    group = StakeholderGroupFactory(entity=entity)

    def add(n):
        ObservationFactory.create_batch(
            n,
            entity=entity,
            consultation=consultation,
            activity=activity,
            area=area,
            stakeholder_group=group,
        )

    add(5)
    year = consultation.version.plan.year
    public = reverse("plans:consultation", args=[year]) + f"?entidad={entity.slug}"
    public_small = count_queries(client, public)
    lead = staff_client(Role.PARTICIPATION_LEAD)
    staff_url = reverse("plans:observation_list")
    staff_small = count_queries(lead, staff_url)
    add(45)
    assert count_queries(lead, staff_url) == staff_small
    lead.logout()
    assert count_queries(client, public) == public_small


def test_delete_activity(staff_client, entity, area):
    version = PlanVersionFactory(entity=entity)
    own = ActivityFactory(entity=entity, version=version, area=area)
    other = ActivityFactory(entity=entity, version=version)
    liaison = staff_client(Role.AREA_LIAISON, area=area)
    assert liaison.post(reverse("plans:activity_delete", args=[other.pk])).status_code == 403
    assert liaison.get(reverse("plans:activity_delete", args=[own.pk])).status_code == 200
    assert liaison.post(reverse("plans:activity_delete", args=[own.pk])).status_code == 302
    assert list(PlannedActivity.objects.all()) == [other]
    version.status = PlanStatus.APPROVED
    version.save()
    lead = staff_client(Role.PARTICIPATION_LEAD)
    lead.post(reverse("plans:activity_delete", args=[other.pk]))
    assert PlannedActivity.objects.filter(pk=other.pk).exists()


def test_factories_work_with_only_entity():
    from tests.factories import EntityFactory
    from tests.plans import factories

    # One entity each: the consultation and the observation's consultation would both take the
    # plan of the year the default window closes in (one plan per entity and year).
    for factory_class in (
        factories.PlanFactory,
        factories.PlanVersionFactory,
        factories.ActivityFactory,
        factories.ConsultationFactory,
        factories.ObservationFactory,
        factories.BodyFactory,
        factories.StakeholderGroupFactory,
    ):
        entity = EntityFactory()
        obj = factory_class(entity=entity)
        obj.full_clean()
        related = [
            getattr(obj, name)
            for name in ("plan", "version", "area", "consultation")
            if hasattr(obj, name)
        ]
        assert all(r.entity_id == entity.pk for r in related)


def test_consultation_not_started_yet(client, entity):
    start = datetime.date.today() + datetime.timedelta(days=3)
    end = start + datetime.timedelta(days=14)
    ConsultationFactory(entity=entity, version__plan__year=end.year, start_date=start, end_date=end)
    url = reverse("plans:consultation", args=[end.year]) + f"?entidad={entity.slug}"
    page = client.get(url).content.decode()
    assert f"Estado: abre el {start:%d/%m/%Y}" in page and 'name="text"' not in page
    response = client.post(url, {"text": "Temprano", "consent": "on"})
    assert "aún no recibe observaciones" in response.content.decode()
    assert not Observation.objects.exists()


def test_public_plan_grouped_by_area(client, entity):
    version = PlanVersionFactory(entity=entity, status=PlanStatus.APPROVED, plan__year=2026)
    ActivityFactory(entity=entity, version=version, area=AreaFactory(entity=entity, name="Zeta"))
    ActivityFactory(entity=entity, version=version, area=AreaFactory(entity=entity, name="Alfa"))
    url = reverse("plans:public_plan", args=[2026]) + f"?entidad={entity.slug}&agrupar=area"
    page = client.get(url).content.decode()
    assert page.index('<h2 class="h4 mt-3">Alfa</h2>') < page.index('<h2 class="h4 mt-3">Zeta</h2>')


def test_desk_hides_analysis_section_from_readers(staff_client, entity, area):
    consultation = ConsultationFactory(entity=entity)
    ObservationFactory(entity=entity, consultation=consultation, area=area, text="Pendiente X")
    reader = staff_client(Role.PLANNING_OFFICE)
    page = reader.get(reverse("accounts:desk")).content.decode()
    assert "Observaciones del plan por analizar" not in page
    lead = staff_client(Role.PARTICIPATION_LEAD)
    assert "Pendiente X" in lead.get(reverse("accounts:desk")).content.decode()
