"""The leaf helpers every layer shares: crawler/clock.py and crawler/urls.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from crawler.clock import VIETNAM, as_day, now_iso, parse_moment
from crawler.registry import Source
from crawler.urls import host_in, host_of


def test_now_iso_is_utc_with_seconds():
    hanoi = datetime(2025, 3, 1, 7, 30, 15, 999, tzinfo=VIETNAM)
    assert now_iso(hanoi) == "2025-03-01T00:30:15+00:00"
    assert now_iso().endswith("+00:00") and len(now_iso()) == 25


def test_as_day_reads_dates_datetimes_and_iso_strings():
    assert as_day("2025-07-01T06:30:00+07:00") == date(2025, 7, 1)
    assert as_day(datetime(2025, 6, 30, 23, tzinfo=VIETNAM)) == date(2025, 6, 30)
    assert as_day(date(2025, 6, 30)) == date(2025, 6, 30)
    with pytest.raises(ValueError):
        as_day("30/06/2025")
    # A source's province on a day given as a datetime (was a TypeError against the merger date).
    hanam = Source(id="x", name="x", province="Ninh Bình", former_province="Hà Nam", start_urls=[])
    assert hanam.province_on(datetime(2025, 6, 30, 12)) == hanam.province_on("2025-06-30")


def test_parse_moment_reads_every_iso_form_and_places_naive_ones():
    assert parse_moment("2025-03-01T07:00:00+07:00") == datetime(2025, 3, 1, 0, tzinfo=UTC)
    assert parse_moment("2025-03-01T00:00:00Z") == datetime(2025, 3, 1, tzinfo=UTC)
    assert parse_moment("2025-03-01 08:00:00") == datetime(2025, 3, 1, 8, tzinfo=UTC)
    assert parse_moment("2025-03-01", naive=VIETNAM) == datetime(2025, 3, 1, tzinfo=VIETNAM)
    assert parse_moment(date(2025, 3, 1)) == datetime(2025, 3, 1, tzinfo=UTC)
    assert parse_moment("01/03/2025") is None and parse_moment("") is None
    assert parse_moment(None) is None
    assert VIETNAM.utcoffset(None) == timedelta(hours=7)


def test_host_in_takes_subdomains_not_lookalikes():
    assert host_of("https://WWW.HaNam.gov.vn/x") == "www.hanam.gov.vn"
    assert host_of("not a url") == ""
    assert host_in("www.hanam.gov.vn", ["hanam.gov.vn"])
    assert host_in("hanam.gov.vn", {"hanam.gov.vn"})
    assert not host_in("evilhanam.gov.vn", ["hanam.gov.vn"])
    assert not host_in("hanam.gov.vn.evil.com", ["hanam.gov.vn"])
