"""The instancias matrix export and import open on the year the sistema view shows by default
(the latest year characterized up to this year), not on today's year nor on a later one."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from tests.bodies.factories import BodyCharacterizationFactory, ParticipationBodyFactory

pytestmark = pytest.mark.django_db


def test_export_and_import_default_to_the_sistema_views_year(staff_client, entity):
    this_year = timezone.localdate().year
    body = ParticipationBodyFactory(entity=entity)
    for year in (this_year - 4, this_year - 2, this_year + 1):  # a later year does not count
        BodyCharacterizationFactory(entity=entity, body=body, year=year)
    shown = this_year - 2
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    overview = client.get(reverse("bodies:overview"))
    assert overview.context["year"] == shown
    page = client.get(reverse("bodies:list")).content.decode()
    assert f'id="matrix-year" name="anio" min="2000" max="2100" value="{shown}"' in page
    export = client.get(reverse("bodies:matrix_export"))
    assert export["Content-Disposition"].endswith(f'-{shown}.xlsx"')
    upload = client.get(reverse("bodies:matrix_import"))
    assert upload.context["form"].initial["year"] == shown
    # The sistema view links the export of the year it shows, whichever is chosen.
    html = client.get(reverse("bodies:overview"), {"anio": this_year - 4}).content.decode()
    assert f"{reverse('bodies:matrix_export')}?anio={this_year - 4}" in html
