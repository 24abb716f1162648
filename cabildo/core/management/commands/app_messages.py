"""``make messages``: refresh each app's own English catalogue (``cabildo/<app>/locale/``).

makemessages must run with the app folder as the current directory so that each app keeps its
own catalogue; running it through ``manage.py`` from there breaks imports (Celery's Django
fixup puts the current directory first on ``sys.path``, so ``rules.py`` shadows the library),
so this command changes directory only after Django is set up.
"""

import os
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand


def _js_uses_gettext(static: Path) -> bool:
    """Whether the app's own JavaScript has strings to translate (``gettext(`` calls)."""
    return any(
        "gettext(" in js.read_text(encoding="utf-8", errors="ignore")
        for js in static.rglob("*.js")
        if "vendor" not in js.parts
    )


class Command(BaseCommand):
    help = "Actualiza el catálogo en inglés de cada aplicación de Cabildo y lo compila."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--locale", default="en")
        parser.add_argument("--no-compile", action="store_true")
        parser.add_argument(
            "--app",
            action="append",
            default=[],
            help="Solo estas aplicaciones (etiqueta, p. ej. --app execution); repetible.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cwd = os.getcwd()
        try:
            for config in apps.get_app_configs():
                if not config.name.startswith("cabildo."):
                    continue
                if options["app"] and config.label not in options["app"]:
                    continue
                path = Path(config.path)
                (path / "locale").mkdir(exist_ok=True)
                os.chdir(path)
                call_command(
                    "makemessages", locale=[options["locale"]], no_obsolete=True, verbosity=0
                )
                if _js_uses_gettext(path / "static"):
                    call_command(
                        "makemessages",
                        domain="djangojs",
                        locale=[options["locale"]],
                        no_obsolete=True,
                        verbosity=0,
                    )
                if not options["no_compile"]:
                    call_command("compilemessages", locale=[options["locale"]], verbosity=0)
                self.stdout.write(f"  {config.label}: locale/{options['locale']}")
        finally:
            os.chdir(cwd)
