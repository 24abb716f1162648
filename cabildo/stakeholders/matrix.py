"""The grupos de valor characterization matrix: one row per group (XLSX or CSV), imported
as an update in place with a preview (:mod:`cabildo.matrices`)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.core.models import Entity
from cabildo.core.tabular import (
    Column,
    choice_column,
    choice_parser,
    fold,
    lookup_parser,
    multi_parser,
    parse_date,
    parse_int,
    parse_text,
)
from cabildo.matrices.adapters import MatrixAdapter
from cabildo.stakeholders import catalogues, services
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType, TechnologyAccess, Zone
from cabildo.territories.models import Territory

if TYPE_CHECKING:
    from cabildo.accounts.models import User

KEYS = [
    "name",
    "type",
    "territory",
    "zone",
    "interest_topics",
    "languages",
    "technology_access",
    "channels",
    "participation_spaces",
    "participation_frequency",
    "notes",
    "estimated_size",
    "organisation_contact",
    "characterized_on",
]


COUNT_KEYS = [f"{v.key}:{code}" for v in catalogues.COUNTED for code in v.codes]


def count_key(variable: str, code: str) -> str:
    return f"{variable}:{code}"


def _listed_column(variable: catalogues.Variable) -> Column:
    """Several catalogue values in one cell, separated by ";" (labels or codes)."""
    labels = dict(variable.choices)
    return Column(
        str(variable.label),
        variable.key,
        multi_parser(choice_parser(variable.choices)),
        export=lambda codes: [str(labels.get(c, c)) for c in codes or []],
    )


def flat_counts(group: StakeholderGroup) -> dict[str, int | None]:
    """The group's composition as one value per count column (blank when not reported)."""
    return {
        count_key(v.key, code): group.counts(v.key).get(code)
        for v in catalogues.COUNTED
        for code in v.codes
    }


def composition_of(values: dict[str, Any]) -> dict[str, dict[str, int]]:
    composition: dict[str, dict[str, int]] = {}
    for v in catalogues.COUNTED:
        read = {code: values.get(count_key(v.key, code)) for code in v.codes}
        counts: dict[str, int] = {code: n for code, n in read.items() if n}
        if counts:
            composition[v.key] = counts
    return composition


def columns(entity: Entity) -> list[Column]:
    types = list(StakeholderType.objects.for_entity(entity))
    territories = list(Territory.objects.for_entity(entity))
    return [
        Column(_("Nombre"), "name", parse_text, required=True),
        Column(
            _("Tipo"),
            "type",
            lookup_parser(
                types, lambda t: [t.name], _("El tipo «%(value)s» no existe en la entidad.")
            ),
            True,
            lambda t: t.name if t else "",
        ),
        Column(
            _("Territorio"),
            "territory",
            lookup_parser(
                territories,
                lambda t: [t.name, str(t)],
                _("El territorio «%(value)s» no existe en la entidad."),
            ),
            False,
            lambda t: t.name if t else "",
        ),
        choice_column(_("Zona"), "zone", Zone.choices),
        Column(_("Tamaño estimado"), "estimated_size", parse_int),
        # Demographic variables: people per category; each variable adds up to the size.
        *[
            Column(
                _("%(variable)s: %(category)s") % {"variable": v.label, "category": label},
                count_key(v.key, code),
                parse_int,
            )
            for v in catalogues.COUNTED
            for code, label in v.choices
        ],
        *[_listed_column(v) for v in catalogues.LISTED[:2]],
        choice_column(_("Acceso a tecnología"), "technology_access", TechnologyAccess.choices),
        *[_listed_column(v) for v in catalogues.LISTED[2:]],
        choice_column(
            _("Frecuencia de participación"),
            "participation_frequency",
            catalogues.PARTICIPATION_FREQUENCY,
        ),
        Column(_("Observaciones"), "notes", parse_text),
        Column(_("Contacto de la organización"), "organisation_contact", parse_text),
        Column(_("Fecha de caracterización"), "characterized_on", parse_date),
    ]


class GroupMatrix(MatrixAdapter):
    kind = "grupos-de-valor"
    prefix = "G"
    title = gettext_lazy("Matriz de caracterización de grupos de valor")
    sheet_name = "Grupos de valor"
    permission = "stakeholders.import_matrix"
    can_withdraw = True

    def data_columns(self) -> list[Column]:
        return columns(self.entity)

    def objects(self) -> Sequence[StakeholderGroup]:
        return list(
            StakeholderGroup.objects.for_entity(self.entity)
            .select_related("type", "territory")
            .order_by("name", "pk")
        )

    def values_of(self, obj: StakeholderGroup) -> dict[str, Any]:
        return {**{key: getattr(obj, key) for key in KEYS}, **flat_counts(obj)}

    def natural_key(self, values: dict[str, Any]) -> Any:
        return fold(values.get("name")) or None

    def _fields(self, values: dict[str, Any], changed: set[str]) -> dict[str, Any]:
        fields = {k: values[k] for k in KEYS if k in values and k in changed}
        if changed & set(COUNT_KEYS):
            fields["composition"] = composition_of(values)
        return fields

    def check(self, *, obj: Any, values: dict[str, Any]) -> None:
        group = copy.copy(obj) if obj is not None else StakeholderGroup(entity=self.entity)
        for name, value in self._fields(values, set(values)).items():
            setattr(group, name, value)
        # Each variable's sum is reported on its first column.
        errors: dict[str, list[str]] = {}
        size = group.estimated_size
        for v in catalogues.COUNTED:
            counts = composition_of(values).get(v.key, {})
            messages = catalogues.composition_errors({v.key: counts}, size).get("composition")
            if messages:
                errors[count_key(v.key, v.codes[0])] = messages
        try:
            group.full_clean()
        except ValidationError as exc:
            # The composition's messages are already on the columns above.
            found = {k: v for k, v in exc.message_dict.items() if k != "composition"}
            errors = {**found, **errors}
        if errors:
            raise ValidationError(errors)

    def save(
        self, *, obj: Any, values: dict[str, Any], changed: set[str], user: User | None, reason: str
    ) -> Any:
        fields = self._fields(values, changed)
        if obj is None:
            return services.group_create(entity=self.entity, **fields)
        return services.group_update(group=StakeholderGroup.objects.get(pk=obj.pk), **fields)

    def withdraw(self, *, obj: Any, user: User | None) -> None:
        services.group_delete(group=obj)

    def back_url(self) -> str:
        return reverse("stakeholders:list")

    def filename(self) -> str:
        return f"grupos-de-valor-{self.entity.slug}"


def export_matrix(*, entity: Entity) -> bytes:
    return GroupMatrix(entity=entity).export_xlsx()
