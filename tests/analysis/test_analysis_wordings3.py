"""Wordings of real Vietnamese official news, round 3 (issue 12): the directing speech of a
provincial meeting, programme and plan years, plans and summonses, dashed dates, abbreviations,
the reorganised committees' short names, and grouping across two printed provincial bodies or a
week of national conferences. Articles are written in our own words after reading real portals."""

from __future__ import annotations

import pytest

from crawler.analysis import analyse_article, group_events
from crawler.analysis.classify import article_sections
from crawler.analysis.meetings import meeting_body, meeting_date, meeting_year_hint


def _article(
    title: str,
    lead: str,
    body: str = "",
    published: str | None = "2025-08-06T07:30:00+07:00",
    province: str | None = "Tây Ninh",
    key: str | None = None,
) -> dict:
    return {
        "id": key,
        "title": title,
        "lead": lead,
        "body_text": body,
        "published_at": published,
        "province": province,
    }


def _meeting(article: dict) -> dict:
    result = analyse_article(article)
    assert result["is_meeting_report"], result["relevance_reasons"]
    return result["meeting"]


# -- chair: the directing speech ---------------------------------------------------------------


@pytest.mark.parametrize(
    "lead, body",
    [
        # The head of the steering committee gives the directing speech: no "chủ trì" printed.
        (
            "Sáng 5/8, Ban Chỉ đạo chuyển đổi số tỉnh tổ chức hội nghị sơ kết 6 tháng đầu năm. "
            "Đồng chí Nguyễn Văn Út, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo phát biểu chỉ đạo "
            "hội nghị.",
            "",
        ),
        (
            "Sáng 5/8, UBND tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số 6 tháng đầu năm.",
            "Phát biểu chỉ đạo hội nghị, đồng chí Nguyễn Văn Út, Chủ tịch UBND tỉnh, đề nghị các "
            "sở tập trung số hóa hồ sơ.\n\nDự hội nghị có đồng chí Lê Văn Hòa, Giám đốc Sở Khoa "
            "học và Công nghệ.",
        ),
    ],
)
def test_who_gave_the_directing_speech_of_a_provincial_meeting_chaired_it(
    lead: str, body: str
) -> None:
    meeting = _meeting(_article("Hội nghị sơ kết chuyển đổi số 6 tháng đầu năm", lead, body))
    assert meeting["chair"] == "Nguyễn Văn Út"


@pytest.mark.parametrize(
    "lead, body",
    [
        # An attendee may direct too ("dự và phát biểu chỉ đạo"): attending, not chairing.
        (
            "Sáng 5/8, UBND tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số. Đồng chí Nguyễn "
            "Thành Tâm, Bí thư Tỉnh ủy dự và phát biểu chỉ đạo hội nghị.",
            "",
        ),
        (
            "Sáng 5/8, UBND tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số.",
            "Dự và phát biểu chỉ đạo hội nghị có đồng chí Nguyễn Thành Tâm, Bí thư Tỉnh ủy.",
        ),
        # Directing the province's bridge point of a national conference is not chairing it.
        (
            "Sáng 5/8, hội nghị trực tuyến toàn quốc về chuyển đổi số diễn ra tại 63 điểm cầu.",
            "Phát biểu chỉ đạo tại điểm cầu tỉnh, đồng chí Nguyễn Thành Tâm, Bí thư Tỉnh ủy đề "
            "nghị các sở thực hiện nghiêm kết luận của Thủ tướng.",
        ),
    ],
)
def test_an_attendee_who_directs_is_not_the_chair(lead: str, body: str) -> None:
    meeting = _meeting(_article("Hội nghị về chuyển đổi số", lead, body))
    assert meeting["chair"] != "Nguyễn Thành Tâm"


