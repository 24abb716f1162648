from typing import Any

from django.core.management.base import BaseCommand

from cabildo.accounts.demo import DEMO_PASSWORD, ROLE_LOGINS, demo_email
from cabildo.core.links import entity_root
from cabildo.core.models import Entity


class Command(BaseCommand):
    help = "Muestra los usuarios de demostración."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Usuarios de demostración (contraseña para todos: {DEMO_PASSWORD})")
        for entity in Entity.objects.with_canonical_host().order_by("name"):
            self.stdout.write(f"\n  {entity.name}: {entity_root(entity)}")
            for role in ROLE_LOGINS:
                self.stdout.write(f"    {demo_email(role, entity.slug):32} {role.label}")
