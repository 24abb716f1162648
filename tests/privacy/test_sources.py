"""Personal-data sources declared on each app's AppConfig (cabildo.privacy.sources): every
declared model and field exists, and a wrong declaration fails loudly (system check and
reading), never silently dropping a model from data-subject search and anonymization."""

from __future__ import annotations

import dataclasses

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from cabildo.privacy import sources

# Models known to hold citizens' personal data: each must stay declared.
EXPECTED = {
    "pqrs.petition",
    "execution.registration",
    "execution.contribution",
    "plans.observation",
    "bodies.bodymember",
    "exercises.surveyresponse",
    "exercises.forumcomment",
    "privacy.consent",
}


def test_every_declared_field_exists():
    declared = sources.declared_sources()
    assert {s.key for s in declared} >= EXPECTED
    for source in declared:
        assert sources.source_problems(source) == [], source.key
        model = apps.get_model(source.key)
        for name in [*source.identity_fields, *source.show]:
            model._meta.get_field(name)  # raises FieldDoesNotExist
    assert sources.check_sources() == []
    assert [s.key for s, _model in sources.available_sources()] == [s.key for s in declared]


def test_each_source_is_declared_by_its_own_app():
    for config in apps.get_app_configs():
        for source in getattr(config, "personal_data", []):
            assert source.key.split(".")[0] == config.label


@pytest.fixture
def renamed_field(monkeypatch):
    config = apps.get_app_config("execution")
    broken = [
        dataclasses.replace(s, phone="telefono") if s.key == "execution.registration" else s
        for s in config.personal_data
    ]
    monkeypatch.setattr(config, "personal_data", broken)


@pytest.mark.usefixtures("renamed_field")
def test_a_renamed_field_is_an_error_not_a_skip():
    errors = sources.check_sources()
    assert [(e.id, e.msg) for e in errors] == [
        ("privacy.E001", "execution.registration.telefono: no such field")
    ]
    with pytest.raises(ImproperlyConfigured, match="telefono"):
        sources.available_sources()


def test_a_missing_model_is_an_error(monkeypatch):
    config = apps.get_app_config("plans")
    ghost = sources.Source("plans.ghost", "Fantasma", email="email")
    monkeypatch.setattr(config, "personal_data", [*config.personal_data, ghost])
    assert [e.msg for e in sources.check_sources()] == ["plans.ghost: no such model"]


def test_anonymized_values_blank_identity_and_name_the_person_anonymous():
    source = sources.source_by_key("pqrs.petition")
    assert source is not None
    values = source.anonymized_values()
    assert values["requester_name"] == sources.ANONYMOUS_NAME
    assert values["requester_email"] == values["requester_address"] == ""
