""" "Actividad reciente": the audit trail page and its selector."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cabildo.accounts.models import Role
from cabildo.audit import selectors
from cabildo.core.models import Area, Entity
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/actividad/"


def _rename(area: Area, name: str, user=None) -> Area:
    area.name = name
    area._history_user = user
    area.save()
    return area


def _rows(response):
    assert response.status_code == 200
    page = response.context["page"]
    assert page is not None, response.context["form"].errors
    return page.rows


def test_url_name():
    assert reverse("audit:activity") == URL


def test_admin_sees_own_entity_changes_never_other_entity(staff_client, entity, other_entity):
    client = staff_client(Role.ENTITY_ADMIN)
    mine = AreaFactory(entity=entity, name="Secretaría de Gobierno")
    _rename(mine, "Secretaría de Gobierno y Participación", client.user)
    theirs = AreaFactory(entity=other_entity, name="Oficina secreta de B")
    _rename(theirs, "Oficina secreta de B renombrada")
    other_entity.name = "Municipio B cambiado"
    other_entity.save()

    rows = _rows(client.get(URL))
    reprs = [row.object_repr for row in rows]
    assert "Secretaría de Gobierno y Participación" in reprs
    assert not any("secreta" in r or "Municipio B" in r for r in reprs)
    assert "Oficina secreta" not in client.get(URL).content.decode()

    modified = next(r for r in rows if r.change_type == "~" and r.model_label == "Dependencia")
    assert modified.change_label == "Modificado"
    assert modified.user == client.user
    assert [(c.label, c.old, c.new) for c in modified.changes] == [
        ("Nombre", "Secretaría de Gobierno", "Secretaría de Gobierno y Participación")
    ]
    created = next(r for r in rows if r.change_type == "+" and r.model_label == "Dependencia")
    assert created.change_label == "Creado"
    assert created.changes == []


def test_page_renders_change_as_text(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    area = AreaFactory(entity=entity, name="Antes")
    _rename(area, "Después", client.user)
    html = client.get(URL).content.decode()
    assert "Modificado" in html and "Creado" in html
    assert "Antes" in html and "Después" in html
    assert client.user.full_name in html


def test_own_entity_record_changes_are_listed(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    entity.phone = "604 444 0000"
    entity._history_user = client.user
    entity.save()
    rows = [r for r in _rows(client.get(URL)) if r.model_label == "Entidad"]
    assert rows and rows[0].object_repr == entity.name
    assert ("Teléfono", "—", "604 444 0000") in [(c.label, c.old, c.new) for c in rows[0].changes]


def test_foreign_key_and_choice_values_are_named(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    parent = AreaFactory(entity=entity, name="Despacho del Alcalde")
    area = AreaFactory(entity=entity, name="Oficina de Comunicaciones", kind="misional")
    area.parent = parent
    area.kind = "apoyo"
    area.is_active = False
    area.save()
    row = next(r for r in _rows(client.get(URL)) if r.change_type == "~")
    changes = {c.label: (c.old, c.new) for c in row.changes}
    assert changes["Dependencia superior"] == ("—", "Despacho del Alcalde")
    assert changes["Tipo de proceso"] == ("Misional", "De apoyo")
    assert changes["Activa"] == ("Sí", "No")


def test_deletion_is_listed(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    area = AreaFactory(entity=entity, name="Dependencia suprimida")
    area.delete()
    rows = _rows(client.get(URL))
    deleted = next(r for r in rows if r.change_type == "-")
    assert deleted.change_label == "Eliminado"
    assert deleted.object_repr == "Dependencia suprimida"


@pytest.mark.parametrize("role", [Role.ENTITY_ADMIN, Role.INTERNAL_CONTROL])
def test_allowed_roles(staff_client, role):
    assert staff_client(role).get(URL).status_code == 200


@pytest.mark.parametrize(
    "role", [Role.VIEWER, Role.PARTICIPATION_LEAD, Role.AREA_LIAISON, Role.PLANNING_OFFICE]
)
def test_other_roles_are_forbidden(staff_client, role):
    assert staff_client(role).get(URL).status_code == 403


def test_admin_of_other_entity_is_forbidden(client, entity, other_entity, make_member):
    client.force_login(make_member(Role.ENTITY_ADMIN, other_entity))
    client.entity = entity
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, entity):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_nav_item_only_for_allowed_roles(staff_client, entity):
    from cabildo.core.registry import staff_nav

    class _Request:
        def __init__(self, user):
            self.user = user
            self.entity = entity

    admin = staff_client(Role.ENTITY_ADMIN).user
    assert reverse("audit:activity") in [item["url"] for item in staff_nav(_Request(admin))]
    viewer = UserFactory()
    from tests.factories import MembershipFactory

    MembershipFactory(user=viewer, entity=entity, role=Role.VIEWER)
    assert URL not in [item["url"] for item in staff_nav(_Request(viewer))]


def test_filter_by_model(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    AreaFactory(entity=entity, name="Solo dependencia")
    entity.phone = "123"
    entity.save()
    rows = _rows(client.get(URL, {"model": "core.area"}))
    assert rows and {r.model_label for r in rows} == {"Dependencia"}
    rows = _rows(client.get(URL, {"model": "core.entity"}))
    assert rows and {r.model_label for r in rows} == {"Entidad"}


def test_filter_by_user(staff_client, entity, make_member):
    client = staff_client(Role.ENTITY_ADMIN)
    colleague = make_member(Role.VIEWER, entity)
    _rename(AreaFactory(entity=entity, name="A1"), "Cambiada por mí", client.user)
    _rename(AreaFactory(entity=entity, name="A2"), "Cambiada por colega", colleague)
    rows = _rows(client.get(URL, {"user": colleague.pk}))
    assert [r.object_repr for r in rows] == ["Cambiada por colega"]


def test_user_filter_lists_only_users_of_the_entity(
    staff_client, entity, other_entity, make_member
):
    client = staff_client(Role.ENTITY_ADMIN)
    outsider = make_member(Role.ENTITY_ADMIN, other_entity)
    response = client.get(URL)
    assert outsider not in response.context["form"].fields["user"].queryset
    response = client.get(URL, {"user": outsider.pk})
    assert response.context["page"] is None
    assert "Seleccione un usuario de la lista." in response.content.decode()


def test_filter_by_date_range(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    old = AreaFactory(entity=entity, name="Vieja")
    new = AreaFactory(entity=entity, name="Nueva")
    march = timezone.make_aware(dt.datetime(2026, 3, 15, 10, 0))
    Area.history.filter(id=old.pk).update(history_date=march)
    Entity.history.update(history_date=march - dt.timedelta(days=30))
    rows = _rows(client.get(URL, {"date_from": "2026-03-15", "date_to": "2026-03-15"}))
    assert [r.object_repr for r in rows] == ["Vieja"]
    rows = _rows(client.get(URL, {"date_from": "2026-03-16"}))
    assert "Nueva" in [r.object_repr for r in rows] and "Vieja" not in [r.object_repr for r in rows]
    assert new.pk


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "31/02/2026"}, "Escriba una fecha válida con el formato AAAA-MM-DD"),
        ({"date_to": "ayer"}, "Escriba una fecha válida con el formato AAAA-MM-DD"),
        (
            {"date_from": "2026-05-01", "date_to": "2026-04-01"},
            "La fecha final no puede ser anterior a la fecha inicial.",
        ),
        ({"model": "auth.permission"}, "Seleccione un tipo de registro de la lista."),
        ({"user": "no-es-un-numero"}, "Seleccione un usuario de la lista."),
    ],
)
def test_bad_filters_show_a_spanish_message(staff_client, entity, params, message):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["page"] is None
    html = response.content.decode()
    assert message in html
    assert "Corrija los filtros para ver la actividad." in html


def test_bad_page_number_falls_back_to_first_page(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    AreaFactory(entity=entity)
    for raw in ("abc", "-1", "0", "99999999999"):
        response = client.get(URL, {"pagina": raw})
        assert response.status_code == 200
        assert response.context["page"].number == 1


def test_pagination_keeps_filters(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    AreaFactory.create_batch(55, entity=entity)
    response = client.get(URL, {"model": "core.area"})
    page = response.context["page"]
    assert len(page.rows) == 50 and page.has_next and not page.has_previous
    assert "?model=core.area&amp;pagina=2" in response.content.decode()
    second = client.get(URL, {"model": "core.area", "pagina": 2}).context["page"]
    assert len(second.rows) == 5 and second.has_previous and not second.has_next


def test_constant_queries_5_vs_50_changes(
    staff_client, entity, make_member, django_assert_max_num_queries
):
    client = staff_client(Role.ENTITY_ADMIN)
    parent = AreaFactory(entity=entity, name="Despacho")

    def make_changes(count: int) -> None:
        for area in AreaFactory.create_batch(count, entity=entity):
            area.parent = parent
            _rename(area, area.name + " (renombrada)", client.user)
            # Memberships: their __str__ names the user and the entity (joined, no extra query).
            make_member(Role.AREA_LIAISON, entity, area=area)

    make_changes(5)
    client.get(URL)  # warm caches (session, roles)
    with django_assert_max_num_queries(200) as small:
        response = client.get(URL)
    assert len(response.context["page"].rows) >= 10
    make_changes(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(response.context["page"].rows) == 50


def test_english_translation(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    _rename(AreaFactory(entity=entity, name="Uno"), "Dos", client.user)
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Recent activity" in html
    assert "Modified" in html and "Created" in html
    response = client.get(URL, {"date_from": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Enter a valid date in the format YYYY-MM-DD" in response.content.decode()


# --- selector -----------------------------------------------------------------------------


def test_audited_models_are_discovered_from_the_registry():
    keys = {a.key for a in selectors.audited_models()}
    assert {"core.area", "core.entity", "accounts.membership"} <= keys
    from cabildo.core.models import TenantModel

    for audited in selectors.audited_models():
        assert audited.instance_type is Entity or issubclass(audited.instance_type, TenantModel)
    assert "accounts.user" not in keys


def test_merge_across_models_is_ordered_and_pages_cover_every_row(entity, make_member):
    base = timezone.make_aware(dt.datetime(2026, 1, 1, 8, 0))
    areas = AreaFactory.create_batch(4, entity=entity)
    members = [make_member(Role.VIEWER, entity) for _ in range(3)]
    # Interleave the dates of both models.
    for i, area in enumerate(areas):
        Area.history.filter(id=area.pk).update(history_date=base + dt.timedelta(hours=2 * i))
    from cabildo.accounts.models import Membership

    for i, user in enumerate(members):
        Membership.history.filter(user_id=user.pk).update(
            history_date=base + dt.timedelta(hours=2 * i + 1)
        )
    # Rows other apps create with the entity (seeded catalogues) go before all of these.
    others = 0
    for audited in selectors.audited_models():
        if audited.key not in {"core.area", "accounts.membership"}:
            others += audited.history_model.objects.update(history_date=base - dt.timedelta(days=1))
    seen = []
    page_number = 1
    while True:
        page = selectors.activity_page(entity=entity, page=page_number, per_page=3)
        seen.extend(page.rows)
        if not page.has_next:
            break
        page_number += 1
    assert len(seen) == 4 + 3 + others
    dates = [row.when for row in seen]
    assert dates == sorted(dates, reverse=True)
    assert [r.model_label for r in seen[:7]] == [
        "Dependencia",
        "Vinculación",
        "Dependencia",
        "Vinculación",
        "Dependencia",
        "Vinculación",
        "Dependencia",
    ]


def test_secret_fields_are_never_shown():
    assert selectors._is_secret("password")
    assert selectors._is_secret("tracking_code_hash")
    assert selectors._is_secret("access_token")
    assert not selectors._is_secret("name")


def test_model_names_follow_the_visitors_language():
    """The audited models are found once per process; their names are read in the language
    of each request, not frozen in the first request's language."""
    with translation.override("es-co"):
        spanish = dict(selectors.audited_model_choices())
    with translation.override("en"):
        english = dict(selectors.audited_model_choices())
    assert spanish["assessment.improvementaction"] == "Acción de mejora"
    assert english["assessment.improvementaction"] == "Improvement action"
    assert list(english.values()) == sorted(english.values())
