"""Classification of an article: is its topic digital transformation, is it a meeting report."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from crawler.analysis.vocabulary import Vocabulary, load_vocabulary
from crawler.text import match_key, normalize_tones

SECTIONS = ("title", "lead", "body")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
_SPACE_RUNS = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r" ?\n[\s]*")


@dataclass
class Classification:
    """The verdicts with their scores and the human-readable reasons behind them."""

    topic_dx: bool
    is_meeting_report: bool
    dx_score: float
    meeting_score: float
    relevance_score: float
    relevance_reasons: list[str] = field(default_factory=list)


def article_sections(article: dict) -> dict[str, str]:
    """Title, lead and body of an article dict as match keys (missing parts are "").

    The body keeps one newline between paragraphs (sentence splitting needs them); it is
    normalised in one pass, not paragraph by paragraph, because that is the hot path.
    """
    body = normalize_tones(article.get("body_text") or "").lower()
    body = _BLANK_RUNS.sub("\n", _SPACE_RUNS.sub(" ", body)).strip()
    return {
        "title": match_key(article.get("title") or ""),
        "lead": match_key(article.get("lead") or ""),
        "body": body,
    }


@lru_cache(maxsize=256)
def find_all(pattern: re.Pattern[str], text: str) -> tuple[tuple[int, int, str, str | None], ...]:
    """Every match of `pattern` in `text` as (start, end, text, lastgroup); cached because the
    classifier and the meeting-fact readers scan the same sections with the same patterns."""
    return tuple((m.start(), m.end(), m.group(0), m.lastgroup) for m in pattern.finditer(text))


def _terms(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m[2] for m in find_all(pattern, text)]


@lru_cache(maxsize=256)
def _starts(pattern: re.Pattern[str], text: str) -> tuple[int, ...]:
    """Start offsets of :func:`find_all`'s matches (sorted: finditer goes left to right)."""
    return tuple(m[0] for m in find_all(pattern, text))


