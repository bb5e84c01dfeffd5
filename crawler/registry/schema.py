"""The registry's schema, declared once: for every `Source` field, the rule its YAML value obeys.

`FIELDS` maps each key of an entry to a `Field`: whether it is required, whether `defaults:` may
set it, and a rule. A rule is a small function `(value, node, ctx)` that reports what is wrong
with `ctx.report(node, message)`; `node` is the value's YAML node, so every message carries the
FILE:LINE it came from (an item's own line for lists). The loader (`load.py`) walks the YAML and
applies the table; nothing else restates the fields. `test_schema_covers_every_field` keeps the
table and the `Source` dataclass in step.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Protocol
from urllib.parse import urlsplit

from crawler.provinces import canonical_province
from crawler.registry.model import CONFIDENCE, KINDS, Source

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
URL_LISTS = ("start_urls", "feeds", "sitemaps", "evidence")


class Context(Protocol):
    """What a rule needs: where to report, and the CMS families known."""

    families: set[str]

    def report(self, node: Any, message: str) -> None: ...

    def pairs(self, node: Any) -> dict[str, tuple[Any, Any]]:
        """key -> (key node, value node) of a mapping node, duplicate keys reported."""
        ...


Rule = Callable[[Any, Any, Context], None]


@dataclass(frozen=True)
class Field:
    """One entry key: its rule, and whether it is required or may come from `defaults:`."""

    rule: Rule
    required: bool = False
    in_defaults: bool = True  # False: a per-source choice (TLS off, private network, identity)


def closest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """' (did you mean X?)' when a choice is close to a mistyped word, else ''."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def url_problem(url: Any) -> str | None:
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


def host_problem(domain: Any) -> str | None:
    """Why `domain` is not a bare host name, or None when it is."""
    if not isinstance(domain, str) or not domain.strip():
        return "is not a host name"
    if "/" in domain or ":" in domain or any(c.isspace() for c in domain):
        return "must be a bare host name such as mic.gov.vn (no scheme, port or path)"
    return None


