"""crawler.dates: every printed form of DOMAIN.md §6, year-less leads, and round trips."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis.meeting_days import find_meeting_date
from crawler.dates import (
    VN_TZ,
    find_day_month,
    find_full_dates,
    parse_vietnamese_datetime,
    resolve_day_month,
)

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("30/11/2021 - 20:07", "2021-11-30T20:07:00+07:00"),
        ("Hoàng Quý - 18:54, 30/11/2021", "2021-11-30T18:54:00+07:00"),
        ("Thứ tư, 01/12/2021 06:31", "2021-12-01T06:31:00+07:00"),
        ("22:41 | 30/11/2021", "2021-11-30T22:41:00+07:00"),
        ("Thứ Bảy, 09-10-2021, 15:20", "2021-10-09T15:20:00+07:00"),
        ("Cập nhật lúc07:47, Thứ Sáu, 20/09/2019 (GMT+7)", "2019-09-20T07:47:00+07:00"),
        ("22:03' - 13/03/2025", "2025-03-13T22:03:00+07:00"),
        ("Ngày 30 tháng 11 năm 2021", "2021-11-30"),
        ("Ngày 30 tháng 11 năm 2021, 20:07", "2021-11-30T20:07:00+07:00"),
        ("24.9.2025", "2025-09-24"),
        ("Thứ năm - 08/04/2021 05:04", "2021-04-08T05:04:00+07:00"),
        ("2021-11-30T20:07:00+07:00", "2021-11-30T20:07:00+07:00"),
        ("2021-11-30T13:07:00Z", "2021-11-30T20:07:00+07:00"),
        ("2021-11-30T14:07:00+01:00", "2021-11-30T20:07:00+07:00"),
        ("2025-07-16 09:19:00.0", "2025-07-16T09:19:00+07:00"),
        ("2021-11-30", "2021-11-30"),
        ("Diễn đàn - Ngày đăng : 19:35, 11/07/2025", "2025-07-11T19:35:00+07:00"),
        ("30/09/2022 14:57    112", "2022-09-30T14:57:00+07:00"),
        ("( Cập nhật lúc: 05/10/2022  )", "2022-10-05"),
        ("Thứ 6, Ngày 08/07/2022, 09:00", "2022-07-08T09:00:00+07:00"),
        ("21:28 22/09/2025", "2025-09-22T21:28:00+07:00"),
        ("22/09/2022 03:15:00 CH", "2022-09-22T15:15:00+07:00"),
        ("24/12/2025 12:21 GMT +7", "2025-12-24T12:21:00+07:00"),
        ("Thứ Sáu, ngày 23 tháng 08 năm 2019", "2019-08-23"),
        ("30/11/2021 | lượt xem: 1250", "2021-11-30"),
        ("Cập nhật: Thứ Sáu, 20/09/2019 (GMT+7)", "2019-09-20"),
    ],
)
def test_printed_forms(printed: str, expected: str) -> None:
    assert parse_vietnamese_datetime(printed) == expected


def test_nfd_input_is_read() -> None:
    import unicodedata

    assert (
        parse_vietnamese_datetime(unicodedata.normalize("NFD", "Thứ năm - 08/04/2021 05:04"))
        == "2021-04-08T05:04:00+07:00"
    )


@pytest.mark.parametrize(
    "bad, expected",
    [
        ("", None),
        (None, None),
        ("31/02/2021", None),
        ("lượt xem: 1250", None),
        ("13/25/2021", None),
        ("99:99 01/01/2021", "2021-01-01"),  # an impossible time is ignored, the date kept
        ("Quyết định 1619/QĐ-TTg", None),
        ("GMT+7", None),
    ],
)
def test_invalid_or_missing_dates(bad: str | None, expected: str | None) -> None:
    assert parse_vietnamese_datetime(bad) == expected


@pytest.mark.parametrize(
    "lead, reference, expected",
    [
        ("Chiều 30-11", date(2021, 11, 30), "2021-11-30"),
        ("Sáng 13/1", date(2023, 1, 20), "2023-01-13"),
        ("Ngày 18-3", date(2021, 3, 19), "2021-03-18"),
        ("Chiều 29/12", date(2023, 1, 2), "2022-12-29"),  # latest not after the reference
        ("Sáng ngày 25/12/2022", date(2023, 5, 1), "2022-12-25"),  # a printed year wins
        ("Chiều 29/2", date(2023, 6, 1), "2020-02-29"),
    ],
)
def test_year_less_dates_resolved_against_reference(
    lead: str, reference: date, expected: str
) -> None:
    assert parse_vietnamese_datetime(lead, reference=reference) == expected


def test_year_less_without_reference_never_invents_a_year() -> None:
    assert parse_vietnamese_datetime("Chiều 30-11") is None
    assert find_day_month("Chiều 30-11") == (30, 11)
    assert find_day_month("Không có ngày nào") is None


@pytest.mark.parametrize(
    "lead, published, expected",
    [
        (
            "Chiều 30-11, Thủ tướng Chính phủ Phạm Minh Chính chủ trì phiên họp",
            "2021-11-30T20:07:00+07:00",
            "2021-11-30",
        ),
        (
            "(backancity.gov.vn)- Chiều 12/7, Văn phòng Chính phủ tổ chức Hội nghị",
            "2023-07-13",
            "2023-07-12",
        ),
        ("Sáng ngày 25/12/2022, Chính phủ tổ chức hội nghị trực tuyến", None, "2022-12-25"),
        ("(CTT-Đồng Nai) - Ngày 18-3, UBND tỉnh họp", date(2021, 3, 20), "2021-03-18"),
        (
            "Thực hiện Quyết định số 06/QĐ-TTg ngày 6/1/2022, sáng nay UBND tỉnh họp",
            "2022-05-04",
            "2022-05-04",
        ),
        ("Chiều qua, Ban Chỉ đạo họp phiên thứ hai", "2025-05-18T08:00:00+07:00", "2025-05-17"),
        ("Chiều 30-11, Thủ tướng chủ trì", None, None),
        ("Không nêu ngày họp.", "2021-11-30", None),
        ("Sáng 8/10, tại Hội trường", datetime(2024, 10, 15, 9, 0, tzinfo=VN_TZ), "2024-10-08"),
        (
            "Ngày 26 và 27/2, Sở Thông tin và Truyền thông tổ chức lớp tập huấn",
            "2024-02-27",
            "2024-02-26",
        ),
        ("Trong 2 ngày 15-16/3/2023, Bộ tổ chức hội nghị", None, "2023-03-15"),
        ("Ngày 30 tháng 11 năm 2021, Ủy ban họp phiên thứ nhất", None, "2021-11-30"),
    ],
)
def test_find_meeting_date(lead: str, published: object, expected: str | None) -> None:
    assert find_meeting_date(lead, published) == expected


def test_full_dates_in_order_with_positions() -> None:
    found = find_full_dates("Đăng 30/11/2021 - 20:07; sửa 01/12/2021")
    assert [iso for _, iso in found] == ["2021-11-30T20:07:00+07:00", "2021-12-01"]
    assert found[0][0] < found[1][0]


# ---- property tests: every printed form round-trips ------------------------------------------
moments = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=VN_TZ)
)


def _forms(m: datetime) -> list[str]:
    d, t, wd = m.strftime("%d/%m/%Y"), m.strftime("%H:%M"), WEEKDAYS[m.weekday()]
    return [
        f"{d} - {t}",
        f"Hoàng Quý - {t}, {d}",
        f"{wd}, {d} {t}",
        f"{t} | {d}",
        f"{wd.title()}, {m:%d-%m-%Y}, {t}",
        f"Cập nhật lúc{t}, {wd.title()}, {d} (GMT+7)",
        f"{t}' - {d}",
        f"{wd} - {d} {t}",
        f"Ngày {m.day} tháng {m.month} năm {m.year}, {t}",
        m.isoformat(),
        m.astimezone(UTC).isoformat(),
        f"{m:%Y-%m-%d %H:%M:%S}.0",
    ]


@given(moments)
def test_round_trip_with_time(m: datetime) -> None:
    for printed in _forms(m):
        assert parse_vietnamese_datetime(printed) == m.isoformat(), printed


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)))
def test_round_trip_date_only(d: date) -> None:
    for printed in (
        d.strftime("%d/%m/%Y"),
        f"{d.day}.{d.month}.{d.year}",
        f"Ngày {d.day} tháng {d.month} năm {d.year}",
        d.isoformat(),
        f"{d.day}-{d.month}-{d.year}",
    ):
        assert parse_vietnamese_datetime(printed) == d.isoformat(), printed


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=0, max_value=700),
    st.sampled_from(
        ["Chiều {d}-{m}", "Sáng {d}/{m}", "Ngày {d}-{m}", "Sáng ngày {d}/{m}", "Tối {d}/{m}"]
    ),
)
def test_year_less_is_latest_not_after_reference(day: date, gap: int, form: str) -> None:
    reference = day + timedelta(days=gap)
    printed = form.format(d=day.day, m=day.month)
    result = date.fromisoformat(parse_vietnamese_datetime(printed, reference=reference))
    assert result <= reference
    assert (result.day, result.month) == (day.day, day.month)
    assert result == resolve_day_month(day.day, day.month, reference)
    if gap < 365:
        assert result == day


def test_meeting_date_reads_through_a_weekday_before_the_date():
    from crawler.analysis.meeting_days import find_meeting_date

    assert (
        find_meeting_date("Sáng thứ Hai (3/3), UBND tỉnh tổ chức hội nghị.", "2025-03-04")
        == "2025-03-03"
    )
    assert find_meeting_date("Chiều thứ 5 (6/3), Ban Chỉ đạo họp.", "2025-03-07") == "2025-03-06"
    assert (
        find_meeting_date("Tối chủ nhật 2/3, đoàn công tác làm việc.", "2025-03-03") == "2025-03-02"
    )
