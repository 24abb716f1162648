"""The one place that builds the URL of a page of an entity.

The URL names the entity (``docs/architecture.md``, "Tenancy"): either the entity's canonical
host name (``EntityHostname.is_canonical``; its URLs carry no prefix) or the ``/<slug>/`` prefix on
the shared site (``settings.SITE_URL``). Inside a request of an entity, ``reverse()`` and
``{% url %}`` already give that entity's paths (the middleware sets the script prefix); these
helpers are for everything else: links to *another* entity, and every link that leaves the site
(emails, PDFs, spreadsheets, iCal feeds, QR codes, open data, API hyperlinks, the sitemap).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import get_script_prefix, reverse, set_script_prefix

from cabildo.core.models import Entity, EntityHostname

_UNSET = object()


@contextmanager
def script_prefix(prefix: str) -> Iterator[None]:
    """``reverse()`` builds paths under ``prefix`` inside the block (restored afterwards)."""
    previous = get_script_prefix()
    set_script_prefix(prefix)
    try:
        yield
    finally:
        set_script_prefix(previous)


def site_url() -> str:
    """The shared site's absolute address, without a trailing slash."""
    return str(settings.SITE_URL).rstrip("/")


def canonical_host(entity: Entity) -> str | None:
    """The entity's canonical host name, or ``None`` when its URLs use the ``/<slug>/`` prefix.

    Querysets from :meth:`Entity.objects.with_canonical_host` carry it already (no query)."""
    found = getattr(entity, "canonical_host", _UNSET)
    if found is _UNSET:
        found = (
            EntityHostname.objects.filter(entity_id=entity.pk, is_canonical=True)
            .values_list("hostname", flat=True)
            .first()
        )
        # mypy: the same attribute with_canonical_host() annotates.
        entity.canonical_host = found  # type: ignore[attr-defined]
    return found if isinstance(found, str) and found else None


def _host_base(host: str) -> str:
    """``scheme://host[:port]`` for a canonical host, on the shared site's scheme and port."""
    parts = urlsplit(site_url())
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme or 'https'}://{host}{port}"


def entity_root(entity: Entity, *, absolute: bool = True) -> str:
    """The entity's home, ending in ``/``: ``https://host/`` or ``<SITE_URL>/<slug>/``.

    With ``absolute=False`` an entity without a canonical host gets a path (``/<slug>/``), for
    links between pages of the shared site."""
    host = canonical_host(entity)
    if host:
        return f"{_host_base(host)}/"
    if absolute:
        return f"{site_url()}/{entity.slug}/"
    return f"/{entity.slug}/"


def _relative(
    viewname: str,
    args: Sequence[Any] | None,
    kwargs: Mapping[str, Any] | None,
    query: Mapping[str, Any] | None,
) -> str:
    with script_prefix("/"):
        path = reverse(viewname, args=args, kwargs=dict(kwargs or {}), query=query or None)
    return path.removeprefix("/")


def entity_url(
    entity: Entity,
    viewname: str,
    *,
    args: Sequence[Any] | None = None,
    kwargs: Mapping[str, Any] | None = None,
    query: Mapping[str, Any] | None = None,
    fragment: str = "",
) -> str:
    """The absolute canonical URL of a page of ``entity`` (for anything that leaves the site)."""
    url = entity_root(entity) + _relative(viewname, args, kwargs, query)
    return f"{url}#{fragment}" if fragment else url


def entity_href(
    entity: Entity,
    viewname: str,
    *,
    args: Sequence[Any] | None = None,
    kwargs: Mapping[str, Any] | None = None,
    query: Mapping[str, Any] | None = None,
) -> str:
    """A link to a page of ``entity`` from a page of the site: a path on the shared site, the
    absolute URL when the entity has its own host name."""
    return entity_root(entity, absolute=False) + _relative(viewname, args, kwargs, query)


def absolute_path(entity: Entity, path: str) -> str:
    """The absolute URL of ``path``, a path of the entity's pages *without* its prefix
    (e.g. what ``reverse()`` gives under :func:`script_prefix` ``("/")``)."""
    return entity_root(entity) + path.removeprefix("/")
