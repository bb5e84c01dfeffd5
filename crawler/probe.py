"""Probe one registry source over plain HTTP: robots.txt, start page, family, article links, one article."""

from __future__ import annotations

import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from crawler.netguard import non_public_reason
from crawler.registry import Source

MAX_BYTES = 5_000_000
ARTICLE_TRIES = 3  # article links tried before calling extraction failed

# The statuses the check reports (docs/registry.md explains each).
OK = "ok"
UNREACHABLE = "unreachable"
TLS = "TLS problem"
BLOCKED = "blocked"
NO_ARTICLES = "no articles found"
EXTRACTION_FAILED = "extraction failed"


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    body: bytes
    content_type: str


@dataclass
class CheckResult:
    """What the check found for one source; `status` is one of the six statuses above."""

    source_id: str
    status: str
    reason: str = ""
    robots: str | None = None
    family: str | None = None
    links: int = 0
    article_url: str | None = None
    article_title: str | None = None
    seconds: float = 0.0


class ProbeError(Exception):
    """A request that failed; `status` is the check status it maps to."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _is_tls(reason: object) -> bool:
    return isinstance(reason, ssl.SSLError | ssl.CertificateError)


MAX_REDIRECTS = 5


def _scope_problem(source: Source, url: str) -> str | None:
    """Why the check must not request `url` for `source` (off its domains, non-public), or None."""
    if not source.allows(url):
        return "outside the source's domains"
    if not source.allow_private_network:
        why = non_public_reason(url)
        if why:
            return why + " (allow_private_network is not set)"
    return None


class _JudgedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only after judging where it leads: the source's hosts, public, few hops."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        why = _scope_problem(self.source, newurl)
        if why:
            raise ProbeError(
                UNREACHABLE, f"{req.full_url} redirects to {newurl}: not followed, {why}"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, source: Source, timeout: float) -> Fetched:
    """GET `url` with the source's User-Agent and TLS choice; ProbeError on any failure.

    Redirects are judged before they are followed (see _JudgedRedirects)."""
    why = _scope_problem(source, url)
    if why and source.allows(url):  # an off-domain start URL is reported by its caller
        raise ProbeError(UNREACHABLE, f"{url}: not requested, {why}")
    context = ssl.create_default_context()
    if not source.tls_verify:
        # Opted in per source for portals with broken certificate chains (registry: tls_verify).
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        # The same old servers often offer only legacy ciphers (seen on hungyen.gov.vn).
        try:
            context.set_ciphers("DEFAULT@SECLEVEL=1")
        except ssl.SSLError:
            pass
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": source.user_agent_string(),
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "vi,en;q=0.5",
        },
    )
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), _JudgedRedirects(source)
        )
        with opener.open(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES)
            return Fetched(
                response.geturl(), response.status, body, response.headers.get("Content-Type", "")
            )
    except urllib.error.HTTPError as exc:
        body = exc.read(MAX_BYTES) if exc.fp else b""
        return Fetched(
            exc.geturl() or url,
            exc.code,
            body,
            exc.headers.get("Content-Type", "") if exc.headers else "",
        )
    except urllib.error.URLError as exc:
        reason = exc.reason
        if _is_tls(reason):
            hint = (
                ""
                if not source.tls_verify
                else " (if the chain is broken, set tls_verify: false on this source)"
            )
            raise ProbeError(
                TLS, f"TLS error on {url}: {getattr(reason, 'reason', None) or reason}{hint}"
            ) from None
        if isinstance(reason, socket.gaierror):
            raise ProbeError(
                UNREACHABLE, f"cannot resolve {urlsplit(url).hostname} (DNS failed: offline?)"
            ) from None
        if isinstance(reason, TimeoutError):
            raise ProbeError(UNREACHABLE, f"no answer from {url} within {timeout:g} s") from None
        if isinstance(reason, ConnectionRefusedError):
            raise ProbeError(UNREACHABLE, f"connection refused by {urlsplit(url).netloc}") from None
        raise ProbeError(UNREACHABLE, f"cannot reach {url}: {reason}") from None
    except TimeoutError:
        raise ProbeError(UNREACHABLE, f"no answer from {url} within {timeout:g} s") from None
    except (ssl.SSLError, ssl.CertificateError) as exc:
        raise ProbeError(TLS, f"TLS error on {url}: {exc}") from None
    except (ConnectionError, OSError, ValueError) as exc:
        raise ProbeError(UNREACHABLE, f"cannot reach {url}: {exc}") from None


def _text(fetched: Fetched) -> str:
    match = re.search(r"charset=([\w-]+)", fetched.content_type or "")
    try:
        return fetched.body.decode(match.group(1) if match else "utf-8", errors="replace")
    except LookupError:
        return fetched.body.decode("utf-8", errors="replace")


def check_robots(url: str, source: Source, timeout: float) -> tuple[str, ProbeError | None]:
    """(summary, refusal) for `url` under its host's robots.txt, read as the crawl reads it:
    with Protego, Scrapy's robots.txt parser (RFC 9309: the longest matching rule wins); a
    missing file (4xx) allows all, a server error (5xx) disallows all
    (crawler.middlewares.SourceRobotsTxtMiddleware).

    Raises ProbeError when the host cannot be reached at all."""
    parts = urlsplit(url)
    robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
    # A host that cannot be reached fails here (ProbeError): the start URL would only wait again.
    fetched = fetch(robots_url, source, timeout)
    if fetched.status >= 500:
        why = f"HTTP {fetched.status} on robots.txt {robots_url}: the crawl fetches nothing there"
        return f"disallows all (HTTP {fetched.status})", ProbeError(UNREACHABLE, why)
    if fetched.status >= 400:
        return f"none (HTTP {fetched.status})", None
    if Protego.parse(_text(fetched)).can_fetch(url, source.user_agent_string()):
        return "allows", None
    why = f"robots.txt disallows {url} for our User-Agent"
    return "disallows start URL", ProbeError(BLOCKED, why)


def _refusal(fetched: Fetched, what: str) -> ProbeError | None:
    """A ProbeError when a response is a block page, an HTTP error or a redirect off the source."""
    from crawler.discovery import looks_blocked

    if looks_blocked(fetched.status, _text(fetched)):
        return ProbeError(BLOCKED, f"HTTP {fetched.status} block page on {what} {fetched.url}")
    if fetched.status >= 400:
        return ProbeError(UNREACHABLE, f"HTTP {fetched.status} on {what} {fetched.url}")
    return None


def _listing_links(source: Source, timeout: float, result: CheckResult) -> list[str]:
    """Article links from the first start URL, else from the feeds and sitemaps."""
    from crawler.discovery import find_article_links, parse_feed, parse_sitemap
    from crawler.extraction.families import detect_family, load_families

    families = load_families()
    start = source.start_urls[0]
    fetched = fetch(start, source, timeout)
    refusal = _refusal(fetched, "start URL")
    if refusal:
        raise refusal
    if not source.allows(fetched.url):
        raise ProbeError(
            UNREACHABLE,
            f"start URL redirects outside the source's domains, to {fetched.url} "
            "(add an alias or fix the URL)",
        )
    html = _text(fetched)
    detected = detect_family(html, fetched.url)
    name = source.cms or detected
    if source.cms and detected and detected != source.cms:
        result.family = f"{source.cms} (hint; page looks like {detected})"
    else:
        result.family = f"{name} ({'hint' if source.cms else 'detected'})" if name else "unknown"
    links = find_article_links(
        fetched.body,
        fetched.url,
        family=families.get(name) if name else None,
        allowed_hosts=source.domains(),
    )
    for url in [*source.feeds, *source.sitemaps]:
        if links:
            break
        try:
            extra = fetch(url, source, timeout)
        except ProbeError:
            continue
        if extra.status >= 400:
            continue
        if url in source.feeds:
            links = [e["url"] for e in parse_feed(extra.body) if e.get("url")]
        else:
            kind, entries = parse_sitemap(extra.body)
            links = [e["url"] for e in entries if kind == "urlset" and e.get("url")]
        links = [u for u in links if source.allows(u)]
    return links


def check_source(source: Source, timeout: float = 15.0) -> CheckResult:
    """Probe `source`; never raises for network trouble: the result says what went wrong."""
    began = time.monotonic()
    result = CheckResult(source.id, OK)
    try:
        result.robots = "not reached"
        result.robots, refusal = check_robots(source.start_urls[0], source, timeout)
        if refusal and source.obey_robots:
            raise refusal
        links = _listing_links(source, timeout, result)
        result.links = len(links)
        if not links:
            raise ProbeError(
                NO_ARTICLES,
                f"no article links on {source.start_urls[0]}"
                + (" nor in its feeds/sitemaps" if source.feeds or source.sitemaps else ""),
            )
        _extract_one(source, links, timeout, result)
    except ProbeError as exc:
        result.status, result.reason = exc.status, exc.reason
    result.seconds = round(time.monotonic() - began, 2)
    return result


def _extract_one(source: Source, links: list[str], timeout: float, result: CheckResult) -> None:
    from crawler.extraction import extract_article

    why = ""
    for url in links[:ARTICLE_TRIES]:
        fetched = fetch(url, source, timeout)
        refusal = _refusal(fetched, "article")
        if refusal:
            why = refusal.reason
            if refusal.status == BLOCKED:
                raise refusal
            continue
        try:
            article = extract_article(
                fetched.body, fetched.url, cms=source.cms, selectors=source.selectors or None
            )
        except (
            Exception
        ) as exc:  # a crash of extraction on a live page is a finding, not a traceback
            why = f"extractor error on {url}: {type(exc).__name__}: {exc}"
            continue
        if article.title and article.body_text:
            result.article_url, result.article_title = url, article.title
            if result.family == "unknown":
                # Listings carry fewer family markers than articles (numeric-id news CMSs).
                from crawler.extraction.families import detect_family

                detected = detect_family(_text(fetched), fetched.url)
                result.family = f"{detected} (detected on article)" if detected else "unknown"
            return
        missing = " and ".join(
            f for f, v in (("title", article.title), ("body", article.body_text)) if not v
        )
        why = f"no {missing} extracted from {url}"
    raise ProbeError(EXTRACTION_FAILED, why or "no article could be fetched")
