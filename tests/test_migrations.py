"""The test databases are built from the models, not by the migrations (see SCHEMA_MIGRATIONS in
tests/conftest.py). That is only true to production while ``makemigrations --check`` is clean
(the models and the migrations describe the same tables; CI checks it) and while every schema a
migration creates by hand is also applied to the test databases. These tests hold the second
half: each RunPython or RunSQL operation of the project's migrations is either known to move
rows only (nothing to do on an empty database) or applied by the test setup."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations import RunPython, RunSQL

from tests.conftest import SCHEMA_MIGRATIONS

# Migrations whose code only converts existing rows: an empty database needs none of them.
ROW_MIGRATIONS = {
    "bodies.0002_characterization_figures_from_registry",
    "plans.0004_plan_import_to_matrices",
    "plans.0006_activity_channels",
    "pqrs.0003_petition_search_index",  # an index that 0005 replaces
    "pqrs.0008_outgoing_documents_and_withdrawal",
    "stakeholders.0002_default_types",
    "stakeholders.0003_structured_characterization",
}


def _hand_written_operations() -> set[str]:
    """Read from the files: the test settings turn the migration modules off."""
    found = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("cabildo."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(package.__path__):
            migration = importlib.import_module(f"{package.__name__}.{info.name}").Migration
            if any(isinstance(op, RunPython | RunSQL) for op in migration.operations):
                found.add(f"{config.label}.{info.name}")
    return found


def test_every_hand_written_migration_is_known_to_the_test_setup():
    schema = {
        module.removeprefix("cabildo.").replace(".migrations.", ".")
        for module, _function in SCHEMA_MIGRATIONS
    }
    assert _hand_written_operations() == ROW_MIGRATIONS | schema, (
        "A migration runs code: if it creates schema (SQL, extensions, generated columns), add "
        "it to SCHEMA_MIGRATIONS in tests/conftest.py; if it only moves rows, to ROW_MIGRATIONS."
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_test_database_has_the_search_schema_of_the_migrations():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'es_unaccent'")
        assert cursor.fetchone()
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'pqrs_petition' AND column_name = 'search_document'"
        )
        row = cursor.fetchone()
        assert row and "es_unaccent" in row[0]
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'pqrs_petition_search_idx'")
        assert cursor.fetchone()
