"""More wordings of real Vietnamese official news (issue 12, round 2): a lead that reports what
was said at a meeting, the concluding speech of this sitting, a body being set up at a meeting."""

from __future__ import annotations

import pytest

from crawler.analysis import analyse_article
from crawler.analysis.classify import article_sections
from crawler.analysis.meetings import meeting_body, session_number


def _article(title: str, lead: str, body: str = "", published: str = "2025-08-06T07:30:00+07:00"):
    return {
        "title": title,
        "lead": lead,
        "body_text": body,
        "published_at": published,
        "province": "Tây Ninh",
    }


@pytest.mark.parametrize(
    "lead",
    [
        # Portals often open with what was said at the meeting, not with who convened it.
        "Tại phiên họp thường kỳ quý II của Ban Chỉ đạo chuyển đổi số tỉnh, Chủ tịch UBND tỉnh "
        "Nguyễn Văn Út yêu cầu các sở hoàn thành số hóa hồ sơ trong tháng 9.",
        "Phát biểu kết luận hội nghị sơ kết Đề án 06 của tỉnh, Phó Chủ tịch UBND tỉnh Trần Văn "
        "Chiến đề nghị Công an tỉnh đẩy nhanh làm sạch dữ liệu dân cư.",
        "Kết luận phiên họp thứ hai của Ban Chỉ đạo chuyển đổi số tỉnh, Bí thư Tỉnh ủy Nguyễn "
        "Thành Tâm yêu cầu các cấp ủy tháo gỡ vướng mắc về hạ tầng số.",
    ],
)
def test_a_lead_reporting_what_was_said_at_a_meeting_is_a_report(lead: str) -> None:
    # The title names no meeting and the body no convening act.
    result = analyse_article(
        _article(
            "Tây Ninh đầu tư hạ tầng số cho xã, phường",
            lead,
            "Toàn tỉnh có 96 xã, phường cần nâng cấp đường truyền và máy trạm.\n\n"
            "Sở Khoa học và Công nghệ được giao xây dựng kế hoạch chi tiết.",
        )
    )
    assert result["is_meeting_report"], result["relevance_reasons"]


def test_a_statement_at_a_launch_is_still_not_a_meeting_report() -> None:
    result = analyse_article(
        _article(
            "Ra mắt ứng dụng công dân số",
            "Tại lễ ra mắt ứng dụng công dân số, Phó Chủ tịch UBND tỉnh cho biết ứng dụng đã có "
            "100.000 lượt tải.",
            "Người dân có thể đăng nhập bằng tài khoản định danh điện tử.",
        )
    )
    assert not result["is_meeting_report"]


def test_the_concluding_speech_of_this_sitting_gives_its_number() -> None:
    lead = (
        "Kết luận phiên họp thứ hai của Ban Chỉ đạo tối qua, Tổng Bí thư yêu cầu tháo gỡ điểm "
        "nghẽn thể chế."
    )
    assert session_number(article_sections(_article("Tháo gỡ điểm nghẽn", lead))) == 2
    # ... while implementing the conclusions of an earlier sitting is not this one.
    earlier = "Thực hiện kết luận phiên họp thứ nhất, chiều 5/8, Ban Chỉ đạo họp phiên thường kỳ."
    assert session_number(article_sections(_article("Họp Ban Chỉ đạo", earlier))) is None


def test_a_body_set_up_at_a_meeting_is_not_its_convener() -> None:
    # A national conference of the Politburo announces the decision that sets up a committee.
    sections = article_sections(
        _article(
            "Hội nghị toàn quốc về đột phá phát triển khoa học, công nghệ",
            "Sáng 13/1, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc về đột phá phát "
            "triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.",
            "Tại hội nghị đã công bố quyết định thành lập Ban Chỉ đạo Trung ương về phát triển "
            "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
            published="2025-01-13T11:00:00+07:00",
        )
    )
    body = meeting_body(sections, day="2025-01-13", topic_dx=True)
    assert body is None


