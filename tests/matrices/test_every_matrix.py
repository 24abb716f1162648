"""Properties of every matrix registered in :data:`cabildo.matrices.adapters.ADAPTERS`, through
the engine's public services (the views' path): export → import is the identity, in XLSX and
in CSV; k edited cells are exactly the k changes of the preview, and applying the import
changes exactly those fields and leaves the audit record.

A new adapter without a case here fails :func:`test_every_registered_matrix_has_a_case`.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cabildo.core.tabular import cell_value, file_language
from cabildo.matrices import services as engine
from cabildo.matrices.adapters import ADAPTERS, MatrixAdapter, adapter_class
from cabildo.matrices.models import MatrixImport, MatrixImportStatus
from tests.assessment.factories import SelfAssessmentFactory, scored_assessment
from tests.bodies.factories import BodyCharacterizationFactory, ParticipationBodyFactory
from tests.evaluation.factories import IndicatorFactory, MeasurementFactory
from tests.factories import AreaFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory
from tests.properties import examples
from tests.stakeholders.factories import StakeholderGroupFactory

pytestmark = pytest.mark.django_db

# Free text as officials type it: accents, ñ, punctuation, and the characters a spreadsheet
# would take for a formula (=, +, -, @) anywhere, first included; blank is a value too.
TEXT = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzáéíóúñÁÉÍÓÚÑü 0123456789=+-@.,;:¿?()'\""),
    max_size=30,
).map(lambda s: " ".join(s.split()))
NAME = TEXT.filter(bool)
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)
# Within the plausible-date rule (cabildo.core.dates): past facts, after the Constitution.
PAST_DATES = st.dates(min_value=datetime.date(1991, 1, 1), max_value=datetime.date(2025, 12, 31))
PLAN_DATES = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 11, 30))
AMOUNTS = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
PERCENT_POINTS = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False)
# A measurement's numerator over its denominator of 8 (_measurements): every result the value
# column holds (up to 999,999.99 %); larger ones are refused, tests/evaluation/test_matrix.py.
NUMERATORS = st.decimals(min_value=0, max_value=Decimal("79999.99"), places=2, allow_nan=False)
SIZES = st.one_of(st.none(), st.integers(0, 10**6))


@dataclass(frozen=True)
class Case:
    """How to make a matrix from generated rows (``row``: field → strategy; ``build`` returns
    the import's target) and the cells an official may edit (column key → new value)."""

    row: dict[str, st.SearchStrategy]
    build: Callable[..., int | None]
    edits: dict[str, st.SearchStrategy]
    reason: str = ""


def _groups(entity, rows):
    for index, values in enumerate(rows):
        values = {**values, "name": f"{values['name']} {index}"}  # names are unique
        StakeholderGroupFactory(entity=entity, **values)
    return None


def _bodies(entity, rows):
    for values in rows:
        body = ParticipationBodyFactory(
            entity=entity, legal_act_date=values.pop("legal_act_date"), created_on=None
        )
        BodyCharacterizationFactory(entity=entity, body=body, year=2025, **values)
    return 2025


def _improvement_plan(entity, rows):
    from cabildo.assessment import services

    plan = services.plan_generate(
        # Three weak activities: three proposed actions, the rows to generate.
        assessment=scored_assessment(entity, scores=[10] * 3 + [100] * 37, year=2024),
        threshold_level=1,
    )
    assert plan.actions.count() >= len(rows)
    for action, values in zip(plan.actions.order_by("pk"), rows, strict=False):
        for name, value in values.items():
            setattr(action, name, value)
        action.save()
    return plan.pk


def _assessment(entity, rows):
    assessment = SelfAssessmentFactory(entity=entity)
    for score, values in zip(assessment.scores.order_by("activity__order"), rows, strict=False):
        for name, value in values.items():
            setattr(score, name, value)
        score.save()
    return assessment.pk


def _indicators(entity, rows):
    for values in rows:
        IndicatorFactory(entity=entity, **values)
    return None


def _measurements(entity, rows):
    for values in rows:
        MeasurementFactory(entity=entity, year=2026, period=1, denominator=8, **values)
    return 2026


def _plan(entity, rows):
    version = PlanVersionFactory(entity=entity, plan__year=2026)
    area = AreaFactory(entity=entity)
    for values in rows:
        end = values["start_date"] + datetime.timedelta(days=30)
        ActivityFactory(entity=entity, version=version, area=area, end_date=end, **values)
    return version.pk


CASES = {
    "grupos-de-valor": Case(
        {"name": NAME, "notes": OPTIONAL_TEXT, "estimated_size": SIZES},
        _groups,
        {"notes": NAME, "organisation_contact": NAME, "estimated_size": st.integers(0, 10**6)},
    ),
    "instancias": Case(
        {"legal_act_date": PAST_DATES, "results": OPTIONAL_TEXT, "needs": OPTIONAL_TEXT},
        _bodies,
        {"results": NAME, "needs": NAME, "functions": NAME, "legal_act_date": PAST_DATES},
    ),
    "plan-de-mejoramiento": Case(
        {"improvement_alternative": OPTIONAL_TEXT},
        _improvement_plan,
        {"improvement_alternative": NAME},
    ),
    "autodiagnostico": Case(
        {"observations": OPTIONAL_TEXT, "score": st.integers(0, 100)},
        _assessment,
        {"observations": NAME, "score": st.integers(0, 100)},
    ),
    "indicadores": Case(
        {"goal": OPTIONAL_TEXT, "responsible": OPTIONAL_TEXT, "target": PERCENT_POINTS},
        _indicators,
        {
            "goal": NAME,
            "responsible": NAME,
            "numerator_description": NAME,
            "target": PERCENT_POINTS,
        },
    ),
    "mediciones": Case(
        {"notes": OPTIONAL_TEXT, "numerator": NUMERATORS},
        _measurements,
        {"notes": NAME, "numerator": NUMERATORS},
        reason="Corrección de la cifra",
    ),
    "plan": Case(
        {
            "name": NAME,
            "goal": OPTIONAL_TEXT,
            "description": TEXT,
            "budget": AMOUNTS,
            "start_date": PLAN_DATES,
        },
        _plan,
        {
            "goal": NAME,
            "description": NAME,
            "methodology": NAME,
            "alliances": NAME,
            "budget": AMOUNTS,
        },
    ),
}

SETTINGS = settings(
    max_examples=examples(3),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _rows(case: Case) -> st.SearchStrategy:
    return st.lists(st.fixed_dictionaries(case.row), min_size=1, max_size=3)


def test_every_registered_matrix_has_a_case():
    assert set(CASES) == set(ADAPTERS)


def _snapshot(adapter: MatrixAdapter) -> dict:
    """Every compared field of every row, as the spreadsheet holds it."""
    compared = adapter.compared()
    return {
        obj.pk: {c.key: engine.comparable(c, adapter.values_of(obj).get(c.key)) for c in compared}
        for obj in adapter.objects()
    }


def _db_rows(adapter: MatrixAdapter) -> dict:
    """The model rows behind the matrix, every stored field, read again from the database
    (a measurement slot's measurement; an instancia's characterization of the year)."""
    instances = []
    for obj in adapter.objects():
        instances.append(getattr(obj, "measurement", obj))
        instances.append(getattr(adapter, "characterizations", {}).get(obj.pk))
    return {
        (type(i).__name__, i.pk): type(i).objects.filter(pk=i.pk).values().get()
        for i in instances
        if i is not None
    }


def _prepare(entity, kind, target, content):
    result = engine.matrix_import_prepare(
        entity=entity, kind=kind, target=target, file=content, user=None, file_name="m"
    )
    assert result.errors == [], result.errors
    return result.pending


def _exports(adapter: MatrixAdapter) -> dict[str, bytes]:
    return {
        "xlsx": adapter.export_xlsx(),
        "csv": adapter.response(fmt="csv").content,
        "csv;": adapter.response(fmt="csv", delimiter=";").content,
    }


@pytest.mark.parametrize("kind", sorted(CASES))
@SETTINGS
@given(data=st.data())
def test_export_then_import_is_the_identity(entity, kind, data):
    with transaction.atomic():  # every example starts from an empty entity
        case = CASES[kind]
        target = case.build(entity, data.draw(_rows(case)))
        adapter = adapter_class(kind)(entity=entity, target=target)
        before, stored = _snapshot(adapter), _db_rows(adapter)
        for fmt, content in _exports(adapter).items():
            pending = _prepare(entity, kind, target, content)
            preview = engine.matrix_import_preview(pending=pending)
            assert not preview.errors, (fmt, preview.errors)
            assert [r.changes for r in preview.changed] == [], fmt
            assert (len(preview.new), len(preview.absent)) == (0, 0), fmt
            assert len(preview.unchanged) == len(before), fmt
            engine.matrix_import_apply(pending=pending, user=None)
            again = adapter_class(kind)(entity=entity, target=target)
            assert _snapshot(again) == before, fmt
            assert _db_rows(again) == stored, fmt
            record = MatrixImport.objects.get(pk=pending.pk)
            assert (record.status, record.unchanged_count) == (
                MatrixImportStatus.APPLIED,
                len(before),
            )
            assert record.created_count == record.updated_count == 0
        transaction.set_rollback(True)


def _edit(adapter: MatrixAdapter, content: bytes, edits: dict[tuple[int, str], str]) -> bytes:
    """Set the cells ``(row's index in the export, column key)`` of the exported workbook."""
    with file_language():
        columns = {c.key: c for c in adapter.file_columns()}
        headers = {key: str(c.header) for key, c in columns.items()}
    # The row is found by its key (CLAVE, or the row_key of a matrix without one).
    ident = "key" if adapter.with_key else adapter.row_key
    with file_language():
        idents = [str(cell_value(columns[ident], row.get(ident))) for row in adapter.export_rows()]
    book = load_workbook(io.BytesIO(content))
    sheet = book[adapter.sheet_name] if adapter.sheet_name in book.sheetnames else book.active
    grid = [list(r) for r in sheet.iter_rows()]
    header_index = next(i for i, r in enumerate(grid) if headers[ident] in [c.value for c in r])
    names = [c.value for c in grid[header_index]]
    rows = {str(r[names.index(headers[ident])].value): r for r in grid[header_index + 1 :]}
    for (index, key), text in edits.items():
        cell = rows[idents[index]][names.index(headers[key])]
        # Numbers as Excel holds them (floats); dates as dates; text typed as text.
        cell.value = float(text) if isinstance(text, Decimal) else text
        if isinstance(text, str) and text[:1] in "=+-@":
            cell.data_type = "s"  # typed as text, as the export writes it
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", sorted(CASES))
@SETTINGS
@given(data=st.data())
def test_k_edited_cells_are_exactly_the_preview_and_the_change(entity, kind, data):
    with transaction.atomic():
        case = CASES[kind]
        target = case.build(entity, data.draw(_rows(case)))
        adapter = adapter_class(kind)(entity=entity, target=target)
        objects = list(adapter.objects())
        before = _snapshot(adapter)
        cells = data.draw(
            st.lists(
                st.tuples(st.integers(0, len(objects) - 1), st.sampled_from(sorted(case.edits))),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        columns = {c.key: c for c in adapter.compared()}
        # A new value, different from the old one as the spreadsheet shows it.
        edits = {
            (i, key): data.draw(
                case.edits[key].filter(
                    lambda v, i=i, key=key: (
                        engine.comparable(columns[key], v) != before[objects[i].pk][key]
                    )
                )
            )
            for i, key in cells
        }
        expected = {
            (objects[i].pk, key): engine.comparable(columns[key], text)
            for (i, key), text in edits.items()
        }
        assert len(expected) == len(cells)
        content = _edit(adapter, adapter.export_xlsx(), edits)
        pending = _prepare(entity, kind, target, content)
        preview = engine.matrix_import_preview(pending=pending)
        assert not preview.errors and not preview.new and not preview.absent
        listed = {
            (r.object_id, c.field): engine.comparable(columns[c.field], r.values[c.field])
            for r in preview.changed
            for c in r.changes
        }
        assert listed == expected
        assert _snapshot(adapter_class(kind)(entity=entity, target=target)) == before
        engine.matrix_import_apply(pending=pending, user=None, reason=case.reason)
        after = _snapshot(adapter_class(kind)(entity=entity, target=target))
        wanted = {pk: dict(fields) for pk, fields in before.items()}
        for (pk, key), value in expected.items():
            wanted[pk][key] = value
        assert after == wanted
        record = MatrixImport.objects.get(pk=pending.pk)
        changed_rows = len({pk for pk, _key in expected})
        assert record.status == MatrixImportStatus.APPLIED
        assert (record.created_count, record.updated_count, record.unchanged_count) == (
            0,
            changed_rows,
            len(objects) - changed_rows,
        )
        transaction.set_rollback(True)
