"""Filing numbers under concurrent submissions (PostgreSQL: real row locks)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from cabildo.pqrs.models import Petition, PetitionKind
from cabildo.pqrs.services.configuration import kinds_ensure_defaults, settings_for
from cabildo.pqrs.services.filing import petition_file
from tests.factories import EntityFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_get_distinct_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    entity = EntityFactory(slug="concurrencia")
    kinds_ensure_defaults(entity=entity)
    settings_for(entity=entity)
    kind = PetitionKind.objects.get(entity=entity, code="peticion_general")

    def submit(i: int) -> str:
        try:
            result = petition_file(
                entity=entity,
                kind=kind,
                subject=f"Petición {i}",
                description="Prueba de concurrencia",
                anonymous=True,
            )
            return result.petition.filing_number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(submit, range(100)))

    assert len(set(numbers)) == 100
    sequences = sorted(Petition.objects.filter(entity=entity).values_list("sequence", flat=True))
    assert sequences == list(range(1, 101))