@pytest.mark.parametrize(
    "lead, chair",
    [
        # Ê Đê and other Tây Nguyên names open with Y (men) or H' (women) and run to five words.
        (
            "Sáng 4/3, đồng chí Y Thanh Hà Niê Kđăm, Phó Bí thư Tỉnh ủy chủ trì hội nghị.",
            "Y Thanh Hà Niê Kđăm",
        ),
        ("Sáng 4/3, bà H'Yến Niê, Phó Chủ tịch UBND tỉnh chủ trì hội nghị.", "H'Yến Niê"),
        # Family names of the northern mountains.
        ("Sáng 4/3, ông Vòng A Tài, Chủ tịch UBND huyện chủ trì hội nghị.", "Vòng A Tài"),
        (
            "Sáng 4/3, đồng chí Cầm Văn Đoản, Phó Chủ tịch UBND tỉnh chủ trì hội nghị.",
            "Cầm Văn Đoản",
        ),
        # A provincial leader who hosts the province's bridge point did not chair the meeting.
        (
            "Ngày 18-3, Chủ tịch UBND tỉnh Võ Văn Đức chủ trì tại điểm cầu tỉnh dự phiên họp thứ "
            "nhất của Ban Chỉ đạo do Thủ tướng Phạm Minh Chính chủ trì.",
            "Phạm Minh Chính",
        ),
        (
            "Sáng 18/3, Ban Chỉ đạo của Chính phủ họp phiên thứ nhất theo hình thức trực tuyến. "
            "Phó Chủ tịch UBND tỉnh Nguyễn Văn Út chủ trì tại điểm cầu tỉnh.",
            None,
        ),
        (
            "Sáng 9/1, Phó Chủ tịch UBND tỉnh Lê Văn Hòa chủ trì điểm cầu tỉnh dự hội nghị trực "
            "tuyến toàn quốc sơ kết Đề án 06.",
            None,
        ),
    ],
)
def test_chairs_with_minority_names_and_bridge_point_hosts(lead: str, chair) -> None:
    from crawler.analysis.chair import meeting_chair

    assert meeting_chair({"title": "Hội nghị", "lead": lead, "body_text": ""}) == chair


def _analysed(title: str, lead: str, body: str = "Các đại biểu thảo luận, cho ý kiến.") -> dict:
    return analyse_article(
        {
            "title": title,
            "lead": lead,
            "body_text": body,
            "published_at": "2025-03-05T18:00:00+07:00",
            "province": "Gia Lai",
        }
    )


@pytest.mark.parametrize(
    "title, lead",
    [
        (
            "Đẩy nhanh tiến độ Đề án 06",
            "Ngày 5/3, đồng chí Lê Văn An, Phó Chủ tịch UBND tỉnh, Tổ trưởng Tổ công tác Đề án 06 "
            "tỉnh đã có buổi làm việc với Công an tỉnh về tiến độ triển khai Đề án 06.",
        ),
        # What was said, then where: "X nhấn mạnh ... tại phiên họp ...", "Đó là chỉ đạo của X
        # tại hội nghị ...".
        (
            "Gia Lai: Đầu tư 250 tỷ đồng hạ tầng số",
            "Bí thư Tỉnh ủy Hồ Văn Niên nhấn mạnh điều này tại phiên họp thứ nhất của Ban Chỉ đạo "
            "chuyển đổi số tỉnh chiều 4/3.",
        ),
        (
            "Chuyển đổi số phải lấy người dân làm trung tâm",
            "Đó là chỉ đạo của Chủ tịch UBND tỉnh Võ Văn Hải tại hội nghị tổng kết công tác chuyển "
            "đổi số năm 2024 diễn ra sáng 5/3.",
        ),
    ],
)
def test_working_sessions_and_what_was_said_at_a_meeting_are_reports(title, lead) -> None:
    result = _analysed(title, lead)
    assert result["is_meeting_report"] and result["topic_dx"], result["relevance_reasons"]


def test_a_meeting_on_dx_named_in_the_lead_makes_the_subject_dx() -> None:
    result = _analysed(
        "Thủ tướng: Dữ liệu là tài nguyên mới",
        "Phát biểu tại Hội nghị toàn quốc về chuyển đổi số sáng 5/3, Thủ tướng Phạm Minh Chính "
        "nhấn mạnh dữ liệu là tài nguyên mới.",
    )
    assert result["is_dx_meeting_report"], result["relevance_reasons"]
    # DX listed among other subjects of a meeting on the economy is not its subject.
    other = _analysed(
        "Chính phủ họp với các địa phương",
        "Sáng 5/1, Thủ tướng Phạm Minh Chính chủ trì hội nghị Chính phủ với các địa phương về "
        "tình hình kinh tế - xã hội năm 2024, trong đó có chuyển đổi số.",
    )
    assert other["is_meeting_report"] and not other["topic_dx"], other["relevance_reasons"]


def test_giao_ban_is_a_conference() -> None:
    result = _analysed(
        "Giao ban chuyển đổi số quý I",
        "Sáng 5/3, Sở Khoa học và Công nghệ tổ chức giao ban trực tuyến về chuyển đổi số với các "
        "huyện.",
    )
    assert result["meeting"]["kind"] == "hoi_nghi"


