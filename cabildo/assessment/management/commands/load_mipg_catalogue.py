from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from cabildo.assessment.catalogue import (
    DEFAULT_CSV,
    DEFAULT_NAME,
    DEFAULT_VERSION,
    load_catalogue,
)


class Command(BaseCommand):
    help = "Load (idempotently) a version of the MIPG participation activity catalogue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--csv", default=str(DEFAULT_CSV))
        parser.add_argument("--name", default=DEFAULT_NAME)
        parser.add_argument("--version-label", default=DEFAULT_VERSION)
        parser.add_argument("--published", default=None, help="YYYY-MM-DD")
        parser.add_argument("--not-current", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        published = date.fromisoformat(options["published"]) if options["published"] else None
        version = load_catalogue(
            path=Path(options["csv"]),
            name=options["name"],
            version_label=options["version_label"],
            published_on=published,
            make_current=not options["not_current"],
        )
        self.stdout.write(f"{version}: {version.activities.count()} activities")
