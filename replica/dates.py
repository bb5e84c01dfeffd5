"""Vietnamese date lines as the portals print them (DOMAIN.md §6), one named style each."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

# Monday first, as datetime.weekday() counts. Portals differ in capitalising the day name.
_WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def weekday(moment: dt.datetime, title_case: bool = False) -> str:
    """ "Thứ năm" or, title-cased, "Thứ Năm"; Sunday is "Chủ nhật" / "Chủ Nhật"."""
    name = _WEEKDAYS[moment.weekday()]
    return name.title() if title_case else name


def format_date(style: str, moment: dt.datetime, has_time: bool = True) -> str:
    """The date line of one style; the time part is left out when the truth has no time."""
    d = moment.strftime("%d/%m/%Y")
    t = moment.strftime("%H:%M")
    if style == "dmy_dash_time":  # baoangiang: "30/11/2021 - 20:07"
        return f"{d} - {t}" if has_time else d
    if style == "weekday_comma":  # "Thứ tư, 01/12/2021 06:31"
        return f"{weekday(moment)}, {d} {t}" if has_time else f"{weekday(moment)}, {d}"
    if style == "time_pipe":  # "22:41 | 30/11/2021"
        return f"{t} | {d}" if has_time else d
    if style == "weekday_dashes":  # "Thứ Bảy, 09-10-2021, 15:20"
        dashed = moment.strftime("%d-%m-%Y")
        head = f"{weekday(moment, True)}, {dashed}"
        return f"{head}, {t}" if has_time else head
    if style == "cap_nhat":  # "Cập nhật lúc07:47, Thứ Sáu, 20/09/2019 (GMT+7)" (no space: sic)
        if has_time:
            return f"Cập nhật lúc{t}, {weekday(moment, True)}, {d} (GMT+7)"
        return f"Cập nhật: {weekday(moment, True)}, {d} (GMT+7)"
    if style == "time_quote":  # "22:03' - 13/03/2025"
        return f"{t}' - {d}" if has_time else d
    if style == "ngay_thang":  # "Ngày 30 tháng 11 năm 2021" (+ " 20:07" when timed)
        words = f"Ngày {moment.day} tháng {moment.month} năm {moment.year}"
        return f"{words}, {t}" if has_time else words
    if style == "nukeviet":  # "Thứ năm - 08/04/2021 05:04"
        return f"{weekday(moment)} - {d} {t}" if has_time else f"{weekday(moment)} - {d}"
    if style == "time_dmy":  # NukeViet tag pages: "21:28 22/09/2025"
        return f"{t} {d}" if has_time else d
    if style == "dmy_time":  # "30/11/2021 20:07"
        return f"{d} {t}" if has_time else d
    if style == "dmy_comma_time":  # "30/11/2021, 20:07" (baochinhphu publishdate)
        return f"{d}, {t}" if has_time else d
    if style == "dotted":  # "24.9.2025"
        return f"{moment.day}.{moment.month}.{moment.year}"
    raise ValueError(f"unknown date style {style!r}")


DATE_STYLES = (
    "dmy_dash_time",
    "weekday_comma",
    "time_pipe",
    "weekday_dashes",
    "cap_nhat",
    "time_quote",
    "ngay_thang",
    "nukeviet",
    "time_dmy",
    "dmy_time",
    "dmy_comma_time",
    "dotted",
)


def iso(moment: dt.datetime, has_time: bool = True) -> str:
    """ISO 8601 as the truth writes it: with +07:00 when timed, the bare date otherwise."""
    return moment.isoformat(timespec="seconds") if has_time else moment.date().isoformat()


def http_date(moment: dt.datetime) -> str:
    """RFC 7231 date for Last-Modified headers."""
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)
