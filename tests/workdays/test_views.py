from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.workdays.models import ClosureDay
from tests.factories import EntityFactory
from tests.workdays.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db

CALCULATOR = "/plazos/"


# ---------------------------------------------------------------- calculator


def test_calculator_url_name():
    assert reverse("workdays:calculator") == CALCULATOR


def test_calculator_without_params_shows_form_note_and_holidays(client, entity):
    response = client.get(CALCULATOR)
    assert response.status_code == 200
    html = response.text
    assert "Calculadora de plazos" in html
    assert 'name="start"' in html and 'name="amount"' in html and 'name="unit"' in html
    assert "Ley 1755 de 2015" in html and "Ley 4 de 1913" in html
    assert "Festivos de Colombia en" in html
    assert "Revise los siguientes campos" not in html
    assert "due_date" not in response.context or response.context.get("due_date") is None


def test_calculator_is_in_public_nav(client, entity):
    html = client.get("/").text
    assert f'href="{reverse("workdays:calculator")}"' in html


def test_calculator_computes_and_explains(client, entity):
    response = client.get(CALCULATOR, {"start": "2026-12-18", "amount": 15, "unit": "dias"})
    assert response.status_code == 200
    assert response.context["due_date"] == date(2027, 1, 13)
    html = response.text
    assert "13 de enero de 2027" in html
    assert 'datetime="2027-01-13"' in html
    for reason in ("Navidad", "Año Nuevo", "Día de los Reyes Magos (observado)", "sábado"):
        assert reason in html
    assert "Festivos de Colombia en 2026" in html and "Festivos de Colombia en 2027" in html


def test_calculator_defaults_to_business_days(client, entity):
    response = client.get(CALCULATOR, {"start": "2026-12-18", "amount": 15})
    assert response.context["due_date"] == date(2027, 1, 13)


def test_calculator_uses_entity_closure_days(client, entity):
    ClosureDayFactory(entity=entity, date=date(2026, 12, 21), reason="Inventario de bienes")
    response = client.get(CALCULATOR, {"start": "2026-12-18", "amount": 15, "entidad": entity.slug})
    assert response.context["due_date"] == date(2027, 1, 14)
    assert "Inventario de bienes" in response.text
    assert "Día de cierre de la entidad" in response.text


def test_calculator_months_mode(client, entity):
    response = client.get(CALCULATOR, {"start": "2026-01-31", "amount": 1, "unit": "meses"})
    assert response.status_code == 200
    assert response.context["due_date"] == date(2026, 3, 2)
    assert "28 de febrero de 2026" in response.text
    assert "siguiente día hábil" in response.text


def test_calculator_in_english_shows_english_holiday_names(client, entity):
    client.cookies["django_language"] = "en"
    response = client.get(
        CALCULATOR, {"start": "2026-12-18", "amount": 15}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["due_date"] == date(2027, 1, 13)
    assert "Christmas Day" in response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "18-12-2026", "amount": 15}, "Escriba una fecha válida"),
        ({"start": "", "amount": 15}, "Indique la fecha de inicio."),
        ({"start": "9999-12-31", "amount": 15}, "debe estar entre el 1 de enero de 1984"),
        ({"start": "2026-12-18", "amount": ""}, "Indique cuántos días hábiles"),
        ({"start": "2026-12-18", "amount": "diez"}, "número entero"),
        ({"start": "2026-12-18", "amount": 0}, "al menos 1"),
        ({"start": "2026-12-18", "amount": 366}, "no puede superar 365 días hábiles"),
        ({"start": "2026-12-18", "amount": 61, "unit": "meses"}, "no puede superar 60 meses"),
        ({"start": "2026-12-18", "amount": 5, "unit": "semanas"}, "Elija"),
    ],
)
def test_calculator_bad_input_shows_spanish_error(client, entity, params, message):
    response = client.get(CALCULATOR, params)
    assert response.status_code == 200
    assert "Revise los siguientes campos" in response.text
    assert message in response.text
    assert response.context.get("due_date") is None
    assert 'aria-invalid="true"' in response.text


# ---------------------------------------------------------------- closure days CRUD


def test_list_shows_only_own_entity(staff_client, entity, other_entity):
    client = staff_client(Role.VIEWER)
    ClosureDayFactory(entity=entity, reason="Propio")
    ClosureDayFactory(entity=other_entity, reason="Ajeno")
    response = client.get(reverse("workdays:closure_day_list"))
    assert response.status_code == 200
    assert "Propio" in response.text and "Ajeno" not in response.text
    assert reverse("workdays:closure_day_create") not in response.text  # viewer cannot add


def test_list_is_in_staff_nav_for_members(staff_client):
    client = staff_client(Role.VIEWER)
    response = client.get(CALCULATOR)
    assert f'href="{reverse("workdays:closure_day_list")}"' in response.text


def test_list_is_not_in_nav_for_anonymous(client, entity):
    assert reverse("workdays:closure_day_list") not in client.get(CALCULATOR).text


def test_list_constant_queries(staff_client, entity, django_assert_max_num_queries):
    client = staff_client(Role.ENTITY_ADMIN)
    ClosureDayFactory.create_batch(5, entity=entity)
    with django_assert_max_num_queries(30) as ctx_small:
        response = client.get(reverse("workdays:closure_day_list"))
    assert response.status_code == 200
    ClosureDayFactory.create_batch(45, entity=entity)
    with django_assert_max_num_queries(len(ctx_small.captured_queries)):
        response = client.get(reverse("workdays:closure_day_list"))
    assert len(response.context["closure_days"]) == 50


