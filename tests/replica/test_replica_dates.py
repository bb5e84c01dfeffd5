"""The date lines of the replica's templates, as DOMAIN.md §6 prints them."""

from __future__ import annotations

import datetime as dt

import pytest

from replica.dates import DATE_STYLES, format_date, iso

VN = dt.timezone(dt.timedelta(hours=7))
MOMENT = dt.datetime(2021, 12, 1, 6, 31, tzinfo=VN)  # a Wednesday


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("dmy_dash_time", "01/12/2021 - 06:31"),
        ("weekday_comma", "Thứ tư, 01/12/2021 06:31"),
        ("time_pipe", "06:31 | 01/12/2021"),
        ("weekday_dashes", "Thứ Tư, 01-12-2021, 06:31"),
        ("cap_nhat", "Cập nhật lúc06:31, Thứ Tư, 01/12/2021 (GMT+7)"),
        ("time_quote", "06:31' - 01/12/2021"),
        ("ngay_thang", "Ngày 1 tháng 12 năm 2021, 06:31"),
        ("nukeviet", "Thứ tư - 01/12/2021 06:31"),
        ("time_dmy", "06:31 01/12/2021"),
        ("dmy_time", "01/12/2021 06:31"),
        ("dotted", "1.12.2021"),
    ],
)
def test_date_styles_print_the_domain_formats(style, expected):
    assert format_date(style, MOMENT) == expected


@pytest.mark.parametrize("style", DATE_STYLES)
def test_a_date_only_truth_prints_no_time(style):
    text = format_date(style, MOMENT, has_time=False)
    assert "06:31" not in text and ("2021" in text)


def test_sunday_and_iso_forms():
    sunday = dt.datetime(2021, 12, 5, 20, 7, tzinfo=VN)
    assert format_date("weekday_comma", sunday) == "Chủ nhật, 05/12/2021 20:07"
    assert iso(sunday) == "2021-12-05T20:07:00+07:00"
    assert iso(sunday, has_time=False) == "2021-12-05"
    with pytest.raises(ValueError):
        format_date("no_such_style", sunday)
