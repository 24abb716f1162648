"""Changing entity is at the top of Mi escritorio, not after every section."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_entity_switch_heads_the_desk(staff_client, entity, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    MembershipFactory(user=client.user, entity=other_entity, role=Role.VIEWER)
    html = client.get(reverse("accounts:desk")).content.decode()
    switch = html.index('id="switch-title"')
    assert switch < html.index("Sus roles:")
    assert f"/{other_entity.slug}/cuentas/escritorio/" in html[switch:]
    assert html.count('id="switch-title"') == 1
