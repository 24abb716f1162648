"""How apps plug into the shared layout without editing shared files.

Each app's ``AppConfig`` may declare:

- ``staff_nav``: a list of :class:`NavItem` shown in the staff navigation when the
  user holds ``perm`` on the request's entity;
- ``public_nav``: a list of :class:`NavItem` shown in the public navigation;
- ``desk_sections``: dotted path of ``f(request) -> list[DeskSection]`` for "Mi escritorio";
- ``beat_schedule``: a Celery beat schedule dict (collected in ``config/celery.py``);
- ``participa_links``: a list of :class:`PublicLink`, the app's public pages placed in one of
  the six sections of the portal's "Participa" menu (Resolución MinTIC 1519 de 2020);
- ``open_datasets``: dotted path of a list of :class:`PublicDataset` (open data: CSV, JSON,
  data dictionary and the public read-only API are all generated from each definition);
- ``personal_data``: a list of :class:`PersonalDataSource`, every model of the app that holds
  citizens' personal data and the fields that identify them (data-subject search, export,
  rectification and anonymization, ``cabildo.privacy.sources``; a system check fails when a
  declared model or field does not exist);
- a ``demo`` module with ``seed(*, entities)`` (run by ``manage.py seed_demo``, in
  ``INSTALLED_APPS`` order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from django.http import HttpRequest

    from cabildo.core.models import Entity


# What an anonymized row's name field says.
ANONYMOUS_NAME = "Anónimo"


@dataclass(frozen=True)
class PersonalDataSource:
    """A model holding citizens' personal data (an app's ``personal_data``).

    Field roles: ``email``, ``phone``, ``document`` and ``name`` are searched (``contact``: free
    text such as "correo / teléfono", matched by containment); ``other`` fields are blanked on
    anonymization as well; ``show`` are the fields shown as context in the results."""

    key: str  # "app_label.model"
    label: Any
    email: str = ""
    phone: str = ""
    document: str = ""
    name: str = ""
    contact: str = ""
    other: tuple[str, ...] = ()
    show: tuple[str, ...] = ()

    @property
    def identity_fields(self) -> list[str]:
        names = [self.email, self.phone, self.document, self.name, self.contact, *self.other]
        return [n for n in names if n]

    def anonymized_values(self) -> dict[str, str]:
        values = dict.fromkeys(self.identity_fields, "")
        if self.name:
            values[self.name] = ANONYMOUS_NAME
        return values


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    perm: str | None = None
    order: int = 100

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass
class DeskItem:
    label: str
    url: str
    detail: str = ""
    status: str = ""  # text label, never colour alone


@dataclass
class DeskSection:
    title: Any
    items: list[DeskItem] = field(default_factory=list)
    url: str | None = None
    empty_text: Any = ""
    count: int | None = None


class ParticipaSection(models.TextChoices):
    """The six sections of the "Participa" menu (Resolución MinTIC 1519 de 2020, anexo 2)."""

    DIAGNOSIS = "diagnostico", _("Diagnóstico e identificación de problemas")
    PLANNING = "planeacion", _("Planeación y presupuesto participativo")
    CONSULTATION = "consulta", _("Consulta ciudadana")
    COLLABORATION = "colaboracion", _("Colaboración e innovación abierta")
    ACCOUNTABILITY = "rendicion-de-cuentas", _("Rendición de cuentas")
    SOCIAL_CONTROL = "control-social", _("Control social")


@dataclass(frozen=True)
class PublicLink:
    """A public page of an app, listed in one section of the portal's "Participa" menu."""

    section: str  # a ParticipaSection value
    label: Any
    url_name: str
    description: Any = ""
    order: int = 100

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class PublicDataset:
    """An open dataset of one entity. One definition drives the CSV and JSON downloads, the data
    dictionary page and the public read-only API:

    - ``serializer_class``: a DRF serializer; each field's ``label`` is the Spanish column header
      and its ``help_text`` the data dictionary's description. It must hold no personal data
      (names of citizens, emails, phones, documents) — a test scans every dataset;
    - ``queryset``: ``f(entity) -> QuerySet`` (or an iterable of dicts for aggregates), already
      restricted to what is public and shaped for a constant number of queries;
    - ``filterset_fields``: fields the API filters on (django-filter);
    - ``filterset_class``: a FilterSet for filters django-filter cannot build from a field name
      (e.g. a value inside a JSON list); it then filters the API, and ``filterset_fields``
      still names every filter (the schema and the data dictionary list them);
    - ``section``: the ParticipaSection it belongs to.
    """

    slug: str
    title: Any
    description: Any
    serializer_class: type
    queryset: Callable[[Entity], Iterable[Any]]
    section: str = ""
    filterset_fields: tuple[str, ...] = ()
    filterset_class: type | None = None
    order: int = 100


def participa_links() -> list[PublicLink]:
    links = [link for c in _configs() for link in getattr(c, "participa_links", [])]
    return sorted(links, key=lambda link: (link.order, str(link.label)))


def open_datasets() -> list[PublicDataset]:
    datasets: list[PublicDataset] = []
    for config in _configs():
        path = getattr(config, "open_datasets", None)
        if path:
            datasets.extend(import_string(path))
    return sorted(datasets, key=lambda d: (d.order, d.slug))


def _configs() -> list[Any]:
    return [c for c in apps.get_app_configs() if c.name.startswith("cabildo.")]


def staff_nav(request: HttpRequest) -> list[dict[str, Any]]:
    # Error pages (a bad Host's 400) render before the authentication middleware has run.
    user = getattr(request, "user", None)
    entity = getattr(request, "entity", None)
    if user is None or not user.is_authenticated or entity is None:
        return []
    items = [i for c in _configs() for i in getattr(c, "staff_nav", [])]
    visible = []
    for item in sorted(items, key=lambda i: i.order):
        if item.perm and not user.has_perm(item.perm, entity):
            continue
        url = item.url()
        if url:
            visible.append({"label": item.label, "url": url})
    return visible


def public_nav(request: HttpRequest) -> list[dict[str, Any]]:
    items = [i for c in _configs() for i in getattr(c, "public_nav", [])]
    result = []
    for item in sorted(items, key=lambda i: i.order):
        url = item.url()
        if url:
            result.append({"label": item.label, "url": url})
    return result


def desk_sections(request: HttpRequest) -> list[DeskSection]:
    sections: list[DeskSection] = []
    for config in _configs():
        path = getattr(config, "desk_sections", None)
        if path:
            sections.extend(import_string(path)(request))
    return sections


def demo_modules() -> list[Any]:
    modules = []
    for config in _configs():
        try:
            modules.append(import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return modules
