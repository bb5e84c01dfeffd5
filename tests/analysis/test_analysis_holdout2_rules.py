"""Unit tests of the general rule fixes found with the second holdout (tests/analysis/files/holdout2)."""

from __future__ import annotations

from crawler.analysis import analyse_article
from crawler.analysis.classify import article_sections, dx_evidence
from crawler.analysis.meetings import meeting_chair
from crawler.analysis.meetings import meeting_date as _meeting_date


def _article(
    title: str, lead: str, body: str = "", published: str = "2024-10-10T18:00:00+07:00"
) -> dict:
    return {"id": "t", "title": title, "lead": lead, "body_text": body, "published_at": published}


def test_workshop_and_round_table_are_conferences() -> None:
    for word in ("hội thảo", "tọa đàm", "toạ đàm"):
        result = analyse_article(
            _article(
                f"{word.capitalize()} về phát triển kinh tế số",
                f"Sáng 10/10, Sở Khoa học và Công nghệ tổ chức {word} về kinh tế số. "
                f"Giám đốc Sở Nguyễn Văn An chủ trì {word}.",
            )
        )
        assert result["is_meeting_report"], word
        assert result["meeting"]["kind"] == "hoi_nghi", word


def test_council_sitting_is_a_session_with_its_number() -> None:
    result = analyse_article(
        _article(
            "Khai mạc Kỳ họp thứ 20 HĐND tỉnh",
            "Sáng 10/12, HĐND tỉnh khai mạc Kỳ họp thứ 20. Chủ tịch HĐND tỉnh Lê Văn Bình chủ trì kỳ họp.",
            published="2024-12-10T12:00:00+07:00",
        )
    )
    assert result["meeting"]["kind"] == "phien_hop"
    assert result["meeting"]["session"] == 20
    assert not result["topic_dx"]


def test_session_written_hop_phien_thu() -> None:
    result = analyse_article(
        _article(
            "Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ hai",
            "Chiều 9/10, Chủ tịch UBND tỉnh Trần Văn Nam chủ trì cuộc họp của Ban Chỉ đạo.",
        )
    )
    assert result["meeting"]["kind"] == "phien_hop"
    assert result["meeting"]["session"] == 2


def test_end_to_end_online_procedures_are_dx() -> None:
    article = _article(
        "Phấn đấu 80% hồ sơ được xử lý trực tuyến toàn trình",
        "Các sở, ngành phải cắt giảm giấy tờ không cần thiết.",
    )
    assert analyse_article(article)["topic_dx"]
    assert not analyse_article(_article("Xử lý hồ sơ đất đai", "Các sở phải cắt giảm giấy tờ."))[
        "topic_dx"
    ]


def test_phuong_is_a_family_name() -> None:
    article = _article(
        "Kỳ họp chuyên đề", "Đồng chí Phương Thị Thanh, Chủ tịch HĐND tỉnh chủ trì kỳ họp."
    )
    assert meeting_chair(article) == "Phương Thị Thanh"


def test_dx_body_convening_in_the_lead_decides_the_topic() -> None:
    lead_of = "Chủ trì phiên họp của Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số sáng 15/4, Tổng Bí thư nói."
    own = dx_evidence(article_sections(_article("Tháo gỡ điểm nghẽn thể chế", lead_of)))[0]
    assert own >= 3.0
    # Named as someone's office, the body is only a DX term of the lead (as before).
    office = "Sáng 15/4, ông Trần Văn Nam, Trưởng Ban Chỉ đạo chuyển đổi số tỉnh Hà Nam, dự lễ."
    assert dx_evidence(article_sections(_article("Lễ trao giải", office)))[0] < 3.0


def meeting_date(article: dict) -> tuple:
    dated = _meeting_date(article)
    return dated["date"], dated["source"]


def test_document_date_before_the_meeting_date_is_skipped() -> None:
    lead = "Thực hiện Công văn ngày 10/3 của Bộ Công an về Đề án 06, chiều 18/3, Tổ công tác họp."
    assert meeting_date(
        _article("Họp Tổ công tác", lead, published="2024-03-18T20:00:00+07:00")
    ) == (
        "2024-03-18",
        "lead",
    )
    # A conclusion notice of a meeting carries the meeting's date.
    notice = "Văn phòng UBND tỉnh ra thông báo kết luận tại cuộc họp ngày 12/3 về Đề án 06."
    assert meeting_date(_article("Kết luận", notice, published="2024-03-18")) == (
        "2024-03-12",
        "lead",
    )
    plain = "Ngày 10/3, Tổ công tác họp đánh giá kết quả."
    assert meeting_date(_article("Họp", plain, published="2024-03-18")) == ("2024-03-10", "lead")


def test_weekday_between_time_of_day_and_date() -> None:
    lead = "Sáng thứ Hai (3/3), Ban Chỉ đạo chuyển đổi số tỉnh họp phiên đầu tiên năm 2025."
    assert meeting_date(_article("Họp", lead, published="2025-03-05T08:00:00+07:00")) == (
        "2025-03-03",
        "lead",
    )


def test_weekday_as_a_number() -> None:
    lead = "Chiều thứ 5 (6/3), Tổ công tác triển khai Đề án 06 tỉnh họp đánh giá kết quả."
    assert meeting_date(_article("Họp", lead, published="2025-03-08")) == ("2025-03-06", "lead")


def test_chair_is_the_agent_after_do_and_never_a_province() -> None:
    lead = (
        "Ngày 9/1, tại điểm cầu Hà Nam, đồng chí Trần Văn Nam, Chủ tịch UBND tỉnh theo dõi hội nghị "
        "trực tuyến toàn quốc do Thủ tướng Phạm Minh Chính chủ trì."
    )
    assert meeting_chair(_article("Hội nghị", lead)) == "Phạm Minh Chính"
    lead = "Tại điểm cầu Hà Nam, hội nghị do Chủ tịch UBND tỉnh chủ trì."
    assert meeting_chair(_article("Hội nghị", lead)) is None
