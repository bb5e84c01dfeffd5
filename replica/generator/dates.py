"""Date lines as Vietnamese portals print them (DOMAIN.md §6, registry-research.yaml)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WEEKDAYS_LOWER = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def _d(m: dt.datetime) -> str:
    return f"{m.day:02d}/{m.month:02d}/{m.year}"


def _t(m: dt.datetime) -> str:
    return f"{m.hour:02d}:{m.minute:02d}"


# name -> (formatter, prints a time)
FORMATS: dict[str, tuple[Callable[[dt.datetime], str], bool]] = {
    "d_dash_t": (lambda m: f"{_d(m)} - {_t(m)}", True),  # 30/11/2021 - 20:07
    "weekday_d_t": (lambda m: f"{WEEKDAYS_LOWER[m.weekday()]}, {_d(m)} {_t(m)}", True),
    "t_pipe_d": (lambda m: f"{_t(m)} | {_d(m)}", True),  # 22:41 | 30/11/2021
    "weekday_dashes": (
        lambda m: f"{WEEKDAYS[m.weekday()]}, {m.day:02d}-{m.month:02d}-{m.year}, {_t(m)}",
        True,
    ),
    "cap_nhat_luc": (  # no space after "lúc", as printed on one portal
        lambda m: f"Cập nhật lúc{_t(m)}, {WEEKDAYS[m.weekday()]}, {_d(m)} (GMT+7)",
        True,
    ),
    "quote_t": (lambda m: f"{m.hour:02d}:{m.minute:02d}' - {_d(m)}", True),  # 22:03' - 13/03/2025
    "ngay_thang_nam": (lambda m: f"Ngày {m.day} tháng {m.month} năm {m.year}", False),
    "dotted": (lambda m: f"{m.day}.{m.month}.{m.year}", False),  # 24.9.2025
    "nukeviet": (lambda m: f"{WEEKDAYS_LOWER[m.weekday()]} - {_d(m)} {_t(m)}", True),
    "d_t": (lambda m: f"{_d(m)} {_t(m)}", True),
    "d_only": (_d, False),
    "ngay_dang": (lambda m: f"Ngày đăng: {_d(m)}", False),
    "cap_nhat_ngay": (lambda m: f"Cập nhật ngày: {_d(m)} {_t(m)}", True),
    "t_comma_d_gmt": (lambda m: f"Cập nhật: {_t(m)}, {_d(m)} (GMT+7)", True),
    "java_ts": (lambda m: m.strftime("%Y-%m-%d %H:%M:%S.0"), True),  # Liferay's Timestamp
    "gmt7": (lambda m: f"{_d(m)} {_t(m)} GMT +7", True),
    "views": (lambda m: f"{_d(m)} {_t(m)}    {100 + m.minute * 7}", True),  # then a view count
    "d_seconds_sa_ch": (
        lambda m: (
            f"{_d(m)} {(m.hour % 12) or 12:02d}:{m.minute:02d}:{m.second:02d} "
            + ("SA" if m.hour < 12 else "CH")
        ),
        True,
    ),
}
# Forms for listings, sidebars and related-article lists (shorter, often without a year).
SHORT_FORMS: dict[str, Callable[[dt.datetime], str]] = {
    "d": _d,
    "dm": lambda m: f"{m.day:02d}/{m.month:02d}",
    "paren": lambda m: f"({_d(m)})",
    "t_d": lambda m: f"{_t(m)} {_d(m)}",
    "d_dash_t": lambda m: f"{_d(m)} - {_t(m)}",
}


def header_date(m: dt.date, form: int = 0) -> str:
    """The page header's date, the same on every page (often the server's, and stale)."""
    wd = WEEKDAYS[m.weekday()]
    if form == 1:
        return f"Hôm nay: {wd}, {m.day:02d}/{m.month:02d}/{m.year}"
    if form == 2:
        return f"{wd} - {m.day:02d}/{m.month:02d}/{m.year} 08:00"
    return f"{wd}, ngày {m.day:02d} tháng {m.month:02d} năm {m.year}"


def utc_iso(m: dt.datetime) -> str:
    """The same instant as iso(m, True), written in UTC as some CMSs put it in metadata."""
    return (m - dt.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso(m: dt.datetime, with_time: bool) -> str:
    """Ground truth form: 2021-11-30T20:07:00+07:00 with a time, 2021-11-30 without."""
    if not with_time:
        return m.date().isoformat()
    return m.strftime("%Y-%m-%dT%H:%M:%S") + "+07:00"


def rfc822(m: dt.datetime) -> str:
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return (
        f"{days[m.weekday()]}, {m.day:02d} {months[m.month - 1]} {m.year} "
        f"{m.hour:02d}:{m.minute:02d}:{m.second:02d} +0700"
    )


# Feed dates: RFC 822, ISO, and the non-standard forms some portals emit.
FEED_FORMS: dict[str, Callable[[dt.datetime], str]] = {
    "rfc822": rfc822,
    "rfc822_gmt": lambda m: rfc822(m - dt.timedelta(hours=7)).replace("+0700", "GMT"),
    "iso": lambda m: m.strftime("%Y-%m-%dT%H:%M:%S") + "+07:00",
    "vn_slash": lambda m: f"{_d(m)} {_t(m)}",
    "iso_space": lambda m: m.strftime("%Y-%m-%d %H:%M:%S"),
}
