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
_LEAD_WORDY = re.compile(
    rf"(?i)(?<!\w){_LEAD_WORDS}(?:\s+ngày)?\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})(?:\s+năm\s+(\d{{4}}))?"
)
# Two-day events: "Ngày 26 và 27/2", "Trong 2 ngày 15-16/3", "từ ngày 8 đến 10/10" → the first day.
_LEAD_RANGE = re.compile(
    rf"(?i)(?<!\w)(?:{_LEAD_WORDS}|trong (?:2|3|hai|ba) ngày|từ ngày)(?:\s+ngày)?\s+(\d{{1,2}})\s*"
    r"(?:và|,|-|–|đến|tới)\s*(?:ngày\s+)?\d{1,2}\s*([/-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/])"
)
_RELATIVE = re.compile(
    r"(?i)(?<!\w)(sáng|chiều|trưa|tối|đêm|hôm|ngày)\s+(nay|qua|hôm qua|hôm nay)(?!\w)"
)
# Mentions that date a document, not the meeting: "Quyết định số 06/QĐ-TTg ngày 6/1/2022".
_DOCUMENT_BEFORE = re.compile(r"(?i)(?:số\s+\S+|QĐ-\S+|NQ-\S+|/\S+)\s*,?\s*ngày\s*$")

# How far (characters) a printed time may sit from the date it belongs to.
_TIME_WINDOW = 24


def _valid_date(year: int, month: int, day: int) -> date | None:
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
    d = _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
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
            d = _valid_date(year, month, day)
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
        d = _valid_date(year, month, day)
        if d is not None and d <= reference:
            return d
    return None


def _as_date(value: date | datetime | str | None) -> date | None:
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
    ref = _as_date(reference)
    if ref is None:
        return None
    dm = find_day_month(text)
    if dm is None:
        return None
    d = resolve_day_month(dm[0], dm[1], ref)
    if d is None:
        return None
    m = _DM.search(text) or _LEAD_WORDY.search(text)
    hm = _attach_times(text, [(m.start(), m.end())]).get(0) if m else None
    return _format(d, hm)


def find_day_month(text: str) -> tuple[int, int] | None:
    """The first year-less ``(day, month)`` in ``text`` ("Chiều 30-11" → (30, 11)), or None."""
    text = nfc(text)
    for m in (_LEAD_DATE.search(text), _DM.search(text)):
        if m is not None:
            day, month = int(m.group(1)), int(m.group(3))
            if _valid_date(2000, month, day):  # 2000 is a leap year: 29/2 passes
                return day, month
    m = _LEAD_WORDY.search(text)
    if m is not None and _valid_date(2000, int(m.group(2)), int(m.group(1))):
        return int(m.group(1)), int(m.group(2))
    return None


# "Sáng thứ Hai (3/3)": a weekday between the time of day and the date hides the date from the
# lead patterns; it is read as "Sáng (3/3)".
_WEEKDAY_BEFORE_DATE = re.compile(
    r"(?i)(?<!\w)(sáng|chiều|trưa|tối|đêm|ngày)\s+(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật)"
    r"\s*(?=\(?\s*\d{1,2}\s*[/-]\s*\d)"
)


def read_through_weekday(text: str) -> str:
    """`text` with a weekday between a time of day and a date removed ("Sáng thứ Hai (3/3)" →
    "Sáng (3/3)"), so that the date patterns see the date."""
    return _WEEKDAY_BEFORE_DATE.sub(lambda m: m.group(1) + " ", text)


