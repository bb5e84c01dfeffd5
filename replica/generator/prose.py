"""Vietnamese government-news prose composed from phrase banks: titles, leads and body blocks."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from replica.generator import words as W

# Body blocks: ("p", text) paragraph, ("h", text) sub-heading, ("img", caption or ""),
# ("table", [[cell, ...], ...]), ("li", [item, ...]) list. Captions, rows and items are content.


@dataclass
class Story:
    """One article's text before it is put in a page."""

    title: str
    lead: str | None
    blocks: list[tuple] = field(default_factory=list)
    meeting_day: dt.date | None = None


def person(rng: random.Random) -> str:
    return f"{rng.choice(W.SURNAMES)} {rng.choice(W.MIDDLE)} {rng.choice(W.GIVEN)}"


def _day_month(rng: random.Random, day: dt.date, with_year: bool) -> str:
    sep = rng.choice(("/", "-"))
    text = f"{day.day}{sep}{day.month}"
    return text + (f"{sep}{day.year}" if with_year else "")


def _when(rng: random.Random, day: dt.date) -> str:
    """The lead's time phrase: a day without a year most of the time ("Chiều 30-11")."""
    part = rng.choice(("Sáng", "Chiều", "Ngày", "Sáng ngày", "Chiều ngày", "Tối"))
    return f"{part} {_day_month(rng, day, rng.random() < 0.25)}"


def _sentence_pool(rng: random.Random, ctx: dict) -> list[str]:
    """Body sentences on the story's subject; ctx holds the names chosen for this story."""
    p, pos, prov, plat = ctx["person"], ctx["position"], ctx["province"], ctx["platform"]
    y, r = ctx["year"], rng.randint
    return [
        f"Theo báo cáo, đến nay {r(62, 99)}% hồ sơ thủ tục hành chính của tỉnh {prov} đã được tiếp nhận "
        f"và giải quyết trực tuyến; {r(3, 40)} cơ quan đã kết nối với {plat}.",
        f"Phát biểu tại {ctx['event']}, đồng chí {p}, {pos}, đề nghị các sở, ngành, địa phương "
        f"tập trung hoàn thành các chỉ tiêu đã đề ra trong năm {y}.",
        f"Năm {y}, toàn tỉnh đã có {r(120, 4800)} tài khoản định danh điện tử mức độ 2 được kích hoạt, "
        f"vượt {r(3, 40)}% so với kế hoạch.",
        "Bên cạnh những kết quả đạt được, công tác chuyển đổi số vẫn còn một số hạn chế như hạ "
        "tầng kỹ thuật chưa đồng bộ, nguồn nhân lực công nghệ thông tin còn thiếu và yếu.",
        f"Các đại biểu đã thảo luận, làm rõ những khó khăn, vướng mắc trong quá trình triển khai "
        f"{plat} và đề xuất giải pháp tháo gỡ.",
        f"Đồng chí {p} yêu cầu người đứng đầu các cơ quan, đơn vị trực tiếp chỉ đạo, chịu trách "
        "nhiệm về kết quả chuyển đổi số của đơn vị mình.",
        f"Sở Khoa học và Công nghệ được giao chủ trì, phối hợp với Công an tỉnh {prov} hướng dẫn "
        "các địa phương làm sạch dữ liệu dân cư, bảo đảm “đúng, đủ, sạch, sống”.",
        f"Đến hết quý {rng.choice(('I', 'II', 'III', 'IV'))}, {r(3, 40)} xã, phường đã triển khai mô "
        "hình tổ công nghệ số cộng đồng với hơn "
        f"{r(120, 4800)} thành viên tham gia hướng dẫn người dân sử dụng dịch vụ công trực tuyến.",
        "Hội nghị cũng đã nghe báo cáo tình hình bảo đảm an toàn thông tin mạng; trong kỳ, hệ "
        f"thống giám sát đã phát hiện và xử lý {r(3, 40)} sự cố, cảnh báo.",
        f"Kết luận {ctx['event']}, đồng chí {p} đánh giá cao sự vào cuộc của các cấp, các ngành "
        "và nhấn mạnh chuyển đổi số là nhiệm vụ chính trị trọng tâm, thường xuyên.",
        f"Thời gian tới, tỉnh {prov} tiếp tục đẩy mạnh thanh toán không dùng tiền mặt trong các "
        "cơ sở y tế, trường học và dịch vụ điện, nước.",
        f"Tỷ lệ văn bản điện tử được ký số trao đổi giữa các cơ quan nhà nước đạt {r(62, 99)}%, tăng "
        f"{r(3, 40)} điểm phần trăm so với cùng kỳ năm trước.",
        "Nhiều ý kiến cho rằng cần sớm ban hành quy chế quản lý, khai thác, chia sẻ dữ liệu dùng "
        "chung để tránh tình trạng mỗi nơi một cơ sở dữ liệu riêng.",
        f"Được biết, huyện {ctx['district']} là một trong những địa phương dẫn đầu về tỷ lệ hồ sơ "
        "trực tuyến toàn trình của tỉnh.",
    ]