@pytest.mark.parametrize(
    "lead",
    [
        # "with the attendance of": the person is a guest, the lead names no chair.
        "Sáng 5/8, hội nghị sơ kết chuyển đổi số 6 tháng đầu năm có sự tham dự của đồng chí "
        "Nguyễn Thành Tâm, Bí thư Tỉnh ủy.",
        "Sáng 5/8, hội nghị sơ kết chuyển đổi số của tỉnh diễn ra với sự có mặt của đồng chí "
        "Nguyễn Thành Tâm, Bí thư Tỉnh ủy.",
    ],
)
def test_a_guest_introduced_by_attendance_is_not_the_chair(lead: str) -> None:
    meeting = _meeting(_article("Hội nghị sơ kết chuyển đổi số", lead))
    assert meeting["chair"] is None


# -- dates ----------------------------------------------------------------------------------


def test_a_dashed_day_and_month_resolve_against_publication() -> None:
    article = _article(
        "Họp Ban Chỉ đạo chuyển đổi số tỉnh",
        "Ngày 18-3, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ hai.",
        published="2025-03-19T07:30:00+07:00",
    )
    assert _meeting(article)["meeting_date"] == "2025-03-18"
    # Published in early January, "ngày 28-12" is the year before.
    article["lead"] = "Ngày 28-12, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ tư."
    article["published_at"] = "2025-01-02T07:30:00+07:00"
    assert _meeting(article)["meeting_date"] == "2024-12-28"


@pytest.mark.parametrize(
    "title",
    [
        "Hội nghị triển khai Kế hoạch chuyển đổi số năm 2026",
        "Hội nghị quán triệt Chương trình chuyển đổi số năm 2026, tầm nhìn đến năm 2030",
        "Hội nghị về Đề án phát triển chính quyền số năm 2026",
    ],
)
def test_the_year_of_a_plan_or_programme_is_not_the_meetings(title: str) -> None:
    # No publication date: the year printed for the plan is not the meeting's.
    article = _article(title, "Sáng 5/8, UBND tỉnh tổ chức hội nghị.", published=None)
    assert meeting_year_hint(article) is None
    assert meeting_date(article)["date"] is None
    # ... while a year the title gives the meeting itself still dates it.
    article["title"] = "Hội nghị chuyển đổi số năm 2024 của tỉnh"
    assert meeting_date(article)["date"] == "2024-08-05"


# -- plans, announcements and summonses -------------------------------------------------------


@pytest.mark.parametrize(
    "title, lead",
    [
        (
            "Tỉnh sẽ tổ chức hội nghị tổng kết chuyển đổi số",
            "Theo kế hoạch, UBND tỉnh sẽ tổ chức hội nghị tổng kết chuyển đổi số vào cuối tháng 12.",
        ),
        (
            "Giấy mời họp Ban Chỉ đạo chuyển đổi số tỉnh",
            "UBND tỉnh trân trọng kính mời các thành viên Ban Chỉ đạo chuyển đổi số tỉnh dự phiên "
            "họp thứ ba vào 14 giờ ngày 12/8/2025.",
        ),
        (
            "Kế hoạch tổ chức Hội nghị chuyển đổi số tỉnh năm 2025",
            "UBND tỉnh ban hành kế hoạch tổ chức hội nghị chuyển đổi số tỉnh năm 2025 tại hội "
            "trường UBND tỉnh.",
        ),
    ],
)
def test_plans_and_summonses_are_not_reports(title: str, lead: str) -> None:
    result = analyse_article(_article(title, lead))
    assert not result["is_meeting_report"], result["relevance_reasons"]


# -- abbreviations and committees -----------------------------------------------------------


def test_abbreviated_bodies_and_topics() -> None:
    result = analyse_article(
        _article(
            "BCĐ xây dựng CQĐT tỉnh họp phiên thứ hai",
            "Sáng 5/8, BCĐ xây dựng CQĐT tỉnh họp phiên thứ hai.",
            published="2020-08-06T07:30:00+07:00",
        )
    )
    assert result["is_dx_meeting_report"], result["relevance_reasons"]
    assert result["meeting"]["body_id"] == "bcd_cds_tinh"


