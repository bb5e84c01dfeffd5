"""Time in one place: Vietnam's time zone, "now" as stored, ISO timestamps read back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

# Việt Nam keeps UTC+7 all year (no daylight saving): a fixed offset is exact.
VIETNAM = timezone(timedelta(hours=7))


def now_iso(now: datetime | None = None) -> str:
    """`now` (default: the current time) in UTC as ISO 8601 with seconds, as every table stores it."""
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def as_day(value: date | datetime | str) -> date:
    """The calendar day of a date, of a datetime (its own day, whatever its zone) or of an ISO
    string (its first ten characters); ValueError when the string is no ISO day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def parse_moment(value: object, *, naive: tzinfo = UTC) -> datetime | None:
    """An ISO date or timestamp ("Z", a space for "T" and a bare date accepted) as an aware
    datetime; a value without an offset is taken in `naive`. None when it is not ISO."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=naive)
