"""Which network addresses a crawl may contact: public ones only, unless a source says otherwise.

A portal page (or a redirect) can point anywhere: at the crawler's own machine (127.0.0.1), the
office network (10.x, 192.168.x), or a cloud metadata service (169.254.169.254) that hands out
credentials. A request to a host that is, or resolves to, a non-public address is refused unless
the source's registry entry says `allow_private_network: true` (the local replica and tests).
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from crawler.urls import host_of

DEFAULT_PORTS = {"http": 80, "https": 443}


def is_public_ip(address: str) -> bool:
    """True for a globally routable unicast address (not loopback, private, link-local...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@lru_cache(maxsize=1024)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return ()
    return tuple(sorted({info[4][0] for info in infos}))


def non_public_reason(url: str) -> str | None:
    """Why ``url``'s host is not a public address (a one-line reason), or None when it is.

    A host name is resolved (cached per process); it must resolve to public addresses only. A
    name that does not resolve is left to the download to fail (and be recorded) as usual.
    """
    host = host_of(url)
    if not host:
        return f"{url}: no host"
    if host == "localhost" or host.endswith(".localhost"):
        return f"{host} is the local machine"
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        addresses: tuple[str, ...] = (host,)
    except ValueError:
        addresses = _resolve(host)
    for address in addresses:
        if not is_public_ip(address):
            named = host if address == host else f"{host} ({address})"
            return f"{named} is not a public address"
    return None


def port_of(url: str) -> int | None:
    """The port ``url`` connects to: explicit, or its scheme's default."""
    parts = urlsplit(url)
    try:
        return parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None


def source_ports(urls: list[str]) -> set[int]:
    """The ports a source may use: 80 and 443, plus any its own URLs name explicitly."""
    ports = set(DEFAULT_PORTS.values())
    for url in urls:
        port = port_of(url)
        if port:
            ports.add(port)
    return ports
