"""Grouping that survives one missing or wrong fact per report, and facts from other coverage."""

from __future__ import annotations

from crawler.analysis import analyse_article, group_events
from crawler.analysis.grouping import share_facts


def _article(key: str, title: str, lead: str, published: str, province: str | None) -> dict:
    # Bodies differ (the same body text would make them republications of one text).
    return {
        "id": key,
        "title": title,
        "lead": lead,
        "body_text": f"Bài {key}: đại biểu nêu ý kiến về dữ liệu và dịch vụ công trực tuyến.",
        "published_at": published,
        "province": province,
    }


def _events(articles: list[dict]) -> dict[str, dict]:
    return {a["key"]: a for a in group_events(articles)}


NATIONAL = "Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06"


def test_evening_report_published_next_morning_and_a_misdated_one_join() -> None:
    reports = [
        _article(
            "a",
            "Phiên họp của Ban Chỉ đạo",
            f"Tối 3/6, {NATIONAL} họp phiên thứ hai. Thủ tướng Phạm Minh Chính chủ trì.",
            "2025-06-03T22:00:00+07:00",
            None,
        ),
        _article(
            "b",
            "Họp Ban Chỉ đạo",
            f"Ngày 4/6, {NATIONAL} họp phiên thứ hai.",
            "2025-06-04T08:00:00+07:00",
            "Sơn La",
        ),
        _article(
            "c",
            "Tỉnh dự phiên họp",
            f"Tối qua, {NATIONAL} họp phiên thứ hai.",
            "2025-06-04T07:00:00+07:00",
            "Lạng Sơn",
        ),
    ]
    events = _events(reports)
    assert len({e["event_id"] for e in events.values()}) == 1
    # The misdated report shows the meeting's date, and where it came from.
    assert events["b"]["meeting_date"] == "2025-06-03"
    assert events["b"]["meeting_date_source"] == "other_coverage"
    assert events["b"]["from_other_coverage"]["chair"] == "Phạm Minh Chính"
    assert "chair" not in events["a"]["from_other_coverage"]


def test_provincial_meetings_of_two_provinces_on_one_day_stay_apart() -> None:
    lead = "Chiều 10/4, Ban Chỉ đạo chuyển đổi số tỉnh {p} họp phiên thứ nhất. Chủ tịch UBND tỉnh chủ trì."
    reports = [
        _article("a", "Phiên họp thứ nhất", lead.format(p="Hà Giang"), "2025-04-10", "Hà Giang"),
        _article("b", "Phiên họp thứ nhất", lead.format(p="Cà Mau"), "2025-04-10", "Cà Mau"),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] != events["b"]["event_id"]


def test_a_report_naming_no_body_joins_the_same_province_meeting() -> None:
    reports = [
        _article(
            "a",
            "Hội nghị chuyển đổi số",
            "Sáng 12/9, Ban Chỉ đạo chuyển đổi số tỉnh Nam Định tổ chức hội nghị sơ kết. Đồng chí Trần Anh Dũng chủ trì.",
            "2024-09-12",
            "Nam Định",
        ),
        _article(
            "b",
            "Nam Định sơ kết chuyển đổi số",
            "Sáng 12/9, tỉnh tổ chức hội nghị sơ kết chuyển đổi số. Đồng chí Trần Anh Dũng chủ trì.",
            "2024-09-12",
            "Nam Định",
        ),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] == events["b"]["event_id"]
    assert events["b"]["from_other_coverage"] == {"body_id": "bcd_cds_tinh"}


def test_two_meetings_of_one_province_on_consecutive_days_stay_apart() -> None:
    reports = [
        _article(
            "a",
            "Phiên họp Ban Chỉ đạo",
            "Sáng 9/10, Ban Chỉ đạo chuyển đổi số tỉnh Bến Tre họp phiên thứ ba.",
            "2024-10-09",
            "Bến Tre",
        ),
        _article(
            "b",
            "Hội nghị sơ kết chuyển đổi số",
            "Sáng 10/10, UBND tỉnh Bến Tre tổ chức hội nghị sơ kết chuyển đổi số 9 tháng.",
            "2024-10-10",
            "Bến Tre",
        ),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] != events["b"]["event_id"]