@pytest.mark.parametrize(
    "name, body_id",
    [
        # Short forms of the 2025 committees: "KH,CN" and a comma before Đề án 06.
        (
            "Ban Chỉ đạo của Chính phủ về phát triển KH,CN, ĐMST, CĐS và Đề án 06",
            "bcd_cp_khcn_cds_da06",
        ),
        (
            "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, Đề "
            "án 06 tỉnh",
            "bcd_cds_tinh",
        ),
        # The province's committee of the Party (2025-), its place before "về".
        (
            "Ban Chỉ đạo của Tỉnh ủy về phát triển khoa học, công nghệ, đổi mới sáng tạo và "
            "chuyển đổi số",
            "bcd_cds_tinh",
        ),
        (
            "Ban Chỉ đạo tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "bcd_cds_tinh",
        ),
        ("Ban Chỉ đạo Thành ủy về phát triển KHCN, ĐMST và CĐS", "bcd_cds_tinh"),
    ],
)
def test_committee_names_as_printed(name: str, body_id: str) -> None:
    sections = article_sections(
        _article(f"Phiên họp {name}", f"Sáng 5/8, {name} họp phiên thứ hai.")
    )
    assert meeting_body(sections)["id"] == body_id


# -- grouping ---------------------------------------------------------------------------------


def _events(articles: list[dict]) -> dict[str, str]:
    return {a["key"]: a["event_id"] for a in group_events(articles)}


def test_one_provincial_meeting_printed_as_two_bodies_is_one_event() -> None:
    # Provinces hold the steering committee and the Đề án 06 working group together; one outlet
    # names the committee, another the working group.
    reports = [
        _article(
            "Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ hai",
            "Sáng 5/8, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ hai. Đồng chí Nguyễn Văn Út, "
            "Chủ tịch UBND tỉnh chủ trì.",
            "Bài a: các sở báo cáo tiến độ.",
            key="a",
        ),
        _article(
            "Tổ công tác Đề án 06 tỉnh đánh giá kết quả 6 tháng",
            "Sáng 5/8, Tổ công tác triển khai Đề án 06 tỉnh họp đánh giá kết quả 6 tháng. Đồng "
            "chí Nguyễn Văn Út, Chủ tịch UBND tỉnh chủ trì.",
            "Bài b: công an tỉnh báo cáo làm sạch dữ liệu.",
            key="b",
        ),
    ]
    events = _events(reports)
    assert events["a"] == events["b"] is not None


def test_two_provincial_bodies_with_two_chairs_on_one_day_stay_apart() -> None:
    reports = [
        _article(
            "Ban Chỉ đạo chuyển đổi số tỉnh họp",
            "Sáng 5/8, Ban Chỉ đạo chuyển đổi số tỉnh họp. Đồng chí Nguyễn Văn Út, Chủ tịch UBND "
            "tỉnh chủ trì.",
            "Bài a: các sở báo cáo tiến độ.",
            key="a",
        ),
        _article(
            "Tổ công tác Đề án 06 tỉnh họp",
            "Chiều 5/8, Tổ công tác triển khai Đề án 06 tỉnh họp. Đồng chí Trần Văn Chiến, Giám "
            "đốc Công an tỉnh chủ trì.",
            "Bài b: công an tỉnh báo cáo làm sạch dữ liệu.",
            key="b",
        ),
    ]
    events = _events(reports)
    assert events["a"] != events["b"]


