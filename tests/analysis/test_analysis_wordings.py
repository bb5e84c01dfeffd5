"""Wordings of real Vietnamese official news: chair forms, plans, sessions, abbreviations."""

from __future__ import annotations

import pytest

from crawler.analysis import analyse_article
from crawler.analysis.chair import meeting_chair
from crawler.analysis.classify import article_sections
from crawler.analysis.meetings import meeting_facts, meeting_kind, session_number


def _article(title: str, lead: str, body: str = "", published: str = "2024-05-10", province=None):
    return {
        "title": title,
        "lead": lead,
        "body_text": body,
        "published_at": published,
        "province": province,
    }


@pytest.mark.parametrize(
    "lead, body, chair",
    [
        (
            "Sáng 9/5, Sở họp.",
            "Chủ trì cuộc họp: đồng chí Phó Giám đốc Sở - Lương Văn Bình.",
            "Lương Văn Bình",
        ),
        (
            "Sáng 9/5, Sở họp.",
            "Chủ trì có đồng chí Đào Thị Mai, Phó Chủ tịch UBND tỉnh; đồng chí Lê An.",
            "Đào Thị Mai",
        ),
        ("Sáng 9/5, ThS. Kiều Văn Hòa, P.Giám đốc Sở chủ trì hội thảo.", "", "Kiều Văn Hòa"),
        (
            "Sáng 9/5, huyện họp. Dự họp có đồng chí Vi Văn Khánh, Bí thư Huyện ủy.",
            "Đồng chí Nông Thị Lan, Chủ tịch UBND huyện chủ trì.",
            "Nông Thị Lan",
        ),
        (
            "Sáng 9/5, Ban Chỉ đạo họp phiên thứ hai.",
            "Kết luận phiên họp, đồng chí Hà Văn Tuấn, Trưởng Ban Chỉ đạo yêu cầu các sở hoàn thành.",
            "Hà Văn Tuấn",
        ),
    ],
)
def test_chair_forms(lead: str, body: str, chair: str) -> None:
    assert meeting_chair(_article("Họp", lead, body)) == chair


def test_an_attendee_is_not_the_chair() -> None:
    lead = "Ngày 9/5, hội nghị trực tuyến toàn quốc đã diễn ra. Dự tại điểm cầu tỉnh có đồng chí Mai Văn Sơn, Phó Chủ tịch UBND tỉnh."
    assert meeting_chair(_article("Hội nghị", lead)) is None


@pytest.mark.parametrize(
    "title, lead",
    [
        (
            "Kế hoạch tổ chức Hội nghị tổng kết chuyển đổi số",
            "UBND tỉnh ban hành kế hoạch tổ chức hội nghị tổng kết chuyển đổi số, dự kiến diễn ra ngày 28/5 tại hội trường, do Chủ tịch UBND tỉnh chủ trì.",
        ),
        (
            "Hội thảo chuyển đổi số ngành y tế",
            "Hội thảo chuyển đổi số ngành y tế sẽ được tổ chức vào ngày 25/5 tại Đà Nẵng, do Bộ Y tế chủ trì.",
        ),
        (
            "Triệu tập kỳ họp thứ 18 HĐND tỉnh",
            "Thường trực HĐND tỉnh triệu tập kỳ họp thứ 18 vào 8 giờ ngày 20/5/2024 tại Hội trường để bàn về chính quyền số.",
        ),
    ],
)
def test_plans_and_announcements_are_not_reports(title: str, lead: str) -> None:
    assert not analyse_article(_article(title, lead))["is_meeting_report"]


def test_a_lead_with_the_session_number_reports_a_meeting() -> None:
    lead = "Ngày 9/5, Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Yên Bái họp phiên thứ hai. Đồng chí Trần Huy Tuấn, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chủ trì."
    result = analyse_article(
        _article("Yên Bái: Tháo gỡ vướng mắc về hạ tầng số", lead, province="Yên Bái")
    )
    assert result["is_dx_meeting_report"]
    assert result["meeting"]["session"] == 2 and result["meeting"]["body_id"] == "bcd_cds_tinh"


def test_an_earlier_sitting_in_the_title_is_not_this_session() -> None:
    sections = article_sections(
        _article(
            "Sau Phiên họp thứ nhất, hoàn thành 20 nhiệm vụ",
            "Chiều 9/5, Ban Chỉ đạo tỉnh họp phiên thứ hai.",
        )
    )
    assert session_number(sections) == 2


def test_so_ket_and_tong_ket_split_by_a_long_programme_name() -> None:
    title = "Hội nghị sơ kết 5 năm thực hiện Nghị quyết số 02-NQ/TU của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số trong các cơ quan nhà nước tỉnh Lạng Sơn giai đoạn 2021 - 2025, định hướng đến năm 2030 và tổng kết năm 2024"
    assert meeting_kind(article_sections(_article(title, ""))) == "hoi_nghi_tong_ket"


def test_abbreviations_name_the_bodies_and_the_subject() -> None:
    lead = "Chiều 9/5, Tổ công tác ĐA06 huyện họp. Đồng chí Lù Văn Páo chủ trì."
    result = analyse_article(_article("Tổ công tác ĐA06 họp thường kỳ", lead, province="Lào Cai"))
    assert result["is_dx_meeting_report"] and result["meeting"]["body_id"] == "to_cong_tac_da06"
    khcn = analyse_article(
        _article(
            "BCĐ phát triển KH-CN, ĐMST và CĐS tỉnh họp phiên thứ nhất",
            "Chiều 9/5, BCĐ phát triển KH-CN, ĐMST và CĐS tỉnh họp phiên thứ nhất.",
        )
    )
    assert khcn["meeting"]["body_id"] == "bcd_cds_tinh"


def test_dx_named_only_in_the_body_in_most_paragraphs() -> None:
    body = "\n\n".join(
        [
            "Sở đã số hóa hồ sơ lưu trữ và đưa văn bản điện tử vào quản lý văn bản và điều hành.",
            "Sở đề nghị được cấp thêm chứng thư ký số cho cán bộ một cửa.",
            "Phó Chủ tịch yêu cầu cung cấp dịch vụ công trực tuyến toàn trình trong quý III.",
        ]
    )
    result = analyse_article(
        _article(
            "Phó Chủ tịch UBND tỉnh làm việc với Sở Tư pháp",
            "Chiều 9/5, đồng chí Lò Thị Hà, Phó Chủ tịch UBND tỉnh làm việc với Sở Tư pháp.",
            body,
        )
    )
    assert result["is_dx_meeting_report"]


def test_home_province_bridge_point() -> None:
    article = _article(
        "Hội nghị toàn quốc",
        "Sáng 9/5, Chính phủ tổ chức hội nghị trực tuyến toàn quốc. Tại điểm cầu tỉnh ta, đồng chí Lê Văn Hòa dự.",
        province="Hà Giang",
    )
    facts = meeting_facts(article, article_sections(article))
    assert facts["bridge_points"] == ["Hà Giang"]
