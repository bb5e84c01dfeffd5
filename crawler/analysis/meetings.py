"""Meeting facts of a meeting report: kind, body, session, date, chair, format, bridge points."""

from __future__ import annotations

import re
from datetime import date

from crawler.analysis.chair import meeting_chair
from crawler.analysis.classify import find_all
from crawler.analysis.meeting_days import MAX_YEARLESS_DAYS_BEFORE, find_meeting_day
from crawler.analysis.people import find_people
from crawler.analysis.vocabulary import Vocabulary, load_vocabulary
from crawler.clock import VIETNAM, parse_moment
from crawler.text import match_key, normalize_tones

# "Phiên họp thứ 2", "họp phiên thứ hai", "Kỳ họp thứ 20" (HĐND), "phiên họp đầu tiên".
# "Phiên họp thứ hai", "phiên họp lần thứ 8", "kỳ họp thứ 20", "họp phiên thứ nhất"; a body's
# sittings counted as "họp lần đầu tiên", "hội nghị lần thứ ba", "Họp Ban Chỉ đạo ... lần thứ nhất".
_SESSION = re.compile(
    r"(?:(?:phiên họp|kỳ họp|họp phiên|phiên) (?:lần )?|(?:(?<!\w)họp|hội nghị)(?: [^\s.,;:]+){0,12}? lần )"
    r"(?:thứ (\d{1,2}|[^\W\d]+)|(đầu tiên))(?!\w)"
)
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
_SECTION_WEIGHT = {"title": 3, "lead": 2, "body": 1}
_TIME_OF_DAY_DATE = re.compile(r"(?i)(?<!\w)(?:sáng|chiều|trưa|tối)(?: ngày| nay)?\s+\d")
# "Hội nghị được tổ chức vào ngày 5/3", "Phiên họp diễn ra ngày 4-3": the body says when the
# meeting took place.
_TOOK_PLACE_ON = re.compile(
    r"(?i)(?:hội nghị|phiên họp|cuộc họp|buổi làm việc|hội thảo|kỳ họp)(?: [^\s,.;:]+){0,6}? "
    r"(?:được )?(?:tổ chức|diễn ra|khai mạc|họp)(?: vào)?(?: (?:sáng|chiều|trưa|tối))? ngày\s+\d"
)


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


def meeting_kind(sections: dict[str, str], vocab: Vocabulary | None = None) -> str | None:
    """The kind of meeting (phien_hop, hoi_nghi_so_ket...): the most specific kind named in the
    title or the lead, else in the body; a bare "họp" means cuoc_hop only when nothing else is named."""
    vocab = vocab or load_vocabulary()
    order = [kind for kind, _ in vocab.kinds]
    for texts in (
        (sections.get("title") or "", sections.get("lead") or ""),
        (sections.get("body") or "",),
    ):
        named = set()
        for text in texts:
            for kind, pattern in vocab.kinds:
                m = pattern.search(text)
                # "họp" alone (a verb) names no kind; "cuộc họp" does.
                if m and (kind != "cuoc_hop" or "cuộc họp" in text):
                    named.add(kind)
        if named:
            return min(named, key=order.index)
    for section in ("title", "lead", "body"):
        if vocab.kinds[-1][1].search(sections.get(section) or ""):
            return "cuoc_hop"
    return None


