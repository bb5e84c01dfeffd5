"""Meeting facts on hand-written sentences: kind, body, session, date, chair, format, bridge points, people."""

from __future__ import annotations

import pytest

from crawler.analysis.classify import article_sections
from crawler.analysis.meetings import (
    bridge_points,
    meeting_body,
    meeting_chair,
    meeting_date,
    meeting_facts,
    meeting_format,
    meeting_kind,
    session_number,
)
from crawler.analysis.people import find_people


def sections(title: str = "", lead: str = "", body: str = "") -> dict[str, str]:
    return article_sections({"title": title, "lead": lead, "body_text": body})


@pytest.mark.parametrize(
    ("title", "lead", "kind"),
    [
        ("Phiên họp thứ nhất của Ủy ban", "", "phien_hop"),
        ("Hội nghị trực tuyến sơ kết 6 tháng đầu năm", "", "hoi_nghi_so_ket"),
        ("Hội nghị sơ kết Đề án 06 và tổng kết hoạt động năm 2022", "", "hoi_nghi_tong_ket"),
        (
            "An Giang dự hội nghị về chuyển đổi số",
            "Sáng 25-12, Thủ tướng chủ trì hội nghị trực tuyến toàn quốc tổng kết năm 2022.",
            "hoi_nghi_tong_ket",
        ),
        ("Hội nghị Chính phủ với địa phương, tổng kết công tác năm", "", "hoi_nghi"),
        (
            "Họp trực tuyến toàn quốc",
            "Chiều 30-11, Thủ tướng chủ trì phiên họp lần thứ nhất.",
            "phien_hop",
        ),
        (
            "Tổ công tác họp đánh giá kết quả",
            "Sáng 12/7, Tổ công tác tổ chức cuộc họp.",
            "cuoc_hop",
        ),
        ("Làm việc về công tác giải phóng mặt bằng", "", "buoi_lam_viec"),
    ],
)
def test_meeting_kind(title: str, lead: str, kind: str) -> None:
    assert meeting_kind(sections(title, lead)) == kind


@pytest.mark.parametrize(
    ("text", "body_id", "era"),
    [
        ("Phiên họp của Uỷ ban Quốc gia về chuyển đổi số", "ncdt", "2021-2025"),
        ("Tổng kết hoạt động UBQG về CĐS năm 2022", "ncdt", "2021-2025"),
        ("Ủy ban Quốc gia về Chính phủ điện tử họp phiên thứ hai", "ubqg_cpdt", "2018-2021"),
        ("Phiên họp BCĐ Trung ương về phát triển KHCN, ĐMST và CĐS", "bcd_tw_khcn", "2025-"),
        (
            "Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số "
            "và Đề án 06 họp phiên thứ nhất",
            "bcd_cp_khcn_cds_da06",
            "2025-",
        ),
        ("Ban Chỉ đạo chuyển đổi số tỉnh Sơn La họp phiên thường kỳ", "bcd_cds_tinh", "provincial"),
        ("Tổ công tác triển khai Đề án 06 tỉnh họp", "to_cong_tac_da06", "2022-"),
    ],
)
def test_meeting_body_across_eras(text: str, body_id: str, era: str) -> None:
    body = meeting_body(sections(title=text))
    assert body["id"] == body_id and body["era"] == era


def test_meeting_body_none_without_a_committee() -> None:
    assert meeting_body(sections("Hội nghị tổng kết ngành giáo dục")) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Phiên họp thứ nhất", 1),
        ("phiên họp lần thứ 2 của Ủy ban", 2),
        ("Phiên họp thứ ba", 3),
        ("phiên họp đầu tiên của Ban Chỉ đạo", 1),
        ("Phiên họp thường kỳ tháng 5", None),
    ],
)
def test_session_number(text: str, number: int | None) -> None:
    assert session_number(sections(lead=text)) == number


def test_year_less_date_is_resolved_with_the_publication_date() -> None:
    article = {
        "lead": "Chiều 30-11, Thủ tướng chủ trì phiên họp.",
        "published_at": "2021-11-30T20:07:00+07:00",
    }
    assert (meeting_date(article)["date"], meeting_date(article)["source"]) == (
        "2021-11-30",
        "lead",
    )


def test_year_less_date_is_never_after_publication() -> None:
    # Published in early January: "Sáng 28/12" is last year's December.
    article = {"lead": "Sáng 28/12, UBND tỉnh tổ chức hội nghị.", "published_at": "2024-01-02"}
    assert meeting_date(article)["date"] == "2023-12-28"


def test_date_without_publication_date_takes_the_year_of_the_title() -> None:
    article = {
        "title": "Hội nghị sơ kết 6 tháng đầu năm 2023",
        "lead": "Chiều 12/7, Văn phòng Chính phủ tổ chức hội nghị.",
    }
    assert meeting_date(article)["date"] == "2023-07-12"


def test_document_dates_in_the_body_are_not_meeting_dates() -> None:
    article = {
        "title": "Phiên họp thứ nhất",
        "lead": None,
        "published_at": "2021-11-30T21:00:00+07:00",
        "body_text": "Theo đó, ngày 24/9/2021, Thủ tướng ký Quyết định số 1619/QĐ-TTg.",
    }
    dated = meeting_date(article)
    assert (dated["date"], dated["source"]) == ("2021-11-30", "published_at")


