"""Classification on hand-written hard cases (not from the replica): topic_dx, is_meeting_report."""

from __future__ import annotations

import unicodedata

from crawler.analysis import analyse_article
from crawler.analysis.classify import classify

DX_SESSION = {
    "title": "Phiên họp thứ ba của Uỷ ban Quốc gia về chuyển đổi số",
    "lead": "Chiều 8/8, Thủ tướng Chính phủ Phạm Minh Chính, Chủ tịch Ủy ban Quốc gia về chuyển đổi "
    "số chủ trì Phiên họp thứ ba của Ủy ban, kết nối trực tuyến với 63 tỉnh, thành phố.",
    "body_text": "Tại điểm cầu tỉnh Sơn La, Phó Chủ tịch UBND tỉnh Đặng Ngọc Hậu tham dự.\n\n"
    "Phiên họp thảo luận kế hoạch chuyển đổi số, phát triển Chính phủ số và kinh tế số.",
    "published_at": "2022-08-08T21:00:00+07:00",
    "province": "Sơn La",
}

FLOOD_MEETING = {
    "title": "Hội nghị tổng kết công tác phòng, chống thiên tai năm 2023",
    "lead": "Sáng 12/1, UBND tỉnh tổ chức hội nghị tổng kết công tác phòng, chống thiên tai và tìm "
    "kiếm cứu nạn năm 2023. Phó Chủ tịch UBND tỉnh Lê Văn Nam chủ trì hội nghị.",
    "body_text": "Năm 2023, mưa lũ làm 3 người chết, thiệt hại ước 120 tỷ đồng.\n\n"
    "Các đại biểu đề nghị nâng cấp hệ thống cảnh báo sớm gắn với chuyển đổi số.\n\n"
    "Kết luận hội nghị, Phó Chủ tịch yêu cầu các huyện chủ động phương án ứng phó mùa mưa bão.",
    "published_at": "2024-01-12",
    "province": "Yên Bái",
}

APP_LAUNCH = {
    "title": "Ra mắt ứng dụng công dân số của tỉnh",
    "lead": "Từ ngày 1/6, người dân có thể cài đặt ứng dụng công dân số để nộp hồ sơ dịch vụ công "
    "trực tuyến, tra cứu thông tin và phản ánh hiện trường.",
    "body_text": "Ứng dụng là một phần của kế hoạch chuyển đổi số năm 2023 của tỉnh.\n\n"
    "Ứng dụng đã được giới thiệu tại hội nghị giao ban tháng trước.\n\n"
    "Theo Sở Thông tin và Truyền thông, đã có hơn 20.000 lượt tải chuyển đổi số.",
    "published_at": "2023-06-01",
}

BODY_ONLY = {
    "title": "Thủ tướng: Lấy người dân làm trung tâm của chuyển đổi số",
    "lead": "Người đứng đầu Chính phủ nhấn mạnh chuyển đổi số phải mang lại lợi ích thiết thực.",
    "body_text": "Chiều 27/4, Thủ tướng Phạm Minh Chính chủ trì phiên họp thứ hai của Ủy ban Quốc "
    "gia về chuyển đổi số theo hình thức trực tuyến.\n\n"
    "Phát biểu kết luận phiên họp, Thủ tướng yêu cầu các bộ, ngành đẩy mạnh chuyển đổi số.",
    "published_at": "2022-04-27T22:00:00+07:00",
}


def test_dx_session_is_a_dx_meeting_report_with_reasons() -> None:
    verdict = classify(DX_SESSION)
    assert verdict.topic_dx and verdict.is_meeting_report
    assert any(r.startswith("title: DX term") for r in verdict.relevance_reasons)
    assert any(r.startswith("title: meeting word 'phiên họp'") for r in verdict.relevance_reasons)
    assert 0 < verdict.relevance_score <= 1


def test_passing_mention_does_not_make_a_dx_topic() -> None:
    verdict = classify(FLOOD_MEETING)
    assert verdict.is_meeting_report
    assert not verdict.topic_dx


def test_one_meeting_word_in_a_launch_story_is_not_a_meeting_report() -> None:
    verdict = classify(APP_LAUNCH)
    assert verdict.topic_dx
    assert not verdict.is_meeting_report
    assert any("not a meeting" in r for r in verdict.relevance_reasons)


def test_deciding_words_only_in_the_body() -> None:
    verdict = classify(BODY_ONLY)
    assert verdict.topic_dx and verdict.is_meeting_report
    assert any(r.startswith("body: convening act") for r in verdict.relevance_reasons)


