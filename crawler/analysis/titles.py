"""A meeting event's human title, built from its facts (kind, body, session, date, province)."""

from __future__ import annotations

# Kind ids of vocabulary.yaml `meeting_kinds` as a Vietnamese reader names them.
KIND_NAMES = {
    "phien_hop": "Phiên họp",
    "hoi_nghi": "Hội nghị",
    "hoi_nghi_so_ket": "Hội nghị sơ kết",
    "hoi_nghi_tong_ket": "Hội nghị tổng kết",
    "cuoc_hop": "Cuộc họp",
    "buoi_lam_viec": "Buổi làm việc",
    "hoi_thao": "Hội thảo",
    "toa_dam": "Tọa đàm",
    "ky_hop": "Kỳ họp",
}
# Vietnamese ordinals as printed in session names ("Phiên họp thứ nhất", "thứ tư").
ORDINALS = {
    1: "thứ nhất",
    2: "thứ hai",
    3: "thứ ba",
    4: "thứ tư",
    5: "thứ năm",
    6: "thứ sáu",
    7: "thứ bảy",
    8: "thứ tám",
    9: "thứ chín",
    10: "thứ mười",
}


def vietnamese_date(day: str | None) -> str | None:
    """``2021-11-30`` → ``30/11/2021`` (day first, as Vietnamese pages print it)."""
    if not day or len(day) < 10 or day[4] != "-" or day[7] != "-":
        return None
    return f"{day[8:10]}/{day[5:7]}/{day[0:4]}"


def ordinal(session: int | str | None) -> str | None:
    """``1`` → ``thứ nhất``; larger numbers as ``thứ 11``."""
    try:
        number = int(session) if session is not None else None
    except (TypeError, ValueError):
        return None
    if not number or number < 1:
        return None
    return ORDINALS.get(number, f"thứ {number}")


def event_title(
    kind: str | None,
    body_name: str | None = None,
    session: int | str | None = None,
    meeting_date: str | None = None,
    province: str | None = None,
    *,
    provincial_body: bool = False,
) -> str:
    """The title a reader would give the meeting.

    "Phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số, 30/11/2021"; a provincial
    body takes its province ("Ban Chỉ đạo chuyển đổi số tỉnh Thái Nguyên"); a meeting
    without a known body is placed by its province ("Hội nghị tổng kết tại An Giang, ...").
    """
    words = [KIND_NAMES.get(kind or "", "Cuộc họp")]
    number = ordinal(session)
    if number:
        words.append(number)
    if body_name:
        body = body_name
        if provincial_body and province:
            # "Ban Chỉ đạo chuyển đổi số tỉnh" + "Thái Nguyên".
            body = f"{body} {province}" if body.endswith("tỉnh") else f"{body} tỉnh {province}"
        words.append(f"của {body}")
    elif province:
        words.append(f"tại {province}")
    title = " ".join(words)
    day = vietnamese_date(meeting_date)
    return f"{title}, {day}" if day else title
