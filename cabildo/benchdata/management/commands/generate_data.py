"""``manage.py generate_data --entity cali --scale cali``: synthetic data for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cabildo.benchdata.generator import generate
from cabildo.benchdata.scales import SCALES
from cabildo.core.models import Entity
from cabildo.pqrs.models import Petition


class Command(BaseCommand):
    help = (
        "Genera datos sintéticos realistas para una entidad (dependencias, grupos de valor, "
        "instancias, plan, eventos, inscripciones, aportes y PQRSD) con COPY en PostgreSQL."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--entity", required=True, help="Identificador (slug) de la entidad.")
        parser.add_argument("--scale", required=True, choices=sorted(SCALES), help="Escala.")
        parser.add_argument("--seed", type=int, default=2018, help="Semilla aleatoria.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="No hacer nada si la entidad ya tiene peticiones (reutilizar los datos).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        entity = Entity.objects.filter(slug=options["entity"]).first()
        if entity is None:
            raise CommandError(
                f"No existe la entidad «{options['entity']}»: cree las entidades con "
                "`manage.py seed_demo --only core`."
            )
        scale = SCALES[options["scale"]]
        if options["if_empty"]:
            existing = Petition.objects.filter(entity=entity).count()
            if existing:
                self.stdout.write(f"{entity.slug} ya tiene {existing} peticiones: se reutilizan.")
                return
        verbose = options["verbosity"] > 0
        report = generate(
            entity=entity,
            scale=scale,
            seed=options["seed"],
            progress=(lambda message: self.stdout.write(f"  {message}")) if verbose else None,
        )
        for label, (rows, seconds) in sorted(report.tables.items()):
            rate = rows / seconds if seconds else 0
            self.stdout.write(f"  {label:28} {rows:>10,} filas  {rate:>10,.0f} filas/s")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.rows:,} filas en {report.seconds:.1f} s "
                f"({report.rows_per_second:,.0f} filas/s) para {entity.slug}, escala {scale.name}."
            )
        )
