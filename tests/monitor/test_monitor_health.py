"""Health rules as a pure function: statuses, reasons, publishing rhythm and dx_silent notes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from crawler.monitor.health import (
    MIN_SILENT_DAYS,
    as_vietnam_date,
    assess_run,
    assess_source,
    silence_threshold,
    usual_interval_days,
)

NOW = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)  # 2026-11-23 03:00 in Vietnam


def stats(**overrides) -> dict:
    base = {
        "requests": 30,
        "responses_by_status": {"200": 28, "304": 2},
        "articles_new": 5,
        "articles_updated": 1,
        "articles_unchanged": 20,
        "articles_removed": 0,
        "extraction_failures": 0,
        "relevant_articles": 2,
        "blocked_pages": 0,
        "errors": [],
        "duration_s": 12.5,
        "new_dx_articles": 1,
        "last_new_article_at": "2026-11-22T19:00:00+00:00",
    }
    base.update(overrides)
    return base


def days_back(*offsets: int) -> list[str]:
    today = as_vietnam_date(NOW)
    return [(today - timedelta(days=n)).isoformat() for n in offsets]


def test_healthy_run_is_ok():
    assert assess_run(stats()) == ("ok", "ok")


def test_403_storm_is_blocked():
    status, reason = assess_run(stats(responses_by_status={"403": 9, "200": 3}, articles_new=0))
    assert status == "blocked"
    assert "9 of 12" in reason


def test_429_counts_as_refusal():
    assert assess_run(stats(responses_by_status={"429": 4, "200": 4}))[0] == "blocked"


def test_challenge_pages_are_blocked_even_with_200():
    s = stats(
        responses_by_status={"200": 10}, blocked_pages=8, articles_new=0, articles_unchanged=2
    )
    status, reason = assess_run(s)
    assert status == "blocked"
    assert "challenge" in reason


def test_one_odd_403_on_a_big_portal_is_not_blocked():
    assert assess_run(stats(responses_by_status={"200": 40, "403": 1}))[0] == "ok"


def test_unreachable_is_failing_and_names_the_error():
    s = stats(responses_by_status={}, requests=3, errors=["DNSLookupError: stttt.hanam.gov.vn"])
    status, reason = assess_run(s)
    assert status == "failing"
    assert "DNSLookupError" in reason and "unreachable" in reason


def test_server_errors_are_failing():
    status, reason = assess_run(stats(responses_by_status={"503": 6, "200": 2}))
    assert status == "failing"
    assert "5xx" in reason


def test_only_404s_is_failing():
    status, reason = assess_run(
        stats(responses_by_status={"404": 3}, articles_new=0, articles_unchanged=0)
    )
    assert status == "failing"
    assert "404×3" in reason


def test_nothing_fetched_is_failing():
    assert assess_run(stats(requests=0, responses_by_status={}))[0] == "failing"


def test_most_article_pages_without_title_or_body_is_layout_changed():
    s = stats(extraction_failures=12, articles_new=1, articles_updated=0, articles_unchanged=2)
    status, reason = assess_run(s)
    assert status == "layout_changed"
    assert "12 of 15" in reason


def test_few_extraction_failures_are_only_a_note():
    s = stats(extraction_failures=2, articles_new=10)
    assert assess_run(s)[0] == "ok"
    health = assess_source(s, [], now=NOW)
    assert any("2 extraction failures" in n for n in health.notes)


def test_blocked_wins_over_failing():
    s = stats(
        responses_by_status={"403": 5},
        errors=["HttpError 403"],
        articles_new=0,
        articles_unchanged=0,
    )
    assert assess_run(s)[0] == "blocked"


def test_malformed_status_keys_are_ignored():
    assert assess_run(stats(responses_by_status={"200": 5, "abc": 3}))[0] == "ok"


def test_usual_interval_is_median_gap_between_publishing_days():
    # A burst of three stories on one day counts as one publishing day.
    values = days_back(0, 0, 0, 2, 4, 6, 8, 30)
    assert usual_interval_days(values) == 2.0


def test_usual_interval_needs_history():
    assert usual_interval_days(days_back(1, 5, 9)) is None
    assert usual_interval_days([None, "", "not a date"]) is None


def test_vietnam_day_of_a_utc_evening():
    assert as_vietnam_date("2026-11-22T20:00:00+00:00") == date(2026, 11, 23)
    assert as_vietnam_date("2021-11-30") == date(2021, 11, 30)


def test_daily_source_quiet_for_a_week_is_silent():
    published = days_back(*range(8, 40))  # daily until 8 days ago
    health = assess_source(stats(articles_new=0), published, now=NOW)
    assert health.status == "silent"
    assert "8 days" in health.reason and "1 days" in health.reason


def test_weekly_source_quiet_for_a_week_is_not_silent():
    published = days_back(*range(8, 120, 7))
    health = assess_source(stats(articles_new=0), published, now=NOW)
    assert health.status == "ok"
    assert health.usual_interval_days == 7.0


def test_silence_threshold_has_a_floor():
    assert silence_threshold(0.0) == MIN_SILENT_DAYS
    assert silence_threshold(5.0) == 20.0


def test_dx_silence_is_a_note_not_a_status():
    published = days_back(*range(0, 40))
    dx = days_back(*range(100, 200, 10))  # a DX story every 10 days, none for 100 days
    health = assess_source(stats(), published, dx, now=NOW)
    assert health.status == "ok"
    assert health.dx_silent is True
    assert any(n.startswith("dx_silent:") and "100 days" in n for n in health.notes)


def test_regular_dx_publisher_is_not_dx_silent():
    health = assess_source(
        stats(), days_back(*range(0, 40)), days_back(*range(3, 100, 10)), now=NOW
    )
    assert health.dx_silent is False


def test_bad_run_keeps_its_status_and_silence_becomes_a_note():
    s = stats(responses_by_status={"503": 5})
    health = assess_source(s, days_back(*range(30, 60)), now=NOW)
    assert health.status == "failing"
    assert any("no new article for 30 days" in n for n in health.notes)


def test_no_run_yet_is_unknown():
    health = assess_source(None, [], now=NOW)
    assert (health.status, health.is_bad) == ("unknown", False)


@pytest.mark.parametrize(
    "status", ["blocked", "failing", "no_links", "nothing_extracted", "layout_changed"]
)
def test_bad_statuses_are_bad(status):
    runs = {
        "blocked": stats(responses_by_status={"403": 5}),
        "failing": stats(responses_by_status={"500": 5}),
        "no_links": stats(listing_pages=4, listing_links=0),
        "nothing_extracted": stats(
            extraction_failures=9, articles_new=0, articles_updated=0, articles_unchanged=0
        ),
        "layout_changed": stats(extraction_failures=9, articles_new=1, articles_unchanged=0),
    }
    health = assess_source(runs[status], [], now=NOW)
    assert health.status == status and health.is_bad


def test_listings_without_article_links_are_no_links_even_when_feeds_work():
    status, reason = assess_run(stats(listing_pages=3, listing_links=0, feed_links=20))
    assert status == "no_links"
    assert reason == "3 listing pages yielded no article links; feeds and sitemaps still gave 20"


def test_listings_with_links_or_not_read_are_not_no_links():
    assert assess_run(stats(listing_pages=3, listing_links=1))[0] == "ok"
    # Every listing answered 304: nothing read, nothing to judge.
    assert assess_run(stats(listing_pages=0, listing_links=0))[0] == "ok"


def test_every_article_page_failing_to_extract_is_nothing_extracted():
    s = stats(extraction_failures=1, articles_new=0, articles_updated=0, articles_unchanged=0)
    assert assess_run(s) == (
        "nothing_extracted",
        "1 article pages fetched, none yielded a title and body",
    )
    # One page stored: most failing is a changed layout, not nothing.
    s = stats(extraction_failures=5, articles_new=1, articles_updated=0, articles_unchanged=0)
    assert assess_run(s)[0] == "layout_changed"


def test_pages_missing_the_cms_selectors_are_layout_changed():
    s = stats(articles_new=0, articles_updated=3, articles_unchanged=0, family_selector_misses=3)
    status, reason = assess_run(s)
    assert status == "layout_changed"
    assert "3 of 3 article pages no longer match" in reason


def test_a_few_selector_misses_are_a_note():
    s = stats(family_selector_misses=1)
    assert assess_run(s)[0] == "ok"
    assert any("missed the CMS selectors" in n for n in assess_source(s, [], now=NOW).notes)
