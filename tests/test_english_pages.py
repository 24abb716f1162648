"""English that is English everywhere: every staff and public page, rendered in English.

The crawl takes every URL of the project (the same enumeration as ``tests/test_url_crawl.py``):
public pages without kwargs, staff list pages, and staff object pages with one object of each
built by its factory. Each page is fetched in English (the language cookie) by a user holding
every role, and its visible text must carry none of

* the **Spanish text of a catalogue entry** whose English differs (a string marked for
  translation but rendered before the language was chosen, or copied by hand), and
* a **Spanish word of the product's own vocabulary** (buttons, states, months, weekdays,
  holidays, kinds of petition...) that no factory writes into the data.

The same pages rendered in Spanish must not carry English words of the interface either.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import cache

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction

from tests.browser.catalogues import ROOT, ensure_compiled
from tests.test_translations import _entries
from tests.test_url_crawl import (
    LOGIN_ONLY_URLS,
    PUBLIC_URLS,
    STAFF_LIST_URLS,
    STAFF_OBJECT_URLS,
    UnknownShape,
    _url,
    _user_with_every_role,
    build_object_url,
)

# Words of the interface, never in the factories' data (checked by a test below).
SPANISH_WORDS = [
    "Guardar",
    "Editar",
    "Eliminar",
    "Volver",
    "Buscar",
    "Filtrar",
    "Descargar",
    "Inicio",
    "Siguiente",
    "Anterior",
    "Página",
    "obligatorio",
    "Sí",
    "Ninguno",
    "Ninguna",
    "Radicada",
    "Radicado",
    "Vencida",
    "Vencido",
    "Cumplido",
    "Cumplida",
    "Pendiente",
    "días hábiles",
    "vence el",
    "registros nuevos",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "Navidad",
    "Año Nuevo",
    "Reyes Magos",
    "Día del Trabajo",
    "Independencia",
    "Petición general",
    "Queja",
    "Reclamo",
    "Sugerencia",
    "Denuncia",
    "Felicitación",
    "Comuna Comuna",
]
ENGLISH_WORDS = ["Save", "Edit", "Delete", "Search", "Download", "Next", "Previous", "Yes"]

WORD = {w: re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in [*SPANISH_WORDS, *ENGLISH_WORDS]}


@cache
def untranslated_msgids() -> frozenset[str]:
    """Spanish msgids of every app's catalogue whose English is a different text."""
    found, same = set(), set()
    for po in sorted((ROOT / "cabildo").glob("*/locale/en/LC_MESSAGES/django.po")):
        for entry in _entries(po)[1:]:
            msgid = str(entry.get("msgid", ""))
            msgstr = str(entry.get("msgstr", entry.get("msgstr[0]", "")))
            msgid = msgid.replace('\\"', '"').replace("\\n", "\n")
            if msgid == msgstr.replace('\\"', '"').replace("\\n", "\n"):
                same.add(msgid)  # English spells it the same ("Virtual", "Total")
                continue
            if "%" in msgid or "{" in msgid or len(msgid) < 4:
                continue
            found.add(msgid)
    return frozenset(found - same)


def visible_lines(page: str) -> list[str]:
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?is)<(textarea|pre|code)\b[^>]*>.*?</\1>", " ", page)
    lines = []
    for chunk in re.split(r"<[^>]+>", page):
        text = " ".join(html_lib.unescape(chunk).split())
        if text:
            lines.append(text)
    return lines


def problems_in(page: str, *, language: str, data: set[str]) -> list[str]:
    found = []
    msgids = untranslated_msgids()
    words = SPANISH_WORDS if language == "en" else ENGLISH_WORDS
    for line in visible_lines(page):
        if line in data:
            continue
        if language == "en" and line in msgids:
            found.append(f"untranslated catalogue text: {line!r}")
            continue
        for word in words:
            if WORD[word].search(line):
                found.append(f"{word!r} in {line[:140]!r}")
    return found


def crawl_urls(client, entity) -> list[str]:
    """Every page of ``entity`` (public pages, staff lists, one object page of each staff
    object URL built by its factory), as paths; ``client`` is logged in with every role."""
    urls: list[str] = []
    for crawled in [*PUBLIC_URLS, *STAFF_LIST_URLS]:
        if crawled.name not in LOGIN_ONLY_URLS or crawled.name == "accounts:desk":
            urls.append(_url(crawled))
    for crawled in STAFF_OBJECT_URLS:
        try:
            with transaction.atomic():  # a factory's clash with an earlier object: skip it
                target = build_object_url(crawled, entity, lambda url: client.get(url).status_code)
        except (UnknownShape, IntegrityError):
            continue  # each URL on its own is checked by tests/test_url_crawl.py
        urls.append(target.url)
    return list(dict.fromkeys(urls))