# ---- The date of a meeting, as a report prints it (owned by the analysis, issue 12) -----------
# A time of day, "ngày"/"hôm", relative words or a weekday, then a year-less or full date:
# "Chiều 30-11", "Sáng nay (8/7)", "Hôm nay, ngày 25/12", "Sáng thứ Hai (3/3)", "Thứ Năm (12/12)".
_MD_LEAD = (
    r"(?:sáng|chiều|trưa|tối|đêm|ngày|hôm|rạng sáng|sáng sớm|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])"
    r"|chủ\s+nhật)"
)
# Day and month are separated by "/", "-" or a dot followed by the month ("Sáng 13.1", printed by
# several national newspapers; "5.000" is a number: the month must not run on into digits).
_MEETING_DAY = re.compile(
    rf"(?i)(?<!\w){_MD_LEAD}(?:\s*,?\s+(?:ngày|hôm|nay|qua|{_MD_LEAD}))*\s*,?\s*(?:\(\s*)?"
    r"(\d{1,2})\s*([/-]|\.(?=\d))\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/])"
)
# Relative days: "sáng nay", "chiều qua", "tối hôm qua", "hôm nay", "ngày hôm qua". Not "ngày nay"
# (nowadays) nor "những ngày qua" (recent days).
_RELATIVE_DAY = re.compile(
    r"(?i)(?<!\w)(?:(?:sáng|chiều|trưa|tối|đêm)(?:\s+(?:ngày\s+)?hôm)?\s+(nay|qua)"
    r"|(?:ngày\s+)?hôm\s+(nay|qua))(?!\w)"
)
# A weekday without a date: "Sáng thứ Tư, ...", "chiều thứ Sáu tuần trước".
_WEEKDAY_ONLY = re.compile(
    r"(?i)(?<!\w)(?:sáng|chiều|trưa|tối|đêm|hôm)\s+(?:thứ\s+(hai|ba|tư|năm|sáu|bảy|[2-7])|(chủ\s+nhật))"
    r"(?!\s*,?\s*(?:ngày\s*)?\(?\s*\d)(\s+(?:tuần\s+(?:trước|qua)))?"
)
_WEEKDAY_INDEX = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5}
# A date right after these words is a deadline or the start of a period, not a meeting's day.
_PERIOD_BEFORE = re.compile(r"(?i)(?<!\w)(?:từ|đến|tới|trước|sau|hết|kể từ|hạn)\s*$")
# A year-less date resolved further back than this is not the meeting of a report: a future
# date of a plan ("ngày 20/11" published 10/11) would otherwise land eleven months back.
MAX_YEARLESS_DAYS_BEFORE = 60


def _phrase(text: str, start: int, end: int) -> str:
    """The printed words of a match, with the closing parenthesis it opened."""
    phrase = text[start:end]
    if "(" in phrase and ")" not in phrase and text[end : end + 2].strip().startswith(")"):
        phrase += ")"
    return phrase.strip(" ,(")


def _is_name_part(text: str, start: int) -> bool:
    """A capitalised word after a word ("Tạp chí Doanh nghiệp Hôm nay") belongs to a name."""
    before = text[:start].rstrip()
    return text[start : start + 1].isupper() and bool(before) and before[-1].isalnum()


def _explicit_candidates(
    text: str, ref: date | None, max_days: int | None
) -> list[tuple[int, date, str]]:
    out = []
    for pattern, (g_day, g_month, g_year) in (
        (_MEETING_DAY, (1, 3, 4)),
        (_LEAD_RANGE, (1, 3, 4)),
        (_LEAD_WORDY, (1, 2, 3)),
    ):
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 40) : m.start() + 5]
            if _DOCUMENT_BEFORE.search(before) or _PERIOD_BEFORE.search(text[: m.start()][-12:]):
                continue
            day, month = int(m.group(g_day)), int(m.group(g_month))
            if m.group(g_year):
                d = _valid_date(int(m.group(g_year)), month, day)
            elif ref is not None and _valid_date(2000, month, day):
                d = resolve_day_month(day, month, ref)
                if d is not None and max_days is not None and (ref - d).days > max_days:
                    d = None
            else:
                d = None
            if d is not None and (ref is None or d <= ref):
                out.append((m.start(), d, _phrase(text, m.start(), m.end())))
    return out