def test_two_provincial_bodies_one_chair_morning_and_afternoon_stay_apart() -> None:
    # The chairman of the province often heads both: a morning and an afternoon meeting.
    reports = [
        _article(
            "Ban Chỉ đạo chuyển đổi số tỉnh họp",
            "Sáng 5/8, Ban Chỉ đạo chuyển đổi số tỉnh họp. Đồng chí Nguyễn Văn Út, Chủ tịch UBND "
            "tỉnh chủ trì.",
            "Bài a: các sở báo cáo tiến độ.",
            key="a",
        ),
        _article(
            "Tổ công tác Đề án 06 tỉnh họp",
            "Chiều 5/8, Tổ công tác triển khai Đề án 06 tỉnh họp. Đồng chí Nguyễn Văn Út, Chủ tịch "
            "UBND tỉnh chủ trì.",
            "Bài b: công an tỉnh báo cáo làm sạch dữ liệu.",
            key="b",
        ),
    ]
    events = _events(reports)
    assert events["a"] != events["b"]


def test_a_late_report_does_not_merge_two_national_conferences_of_one_week() -> None:
    # Monday: a national Đề án 06 review. Thursday: a national conference on digital
    # transformation, reported only by a district portal on Saturday without its day.
    monday = _article(
        "Hội nghị toàn quốc sơ kết Đề án 06",
        "Sáng 4/8, Thủ tướng Phạm Minh Chính chủ trì hội nghị trực tuyến toàn quốc sơ kết 6 "
        "tháng triển khai Đề án 06.",
        "Bài a: các bộ báo cáo dữ liệu dân cư.",
        published="2025-08-04T12:00:00+07:00",
        province=None,
        key="a",
    )
    late = _article(
        "Huyện dự hội nghị toàn quốc về kinh tế số",
        "Vừa qua, Thủ tướng Phạm Minh Chính chủ trì hội nghị toàn quốc về phát triển kinh tế số "
        "và xã hội số. Tại điểm cầu huyện, lãnh đạo huyện theo dõi hội nghị.",
        "Bài b: huyện đề ra giải pháp thương mại điện tử.",
        published="2025-08-09T09:00:00+07:00",
        province="Tây Ninh",
        key="b",
    )
    events = _events([monday, late])
    assert events["a"] != events["b"]


# -- two facts, two names: events --------------------------------------------------------------


def test_an_event_says_whether_it_is_a_dx_meeting() -> None:
    from crawler.analysis.events import summarise_events

    articles = [
        _article(
            "Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ hai",
            "Sáng 5/8, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ hai. Đồng chí Nguyễn Văn Út, "
            "Chủ tịch UBND tỉnh chủ trì.",
            "Bài a: các sở báo cáo tiến độ số hóa hồ sơ.",
            key="a",
        ),
        _article(
            "Hội nghị triển khai vụ lúa Thu Đông",
            "Sáng 5/8, UBND tỉnh tổ chức hội nghị triển khai sản xuất vụ lúa Thu Đông. Đồng chí "
            "Trần Văn Chiến, Phó Chủ tịch UBND tỉnh chủ trì hội nghị.",
            "Bài b: nông dân được hướng dẫn giống lúa chịu mặn.",
            key="b",
        ),
    ]
    analyses = [analyse_article(a) for a in articles]
    assert [r["is_meeting_report"] for r in analyses] == [True, True]
    assert [r["is_dx_meeting_report"] for r in analyses] == [True, False]
    assignments = group_events(articles, analyses)
    rows = {r["event_id"]: r for r in summarise_events(articles, analyses, assignments)}
    by_key = {a["key"]: rows[a["event_id"]] for a in assignments}
    assert (by_key["a"]["is_dx_meeting"], by_key["a"]["n_dx_reports"]) == (1, 1)
    assert (by_key["b"]["is_dx_meeting"], by_key["b"]["n_dx_reports"]) == (0, 0)


# -- dates: "số" of "chuyển đổi số" is no document number; "hôm kia" ------------------------------