def test_a_meeting_at_the_government_seat_connected_online_is_online() -> None:
    from crawler.analysis.meetings import meeting_format

    sections = article_sections(
        _article(
            "Thủ tướng chủ trì phiên họp",
            "Sáng 24/4, tại Trụ sở Chính phủ, Thủ tướng Phạm Minh Chính chủ trì phiên họp lần "
            "thứ 8 của Ủy ban Quốc gia về chuyển đổi số.",
            "Phiên họp được kết nối trực tuyến từ Trụ sở Chính phủ đến trụ sở UBND các tỉnh, "
            "thành phố trực thuộc Trung ương.",
        )
    )
    assert meeting_format(sections) == "truc_tuyen"
    # A hall in the lead and only attendees "tại điểm cầu" in the body stays in person.
    hall = article_sections(
        _article(
            "Hội nghị tổng kết",
            "Sáng 24/4, tại Hội trường UBND tỉnh, tỉnh tổ chức hội nghị tổng kết.",
            "Dự tại điểm cầu tỉnh có lãnh đạo các sở.",
        )
    )
    assert meeting_format(hall) == "truc_tiep"


@pytest.mark.parametrize(
    "lead, chair",
    [
        # A provincial leader who attended (dự, tham dự, theo dõi) a national meeting from the
        # province's bridge point did not chair it.
        (
            "Sáng 13/1, đồng chí Nguyễn Văn An, Bí thư Tỉnh ủy dự Hội nghị toàn quốc về đột phá "
            "phát triển khoa học, công nghệ tại điểm cầu tỉnh.",
            None,
        ),
        (
            "Sáng 13/1, Phó Chủ tịch UBND tỉnh Lê Văn Hòa tham dự hội nghị trực tuyến toàn quốc "
            "sơ kết Đề án 06.",
            None,
        ),
        (
            "Chiều 4/3, Phó Chủ tịch UBND tỉnh Lê Văn Hòa cùng lãnh đạo các sở theo dõi phiên họp "
            "của Ban Chỉ đạo Trung ương.",
            None,
        ),
        # Who works with, or opens, a meeting leads it.
        (
            "Sáng 5/3, Phó Chủ tịch UBND tỉnh Lê Văn Hòa làm việc với Sở Y tế về chuyển đổi số.",
            "Lê Văn Hòa",
        ),
        (
            "Sáng 5/3, Bộ trưởng Nguyễn Mạnh Hùng phát biểu khai mạc hội nghị chuyển đổi số.",
            "Nguyễn Mạnh Hùng",
        ),
    ],
)
def test_who_attended_from_a_bridge_point_is_not_the_chair(lead: str, chair) -> None:
    from crawler.analysis.chair import meeting_chair

    assert meeting_chair({"title": "Hội nghị", "lead": lead, "body_text": ""}) == chair


@pytest.mark.parametrize(
    "title, lead, session",
    [
        # Provincial steering committees count their sittings as "họp lần thứ ...".
        (
            "Họp Ban Chỉ đạo chuyển đổi số tỉnh lần thứ nhất",
            "Ngày 3-3, Ban Chỉ đạo chuyển đổi số tỉnh tổ chức họp lần đầu tiên cho ý kiến về quy chế.",
            1,
        ),
        ("Ban Chỉ đạo họp", "Ngày 3-3, Ban Chỉ đạo chuyển đổi số tỉnh tổ chức họp lần thứ hai.", 2),
        ("Hội nghị Ban Chỉ đạo", "Sáng 5/8, Ban Chỉ đạo tỉnh tổ chức hội nghị lần thứ ba.", 3),
        # Not a sitting's number: a festival held for the fifth time.
        ("Ngày hội chuyển đổi số", "Ngày hội chuyển đổi số được tổ chức lần thứ năm.", None),
    ],
)
def test_sittings_counted_as_lan_thu(title: str, lead: str, session) -> None:
    assert session_number(article_sections(_article(title, lead))) == session


@pytest.mark.parametrize(
    "lead",
    [
        "Chiều 5/8, Ban Chỉ đạo cấp tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số họp phiên thứ nhất.",
        "Chiều 5/8, Ban Chỉ đạo thực hiện Nghị quyết 57 của tỉnh họp phiên thứ nhất.",
        "Chiều 5/8, BCĐ 57 tỉnh họp phiên thứ nhất.",
    ],
)
def test_provincial_steering_committee_short_names(lead: str) -> None:
    body = meeting_body(article_sections(_article("Họp Ban Chỉ đạo", lead)), day="2025-08-05")
    assert body and body["id"] == "bcd_cds_tinh"