def meeting_body(
    sections: dict[str, str],
    vocab: Vocabulary | None = None,
    day: str | None = None,
    topic_dx: bool = True,
) -> dict | None:
    """The committee or steering body the meeting is of: {id, era, name, name_as_published}.

    The body named most, weighted by section (title ×3, lead ×2, body ×1; ties to the first
    named). In the body text, names right after a role ("Trưởng Ban Chỉ đạo...") do not count,
    nor provincial bodies when the title or lead says the meeting is national; a national DX
    meeting naming no body is the one of the national body in office on `day`.
    """
    vocab = vocab or load_vocabulary()
    head = f"{sections.get('title') or ''}\n{sections.get('lead') or ''}"
    national = bool(vocab.national_markers.search(head))
    scores: dict[int, float] = {}
    first: dict[int, tuple[int, int, str]] = {}
    for rank, section in enumerate(("title", "lead", "body")):
        text = sections.get(section) or ""
        for start, _, name, group in find_all(vocab.body_pattern, text):
            i = int(group[1:])
            if section == "body":
                if vocab.body_role_before.search(text, max(0, start - 40), start):
                    continue
                if national and vocab.bodies[i].level != "national":
                    continue
            scores[i] = scores.get(i, 0) + _SECTION_WEIGHT[section]
            first.setdefault(i, (rank, start, name))
    if scores:
        best = max(scores, key=lambda i: (scores[i], [-x for x in first[i][:2]]))
        body = vocab.bodies[best]
        return {
            "id": body.id,
            "era": body.era,
            "name": body.name,
            "name_as_published": first[best][2],
        }
    if national and topic_dx and day and not vocab.other_conveners.search(head):
        for body in vocab.bodies:
            if body.level == "national" and body.in_office(day):
                return {
                    "id": body.id,
                    "era": body.era,
                    "name": body.name,
                    "name_as_published": None,
                }
    return None


# A sitting named after these words is an earlier one: "sau Phiên họp thứ hai", "thực hiện kết
# luận tại phiên họp thứ nhất", "so với phiên họp thứ hai". "Kết luận phiên họp thứ hai, ..." alone
# is this sitting's concluding speech.
_PREVIOUS_SITTING = re.compile(
    r"(?:(?<!\w)(?:sau|từ|kể từ|so với|thực hiện|theo)"
    r"|(?<!\w)(?:thực hiện|theo|triển khai|thông báo|tinh thần|nội dung|các|những)\s+"
    r"kết luận(?: tại| của)?)\s*$",
    re.IGNORECASE,
)


def session_number(sections: dict[str, str], vocab: Vocabulary | None = None) -> int | None:
    """The session number of "Phiên họp thứ nhất", "phiên họp lần thứ 2", "Phiên họp đầu tiên":
    the lead's, else the title's, else the body's; earlier sittings ("sau Phiên họp thứ hai") are
    not this meeting's."""
    vocab = vocab or load_vocabulary()
    for section in ("lead", "title", "body"):
        text = sections.get(section) or ""
        for m in _SESSION.finditer(text):
            if _PREVIOUS_SITTING.search(text[max(0, m.start() - 30) : m.start()]):
                continue
            word = m.group(1) or m.group(2)
            if word.isdigit():
                return int(word)
            if word in vocab.ordinals:
                return vocab.ordinals[word]
    return None


def _without_document_dates(text: str, vocab: Vocabulary) -> str:
    """`text` with the dates of documents blanked ("Công văn ngày 10/3 của Bộ Công an, chiều
    18/3, ..." dates the meeting 18/3)."""
    text = normalize_tones(text)

    def blank(m: re.Match[str]) -> str:
        return m.group(0)[: m.start(1) - m.start(0)] + "_" * len(m.group(1))

    return vocab.document_dates.sub(blank, text)


def _iso_day(value: object) -> str | None:
    """YYYY-MM-DD (Vietnam's day) of an ISO date or datetime string, None when it is not one:
    "2025-03-04T18:30:00Z" is 5 March in Vietnam."""
    text = str(value or "")
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    moment = parse_moment(text, naive=VIETNAM)
    return (moment.astimezone(VIETNAM).date() if moment else day).isoformat()


