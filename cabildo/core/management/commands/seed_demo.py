from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cabildo.core.registry import demo_modules


class Command(BaseCommand):
    help = "Carga (o actualiza) los datos de demostración de las cuatro entidades. Idempotente."

    def handle(self, *args: Any, **options: Any) -> None:
        entities: dict[str, Any] = {}
        for module in demo_modules():
            with transaction.atomic():
                module.seed(entities=entities)
            if options["verbosity"] > 1:
                self.stdout.write(f"  {module.__name__}")
        self.stdout.write(
            self.style.SUCCESS(f"Datos de demostración listos ({len(entities)} entidades).")
        )
