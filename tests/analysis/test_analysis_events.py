"""Event grouping and republication detection on hand-written reports."""

from __future__ import annotations

from crawler.analysis import group_events

BODY_NCDT = (
    "Tại phiên họp, các đại biểu tập trung thảo luận về kế hoạch chuyển đổi số năm 2022 với "
    "53 chỉ tiêu hướng tới Chính phủ số, kinh tế số và xã hội số. Riêng trong năm 2022 triển "
    "khai 18 nhiệm vụ đột phá, trong đó có phổ cập điện thoại thông minh, danh tính số và an "
    "toàn thông tin mạng toàn dân. Phát biểu kết luận phiên họp, Thủ tướng yêu cầu các bộ, "
    "ngành, địa phương hoàn thiện cơ sở dữ liệu và thúc đẩy phát triển công dân số."
)


def report(
    key: str,
    title: str,
    lead: str,
    body: str,
    province: str | None,
    published: str = "2021-11-30T21:00:00+07:00",
) -> dict:
    return {
        "id": key,
        "url": f"https://example.gov.vn/{key}",
        "source_id": key,
        "title": title,
        "lead": lead,
        "body_text": body,
        "province": province,
        "published_at": published,
    }


NATIONAL_A = report(
    "ag",
    "Họp trực tuyến toàn quốc Ủy ban quốc gia về chuyển đổi số",
    "Chiều 30-11, Thủ tướng Chính phủ Phạm Minh Chính chủ trì phiên họp lần thứ nhất của Ủy ban "
    "Quốc gia về chuyển đổi số. Phó Chủ tịch UBND tỉnh Trần Anh Thư dự tại điểm cầu An Giang.",
    BODY_NCDT,
    "An Giang",
)
NATIONAL_B = report(
    "bn",
    "Bắc Ninh tham dự phiên họp thứ nhất UBQG về CĐS",
    "Chiều 30/11, Ủy ban Quốc gia về chuyển đổi số tổ chức Phiên họp thứ nhất dưới sự chủ trì của "
    "Thủ tướng Phạm Minh Chính. Tại điểm cầu Bắc Ninh, Chủ tịch UBND tỉnh Nguyễn Hương Giang dự.",
    "Các đại biểu đã cho ý kiến vào dự thảo kế hoạch hoạt động năm 2022 của Ủy ban, tập trung vào "
    "thể chế số, hạ tầng số và nhân lực số cho chuyển đổi số.",
    "Bắc Ninh",
    "2021-12-01T08:00:00+07:00",
)
REPUBLISHED = report(
    "hn",
    "Phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số",
    "Chiều 30-11, Thủ tướng Chính phủ Phạm Minh Chính chủ trì phiên họp lần thứ nhất của Ủy ban "
    "Quốc gia về chuyển đổi số.",
    BODY_NCDT + " Theo mic.gov.vn",
    "Hà Nam",
    "2021-12-02T09:00:00+07:00",
)


def provincial(key: str, province: str) -> dict:
    return report(
        key,
        f"Ban Chỉ đạo chuyển đổi số tỉnh {province} họp phiên thường kỳ quý IV",
        f"Sáng 30/11, Ban Chỉ đạo chuyển đổi số tỉnh {province} tổ chức phiên họp thường kỳ quý IV "
        "năm 2021 dưới sự chủ trì của Chủ tịch UBND tỉnh.",
        f"Phiên họp đánh giá kết quả chuyển đổi số của tỉnh {province} trong năm 2021 và thảo luận "
        "kế hoạch năm 2022.",
        province,
    )


def by_key(assignments: list[dict]) -> dict[str, dict]:
    return {a["key"]: a for a in assignments}


def test_reports_of_one_national_meeting_share_an_event() -> None:
    result = by_key(group_events([NATIONAL_A, NATIONAL_B]))
    assert result["ag"]["event_id"] == result["bn"]["event_id"] == "2021-11-30-ncdt-phien-hop-1"


def test_provincial_meetings_on_the_same_day_stay_apart() -> None:
    result = by_key(
        group_events([provincial("sl", "Sơn La"), provincial("ds", "Điện Biên"), NATIONAL_A])
    )
    events = {result[k]["event_id"] for k in ("sl", "ds", "ag")}
    assert len(events) == 3 and None not in events
    assert result["sl"]["event_id"].startswith("2021-11-30-bcd-cds-tinh-son-la")


def test_republication_is_a_duplicate_of_the_earliest_and_in_its_event() -> None:
    result = by_key(group_events([REPUBLISHED, NATIONAL_A, NATIONAL_B]))
    assert result["hn"]["duplicate_of"] == "ag"
    assert result["ag"]["duplicate_of"] is None and result["bn"]["duplicate_of"] is None
    assert result["hn"]["event_id"] == result["ag"]["event_id"]


def test_event_ids_are_stable_and_non_reports_get_none() -> None:
    news = report(
        "news",
        "Tổ công nghệ số cộng đồng đến từng ngõ",
        "Những buổi tối, thành viên tổ hướng dẫn người dân cài đặt ứng dụng.",
        "Chuyển đổi số đến từng nhà.",
        "An Giang",
    )
    first = group_events([NATIONAL_A, NATIONAL_B, news])
    second = group_events([news, NATIONAL_B, NATIONAL_A])
    assert by_key(first) == by_key(second)
    assert by_key(first)["news"]["event_id"] is None
