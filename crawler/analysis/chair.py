"""Who chaired a meeting: "X chủ trì", "Chủ trì hội nghị: <title> - X", "Chủ trì ... có X", the
person who concluded it; never someone who only attended."""

from __future__ import annotations

import re

from crawler.analysis.people import _name_at
from crawler.analysis.vocabulary import Vocabulary, load_vocabulary
from crawler.text import normalize_tones

# The verb of the chair; "điều hành" only with a meeting word ("điều hành phiên họp").
_CHAIR = re.compile(
    r"(?<!\w)(?:chủ trì|điều hành (?=(?:hội nghị|phiên họp|cuộc họp|kỳ họp|buổi làm việc)))(?!\w)"
)
_MEETING = r"(?:hội nghị|hội thảo|tọa đàm|phiên họp|kỳ họp|cuộc họp|buổi họp|buổi làm việc)"
# What may sit between "chủ trì" and a chair named after it: "chủ trì của X", "Chủ trì hội
# nghị: đồng chí Phó Chủ tịch UBND tỉnh - X", "Chủ trì phiên họp có đồng chí X", "Chủ trì có X".
_CHAIR_AFTER = re.compile(
    rf"\s*(?:(?:của|là)\s+|(?:{_MEETING}\s*)?(?::|\s(?:có|là|gồm)\s)\s*(?:các\s+)?)"
)
_AGENT = re.compile(r"(?<!\w)do(?!\w)")
# A sentence ends at . ! ? or a line break, but not after an abbreviation with a dot inside a
# sentence ("TS.", "PGS.TS.", "TP.", "Th.S", "P.", "Đ/c.").
_SENTENCE_END = re.compile(r"[.!?]\s+|\n\s*")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-ZĐ][A-Za-zĐđ]{0,3}\.?){1,3}$")
# "X chủ trì tại điểm cầu tỉnh": X hosted the province's bridge point of someone else's meeting.
_BRIDGE_HOST = re.compile(r"\s*(?:tại\s+)?(?:các\s+)?(?:điểm|đầu) cầu(?!\w)")
_HOSTS_BRIDGE = re.compile(r"(?<!\w)chủ trì\s*(?:tại\s+)?(?:các\s+)?(?:điểm|đầu) cầu(?!\w)")
# "X dự hội nghị", "X cùng lãnh đạo các sở theo dõi phiên họp": X attended.
_ATTENDS = re.compile(
    r"(?<!\w)(?:dự|tham dự|theo dõi|có mặt)(?!\w)(?! (?:án|thảo|toán|kiến|báo|trữ|phòng|luật)(?!\w))"
)
# Attendance: a person introduced so attended; the lead's fallback skips such sentences.
_ATTENDED = re.compile(r"(?i)^(?:về |cùng |đến )?(?:dự|tham dự|có mặt|có sự tham dự)(?!\w)")
# A guest introduced by attendance: "hội nghị có sự tham dự của đồng chí X", "với sự có mặt của X".
_GUEST_BEFORE = re.compile(
    r"(?<!\w)(?:sự (?:tham dự|có mặt|hiện diện|tham gia)(?: của)?|(?:tham dự|dự) có)\s*"
    r"(?:các\s+)?(?:đồng chí|ông|bà)?\s*:?\s*$"
)
# The chair sums up: "Kết luận hội nghị, đồng chí X ...", "Phát biểu kết luận, X ...".
_CONCLUSION = re.compile(
    rf"(?<!thông báo )(?<!\w)(?:phát biểu kết luận|kết luận(?: tại)? {_MEETING})(?!\w)"
)


