"""Loading the MIPG participation activity catalogue shipped with the project.

The CSV in ``cabildo/assessment/data/`` is the seed list (32 activities with the seed 003
categories). Loading is idempotent: the same version loaded twice changes nothing; a new
version label creates a new catalogue and leaves past assessments on theirs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from cabildo.assessment.models import (
    AssessmentCategory,
    AssessmentComponent,
    CatalogueVersion,
    ManagementActivity,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CSV = DATA_DIR / "mipg_participation_activities.csv"
DEFAULT_NAME = "Función Pública – Política de Participación Ciudadana"
DEFAULT_VERSION = "2019-seed"
DEFAULT_PUBLISHED = date(2019, 1, 1)
UNVERIFIED_SUFFIX = "(unverified)"


@dataclass(frozen=True)
class CatalogueRow:
    code: str
    component: str
    category: str
    activity: str
    suggested_alternative: str
    suggested_months: int | None


def _clean_component(name: str) -> str:
    name = name.strip()
    if name.endswith(UNVERIFIED_SUFFIX):
        name = name[: -len(UNVERIFIED_SUFFIX)].strip()
    return name


def read_rows(path: Path = DEFAULT_CSV) -> list[CatalogueRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for raw in reader:
            months = (raw.get("cartago_months") or "").strip()
            rows.append(
                CatalogueRow(
                    code=raw["code"].strip(),
                    component=_clean_component(raw["component"]),
                    category=raw["category"].strip(),
                    activity=raw["activity"].strip(),
                    suggested_alternative=(
                        raw.get("cartago_improvement_alternative") or ""
                    ).strip(),
                    suggested_months=int(months) if months else None,
                )
            )
    return rows


@transaction.atomic
def load_catalogue(
    *,
    path: Path = DEFAULT_CSV,
    name: str = DEFAULT_NAME,
    version_label: str = DEFAULT_VERSION,
    published_on: date | None = DEFAULT_PUBLISHED,
    make_current: bool = True,
) -> CatalogueVersion:
    """Create (or update in place) one catalogue version from a CSV file."""
    rows = read_rows(path)
    version, _created = CatalogueVersion.objects.update_or_create(
        name=name,
        version_label=version_label,
        defaults={
            "published_on": published_on,
            "source_note": (
                "Lista de actividades de los documentos semilla (Concejo de Cartago, "
                "FONDESER). Nombres de componentes sin verificar contra el libro oficial."
            ),
        },
    )
    components: dict[str, AssessmentComponent] = {}
    categories: dict[tuple[str, str], AssessmentCategory] = {}
    for order, row in enumerate(rows, start=1):
        component = components.get(row.component)
        if component is None:
            component, _c = AssessmentComponent.objects.update_or_create(
                version=version,
                order=len(components) + 1,
                defaults={"name": row.component},
            )
            components[row.component] = component
        key = (row.component, row.category)
        category = categories.get(key)
        if category is None:
            category_order = 1 + sum(1 for k in categories if k[0] == row.component)
            category, _c = AssessmentCategory.objects.update_or_create(
                component=component, order=category_order, defaults={"name": row.category}
            )
            categories[key] = category
        ManagementActivity.objects.update_or_create(
            version=version,
            code=row.code,
            defaults={"category": category, "order": order, "text": row.activity},
        )
    if make_current:
        CatalogueVersion.objects.exclude(pk=version.pk).update(is_current=False)
        if not version.is_current:
            version.is_current = True
            version.save(update_fields=["is_current"])
    return version


def current_version() -> CatalogueVersion:
    """The current catalogue, loading the shipped one on first use."""
    version = CatalogueVersion.objects.filter(is_current=True).first()
    if version is None:
        version = load_catalogue()
    return version
