"""Every English catalogue is complete, and pages follow the visitor's language."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.browser.catalogues import ROOT, catalogues, ensure_compiled

CATALOGUES = catalogues()


def _entries(po: Path) -> list[dict[str, object]]:
    """Entries of a .po file: flags, msgid and msgstr (joined), plural msgstr[n] included."""
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") for line in lines):
            continue
        flags: list[str] = []
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#,"):
                flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if current is not None:
                    fields[current] += line[1:-1]
            else:
                current, _, rest = line.partition(" ")
                fields[current] = rest.strip()[1:-1]
        entries.append({"flags": flags, **fields})
    return entries


def test_every_app_has_an_english_catalogue():
    """Every Cabildo app shows text to users (at least its verbose name), so each one has its
    own English catalogue."""
    from django.apps import apps as django_apps

    have = {po.relative_to(ROOT / "cabildo").parts[0] for po in CATALOGUES}
    expected = {c.label for c in django_apps.get_app_configs() if c.name.startswith("cabildo.")}
    assert expected <= have, f"apps without an English catalogue: {sorted(expected - have)}"


@pytest.mark.parametrize("po", CATALOGUES, ids=[p.parts[-5] for p in CATALOGUES])
def test_catalogue_is_complete(po: Path):
    entries = _entries(po)
    assert entries and entries[0]["msgid"] == "", "the catalogue must start with its header"
    empty = []
    fuzzy = []
    for entry in entries[1:]:
        if "fuzzy" in entry["flags"]:
            fuzzy.append(entry["msgid"])
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        if not translations or any(value == "" for value in translations):
            empty.append(entry["msgid"])
    assert not empty, f"msgstr vacíos en {po.relative_to(ROOT)}: {empty}"
    assert not fuzzy, f"entradas fuzzy en {po.relative_to(ROOT)}: {fuzzy}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=[p.parts[-5] for p in CATALOGUES])
def test_catalogue_placeholders_match(po: Path):
    """msgfmt --check-format: every %(name)s of the Spanish text is in the English one."""
    msgfmt = shutil.which("msgfmt") or "msgfmt"
    result = subprocess.run(  # noqa: S603 - fixed command on a file of the repository
        [msgfmt, "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_a_string_reads_the_same_in_every_catalogue():
    """Django merges the apps' catalogues into one: for a Spanish string (and context) that two
    apps translate differently, the app listed first in INSTALLED_APPS wins everywhere. So the
    role «Consulta» read "Viewer" as a PQRSD kind, and a task's «Inicio» read "Home". Two
    meanings take a context (``pgettext``, ``{% translate "…" context "…" %}``); one meaning
    takes one English text."""
    translations: dict[tuple[object, object], dict[str, object]] = {}
    for po in CATALOGUES:
        app = po.relative_to(ROOT / "cabildo").parts[0]
        for entry in _entries(po)[1:]:
            key = (entry.get("msgctxt"), entry["msgid"])
            translations.setdefault(key, {})[app] = entry.get("msgstr", entry.get("msgstr[0]"))
    clashes = {
        f"{context + ' | ' if context else ''}{msgid}": by_app
        for (context, msgid), by_app in translations.items()
        if len(set(by_app.values())) > 1
    }
    assert not clashes, f"translated differently by two apps: {clashes}"


# Plural nouns and participles that follow a number in Cabildo's sentences.
_COUNTED = (
    "personas|eventos|actividades|peticiones|aportes|instancias|grupos|acciones|registros|"
    "respuestas|preguntas|integrantes|sesiones|compromisos|comentarios|observaciones|filas|"
    "archivos|correos|asistentes|reportes|indicadores|mediciones|veces|curules|territorios|"
    "usuarios|entidades|encuestas|foros|consultas|solicitudes|cambios|errores|páginas|"
    "conjuntos|documentos|destinatarios|invitaciones|inscritos|analizados|recibidos|"
    "programadas|cumplidas|respondidas|realizadas"
)
# Template variables that hold a fixed number above one (a setting), never a count.
_FIXED_NUMBERS = {"min_cell"}


def test_a_counted_noun_agrees_with_its_number():
    """«1 personas respondieron», «1 instancias», «Se corrigieron 1 registros»: a number
    followed by a plural noun needs ``{% blocktranslate count %}`` or ``ngettext`` (or a
    labelled figure, «Asistentes: 1»)."""
    block = re.compile(
        r"\{% blocktranslate (?P<args>[^%]*)%\}(?P<body>.*?)\{% (?:plural|endblocktranslate) %\}",
        re.S,
    )
    in_template = re.compile(r"\{\{ (\w+) \}\} (?:" + _COUNTED + r")\b")
    in_python = re.compile(r'(?<![n])_\(\s*"([^"]*%\(\w+\)s (?:' + _COUNTED + r')\b[^"]*)"')
    found = []
    for path in sorted((ROOT / "cabildo").rglob("*.html")):
        for match in block.finditer(path.read_text(encoding="utf-8")):
            if re.search(r"(?:^|\s)count\s+\w+\s*=", match["args"]):  # not «paginator.count»
                continue
            found += [
                f"{path.relative_to(ROOT)}: {m.group(0)}"
                for m in in_template.finditer(match["body"])
                if m.group(1) not in _FIXED_NUMBERS
            ]
    for path in sorted((ROOT / "cabildo").rglob("*.py")):
        if "migrations" not in path.parts:
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {m.group(1)}" for m in in_python.finditer(text)]
    assert not found, f"a number followed by a plural, with no count: {found}"


APPS = sorted(po.relative_to(ROOT / "cabildo").parts[0] for po in CATALOGUES)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext's xgettext is not installed")
@pytest.mark.parametrize("app", APPS)
def test_catalogue_matches_the_source(app: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``make messages`` on a copy of the app changes no translation: every string the source
    marks is in its English catalogue, translated and not fuzzy (a string marked but never
    added shows in Spanish to an English reader; Django merges all apps' catalogues, so a
    string translated only in another app's catalogue is lost the next time that app's is
    refreshed), and the catalogue keeps no string the source no longer marks."""
    from django.core.management import call_command

    from cabildo.core.management.commands.app_messages import _js_uses_gettext

    copy = tmp_path / app
    shutil.copytree(
        ROOT / "cabildo" / app,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "vendor", "node_modules"),
    )
    committed = {
        po.name: {str(e["msgid"]) for e in _entries(po)[1:]}
        for po in (copy / "locale" / "en" / "LC_MESSAGES").glob("*.po")
    }
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    if _js_uses_gettext(copy / "static"):
        call_command(
            "makemessages", domain="djangojs", locale=["en"], no_obsolete=True, verbosity=0
        )
    problems = []
    for po in sorted((copy / "locale" / "en" / "LC_MESSAGES").glob("*.po")):
        entries = _entries(po)[1:]
        for entry in entries:
            translations = [v for k, v in entry.items() if k.startswith("msgstr")]
            if "fuzzy" in entry["flags"] or not translations or "" in translations:
                problems.append(f"{po.name}: not translated: {entry['msgid']!r}")
        stale = committed.get(po.name, set()) - {str(e["msgid"]) for e in entries}
        problems += [f"{po.name}: no longer in the source: {msgid!r}" for msgid in sorted(stale)]
    assert not problems, (
        f"run `make messages` and translate (cabildo/{app}/locale/en/):\n" + "\n".join(problems)
    )


