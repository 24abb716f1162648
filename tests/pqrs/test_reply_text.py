"""A citizen's emailed reply to a completion request keeps only their own words: the quoted
request below Gmail's "El … escribió:", Outlook's "De: / Enviado:" block or
"-----Mensaje original-----", and ">" lines are left out (samples as those clients write them
in Spanish, and in English)."""

from __future__ import annotations

import pytest

from cabildo.pqrs.mail_intake import reply_text

GMAIL_ES = """Adjunto la copia de mi cédula y el recibo del predial.

Quedo atenta.

El lun, 7 dic 2026 a las 9:14, Alcaldía de Cali <pqrsd@cali.gov.co> escribió:

> Para continuar con su petición 2026-000123 necesitamos:
> - copia de la cédula
>
> Tiene plazo hasta el 7 de enero de 2027.
"""

# Gmail wraps a long header line, breaking it inside the sender's address.
GMAIL_ES_WRAPPED = """Envío lo que faltaba.

El lun., 7 de dic. de 2026 9:14 a. m., Alcaldía de Santiago de Cali <
pqrsd@cali.gov.co> escribió:

> Para continuar con su petición necesitamos la cédula.
"""

OUTLOOK_ES = """Buenos días, adjunto el documento solicitado.

Saludos,
María

________________________________
De: Alcaldía de Cali <pqrsd@cali.gov.co>
Enviado: lunes, 7 de diciembre de 2026 9:14
Para: maria@example.com
Asunto: [2026-000123] Solicitud de completar su petición

Para continuar con su petición necesitamos la cédula.
"""

OUTLOOK_ES_ORIGINAL = """Adjunto la cédula.

-----Mensaje original-----
De: Alcaldía <pqrsd@cali.gov.co>
Enviado el: lunes, 7 de diciembre de 2026 9:14
Para: maria@example.com
Asunto: Solicitud de completar su petición

Necesitamos la cédula.
"""

OUTLOOK_EN_ORIGINAL = """Here is my ID.

-----Original Message-----
From: Alcaldía <pqrsd@cali.gov.co>
Sent: Monday, December 7, 2026 9:14 AM
To: maria@example.com
Subject: Completar

Necesitamos la cédula.
"""

GMAIL_EN = """Attached.

On Mon, Dec 7, 2026 at 9:14 AM Alcaldía de Cali <pqrsd@cali.gov.co> wrote:
> Necesitamos la cédula.
"""


@pytest.mark.parametrize(
    ("raw", "own"),
    [
        (GMAIL_ES, "Adjunto la copia de mi cédula y el recibo del predial.\n\nQuedo atenta."),
        (GMAIL_ES_WRAPPED, "Envío lo que faltaba."),
        (OUTLOOK_ES, "Buenos días, adjunto el documento solicitado.\n\nSaludos,\nMaría"),
        (OUTLOOK_ES_ORIGINAL, "Adjunto la cédula."),
        (OUTLOOK_EN_ORIGINAL, "Here is my ID."),
        (GMAIL_EN, "Attached."),
    ],
    ids=[
        "gmail-es",
        "gmail-es-wrapped",
        "outlook-es",
        "outlook-es-original",
        "outlook-en",
        "gmail-en",
    ],
)
def test_the_quoted_request_is_left_out(raw, own):
    assert reply_text(raw) == own


def test_answers_written_between_quoted_lines_are_kept():
    raw = "> ¿Cuál es su dirección?\nCalle 5 # 10-20\n> ¿Y su teléfono?\n3001234567\n"
    assert reply_text(raw) == "Calle 5 # 10-20\n3001234567"


def test_a_reply_below_the_quote_is_kept():
    raw = (
        "El lun, 7 dic 2026 a las 9:14, Alcaldía <pqrsd@cali.gov.co> escribió:\n"
        "> Necesitamos la cédula.\n\nAdjunto la cédula escaneada.\n"
    )
    assert reply_text(raw) == "Adjunto la cédula escaneada."


def test_text_without_a_quote_is_unchanged():
    raw = "Adjunto el recibo.\n\nEl recibo es del mes de noviembre; escribió mi hermano."
    assert reply_text(raw) == raw


def test_a_reply_that_is_all_quote_is_empty():
    assert reply_text("> Necesitamos la cédula.\n>\n> Gracias.\n") == ""
