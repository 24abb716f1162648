"""The client's address: the one place that reads ``REMOTE_ADDR`` and ``X-Forwarded-For``.

Behind nginx, gunicorn's ``REMOTE_ADDR`` is the proxy (127.0.0.1), never the visitor. The
visitor's address is taken from ``X-Forwarded-For`` only when the request's peer is one of
the trusted proxies (``settings.CABILDO_TRUSTED_PROXIES``, networks) and then counting
``settings.CABILDO_PROXY_COUNT`` hops from the right of the chain (each proxy appends the
address it saw; the nearest proxy is the peer itself). A header sent by anybody else is
ignored, so a client cannot choose the address its limits are counted on.

Used by the public-form throttles, django-axes (``AXES_CLIENT_IP_CALLABLE``), the access log,
the Ley 1581 consents and the open-data API throttle. django-ipware (python-ipware) parses
the chain (ports, brackets, IPv6, IPv4-mapped addresses).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from python_ipware import IpWare

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


@lru_cache(maxsize=8)
def _ipware(proxy_count: int) -> IpWare:
    return IpWare(precedence=(FORWARDED_HEADER,), proxy_count=proxy_count)


def _parse(value: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not isinstance(value, str):
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def trusted_proxy(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    networks = _networks(tuple(getattr(settings, "CABILDO_TRUSTED_PROXIES", ()) or ()))
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: Any) -> str | None:
    """The visitor's address as text, or ``None`` when unknown (no request, odd peer).

    Accepts anything with a ``META`` mapping (Django and DRF requests)."""
    meta = getattr(request, "META", None)
    if not meta:
        return None
    peer = _parse(meta.get("REMOTE_ADDR"))
    if peer is None:
        return None
    proxy_count = int(getattr(settings, "CABILDO_PROXY_COUNT", 0) or 0)
    if proxy_count < 1 or not trusted_proxy(peer):
        return str(peer)
    forwarded = meta.get(FORWARDED_HEADER)
    if not isinstance(forwarded, str) or not forwarded.strip():
        return str(peer)  # the proxy itself (health checks) or a local command
    # The peer is the last hop of the chain; python-ipware picks the client at the configured
    # distance from the right, and refuses chains shorter than that.
    address, _trusted = _ipware(proxy_count).get_client_ip(
        {FORWARDED_HEADER: f"{forwarded[:2000]}, {peer}"}, False
    )
    return str(address) if address is not None else None


def client_key(request: Any) -> str:
    """The client address for counters and cache keys (never empty)."""
    return client_ip(request) or "unknown"
