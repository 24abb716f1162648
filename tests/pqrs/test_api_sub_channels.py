"""Sub-channels in the public API: listed for filers, accepted on filing (checked: this
entity's, active, under the filing's channel), shown on tracking, the staff list and detail,
and in the open statistics (API and CSV)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.pqrs.models import Channel, Petition
from cabildo.pqrs.services.configuration import sub_channel_create, sub_channel_update
from tests.pqrs.factories import file_petition
from tests.pqrs.test_api import URL, api, payload  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def subs(entity, other_entity):
    return {
        "chat": sub_channel_create(entity=entity, channel=Channel.WEB, name="Chat"),
        "cam": sub_channel_create(
            entity=entity, channel=Channel.IN_PERSON, name="Ventanilla única CAM"
        ),
        "line": sub_channel_create(entity=entity, channel=Channel.PHONE, name="Línea 195"),
        "theirs": sub_channel_create(
            entity=other_entity, channel=Channel.IN_PERSON, name="CAM ajeno"
        ),
    }


def test_sub_channels_are_listed_by_channel(api, subs):  # noqa: F811
    old = sub_channel_create(
        entity=subs["cam"].entity, channel=Channel.IN_PERSON, name="C.A.L.I. 9"
    )
    sub_channel_update(sub_channel=old, name=old.name, order=old.order, is_active=False)
    response = api.get(f"{URL}subcanales/")
    assert response.status_code == 200
    names = [row["name"] for row in response.json()]
    assert sorted(names) == ["Chat", "Línea 195", "Ventanilla única CAM"]  # not others', not off
    phone = api.get(f"{URL}subcanales/", {"channel": "telefonico"}).json()
    assert phone == [
        {
            "id": subs["line"].pk,
            "channel": "telefonico",
            "channel_label": "Telefónico",
            "name": "Línea 195",
        }
    ]
    bad = api.get(f"{URL}subcanales/", {"channel": "fax"})
    assert bad.status_code == 400
    assert bad.json()["errors"]["channel"] == [
        "«fax» no es un valor válido para «Canal». Use uno de estos: web, presencial, "
        "telefonico, correo, redes, chat, buzon, verbal."
    ]
    long = api.get(f"{URL}subcanales/", {"channel": "x" * 5000}, HTTP_ACCEPT_LANGUAGE="en")
    assert long.status_code == 400
    assert long.json()["errors"]["channel"][0].startswith(f"«{'x' * 39}…» is not a valid value")


def test_public_filing_with_a_web_sub_channel(api, entity, subs):  # noqa: F811
    response = api.post(URL, payload(sub_channel=subs["chat"].pk), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["channel"] == "web"
    assert body["sub_channel"]["name"] == "Chat"
    petition = Petition.objects.get()
    assert petition.sub_channel == subs["chat"]
    tracked = api.get(
        f"{URL}{petition.filing_number}/", HTTP_X_TRACKING_CODE=body["tracking_code"]
    ).json()
    assert tracked["channel_label"] == "Formulario web"
    assert tracked["sub_channel"] == {
        "id": subs["chat"].pk,
        "channel": "web",
        "channel_label": "Formulario web",
        "name": "Chat",
    }


@pytest.mark.parametrize(
    ("staff", "channel", "sub", "message"),
    [
        # The public files on the web channel: a counter's sub-channel is not theirs to name.
        (False, None, "cam", "El subcanal «Ventanilla única CAM» es del canal «Presencial», "
         "no del canal «Formulario web»."),
        (True, "presencial", "line", "El subcanal «Línea 195» es del canal «Telefónico», no del "
         "canal «Presencial»."),
        (True, "presencial", "theirs", "no es de esta entidad"),
        (True, "presencial", 999999, "El subcanal 999999 no existe."),
        (True, "presencial", "off", "ya no está activo"),
        (False, None, "texto", "Introduzca un número entero válido."),
        (False, None, 0, "Asegúrese de que este valor es mayor o igual a 1."),
    ],
    ids=["public-counter", "other-channel", "other-entity", "unknown", "inactive", "text", "zero"],
)  # fmt: skip
def test_a_wrong_sub_channel_is_400_in_spanish_and_files_nothing(
    api,  # noqa: F811
    entity,
    make_member,
    subs,
    staff,
    channel,
    sub,
    message,
):
    if sub == "off":
        off = subs["cam"]
        sub_channel_update(sub_channel=off, name=off.name, order=off.order, is_active=False)
    if staff:
        api.force_authenticate(make_member(Role.PARTICIPATION_LEAD, entity))
    value = subs["cam"].pk if sub == "off" else subs[sub].pk if sub in subs else sub
    extra = {"channel": channel} if channel else {}
    response = api.post(URL, payload(sub_channel=value, **extra), format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["detail"] == "Los datos enviados no son válidos."
    assert any(message in text for text in body["errors"]["sub_channel"]), body
    assert Petition.objects.count() == 0


def test_staff_filing_at_a_counter_and_reading_it_back(api, entity, make_member, subs):  # noqa: F811
    api.force_authenticate(make_member(Role.PARTICIPATION_LEAD, entity))
    filed_at = (timezone.now() - timedelta(hours=1)).isoformat()
    response = api.post(
        URL,
        payload(channel="presencial", filed_at=filed_at, sub_channel=subs["cam"].pk),
        format="json",
    )
    assert response.status_code == 201, response.json()
    petition = Petition.objects.get()
    assert petition.sub_channel == subs["cam"]
    file_petition(entity)  # one without a sub-channel
    rows = api.get(f"{URL}gestion/").json()["results"]
    by_number = {row["filing_number"]: row["sub_channel"] for row in rows}
    assert by_number[petition.filing_number]["name"] == "Ventanilla única CAM"
    assert sorted(by_number.values(), key=bool)[0] is None
    detail = api.get(f"{URL}gestion/{petition.pk}/").json()
    assert detail["sub_channel"]["channel"] == "presencial"


def test_service_names_the_entity_problem_not_the_channel(entity, subs):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        file_petition(entity, channel=Channel.IN_PERSON, sub_channel=subs["theirs"])
    assert info.value.message_dict["sub_channel"] == [
        "El subcanal «CAM ajeno» no es de esta entidad."
    ]


def test_open_statistics_carry_the_sub_channel(api, client, entity, subs):  # noqa: F811
    file_petition(entity, channel=Channel.IN_PERSON, sub_channel=subs["cam"])
    file_petition(entity, channel=Channel.IN_PERSON)
    rows = api.get("/api/v1/datos-abiertos/estadisticas-pqrsd/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert sorted((r["channel"], r["sub_channel"] or "") for r in rows) == [
        ("Presencial", ""),
        ("Presencial", "Ventanilla única CAM"),
    ]
    year = timezone.localdate().year
    response = client.get(reverse("pqrs:public_stats_csv"), {"year": year})
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["subcanal", "Presencial › Ventanilla única CAM", "1", "0", ""] in table