def test_tone_style_and_normal_form_do_not_change_the_verdict() -> None:
    old_style = {
        k: v.replace("Ủy", "Uỷ") if isinstance(v, str) else v for k, v in DX_SESSION.items()
    }
    nfd = {
        k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v
        for k, v in DX_SESSION.items()
    }
    scores = {classify(a).relevance_score for a in (DX_SESSION, old_style, nfd)}
    assert len(scores) == 1


def test_meeting_reports_rank_above_news() -> None:
    assert classify(DX_SESSION).relevance_score > classify(APP_LAUNCH).relevance_score
    assert classify(DX_SESSION).relevance_score > classify(FLOOD_MEETING).relevance_score


def test_analyse_article_adds_province_now_and_facts() -> None:
    result = analyse_article(FLOOD_MEETING)
    assert result["province_now"] == "Lào Cai"  # Yên Bái merged into Lào Cai in 2025
    assert result["meeting"]["kind"] == "hoi_nghi_tong_ket"
    assert result["meeting_date"] == "2024-01-12"
    assert analyse_article(APP_LAUNCH)["meeting"] is None


def test_working_session_with_a_company_is_a_dx_meeting_report() -> None:
    article = {
        "title": "UBND tỉnh làm việc với Tập đoàn Viettel về chuyển đổi số",
        "lead": "Chiều 5/10, đồng chí Lê Văn Thành, Phó Chủ tịch UBND tỉnh chủ trì buổi làm việc với "
        "Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel) về hợp tác chuyển đổi số.",
        "body_text": "Tại buổi làm việc, đại diện Viettel giới thiệu các nền tảng số phục vụ chính quyền số.",
        "published_at": "2023-10-05",
        "province": "Thanh Hóa",
    }
    result = analyse_article(article)
    assert result["topic_dx"] and result["is_meeting_report"]
    assert (
        result["meeting"]["kind"] == "buoi_lam_viec"
        and result["meeting"]["chair"] == "Lê Văn Thành"
    )
    assert result["meeting"]["body_id"] is None and result["meeting"]["format"] == "truc_tiep"


def test_statistics_and_training_stories_are_dx_news() -> None:
    index = {
        "title": "Chỉ số chuyển đổi số của tỉnh năm 2023 tăng 5 bậc",
        "lead": "Theo kết quả đánh giá do Bộ TT&TT công bố, tỉnh xếp thứ 20/63.",
        "body_text": "Trụ cột chính quyền số tăng mạnh nhờ tỷ lệ hồ sơ trực tuyến cao.",
    }
    training = {
        "title": "Hội nghị tập huấn chuyển đổi số cho cán bộ cấp xã",
        "lead": "Ngày 12/9, Sở Thông tin và Truyền thông tổ chức hội nghị tập huấn kỹ năng số.",
        "body_text": "Học viên được hướng dẫn sử dụng chữ ký số, dịch vụ công trực tuyến.",
    }
    for article in (index, training):
        verdict = classify(article)
        assert verdict.topic_dx and not verdict.is_meeting_report, verdict.relevance_reasons


def test_an_older_committee_is_named_with_its_era() -> None:
    article = {
        "title": "Ủy ban Quốc gia về Chính phủ điện tử họp phiên thứ 3",
        "lead": "Chiều 16/6, Thủ tướng Nguyễn Xuân Phúc, Chủ tịch Ủy ban Quốc gia về Chính phủ điện tử "
        "chủ trì phiên họp thứ ba của Ủy ban.",
        "body_text": "Phiên họp đánh giá kết quả xây dựng Chính phủ điện tử.",
        "published_at": "2020-06-16T19:00:00+07:00",
    }
    meeting = analyse_article(article)["meeting"]
    assert (meeting["body_id"], meeting["era"], meeting["session"]) == ("ubqg_cpdt", "2018-2021", 3)
    assert meeting["chair"] == "Nguyễn Xuân Phúc" and meeting["meeting_date"] == "2020-06-16"


def test_missing_and_malformed_fields_do_not_break_analysis() -> None:
    assert analyse_article({})["is_meeting_report"] is False
    result = analyse_article(
        {
            "title": "Hội nghị",
            "lead": "Sáng 31/2, tổ chức hội nghị do Chủ tịch chủ trì.",
            "published_at": "not a date",
            "province": "Atlantis",
        }
    )
    assert result["province_now"] is None
    assert result["meeting"] is not None and result["meeting"]["meeting_date"] is None
