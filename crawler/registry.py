"""The source registry: portals as YAML data, loaded into `Source` values and validated with line numbers."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from crawler import __version__
from crawler.provinces import canonical_province, province_now
from crawler.text import nfc

SOURCES_DIR = Path(__file__).with_name("sources")
DEFAULT_REGISTRY = SOURCES_DIR / "vietnam.yaml"
FAMILIES_FILE = Path(__file__).parent / "extraction" / "families.yaml"

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
# Allowed in an entry but not in `defaults:`: turning TLS checks off must be a per-source choice.
NOT_IN_DEFAULTS = (
    "id",
    "name",
    "start_urls",
    "tls_verify",
    "allow_private_network",
    "aliases",
    "evidence",
)
TOP_LEVEL_KEYS = ("sources", "defaults", "notes")
# libyaml's safe loader when present: the registry is parsed twice (nodes for lines, then data).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        day = dt.date.fromisoformat(str(day)[:10]) if not isinstance(day, dt.date) else day
        if self.former_province and day < MERGER_DATE:
            return province_now(self.former_province, day)
        return province_now(self.province, day) if self.province else None

    def domains(self, on_date: dt.date | None = None) -> list[str]:
        """allowed_domains plus alias domains (those serving on `on_date`, all when None)."""
        extra = [a.domain for a in self.aliases if a.active_on(on_date)]
        return list(dict.fromkeys([*self.allowed_domains, *extra]))

    def allows(self, url: str) -> bool:
        """True when `url`'s host is one of the source's domains or aliases (or a subdomain)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains())

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


FIELD_NAMES = {f for f in Source.__dataclass_fields__ if f not in ("line", "province_now")}
ENTRY_KEYS = FIELD_NAMES
SELECTOR_FIELDS = (
    "title",
    "published",
    "modified",
    "author",
    "lead",
    "body",
    "drop",
    "article_links",
    "next_page",
)
REQUIRED = ("id", "name", "province", "start_urls")


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


