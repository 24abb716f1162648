"""The shared API: schema, docs, the public entity list and the error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework import serializers
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from cabildo.core.models import Entity
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def _schema(client: Any, lang: str = "es") -> dict[str, Any]:
    response = client.get(reverse("api:schema"), {"format": "json", "lang": lang})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3_and_lists_endpoints(client):
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid OpenAPI document
    assert "/api/v1/entities/" in schema["paths"]
    assert "get" in schema["paths"]["/api/v1/entities/"]
    # The docs and the schema endpoints themselves are not API operations.
    assert "/api/v1/docs/" not in schema["paths"]
    assert "/api/v1/schema/" not in schema["paths"]


def test_docs_page_serves_swagger_from_local_static_files(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    # No inline script or style: every <script> has a src and there is no <style> element.
    assert "<style" not in html
    assert html.count("<script") == html.count("<script src=")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_docs_init_script_is_served_as_javascript(client):
    response = client.get(reverse("api:docs") + "?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/v1/schema/"' in response.content.decode()


def test_entities_public_paginated_list(client):
    EntityFactory(slug="entidad-a", name="Municipio A", nit="900.215.967-5")
    EntityFactory(slug="inactiva", name="Municipio Inactivo", is_active=False)
    response = client.get(reverse("api:entity_list"))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["slug"] == "entidad-a"
    assert row["nit"] == "900.215.967-5"
    assert row["kind"] == "alcaldia"
    assert row["kind_display"] == "Alcaldía"
    assert set(row) == {
        "name",
        "short_name",
        "slug",
        "nit",
        "kind",
        "kind_display",
        "divipola_department",
        "divipola_municipality",
        "department_name",
        "municipality_name",
    }
    # Contact data of the entity are fine in the portal, but the API exposes only the
    # identification fields listed above.
    assert "email" not in row and "phone" not in row


def test_entities_constant_queries(client, django_assert_max_num_queries):
    EntityFactory.create_batch(5)
    with django_assert_max_num_queries(5) as small:
        client.get(reverse("api:entity_list"))
    EntityFactory.create_batch(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("api:entity_list"))
    assert response.json()["count"] == 50


def test_bad_page_is_404_with_error_shape_in_spanish(client):
    response = client.get(reverse("api:entity_list") + "?page=abc")
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == {}
    assert body["detail"] == "Página inválida."


def test_unknown_api_object_is_404_with_error_shape(client):
    response = client.get(reverse("api:entity_list") + "?page=999")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


def test_method_not_allowed_shape(client):
    count = Entity.objects.count()
    response = client.post(reverse("api:entity_list"), {"name": "X"})
    assert response.status_code == 405
    assert response.json() == {"detail": 'Método "POST" no permitido.', "errors": {}}
    assert Entity.objects.count() == count


class _NoteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=5)
    year = serializers.IntegerField()


class _NoteView(APIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def post(self, request: Any) -> Any:
        serializer = _NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        raise AssertionError("unreachable")


class _ServiceView(APIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def post(self, request: Any) -> Any:
        raise DjangoValidationError({"title": ["El título ya existe."]})


class _PlainServiceView(_ServiceView):
    def post(self, request: Any) -> Any:
        raise DjangoValidationError("La convocatoria está cerrada.")


def test_validation_error_shape_in_spanish():
    request = APIRequestFactory().post("/x/", {"title": "demasiado largo", "year": "dos"})
    response = _NoteView.as_view()(request)
    assert response.status_code == 400
    assert response.data["detail"] == "Los datos enviados no son válidos."
    assert response.data["errors"] == {
        "title": ["Asegúrese de que este campo no tenga más de 5 caracteres."],
        "year": ["Introduzca un número entero válido."],
    }


def test_django_validation_error_from_a_service_becomes_400():
    response = _ServiceView.as_view()(APIRequestFactory().post("/x/", {}))
    assert response.status_code == 400
    assert response.data == {
        "detail": "Los datos enviados no son válidos.",
        "errors": {"title": ["El título ya existe."]},
    }
    response = _PlainServiceView.as_view()(APIRequestFactory().post("/x/", {}))
    assert response.status_code == 400
    assert response.data["errors"] == {"non_field_errors": ["La convocatoria está cerrada."]}


def test_error_messages_in_english_when_asked(client):
    response = client.get(reverse("api:entity_list") + "?page=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid page."


def test_own_messages_translated_to_english():
    from django.utils import translation

    with translation.override("en"):
        response = _NoteView.as_view()(APIRequestFactory().post("/x/", {}))
        assert response.data["detail"] == "The submitted data are not valid."


def test_schema_operation_texts_translated(client):
    schema = _schema(client)
    assert schema["paths"]["/api/v1/entities/"]["get"]["summary"] == "Entidades"
    english = _schema(client, lang="en")
    assert english["paths"]["/api/v1/entities/"]["get"]["summary"] == "Entities"


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_api_address_is_json_404(client, method):
    response = getattr(client, method)("/api/v1/no-existe/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No existe esta dirección de la API.", "errors": {}}


def test_catch_all_is_not_in_the_schema(client):
    paths = list(_schema(client)["paths"])
    assert paths and all(p.startswith("/api/v1/") and p != "/api/v1/" for p in paths)
    assert not any("*" in p or "$" in p for p in paths)


def test_unknown_api_address_in_english(client):
    response = client.get("/api/v1/no-existe/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "This API address does not exist."


def test_missing_slash_still_redirects_to_the_endpoint(client):
    response = client.get("/api/v1/entities")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/entities/"
