"""Meeting dates that cannot be absurd: relative words, weekdays, names, plans, programme years."""

from __future__ import annotations

import pytest

from crawler.analysis.meeting_days import find_future_day, find_meeting_day
from crawler.analysis.meetings import meeting_date, meeting_year_hint


@pytest.mark.parametrize(
    "lead, published, expected",
    [
        # An explicit date beside "today" wins, even when published the next morning.
        (
            "Hôm nay (12/3), Sở Nội vụ họp.",
            "2024-03-13T06:10:00+07:00",
            ("2024-03-12", "Hôm nay (12/3)"),
        ),
        ("Sáng nay (4/6), UBND huyện họp.", "2024-06-04", ("2024-06-04", "Sáng nay (4/6)")),
        # Relative words resolve against the publication date.
        (
            "Chiều hôm qua, Ban Chỉ đạo họp.",
            "2024-06-05T07:00:00+07:00",
            ("2024-06-04", "Chiều hôm qua"),
        ),
        ("Tối qua, đoàn công tác làm việc.", "2024-06-05", ("2024-06-04", "Tối qua")),
        # A weekday without a date: the latest such day not after publication.
        ("Chiều thứ Ba, Sở tổ chức tọa đàm.", "2024-06-07", ("2024-06-04", "Chiều thứ Ba")),
        (
            "Sáng thứ Hai tuần trước, huyện họp.",
            "2024-06-05",
            ("2024-05-27", "Sáng thứ Hai tuần trước"),
        ),
        # Year-end meeting published in January.
        ("Ngày 29/12, Sở tổ chức hội nghị.", "2025-01-02", ("2024-12-29", "Ngày 29/12")),
    ],
)
def test_meeting_day_with_its_phrase(lead: str, published: str, expected: tuple) -> None:
    assert find_meeting_day(lead, published) == expected


@pytest.mark.parametrize(
    "lead, published",
    [
        ("Phát biểu với Báo Sài Gòn Hôm nay, ông Minh cho biết.", "2024-06-05"),  # an outlet
        ("Ngày nay, người dân quen với dịch vụ công.", "2024-06-05"),  # "nowadays"
        ("Trong những ngày qua, huyện đã làm sạch dữ liệu.", "2024-06-05"),  # "recent days"
        ("Hoàn thành trước ngày 30/6.", "2024-06-05"),  # a deadline
        ("Từ ngày 1/4, tỉnh áp dụng quy trình mới.", "2024-06-05"),  # a period's start
        ("Hội nghị sẽ diễn ra ngày 20/6.", "2024-06-05"),  # after publication
        ("Ngày 10/2, huyện họp.", "2024-06-05"),  # months before, no year: not this report's day
    ],
)
def test_no_absurd_meeting_day(lead: str, published: str) -> None:
    assert find_meeting_day(lead, published) is None


def test_a_day_after_publication_is_a_plan() -> None:
    assert find_future_day("Hội thảo diễn ra vào ngày 20/6 tại Huế.", "2024-06-05") == "ngày 20/6"
    assert find_future_day("Phiên họp vào 9 giờ ngày 3/7/2024.", "2024-06-05") == "ngày 3/7/2024"
    assert find_future_day("Nộp báo cáo trước ngày 20/6.", "2024-06-05") is None
    assert find_future_day("Sáng 4/6, huyện họp.", "2024-06-05") is None


@pytest.mark.parametrize(
    "title, lead, year",
    [
        (
            "Đề án chuyển đổi số giai đoạn 2021 - 2025, tầm nhìn đến năm 2030",
            "Sáng 5/5, tỉnh họp.",
            None,
        ),
        ("Sơ kết 6 tháng năm 2023 Kế hoạch chuyển đổi số đến năm 2025", "Sáng 5/7, họp.", 2023),
        ("Triển khai Nghị quyết số 12/2024/NQ-HĐND", "Sáng 5/5, tỉnh họp.", None),
        ("Mục tiêu năm 2030: 100% hồ sơ trực tuyến", "Năm 2024, tỉnh họp.", 2024),
    ],
)
def test_programme_and_target_years_are_not_meeting_years(title, lead, year) -> None:
    assert meeting_year_hint({"title": title, "lead": lead}) == year


