"""The day of a meeting, as a report prints it: "Chiều 30-11", "Sáng nay (8/7)", "hôm qua",
"Sáng thứ Hai (3/3)", resolved against the publication date and never absurd (issue 12)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from crawler.dates import (
    LEAD_RANGE,
    LEAD_WORDY,
    as_date,
    resolve_day_month,
    valid_date,
)
from crawler.text import nfc

# Mentions that date a document, not the meeting: "Quyết định số 06/QĐ-TTg ngày 6/1/2022".
# A document number holds a digit: the "số" of "chuyển đổi số tỉnh ngày 25/7" is "digital".
_DOCUMENT_BEFORE = re.compile(r"(?i)(?:số\s+\S*\d\S*|QĐ-\S+|NQ-\S+|/\S+)\s*,?\s*ngày\s*$")

# A time of day, "ngày"/"hôm"/"mùng" (early days of a month: "Sáng mùng 5/8"), relative words or a
# weekday, then a year-less or full date:
# "Chiều 30-11", "Sáng nay (8/7)", "Hôm nay, ngày 25/12", "Sáng thứ Hai (3/3)", "Thứ Năm (12/12)".
_MD_LEAD = (
    r"(?:sáng|chiều|trưa|tối|đêm|ngày|hôm|mùng|mồng|rạng sáng|sáng sớm"
    r"|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])"
    r"|chủ\s+nhật)"
)
# Day and month are separated by "/", "-" or a dot followed by the month ("Sáng 13.1", printed by
# several national newspapers; "5.000" is a number: the month must not run on into digits).
_MEETING_DAY = re.compile(
    rf"(?i)(?<!\w){_MD_LEAD}(?:\s*,?\s+(?:ngày|hôm|nay|qua|kia|{_MD_LEAD}))*\s*,?\s*(?:\(\s*)?"
    r"(\d{1,2})\s*([/-]|\.(?=\d))\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/])"
)
# Relative days: "sáng nay", "chiều qua", "tối hôm qua", "hôm nay", "ngày hôm qua", "tối hôm kia"
# (the day before yesterday). Not "ngày nay" (nowadays) nor "những ngày qua" (recent days).
_RELATIVE_DAY = re.compile(
    r"(?i)(?<!\w)(?:(?:sáng|chiều|trưa|tối|đêm)(?:\s+(?:ngày\s+)?hôm)?\s+(nay|qua)"
    r"|(?:ngày\s+)?hôm\s+(nay|qua)|(?:(?:sáng|chiều|trưa|tối|đêm)\s+)?(?:ngày\s+)?hôm\s+(kia))(?!\w)"
)
_DAYS_BACK = {"nay": 0, "qua": 1, "kia": 2}
# A weekday without a date: "Sáng thứ Tư, ...", "chiều thứ Sáu tuần trước".
_WEEKDAY_ONLY = re.compile(
    r"(?i)(?<!\w)(?:sáng|chiều|trưa|tối|đêm|hôm)\s+(?:thứ\s+(hai|ba|tư|năm|sáu|bảy|[2-7])|(chủ\s+nhật))"
    r"(?!\s*,?\s*(?:ngày\s*)?\(?\s*\d)(\s+(?:tuần\s+(?:trước|qua)))?"
)
_WEEKDAY_INDEX = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5}
# A date right after these words is a deadline or the start of a period, not a meeting's day.
_PERIOD_BEFORE = re.compile(r"(?i)(?<!\w)(?:từ|đến|tới|trước|sau|hết|kể từ|hạn)\s*$")
# A date in a clause that refers to an earlier meeting ("Sau phiên họp ngày 10/7, chiều 5/8 ...",
# "Tiếp theo hội nghị ngày 20/7", "So với cuộc họp ngày 15/7") is that meeting's, not this one's.
_EARLIER_MEETING_BEFORE = re.compile(
    r"(?i)(?:^|[,.;:(]\s*)(?:sau(?:\s+khi)?|tiếp theo|tiếp nối|so với|kể từ)\s+"
    r"(?:[^\s,.;:]+\s+){0,4}?(?:phiên họp|hội nghị|cuộc họp|buổi làm việc|kỳ họp|hội thảo)"
    r"[^,.;:]{0,40}$"
)
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
        (LEAD_RANGE, (1, 3, 4)),
        (LEAD_WORDY, (1, 2, 3)),
    ):
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 40) : m.start() + 5]
            if _DOCUMENT_BEFORE.search(before) or _PERIOD_BEFORE.search(text[: m.start()][-12:]):
                continue
            clause = text[max(0, m.start() - 120) : m.start()]
            if m.start() > 120:
                clause = "\0" + clause  # cut mid-text: "^" is no clause start
            if _EARLIER_MEETING_BEFORE.search(clause):
                continue
            day, month = int(m.group(g_day)), int(m.group(g_month))
            if m.group(g_year):
                d = valid_date(int(m.group(g_year)), month, day)
            elif ref is not None and valid_date(2000, month, day):
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
        back = _DAYS_BACK[(m.group(1) or m.group(2) or m.group(3)).lower()]
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
    relative words inside a name ("Tạp chí ... Hôm nay"), and the date of an earlier meeting
    the lead refers to ("Sau phiên họp ngày 10/7, chiều 5/8, ...").
    """
    if not lead_or_text:
        return None
    text = nfc(lead_or_text)
    ref = as_date(published)
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
    ref = as_date(published)
    if not text or ref is None:
        return None
    text = nfc(text)
    for pattern, (g_day, g_month, g_year) in ((_MEETING_DAY, (1, 3, 4)), (LEAD_WORDY, (1, 2, 3))):
        for m in pattern.finditer(text):
            if _PERIOD_BEFORE.search(text[: m.start()][-12:]):
                continue
            day, month = int(m.group(g_day)), int(m.group(g_month))
            if m.group(g_year):
                d = valid_date(int(m.group(g_year)), month, day)
            else:
                d = valid_date(ref.year, month, day) or None
                if d is not None and d <= ref:
                    d = valid_date(ref.year + 1, month, day)
            if d is not None and 0 < (d - ref).days <= horizon_days:
                return _phrase(text, m.start(), m.end())
    return None


def find_meeting_date(
    lead_or_text: str | None, published: date | datetime | str | None
) -> str | None:
    """The date (``YYYY-MM-DD``) a lead says the event happened, or None (see find_meeting_day)."""
    found = find_meeting_day(lead_or_text, published)
    return found[0] if found else None
