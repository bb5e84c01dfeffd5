"""Event titles from meeting facts, and Vietnamese alphabetical order."""

from __future__ import annotations

from crawler.analysis.titles import event_title, ordinal, vietnamese_date
from crawler.collation import vietnamese_key


def test_a_national_session_is_named_by_kind_ordinal_body_and_date():
    title = event_title("phien_hop", "Ủy ban Quốc gia về chuyển đổi số", 1, "2021-11-30")
    assert title == "Phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số, 30/11/2021"


def test_a_provincial_body_takes_its_province_and_a_bodiless_meeting_its_place():
    assert (
        event_title(
            "hoi_nghi_tong_ket",
            "Ban Chỉ đạo chuyển đổi số tỉnh",
            None,
            "2022-12-29",
            "Thái Nguyên",
            provincial_body=True,
        )
        == "Hội nghị tổng kết của Ban Chỉ đạo chuyển đổi số tỉnh Thái Nguyên, 29/12/2022"
    )
    assert (
        event_title(
            "cuoc_hop",
            "Tổ công tác triển khai Đề án 06",
            None,
            None,
            "Bắc Ninh",
            provincial_body=True,
        )
        == "Cuộc họp của Tổ công tác triển khai Đề án 06 tỉnh Bắc Ninh"
    )
    assert event_title("hoi_nghi", None, None, "2023-04-21", "Bắc Ninh") == (
        "Hội nghị tại Bắc Ninh, 21/04/2023"
    )


def test_ordinals_and_dates():
    assert [ordinal(n) for n in (1, 4, 7, 12, None, 0)] == [
        "thứ nhất",
        "thứ tư",
        "thứ bảy",
        "thứ 12",
        None,
        None,
    ]
    assert vietnamese_date("2025-03-18") == "18/03/2025"
    assert vietnamese_date("2025") is None


def test_vietnamese_alphabetical_order():
    names = ["Yên Bái", "Đà Nẵng", "Đắk Lắk", "Dak", "Cần Thơ", "Cao Bằng", "Cà Mau", "Ấp", "An"]
    assert sorted(names, key=vietnamese_key) == [
        "An",
        "Ấp",
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Dak",
        "Đà Nẵng",
        "Đắk Lắk",
        "Yên Bái",
    ]
    # Tones only break ties: ma < mà < mả < mã < má < mạ.
    tones = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(tones, key=vietnamese_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