def test_the_digital_of_chuyen_doi_so_before_a_date_is_no_document_number() -> None:
    from crawler.analysis.meeting_days import find_meeting_day

    lead = (
        "Văn phòng UBND tỉnh thông báo kết luận của đồng chí Nguyễn Văn Út, Chủ tịch UBND tỉnh tại "
        "phiên họp thứ hai Ban Chỉ đạo chuyển đổi số tỉnh ngày 25/7/2025."
    )
    assert find_meeting_day(lead, "2025-08-06") == ("2025-07-25", "ngày 25/7/2025")
    # A document's number before "ngày" still dates the document, not the meeting.
    assert (
        find_meeting_day("Thực hiện Kế hoạch số 176/KH-UBND ngày 29/7/2022.", "2022-08-06") is None
    )


@pytest.mark.parametrize(
    "lead, day",
    [
        ("Tối hôm kia, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ hai.", "2025-08-04"),
        ("Chiều hôm kia (4/8), Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ hai.", "2025-08-04"),
    ],
)
def test_the_day_before_yesterday(lead: str, day: str) -> None:
    article = _article("Họp Ban Chỉ đạo chuyển đổi số tỉnh", lead)
    assert _meeting(article)["meeting_date"] == day


# -- press conferences and get-togethers; the national DX day is no national meeting -------------


@pytest.mark.parametrize(
    "title, lead",
    [
        (
            "Bộ TT&TT họp báo định kỳ tháng 8",
            "Chiều 5/8, Bộ Thông tin và Truyền thông tổ chức họp báo định kỳ tháng 8, cung cấp "
            "thông tin về chuyển đổi số, chính phủ số. Thứ trưởng Nguyễn Huy Dũng chủ trì họp báo.",
        ),
        (
            "Họp mặt kỷ niệm ngày thành lập ngành Thông tin và Truyền thông",
            "Sáng 5/8, Sở Khoa học và Công nghệ tổ chức họp mặt cán bộ hưu trí nhân kỷ niệm ngày "
            "thành lập ngành; Giám đốc Sở Lê Văn Hòa chủ trì buổi họp mặt.",
        ),
    ],
)
def test_a_press_conference_or_a_get_together_is_not_a_meeting_report(
    title: str, lead: str
) -> None:
    result = analyse_article(_article(title, lead))
    assert not result["is_meeting_report"], result["relevance_reasons"]


def test_the_national_digital_transformation_day_does_not_make_a_meeting_national() -> None:
    # A province's conference preparing "Ngày Chuyển đổi số quốc gia" (10/10) or carrying out the
    # "Chương trình Chuyển đổi số quốc gia" is the province's, not the national body's.
    for lead in (
        "Sáng 5/8, UBND tỉnh tổ chức hội nghị triển khai các hoạt động hưởng ứng Ngày Chuyển "
        "đổi số quốc gia 10/10. Phó Chủ tịch UBND tỉnh Trần Văn Chiến chủ trì hội nghị.",
        "Sáng 5/8, UBND tỉnh tổ chức hội nghị sơ kết thực hiện Chương trình Chuyển đổi số quốc "
        "gia trên địa bàn tỉnh. Phó Chủ tịch UBND tỉnh Trần Văn Chiến chủ trì hội nghị.",
    ):
        meeting = _meeting(_article("Hội nghị về chuyển đổi số của tỉnh", lead))
        assert meeting["body_id"] is None, meeting


@pytest.mark.parametrize(
    "lead",
    [
        # The date of an earlier sitting the lead refers to is not this meeting's.
        "Sau phiên họp ngày 10/7, chiều 5/8, Ban Chỉ đạo chuyển đổi số tỉnh tiếp tục họp.",
        "Tiếp theo hội nghị ngày 20/7, sáng 5/8, UBND tỉnh tổ chức hội nghị chuyên đề về dữ liệu.",
        "So với cuộc họp ngày 15/7, tiến độ đã tốt hơn, Ban Chỉ đạo đánh giá tại phiên họp chiều 5/8.",
        # 'mùng' / 'mồng' before an early day of the month introduces the meeting's day.
        "Sáng mùng 5/8, Ban Chỉ đạo họp.",
        "Chiều mồng 5-8, Ban Chỉ đạo họp.",
        "Mùng 5/8, Ban Chỉ đạo họp.",
    ],
)
def test_the_meetings_day_as_printed_in_the_lead(lead: str) -> None:
    from crawler.analysis.meeting_days import find_meeting_day

    assert find_meeting_day(lead, "2025-08-06")[0] == "2025-08-05"