def test_meeting_date_carries_phrase_and_confidence() -> None:
    dated = meeting_date(
        {"lead": "Chiều qua, Sở họp.", "published_at": "2024-06-05T07:00:00+07:00"}
    )
    assert dated == {
        "date": "2024-06-04",
        "source": "lead",
        "phrase": "Chiều qua",
        "confidence": 0.9,
    }
    fallback = meeting_date({"lead": "Sở họp.", "published_at": "2024-06-05T07:00:00+07:00"})
    assert fallback["source"] == "published_at" and fallback["confidence"] < 0.5
    # Without a publication date, a programme's horizon is never the meeting's year.
    horizon = meeting_date(
        {"title": "Chương trình chuyển đổi số đến năm 2030", "lead": "Sáng 5/5, họp."}
    )
    assert horizon["date"] is None


@pytest.mark.parametrize(
    "lead, expected",
    [
        # Several national newspapers print day.month with a dot ("Sáng 13.1").
        ("Chiều 4.3, Ban Chỉ đạo họp phiên thứ hai.", ("2025-03-04", "Chiều 4.3")),
        ("Sáng 24.2.2025, tỉnh tổ chức hội nghị.", ("2025-02-24", "Sáng 24.2.2025")),
        ("Ngày 3.3, Tổ công tác Đề án 06 họp.", ("2025-03-03", "Ngày 3.3")),
    ],
)
def test_dotted_day_month_after_a_time_of_day(lead: str, expected: tuple) -> None:
    assert find_meeting_day(lead, "2025-03-05T08:00:00+07:00") == expected


@pytest.mark.parametrize(
    "lead",
    [
        "Hôm nay 5.000 người dân đã cài đặt ứng dụng.",  # a number, not a date
        "Ngày 4. Tỉnh có 3 hội nghị.",  # a sentence end, not a date
    ],
)
def test_dots_in_numbers_are_not_dates(lead: str) -> None:
    found = find_meeting_day(lead, "2025-03-05T08:00:00+07:00")
    assert found is None or found[1].lower().startswith("hôm nay") and found[0] == "2025-03-05"


def test_a_utc_publication_time_is_read_as_vietnam_day() -> None:
    # 18:30 UTC on 4/3 is 01:30 on 5/3 in Vietnam: "tối qua" is 4/3, and a report printing no
    # day is dated 5/3 (the day it appeared in Vietnam).
    article = {
        "title": "Ban Chỉ đạo họp",
        "lead": "Tối qua, Ban Chỉ đạo họp phiên thứ hai.",
        "body_text": "",
        "published_at": "2025-03-04T18:30:00Z",
    }
    assert meeting_date(article)["date"] == "2025-03-04"
    undated = dict(article, lead="Ban Chỉ đạo họp phiên thứ hai.")
    assert meeting_date(undated)["date"] == "2025-03-05"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Hội nghị được tổ chức vào ngày 5/3 tại Hội trường UBND tỉnh.", "2025-03-05"),
        ("Phiên họp diễn ra ngày 4-3 theo hình thức trực tuyến.", "2025-03-04"),
        # A bare date in the body dates a document or a past event, not this meeting.
        ("Ngày 1/3, tỉnh ban hành kế hoạch chuyển đổi số.", "2025-03-06"),
    ],
)
def test_a_body_sentence_saying_when_the_meeting_took_place(body: str, expected: str) -> None:
    article = {
        "title": "Hội nghị chuyển đổi số",
        "lead": "Tỉnh tổ chức hội nghị chuyển đổi số.",
        "body_text": body,
        "published_at": "2025-03-06T09:00:00+07:00",
    }
    assert meeting_date(article)["date"] == expected
