from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from cabildo.core.registry import demo_modules


class Command(BaseCommand):
    help = "Carga (o actualiza) los datos de demostración de las cuatro entidades. Idempotente."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--only",
            nargs="*",
            default=None,
            help="Etiquetas de las aplicaciones a sembrar (por defecto, todas).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        entities: dict[str, Any] = {}
        only = set(options["only"] or [])
        # Demo data goes through the real services, which notify citizens and staff: the
        # demo's fictitious people must not be emailed, so mail goes nowhere while seeding.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for module in demo_modules():
                label = module.__name__.split(".")[1]
                if only and label not in only:
                    continue
                with transaction.atomic():
                    module.seed(entities=entities)
                if options["verbosity"] > 1:
                    self.stdout.write(f"  {module.__name__}")
        self.stdout.write(
            self.style.SUCCESS(f"Datos de demostración listos ({len(entities)} entidades).")
        )