# -- kinds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, lead, kind",
    [
        # A body's numbered sitting is a session, however it is worded.
        (
            "Ban Chỉ đạo chuyển đổi số tỉnh họp lần thứ nhất",
            "Chiều 5/8, Ban Chỉ đạo chuyển đổi số tỉnh họp lần thứ nhất.",
            "phien_hop",
        ),
        (
            "Họp Ban Chỉ đạo chuyển đổi số tỉnh",
            "Chiều 5/8, Ban Chỉ đạo chuyển đổi số tỉnh họp lần đầu tiên sau khi được kiện toàn.",
            "phien_hop",
        ),
        # The year-end review named after the year's tasks.
        (
            "Triển khai nhiệm vụ chuyển đổi số năm 2025",
            "Sáng 5/1, UBND tỉnh tổ chức hội nghị triển khai nhiệm vụ chuyển đổi số năm 2025 và "
            "tổng kết công tác năm 2024.",
            "hoi_nghi_tong_ket",
        ),
        # ... while an unnumbered meeting stays a meeting.
        (
            "Ban Chỉ đạo chuyển đổi số tỉnh họp đánh giá kết quả",
            "Chiều 5/8, Ban Chỉ đạo chuyển đổi số tỉnh họp đánh giá kết quả 6 tháng đầu năm.",
            "cuoc_hop",
        ),
    ],
)
def test_meeting_kinds_as_printed(title: str, lead: str, kind: str) -> None:
    from crawler.analysis.meetings import meeting_kind

    assert meeting_kind(article_sections(_article(title, lead))) == kind


@pytest.mark.parametrize(
    "lead",
    [
        "Chiều mai, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ ba để cho ý kiến về kế hoạch năm.",
        "Tuần tới, UBND tỉnh tổ chức hội nghị sơ kết chuyển đổi số 6 tháng đầu năm.",
    ],
)
def test_a_meeting_tomorrow_or_next_week_is_a_plan(lead: str) -> None:
    result = analyse_article(_article("Họp Ban Chỉ đạo chuyển đổi số tỉnh", lead))
    assert not result["is_meeting_report"], result["relevance_reasons"]


def test_a_deadline_next_week_in_a_report_is_no_plan() -> None:
    lead = (
        "Vừa qua, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ ba. Đồng chí Nguyễn Văn Út, Chủ tịch "
        "UBND tỉnh chủ trì, yêu cầu các sở hoàn thành số hóa hồ sơ trong tuần tới."
    )
    result = analyse_article(_article("Họp Ban Chỉ đạo chuyển đổi số tỉnh", lead))
    assert result["is_meeting_report"], result["relevance_reasons"]
    assert not any("meeting to come" in r for r in result["relevance_reasons"])


# -- format ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "Sáng 5/8, UBND tỉnh tổ chức hội nghị sơ kết chuyển đổi số trực tiếp tại Hội trường UBND "
        "tỉnh và trực tuyến đến 96 xã, phường.",
        "Sáng 5/8, hội nghị sơ kết chuyển đổi số của tỉnh được tổ chức theo hình thức trực tiếp, "
        "trực tuyến.",
    ],
)
def test_in_person_and_online_is_hybrid(lead: str) -> None:
    meeting = _meeting(_article("Hội nghị sơ kết chuyển đổi số", lead))
    assert meeting["format"] == "truc_tiep_ket_hop_truc_tuyen"