def known_families() -> set[str]:
    """Family ids of crawler/extraction/families.yaml (top-level keys), plus the base six."""
    names = set(BASE_FAMILIES)
    try:
        data = yaml.safe_load(FAMILIES_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return names
    if isinstance(data, dict):
        families = data.get("families", data)
        if isinstance(families, dict):
            names |= {k for k in families if isinstance(k, str)}
        elif isinstance(families, list):
            names |= {f.get("id") for f in families if isinstance(f, dict) and f.get("id")}
    return names


def validate_registry(path: str | Path) -> list[Problem]:
    """Every problem of the registry file at `path` (empty when it is valid)."""
    return _load(Path(path))[1]


def load_registry(path: str | Path | None = None) -> Registry:
    """Load a registry file (default: crawler/sources/vietnam.yaml); RegistryError if it has problems."""
    registry, problems = _load(Path(path) if path else DEFAULT_REGISTRY)
    if problems:
        raise RegistryError(problems)
    return registry


def parse_registry(text: str, path: str = "<string>") -> tuple[Registry, list[Problem]]:
    """Parse registry YAML text: the registry of the valid entries and the problems found."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = " ".join(str(getattr(exc, "problem", None) or exc).split())
        return Registry([], {}, path), [Problem(path, line, None, f"bad YAML: {reason}")]
    return _Checker(path).check(root, data)


def _load(path: Path) -> tuple[Registry, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Registry([], {}, str(path)), [Problem(str(path), 0, None, "file not found")]
    except (OSError, UnicodeDecodeError) as exc:
        return Registry([], {}, str(path)), [Problem(str(path), 0, None, f"cannot read: {exc}")]
    return parse_registry(text, str(path))


def closest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """' (did you mean X?)' when a choice is close to a mistyped word, else ''."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def as_nfc(value: Any) -> Any:
    """NFC every string inside a YAML value."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [as_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: as_nfc(v) for k, v in value.items()}
    return value


def _url_problem(url: Any) -> str | None:
    """Why `url` is not a usable http(s) URL, or None when it is."""
    if not isinstance(url, str) or not url.strip():
        return "is not a URL string"
    if any(c.isspace() for c in url.strip()):
        return "contains spaces"
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://"
    if not parts.hostname:
        return "has no host"
    return None


def _host_problem(domain: Any) -> str | None:
    if not isinstance(domain, str) or not domain.strip():
        return "is not a host name"
    if "/" in domain or ":" in domain or any(c.isspace() for c in domain):
        return "must be a bare host name such as mic.gov.vn (no scheme, port or path)"
    return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _default_domains(urls: list[str]) -> list[str]:
    # "www.x" and "x" serve the same portal; allowing the parent covers both (subdomains match).
    hosts = [(urlsplit(u).hostname or "").lower() for u in urls]
    return list(dict.fromkeys(h[4:] if h.startswith("www.") else h for h in hosts if h))


class _Checker:
    """Walks the composed YAML (for line numbers) beside the loaded data; collects problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.families = known_families()

    def problem(self, node: Any, source_id: str | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.path, line, source_id, message))

    def pairs(self, node: yaml.MappingNode, source_id: str | None) -> dict[str, tuple]:
        """key → (key node, value node); reports duplicate keys, which YAML would silently merge."""
        out: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key == "<<":
                continue  # a YAML merge key: its keys are checked in the merged data
            if key in out:
                self.problem(
                    key_node,
                    source_id,
                    f"duplicate key '{key}' (first at line {out[key][0].start_mark.line + 1})",
                )
            out[key] = (key_node, value_node)
        return out

    def check(self, root: Any, data: Any) -> tuple[Registry, list[Problem]]:
        registry = Registry([], {}, self.path)
        if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
            self.problem(root, None, "expected a mapping with a 'sources:' list at the top")
            return registry, self.problems
        top = self.pairs(root, None)
        for key, (key_node, _) in top.items():
            if key not in TOP_LEVEL_KEYS:
                self.problem(
                    key_node, None, f"unknown top-level key '{key}'{closest(key, TOP_LEVEL_KEYS)}"
                )
        defaults = data.get("defaults") or {}
        if "defaults" in top:
            defaults = self.check_defaults(top["defaults"][1], data.get("defaults"))
        registry.defaults = defaults
        if "sources" not in top:
            self.problem(root, None, "no 'sources:' list")
            return registry, self.problems
        seq, items = top["sources"][1], data.get("sources")
        if not isinstance(seq, yaml.SequenceNode) or not isinstance(items, list):
            self.problem(seq, None, "'sources:' must be a list of entries")
            return registry, self.problems
        seen: dict[str, int] = {}
        for index, (node, entry) in enumerate(zip(seq.value, items, strict=True)):
            source = self.check_entry(index, node, entry, defaults, seen)
            if source is not None:
                registry.sources.append(source)
        self.problems.sort(key=lambda p: p.line)
        return registry, self.problems

    def check_defaults(self, node: Any, value: Any) -> dict:
        if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
            self.problem(node, None, "'defaults:' must be a mapping")
            return {}
        pairs = self.pairs(node, None)
        clean = {}
        for key, (key_node, value_node) in pairs.items():
            if key not in ENTRY_KEYS:
                self.problem(
                    key_node, None, f"defaults: unknown key '{key}'{closest(key, ENTRY_KEYS)}"
                )
            elif key in NOT_IN_DEFAULTS:
                self.problem(
                    key_node, None, f"defaults: '{key}' belongs in each entry, not in defaults"
                )
            elif self.check_field(key, value[key], value_node, None):
                clean[key] = value[key]
        return clean

    def check_entry(
        self, index: int, node: Any, entry: Any, defaults: dict, seen: dict
    ) -> Source | None:
        if not isinstance(node, yaml.MappingNode) or not isinstance(entry, dict):
            self.problem(node, None, f"entry #{index + 1} is not a mapping")
            return None
        raw_id = entry.get("id")
        sid = str(raw_id) if raw_id is not None else None
        id_node = next((v for k, v in node.value if k.value == "id"), None)
        # Name the entry as written ("off", not YAML's False).
        label = id_node.value if isinstance(id_node, yaml.ScalarNode) and sid else sid
        before = len(self.problems)
        pairs = self.pairs(node, label)
        if sid is None:
            self.problems.append(
                Problem(
                    self.path,
                    node.start_mark.line + 1,
                    None,
                    f"entry #{index + 1}: missing field 'id'",
                )
            )
        elif sid in seen:
            self.problem(pairs["id"][1], label, f"duplicate id '{sid}' (first at line {seen[sid]})")
        else:
            seen[sid] = node.start_mark.line + 1
        for key, (key_node, value_node) in pairs.items():
            if key not in ENTRY_KEYS:
                self.problem(key_node, label, f"unknown key '{key}'{closest(key, ENTRY_KEYS)}")
            else:
                self.check_field(key, entry[key], value_node, label)
        for key in REQUIRED:
            if key not in entry and key != "id":
                hint = " (use 'province: null' for national bodies)" if key == "province" else ""
                self.problem(node, label, f"missing field '{key}'{hint}")
        merged = {**defaults, **entry}
        self.check_consistency(merged, node, pairs, label)
        if len(self.problems) > before:
            return None
        return self.build(merged, node.start_mark.line + 1)

    def check_field(self, key: str, value: Any, node: Any, sid: str | None) -> bool:
        """Type and value rules of one field; False (and a problem) when it is wrong."""
        n = len(self.problems)
        if key == "id":
            if (
                not isinstance(value, str)
                or not value
                or not all(c.isalnum() or c in "-_." for c in value)
            ):
                hint = (
                    " (quote it: YAML reads yes/no/on/off as true/false)"
                    if isinstance(value, bool)
                    else ""
                )
                self.problem(
                    node, sid, f"bad id {value!r}: use letters, digits, '-', '_' or '.'{hint}"
                )
        elif key == "name":
            if not isinstance(value, str) or not value.strip():
                self.problem(node, sid, "field 'name' must be a non-empty text")
        elif key in ("province", "former_province"):
            if value is not None and (not isinstance(value, str) or not canonical_province(value)):
                self.problem(
                    node,
                    sid,
                    f"unknown province '{value}'"
                    + ("" if key == "province" else " in former_province"),
                )
        elif key in ("start_urls", "feeds", "sitemaps", "evidence"):
            urls = [value] if isinstance(value, str) else value
            if not isinstance(urls, list):
                self.problem(node, sid, f"field '{key}' must be a list of URLs")
            elif key == "start_urls" and not urls:
                self.problem(node, sid, "field 'start_urls' is empty")
            else:
                items = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(urls)
                for url, item in zip(urls, items, strict=False):
                    why = _url_problem(url)
                    if why:
                        self.problem(item, sid, f"bad URL '{url}' in {key}: {why}")
        elif key == "kind":
            if value is not None and value not in KINDS:
                self.problem(
                    node,
                    sid,
                    f"unknown kind '{value}'{closest(str(value), KINDS)} (expected one of: {', '.join(KINDS)})",
                )
        elif key == "cms":
            if value is not None and value not in self.families:
                self.problem(
                    node,
                    sid,
                    f"unknown cms family '{value}'{closest(str(value), self.families)} (known: {', '.join(sorted(self.families))}; use null to detect)",
                )
        elif key == "confidence":
            if value is not None and value not in CONFIDENCE:
                self.problem(
                    node, sid, f"unknown confidence '{value}' (expected high, medium or low)"
                )
        elif key in ("enabled", "tls_verify", "obey_robots", "allow_private_network"):
            if not isinstance(value, bool):
                self.problem(node, sid, f"field '{key}' must be true or false, not {value!r}")
        elif key in ("download_timeout", "download_delay"):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or value < 0
                or (key == "download_timeout" and not 0 < value <= 300)
            ):
                self.problem(
                    node,
                    sid,
                    f"field '{key}' must be a number of seconds (timeout: 1-300), not {value!r}",
                )
        elif key in ("retries", "concurrency"):
            low = 1 if key == "concurrency" else 0
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                self.problem(
                    node, sid, f"field '{key}' must be a whole number >= {low}, not {value!r}"
                )
        elif key == "allowed_domains":
            if not isinstance(value, list):
                self.problem(node, sid, "field 'allowed_domains' must be a list of host names")
            else:
                for domain, item in zip(value, node.value, strict=False):
                    why = _host_problem(domain)
                    if why:
                        self.problem(item, sid, f"bad domain '{domain}' in allowed_domains: {why}")
        elif key == "aliases":
            self.check_aliases(value, node, sid)
        elif key == "selectors":
            self.check_selectors(value, node, sid)
        elif key == "cms_tags":
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                self.problem(node, sid, "field 'cms_tags' must be a list of tags")
        elif key == "contact_url":
            why = _url_problem(value) if value is not None else None
            if why:
                self.problem(node, sid, f"bad URL '{value}' in contact_url: {why}")
        elif key in ("disabled_reason", "notes", "user_agent"):
            if value is not None and not isinstance(value, str):
                self.problem(node, sid, f"field '{key}' must be text")
        return len(self.problems) == n

    def check_aliases(self, value: Any, node: Any, sid: str | None) -> None:
        if not isinstance(value, list):
            self.problem(node, sid, "field 'aliases' must be a list of {domain, until} entries")
            return
        for alias, item in zip(value, node.value, strict=False):
            alias = {"domain": alias} if isinstance(alias, str) else alias
            if not isinstance(alias, dict):
                self.problem(item, sid, "an alias must be a host name or {domain, until, since}")
                continue
            unknown = set(alias) - {"domain", "until", "since"}
            if unknown:
                self.problem(
                    item,
                    sid,
                    f"unknown alias key '{sorted(unknown)[0]}' (expected domain, until, since)",
                )
            why = _host_problem(alias.get("domain"))
            if why:
                self.problem(item, sid, f"bad alias domain '{alias.get('domain')}': {why}")
            for key in ("until", "since"):
                if alias.get(key) is not None and _as_date(alias[key]) is None:
                    self.problem(
                        item, sid, f"alias '{key}' must be a date (YYYY-MM-DD), not {alias[key]!r}"
                    )

    def check_selectors(self, value: Any, node: Any, sid: str | None) -> None:
        if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode):
            self.problem(
                node, sid, "field 'selectors' must be a mapping such as {title: [css, ...]}"
            )
            return
        for key, (key_node, value_node) in self.pairs(node, sid).items():
            css = value[key]
            if key not in SELECTOR_FIELDS:
                self.problem(
                    key_node, sid, f"unknown selector field '{key}'{closest(key, SELECTOR_FIELDS)}"
                )
            elif not (
                isinstance(css, str)
                or (isinstance(css, list) and all(isinstance(c, str) for c in css))
            ):
                self.problem(
                    value_node, sid, f"selectors.{key} must be a CSS selector or a list of them"
                )

    def check_consistency(self, merged: dict, node: Any, pairs: dict, sid: str | None) -> None:
        """Rules across fields: a disabled entry says why; a former province belongs to the province."""
        if merged.get("enabled") is False and not merged.get("disabled_reason"):
            self.problem(
                pairs.get("enabled", (node, node))[1], sid, "enabled: false needs a disabled_reason"
            )
        former, current = merged.get("former_province"), merged.get("province")
        if (
            isinstance(former, str)
            and isinstance(current, str)
            and canonical_province(former)
            and canonical_province(current)
        ):
            if province_now(former) != province_now(current):
                self.problem(
                    pairs["former_province"][1],
                    sid,
                    f"former_province '{former}' is now part of '{province_now(former)}', not of '{current}'",
                )

    def build(self, merged: dict, line: int) -> Source:
        data = {k: as_nfc(v) for k, v in merged.items() if k in FIELD_NAMES}
        for key in ("start_urls", "feeds", "sitemaps", "evidence"):
            if isinstance(data.get(key), str):
                data[key] = [data[key]]
            if key in data:
                data[key] = [u.strip() for u in data[key]]
        for key in ("province", "former_province"):
            if data.get(key):
                data[key] = canonical_province(data[key])
        data["aliases"] = [
            Alias(
                a["domain"].lower(),
                _as_date(a.get("until")) if a.get("until") else None,
                _as_date(a.get("since")) if a.get("since") else None,
            )
            for a in ({"domain": x} if isinstance(x, str) else x for x in data.get("aliases") or [])
        ]
        data["selectors"] = {
            k: [v] if isinstance(v, str) else list(v)
            for k, v in (data.get("selectors") or {}).items()
        }
        if not data.get("allowed_domains"):
            urls = [*data["start_urls"], *data.get("feeds", []), *data.get("sitemaps", [])]
            data["allowed_domains"] = _default_domains(urls)
        else:
            data["allowed_domains"] = [d.lower() for d in data["allowed_domains"]]
        for key in ("feeds", "sitemaps", "evidence", "cms_tags"):
            data[key] = list(data.get(key) or [])
        data = {k: v for k, v in data.items() if v is not None or k in ("province", "kind", "cms")}
        return Source(line=line, **data)
