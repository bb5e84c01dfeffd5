"""People named with their titles ("Thủ tướng Chính phủ Phạm Minh Chính") in article text."""

from __future__ import annotations

import re

from crawler.analysis.vocabulary import Vocabulary, load_vocabulary
from crawler.text import normalize_tones

# A title-case word: an upper-case letter then lower-case letters (names, not "UBND" or "TT&TT").
# A word; "H'Yến" (an Ê Đê woman's name prefix) is one word.
_WORD = re.compile(r"[^\W\d_](?:['’](?=[^\W\d_]))?[^\W\d_]*", re.UNICODE)
# Names of Tây Nguyên peoples open with Y (men) or H' (women), family name last, up to five words.
_PREFIXED = re.compile(r"^(?:Y|H['’][^\W\d_]+)$")
_TITLE_STOP = re.compile(r"[;.()\n]|,\s|\s[-–—]\s")
_MAX_TITLE = 160
# A verb ending the appositive title: "... Phó Thủ tướng Chính phủ dự và chủ trì hội nghị".
_ACT_AFTER_TITLE = re.compile(
    r"\s(?:đã\s)?(?:dự|tham dự|chủ trì|phát biểu|cho biết|nhấn mạnh)(?!\w)"
)


def _clean_title(title: str) -> str:
    title = title.strip(" ,:;-–—")
    if len(title) > _MAX_TITLE:  # cut at a word boundary
        title = title[:_MAX_TITLE].rsplit(" ", 1)[0].rstrip(" ,-–—")
    return title


def _is_name_word(word: str) -> bool:
    if word[1:2] in ("'", "’"):
        word = word[2:]
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _name_at(
    text: str, start: int, vocab: Vocabulary, max_gap: int = 120
) -> tuple[int, int] | None:
    """(start, end) of the first personal name at or after `start` (within `max_gap` characters).

    A name is a run of 2–4 title-case words starting with a family name and ending the run of
    title-case words (so "Bộ Công Thương Nguyễn Hồng Diên" yields "Nguyễn Hồng Diên").
    """
    words = [m for m in _WORD.finditer(text, start, min(len(text), start + max_gap + 60))]
    i = 0
    while i < len(words):
        if not _is_name_word(words[i].group(0)):
            i += 1
            continue
        j = i  # collect a run of title-case words separated by single spaces
        while (
            j + 1 < len(words)
            and _is_name_word(words[j + 1].group(0))
            and text[words[j].end() : words[j + 1].start()] == " "
        ):
            j += 1
        run = words[i : j + 1]
        for k, word in enumerate(run):
            rest = len(run) - k
            prefixed = bool(_PREFIXED.match(word.group(0)))
            if (2 <= rest <= 4 and normalize_tones(word.group(0)) in vocab.surnames) or (
                prefixed and 2 <= rest <= 5
            ):
                if run[k].start() - start > max_gap:
                    return None
                return run[k].start(), run[-1].end()
        i = j + 1
    return None


def find_people(text: str, vocab: Vocabulary | None = None) -> list[dict]:
    """Every distinct person named with a title: [{"name", "title"}] in order of first mention.

    Handles "<title> <org> <Name>" ("Phó Chủ tịch UBND tỉnh Trần Anh Thư") and
    "<honorific> <Name> - <title>" ("ông Trương Quốc Huy - Phó Bí thư Tỉnh ủy").
    """
    vocab = vocab or load_vocabulary()
    text = normalize_tones(text)
    lowered = text.lower()  # same length as text: the patterns match on it, offsets reused
    found: dict[str, str] = {}
    for m in vocab.person_titles.finditer(lowered):
        if not text[m.start()].isupper() and lowered[max(0, m.start() - 1)] not in " \n":
            continue
        span = _name_at(text, m.end(), vocab, max_gap=70)
        if span is None:
            continue
        between = text[m.start() : span[0]]
        if _TITLE_STOP.search(between):
            continue  # the name belongs to another clause
        title = _clean_title(between)
        name = text[span[0] : span[1]]
        if name not in found or len(title) > len(found[name]):
            found[name] = title
    for m in vocab.person_honorifics.finditer(lowered):
        span = _name_at(text, m.end(), vocab, max_gap=1)
        if span is None:
            continue
        name = text[span[0] : span[1]]
        after = text[span[1] : span[1] + _MAX_TITLE + 20]
        sep = re.match(r"\s*(?:,|[-–—])\s*", after)
        if not sep:
            continue
        stop = re.search(r"[;.()\n]|,\s", after[sep.end() :])
        title = after[sep.end() : sep.end() + (stop.start() if stop else _MAX_TITLE)]
        title = _clean_title(_ACT_AFTER_TITLE.split(title, maxsplit=1)[0])
        if title and vocab.person_titles.search(title.lower()) and name not in found:
            found[name] = title[:_MAX_TITLE]
    return [{"name": n, "title": t} for n, t in found.items()]
