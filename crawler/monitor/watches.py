"""Saved watches: the YAML file format, its validation with line numbers, and article matching (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from crawler.redact import webhook_key
from crawler.search_query import QueryError, parse_query
from crawler.text import fold

KEYS = {"id", "query", "province", "source", "event", "meeting_reports_only", "channels", "since"}
CHANNEL_KEYS = {"email", "webhook"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class WatchesError(ValueError):
    """A watches file that cannot be used; the message names the file and line."""


@dataclass
class Watch:
    """One saved search and where its new matches go."""

    id: str
    query: str = ""
    provinces: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    meeting_reports_only: bool = False
    emails: list[str] = field(default_factory=list)
    webhooks: list[str] = field(default_factory=list)
    since: str | None = None

    @property
    def channels(self) -> list[str]:
        """Delivery channel keys: one per email address and per webhook URL.

        A webhook URL usually carries its token in the path or query: its key (stored in the
        database, written to logs) holds its origin and a hash, never the URL itself.
        """
        return [f"email:{a}" for a in self.emails] + [webhook_key(u) for u in self.webhooks]

    def target(self, channel: str) -> tuple[str, str]:
        """(kind, address) to deliver to for one of :attr:`channels`."""
        for url in self.webhooks:
            if webhook_key(url) == channel:
                return "webhook", url
        kind, _, target = channel.partition(":")
        return kind, target

    def matches(self, article: dict) -> bool:
        """True when the article passes the filters and the query."""
        return passes_filters(self, article) and _parsed(self.query).matches(
            article_fields(article)
        )


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _strings(value: object, where: str, key: str) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise WatchesError(f"{where}: '{key}' must be a string or a list of strings")
    return [str(v).strip() for v in values if str(v).strip()]


def parse_watch(raw: dict, where: str) -> Watch:
    """One `watches:` entry to a Watch; `where` ("file:line") prefixes every error."""
    if not isinstance(raw, dict):
        raise WatchesError(f"{where}: a watch must be a mapping with at least 'id'")
    unknown = sorted(set(raw) - KEYS - {"__line__"})
    if unknown:
        raise WatchesError(
            f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(KEYS))})"
        )
    watch_id = str(raw.get("id") or "")
    if not _ID.match(watch_id):
        raise WatchesError(
            f"{where}: 'id' must be letters, digits, '-', '_' or '.', got {watch_id!r}"
        )
    query = raw.get("query") or ""
    if not isinstance(query, str):
        raise WatchesError(f"{where}: watch '{watch_id}': 'query' must be a string")
    try:
        parse_query(query)
    except QueryError as exc:
        raise WatchesError(f"{where}: watch '{watch_id}': query {query!r}: {exc}") from exc
    channels = raw.get("channels") or {}
    if not isinstance(channels, dict):
        raise WatchesError(
            f"{where}: watch '{watch_id}': 'channels' must be a mapping (email, webhook)"
        )
    unknown = sorted(set(channels) - CHANNEL_KEYS - {"__line__"})
    if unknown:
        raise WatchesError(
            f"{where}: watch '{watch_id}': unknown channel '{unknown[0]}' (email, webhook)"
        )
    emails = _strings(channels.get("email"), where, "email")
    for address in emails:
        if not _EMAIL.match(address):
            raise WatchesError(f"{where}: watch '{watch_id}': not an email address: {address!r}")
    webhooks = _strings(channels.get("webhook"), where, "webhook")
    for url in webhooks:
        if not url.startswith(("http://", "https://")):
            raise WatchesError(
                f"{where}: watch '{watch_id}': webhook must be an http(s) URL: {url!r}"
            )
    since = raw.get("since")
    return Watch(
        id=watch_id,
        query=query.strip(),
        provinces=_strings(raw.get("province"), where, "province"),
        sources=_strings(raw.get("source"), where, "source"),
        events=_strings(raw.get("event"), where, "event"),
        meeting_reports_only=bool(raw.get("meeting_reports_only", False)),
        emails=emails,
        webhooks=webhooks,
        since=str(since) if since is not None else None,
    )


def load_watches(path: str | Path) -> list[Watch]:
    """Read and validate a watches YAML file (`watches:` list); errors name the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WatchesError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise WatchesError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("watches"), list):
        raise WatchesError(f"{path}:1: expected a top-level 'watches:' list")
    watches, seen = [], {}
    for raw in data["watches"]:
        line = raw.get("__line__", "?") if isinstance(raw, dict) else "?"
        watch = parse_watch(raw, f"{path}:{line}")
        if watch.id in seen:
            raise WatchesError(
                f"{path}:{line}: duplicate watch id '{watch.id}' (first at line {seen[watch.id]})"
            )
        seen[watch.id] = line
        watches.append(watch)
    return watches