def as_date(value: Any) -> dt.date | None:
    """A YAML date (or ISO text) as a date; None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def items_of(node: Any, count: int) -> list[Any]:
    """The item nodes of a YAML sequence (the node itself, repeated, for a scalar)."""
    return list(node.value) if type(node).__name__ == "SequenceNode" else [node] * count


# ---- rules ---------------------------------------------------------------------------------
def identifier(value: Any, node: Any, ctx: Context) -> None:
    if not isinstance(value, str) or not value or not all(c.isalnum() or c in "-_." for c in value):
        hint = (
            " (quote it: YAML reads yes/no/on/off as true/false)" if isinstance(value, bool) else ""
        )
        ctx.report(node, f"bad id {value!r}: use letters, digits, '-', '_' or '.'{hint}")


def non_empty_text(key: str) -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        if not isinstance(value, str) or not value.strip():
            ctx.report(node, f"field '{key}' must be a non-empty text")

    return rule


def optional_text(key: str) -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        if value is not None and not isinstance(value, str):
            ctx.report(node, f"field '{key}' must be text")

    return rule


def province(suffix: str = "") -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        if value is not None and (not isinstance(value, str) or not canonical_province(value)):
            ctx.report(node, f"unknown province '{value}'{suffix}")

    return rule


def url_list(key: str, *, non_empty: bool = False) -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        urls = [value] if isinstance(value, str) else value
        if not isinstance(urls, list):
            ctx.report(node, f"field '{key}' must be a list of URLs")
        elif non_empty and not urls:
            ctx.report(node, f"field '{key}' is empty")
        else:
            for url, item in zip(urls, items_of(node, len(urls)), strict=False):
                why = url_problem(url)
                if why:
                    ctx.report(item, f"bad URL '{url}' in {key}: {why}")

    return rule


def optional_url(key: str) -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        why = url_problem(value) if value is not None else None
        if why:
            ctx.report(node, f"bad URL '{value}' in {key}: {why}")

    return rule


def one_of(choices: tuple[str, ...], message: Callable[[Any], str]) -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        if value is not None and value not in choices:
            ctx.report(node, message(value))

    return rule


def cms_family(value: Any, node: Any, ctx: Context) -> None:
    if value is not None and value not in ctx.families:
        known = ", ".join(sorted(ctx.families))
        ctx.report(
            node,
            f"unknown cms family '{value}'{closest(str(value), ctx.families)} "
            f"(known: {known}; use null to detect)",
        )


def boolean(key: str) -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        if not isinstance(value, bool):
            ctx.report(node, f"field '{key}' must be true or false, not {value!r}")

    return rule


def seconds(key: str, *, at_most: float | None = None) -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or value < 0
            or (at_most is not None and not 0 < value <= at_most)
        ):
            ctx.report(
                node, f"field '{key}' must be a number of seconds (timeout: 1-300), not {value!r}"
            )

    return rule


def whole_number(key: str, *, at_least: int) -> Rule:
    def rule(value: Any, node: Any, ctx: Context) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < at_least:
            ctx.report(node, f"field '{key}' must be a whole number >= {at_least}, not {value!r}")

    return rule


def host_list(value: Any, node: Any, ctx: Context) -> None:
    if not isinstance(value, list):
        ctx.report(node, "field 'allowed_domains' must be a list of host names")
        return
    for domain, item in zip(value, items_of(node, len(value)), strict=False):
        why = host_problem(domain)
        if why:
            ctx.report(item, f"bad domain '{domain}' in allowed_domains: {why}")


def tag_list(value: Any, node: Any, ctx: Context) -> None:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        ctx.report(node, "field 'cms_tags' must be a list of tags")


def alias_list(value: Any, node: Any, ctx: Context) -> None:
    if not isinstance(value, list):
        ctx.report(node, "field 'aliases' must be a list of {domain, until} entries")
        return
    for alias, item in zip(value, items_of(node, len(value)), strict=False):
        alias = {"domain": alias} if isinstance(alias, str) else alias
        if not isinstance(alias, dict):
            ctx.report(item, "an alias must be a host name or {domain, until, since}")
            continue
        unknown = set(alias) - {"domain", "until", "since"}
        if unknown:
            first = sorted(unknown)[0]
            ctx.report(item, f"unknown alias key '{first}' (expected domain, until, since)")
        why = host_problem(alias.get("domain"))
        if why:
            ctx.report(item, f"bad alias domain '{alias.get('domain')}': {why}")
        for key in ("until", "since"):
            if alias.get(key) is not None and as_date(alias[key]) is None:
                ctx.report(item, f"alias '{key}' must be a date (YYYY-MM-DD), not {alias[key]!r}")


def selector_map(value: Any, node: Any, ctx: Context) -> None:
    if not isinstance(value, dict) or type(node).__name__ != "MappingNode":
        ctx.report(node, "field 'selectors' must be a mapping such as {title: [css, ...]}")
        return
    for key, (key_node, value_node) in ctx.pairs(node).items():
        css = value[key]
        if key not in SELECTOR_FIELDS:
            ctx.report(key_node, f"unknown selector field '{key}'{closest(key, SELECTOR_FIELDS)}")
        elif not (
            isinstance(css, str) or (isinstance(css, list) and all(isinstance(c, str) for c in css))
        ):
            ctx.report(value_node, f"selectors.{key} must be a CSS selector or a list of them")


# ---- the schema ----------------------------------------------------------------------------
FIELDS: dict[str, Field] = {
    "id": Field(identifier, required=True, in_defaults=False),
    "name": Field(non_empty_text("name"), required=True, in_defaults=False),
    "province": Field(province(), required=True),
    "start_urls": Field(url_list("start_urls", non_empty=True), required=True, in_defaults=False),
    "kind": Field(
        one_of(
            KINDS,
            lambda v: (
                f"unknown kind '{v}'{closest(str(v), KINDS)} (expected one of: {', '.join(KINDS)})"
            ),
        )
    ),
    "feeds": Field(url_list("feeds")),
    "sitemaps": Field(url_list("sitemaps")),
    "cms": Field(cms_family),
    "cms_tags": Field(tag_list),
    "selectors": Field(selector_map),
    "allowed_domains": Field(host_list),
    "enabled": Field(boolean("enabled")),
    "aliases": Field(alias_list, in_defaults=False),
    "former_province": Field(province(" in former_province")),
    "confidence": Field(
        one_of(CONFIDENCE, lambda v: f"unknown confidence '{v}' (expected high, medium or low)")
    ),
    "evidence": Field(url_list("evidence"), in_defaults=False),
    "disabled_reason": Field(optional_text("disabled_reason")),
    "notes": Field(optional_text("notes")),
    "download_timeout": Field(seconds("download_timeout", at_most=300)),
    "retries": Field(whole_number("retries", at_least=0)),
    "download_delay": Field(seconds("download_delay")),
    "concurrency": Field(whole_number("concurrency", at_least=1)),
    "obey_robots": Field(boolean("obey_robots")),
    # Turning TLS checks off, or allowing private addresses, must be a per-source choice.
    "tls_verify": Field(boolean("tls_verify"), in_defaults=False),
    "allow_private_network": Field(boolean("allow_private_network"), in_defaults=False),
    "user_agent": Field(optional_text("user_agent")),
    "contact_url": Field(optional_url("contact_url")),
}
REQUIRED = tuple(k for k, f in FIELDS.items() if f.required)
# Fields the loader fills, never written in YAML.
COMPUTED = ("line", "province_now")


def source_fields() -> set[str]:
    """The `Source` dataclass fields a registry entry may set."""
    return {f.name for f in fields(Source) if f.name not in COMPUTED}
