import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.bodies.models import BodyCharacterization, BodyMember, BodySession, ParticipationBody
from tests.bodies.builders import build_itagui_2019
from tests.bodies.factories import (
    BodyCharacterizationFactory,
    BodyMemberFactory,
    BodySessionFactory,
    ParticipationBodyFactory,
)
from tests.factories import AreaFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def _form_data(**extra):
    data = {
        "name": "Consejo Territorial de Planeación",
        "acronym": "CTP",
        "kind": "territorial",
        "status": "activa",
        "is_formal": "on",
        "legal_act_type": "acuerdo",
        "legal_act_number": "012",
        "legal_act_date": "2019-05-02",
        "legal_act_issuer": "Concejo Municipal",
    }
    data.update(extra)
    return data


def _count_list_queries(client, entity, n):
    BodyCharacterization.objects.all().delete()
    BodyMember.objects.all().delete()
    ParticipationBody.objects.all().delete()
    territory = TerritoryFactory(entity=entity)
    for _ in range(n):
        body = ParticipationBodyFactory(entity=entity, territory=territory)
        BodyMemberFactory(entity=entity, body=body)
        BodyCharacterizationFactory(entity=entity, body=body)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("bodies:list"))
    assert response.status_code == 200
    assert len(response.context["bodies"]) == n
    return len(ctx.captured_queries)


def test_staff_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assert _count_list_queries(client, entity, 5) == _count_list_queries(client, entity, 50)


def test_directory_constant_queries(client, entity):
    def count(n):
        ParticipationBody.objects.all().delete()
        ParticipationBodyFactory.create_batch(n, entity=entity)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("bodies:directory") + f"?entidad={entity.slug}")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    client.get("/?entidad=" + entity.slug)  # the session remembers the entity once
    assert count(5) == count(20)


