"""Loads vocabulary.yaml and compiles its patterns once (matched against `match_key` text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from crawler.text import normalize_tones

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
_UPPER_ESCAPES = re.compile(r"\\[SDWB]")


class VocabularyError(ValueError):
    """vocabulary.yaml is invalid; the message names the file and the entry."""


def compile_terms(patterns: list[str], where: str) -> re.Pattern[str]:
    """One regex matching any of `patterns` as whole words, each in its own named group."""
    parts = []
    for i, raw in enumerate(patterns):
        if _UPPER_ESCAPES.search(raw):
            raise VocabularyError(f"{VOCABULARY_FILE}: {where}[{i}]: upper-case escape in {raw!r}")
        pattern = normalize_tones(raw).lower()
        try:
            re.compile(pattern)
        except re.error as exc:
            raise VocabularyError(f"{VOCABULARY_FILE}: {where}[{i}]: {raw!r}: {exc}") from None
        parts.append(f"(?P<t{i}>{pattern})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass
class Body:
    id: str
    name: str
    era: str
    level: str
    pattern: re.Pattern[str]
    valid: tuple[str | None, str | None] = (None, None)  # [from, until) of a national body
    # A provincial body the Government also has (Tổ công tác Đề án 06): national when the
    # meeting says it is (`national_event_markers`).
    also_national: bool = False

    def in_office(self, day: str) -> bool:
        """Whether the body existed under this name on `day` (YYYY-MM-DD)."""
        start, end = self.valid
        return bool(start) and start <= day and (end is None or day < end)


@dataclass
class Vocabulary:
    bodies: list[Body]
    body_pattern: re.Pattern[str]  # any body; group name b<i> = index into bodies
    kinds: list[tuple[str, re.Pattern[str]]]
    meeting_words: re.Pattern[str]
    convening_acts: re.Pattern[str]
    decisive_acts: re.Pattern[str]
    venue_words: re.Pattern[str]
    non_meeting_title: re.Pattern[str]
    dx_strong: re.Pattern[str]
    dx_weak: re.Pattern[str]
    scoring: dict
    person_titles: re.Pattern[str]
    person_honorifics: re.Pattern[str]
    surnames: frozenset[str]
    national_markers: re.Pattern[str] | None = None
    national_event_markers: re.Pattern[str] = re.compile(r"(?!x)x")
    body_role_before: re.Pattern[str] | None = None
    formats: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    bridge_prefixes: str = ""
    ordinals: dict[str, int] = field(default_factory=dict)
    plan_markers: re.Pattern[str] = re.compile(r"(?!x)x")
    session_markers: re.Pattern[str] = re.compile(r"(?!x)x")
    lead_speech_markers: re.Pattern[str] = re.compile(r"(?!x)x")
    other_conveners: re.Pattern[str] = re.compile(r"(?!x)x")
    # A document's date ("Công văn ngày 10/3"): group 1 is the date (see meetings.meeting_date).
    document_dates: re.Pattern[str] = re.compile(r"(?!x)x")
    # Text ending in a programme's or document's name, before a year that is theirs.
    programme_year_before: re.Pattern[str] = re.compile(r"(?!x)x")

    def body(self, body_id: str | None) -> Body | None:
        return next((b for b in self.bodies if b.id == body_id), None)


def _document_dates(words: list[str], meeting_words: list[str]) -> re.Pattern[str]:
    """ "<document word> ... ngày <date>" (case-insensitive); group 1 is the date. A meeting word
    in between ("Thông báo kết luận tại cuộc họp ngày 18/3") makes it the meeting's date."""
    if not words:
        return re.compile(r"(?!x)x")
    names = "|".join(normalize_tones(w) for w in words)
    meeting = "|".join(normalize_tones(w) for w in meeting_words)
    return re.compile(
        rf"(?i)(?<!\w)(?:{names})(?!\w)(?:(?!{meeting})[^,.;:\n]){{0,40}}?(?<!\w)ngày\s+"
        r"(\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
    )


