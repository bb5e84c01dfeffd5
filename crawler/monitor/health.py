"""Source health rules: a pure function of one run's statistics and the source's publishing history."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from crawler.clock import VIETNAM, parse_moment
from crawler.models import RUN_COUNTERS  # noqa: F401  (re-exported: the rules read these)

# Worst first: `govmon status` sorts by this order and exits non-zero on the BAD ones.
STATUSES = (
    "blocked",
    "failing",
    "no_links",
    "nothing_extracted",
    "layout_changed",
    "silent",
    "ok",
    "unknown",
)
BAD_STATUSES = frozenset({"blocked", "failing", "no_links", "nothing_extracted", "layout_changed"})

# A problem must hit at least half of the pages concerned ("most"), and at least this many of
# them, so that one odd page on a big portal does not flag the whole source.
SHARE = 0.5
MIN_PAGES = 3
# Silence: no publication for SILENT_FACTOR times the source's usual gap between publishing
# days, and never less than MIN_SILENT_DAYS (daily sources skip weekends and holidays).
SILENT_FACTOR = 4.0
MIN_SILENT_DAYS = 3.0
# Distinct publishing days needed before a rhythm is estimated at all.
MIN_HISTORY_DAYS = 5


@dataclass
class Health:
    """The health of one source: a status from STATUSES, a one-line reason and side notes."""

    status: str
    reason: str
    dx_silent: bool = False
    notes: list[str] = field(default_factory=list)
    usual_interval_days: float | None = None
    dx_usual_interval_days: float | None = None
    last_published_on: str | None = None
    last_dx_published_on: str | None = None

    @property
    def is_bad(self) -> bool:
        return self.status in BAD_STATUSES


def _responses(stats: dict) -> dict[int, int]:
    out: dict[int, int] = {}
    for code, count in (stats.get("responses_by_status") or {}).items():
        try:
            out[int(code)] = out.get(int(code), 0) + int(count or 0)
        except (TypeError, ValueError):
            continue  # a malformed key says nothing about health
    return out


def _most(part: int, whole: int) -> bool:
    """True when `part` is at least SHARE of `whole` and at least MIN_PAGES (or all of a small whole)."""
    return whole > 0 and part >= min(MIN_PAGES, whole) and part / whole >= SHARE


def _n(stats: dict, key: str) -> int:
    try:
        return int(stats.get(key) or 0)
    except (TypeError, ValueError):
        return 0


def assess_run(stats: dict) -> tuple[str, str]:
    """Status and reason of one crawl of one source, from the stats the crawl recorded.

    Order matters: a 403 storm also shows up as errors, but "blocked" tells the operator more
    than "failing"; a portal that answers 500 cannot show whether its layout changed.
    """
    responses = _responses(stats)
    total = sum(responses.values())
    good = sum(n for code, n in responses.items() if 200 <= code < 300 or code == 304)
    server_errors = sum(n for code, n in responses.items() if 500 <= code < 600)
    refused = responses.get(403, 0) + responses.get(429, 0)
    errors = [str(e) for e in (stats.get("errors") or [])]
    requests = _n(stats, "requests")
    blocked_pages = _n(stats, "blocked_pages")

    if _n(stats, "cut_off"):
        # A source past its budget (time, requests, article pages): a trap or a stall.
        cut = next((e for e in errors if e.startswith("cut off")), "cut off")
        return "failing", cut
    if _most(refused, total):
        return "blocked", f"{refused} of {total} responses were 403/429"
    if _most(blocked_pages, max(good, blocked_pages)):
        return (
            "blocked",
            f"{blocked_pages} of {max(good, blocked_pages)} pages were challenge or access-denied pages",
        )
    if total == 0:
        if requests == 0 and not errors:
            return "failing", "nothing was fetched"
        first = f": {errors[0]}" if errors else ""
        return "failing", f"unreachable, no response to {requests} requests{first}"
    if _most(server_errors, total):
        return "failing", f"{server_errors} of {total} responses were 5xx"
    if good == 0:
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(responses.items()))
        first = f"; {errors[0]}" if errors else ""
        return "failing", f"no successful response ({codes}){first}"

    listings = _n(stats, "listing_pages")
    if listings and not _n(stats, "listing_links"):
        # Listings read (not 304) and not one article link on them: a redesign that lists
        # articles by script, a moved section. Feeds or sitemaps may still bring some.
        others = _n(stats, "feed_links")
        also = f"; feeds and sitemaps still gave {others}" if others else ""
        return "no_links", f"{listings} listing pages yielded no article links{also}"

    # A 304 counts as a good page: the server says it did not change, so neither did its layout.
    failures = _n(stats, "extraction_failures")
    pages = failures + sum(
        _n(stats, k) for k in ("articles_new", "articles_updated", "articles_unchanged")
    )
    if failures and failures == pages:
        return "nothing_extracted", f"{pages} article pages fetched, none yielded a title and body"
    if failures and _most(failures, pages):
        return "layout_changed", f"{failures} of {pages} article pages yielded no title or body"
    misses = _n(stats, "family_selector_misses")
    if misses and _most(misses, pages):
        return (
            "layout_changed",
            f"{misses} of {pages} article pages no longer match the source's CMS selectors "
            "(the generic extractor still copes)",
        )
    return "ok", "ok"


def run_notes(stats: dict) -> list[str]:
    """Minor problems of an otherwise usable run, worth showing but not alarming."""
    notes = []
    errors = stats.get("errors") or []
    if errors:
        notes.append(f"{len(errors)} errors, first: {errors[0]}")
    if _n(stats, "blocked_pages"):
        notes.append(f"{_n(stats, 'blocked_pages')} blocked pages")
    if _n(stats, "extraction_failures"):
        notes.append(f"{_n(stats, 'extraction_failures')} extraction failures")
    if _n(stats, "family_selector_misses"):
        notes.append(f"{_n(stats, 'family_selector_misses')} pages missed the CMS selectors")
    return notes


def as_vietnam_date(value: str | date | datetime | None) -> date | None:
    """The calendar day in Vietnam of an ISO date or timestamp (naive timestamps are taken as Vietnam time)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    moment = parse_moment(value, naive=VIETNAM)
    if moment is None:
        try:
            return date.fromisoformat(str(value or "").strip()[:10])
        except ValueError:
            return None
    return moment.astimezone(VIETNAM).date()