def _within(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> tuple:
    """The matches of ``pattern`` starting in [lo, hi), by binary search over the cached list."""
    starts = _starts(pattern, text)
    return find_all(pattern, text)[bisect_left(starts, lo) : bisect_left(starts, hi)]


def _near(
    vocab: Vocabulary,
    text: str,
    distance: int,
    acts_pattern: re.Pattern[str] | None = None,
    span: tuple[int, int] | None = None,
) -> tuple[str, str] | None:
    """The first (convening act, meeting word) pair within `distance` characters (inside
    `span` of the text when given), else None.

    Called once per sentence of bodies that may be megabytes long: each call looks only at the
    matches inside its span and, per meeting word, only at the acts inside the distance window
    (binary search), so a whole body costs time linear in its matches, not their product.
    """
    lo, hi = span or (0, len(text))
    acts_pattern = acts_pattern or vocab.convening_acts
    if not _within(acts_pattern, text, lo, hi):
        return None
    for w_start, w_end, word, _ in _within(vocab.meeting_words, text, lo, hi):
        window = _within(
            acts_pattern, text, max(lo, w_start - distance), min(hi, w_start + distance + 1)
        )
        for start, end, act, _ in window:
            # "họp" is both: an act must not be (part of) the meeting word it supports.
            if end <= w_start or start >= w_end:
                return act, word
    return None


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _summary(terms: list[str]) -> str:
    counts: dict[str, int] = {}
    for t in terms:
        counts[t] = counts.get(t, 0) + 1
    return ", ".join(f"'{t}'" + (f" ×{n}" if n > 1 else "") for t, n in counts.items())


def lead_timing(article: dict, lead: str, vocab: Vocabulary) -> list[tuple[str, str]]:
    """The scoring keys and reasons of when the lead places its meeting: it opens with the day
    of a meeting it names (a report), or it announces one to come and dates nothing past (a
    plan): plan words, or a day after the publication."""
    from crawler.analysis.meeting_days import find_future_day, find_meeting_day

    published = article.get("published_at")
    past = find_meeting_day(article.get("lead") or "", published) if published else None
    first = _sentence_spans(lead)[:1]
    named = first and (
        vocab.meeting_words.search(lead, *first[0]) or vocab.session_markers.search(lead, *first[0])
    )
    out = []
    if past and named and match_key(past[1]) in lead[:60]:
        out.append(("lead_dated_meeting", f"lead: opens with the day '{past[1]}' of a meeting"))
    if not past:
        plans = _terms(vocab.plan_markers, lead)
        future = find_future_day(article.get("lead") or "", published) if published else None
        if plans or future:
            what = _summary(plans) if plans else f"a later day '{future}'"
            out.append(("lead_plan", f"lead: announces a meeting to come ({what})"))
    return out


def meeting_evidence(
    sections: dict[str, str], vocab: Vocabulary | None = None, article: dict | None = None
) -> tuple[float, list[str]]:
    """Score how much the article reports a meeting, with the reasons (DOMAIN.md §5)."""
    vocab = vocab or load_vocabulary()
    w = vocab.scoring["meeting"]
    score, reasons = 0.0, []

    def add(points: float, reason: str) -> None:
        nonlocal score
        score += points
        reasons.append(f"{reason} ({points:+.2f})")

    title, lead, body = sections["title"], sections["lead"], sections["body"]
    words = _terms(vocab.meeting_words, title)
    if words:
        add(w["title_meeting_word"], f"title: meeting word {_summary(words)}")
    if vocab.venue_words.search(title):
        add(w["title_venue"], f"title: venue {_summary(_terms(vocab.venue_words, title))}")
    negatives = _terms(vocab.non_meeting_title, title)
    if negatives:
        add(w["non_meeting_title"], f"title: not a meeting ({_summary(negatives)})")
    pair = _near(vocab, lead, w["proximity_chars"])
    if pair:
        add(w["lead_act_near_meeting"], f"lead: convening act '{pair[0]}' near '{pair[1]}'")
    elif vocab.meeting_words.search(lead):
        add(
            w["lead_meeting_word"],
            f"lead: meeting word {_summary(_terms(vocab.meeting_words, lead))}",
        )
    # A lead is short: "chủ trì" anywhere in it chairs the meeting it names.
    decisive = _near(vocab, lead, len(lead), vocab.decisive_acts)
    if decisive:
        add(w["lead_decisive_act"], f"lead: '{decisive[0]}' + '{decisive[1]}'")
    if vocab.venue_words.search(lead):
        add(w["lead_venue"], f"lead: venue {_summary(_terms(vocab.venue_words, lead))}")
    speech = vocab.lead_speech_markers.search(lead)
    if speech:
        add(w["lead_speech"], f"lead: opens with a speech at a meeting '{speech.group(0)}'")
    sessions = _terms(vocab.session_markers, lead)
    if sessions:
        add(w["lead_session"], f"lead: sitting of a body {_summary(sessions)}")
    for points, reason in lead_timing(article or {}, lead, vocab):
        add(w[points], reason)
    spans = _sentence_spans(body)
    pairs = [p for p in (_near(vocab, body, w["proximity_chars"], span=sp) for sp in spans) if p]
    if pairs:
        points = min(len(pairs) * w["body_act_near_meeting"], w["body_act_near_meeting_cap"])
        add(
            points,
            f"body: convening act near meeting word in {len(pairs)} sentence(s), "
            f"first '{pairs[0][0]}' + '{pairs[0][1]}'",
        )
    decisive = next(
        (
            p
            for p in (
                _near(vocab, body, w["proximity_chars"], vocab.decisive_acts, sp) for sp in spans
            )
            if p
        ),
        None,
    )
    if decisive:
        add(w["body_decisive_act"], f"body: '{decisive[0]}' + '{decisive[1]}'")
    venues = _terms(vocab.venue_words, body)
    if venues:
        add(
            min(len(venues) * w["body_venue"], w["body_venue_cap"]),
            f"body: venue {_summary(venues)}",
        )
    words = _terms(vocab.meeting_words, body)
    if words:
        add(
            min(len(words) * w["body_meeting_word"], w["body_meeting_word_cap"]),
            f"body: meeting words ×{len(words)}",
        )
    return score, reasons


_CLAUSE_END = re.compile(r"[,.;:!?()]")


def _meeting_on_dx(text: str, vocab: Vocabulary) -> str | None:
    """The words of a meeting whose agenda is a DX term ("hội nghị toàn quốc về chuyển đổi số",
    "hội nghị sơ kết 2 năm triển khai Đề án 06"): the term follows the meeting word in the same
    clause, within 60 characters. A DX term listed after a comma among other subjects is not."""
    for m in vocab.meeting_words.finditer(text):
        stop = _CLAUSE_END.search(text, m.end())
        end = min(m.end() + 60, stop.start() if stop else len(text))
        term = vocab.dx_strong.search(text, m.end(), end)
        if term:
            return text[m.start() : term.end()]
    return None


def dx_evidence(
    sections: dict[str, str], vocab: Vocabulary | None = None
) -> tuple[float, list[str]]:
    """Score how much the article's subject is digital transformation, with the reasons."""
    vocab = vocab or load_vocabulary()
    w = vocab.scoring["dx"]
    score, reasons = 0.0, []

    def add(points: float, reason: str) -> None:
        nonlocal score
        score += points
        reasons.append(f"{reason} ({points:+.2f})")

    for section in ("title", "lead"):
        text = sections[section]
        strong, weak = _terms(vocab.dx_strong, text), _terms(vocab.dx_weak, text)
        # A DX body named for itself (not as someone's office, "Trưởng Ban Chỉ đạo...") makes
        # the subject DX: its meetings are DX meetings (DOMAIN.md §5), so it outranks a term.
        named = find_all(vocab.body_pattern, text)
        bodies = [vocab.bodies[int(m[3][1:])].id for m in named]
        own = [
            vocab.bodies[int(m[3][1:])].id
            for m in named
            if not vocab.body_role_before.search(text, max(0, m[0] - 40), m[0])
        ]
        if own and w[f"{section}_body"] > w[f"{section}_strong"]:
            add(w[f"{section}_body"], f"{section}: DX body {_summary(own)}")
        elif strong:
            add(w[f"{section}_strong"], f"{section}: DX term {_summary(strong)}")
            agenda = _meeting_on_dx(text, vocab) if section == "lead" else None
            if agenda:
                add(w["lead_meeting_on_dx"], f"lead: a meeting on DX '{agenda}'")
        elif bodies:
            add(w[f"{section}_body"], f"{section}: DX body {_summary(bodies)}")
        elif weak:
            add(w[f"{section}_weak"], f"{section}: DX-related term {_summary(weak)}")
    body = sections["body"]
    strong, weak = _terms(vocab.dx_strong, body), _terms(vocab.dx_weak, body)
    if strong:
        add(
            min(len(strong) * w["body_strong"], w["body_strong_cap"]),
            f"body: DX terms {_summary(strong)}",
        )
    if weak:
        add(
            min(len(weak) * w["body_weak"], w["body_weak_cap"]),
            f"body: DX-related terms ×{len(weak)}",
        )
    bodies = {vocab.bodies[int(m[3][1:])].id for m in find_all(vocab.body_pattern, body)}
    if bodies:
        add(w["body_body"], f"body: DX body {_summary(sorted(bodies))}")
    paragraphs = [p for p in body.split("\n") if p.strip()]
    dx = sum(1 for p in paragraphs if vocab.dx_strong.search(p) or vocab.dx_weak.search(p))
    if len(paragraphs) >= 2 and dx / len(paragraphs) >= w["body_paragraph_share_min"]:
        add(w["body_paragraph_share"], f"body: DX in {dx} of {len(paragraphs)} paragraphs")
    return score, reasons


def classify(article: dict, sections: dict[str, str] | None = None) -> Classification:
    """Classify one article dict (title, lead, body_text): topic_dx, is_meeting_report, score."""
    vocab = load_vocabulary()
    sections = sections or article_sections(article)
    dx_score, dx_reasons = dx_evidence(sections, vocab)
    meeting_score, meeting_reasons = meeting_evidence(sections, vocab, article)
    topic_dx = dx_score >= vocab.scoring["dx"]["threshold"]
    is_meeting = meeting_score >= vocab.scoring["meeting"]["threshold"]
    # 0..1: half from each side, each saturating, so DX meeting reports rank first.
    relevance = 0.5 * min(max(dx_score, 0.0) / 8.0, 1.0) + 0.5 * min(
        max(meeting_score, 0.0) / 6.0, 1.0
    )
    reasons = [f"topic_dx={'yes' if topic_dx else 'no'}: score {dx_score:.2f}"] + dx_reasons
    reasons += [f"meeting report={'yes' if is_meeting else 'no'}: score {meeting_score:.2f}"]
    reasons += meeting_reasons
    return Classification(
        topic_dx,
        is_meeting,
        round(dx_score, 3),
        round(meeting_score, 3),
        round(relevance, 4),
        reasons,
    )
