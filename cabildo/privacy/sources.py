"""Where Cabildo holds personal data of citizens: each app declares its models and the fields
that identify a person on its ``AppConfig`` (``personal_data``, a list of
:class:`~cabildo.core.registry.PersonalDataSource`); the data-subject tools (search, export,
rectification, anonymization) read them here. A module that starts storing personal data
declares it in its own ``apps.py``.

A declared model or field that does not exist is an error, never a silent skip: the system
check ``privacy.E001`` (``manage.py check``, CI) names it, and reading the sources raises
:class:`~django.core.exceptions.ImproperlyConfigured`.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models

from cabildo.core.registry import ANONYMOUS_NAME, PersonalDataSource

__all__ = ["ANONYMOUS_NAME", "Source", "available_sources", "declared_sources", "source_by_key"]

Source = PersonalDataSource


def declared_sources() -> list[Source]:
    """Every app's ``personal_data``, in ``INSTALLED_APPS`` order."""
    return [s for config in apps.get_app_configs() for s in getattr(config, "personal_data", [])]


def source_problems(source: Source) -> list[str]:
    """What is wrong with a declaration: a model or a field that does not exist."""
    try:
        model = apps.get_model(source.key)
    except (LookupError, ValueError):
        return [f"{source.key}: no such model"]
    problems = []
    for name in [*source.identity_fields, *source.show]:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            problems.append(f"{source.key}.{name}: no such field")
    return problems


def source_model(source: Source) -> type[models.Model]:
    problems = source_problems(source)
    if problems:
        raise ImproperlyConfigured("Personal-data source declared wrong: " + "; ".join(problems))
    return apps.get_model(source.key)


@checks.register()
def check_sources(**kwargs: object) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            problem,
            hint="Fix the app's AppConfig.personal_data (cabildo.core.registry).",
            id="privacy.E001",
        )
        for source in declared_sources()
        for problem in source_problems(source)
    ]


def available_sources() -> list[tuple[Source, type[models.Model]]]:
    return [(s, source_model(s)) for s in declared_sources()]


def source_by_key(key: str) -> Source | None:
    return next((s for s in declared_sources() if s.key == key), None)
