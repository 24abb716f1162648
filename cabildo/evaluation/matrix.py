"""The seguimiento matrix (seed 002) and the year's measurements, on the shared import engine
(:mod:`cabildo.matrices`): exported with a stable key, imported as an update in place with a
preview.

Indicators: seed 002's six columns first, exactly as officials use them::

    ACTIVIDADES DE GESTIÓN | META | UNIDAD DE MEDIDA | INDICADOR | RESPONSABLE | PERIODICIDAD

then Cabildo's own (numeric target, numerator and denominator, dependencia, active) and the
key last, so the export still reads as the seed. PERIODICIDAD is a frequency ("Trimestral") or,
as in the seed, a month ("Diciembre": a yearly indicator reported that month). META may be
qualitative ("Diseñar la política"): a row without a numeric target is measured as done or not
(100 %). A row without CLAVE is recognised by its activity and indicator name.

Measurements: one row per period of the year of every active manual indicator (empty when not
measured yet). Changing a recorded value is a new version of the measurement with the reason
the official gives in the preview; the old value stays in the history.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.core.tabular import (
    Column,
    ParseError,
    area_parser,
    fold,
    parse_bool,
    parse_decimal,
    parse_text,
    yes_no,
)
from cabildo.evaluation import periods, services
from cabildo.evaluation.models import Indicator, IndicatorSource, Measurement, Periodicity
from cabildo.matrices.adapters import KEY_HEADER, MatrixAdapter

if TYPE_CHECKING:
    from cabildo.accounts.models import User

SEED_HEADERS = (
    "ACTIVIDADES DE GESTIÓN",
    "META",
    "UNIDAD DE MEDIDA",
    "INDICADOR",
    "RESPONSABLE",
    "PERIODICIDAD",
)
# What a qualitative goal is measured against: done (1 of 1) is 100 %.
DEFAULT_TARGET = Decimal(100)


# ---------------------------------------------------------------- PERIODICIDAD


def _month_names() -> dict[str, int]:
    """Spanish month names (the seed's), and the active language's, folded."""
    spanish = (
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    )
    found = {name: number for number, name in enumerate(spanish.split(), start=1)}
    found["setiembre"] = 9
    found.update({fold(name): number for number, name in MONTHS.items()})
    return found


def parse_periodicity(value: Any) -> str:
    """A frequency ("Trimestral") → its code; a month ("Diciembre") → ``"12"`` (yearly)."""
    if value in (None, ""):
        return ""
    key = fold(value)
    for code, label in Periodicity.choices:
        if key in (fold(code), fold(label)):
            return code
    month = _month_names().get(key)
    if month:
        return str(month)
    allowed = ", ".join(str(label) for _code, label in Periodicity.choices)
    raise ParseError(
        _("Periodicidad no válida «%(value)s»: escriba %(allowed)s o un mes (p. ej. Diciembre).")
        % {"value": parse_text(value), "allowed": allowed}
    )


def periodicity_text(value: str) -> str:
    if value and value.isdigit():
        return str(MONTHS[int(value)]).capitalize()
    return str(dict(Periodicity.choices).get(value, value or ""))


def periodicity_of(indicator: Indicator) -> str:
    if indicator.periodicity == Periodicity.YEARLY and indicator.due_month:
        return str(indicator.due_month)
    return indicator.periodicity


def periodicity_fields(value: str) -> dict[str, Any]:
    if value.isdigit():
        return {"periodicity": Periodicity.YEARLY, "due_month": int(value)}
    return {"periodicity": value or Periodicity.YEARLY, "due_month": None}


# ---------------------------------------------------------------- indicators


def parse_target(value: Any) -> Decimal | None:
    """META NUMÉRICA (%): 80 or "80 %" (the export writes the number of percent points)."""
    if value in (None, ""):
        return None
    number = parse_decimal(str(value).replace("%", "").strip())
    if number is not None and number > 1000:
        raise ParseError(_("La meta numérica debe estar entre 0 y 1000 %."))
    return number


INDICATOR_KEYS = (
    "management_activity",
    "goal",
    "unit",
    "name",
    "responsible",
    "target",
    "numerator_description",
    "denominator_description",
    "area",
)


def indicator_columns(entity_id: int) -> list[Column]:
    return [
        Column(SEED_HEADERS[0], "management_activity", width=60),
        Column(SEED_HEADERS[1], "goal", width=35),
        Column(SEED_HEADERS[2], "unit", required=True, width=30),
        Column(SEED_HEADERS[3], "name", required=True, width=45),
        Column(SEED_HEADERS[4], "responsible", width=25),
        Column(
            SEED_HEADERS[5],
            "periodicity",
            parse_periodicity,
            export=periodicity_text,
            width=14,
        ),
        Column("META NUMÉRICA (%)", "target", parse_target, kind="decimal", width=12),
        Column("NUMERADOR", "numerator_description", width=35),
        Column("DENOMINADOR", "denominator_description", width=35),
        Column(
            "DEPENDENCIA",
            "area",
            area_parser(entity_id),
            export=lambda a: a.name if a else "",
            width=25,
        ),
        Column("ACTIVO", "is_active", parse_active, export=yes_no, width=8),
    ]


def parse_active(value: Any) -> bool:
    """ACTIVO: «Sí»/«No»; a blank cell is the default, active (a row added in the spreadsheet
    under the exported columns leaves it empty and must not arrive switched off)."""
    if value is None or fold(value) == "":
        return True
    return parse_bool(value)


class IndicatorMatrix(MatrixAdapter):
    """The seguimiento matrix: one row per indicator (seed 002's columns first)."""

    kind = "indicadores"
    prefix = "I"
    title = gettext_lazy("Matriz de seguimiento (indicadores)")
    sheet_name = "Seguimiento"
    permission = "evaluation.change_indicator"

    def data_columns(self) -> list[Column]:
        return indicator_columns(self.entity.pk)

    def columns(self) -> list[Column]:
        # The seed's columns first: the key goes last, after Cabildo's own.
        return [*self.data_columns(), Column(KEY_HEADER, "key", width=10)]

    def objects(self) -> Sequence[Indicator]:
        return list(
            Indicator.objects.for_entity(self.entity).select_related("area").order_by("order", "pk")
        )

    def values_of(self, obj: Indicator) -> dict[str, Any]:
        values = {key: getattr(obj, key) for key in INDICATOR_KEYS}
        values["periodicity"] = periodicity_of(obj)
        values["is_active"] = obj.is_active
        return values

    def natural_key(self, values: dict[str, Any]) -> Any:
        name = fold(values.get("name"))
        return (fold(values.get("management_activity")), name) if name else None

    def _fields(self, values: dict[str, Any], changed: set[str], *, new: bool) -> dict[str, Any]:
        fields = {k: values[k] for k in INDICATOR_KEYS if k in values and k in changed}
        if "periodicity" in changed and "periodicity" in values:
            fields.update(periodicity_fields(values["periodicity"]))
        if "is_active" in changed and "is_active" in values:
            fields["is_active"] = values["is_active"]
        if new:
            # Seed 002 has no formula: a qualitative goal is measured as done (1 of 1).
            if fields.get("target") is None:
                fields["target"] = DEFAULT_TARGET
            fields["numerator_description"] = fields.get("numerator_description") or _(
                "Logro alcanzado"
            )
            fields["denominator_description"] = fields.get("denominator_description") or _(
                "Logro programado"
            )
            fields.setdefault("is_active", True)
            fields["source"] = IndicatorSource.MANUAL
        elif "target" in fields and fields["target"] is None:
            fields["target"] = DEFAULT_TARGET
        return fields

    def check(self, *, obj: Any, values: dict[str, Any]) -> None:
        indicator = Indicator(entity=self.entity) if obj is None else copy.copy(obj)
        for name, value in self._fields(values, set(values), new=obj is None).items():
            setattr(indicator, name, value)
        indicator.full_clean()

    def save(
        self, *, obj: Any, values: dict[str, Any], changed: set[str], user: User | None, reason: str
    ) -> Any:
        return services.indicator_save(
            entity=self.entity,
            data=self._fields(values, changed, new=obj is None),
            indicator=None if obj is None else Indicator.objects.get(pk=obj.pk),
        )

    def back_url(self) -> str:
        return reverse("evaluation:matrix")

    def filename(self) -> str:
        return f"matriz-seguimiento-{self.entity.slug}"


# ---------------------------------------------------------------- measurements


@dataclass
class Slot:
    """One period of one indicator in the year, with its current measurement if any."""

    indicator: Indicator
    year: int
    period: int
    measurement: Measurement | None

    @property
    def pk(self) -> int:
        # Unique per indicator and period (at most 12 periods a year).
        return self.indicator.pk * 100 + self.period

    @property
    def label(self) -> str:
        return periods.label(self.indicator.periodicity, self.year, self.period)


def parse_amount(value: Any) -> Decimal | None:
    return parse_decimal(value)


class MeasurementMatrix(MatrixAdapter):
    """The measurements of one year (``target``): a row per period of each active manual
    indicator. CLAVE ``M-<indicator>-<period>``; without it, INDICADOR and PERIODO."""

    kind = "mediciones"
    prefix = "M"
    title = gettext_lazy("Mediciones de los indicadores")
    sheet_name = "Mediciones"
    permission = "evaluation.add_measurement"
    export_only = ("indicator", "period_label", "value")

    @property
    def year(self) -> int:
        return int(self.target or 0)

    def data_columns(self) -> list[Column]:
        return [
            Column("INDICADOR", "indicator", required=True, width=45),
            Column("PERIODO", "period_label", required=True, width=20),
            Column("NUMERADOR", "numerator", parse_amount, width=12),
            Column("DENOMINADOR", "denominator", parse_amount, width=12),
            Column("RESULTADO (%)", "value", parse_amount, width=12),
            Column("OBSERVACIONES", "notes", width=40),
        ]

    def columns(self) -> list[Column]:
        return [*self.data_columns(), Column(KEY_HEADER, "key", width=12)]

    @cached_property
    def _slots(self) -> list[Slot]:
        indicators = list(
            Indicator.objects.for_entity(self.entity)
            .filter(is_active=True, source=IndicatorSource.MANUAL)
            .order_by("order", "pk")
        )
        current = {
            (m.indicator_id, m.period): m
            for m in Measurement.objects.for_entity(self.entity)
            .current()
            .filter(year=self.year, indicator__in=indicators)
        }
        return [
            Slot(indicator, self.year, period, current.get((indicator.pk, period)))
            for indicator in indicators
            for period in range(1, periods.periods_in_year(indicator.periodicity) + 1)
        ]

    def objects(self) -> Sequence[Slot]:
        self.__dict__.pop("_slots", None)  # the database as it is now
        return self._slots

    def values_of(self, obj: Slot) -> dict[str, Any]:
        m = obj.measurement
        return {
            "indicator": obj.indicator.name,
            "period_label": obj.label,
            "numerator": m.numerator if m else None,
            "denominator": m.denominator if m else None,
            "value": m.value if m else None,
            "notes": m.notes if m else "",
        }

    def key_of(self, obj: Slot) -> str:
        return f"{self.prefix}-{obj.indicator.pk}-{obj.period}"

    def pk_of_key(self, key: Any) -> int | None:
        parts = str(key or "").strip().upper().split("-")
        if len(parts) != 3 or parts[0] != self.prefix or not all(p.isdigit() for p in parts[1:]):
            return None
        return int(parts[1]) * 100 + int(parts[2])

    def natural_key(self, values: dict[str, Any]) -> Any:
        return (fold(values.get("indicator")), fold(values.get("period_label")))

    def name_of(self, values: dict[str, Any]) -> str:
        return f"{values.get('indicator') or ''} · {values.get('period_label') or ''}"

    def reason_needed(self, preview: Any) -> bool:
        slots = {s.pk: s for s in self._slots}
        return any(
            slots[row.object_id].measurement is not None
            for row in preview.changed
            if row.object_id in slots
        )

    def check(self, *, obj: Any, values: dict[str, Any]) -> None:
        if obj is None:
            raise ValidationError(
                {
                    "indicator": _(
                        "No hay un indicador activo «%(indicator)s» con el periodo «%(period)s» "
                        "en la vigencia %(year)s."
                    )
                    % {
                        "indicator": values.get("indicator") or "",
                        "period": values.get("period_label") or "",
                        "year": self.year,
                    }
                }
            )
        numerator, denominator = values.get("numerator"), values.get("denominator")
        if (numerator is None) != (denominator is None):
            field = "denominator" if denominator is None else "numerator"
            raise ValidationError({field: _("Escriba el numerador y el denominador.")})
        if obj.measurement is None and numerator is None and values.get("notes"):
            raise ValidationError({"numerator": _("Escriba el numerador y el denominador.")})
        if obj.measurement is not None and numerator is None:
            raise ValidationError(
                {"numerator": _("El periodo ya tiene una medición: no se borra desde la matriz.")}
            )
        if denominator == 0 and numerator:
            raise ValidationError(
                {
                    "denominator": _(
                        "Con denominador cero no puede haber numerador: revise las cifras."
                    )
                }
            )
        if too_large := Measurement.ratio_error(numerator, denominator):
            raise ValidationError({"numerator": too_large})

    def save(
        self, *, obj: Any, values: dict[str, Any], changed: set[str], user: User | None, reason: str
    ) -> Any:
        return services.measurement_record(
            indicator=obj.indicator,
            year=obj.year,
            period=obj.period,
            numerator=values["numerator"],
            denominator=values["denominator"],
            notes=values.get("notes", obj.measurement.notes if obj.measurement else ""),
            user=user,
            reason=reason if obj.measurement is not None else "",
        )

    def back_url(self) -> str:
        return reverse("evaluation:matrix") + f"?anio={self.year}"

    def filename(self) -> str:
        return f"mediciones-{self.entity.slug}-{self.year}"