def test_anonymous_is_redirected_to_login(client, entity):
    closure_day = ClosureDayFactory(entity=entity)
    for url in (
        reverse("workdays:closure_day_list"),
        reverse("workdays:closure_day_create"),
        reverse("workdays:closure_day_update", args=[closure_day.pk]),
        reverse("workdays:closure_day_delete", args=[closure_day.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_viewer_gets_403_on_writes(staff_client, entity):
    client = staff_client(Role.VIEWER)
    closure_day = ClosureDayFactory(entity=entity)
    assert client.get(reverse("workdays:closure_day_create")).status_code == 403
    response = client.post(
        reverse("workdays:closure_day_create"), {"date": "2026-12-30", "reason": "x"}
    )
    assert response.status_code == 403
    update = reverse("workdays:closure_day_update", args=[closure_day.pk])
    assert client.get(update).status_code == 403
    delete = reverse("workdays:closure_day_delete", args=[closure_day.pk])
    assert client.post(delete).status_code == 403
    assert ClosureDay.objects.count() == 1
    assert not ClosureDay.objects.filter(date=date(2026, 12, 30)).exists()


def test_create(staff_client, entity, django_capture_on_commit_callbacks):
    client = staff_client(Role.ENTITY_ADMIN)
    assert client.get(reverse("workdays:closure_day_create")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workdays:closure_day_create"),
            {"date": "2026-12-30", "reason": "Inventario anual"},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("workdays:closure_day_list")
    closure_day = ClosureDay.objects.get(entity=entity)
    assert (closure_day.date, closure_day.reason) == (date(2026, 12, 30), "Inventario anual")


def test_create_duplicate_date_refused_nothing_saved(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    ClosureDayFactory(entity=entity, date=date(2026, 12, 30), reason="Primero")
    response = client.post(
        reverse("workdays:closure_day_create"), {"date": "2026-12-30", "reason": "Segundo"}
    )
    assert response.status_code == 200
    assert "ya tiene un día de cierre registrado" in response.text
    assert list(ClosureDay.objects.values_list("reason", flat=True)) == ["Primero"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "", "reason": "Cierre"}, "Indique la fecha del día de cierre."),
        ({"date": "30/13/2026", "reason": "Cierre"}, "Escriba una fecha válida"),
        ({"date": "2026-12-30", "reason": ""}, "Indique el motivo del cierre."),
        ({"date": "2026-12-25", "reason": "Cierre"}, "ya es un día no hábil"),
    ],
)
def test_create_bad_input_nothing_saved(staff_client, entity, data, message):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(reverse("workdays:closure_day_create"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not ClosureDay.objects.exists()


def test_update(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    closure_day = ClosureDayFactory(entity=entity)
    url = reverse("workdays:closure_day_update", args=[closure_day.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert closure_day.reason in response.text
    response = client.post(url, {"date": "2026-12-29", "reason": "Motivo corregido"})
    assert response.status_code == 302
    closure_day.refresh_from_db()
    assert (closure_day.date, closure_day.reason) == (date(2026, 12, 29), "Motivo corregido")


def test_update_to_duplicate_date_refused(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    ClosureDayFactory(entity=entity, date=date(2026, 12, 30))
    other = ClosureDayFactory(entity=entity, date=date(2026, 12, 29), reason="Original")
    url = reverse("workdays:closure_day_update", args=[other.pk])
    response = client.post(url, {"date": "2026-12-30", "reason": "Cambiado"})
    assert response.status_code == 200
    other.refresh_from_db()
    assert (other.date, other.reason) == (date(2026, 12, 29), "Original")


def test_delete(staff_client, entity, django_capture_on_commit_callbacks):
    client = staff_client(Role.ENTITY_ADMIN)
    closure_day = ClosureDayFactory(entity=entity)
    url = reverse("workdays:closure_day_delete", args=[closure_day.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert closure_day.reason in response.text
    assert ClosureDay.objects.filter(pk=closure_day.pk).exists()  # GET only asks
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not ClosureDay.objects.filter(pk=closure_day.pk).exists()


def test_other_entity_rows_are_404(staff_client, other_entity):
    client = staff_client(Role.ENTITY_ADMIN)
    foreign = ClosureDayFactory(entity=other_entity)
    update = reverse("workdays:closure_day_update", args=[foreign.pk])
    delete = reverse("workdays:closure_day_delete", args=[foreign.pk])
    assert client.get(update).status_code == 404
    assert client.post(update, {"date": "2026-12-29", "reason": "x"}).status_code == 404
    assert client.get(delete).status_code == 404
    assert client.post(delete).status_code == 404
    foreign.refresh_from_db()
    assert foreign.reason != "x"


def test_admin_of_other_entity_cannot_reach_list(client, make_member, entity):
    stranger_entity = EntityFactory(slug="entidad-c")
    user = make_member(Role.ENTITY_ADMIN, stranger_entity)
    client.force_login(user)
    response = client.get(reverse("workdays:closure_day_list") + f"?entidad={entity.slug}")
    assert response.status_code == 403