def test_share_facts_majority_fills_and_corrects_but_a_tie_keeps_each_own() -> None:
    members = [
        {
            "meeting_date": "2025-07-08",
            "meeting_date_source": "lead",
            "chair": "A",
            "session": None,
            "body_id": "x",
            "kind": "hoi_nghi_so_ket",
        },
        {
            "meeting_date": "2025-07-08",
            "meeting_date_source": "lead",
            "chair": "A",
            "session": None,
            "body_id": None,
            "kind": "hoi_nghi",
        },
        {
            "meeting_date": "2025-07-09",
            "meeting_date_source": "lead",
            "chair": "B",
            "session": None,
            "body_id": "x",
            "kind": "hoi_nghi_so_ket",
        },
    ]
    event, shared = share_facts(members)
    assert event["meeting_date"] == "2025-07-08" and event["chair"] == "A"
    assert shared[0] == {}
    assert shared[1] == {"body_id": "x", "kind": "hoi_nghi_so_ket"}
    assert shared[2] == {"meeting_date": "2025-07-08", "chair": "A"}
    tie, shared = share_facts(members[1:])
    assert shared[0].get("chair") is None and shared[1].get("chair") is None


def test_is_dx_meeting_report_is_the_dx_subset_of_meeting_reports() -> None:
    rice = analyse_article(
        _article(
            "r",
            "Hội nghị sơ kết vụ lúa Hè Thu",
            "Sáng 5/8, Sở Nông nghiệp tổ chức hội nghị sơ kết vụ lúa Hè Thu. Giám đốc Sở Trần Văn Hai chủ trì.",
            "2024-08-05",
            "An Giang",
        )
        | {"body_text": "Năng suất lúa đạt 6 tấn một héc-ta."}
    )
    assert rice["is_meeting_report"] and not rice["is_dx_meeting_report"]
    dx = analyse_article(
        _article(
            "d",
            "Hội nghị chuyển đổi số",
            "Sáng 5/8, UBND tỉnh tổ chức hội nghị chuyển đổi số. Chủ tịch UBND tỉnh Trần Văn Hai chủ trì.",
            "2024-08-05",
            "An Giang",
        )
    )
    assert dx["is_meeting_report"] and dx["is_dx_meeting_report"]


# --- Issue 12, round 2: reports of a national conference from several provinces ------------------


def test_provinces_reports_of_a_national_conference_naming_no_body_join() -> None:
    # A national online conference on another subject (no DX body): each province reports its own
    # bridge point in its own words. Same chair, same kind, same day, both say "toàn quốc".
    reports = [
        _article(
            "a",
            "Hội nghị trực tuyến toàn quốc về phát triển nhà ở xã hội",
            "Sáng 2/3, Thủ tướng Chính phủ Phạm Minh Chính chủ trì hội nghị trực tuyến toàn quốc "
            "thúc đẩy phát triển nhà ở xã hội. Dự tại điểm cầu Sơn La có Phó Chủ tịch UBND tỉnh.",
            "2024-03-02T12:00:00+07:00",
            "Sơn La",
        ),
        _article(
            "b",
            "Lạng Sơn dự hội nghị toàn quốc",
            "Sáng 2/3, tỉnh Lạng Sơn dự hội nghị toàn quốc do Thủ tướng Phạm Minh Chính chủ trì "
            "về tháo gỡ vướng mắc cho các dự án nhà ở cho công nhân.",
            "2024-03-02T15:00:00+07:00",
            "Lạng Sơn",
        ),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] and events["a"]["event_id"] == events["b"]["event_id"]


