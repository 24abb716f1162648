import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cabildo.bodies import selectors
from tests.bodies.builders import build_itagui_2019
from tests.bodies.factories import BodyCharacterizationFactory, ParticipationBodyFactory

pytestmark = pytest.mark.django_db


def test_percent_rounds_half_up():
    assert selectors.percent(5, 27) == 19
    assert selectors.percent(9, 27) == 33
    assert selectors.percent(13, 27) == 48
    assert selectors.percent(0, 0) is None  # no base: «—», never «0 %»


def test_itagui_2019_overview(entity):
    build_itagui_2019(entity)
    overview = selectors.system_overview(entity=entity, year=2019)
    assert overview["total"] == 27
    kind = next(d for d in overview["dimensions"] if d.key == "kind")
    assert [(r["value"], r["count"], r["percent"]) for r in kind.rows] == [
        ("territorial", 5, 19),
        ("poblacional", 9, 33),
        ("sectorial", 13, 48),
    ]
    assert overview["difficulties"][0]["count"] == 27
    assert selectors.system_overview(entity=entity, year=2022)["total"] == 0


def test_overview_counts_by_characterization_not_by_body(entity, other_entity):
    body = ParticipationBodyFactory(entity=entity)
    ParticipationBodyFactory(entity=entity)  # never characterized
    BodyCharacterizationFactory(entity=entity, body=body, year=2022)
    BodyCharacterizationFactory(entity=other_entity, year=2022)
    assert selectors.system_overview(entity=entity, year=2022)["total"] == 1


def test_evolution(entity):
    build_itagui_2019(entity)
    body = ParticipationBodyFactory(entity=entity, kind="territorial")
    BodyCharacterizationFactory(entity=entity, body=body, year=2022)
    evolution = selectors.system_evolution(entity=entity)
    assert evolution["years"] == [2019, 2022]
    assert evolution["rows"][0]["counts"] == [5, 9, 13]
    assert evolution["rows"][1]["total"] == 1


def test_most_frequent_is_accent_insensitive():
    rows = selectors.most_frequent(["Falta de recursos\nConvocatorias", "falta de récursos"])
    assert rows[0] == {"label": "Falta de recursos", "count": 2}


def _overview_queries(entity, n):
    for _ in range(n):
        BodyCharacterizationFactory(entity=entity, year=2030)
    with CaptureQueriesContext(connection) as ctx:
        selectors.system_overview(entity=entity, year=2030)
        selectors.system_evolution(entity=entity)
    return len(ctx.captured_queries)


def test_overview_constant_queries(entity):
    assert _overview_queries(entity, 5) == _overview_queries(entity, 45)


def test_public_members_only_formal_and_marked(entity):
    from tests.bodies.factories import BodyMemberFactory

    formal = ParticipationBodyFactory(entity=entity)
    BodyMemberFactory(entity=entity, body=formal, is_public=True, name="Visible")
    BodyMemberFactory(entity=entity, body=formal, is_public=False, name="Oculto")
    informal = ParticipationBodyFactory(entity=entity, is_formal=False)
    BodyMemberFactory(entity=entity, body=informal, is_public=True)
    rows = selectors.public_members(body=formal)
    assert [r["name"] for r in rows] == ["Visible"]
    assert "contact" not in rows[0]
    assert selectors.public_members(body=informal) == []