def usual_interval_days(values: Iterable[str | date | datetime | None]) -> float | None:
    """The median gap in days between distinct publishing days, or None with too little history.

    The median of distinct days, not of articles: portals publish in bursts (ten stories on a
    conference day, then nothing for a week) and the burst should not make the rhythm look daily.
    """
    days = sorted({d for d in (as_vietnam_date(v) for v in values) if d is not None})
    if len(days) < MIN_HISTORY_DAYS:
        return None
    gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    return float(statistics.median(gaps))


def _silence(values: list, now: datetime) -> tuple[float | None, date | None, int | None]:
    interval = usual_interval_days(values)
    days = [d for d in (as_vietnam_date(v) for v in values) if d is not None]
    last = max(days) if days else None
    quiet = (as_vietnam_date(now) - last).days if last else None
    return interval, last, quiet


def silence_threshold(interval: float) -> float:
    """Days without a publication after which a source with this usual interval is silent."""
    return max(SILENT_FACTOR * interval, MIN_SILENT_DAYS)


def assess_source(
    latest_run: dict | None,
    published: Iterable[str | date | datetime | None],
    dx_published: Iterable[str | date | datetime | None] = (),
    now: datetime | None = None,
) -> Health:
    """Health of a source from its latest run's stats and the publication dates of its articles.

    `published` holds every stored article's published_at (first_seen_at where unknown);
    `dx_published` the same for its digital-transformation articles. Silence is judged against
    the source's own rhythm, and "no new digital-transformation article" is only a note
    (`dx_silent`): a provincial portal may go months without one and still be healthy.
    """
    now = now or datetime.now(UTC)
    published = list(published)
    dx_published = list(dx_published)
    interval, last, quiet = _silence(published, now)
    dx_interval, dx_last, dx_quiet = _silence(dx_published, now)
    health = Health(
        status="unknown",
        reason="no crawl recorded yet",
        usual_interval_days=interval,
        dx_usual_interval_days=dx_interval,
        last_published_on=last.isoformat() if last else None,
        last_dx_published_on=dx_last.isoformat() if dx_last else None,
    )
    if latest_run is not None:
        health.status, health.reason = assess_run(latest_run)
        health.notes.extend(run_notes(latest_run) if health.status == "ok" else [])

    silent = interval is not None and quiet is not None and quiet > silence_threshold(interval)
    if silent:
        text = f"no new article for {quiet} days (usually one every {interval:g} days)"
        if health.status == "ok":
            health.status, health.reason = "silent", text
        else:
            health.notes.append(text)
    if (
        dx_interval is not None
        and dx_quiet is not None
        and dx_quiet > silence_threshold(dx_interval)
    ):
        health.dx_silent = True
        health.notes.append(
            f"dx_silent: no new digital-transformation article for {dx_quiet} days "
            f"(usually one every {dx_interval:g} days)"
        )
    elif not dx_published and published:
        health.notes.append("no digital-transformation article stored yet")
    return health