def sentence_starts(text: str, end: int) -> list[int]:
    """Offsets where sentences start in text[:end]; a dot after an abbreviation ends none."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text, 0, end):
        if m.group(0)[0] == "." and _ABBREVIATION.search(text, 0, m.start()):
            continue
        starts.append(m.end())
    return starts


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


def first_name(text: str, start: int, end: int, vocab: Vocabulary) -> str | None:
    """The first personal name in text[start:end]; a province ("điểm cầu Hà Nam", "Hà" being a
    family name too) is skipped."""
    from crawler.provinces import canonical_province

    while start < end:
        span = _name_at(text, start, vocab, max_gap=max(0, end - start))
        if not span or span[1] > end:
            return None
        if not canonical_province(text[span[0] : span[1]]):
            return text[span[0] : span[1]]
        start = span[1]
    return None


def _chair_in(text: str, people: list[dict], vocab: Vocabulary) -> str | None:
    lowered = _lower_same_length(text)
    for m in _CHAIR.finditer(lowered):
        if _BRIDGE_HOST.match(lowered, m.end()):
            continue
        clause_start = sentence_starts(text, m.start())[-1]
        # "X theo dõi hội nghị do Thủ tướng chủ trì": the agent after "do" chaired, not X.
        agents = list(_AGENT.finditer(lowered, clause_start, m.start()))
        if agents:
            clause_start = agents[-1].end()
        after = _CHAIR_AFTER.match(lowered, m.end())
        if after:
            # A title may come first: "Chủ trì hội nghị: đồng chí Phó Chủ tịch UBND tỉnh - X".
            name = first_name(text, after.end(), after.end() + 90, vocab)
            if name:
                return name
        name = first_name(text, clause_start, m.start(), vocab)
        if name:
            return name
        titled = list(vocab.person_titles.finditer(lowered, clause_start, m.start()))
        if titled:
            title = titled[-1].group(0)
            for person in people:
                if person["title"].lower().startswith(title):
                    return person["name"]
    return None


# The directing speech of a meeting ("Phát biểu chỉ đạo hội nghị, đồng chí X ...", "X, Chủ tịch
# UBND tỉnh, Trưởng Ban Chỉ đạo phát biểu chỉ đạo hội nghị"): at a provincial meeting that names
# no chair, the one who directs it chairs it. Not an attendee who directs ("dự và phát biểu chỉ
# đạo", "Dự và chỉ đạo hội nghị có X"), nor who directs a bridge point ("tại điểm cầu tỉnh").
_DIRECTING = re.compile(r"(?<!\w)phát biểu chỉ đạo(?!\w)")
_ATTENDEE_DIRECTS = re.compile(
    r"(?<!\w)(?:dự|tham dự|có mặt|theo dõi)(?:\s+và|\s*,)\s*(?:phát biểu\s+)?chỉ đạo(?!\w)"
)


def _director(text: str, vocab: Vocabulary) -> str | None:
    lowered = _lower_same_length(text)
    starts = sentence_starts(text, len(text)) + [len(text)]
    for m in _DIRECTING.finditer(lowered):
        a = max(s for s in starts if s <= m.start())
        b = next((s for s in starts if s > m.end()), len(text))
        sentence = lowered[a:b]
        if _ATTENDEE_DIRECTS.search(sentence) or _BRIDGE_HOST.search(sentence):
            continue
        name = first_name(text, a, m.start(), vocab) or first_name(text, m.end(), b, vocab)
        if name:
            return name
    return None


def _concluder(text: str, vocab: Vocabulary) -> str | None:
    lowered = _lower_same_length(text)
    for m in _CONCLUSION.finditer(lowered):
        starts = sentence_starts(text, len(text))
        end = next((s for s in starts if s > m.end()), len(text))
        name = first_name(text, m.end(), end, vocab)
        if name:
            return name
    return None


def meeting_chair(
    article: dict, people: list[dict] | None = None, vocab: Vocabulary | None = None
) -> str | None:
    """The name of who chaired: the first person named in the clause before "chủ trì" ("X chủ
    trì", "do X chủ trì"), or after it ("dưới sự chủ trì của X", "Chủ trì hội nghị có đồng chí
    X", "Chủ trì cuộc họp: đồng chí Phó Chủ tịch UBND tỉnh - X"); a bare title ("do Thủ tướng
    chủ trì") resolves to the person the article names with that title. Lead, then body, then
    title. Else the person who concluded it ("Kết luận phiên họp, đồng chí X ..."); else who
    gave the directing speech ("Phát biểu chỉ đạo hội nghị, đồng chí X", not an attendee's "dự
    và phát biểu chỉ đạo", nor at a bridge point); else the
    first person of a lead sentence holding a meeting word, unless that sentence introduces
    attendees ("Dự hội nghị có đồng chí X")."""
    vocab = vocab or load_vocabulary()
    people = people if people is not None else []
    texts = [normalize_tones(article.get(f) or "") for f in ("lead", "body_text", "title")]
    for text in texts:
        name = _chair_in(text, people, vocab)
        if name:
            return name
    for text in texts[:2]:
        name = _concluder(text, vocab)
        if name:
            return name
    for text in texts[:2]:
        name = _director(text, vocab)
        if name:
            return name
    lead = texts[0]
    starts = sentence_starts(lead, len(lead)) + [len(lead)]
    for a, b in zip(starts, starts[1:], strict=False):
        sentence = lead[a:b]
        if _ATTENDED.match(sentence.strip()) or _HOSTS_BRIDGE.search(sentence.lower()):
            continue
        lowered = sentence.lower()
        word = vocab.meeting_words.search(lowered)
        if word:
            name = _name_at(sentence, 0, vocab, max_gap=len(sentence))
            # "X dự / tham dự / theo dõi hội nghị ...": X attended (a bridge point), not chaired.
            if name and _ATTENDS.search(lowered, name[1], word.start()):
                return None
            # "... có sự tham dự của đồng chí X": a guest.
            if name and _GUEST_BEFORE.search(lowered, 0, name[0]):
                return None
            return first_name(sentence, 0, len(sentence), vocab)
    return None
