"""The registry's values: `Source` (one portal), `Alias`, `Registry`, and the `Problem`s of a file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler import __version__
from crawler.clock import as_day
from crawler.provinces import province_now
from crawler.urls import host_in, host_of

SOURCES_DIR = Path(__file__).parent.parent / "sources"
DEFAULT_REGISTRY = SOURCES_DIR / "vietnam.yaml"
FAMILIES_FILE = Path(__file__).parent.parent / "extraction" / "families.yaml"

KINDS = (
    "ministry",
    "provincial_portal",
    "department",
    "city_portal",
    "newspaper",
    "national_portal",
)
CONFIDENCE = ("high", "medium", "low")
# Family ids the registry accepts even before extraction's families.yaml lists them.
BASE_FAMILIES = (
    "sharepoint",
    "liferay",
    "numeric_timestamp_news",
    "news_a_id",
    "nukeviet",
    "wordpress",
)
MERGER_DATE = dt.date(2025, 7, 1)

# Fetch settings: the spider reads them per source (see docs/registry.md, "Fetching contract").
FETCH_DEFAULTS: dict[str, Any] = {
    "download_timeout": 30.0,
    "retries": 2,
    "download_delay": 1.0,
    "concurrency": 1,
    "obey_robots": True,
    "tls_verify": True,
    "user_agent": None,
    "contact_url": None,
}


@dataclass
class Alias:
    """A former (or extra) domain of a source, with the dates it served the source's pages."""

    domain: str
    until: dt.date | None = None
    since: dt.date | None = None

    def active_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.since is None or day >= self.since) and (
            self.until is None or day < self.until
        )


@dataclass
class Source:
    """One crawlable source: a portal, a department site, a newspaper. Lists default to empty."""

    id: str
    name: str
    province: str | None
    start_urls: list[str]
    kind: str | None = None
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    cms: str | None = None
    cms_tags: list[str] = field(default_factory=list)
    selectors: dict[str, list[str]] = field(default_factory=dict)
    allowed_domains: list[str] = field(default_factory=list)
    enabled: bool = True
    aliases: list[Alias] = field(default_factory=list)
    former_province: str | None = None
    confidence: str | None = None
    evidence: list[str] = field(default_factory=list)
    disabled_reason: str | None = None
    notes: str | None = None
    download_timeout: float = FETCH_DEFAULTS["download_timeout"]
    retries: int = FETCH_DEFAULTS["retries"]
    download_delay: float = FETCH_DEFAULTS["download_delay"]
    concurrency: int = FETCH_DEFAULTS["concurrency"]
    obey_robots: bool = FETCH_DEFAULTS["obey_robots"]
    tls_verify: bool = FETCH_DEFAULTS["tls_verify"]
    # Loopback, private, link-local and metadata addresses are refused unless this is true
    # (the local replica, tests): a per-source choice, never a default.
    allow_private_network: bool = False
    user_agent: str | None = None
    contact_url: str | None = None
    line: int = 0  # where the entry starts in its file

    # Today's province (Hà Nam's portal → Ninh Bình): a field, so dataclasses.asdict() has it.
    province_now: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.province_now = province_now(self.province) if self.province else None

    def province_on(self, day: dt.date | str | None) -> str | None:
        """The province as published on `day`: the former one before the 2025 merger."""
        if day is None:
            return self.province
        day = as_day(day)
        if self.former_province and day < MERGER_DATE:
            return province_now(self.former_province, day)
        return province_now(self.province, day) if self.province else None

    def domains(self, on_date: dt.date | None = None) -> list[str]:
        """allowed_domains plus alias domains (those serving on `on_date`, all when None)."""
        extra = [a.domain for a in self.aliases if a.active_on(on_date)]
        return list(dict.fromkeys([*self.allowed_domains, *extra]))

    def allows(self, url: str) -> bool:
        """True when `url`'s host is one of the source's domains or aliases (or a subdomain)."""
        return host_in(host_of(url), self.domains())

    def user_agent_string(self, version: str = __version__) -> str:
        """The User-Agent to send: the configured one, else an honest govmon one with a contact URL."""
        if self.user_agent:
            values = {"contact_url": self.contact_url or "", "version": version}
            return re.sub(
                r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), self.user_agent
            )
        contact = f"+{self.contact_url}; " if self.contact_url else ""
        return f"govmon/{version} ({contact}monitor of public government news)"

    def to_dict(self) -> dict:
        """A plain dict (dates as ISO strings), for JSON output and the spider's logs."""
        out = {k: v for k, v in self.__dict__.items() if k != "line"}  # province_now included
        out["aliases"] = [
            {
                "domain": a.domain,
                "until": a.until and a.until.isoformat(),
                "since": a.since and a.since.isoformat(),
            }
            for a in self.aliases
        ]
        return out


@dataclass
class Problem:
    """One thing wrong in a registry file, located by line."""

    path: str
    line: int
    source_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: "
        return where + (f"source '{self.source_id}': " if self.source_id else "") + self.message


class RegistryError(Exception):
    """A registry file has problems; `.problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Registry:
    """The sources of one registry file and its shared defaults."""

    sources: list[Source]
    defaults: dict = field(default_factory=dict)
    path: str | None = None

    def get(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def enabled(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]

    def provinces_covered(self, enabled_only: bool = False) -> set[str]:
        """Today's provinces (of the 34) that have at least one source."""
        pool = self.enabled() if enabled_only else self.sources
        return {s.province_now for s in pool if s.province_now}
