"""The wording of the two extensions: the citizen's month to complete (art. 17) is given as
the date it moves to, never "1 mes más"; the answer's prórroga (art. 14 parágrafo) messages
read naturally in Spanish and English, in the singular and the plural."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cabildo.accounts.models import Role
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import EventKind
from cabildo.pqrs.services.completion import petition_extend_completion, petition_request_completion
from cabildo.pqrs.services.extensions import petition_extend
from cabildo.pqrs.timeline import translated
from tests.browser.catalogues import ensure_compiled
from tests.pqrs.factories import file_petition, kind_for

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
FILED = datetime(2026, 3, 20, 10, 30, tzinfo=BOGOTA)


def test_completion_request_gives_the_date_the_extension_reaches(entity):
    ensure_compiled()
    petition = file_petition(entity, filed_at=FILED).petition
    petition_request_completion(
        petition=petition, missing="Copia del recibo", today=date(2026, 3, 25)
    )
    text = petition.events.get(kind=EventKind.COMPLETION_REQUESTED).text
    assert text == (
        "Se solicitó completar la petición: Copia del recibo. El término queda suspendido. "
        "Tiene plazo hasta el 27/04/2026 para aportarlo; si antes de esa fecha pide una "
        "prórroga, el plazo se amplía hasta el 25/05/2026."
    )
    # The date it names is the one the extension gives.
    extended = petition_extend_completion(petition=petition, today=date(2026, 4, 1))
    assert extended.deadline == date(2026, 5, 25)
    with translation.override("en"):
        english = translated(text)
    assert english == (
        "The petition must be completed: Copia del recibo. The term is suspended. You have "
        "until 27/04/2026 to provide it; if you ask for an extension before that date, the "
        "deadline moves to 25/05/2026."
    )


def test_events_stored_with_the_earlier_wording_still_read_in_english():
    ensure_compiled()
    old = (
        "Se solicitó completar la petición: Copia del recibo. El término queda suspendido; tiene "
        "plazo hasta el 27/04/2026 (puede pedir una prórroga de 1 mes más)."
    )
    with translation.override("en"):
        assert translated(old) == (
            "The petition must be completed: Copia del recibo. The term is suspended; you have "
            "until 27/04/2026 (you may ask for a 1-month extension)."
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Esta petición ya fue prorrogada: la ley permite una sola prórroga"),
        ("en", "This petition has already been extended: the law allows a single extension"),
    ],
)
def test_second_extension_is_refused_in_plain_words(entity, language, expected):
    ensure_compiled()
    petition = file_petition(entity, filed_at=FILED).petition
    petition_extend(
        petition=petition, new_due_date=date(2026, 4, 22), reason="Carga", today=date(2026, 3, 31)
    )
    with translation.override(language), pytest.raises(ValidationError) as exc:
        petition_extend(
            petition=petition, new_due_date=date(2026, 5, 7), reason="x", today=date(2026, 4, 1)
        )
    (message,) = exc.value.messages
    assert message.startswith(expected)
    assert "1 prórroga" not in message and "1 extension" not in message


@pytest.mark.parametrize(
    ("days", "phrase"),
    [(1, "es de hasta 1 día hábil."), (8, "es de hasta 8 días hábiles.")],
)
def test_a_kinds_own_extension_limit_is_pluralised(entity, days, phrase):
    kind = kind_for(entity, "habeas_reclamo")
    kind.extension_days = days
    kind.save(update_fields=["extension_days"])
    petition = file_petition(entity, "habeas_reclamo", filed_at=FILED).petition
    with pytest.raises(ValidationError) as exc:
        petition_extend(
            petition=petition, new_due_date=date(2026, 6, 1), reason="x", today=date(2026, 3, 31)
        )
    assert phrase in exc.value.message_dict["new_due_date"][0]


def test_twice_the_term_is_the_whole_term_with_the_extension(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    with pytest.raises(ValidationError) as exc:
        petition_extend(
            petition=petition, new_due_date=date(2026, 6, 1), reason="x", today=date(2026, 3, 31)
        )
    assert (
        "con la prórroga, el término no puede superar el doble del inicial"
        in (exc.value.message_dict["new_due_date"][0])
    )
    assert deadlines.MAX_EXTENSIONS == 1


def test_staff_button_names_the_month_in_words(staff_client, entity):
    ensure_compiled()
    petition = file_petition(entity, filed_at=FILED).petition
    petition_request_completion(petition=petition, missing="Anexos")
    client = staff_client(Role.PARTICIPATION_LEAD)
    html = client.get(reverse("pqrs:staff_detail", args=[petition.pk])).content.decode()
    assert "El ciudadano pidió una prórroga de un mes" in html
    assert "mes más" not in html
