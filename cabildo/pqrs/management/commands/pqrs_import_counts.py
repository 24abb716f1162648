"""Load yearly counts per channel from before the system (a CSV exported from old reports)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cabildo.core.models import Entity
from cabildo.pqrs.models import Channel
from cabildo.pqrs.services.configuration import YearCountRow, imported_counts_import


class Command(BaseCommand):
    help = (
        "Importa cifras anuales por canal anteriores al sistema (agregados, no peticiones). "
        "CSV con columnas: año, canal, fila, cantidad y, opcional, subcanal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entidad", help="slug de la entidad")
        parser.add_argument("archivo", help="ruta del CSV (UTF-8)")
        parser.add_argument("--fuente", required=True, help="informe de origen de las cifras")

    def handle(self, *args: Any, **options: Any) -> None:
        entity = Entity.objects.filter(slug=options["entidad"]).first()
        if entity is None:
            raise CommandError(f"No existe la entidad «{options['entidad']}».")
        channels = {str(label).lower(): code for code, label in Channel.choices}
        channels.update({code: code for code in Channel.values})
        rows = []
        with Path(options["archivo"]).open(encoding="utf-8-sig", newline="") as handle:
            for n, record in enumerate(csv.DictReader(handle), start=2):
                try:
                    rows.append(
                        YearCountRow(
                            year=int(record["año"]),
                            channel=channels.get(record["canal"].strip().lower(), record["canal"]),
                            label=record["fila"],
                            count=int(str(record["cantidad"]).replace(".", "").replace(",", "")),
                            sub_channel=(record.get("subcanal") or "").strip(),
                        )
                    )
                except (KeyError, ValueError) as exc:
                    raise CommandError(f"Línea {n}: {exc}") from exc
        try:
            saved = imported_counts_import(entity=entity, rows=rows, source=options["fuente"])
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(f"{len(saved)} cifras importadas para {entity}.")
