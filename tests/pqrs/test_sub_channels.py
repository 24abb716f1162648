"""Sub-channels (Cali: CAM, each C.A.L.I., Línea 195…) chosen at intake, and yearly counts from
before the system imported as marked aggregates so that the year-on-year channel table
reproduces seed 004's 2017/2018 figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.pqrs import demo
from cabildo.pqrs.models import Channel, ImportedYearCount, Petition, SubChannel
from cabildo.pqrs.selectors import statistics
from cabildo.pqrs.services.configuration import (
    YearCountRow,
    imported_counts_import,
    sub_channel_create,
    sub_channel_ensure,
)
from tests.pqrs.factories import file_petition, kind_for
from tests.pqrs.test_views import _clear_cache  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db


def test_seed_004_figures_reproduced_from_loaded_data(entity):
    demo.seed_cali_channels(entity)
    demo.seed_cali_channels(entity)  # idempotent
    assert SubChannel.objects.filter(entity=entity, channel=Channel.IN_PERSON).count() == 17
    stats = statistics(entity=entity, year=2018)
    rows = {row["channel"]: row for row in stats.channel_comparison}
    assert (rows[Channel.IN_PERSON]["current"], rows[Channel.IN_PERSON]["previous"]) == (
        167_008 + 114_307 + 5_553,
        74_865 + 126_302 + 20_718,
    )
    assert (rows[Channel.PHONE]["current"], rows[Channel.PHONE]["previous"]) == (11_133, 2_027)
    assert (rows[Channel.WEB]["current"], rows[Channel.WEB]["previous"]) == (14_520, 13_485)
    assert stats.imported_years == [2017, 2018]
    assert stats.total == 0  # no petition was filed in 2018: the figures are aggregates
    subs = {row["label"]: row for row in stats.by_sub_channel}
    assert (subs["Ventanilla única CAM"]["current"], subs["Ventanilla única CAM"]["previous"]) == (
        167_008,
        74_865,
    )
    assert subs["C.A.L.I.'s"]["current"] == 5_553


def test_public_stats_mark_the_imported_figures(public_client, entity):
    demo.seed_cali_channels(entity)
    page = public_client(entity).get(reverse("pqrs:public_stats"), {"year": 2018})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="cifras-importadas"' in html and "no son peticiones" in html
    assert "Ventanilla única CAM" in html and "167008" in html.replace(".", "").replace(",", "")


def test_a_year_with_petitions_cannot_be_imported_and_nothing_is_saved(entity):
    petition = file_petition(entity).petition
    rows = [
        YearCountRow(2017, Channel.WEB, "Portal", 10),
        YearCountRow(petition.year, Channel.WEB, "Portal", 10),
    ]
    with pytest.raises(ValidationError) as info:
        imported_counts_import(entity=entity, rows=rows, source="Informe")
    assert "ya hay peticiones" in str(info.value)
    assert not ImportedYearCount.objects.exists()
    bad = [
        YearCountRow(2017, "fax", "Fax", 1),
        YearCountRow(2017, Channel.WEB, "Portal", 1, sub_channel="No existe"),
    ]
    with pytest.raises(ValidationError):
        imported_counts_import(entity=entity, rows=bad, source="Informe")
    with pytest.raises(ValidationError):
        imported_counts_import(entity=entity, rows=rows[:1], source=" ")
    assert not ImportedYearCount.objects.exists()


def test_import_command_reads_a_csv(entity, tmp_path):
    path = tmp_path / "historico.csv"
    path.write_text(
        "año,canal,fila,cantidad,subcanal\n"
        "2016,Telefónico,Línea 195,1.234,\n"
        "2016,web,Portal web,99,\n",
        encoding="utf-8",
    )
    call_command("pqrs_import_counts", entity.slug, str(path), fuente="Informe 2016")
    assert dict(ImportedYearCount.objects.values_list("label", "count")) == {
        "Línea 195": 1234,
        "Portal web": 99,
    }
    path.write_text("año,canal,fila,cantidad\n2016,web,Portal web,muchos\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("pqrs_import_counts", entity.slug, str(path), fuente="Informe 2016")


def test_sub_channel_chosen_at_staff_intake(staff_client, entity, other_entity):
    cam = sub_channel_ensure(entity=entity, channel=Channel.IN_PERSON, name="Ventanilla única CAM")
    line = sub_channel_ensure(entity=entity, channel=Channel.PHONE, name="Línea 195")
    theirs = sub_channel_ensure(entity=other_entity, channel=Channel.IN_PERSON, name="Ventanilla")
    client = staff_client(Role.PARTICIPATION_LEAD)
    form = client.get(reverse("pqrs:staff_file")).content.decode()
    assert "Ventanilla única CAM" in form and "Ventanilla</option>" not in form
    data = {
        "channel": Channel.IN_PERSON,
        "filed_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "kind": kind_for(entity).pk,
        "subject": "Solicitud en ventanilla",
        "description": "Pide copia del plan.",
        "anonymous": "on",
    }
    # Another entity's sub-channel, or one of another channel: a form error, nothing saved.
    for wrong in (theirs.pk, line.pk):
        response = client.post(reverse("pqrs:staff_file"), {**data, "sub_channel": wrong})
        assert response.status_code == 200
    assert not Petition.objects.exists()
    response = client.post(reverse("pqrs:staff_file"), {**data, "sub_channel": cam.pk})
    assert response.status_code == 302
    assert Petition.objects.get().sub_channel == cam
    stats = statistics(entity=entity, year=Petition.objects.get().year)
    assert stats.by_sub_channel[0]["label"] == "Ventanilla única CAM"


def test_service_refuses_a_sub_channel_of_another_channel(entity):
    line = sub_channel_ensure(entity=entity, channel=Channel.PHONE, name="Línea 195")
    with pytest.raises(ValidationError) as info:
        file_petition(entity, channel=Channel.IN_PERSON, sub_channel=line)
    assert "sub_channel" in info.value.message_dict
    assert not Petition.objects.exists()


def test_staff_manage_sub_channels_and_imported_counts(staff_client, entity, other_entity):
    lead = staff_client(Role.PARTICIPATION_LEAD)
    url = reverse("pqrs:channels")
    sub = {"form": "subcanal", "channel": Channel.IN_PERSON, "name": "C.A.L.I. 5", "order": 5}
    assert lead.post(url, sub).status_code == 302
    created = SubChannel.objects.get(entity=entity)
    assert (created.channel, created.name, created.order) == (Channel.IN_PERSON, "C.A.L.I. 5", 5)
    # Bad input: the same name again (any case), no name, an unknown channel: form errors.
    for bad in ({**sub, "name": "c.a.l.i. 5"}, {**sub, "name": " "}, {**sub, "channel": "fax"}):
        response = lead.post(url, bad)
        assert response.status_code == 200 and "resumen-errores" in response.content.decode()
    assert SubChannel.objects.filter(entity=entity).count() == 1

    edit = reverse("pqrs:sub_channel_update", args=[created.pk])
    assert lead.post(edit, {"name": "C.A.L.I. 05", "order": 1}).status_code == 302
    created.refresh_from_db()
    assert (created.name, created.order, created.is_active) == ("C.A.L.I. 05", 1, False)

    year = timezone.localdate().year - 5
    row = {
        "form": "cifra",
        "year": year,
        "channel": Channel.IN_PERSON,
        "label": "Presencial C.A.L.I.",
        "sub_channel": created.pk,
        "count": 1200,
        "source": "Informe PQRSD",
    }
    assert lead.post(url, row).status_code == 302
    assert lead.post(url, {**row, "count": 1300}).status_code == 302  # the same row: replaced
    count = ImportedYearCount.objects.get(entity=entity)
    assert (count.year, count.count, count.sub_channel) == (year, 1300, created)
    page = lead.get(url).content.decode()
    assert "Presencial C.A.L.I." in page and "1300" in page
    english = lead.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.count("Number of petitions") == 2  # the form's label and the column
    # Bad input: a year with petitions, a year in the future, a negative count, no source.
    file_petition(entity)
    this_year = timezone.localdate().year
    for bad in (
        {**row, "year": this_year},
        {**row, "year": this_year + 1},
        {**row, "count": -3},
        {**row, "source": ""},
    ):
        response = lead.post(url, bad)
        assert response.status_code == 200 and "resumen-errores" in response.content.decode(), bad
    assert ImportedYearCount.objects.filter(entity=entity).count() == 1
    assert statistics(entity=entity, year=year).imported_years == [year]

    delete = reverse("pqrs:imported_count_delete", args=[count.pk])
    assert lead.post(delete).status_code == 302
    assert not ImportedYearCount.objects.filter(entity=entity).exists()
    # Read-only roles cannot manage them.
    viewer = staff_client(Role.VIEWER)
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, sub).status_code == 403


def test_public_form_offers_the_online_sub_channels(client, entity):
    from tests.pqrs.test_views import form_data, use_entity

    use_entity(client, entity)
    assert 'name="sub_channel"' not in client.get(reverse("pqrs:file")).content.decode()
    chat = sub_channel_create(entity=entity, channel=Channel.WEB, name="Chat del portal")
    cam = sub_channel_create(entity=entity, channel=Channel.IN_PERSON, name="CAM")
    page = client.get(reverse("pqrs:file")).content.decode()
    assert "Chat del portal" in page and ">CAM<" not in page
    # A sub-channel of another channel is not a choice of the web form.
    response = client.post(reverse("pqrs:file"), form_data(entity, sub_channel=cam.pk))
    assert response.status_code == 200 and not Petition.objects.exists()
    response = client.post(reverse("pqrs:file"), form_data(entity, sub_channel=chat.pk))
    assert response.status_code == 302
    assert Petition.objects.get().sub_channel == chat
