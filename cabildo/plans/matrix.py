"""The plan de participación matrix on the shared import engine (:mod:`cabildo.matrices`).

One row per activity of a plan version (the import's ``target``), seed 002's seguimiento
columns first, then the rest of the plan (instancia, grupos de valor, canal, MURC…). Every
exported row carries its key (``CLAVE``, ``A-<id>``); an import matches a row by that key (an
activity of this version, or the one it was copied from in the previous version, so last
version's file updates the new one), or, for workbooks that never came from Cabildo, by
activity name and dependencia. The engine does the rest: the preview field by field, the
withdrawal of absent activities when the official ticks "retirar", one transaction, the
audit record (:class:`~cabildo.matrices.models.MatrixImport`, kind ``plan``).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.core.models import Entity
from cabildo.core.tabular import (
    Column,
    area_parser,
    choice_column,
    choice_parser,
    fold,
    lookup_parser,
    multi_parser,
    parse_bool,
    parse_date,
    parse_decimal,
    yes_no,
)
from cabildo.matrices.adapters import MatrixAdapter
from cabildo.matrices.services import comparable
from cabildo.plans import services
from cabildo.plans.models import (
    Channel,
    CyclePhase,
    IncidenceLevel,
    Mechanism,
    MurcAction,
    PlannedActivity,
    PlanVersion,
    Procedure,
    ordered_channels,
)
from cabildo.plans.selectors import body_model, stakeholder_group_model, version_activities

if TYPE_CHECKING:
    from cabildo.accounts.models import User

SHEET_TITLE = "Plan de participación"

# The activity's fields the matrix holds, compared and written (the column keys).
FIELDS = (
    "name",
    "description",
    "goal",
    "unit",
    "indicator",
    "responsible",
    "periodicity",
    "area",
    "phase",
    "procedure",
    "incidence_level",
    "body",
    "other_space",
    "stakeholder_groups",
    "channels",
    "mechanism",
    "methodology",
    "alliances",
    "start_date",
    "end_date",
    "budget",
    "is_accountability",
    "murc_action",
)


def parse_budget(value: Any) -> Decimal:
    """An empty PRESUPUESTO is no budget (0), as the activity form has it."""
    return parse_decimal(value) or Decimal("0.00")


CHANNEL_LABELS = dict(Channel.choices)
_channel_list = multi_parser(choice_parser(Channel.choices))


def parse_channels(value: Any) -> list[str]:
    """ "Presencial; Virtual": one or several channels, kept in the catalogue's order (so a
    cell that lists them in another order changes nothing)."""
    return ordered_channels(_channel_list(value))


def columns(entity: Entity | int) -> list[Column]:
    """The matrix's data columns (CLAVE comes first, from the engine): seed 002's seguimiento
    columns, then the rest of the plan."""
    entity_id = entity if isinstance(entity, int) else entity.pk
    bodies = list(body_model().objects.filter(entity_id=entity_id))
    groups = list(stakeholder_group_model().objects.filter(entity_id=entity_id))
    group_parser = lookup_parser(
        groups, lambda g: [g.name], _("No existe el grupo de valor «%(value)s» en la entidad.")
    )
    return [
        Column("ACTIVIDAD", "name", required=True, width=40),
        Column("META", "goal", width=24),
        Column("UNIDAD DE MEDIDA", "unit"),
        Column("INDICADOR", "indicator", width=30),
        Column("RESPONSABLE", "responsible", width=24),
        Column("PERIODICIDAD", "periodicity"),
        Column(
            "DEPENDENCIA",
            "area",
            area_parser(entity_id),
            required=True,
            export=lambda a: a.name if a else "",
            width=30,
        ),
        choice_column("FASE", "phase", CyclePhase.choices, required=True),
        choice_column("PROCEDIMIENTO", "procedure", Procedure.choices, required=True),
        choice_column(
            "NIVEL DE INCIDENCIA", "incidence_level", IncidenceLevel.choices, required=True
        ),
        Column(
            "INSTANCIA DE PARTICIPACIÓN",
            "body",
            lookup_parser(
                bodies,
                lambda b: [b.name, b.acronym],
                _("No existe la instancia «%(value)s» en la entidad."),
            ),
            export=lambda b: b.name if b else "",
            width=30,
        ),
        Column("OTRO ESPACIO", "other_space", width=24),
        Column(
            "GRUPOS DE VALOR",
            "stakeholder_groups",
            multi_parser(group_parser),
            export=lambda gs: "; ".join(sorted(g.name for g in gs or [])),
            width=30,
        ),
        Column(
            "CANALES",
            "channels",
            parse_channels,
            required=True,
            export=lambda codes: "; ".join(str(CHANNEL_LABELS.get(c, c)) for c in codes or []),
            aliases=("CANAL",),
        ),
        choice_column("MECANISMO", "mechanism", Mechanism.choices, required=True),
        Column("DESCRIPCIÓN", "description", width=40),
        Column("METODOLOGÍA", "methodology", width=40),
        Column("ALIANZAS Y CONVENIOS", "alliances", width=30),
        Column("FECHA INICIO", "start_date", parse_date),
        Column("FECHA FIN", "end_date", parse_date),
        Column("PRESUPUESTO", "budget", parse_budget, kind="decimal", width=16),
        Column("RENDICIÓN DE CUENTAS", "is_accountability", parse_bool, export=yes_no),
        choice_column("ACCIÓN MURC", "murc_action", MurcAction.choices),
    ]


class PlanMatrix(MatrixAdapter):
    """The activities of one plan version (``target`` is the version's id)."""

    kind = "plan"
    prefix = "A"
    title = gettext_lazy("Matriz del plan de participación")
    sheet_name = SHEET_TITLE
    permission = "plans.import_participationplan"
    can_withdraw = True

    @cached_property
    def version(self) -> PlanVersion:
        return get_object_or_404(
            PlanVersion.objects.for_entity(self.entity).select_related("plan"), pk=self.target
        )

    def permission_object(self) -> Any:
        return self.version

    def back_url(self) -> str:
        return reverse("plans:version_detail", kwargs={"pk": self.version.pk})

    def refusal(self) -> str:
        if services.is_editable(self.version):
            return ""
        return _("La versión no admite cambios en su estado actual.")

    def data_columns(self) -> list[Column]:
        return columns(self.entity.pk)

    def objects(self) -> Sequence[PlannedActivity]:
        return version_activities(version=self.version)

    def values_of(self, obj: PlannedActivity) -> dict[str, Any]:
        values = {name: getattr(obj, name) for name in FIELDS if name != "stakeholder_groups"}
        values["stakeholder_groups"] = list(obj.stakeholder_groups.all())
        return values

    def object_of_key(self, pk: int, by_pk: dict[int, Any]) -> Any:
        # A row of the previous version's file updates the activity copied from it.
        if pk in by_pk:
            return by_pk[pk]
        return next((a for a in by_pk.values() if a.copied_from_id == pk), None)

    def natural_key(self, values: dict[str, Any]) -> Any:
        name, area = fold(values.get("name")), values.get("area")
        return (name, area.pk) if name and area is not None else None

    def name_of(self, values: dict[str, Any]) -> str:
        return str(values.get("name") or "")

    def check(self, *, obj: Any, values: dict[str, Any]) -> None:
        """The model's own rules (one space, MURC, dates in the vigencia) on the row."""
        if obj is not None:
            candidate = copy.copy(obj)
        else:
            candidate = PlannedActivity(entity_id=self.entity.pk, version=self.version)
        for name, value in values.items():
            if name in FIELDS and name != "stakeholder_groups":
                setattr(candidate, name, "" if value is None and name == "murc_action" else value)
        candidate.full_clean(exclude=["version", "copied_from", "stakeholder_groups"])

    def save(
        self, *, obj: Any, values: dict[str, Any], changed: set[str], user: User | None, reason: str
    ) -> Any:
        data = {name: values[name] for name in FIELDS if name in values and name in changed}
        activity = PlannedActivity.objects.get(pk=obj.pk) if obj is not None else None
        return services.activity_save(version=self.version, activity=activity, data=data, user=user)

    def withdraw(self, *, obj: Any, user: User | None) -> None:
        services.activity_delete(activity=obj, user=user)

    def filename(self) -> str:
        version = self.version
        return slugify(f"plan-participacion-{version.plan.year}-v{version.number}")


class PublicPlanMatrix(PlanMatrix):
    """The citizens' download: the same matrix without the keys (they only serve to import)."""

    with_key = False


def export_xlsx(*, version: PlanVersion, with_key: bool = True) -> bytes:
    """The workbook, in Spanish whatever the interface's language (the file's language)."""
    adapter = PlanMatrix if with_key else PublicPlanMatrix
    return adapter(entity=version.entity, target=version.pk).export_xlsx()


def response(
    version: PlanVersion, *, fmt: str = "xlsx", delimiter: str = ",", with_key: bool = True
) -> HttpResponse:
    """The matrix as a download: XLSX, or CSV (UTF-8 with BOM, ``,`` or ``;``)."""
    adapter = PlanMatrix if with_key else PublicPlanMatrix
    return adapter(entity=version.entity, target=version.pk).response(fmt=fmt, delimiter=delimiter)


def activity_values(activity: PlannedActivity) -> dict[str, str]:
    """The activity as its row of the matrix reads, cell by cell (what an import compares)."""
    adapter = PlanMatrix(entity=activity.entity, target=activity.version_id)
    values = adapter.values_of(activity)
    return {
        c.key: comparable(c, values.get(c.key)) for c in adapter.file_columns() if c.key in FIELDS
    }