def test_two_provinces_own_conferences_on_one_day_stay_apart_even_with_one_chair_name() -> None:
    # Not national: two provinces' conferences, same kind and day, stay two events.
    reports = [
        _article(
            "a",
            "Hội nghị về nhà ở xã hội",
            "Sáng 2/3, UBND tỉnh tổ chức hội nghị về nhà ở xã hội. Ông Nguyễn Văn An chủ trì.",
            "2024-03-02T12:00:00+07:00",
            "Sơn La",
        ),
        _article(
            "b",
            "Hội nghị về nhà ở xã hội",
            "Sáng 2/3, UBND tỉnh tổ chức hội nghị về nhà ở xã hội. Ông Nguyễn Văn An chủ trì.",
            "2024-03-02T15:00:00+07:00",
            "Lạng Sơn",
        ),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] != events["b"]["event_id"]


def test_the_governments_da06_conference_from_two_provinces_is_one_event() -> None:
    # One province names the Government's Đề án 06 working group; the other names no body (so
    # its body is only inferred: it must neither split the event nor outvote the named one), and
    # calls the sơ kết conference a "hội nghị" (a less precise name of the same kind).
    reports = [
        _article(
            "a",
            "Tỉnh dự hội nghị toàn quốc sơ kết 2 năm thực hiện Đề án 06",
            "Sáng 9/1, Thủ tướng Phạm Minh Chính, Tổ trưởng Tổ công tác triển khai Đề án 06 của "
            "Chính phủ chủ trì hội nghị trực tuyến toàn quốc sơ kết 2 năm thực hiện Đề án 06.",
            "2024-01-09T17:30:00+07:00",
            "Hòa Bình",
        ),
        _article(
            "b",
            "Lấy người dân làm trung tâm khi triển khai Đề án 06",
            "Ngày 9/1, tại điểm cầu tỉnh, Chủ tịch UBND tỉnh Trương Quốc Huy theo dõi hội nghị "
            "trực tuyến toàn quốc do Thủ tướng Phạm Minh Chính chủ trì, đánh giá hai năm triển "
            "khai Đề án 06.",
            "2024-01-09T20:10:00+07:00",
            "Hà Nam",
        ),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] and events["a"]["event_id"] == events["b"]["event_id"]
    shared = events["b"]["from_other_coverage"]
    assert shared.get("body_id") == "to_cong_tac_da06"
    assert shared.get("kind") == "hoi_nghi_so_ket"
    assert events["a"]["from_other_coverage"] == {}


# --- A report published days after the meeting, printing no day ("Vừa qua, ...") ---------------


BCD_TINH = "Ban Chỉ đạo chuyển đổi số tỉnh"


def test_a_report_published_days_later_without_a_day_joins_its_meeting() -> None:
    reports = [
        _article(
            "a",
            "Hà Tĩnh đẩy mạnh chuyển đổi số",
            f"Chiều 12/10, {BCD_TINH} họp phiên thường kỳ quý III. Chủ tịch UBND tỉnh Võ Văn Hải "
            "chủ trì.",
            "2023-10-12T18:00:00+07:00",
            "Hà Tĩnh",
        ),
        # A district portal, three days later: "Vừa qua" dates nothing.
        _article(
            "b",
            "Huyện dự phiên họp Ban Chỉ đạo chuyển đổi số tỉnh",
            f"Vừa qua, {BCD_TINH} họp phiên thường kỳ quý III theo hình thức trực tuyến đến các "
            "huyện.",
            "2023-10-15T09:00:00+07:00",
            "Hà Tĩnh",
        ),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] == events["b"]["event_id"]
    assert events["b"]["meeting_date"] == "2023-10-12"
    assert events["b"]["meeting_date_source"] == "other_coverage"