@pytest.fixture
def crawl_pages(client, entity, make_member):
    """Every page of ``entity`` a user with every role can open: (url, language) → HTML."""
    ensure_compiled()
    user = _user_with_every_role(entity, make_member)
    client.force_login(user)
    client.entity = entity
    urls = crawl_urls(client, entity)

    def fetch(language: str) -> dict[str, str]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        pages = {}
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages[url] = response.content.decode()
        return pages

    return fetch


TYPED_FIELDS = ("name", "short_name", "title", "topic", "agenda", "description", "text", "reason")
# Lines the product writes (never exempt: they must follow the reader's language).
PRODUCT_TEXT_MODELS = {"pqrs.petitionevent"}


def _data_texts() -> set[str]:
    """What people typed (names, titles, agendas, descriptions, office hours), exempt from the
    word lists and the catalogue check; and the language switch's own names (autonyms)."""
    from django.apps import apps
    from django.db import models as db_models

    from cabildo.core.models import Entity
    from cabildo.portal.models import AttentionChannel

    texts = {"Español", "English"}
    for model in apps.get_models():
        if not model.__module__.startswith("cabildo.") or model._meta.label_lower in (
            PRODUCT_TEXT_MODELS
        ):
            continue
        names = [
            f.name
            for f in model._meta.get_fields()
            if f.name in TYPED_FIELDS and isinstance(f, (db_models.CharField, db_models.TextField))
        ]
        for name in names:
            for value in model._default_manager.values_list(name, flat=True)[:2000]:
                texts.update(line.strip() for line in str(value or "").splitlines())
    for row in Entity.objects.values_list("office_hours", flat=True):
        texts.add(row)
    for row in AttentionChannel.objects.values_list("contact", "hours"):
        texts.update(row)
    return texts


def test_every_page_speaks_the_visitors_language(crawl_pages):
    """One crawl (the objects are built once), read in English and then in Spanish."""
    data = _data_texts()
    pages = crawl_pages("en")
    assert len(pages) > 100, "the crawl should reach the whole product"
    report = []
    for url, page in pages.items():
        if "<html" in page:  # a whole page (not a fragment that htmx swaps in)
            assert '<html lang="en">' in page, f"{url} is not rendered in English"
        report += [f"{url}: {p}" for p in problems_in(page, language="en", data=data)]
    assert not report, "Spanish on English pages:\n" + "\n".join(sorted(set(report)))
    for url, page in crawl_pages("es").items():
        report += [f"{url}: {p}" for p in problems_in(page, language="es", data=data)]
    assert not report, "English on Spanish pages:\n" + "\n".join(sorted(set(report)))


def test_word_lists_catch_what_they_should():
    page = (
        "<main><h1>Radicado 2026-1</h1><p>Plazo: 15 días hábiles</p><p>Navidad</p>"
        "<button>Guardar</button><textarea>Guardar</textarea></main>"
    )
    found = problems_in(page, language="en", data=set())
    assert any("Radicado" in p for p in found)
    assert any("días hábiles" in p for p in found)
    assert any("Navidad" in p for p in found)
    assert sum("Guardar" in p for p in found) == 1  # what a visitor typed is not checked
    assert problems_in("<p>Comunas</p><p>Mayor</p>", language="en", data=set()) == []
    msgid = sorted(untranslated_msgids())[0]
    page = f"<p>{html_lib.escape(msgid)}</p>"
    assert any("untranslated" in p for p in problems_in(page, language="en", data=set()))


def test_factories_write_none_of_the_interface_words():
    """The word lists would flag the factories' own data: keep them disjoint."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in ROOT.glob("tests/**/factories.py"))
    # Lines exempt as typed data (see _data_texts) are not counted.
    sources = re.sub(r"(?m)^\s*(hours|office_hours|contact) = .*$", "", sources)
    literals = re.findall(r'"([^"\n]*)"', sources)
    clashes = sorted({w for w in SPANISH_WORDS for text in literals if WORD[w].search(text)})
    assert not clashes, f"factories write interface words: {clashes}"