def _relative_candidates(text: str, ref: date) -> list[tuple[int, date, str]]:
    out = []
    for m in _RELATIVE_DAY.finditer(text):
        if _is_name_part(text, m.start()):
            continue
        back = 1 if (m.group(1) or m.group(2)).lower() == "qua" else 0
        out.append((m.start(), ref - timedelta(days=back), m.group(0)))
    for m in _WEEKDAY_ONLY.finditer(text):
        if _is_name_part(text, m.start()):
            continue
        word = (m.group(1) or "").lower()
        if m.group(2):
            weekday = 6
        else:
            weekday = _WEEKDAY_INDEX[word] if word in _WEEKDAY_INDEX else int(word) - 2
        d = ref - timedelta(days=(ref.weekday() - weekday) % 7)
        if m.group(3) and d.isocalendar()[1] == ref.isocalendar()[1]:
            d -= timedelta(days=7)  # "tuần trước": the week before the publication's
        out.append((m.start(), d, m.group(0).strip()))
    return out


def find_meeting_day(
    lead_or_text: str | None,
    published: date | datetime | str | None,
    max_days_before: int | None = MAX_YEARLESS_DAYS_BEFORE,
) -> tuple[str, str] | None:
    """``(YYYY-MM-DD, phrase as printed)`` of the day a lead says the event happened, or None.

    Reads dates introduced by a time of day, "ngày", a weekday or a relative word ("Chiều 30-11",
    "Sáng nay (8/7)", "Sáng ngày 25/12/2022", "Ngày 26 và 27/2"), then relative days alone
    ("chiều qua", "hôm nay") and weekdays alone ("sáng thứ Tư"), resolved against ``published``.
    The first one in the text wins. Never returns a day after ``published``, nor a year-less day
    more than ``max_days_before`` days before it (None: any; for a reference that is a year's
    end, not a publication date); skips dates of documents ("Quyết định số
    06/QĐ-TTg ngày 6/1/2022"), deadlines and period starts ("trước ngày 30/6", "từ ngày 1/1"),
    and relative words inside a name ("Tạp chí ... Hôm nay").
    """
    if not lead_or_text:
        return None
    text = nfc(lead_or_text)
    ref = _as_date(published)
    candidates = _explicit_candidates(text, ref, max_days_before)
    if ref is not None:
        explicit_at = {c[0] for c in candidates}
        # An explicit date printed with the relative word ("Sáng nay (8/7)") is the same phrase.
        candidates += [c for c in _relative_candidates(text, ref) if c[0] not in explicit_at]
    if not candidates:
        return None
    _, day, phrase = min(candidates, key=lambda c: c[0])
    return day.isoformat(), phrase


def find_future_day(
    text: str | None, published: date | datetime | str | None, horizon_days: int = 120
) -> str | None:
    """The printed phrase of a day after ``published`` (within ``horizon_days``) that ``text``
    introduces like a meeting's day ("vào 14 giờ ngày 12/5/2025", "sẽ diễn ra vào ngày 20/11"),
    or None: a plan or an announcement, not a report. Deadlines ("trước ngày 30/6") do not count.
    """
    ref = _as_date(published)
    if not text or ref is None:
        return None
    text = nfc(text)
    for pattern, (g_day, g_month, g_year) in ((_MEETING_DAY, (1, 3, 4)), (_LEAD_WORDY, (1, 2, 3))):
        for m in pattern.finditer(text):
            if _PERIOD_BEFORE.search(text[: m.start()][-12:]):
                continue
            day, month = int(m.group(g_day)), int(m.group(g_month))
            if m.group(g_year):
                d = _valid_date(int(m.group(g_year)), month, day)
            else:
                d = _valid_date(ref.year, month, day) or None
                if d is not None and d <= ref:
                    d = _valid_date(ref.year + 1, month, day)
            if d is not None and 0 < (d - ref).days <= horizon_days:
                return _phrase(text, m.start(), m.end())
    return None


def find_meeting_date(
    lead_or_text: str | None, published: date | datetime | str | None
) -> str | None:
    """The date (``YYYY-MM-DD``) a lead says the event happened, or None (see find_meeting_day)."""
    found = find_meeting_day(lead_or_text, published)
    return found[0] if found else None


def split_iso(value: str) -> tuple[str, str | None]:
    """``("YYYY-MM-DD", "HH:MM" or None)`` of an ISO value produced here."""
    return value[:10], (value[11:16] if len(value) > 10 else None)