def test_parser_reports_empty_and_fuzzy_entries(tmp_path: Path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgid "Hola"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "Adiós %(name)s"\nmsgstr "Bye %(name)s"\n\n'
        'msgid ""\n"Largo "\n"texto"\nmsgstr ""\n"Long "\n"text"\n',
        encoding="utf-8",
    )
    entries = _entries(po)
    assert [e["msgid"] for e in entries] == ["", "Hola", "Adiós %(name)s", "Largo texto"]
    assert entries[1]["msgstr"] == ""
    assert "fuzzy" in entries[2]["flags"]
    assert entries[3]["msgstr"] == "Long text"


@pytest.fixture
def compiled_catalogues():
    ensure_compiled()


def test_language_names_are_translated(compiled_catalogues):
    names = dict(settings.LANGUAGES)
    with translation.override("en"):
        assert str(names["es"]) == "Spanish"
        assert str(names["en"]) == "English"
    with translation.override("es"):
        assert str(names["es"]) == "Español"


@pytest.mark.django_db
def test_words_with_two_meanings_read_right_in_english(compiled_catalogues):
    from cabildo.accounts.models import Role
    from cabildo.pqrs.models import KindCode

    with translation.override("en"):
        assert str(KindCode.CONSULTATION.label) == "Consultation"  # was "Viewer", the role
        assert str(Role.VIEWER.label) == "Viewer"
        assert translation.pgettext("comienzo", "Inicio") == "Start"  # a task's start date
        assert translation.gettext("Inicio") == "Home"
        assert translation.gettext("Vence") == "Due"  # a petition's term, not "Expires"
        assert translation.pgettext("caducidad", "Vence") == "Expires"  # a membership
        assert translation.pgettext("buscar", "Consultar") == "Search"


def test_home_is_spanish_by_default(client, entity, compiled_catalogues):
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert '<html lang="es-CO">' in html
    assert "Saltar al contenido principal" in html
    assert "Entidades en Cabildo" in html
    assert "Entities on Cabildo" not in html


@pytest.mark.django_db
def test_home_follows_accept_language(client, entity, compiled_catalogues):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Entities on Cabildo" in html
    assert "Quick links" in html
    assert "Entidades en Cabildo" not in html
    # The switch offers Spanish, named in Spanish.
    assert re.search(r'<button[^>]*value="es"[^>]*lang="es"[^>]*>Español</button>', html)


@pytest.mark.django_db
def test_home_follows_language_cookie(client, entity, compiled_catalogues):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("core:home")).content.decode()
    assert "Entities on Cabildo" in html and "Current language: English" in html


@pytest.mark.django_db
def test_set_language_switches_to_english_and_back(client, entity, compiled_catalogues):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert "Quick links" in response.content.decode()
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"}, follow=True)
    assert "Accesos rápidos" in response.content.decode()


@pytest.mark.django_db
def test_login_page_in_english(client, entity, compiled_catalogues):
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Staff login" in html and "Forgot your password?" in html
