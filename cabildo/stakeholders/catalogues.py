"""The characterization variables of a grupo de valor, structured in catalogues and grouped
in the four families of Función Pública's guide (Guía de caracterización de ciudadanos,
usuarios y grupos de valor, v5, 2022): geográficas, demográficas, intrínsecas and de
comportamiento.

Two kinds of variable:

- **counted** (demographic): how many people of the group fall in each category. The parts
  of each variable add up to the group's estimated size ("Sin información" takes those not
  known), so coverage and demographics add up across groups (:func:`composition_errors`).
- **listed** (intrinsic and behavioural): which categories describe the group (a set of
  codes from the catalogue), or one category (``single``).

Codes of age range, sex, ethnic group and occupation are those of the attendance and
requester characterization forms (execution, exercises), so the figures can be compared.
Free text stays only as the group's notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

UNKNOWN = "sin_dato"


class Family:
    GEOGRAPHIC = "geograficas"
    DEMOGRAPHIC = "demograficas"
    INTRINSIC = "intrinsecas"
    BEHAVIOURAL = "comportamiento"


FAMILY_LABELS = {
    Family.GEOGRAPHIC: gettext_lazy("Variables geográficas"),
    Family.DEMOGRAPHIC: gettext_lazy("Variables demográficas"),
    Family.INTRINSIC: gettext_lazy("Variables intrínsecas"),
    Family.BEHAVIOURAL: gettext_lazy("Variables de comportamiento"),
}
FAMILY_HELP = {
    Family.GEOGRAPHIC: gettext_lazy("Dónde está el grupo: territorio y zona."),
    Family.DEMOGRAPHIC: gettext_lazy(
        "Cuántas personas del grupo hay en cada categoría. Las partes de cada variable deben "
        "sumar el tamaño estimado; use «Sin información» para quienes no se conocen."
    ),
    Family.INTRINSIC: gettext_lazy("Intereses, lenguas y acceso a tecnología del grupo."),
    Family.BEHAVIOURAL: gettext_lazy(
        "Canales que el grupo usa, espacios en los que participa y con qué frecuencia."
    ),
}


@dataclass(frozen=True)
class Variable:
    key: str
    label: Any
    family: str
    choices: tuple[tuple[str, Any], ...]
    counted: bool = False
    single: bool = False

    @property
    def codes(self) -> list[str]:
        return [code for code, _label in self.choices]

    def label_of(self, code: str) -> str:
        return str(dict(self.choices).get(code, code))


def _with_unknown(*choices: tuple[str, Any]) -> tuple[tuple[str, Any], ...]:
    return (*choices, (UNKNOWN, gettext_lazy("Sin información")))


COUNTED = (
    Variable(
        "age_range",
        gettext_lazy("Rango de edad"),
        Family.DEMOGRAPHIC,
        _with_unknown(
            ("menor18", gettext_lazy("Menor de 18 años")),
            ("18-28", gettext_lazy("18 a 28 años")),
            ("29-59", gettext_lazy("29 a 59 años")),
            ("60+", gettext_lazy("60 años o más")),
        ),
        counted=True,
    ),
    Variable(
        "sex",
        gettext_lazy("Sexo"),
        Family.DEMOGRAPHIC,
        _with_unknown(
            ("mujer", gettext_lazy("Mujer")),
            ("hombre", gettext_lazy("Hombre")),
            ("intersexual", gettext_lazy("Intersexual")),
        ),
        counted=True,
    ),
    Variable(
        "gender",
        gettext_lazy("Identidad de género"),
        Family.DEMOGRAPHIC,
        _with_unknown(
            ("femenino", gettext_lazy("Femenino")),
            ("masculino", gettext_lazy("Masculino")),
            ("transgenero", gettext_lazy("Transgénero")),
            ("no_binario", gettext_lazy("No binario")),
            ("otro", gettext_lazy("Otra identidad")),
        ),
        counted=True,
    ),
    Variable(
        "ethnic_group",
        gettext_lazy("Pertenencia étnica"),
        Family.DEMOGRAPHIC,
        _with_unknown(
            ("indigena", gettext_lazy("Indígena")),
            ("afro", gettext_lazy("Negro, afrocolombiano, raizal o palenquero")),
            ("rom", gettext_lazy("Rrom o gitano")),
            ("ninguna", gettext_lazy("Ninguna")),
        ),
        counted=True,
    ),
    Variable(
        "disability",
        gettext_lazy("Discapacidad"),
        Family.DEMOGRAPHIC,
        _with_unknown(
            ("fisica", gettext_lazy("Física")),
            ("auditiva", gettext_lazy("Auditiva")),
            ("visual", gettext_lazy("Visual")),
            ("sordoceguera", gettext_lazy("Sordoceguera")),
            ("intelectual", gettext_lazy("Intelectual")),
            ("psicosocial", gettext_lazy("Psicosocial (mental)")),
            ("multiple", gettext_lazy("Múltiple")),
            ("ninguna", gettext_lazy("Sin discapacidad")),
        ),
        counted=True,
    ),
    Variable(
        "occupation",
        gettext_lazy("Ocupación"),
        Family.DEMOGRAPHIC,
        _with_unknown(
            ("empleado", gettext_lazy("Empleado(a)")),
            ("independiente", gettext_lazy("Trabajador(a) independiente")),
            ("estudiante", gettext_lazy("Estudiante")),
            ("hogar", gettext_lazy("Labores del hogar")),
            ("desempleado", gettext_lazy("Sin empleo")),
            ("pensionado", gettext_lazy("Pensionado(a)")),
            ("otra", gettext_lazy("Otra")),
        ),
        counted=True,
    ),
)

LISTED = (
    Variable(
        "interest_topics",
        gettext_lazy("Temas de interés"),
        Family.INTRINSIC,
        (
            ("salud", gettext_lazy("Salud")),
            ("educacion", gettext_lazy("Educación")),
            ("ambiente", gettext_lazy("Ambiente")),
            ("movilidad", gettext_lazy("Movilidad y vías")),
            ("seguridad", gettext_lazy("Seguridad y convivencia")),
            ("cultura_deporte", gettext_lazy("Cultura, recreación y deporte")),
            ("empleo", gettext_lazy("Empleo y desarrollo económico")),
            ("vivienda", gettext_lazy("Vivienda y servicios públicos")),
            ("obras", gettext_lazy("Obras y proyectos de los barrios")),
            ("agro", gettext_lazy("Desarrollo rural y agropecuario")),
            ("inclusion", gettext_lazy("Equidad e inclusión social")),
            ("tramites", gettext_lazy("Trámites y servicios de la entidad")),
            ("participacion", gettext_lazy("Participación y control social")),
        ),
    ),
    Variable(
        "languages",
        gettext_lazy("Lenguas"),
        Family.INTRINSIC,
        (
            ("espanol", gettext_lazy("Español")),
            ("indigena", gettext_lazy("Lengua indígena")),
            ("criolla", gettext_lazy("Lengua criolla (creole o palenquera)")),
            ("romani", gettext_lazy("Romaní")),
            ("lsc", gettext_lazy("Lengua de señas colombiana")),
            ("otra", gettext_lazy("Otra lengua")),
        ),
    ),
    Variable(
        "channels",
        gettext_lazy("Canales que usa"),
        Family.BEHAVIOURAL,
        (
            ("presencial", gettext_lazy("Presencial")),
            ("telefono", gettext_lazy("Teléfono")),
            ("correo", gettext_lazy("Correo electrónico")),
            ("web", gettext_lazy("Sitio web")),
            ("redes", gettext_lazy("Redes sociales")),
            ("mensajeria", gettext_lazy("Mensajería (WhatsApp)")),
            ("radio", gettext_lazy("Radio comunitaria")),
            ("escrito", gettext_lazy("Correspondencia física")),
        ),
    ),
    Variable(
        "participation_spaces",
        gettext_lazy("Espacios en los que participa"),
        Family.BEHAVIOURAL,
        (
            ("rendicion", gettext_lazy("Rendición de cuentas")),
            ("planeacion", gettext_lazy("Formulación de planes y proyectos")),
            ("presupuesto", gettext_lazy("Presupuesto participativo")),
            ("instancias", gettext_lazy("Instancias de participación")),
            ("control_social", gettext_lazy("Control social y veedurías")),
            ("consultas", gettext_lazy("Consultas y encuestas")),
            ("pqrsd", gettext_lazy("Peticiones (PQRSD)")),
        ),
    ),
)

PARTICIPATION_FREQUENCY = (
    ("frecuente", gettext_lazy("Frecuente (varias veces al año)")),
    ("ocasional", gettext_lazy("Ocasional")),
    ("nunca", gettext_lazy("No ha participado")),
)

BY_KEY = {v.key: v for v in (*COUNTED, *LISTED)}


def composition_errors(composition: Any, estimated_size: int | None) -> dict[str, list[str]]:
    """``{"composition": [messages]}`` for a composition that is not a catalogue's counts or
    whose parts do not add up to the estimated size."""
    messages: list[str] = []
    if composition in (None, ""):
        return {}
    if not isinstance(composition, dict):
        return {"composition": [_("La composición del grupo no tiene el formato esperado.")]}
    for key, counts in composition.items():
        variable = BY_KEY.get(key)
        if variable is None or not variable.counted or not isinstance(counts, dict):
            messages.append(_("La variable «%(key)s» no existe.") % {"key": key})
            continue
        for code, n in counts.items():
            if code not in variable.codes:
                messages.append(
                    _("%(variable)s: la categoría «%(code)s» no existe.")
                    % {"variable": variable.label, "code": code}
                )
            elif isinstance(n, bool) or not isinstance(n, int) or n < 0:
                messages.append(
                    _("%(variable)s: «%(category)s» debe ser un número entero no negativo.")
                    % {"variable": variable.label, "category": variable.label_of(code)}
                )
        if messages:
            continue
        total = sum(counts.values())
        if not counts:
            continue
        if estimated_size is None:
            messages.append(
                _("%(variable)s: indique el tamaño estimado del grupo, que las partes deben sumar.")
                % {"variable": variable.label}
            )
        elif total != estimated_size:
            messages.append(
                _(
                    "%(variable)s: las partes suman %(total)s y el tamaño estimado es %(size)s; "
                    "deben coincidir (use «Sin información» para quienes no se conocen)."
                )
                % {"variable": variable.label, "total": total, "size": estimated_size}
            )
    return {"composition": messages} if messages else {}


def listed_errors(field: str, codes: Any) -> dict[str, list[str]]:
    variable = BY_KEY[field]
    if codes in (None, ""):
        return {}
    if not isinstance(codes, list) or any(c not in variable.codes for c in codes):
        return {
            field: [_("%(variable)s: elija valores del catálogo.") % {"variable": variable.label}]
        }
    return {}


def clean_composition(composition: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Without the zero parts and the empty variables (a variable left blank is unknown, not
    zero)."""
    if not isinstance(composition, dict):
        return composition
    cleaned = {}
    for key, counts in composition.items():
        if not isinstance(counts, dict):
            cleaned[key] = counts  # refused by composition_errors
            continue
        kept = {code: n for code, n in counts.items() if n != 0}
        if kept:
            cleaned[key] = kept
    return cleaned