@pytest.mark.parametrize(
    ("lead", "chair"),
    [
        (
            "Chiều 30-11, Thủ tướng Chính phủ Phạm Minh Chính, Chủ tịch Ủy ban Quốc gia về chuyển đổi số "
            "đã chủ trì phiên họp.",
            "Phạm Minh Chính",
        ),
        (
            "Sáng 5/3, Ban Chỉ đạo tổ chức phiên họp dưới sự chủ trì của Bí thư Tỉnh ủy Hoàng Văn Nghiệm.",
            "Hoàng Văn Nghiệm",
        ),
        (
            "Dự và chủ trì hội nghị có đồng chí Nông Văn Quang, Phó Chủ tịch UBND thành phố.",
            "Nông Văn Quang",
        ),
        (
            "Ngày 17/3, đồng chí Hà Văn Bình, Chủ tịch UBND thành phố có buổi làm việc với các phòng.",
            "Hà Văn Bình",
        ),
    ],
)
def test_meeting_chair(lead: str, chair: str) -> None:
    assert meeting_chair({"lead": lead}, find_people(lead)) == chair


def test_bare_title_chair_resolves_to_the_named_person() -> None:
    article = {
        "lead": "Phiên họp do Thủ tướng chủ trì.",
        "body_text": "Thủ tướng Chính phủ Phạm Minh Chính phát biểu kết luận.",
    }
    people = find_people(article["lead"] + "\n" + article["body_text"])
    assert meeting_chair(article, people) == "Phạm Minh Chính"


@pytest.mark.parametrize(
    ("lead", "fmt"),
    [
        (
            "Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến.",
            "truc_tiep_ket_hop_truc_tuyen",
        ),
        ("Phiên họp được tổ chức theo hình thức trực tuyến với 63 điểm cầu.", "truc_tuyen"),
        ("Tham dự tại điểm cầu An Giang có Chủ tịch UBND tỉnh.", "truc_tuyen"),
        ("Sáng 12/7, tại trụ sở UBND tỉnh, Tổ công tác tổ chức cuộc họp.", "truc_tiep"),
    ],
)
def test_meeting_format(lead: str, fmt: str) -> None:
    assert meeting_format(sections(lead=lead)) == fmt


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Phó Chủ tịch UBND tỉnh Trần Anh Thư tham dự tại điểm cầu An Giang.", ["An Giang"]),
        ("Dự hội nghị tại đầu cầu tỉnh Hà Nam có ông Trương Quốc Huy.", ["Hà Nam"]),
        ("Tham dự tại điểm cầu thành phố Bắc Kạn có đồng chí Nguyễn Thị Huế.", ["Bắc Kạn"]),
        (
            "Hội nghị kết nối các điểm cầu Hà Nam, Nam Định và Ninh Bình.",
            ["Hà Nam", "Nam Định", "Ninh Bình"],
        ),
        ("Tại điểm cầu TP.HCM, lãnh đạo thành phố dự.", ["TP Hồ Chí Minh"]),
        ("giữa đầu cầu Trụ sở Chính phủ với các điểm cầu các bộ, ngành và 63 tỉnh, thành phố.", []),
        ("Tại điểm cầu Thừa Thiên Huế có Phó Chủ tịch UBND tỉnh.", ["Thừa Thiên Huế"]),
    ],
)
def test_bridge_points(text: str, points: list[str]) -> None:
    from crawler.provinces import canonical_province

    assert bridge_points(text) == [canonical_province(p) for p in points]


def test_people_with_titles() -> None:
    text = (
        "Thủ tướng Chính phủ Phạm Minh Chính chủ trì; Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên "
        "phát biểu. Dự có ông Trương Quốc Huy - Phó Bí thư Tỉnh ủy - Chủ tịch UBND tỉnh; "
        "Phó Chủ tịch UBND tỉnh Trần Anh Thư tham dự tại điểm cầu Hà Nam."
    )
    people = {p["name"]: p["title"] for p in find_people(text)}
    assert people["Phạm Minh Chính"] == "Thủ tướng Chính phủ"
    assert people["Nguyễn Hồng Diên"] == "Bộ trưởng Bộ Công Thương"
    assert people["Trần Anh Thư"] == "Phó Chủ tịch UBND tỉnh"
    assert people["Trương Quốc Huy"].startswith("Phó Bí thư Tỉnh ủy")
    assert "Hà Nam" not in people


def test_meeting_facts_of_one_report() -> None:
    article = {
        "title": "Ban Chỉ đạo chuyển đổi số tỉnh Sơn La họp phiên thứ nhất năm 2024",
        "lead": "Sáng 15/3, đồng chí Nguyễn Đình Việt, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chủ trì "
        "phiên họp thứ nhất năm 2024 theo hình thức trực tiếp kết hợp trực tuyến.",
        "body_text": "Tham dự tại điểm cầu Sơn La có các thành viên Ban Chỉ đạo.",
        "published_at": "2024-03-15",
    }
    facts = meeting_facts(article, article_sections(article))
    assert facts["kind"] == "phien_hop" and facts["body_id"] == "bcd_cds_tinh"
    assert facts["session"] == 1 and facts["meeting_date"] == "2024-03-15"
    assert facts["chair"] == "Nguyễn Đình Việt"
    assert facts["format"] == "truc_tiep_ket_hop_truc_tuyen" and facts["bridge_points"] == [
        "Sơn La"
    ]