def test_the_late_report_first_in_order_still_gets_the_printed_day() -> None:
    # The late report names the body, the evening one does not: the late one anchors the
    # cluster (reports printing a body come first), dated by its publication.
    reports = [
        _article(
            "a",
            "Hà Tĩnh họp phiên thường kỳ quý III về chuyển đổi số",
            "Chiều 12/10, Chủ tịch UBND tỉnh Võ Văn Hải chủ trì phiên họp thường kỳ quý III về "
            "chuyển đổi số.",
            "2023-10-12T18:00:00+07:00",
            "Hà Tĩnh",
        ),
        _article(
            "b",
            f"{BCD_TINH} họp phiên thường kỳ quý III",
            f"Mới đây, {BCD_TINH} họp phiên thường kỳ quý III. Chủ tịch UBND tỉnh Võ Văn Hải "
            "chủ trì phiên họp.",
            "2023-10-16T09:00:00+07:00",
            "Hà Tĩnh",
        ),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] == events["b"]["event_id"]
    assert events["b"]["meeting_date"] == "2023-10-12"


def test_a_late_report_of_another_kind_or_a_dated_one_days_apart_stays_apart() -> None:
    reports = [
        _article(
            "a",
            "Phiên họp thường kỳ",
            f"Chiều 12/10, {BCD_TINH} họp phiên thường kỳ quý III. Chủ tịch UBND tỉnh Võ Văn Hải "
            "chủ trì.",
            "2023-10-12T18:00:00+07:00",
            "Hà Tĩnh",
        ),
        # Another meeting of the same body, printed three days later: dates forbid it.
        _article(
            "b",
            "Làm việc với doanh nghiệp viễn thông",
            f"Chiều 15/10, {BCD_TINH} có buổi làm việc với các doanh nghiệp viễn thông.",
            "2023-10-15T18:00:00+07:00",
            "Hà Tĩnh",
        ),
        # A late report of a conference of the same province (no body, another kind): only the
        # province ties it, which is not enough days apart.
        _article(
            "c",
            "Tổng kết phong trào thi đua",
            "Vừa qua, UBND tỉnh tổ chức hội nghị tổng kết phong trào thi đua. Chủ tịch UBND tỉnh "
            "Võ Văn Hải chủ trì hội nghị.",
            "2023-10-16T09:00:00+07:00",
            "Hà Tĩnh",
        ),
    ]
    events = _events(reports)
    assert len({events[k]["event_id"] for k in "abc"}) == 3


def test_a_report_naming_the_kind_wrongly_joins_the_same_bodys_meeting_of_that_day() -> None:
    # One wrong fact: a province's outlet calls the committee's session a "hội nghị".
    ncdt = "Ủy ban Quốc gia về chuyển đổi số"
    reports = [
        _article(
            "a",
            f"Phiên họp thứ tám của {ncdt}",
            f"Sáng 24/4, Thủ tướng Phạm Minh Chính chủ trì phiên họp lần thứ 8 của {ncdt}.",
            "2024-04-24T11:00:00+07:00",
            None,
        ),
        _article(
            "b",
            "Tỉnh dự hội nghị trực tuyến",
            f"Sáng 24/4, tỉnh dự hội nghị trực tuyến của {ncdt} bàn về kinh tế số.",
            "2024-04-24T15:00:00+07:00",
            "Nghệ An",
        ),
    ]
    events = _events(reports)
    assert events["a"]["event_id"] == events["b"]["event_id"]
    assert events["b"]["from_other_coverage"].get("chair") == "Phạm Minh Chính"


def test_so_ket_and_tong_ket_reports_of_one_event_take_the_wider_kind() -> None:
    # "Hội nghị sơ kết 6 tháng ... và tổng kết năm" is a tổng kết (meetings.meeting_kind); one
    # report names only its sơ kết half, the other its tổng kết half.
    members = [
        {
            "meeting_date": "2024-12-20",
            "meeting_date_source": "lead",
            "kind": "hoi_nghi_so_ket",
            "chair": None,
            "session": None,
            "body_id": None,
            "body_name": None,
        },
        {
            "meeting_date": "2024-12-20",
            "meeting_date_source": "lead",
            "kind": "hoi_nghi_tong_ket",
            "chair": None,
            "session": None,
            "body_id": None,
            "body_name": None,
        },
    ]
    event, shared = share_facts(members)
    assert event["kind"] == "hoi_nghi_tong_ket"
    assert shared[0] == {"kind": "hoi_nghi_tong_ket"} and shared[1] == {}
