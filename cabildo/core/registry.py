"""How apps plug into the shared layout without editing shared files.

Each app's ``AppConfig`` may declare:

- ``staff_nav``: a list of :class:`NavItem` shown in the staff navigation when the
  user holds ``perm`` on the request's entity;
- ``public_nav``: a list of :class:`NavItem` shown in the public navigation;
- ``desk_sections``: dotted path of ``f(request) -> list[DeskSection]`` for "Mi escritorio";
- ``beat_schedule``: a Celery beat schedule dict (collected in ``config/celery.py``);
- a ``demo`` module with ``seed(*, entities)`` (run by ``manage.py seed_demo``, in
  ``INSTALLED_APPS`` order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.http import HttpRequest


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


def _configs() -> list[Any]:
    return [c for c in apps.get_app_configs() if c.name.startswith("cabildo.")]


def staff_nav(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    entity = getattr(request, "entity", None)
    if not user.is_authenticated or entity is None:
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