def _programme_year_before(words: list[str]) -> re.Pattern[str]:
    """Text (match key) ending in "<programme word> ... [năm]" before a year: the year is the
    programme's or document's ("Kế hoạch chuyển đổi số năm 2026")."""
    if not words:
        return re.compile(r"(?!x)x")
    names = "|".join(normalize_tones(w).lower() for w in words)
    return re.compile(rf"(?<!\w)(?:{names})(?!\w)[^,.;:\n]{{0,80}}$")


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The vocabulary of vocabulary.yaml, compiled (cached)."""
    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    bodies = [
        Body(
            b["id"],
            b["name"],
            str(b["era"]),
            b["level"],
            compile_terms(b["patterns"], f"bodies.{b['id']}"),
            tuple(str(v) if v else None for v in b.get("valid", (None, None))),
            bool(b.get("also_national", False)),
        )
        for b in raw["bodies"]
    ]
    # One alternation, the word boundaries outside it: a leading look-behind in every branch
    # makes the regex engine try each branch at every position (much slower on long bodies).
    any_body = (
        "(?<!\\w)(?:"
        + "|".join(
            f"(?P<b{i}>{'|'.join(normalize_tones(p).lower() for p in b['patterns'])})"
            for i, b in enumerate(raw["bodies"])
        )
        + ")(?!\\w)"
    )
    kinds = [
        (k["id"], compile_terms(k["patterns"], f"meeting_kinds.{k['id']}"))
        for k in raw["meeting_kinds"]
    ]
    return Vocabulary(
        bodies=bodies,
        body_pattern=re.compile(any_body),
        kinds=kinds,
        meeting_words=compile_terms(raw["meeting_words"], "meeting_words"),
        convening_acts=compile_terms(raw["convening_acts"], "convening_acts"),
        decisive_acts=compile_terms(raw["decisive_acts"], "decisive_acts"),
        venue_words=compile_terms(raw["venue_words"], "venue_words"),
        non_meeting_title=compile_terms(raw["non_meeting_title"], "non_meeting_title"),
        dx_strong=compile_terms(raw["dx_terms"]["strong"], "dx_terms.strong"),
        dx_weak=compile_terms(raw["dx_terms"]["weak"], "dx_terms.weak"),
        scoring=raw["scoring"],
        person_titles=compile_terms(
            sorted(raw["person_titles"], key=len, reverse=True), "person_titles"
        ),
        person_honorifics=compile_terms(raw["person_honorifics"], "person_honorifics"),
        surnames=frozenset(normalize_tones(s) for s in raw["surnames"]),
        national_markers=compile_terms(raw["national_meeting_markers"], "national_meeting_markers"),
        national_event_markers=compile_terms(
            raw.get("national_event_markers") or ["(?!x)x"], "national_event_markers"
        ),
        body_role_before=re.compile(normalize_tones(raw["body_role_before"])),
        formats=[(k, compile_terms(v, f"formats.{k}")) for k, v in raw["formats"].items()],
        bridge_prefixes=normalize_tones(raw["bridge_prefixes"]),
        ordinals={normalize_tones(str(k)): int(v) for k, v in raw["ordinals"].items()},
        document_dates=_document_dates(raw.get("document_words") or [], raw["meeting_words"]),
        programme_year_before=_programme_year_before(raw.get("programme_words") or []),
        plan_markers=compile_terms(raw.get("plan_markers") or ["(?!x)x"], "plan_markers"),
        session_markers=compile_terms(raw.get("session_markers") or ["(?!x)x"], "session_markers"),
        lead_speech_markers=compile_terms(
            raw.get("lead_speech_markers") or ["(?!x)x"], "lead_speech_markers"
        ),
        other_conveners=compile_terms(raw.get("other_conveners") or ["(?!x)x"], "other_conveners"),
    )