def _other_pool(rng: random.Random, ctx: dict) -> list[str]:
    topic, detail = ctx["topic"]
    p, prov, r = ctx["person"], ctx["province"], rng.randint
    return [
        f"Theo báo cáo, công tác {topic} trên địa bàn tỉnh {prov} thời gian qua đã đạt nhiều "
        f"kết quả quan trọng, {r(10, 95)}% nhiệm vụ đã hoàn thành đúng tiến độ.",
        f"Đồng chí {p} đề nghị các địa phương chủ động xây dựng kế hoạch, bố trí nguồn lực cho "
        f"{detail}.",
        f"Trong {r(2, 60)} tháng đầu năm, các ngành chức năng đã kiểm tra {r(10, 95)} cơ sở, phát hiện và "
        f"xử lý {r(2, 60)} trường hợp vi phạm.",
        f"Đoàn công tác đã đi kiểm tra thực tế tại huyện {ctx['district']} và ghi nhận những cách "
        "làm hay, sáng tạo của cơ sở.",
        "Bên cạnh kết quả đạt được, vẫn còn một số tồn tại cần sớm khắc phục như việc phối hợp "
        "giữa các ngành có lúc chưa chặt chẽ.",
        f"Phát biểu chỉ đạo, đồng chí {p} yêu cầu tăng cường công tác tuyên truyền để người dân "
        f"hiểu và tham gia tích cực vào {topic}.",
        f"Dịp này, UBND tỉnh đã tặng Bằng khen cho {r(2, 60)} tập thể và cá nhân có thành tích xuất "
        f"sắc trong {topic}.",
    ]


def _context(rng: random.Random, province: str, year: int) -> dict:
    return {
        "person": person(rng),
        "position": rng.choice(W.POSITIONS),
        "province": province,
        "platform": rng.choice(W.PLATFORMS),
        "district": rng.choice(W.DISTRICTS),
        "topic": rng.choice(W.OTHER_TOPICS),
        "year": year,
        "event": rng.choice(("hội nghị", "phiên họp", "buổi làm việc", "cuộc họp")),
    }


def _title(rng: random.Random, kind: str, ctx: dict, nth: int) -> str:
    prov, y = ctx["province"], ctx["year"]
    if kind == "dx_meeting":
        body = rng.choice(W.MEETING_BODIES)
        return rng.choice(
            (
                f"{body} {prov} họp phiên thứ {nth} năm {y}",
                f"Hội nghị sơ kết {rng.choice(('6 tháng', '01 năm', '02 năm'))} triển khai Đề án 06 tại {prov}",
                f"Phó Chủ tịch UBND tỉnh {ctx['person']} chủ trì cuộc họp về chuyển đổi số",
                f"BCĐ chuyển đổi số tỉnh {prov} triển khai nhiệm vụ quý {rng.choice(('I', 'II', 'III', 'IV'))}/{y}",
                f"Tổng kết công tác chuyển đổi số năm {y}, triển khai nhiệm vụ năm {y + 1}",
            )
        )
    if kind == "dx_news":
        return rng.choice(
            (
                f"Tập huấn kỹ năng số cho cán bộ, công chức cấp xã huyện {ctx['district']}",
                f"Đưa {ctx['platform']} vào vận hành chính thức",
                f"{prov}: Hơn {rng.randint(2, 90)}.000 người dân được hướng dẫn kích hoạt VNeID",
                f"Ra mắt mô hình “Khu dân cư số” tại huyện {ctx['district']}",
                f"Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 năm {y}",
                f"Chỉ số chuyển đổi số của {prov} tăng {rng.randint(2, 19)} bậc",
            )
        )
    topic, _detail = ctx["topic"]
    return rng.choice(
        (
            f"Triển khai nhiệm vụ {topic} năm {y}",
            f"Kiểm tra công tác {topic} tại huyện {ctx['district']}",
            f"Hội nghị giao ban về {topic} quý {rng.choice(('I', 'II', 'III', 'IV'))}",
            f"Đoàn công tác của tỉnh {prov} làm việc về {topic}",
        )
    )