# Years that name a programme's horizon, a period or a target, never the meeting's year:
# "tầm nhìn đến năm 2030", "giai đoạn 2021 - 2025", "định hướng đến năm 2030", "mục tiêu năm 2025".
_TARGET_YEAR = re.compile(
    r"(?i)(?:(?:đến|tới|hướng tới|tầm nhìn|định hướng|giai đoạn|mục tiêu|trước|sau)(?: hết)?"
    r"(?: năm)?|\d{4}\s*[-–]|/)\s*$"
)
_YEAR_IN_RANGE_OR_NUMBER = re.compile(r"^\s*(?:[-–]\s*\d{4}|/)")
# How sure a date is, by where it was read (reported with the date as meeting_date_confidence).
DATE_CONFIDENCE = {"lead": 0.9, "title": 0.8, "body": 0.7, "published_at": 0.4, "none": 0.0}


def meeting_year_hint(article: dict) -> int | None:
    """Without a publication date, the latest year the title or lead names for itself: years of
    programme horizons, periods, targets and document numbers are not the meeting's, nor are
    years in the name of a programme, plan or document ("Kế hoạch chuyển đổi số năm 2026":
    `programme_words`)."""
    vocab = load_vocabulary()
    text = match_key(f"{article.get('title') or ''} \n {article.get('lead') or ''}")
    years = [
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if not _TARGET_YEAR.search(text[max(0, m.start() - 30) : m.start()])
        and not _YEAR_IN_RANGE_OR_NUMBER.match(text[m.end() : m.end() + 8])
        and not vocab.programme_year_before.search(text[max(0, m.start() - 100) : m.start()])
    ]
    return max(years) if years else None


def meeting_date(article: dict, vocab: Vocabulary | None = None) -> dict:
    """{date (YYYY-MM-DD or None), source, phrase, confidence}: the lead, then the title, then the
    first body paragraphs; year-less and relative dates resolved with the publication date (never
    after it) or, without one, with `meeting_year_hint`; else the publication date (source
    "published_at"). `phrase` is the printed words the date was read from."""
    vocab = vocab or load_vocabulary()
    published = _iso_day(article.get("published_at"))
    reference, max_days = published, MAX_YEARLESS_DAYS_BEFORE
    if reference is None:
        year = meeting_year_hint(article)
        reference, max_days = (f"{year}-12-31" if year else None), None
    # In the body, only a time-of-day date ("Sáng 25/12") or a sentence saying when the meeting
    # took place ("Hội nghị diễn ra ngày 5/3") dates the meeting: a bare "ngày 24/9/2021" there is
    # usually a document's or a past event's date.
    body_start = "\n".join(
        s
        for s in re.split(
            r"(?<=[.;])\s+|\n+", "\n".join((article.get("body_text") or "").split("\n\n")[:3])
        )
        if _TIME_OF_DAY_DATE.search(s) or _TOOK_PLACE_ON.search(s)
    )
    for source, text in (
        ("lead", article.get("lead")),
        ("title", article.get("title")),
        ("body", body_start),
    ):
        if not text:
            continue
        found = find_meeting_day(_without_document_dates(text, vocab), reference, max_days)
        if found:
            return _dated(found[0], source, found[1])
    if published:
        return _dated(published, "published_at", str(article.get("published_at")))
    return _dated(None, "none", None)


def _dated(day: str | None, source: str, phrase: str | None) -> dict:
    return {
        "date": day,
        "source": source,
        "phrase": phrase,
        "confidence": DATE_CONFIDENCE[source],
    }


def meeting_format(sections: dict[str, str], vocab: Vocabulary | None = None) -> str:
    """truc_tiep_ket_hop_truc_tuyen, truc_tuyen or truc_tiep.

    An explicit hybrid wording anywhere wins; then online markers of the title or lead; then a
    body saying the meeting was connected online ("kết nối trực tuyến từ Trụ sở Chính phủ đến
    ...": the seat named in the lead is the hub of an online meeting); then a physical venue in
    the title or lead ("tại trụ sở"); then online markers of the body; else truc_tiep.
    """
    vocab = vocab or load_vocabulary()
    patterns = dict(vocab.formats)
    head = f"{sections.get('title') or ''}\n{sections.get('lead') or ''}"
    body = sections.get("body") or ""
    steps = (
        ("truc_tiep_ket_hop_truc_tuyen", head),
        ("truc_tiep_ket_hop_truc_tuyen", body),
        ("truc_tuyen", head),
        ("online_connection", body),
        ("truc_tiep", head),
        ("truc_tuyen", body),
    )
    for fmt, text in steps:
        if fmt in patterns and patterns[fmt].search(text):
            return "truc_tuyen" if fmt == "online_connection" else fmt
    return "truc_tiep"