@dataclass
class HealthSubscription:
    """Where the operator hears about source health changes (`health:` in the watches file)."""

    emails: list[str] = field(default_factory=list)
    webhooks: list[str] = field(default_factory=list)

    @property
    def channels(self) -> list[str]:
        return [f"email:{a}" for a in self.emails] + [f"webhook:{u}" for u in self.webhooks]


def load_health_subscription(path: str | Path) -> HealthSubscription | None:
    """The `health:` section of a watches file (`channels:` as for a watch), or None."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except (OSError, yaml.YAMLError):
        return None  # load_watches reports an unreadable file with its line
    raw = data.get("health") if isinstance(data, dict) else None
    if raw is None:
        return None
    line = raw.get("__line__", "?") if isinstance(raw, dict) else "?"
    where = f"{path}:{line}"
    if not isinstance(raw, dict) or set(raw) - {"channels", "__line__"}:
        raise WatchesError(f"{where}: 'health' must be a mapping with only 'channels'")
    watch = parse_watch({"id": "health", "channels": raw.get("channels")}, where)
    return HealthSubscription(emails=watch.emails, webhooks=watch.webhooks)


def article_fields(article: dict) -> list[str]:
    """The fields a query looks in, as the search index holds them: title, then lead and body."""
    body = "\n".join(article.get(k) or "" for k in ("lead", "body_text"))
    return [article.get("title") or "", body]


def article_text(article: dict) -> str:
    """The folded searchable text of an article: title, lead and body."""
    parts = (article.get(k) for k in ("title", "lead", "body_text"))
    return fold("\n".join(p for p in parts if p))


@lru_cache(maxsize=512)
def _parsed(query: str):
    return parse_query(query)


def query_matches(query: str, folded_text: str) -> bool:
    """Does the text satisfy the query? The query language is crawler.search_query's, the
    same as the search page's and Datasette's ``_search``: words and "quoted phrases" must all
    occur as whole words (accents, đ and case ignored), a leading '-' excludes, ' OR ' (upper
    case) separates alternatives. An empty query matches everything.
    """
    return _parsed(query).matches([folded_text])


def _truthy(value: object) -> bool:
    return value not in (None, 0, "0", "", "false", "False", False)


def passes_filters(watch: Watch, article: dict) -> bool:
    """Province (as published or today's), source, event and meeting-report filters."""
    if article.get("removed_at"):
        return False
    # "Meeting reports" of a digital-transformation monitor are DX meeting reports.
    dx_report = article.get("is_dx_meeting_report")
    if dx_report is None:  # an article dict from before the column: the two facts it holds
        dx_report = _truthy(article.get("is_meeting_report")) and _truthy(article.get("topic_dx"))
    if watch.meeting_reports_only and not _truthy(dx_report):
        return False
    if watch.sources and str(article.get("source_id")) not in watch.sources:
        return False
    if watch.events and str(article.get("event_id")) not in watch.events:
        return False
    if watch.provinces:
        wanted = {fold(p) for p in watch.provinces}
        have = {fold(str(article.get(k))) for k in ("province", "province_now") if article.get(k)}
        if not wanted & have:
            return False
    return True
