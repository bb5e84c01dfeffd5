"""Hosts of URLs, and whether a host belongs to a set of domains (subdomains included)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The lower-case host name of `url` ("" when it has none)."""
    return (urlsplit(url).hostname or "").lower()


def host_in(host: str, domains: Iterable[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one ("www.x.vn" is in "x.vn")."""
    return any(host == d or host.endswith("." + d) for d in domains)