def _lead(rng: random.Random, kind: str, ctx: dict, when: str, tag: str | None) -> str:
    prefix = tag or ""  # the dateline as the site writes it: "(GLO) - ", "TPO - ", "(Cổng TTĐT)- "
    if kind == "dx_meeting":
        body = rng.choice(W.MEETING_BODIES)
        text = (
            f"{when}, {body} {ctx['province']} tổ chức {rng.choice(W.MEETING_KINDS)} đánh giá kết "
            f"quả thực hiện nhiệm vụ chuyển đổi số và Đề án 06. Đồng chí {ctx['person']}, "
            f"{ctx['position']}, chủ trì {ctx['event']}."
        )
    elif kind == "dx_news":
        text = (
            f"{when}, Sở Khoa học và Công nghệ tỉnh {ctx['province']} phối hợp với huyện "
            f"{ctx['district']} tổ chức triển khai {ctx['platform']} nhằm nâng cao chất lượng "
            "phục vụ người dân, doanh nghiệp."
        )
    else:
        text = (
            f"{when}, đồng chí {ctx['person']}, {ctx['position']}, chủ trì {ctx['event']} về "
            f"{ctx['topic'][0]} trên địa bàn tỉnh {ctx['province']}."
        )
    return prefix + text


def make_story(
    rng: random.Random, province: str, published: dt.datetime, nth: int, tag: str | None
) -> Story:
    """A story published at `published`; its length runs from a short note to a long report."""
    kind = rng.choices(("dx_meeting", "dx_news", "other"), weights=(4, 3, 3))[0]
    ctx = _context(rng, province, published.year)
    title = _title(rng, kind, ctx, nth)
    meeting_day = published.date() - dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
    lead = _lead(rng, kind, ctx, _when(rng, meeting_day), tag) if rng.random() < 0.85 else None
    make_pool = _other_pool if kind == "other" else _sentence_pool
    # Two draws of the bank (other people, other figures): long reports need more sentences.
    pool = make_pool(rng, ctx) + make_pool(rng, {**ctx, "person": person(rng)})
    rng.shuffle(pool)
    pool = list(dict.fromkeys(pool))
    size = rng.choice(("short", "medium", "medium", "long"))
    n_par = {"short": rng.randint(2, 3), "medium": rng.randint(4, 7), "long": rng.randint(8, 13)}[
        size
    ]
    blocks: list[tuple] = []
    for _ in range(n_par):
        k = min(rng.randint(1, 3), len(pool))
        if not k:
            break
        blocks.append(("p", " ".join(pool[:k])))
        del pool[:k]
    _decorate(rng, blocks, ctx, size)
    return Story(title=title, lead=lead, blocks=blocks, meeting_day=meeting_day)


def _decorate(rng: random.Random, blocks: list[tuple], ctx: dict, size: str) -> None:
    """Images with captions, sub-headings, a table or a list, as long reports carry them."""
    if rng.random() < 0.6:
        caption = rng.choice(
            (
                f"Đồng chí {ctx['person']} phát biểu tại {ctx['event']}",
                f"Quang cảnh {ctx['event']}",
                "Các đại biểu dự hội nghị tại điểm cầu tỉnh",
                "",
            )
        )
        blocks.insert(rng.randint(0, min(2, len(blocks))), ("img", caption))
    if size == "long" and rng.random() < 0.7:
        heading = rng.choice(
            (
                "Nhiều kết quả nổi bật",
                "Tháo gỡ khó khăn, vướng mắc",
                "Đẩy mạnh chuyển đổi số toàn diện",
                "Nhiệm vụ trọng tâm thời gian tới",
            )
        )
        blocks.insert(len(blocks) // 2, ("h", heading))
    if size != "short" and rng.random() < 0.25:
        rows = [["STT", "Chỉ tiêu", "Kết quả"]]
        for i in range(rng.randint(2, 4)):
            rows.append(
                [str(i + 1), rng.choice(W.PLATFORMS).capitalize(), f"{rng.randint(40, 100)}%"]
            )
        blocks.insert(len(blocks) - 1, ("table", rows))
    if size != "short" and rng.random() < 0.2:
        items = [
            f"Hoàn thành {rng.choice(W.PLATFORMS)} trước ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}",
            "Tăng cường tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
            "Bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin",
        ]
        blocks.insert(len(blocks) - 1, ("li", items[: rng.randint(2, 3)]))
