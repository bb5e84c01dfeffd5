"""Dates as Vietnamese portals print them: bylines, date lines, year-less leads → ISO 8601 (+07:00)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from crawler.clock import VIETNAM
from crawler.text import nfc

VN_TZ = VIETNAM

# dd/mm/yyyy with "/", "-" or "." (also "24.9.2025"); day always comes before month.
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])")
# "Ngày 30 tháng 11 năm 2021", "ngày 23 tháng 08 năm 2019"
_WORDY = re.compile(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*(\d{4})")
# ISO 8601 and the Java Timestamp form "2025-07-16 09:19:00.0"
_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
# "20:07", "20h07", "15 giờ 30", "22:03'", "09:00:12 CH"
_TIME = re.compile(
    r"(?<![\d:/.])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?::(\d{2}))?(?![\d/])['’]?"
    r"(?:\s*(SA|CH|AM|PM)\b)?",
    re.IGNORECASE,
)
# Year-less "30-11", "13/1" (not followed by a year).
_DM = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/-])\s*(\d{1,2})(?!\s*[/.-]?\s*\d)")
# A time-of-day or "ngày" word before a year-less date in a lead: "Chiều 30-11", "Sáng ngày 13/1".
_LEAD_WORDS = r"(?:sáng|chiều|trưa|tối|đêm|ngày|hôm|rạng sáng|sáng sớm)"
_LEAD_DATE = re.compile(
    rf"(?i)(?<!\w){_LEAD_WORDS}(?:\s+(?:ngày|hôm|nay))*\s*(?:\(\s*)?"
    r"(\d{1,2})\s*([/-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/])"
)
LEAD_WORDY = re.compile(
    rf"(?i)(?<!\w){_LEAD_WORDS}(?:\s+ngày)?\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})(?:\s+năm\s+(\d{{4}}))?"
)
# Two-day events: "Ngày 26 và 27/2", "Trong 2 ngày 15-16/3", "từ ngày 8 đến 10/10" → the first day.
LEAD_RANGE = re.compile(
    rf"(?i)(?<!\w)(?:{_LEAD_WORDS}|trong (?:2|3|hai|ba) ngày|từ ngày)(?:\s+ngày)?\s+(\d{{1,2}})\s*"
    r"(?:và|,|-|–|đến|tới)\s*(?:ngày\s+)?\d{1,2}\s*([/-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/])"
)
_RELATIVE = re.compile(
    r"(?i)(?<!\w)(sáng|chiều|trưa|tối|đêm|hôm|ngày)\s+(nay|qua|hôm qua|hôm nay)(?!\w)"
)
# How far (characters) a printed time may sit from the date it belongs to.
_TIME_WINDOW = 24


def valid_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31/2)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _format(d: date, hm: tuple[int, int, int] | None) -> str:
    if hm is None:
        return d.isoformat()
    return datetime(d.year, d.month, d.day, *hm, tzinfo=VN_TZ).isoformat()


def _time_from(match: re.Match[str]) -> tuple[int, int, int] | None:
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    meridiem = (match.group(4) or "").upper()
    if meridiem in ("CH", "PM") and hour < 12:
        hour += 12
    elif meridiem in ("SA", "AM") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _attach_times(text: str, spans: list[tuple[int, int]]) -> dict[int, tuple[int, int, int]]:
    """Give each printed time to the nearest date span (index → time), within a short window.

    A time belongs to one date only: in "30/11/2021 - 20:07; sửa 01/12/2021" it is the first's.
    """
    best: dict[int, tuple[int, tuple[int, int, int]]] = {}
    for m in _TIME.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        hm = _time_from(m)
        if hm is None:
            continue
        dists = [
            (m.start() - e if m.start() >= e else s - m.end(), i) for i, (s, e) in enumerate(spans)
        ]
        dists = [(d, i) for d, i in dists if 0 <= d <= _TIME_WINDOW]
        if not dists:
            continue
        distance, idx = min(dists)
        if idx not in best or distance < best[idx][0]:
            best[idx] = (distance, hm)
    return {i: hm for i, (_, hm) in best.items()}


def _parse_iso(m: re.Match[str]) -> str | None:
    d = valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if d is None:
        return None
    if m.group(4) is None:
        return d.isoformat()
    hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = m.group(7)
    if offset is None:
        return _format(d, (hour, minute, second))  # portals' naive timestamps are Vietnam time
    if offset == "Z":
        tz = UTC
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    moment = datetime(d.year, d.month, d.day, hour, minute, second, tzinfo=tz).astimezone(VN_TZ)
    return moment.isoformat()


def find_full_dates(text: str) -> list[tuple[int, str]]:
    """Every complete date (with a year) in ``text`` as ``(position, iso)``, in text order.

    A time printed next to a date ("30/11/2021 - 20:07", "18:54, 30/11/2021") is attached to it.
    """
    text = nfc(text)
    found: list[tuple[int, int, str]] = []
    for m in _ISO.finditer(text):
        iso = _parse_iso(m)
        if iso:
            found.append((m.start(), m.end(), iso))
    taken = [(s, e) for s, e, _ in found]

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken)

    plain: list[tuple[int, int, date]] = []
    for rx, groups in ((_WORDY, (1, 2, 3)), (_DMY, (1, 3, 4))):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            day, month, year = (int(m.group(g)) for g in groups)
            d = valid_date(year, month, day)
            if d is None:
                continue
            plain.append((m.start(), m.end(), d))
            taken.append((m.start(), m.end()))
    times = _attach_times(text, [(s, e) for s, e, _ in plain])
    for i, (s, e, d) in enumerate(plain):
        found.append((s, e, _format(d, times.get(i))))
    found.sort()
    return [(s, iso) for s, _, iso in found]


def resolve_day_month(day: int, month: int, reference: date) -> date | None:
    """The latest date with this day and month that is not after ``reference``."""
    for year in range(reference.year, reference.year - 9, -1):
        d = valid_date(year, month, day)
        if d is not None and d <= reference:
            return d
    return None


def as_date(value: date | datetime | str | None) -> date | None:
    """The Vietnam calendar day of a date, a datetime or the first ISO date in a string (else None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(VN_TZ).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    m = _ISO.search(str(value))
    if m is None:
        return None
    iso = _parse_iso(m)
    return date.fromisoformat(iso[:10]) if iso else None


def parse_vietnamese_datetime(
    text: str | None, *, reference: date | datetime | str | None = None
) -> str | None:
    """Parse one printed date (or date and time) to ISO 8601 in Vietnam time.

    Returns ``YYYY-MM-DDTHH:MM:SS+07:00`` when a time is printed next to the date and
    ``YYYY-MM-DD`` when only a date is. Year-less forms ("Chiều 30-11", "Sáng 13/1") are
    resolved against ``reference`` (the latest such date not after it); without a reference
    they return ``None`` — a year is never invented (use :func:`find_day_month` for the
    partial value). The first complete date in the text wins.
    """
    if not text:
        return None
    dates = find_full_dates(text)
    if dates:
        return dates[0][1]
    text = nfc(text)
    ref = as_date(reference)
    if ref is None:
        return None
    dm = find_day_month(text)
    if dm is None:
        return None
    d = resolve_day_month(dm[0], dm[1], ref)
    if d is None:
        return None
    m = _DM.search(text) or LEAD_WORDY.search(text)
    hm = _attach_times(text, [(m.start(), m.end())]).get(0) if m else None
    return _format(d, hm)


def find_day_month(text: str) -> tuple[int, int] | None:
    """The first year-less ``(day, month)`` in ``text`` ("Chiều 30-11" → (30, 11)), or None."""
    text = nfc(text)
    for m in (_LEAD_DATE.search(text), _DM.search(text)):
        if m is not None:
            day, month = int(m.group(1)), int(m.group(3))
            if valid_date(2000, month, day):  # 2000 is a leap year: 29/2 passes
                return day, month
    m = LEAD_WORDY.search(text)
    if m is not None and valid_date(2000, int(m.group(2)), int(m.group(1))):
        return int(m.group(1)), int(m.group(2))
    return None