def bridge_points(text: str, vocab: Vocabulary | None = None) -> list[str]:
    """Canonical names of the provinces named as bridge points ("điểm cầu An Giang",
    "đầu cầu tỉnh Hà Nam", "các điểm cầu Hà Nam, Nam Định và Ninh Bình"), in order, once each."""
    from crawler.provinces import canonical_province

    vocab = vocab or load_vocabulary()
    text = normalize_tones(text)
    lowered = _lower_same_length(text)
    found: list[str] = []
    anchor = re.compile(r"(?<!\w)(?:điểm|đầu) cầu\s+(?:các\s+)?")
    prefix = re.compile(vocab.bridge_prefixes)
    for m in anchor.finditer(lowered):
        pos = m.end()
        while True:
            pos = prefix.match(lowered, pos).end()
            words = list(re.finditer(r"[^\W_][^\s,;.()]*", text[pos : pos + 60]))
            name = None
            for n in (4, 3, 2, 1):
                if len(words) < n or not words[0].group(0)[:1].isupper():
                    continue
                candidate = text[pos + words[0].start() : pos + words[n - 1].end()]
                if n > 1 and not all(
                    w.group(0)[:1].isupper() or w.group(0) in "-–" for w in words[:n]
                ):
                    continue
                name = canonical_province(candidate)
                if name:
                    pos = pos + words[n - 1].end()
                    break
            if not name:
                break
            if name not in found:
                found.append(name)
            more = re.match(r"\s*(?:,|và|;)\s*", lowered[pos:])
            if not more:
                break
            pos += more.end()
    return found


# "điểm cầu tỉnh ta", "điểm cầu của tỉnh", "điểm cầu tỉnh nhà": the publisher's own province (a
# city portal's "điểm cầu của thành phố" is a district-level bridge, not a province).
_HOME_BRIDGE = re.compile(
    r"(?i)(?<!\w)(?:điểm|đầu) cầu (?:(?:của |tại )?tỉnh (?:ta|nhà)|của tỉnh)(?!\w)"
)


def _with_home_bridge(points: list[str], text: str, article: dict) -> list[str]:
    from crawler.provinces import canonical_province

    home = canonical_province(article.get("province") or "")
    if home and home not in points and _HOME_BRIDGE.search(normalize_tones(text)):
        return [*points, home]
    return points


def meeting_facts(article: dict, sections: dict[str, str], topic_dx: bool = True) -> dict:
    """Every meeting fact of one meeting-report article (see docs/analysis.md, table meetings)."""
    vocab = load_vocabulary()
    full_text = "\n\n".join(article.get(k) or "" for k in ("title", "lead", "body_text"))
    people = find_people(full_text, vocab)
    dated = meeting_date(article, vocab)
    day = dated["date"]
    body = meeting_body(sections, vocab, day, topic_dx)
    return {
        "kind": meeting_kind(sections, vocab),
        "body_id": body["id"] if body else None,
        "body_name": body["name_as_published"] if body else None,
        "era": body["era"] if body else None,
        "session": session_number(sections, vocab),
        "meeting_date": day,
        "meeting_date_source": dated["source"],
        "meeting_date_phrase": dated["phrase"],
        "meeting_date_confidence": dated["confidence"],
        "chair": meeting_chair(article, people, vocab),
        "format": meeting_format(sections, vocab),
        "bridge_points": _with_home_bridge(bridge_points(full_text, vocab), full_text, article),
        "people": people,
    }
