"""The open dataset of published survey results and the Participa links."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cabildo.core.registry import open_datasets, participa_links
from cabildo.exercises import services
from cabildo.exercises.models import Identification
from tests.exercises.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def _published(entity, n: int = 1, published: bool = True):
    for i in range(n):
        survey = SurveyFactory(
            entity=entity,
            identification=Identification.IDENTIFIED,
            results_published=published,
            title=f"Encuesta {'publicada' if published else 'reservada'} {i}",
        )
        question = services.question_save(
            survey=survey, text="¿Conoce el plan?", kind="unica", options=["Sí", "No"]
        )
        text = services.question_save(survey=survey, text="Propuestas", kind="texto_corto")
        services.survey_answer(
            survey=survey,
            values={question.pk: question.options.first().pk, text.pk: "Texto libre secreto"},
            email=f"persona{i}{published}@correo.test",
            consent_given=True,
        )


def test_dataset_and_links_are_registered():
    assert "resultados-encuestas" in [d.slug for d in open_datasets()]
    names = {link.url_name for link in participa_links()}
    assert {
        "exercises:public_surveys",
        "exercises:public_forums",
        "exercises:public_diagnoses",
    } <= names


def test_csv_has_published_aggregates_only(client, entity):
    _published(entity)
    _published(entity, published=False)
    cache.clear()
    url = reverse("opendata:csv", args=["resultados-encuestas"])
    body = client.get(url, {"entidad": entity.slug}).content.decode("utf-8")
    assert "Encuesta publicada 0" in body and "¿Conoce el plan?" in body
    assert "reservada" not in body
    assert "Texto libre secreto" not in body and "@correo.test" not in body


def test_dataset_runs_a_constant_number_of_queries(client, entity):
    url = reverse("opendata:csv", args=["resultados-encuestas"])

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"entidad": entity.slug}).status_code == 200
        return len(ctx.captured_queries)

    _published(entity, 2)
    client.get(url, {"entidad": entity.slug})  # the session remembers the entity once
    few = count()
    _published(entity, 10)
    assert count() == few
