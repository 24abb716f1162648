import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cabildo.accounts.models import Role
from cabildo.bodies import services
from cabildo.bodies.models import BodyCharacterization, BodyMember, BodySession, ParticipationBody
from tests.bodies.factories import BodyCharacterizationFactory, ParticipationBodyFactory
from tests.factories import AreaFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def _body_kwargs(**extra):
    data = {
        "name": "Consejo Municipal de Juventud",
        "kind": "poblacional",
        "is_formal": True,
        "legal_act_type": "acuerdo",
        "legal_act_number": "012",
        "legal_act_date": datetime.date(2019, 5, 2),
        "legal_act_issuer": "Concejo Municipal",
        "status": "activa",
    }
    data.update(extra)
    return data


def test_create_formal_body_and_legal_act_label(entity):
    body = services.body_create(entity=entity, **_body_kwargs())
    assert body.legal_act == "Acuerdo 012 de 2019"


def test_formal_without_act_is_rejected(entity):
    with pytest.raises(ValidationError) as exc:
        services.body_create(
            entity=entity,
            **_body_kwargs(legal_act_type="", legal_act_number="", legal_act_date=None),
        )
    assert "acto de creación" in str(exc.value)
    assert not ParticipationBody.objects.exists()


def test_informal_body_needs_no_act(entity):
    body = services.body_create(
        entity=entity,
        **_body_kwargs(
            is_formal=False, legal_act_type="", legal_act_number="", legal_act_date=None
        ),
    )
    assert body.legal_act == ""


def test_territory_of_other_entity_is_rejected(entity, other_entity):
    foreign = TerritoryFactory(entity=other_entity)
    with pytest.raises(ValidationError) as exc:
        services.body_create(entity=entity, **_body_kwargs(territory=foreign))
    assert "otra entidad" in str(exc.value)
    assert not ParticipationBody.objects.exists()


def test_secretariat_of_other_entity_is_rejected(entity, other_entity):
    with pytest.raises(ValidationError):
        services.body_create(
            entity=entity, **_body_kwargs(secretariat=AreaFactory(entity=other_entity))
        )
    assert not ParticipationBody.objects.exists()


def test_liaison_may_only_register_bodies_of_their_area(entity, make_member):
    mine = AreaFactory(entity=entity)
    liaison = make_member(Role.AREA_LIAISON, entity, area=mine)
    with pytest.raises(ValidationError) as exc:
        services.body_create(
            entity=entity, actor=liaison, **_body_kwargs(secretariat=AreaFactory(entity=entity))
        )
    assert "su dependencia" in str(exc.value)
    body = services.body_create(entity=entity, actor=liaison, **_body_kwargs(secretariat=mine))
    assert body.secretariat == mine


def test_member_term_end_before_start_rejected(entity):
    body = ParticipationBodyFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            body=body,
            seat="Representante de las JAC",
            selection="elegido",
            name="Ana Pérez",
            term_start=datetime.date(2024, 1, 1),
            term_end=datetime.date(2023, 1, 1),
        )
    assert "posterior a su inicio" in str(exc.value)
    assert not BodyMember.objects.exists()


def test_member_needs_name_unless_vacant(entity):
    body = ParticipationBodyFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.member_create(body=body, seat="Curul 1", selection="designado")
    member = services.member_create(
        body=body, seat="Curul 1", selection="designado", is_vacant=True
    )
    assert member.is_vacant


def test_one_characterization_per_year(entity):
    existing = BodyCharacterizationFactory(entity=entity, year=2019)
    with pytest.raises(ValidationError) as exc:
        services.characterization_create(body=existing.body, year=2019, status="activa")
    assert "ya tiene una caracterización" in str(exc.value)
    assert BodyCharacterization.objects.count() == 1


def test_minutes_allow_list_by_content(entity):
    body = ParticipationBodyFactory(entity=entity)
    fake_pdf = SimpleUploadedFile("acta.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.session_create(body=body, date=datetime.date(2025, 1, 1), minutes=fake_pdf)
    assert "Formato de acta no permitido" in str(exc.value)
    assert not BodySession.objects.exists()
    pdf = SimpleUploadedFile("acta.pdf", b"%PDF-1.4\n%fake\n", "application/pdf")
    session = services.session_create(body=body, date=datetime.date(2025, 1, 1), minutes=pdf)
    assert session.minutes.name.endswith(".pdf")


def test_minutes_size_limit(entity, monkeypatch):
    from cabildo.bodies import files

    monkeypatch.setattr(files, "MAX_MINUTES_BYTES", 10)
    body = ParticipationBodyFactory(entity=entity)
    big = SimpleUploadedFile("acta.pdf", b"%PDF-1.4\n" + b"x" * 100, "application/pdf")
    with pytest.raises(ValidationError):
        services.session_create(body=body, date=datetime.date(2025, 1, 1), minutes=big)
    assert not BodySession.objects.exists()