def test_lead_registers_body(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(reverse("bodies:create"), _form_data())
    assert response.status_code == 302
    body = ParticipationBody.objects.get()
    assert body.entity == entity
    assert body.legal_act == "Acuerdo 012 de 2019"


def test_formal_without_act_rejected_in_form(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(
        reverse("bodies:create"),
        _form_data(legal_act_type="", legal_act_number="", legal_act_date=""),
    )
    assert response.status_code == 200
    assert "Una instancia formal debe indicar" in response.content.decode()
    assert not ParticipationBody.objects.exists()


def test_territory_of_other_entity_rejected_in_form(staff_client, entity, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    foreign = TerritoryFactory(entity=other_entity)
    response = client.post(reverse("bodies:create"), _form_data(territory=foreign.pk))
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    assert not ParticipationBody.objects.exists()


def test_member_term_end_before_start_rejected_in_form(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    body = ParticipationBodyFactory(entity=entity)
    response = client.post(
        reverse("bodies:member_create", args=[body.pk]),
        {
            "seat": "Representante de mujeres",
            "selection": "elegido",
            "name": "Ana",
            "term_start": "2025-01-01",
            "term_end": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "posterior a su inicio" in response.content.decode()
    assert not BodyMember.objects.exists()


def test_session_with_minutes_and_characterization(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    body = ParticipationBodyFactory(entity=entity)
    response = client.post(
        reverse("bodies:session_create", args=[body.pk]),
        {
            "date": "2025-03-10",
            "attendance_count": "14",
            "minutes": SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta", "application/pdf"),
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    session = BodySession.objects.get()
    download = client.get(reverse("bodies:session_minutes", args=[session.pk]))
    assert download.status_code == 200
    response = client.post(
        reverse("bodies:characterization_create", args=[body.pk]),
        {
            "year": "2024",
            "status": "activa",
            "sessions_held": "4",
            "sessions_held_reason": "Actas de tres sesiones aún sin cargar",
            "active_members": "",
        },
    )
    assert response.status_code == 302
    assert BodyCharacterization.objects.get().year == 2024


def test_bad_minutes_rejected_in_form(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    body = ParticipationBodyFactory(entity=entity)
    response = client.post(
        reverse("bodies:session_create", args=[body.pk]),
        {
            "date": "2025-03-10",
            "attendance_count": "3",
            "minutes": SimpleUploadedFile("acta.pdf", b"<html>no</html>", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "Formato de acta no permitido" in response.content.decode()
    assert not BodySession.objects.exists()


def test_liaison_edits_only_own_area(staff_client, entity):
    mine = AreaFactory(entity=entity)
    client = staff_client(Role.AREA_LIAISON, area=mine)
    own = ParticipationBodyFactory(entity=entity, secretariat=mine)
    other = ParticipationBodyFactory(entity=entity)
    assert client.get(reverse("bodies:update", args=[own.pk])).status_code == 200
    assert client.get(reverse("bodies:update", args=[other.pk])).status_code == 403
    assert client.get(reverse("bodies:member_create", args=[other.pk])).status_code == 403
    response = client.post(reverse("bodies:update", args=[other.pk]), _form_data(name="Hack"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name != "Hack"
    # A liaison may register a body only with their own area as secretariat.
    response = client.post(reverse("bodies:create"), _form_data(secretariat=other.secretariat_id))
    assert response.status_code == 200
    response = client.post(reverse("bodies:create"), _form_data(secretariat=mine.pk))
    assert response.status_code == 302


def test_internal_control_reads_all_cannot_edit(staff_client, entity):
    client = staff_client(Role.INTERNAL_CONTROL)
    body = ParticipationBodyFactory(entity=entity)
    assert client.get(reverse("bodies:list")).status_code == 200
    assert client.get(reverse("bodies:detail", args=[body.pk])).status_code == 200
    assert client.get(reverse("bodies:overview")).status_code == 200
    assert client.get(reverse("bodies:update", args=[body.pk])).status_code == 403
    assert client.post(reverse("bodies:create"), _form_data()).status_code == 403
    assert ParticipationBody.objects.count() == 1


def test_cross_entity_is_404(staff_client, other_entity):
    client = staff_client(Role.ENTITY_ADMIN)
    body = ParticipationBodyFactory(entity=other_entity)
    member = BodyMemberFactory(entity=other_entity, body=body)
    session = BodySessionFactory(entity=other_entity, body=body)
    char = BodyCharacterizationFactory(entity=other_entity, body=body)
    for url in [
        reverse("bodies:detail", args=[body.pk]),
        reverse("bodies:update", args=[body.pk]),
        reverse("bodies:delete", args=[body.pk]),
        reverse("bodies:member_create", args=[body.pk]),
        reverse("bodies:member_update", args=[member.pk]),
        reverse("bodies:session_update", args=[session.pk]),
        reverse("bodies:session_minutes", args=[session.pk]),
        reverse("bodies:characterization_update", args=[char.pk]),
        reverse("bodies:characterization_delete", args=[char.pk]),
        reverse("bodies:public_detail", args=[body.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("bodies:delete", args=[body.pk])).status_code == 404
    assert ParticipationBody.objects.filter(pk=body.pk).exists()


def test_public_pages_never_show_contact(client, entity):
    body = ParticipationBodyFactory(entity=entity, name="Consejo de Cultura")
    BodyMemberFactory(
        entity=entity, body=body, name="Nombre Público", contact="privado@correo.test"
    )
    BodyMemberFactory(entity=entity, body=body, name="Nombre Oculto", is_public=False)
    BodySessionFactory(entity=entity, body=body, is_public=True, agenda="Agenda visible")
    BodySessionFactory(entity=entity, body=body, is_public=False, agenda="Agenda reservada")
    directory = client.get(reverse("bodies:directory") + f"?entidad={entity.slug}&q=cultura")
    html = directory.content.decode()
    assert "Consejo de Cultura" in html
    detail = client.get(reverse("bodies:public_detail", args=[body.pk])).content.decode()
    assert "Nombre Público" in detail
    assert "privado@correo.test" not in detail
    assert "Nombre Oculto" not in detail
    assert "Agenda visible" in detail
    assert "Agenda reservada" not in detail


def test_public_minutes_only_when_session_public(client, entity):
    body = ParticipationBodyFactory(entity=entity)
    pdf = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 x", "application/pdf")
    hidden = BodySessionFactory(entity=entity, body=body, is_public=False, minutes=pdf)
    client.get(reverse("bodies:directory") + f"?entidad={entity.slug}")
    assert client.get(reverse("bodies:public_minutes", args=[hidden.pk])).status_code == 404
    hidden.is_public = True
    hidden.save()
    assert client.get(reverse("bodies:public_minutes", args=[hidden.pk])).status_code == 200


def test_directory_filters(client, entity):
    territory = TerritoryFactory(entity=entity, name="Comuna 1")
    ParticipationBodyFactory(entity=entity, name="Junta A", kind="territorial", territory=territory)
    ParticipationBodyFactory(entity=entity, name="Consejo B", kind="sectorial", status="inactiva")
    base = reverse("bodies:directory") + f"?entidad={entity.slug}"
    assert "Junta A" in client.get(base + f"&territory={territory.pk}").content.decode()
    assert "Consejo B" not in client.get(base + "&kind=territorial").content.decode()
    assert "Consejo B" in client.get(base + "&status=inactiva").content.decode()


def test_overview_pages_show_2019(client, staff_client, entity):
    build_itagui_2019(entity)
    response = client.get(reverse("bodies:public_overview") + f"?entidad={entity.slug}&anio=2019")
    html = response.content.decode()
    assert "27 instancias" in html
    for pct in ("19 %", "33 %", "48 %"):
        assert pct in html
    staff = staff_client(Role.VIEWER)
    assert staff.get(reverse("bodies:overview") + "?anio=2019").status_code == 200


def test_delete_body(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    body = ParticipationBodyFactory(entity=entity)
    url = reverse("bodies:delete", args=[body.pk])
    # The name is asked: without it (or with another) nothing is deleted.
    assert client.post(url).status_code == 200
    assert client.post(url, {"confirm_name": "Otra"}).status_code == 200
    assert ParticipationBody.objects.exists()
    assert client.post(url, {"confirm_name": body.name}).status_code == 302
    assert not ParticipationBody.objects.exists()


def test_member_update_keeps_entity(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    member = BodyMemberFactory(entity=entity)
    response = client.post(
        reverse("bodies:member_update", args=[member.pk]),
        {
            "seat": "Nueva curul",
            "selection": "designado",
            "name": "X",
            "term_start": datetime.date(2024, 1, 1).isoformat(),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.seat == "Nueva curul"


def test_directory_in_english(client, entity):
    ParticipationBodyFactory(entity=entity, kind="poblacional")
    response = client.get(
        reverse("bodies:directory") + f"?entidad={entity.slug}", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "Directory of participation bodies" in html
    assert "Population-based" in html


def test_delete_protected_body_shows_message(staff_client, entity, monkeypatch):
    from django.db.models import ProtectedError

    client = staff_client(Role.ENTITY_ADMIN)
    body = ParticipationBodyFactory(entity=entity)

    def protected(self, *args, **kwargs):
        raise ProtectedError("protegida", set())

    monkeypatch.setattr(ParticipationBody, "delete", protected)
    response = client.post(reverse("bodies:delete", args=[body.pk]), {"confirm_name": body.name})
    assert "No se puede eliminar la instancia" in response.content.decode()
    assert ParticipationBody.objects.filter(pk=body.pk).exists()


def test_territory_in_use_cannot_be_deleted(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    territory = TerritoryFactory(entity=entity)
    ParticipationBodyFactory(entity=entity, territory=territory)
    response = client.post(reverse("territories:delete", args=[territory.pk]), follow=True)
    assert "No se puede eliminar el territorio" in response.content.decode()


def test_detail_pages_constant_queries(staff_client, client, entity):
    staff = staff_client(Role.PARTICIPATION_LEAD)

    def count(n):
        ParticipationBody.objects.all().delete()
        body = ParticipationBodyFactory(entity=entity)
        BodyMemberFactory.create_batch(n, entity=entity, body=body)
        BodySessionFactory.create_batch(n, entity=entity, body=body)
        for year in range(2000, 2000 + n):
            BodyCharacterizationFactory(entity=entity, body=body, year=year)
        with CaptureQueriesContext(connection) as ctx:
            assert staff.get(reverse("bodies:detail", args=[body.pk])).status_code == 200
            assert staff.get(reverse("bodies:public_detail", args=[body.pk])).status_code == 200
        return len(ctx.captured_queries)

    assert count(5) == count(30)


def test_sistema_opens_on_the_vigencia_in_force_not_a_later_characterization(public_client, entity):
    """One characterization of a later year does not move the public view away from this
    year; earlier years stay selectable; "retos" are counted too."""
    from django.utils import timezone

    this_year = timezone.localdate().year
    for _n in range(3):
        BodyCharacterizationFactory(entity=entity, year=this_year, challenges="Relevo generacional")
    BodyCharacterizationFactory(entity=entity, year=this_year - 3)
    BodyCharacterizationFactory(entity=entity, year=this_year + 1)
    client = public_client(entity)
    response = client.get(reverse("bodies:public_overview"))
    assert response.context["year"] == this_year
    assert response.context["overview"]["total"] == 3
    assert response.context["overview"]["challenges"] == [
        {"label": "Relevo generacional", "count": 3}
    ]
    assert "Retos más frecuentes" in response.content.decode()
    assert this_year - 3 in response.context["years"]
    earlier = client.get(reverse("bodies:public_overview") + f"?anio={this_year - 3}")
    assert earlier.context["year"] == this_year - 3
    assert earlier.context["overview"]["total"] == 1


def test_staff_list_counts_one_body_in_the_singular(staff_client, entity):
    ParticipationBodyFactory(entity=entity)
    html = staff_client(Role.PARTICIPATION_LEAD).get(reverse("bodies:list")).content.decode()
    assert "<caption>1 instancia</caption>" in html
