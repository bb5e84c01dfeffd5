"""How long the classifier takes on one long body: the linear proximity search next to the
quadratic one it replaced (kept here as the reference), measured in the same run.

    .venv/bin/python benchmarks/analysis_bound.py [--sizes 20000 80000 320000]
"""

from __future__ import annotations

import argparse
import importlib
import time
from unittest import mock

from crawler.analysis import analyse_article
from crawler.analysis.classify import find_all

# The module, not the function of the same name that crawler.analysis exports.
classify = importlib.import_module("crawler.analysis.classify")

SENTENCE = "Chiều 30-11, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ nhất tại hội nghị. "


def quadratic_near(vocab, text, distance, acts_pattern=None, span=None):
    """The proximity search before issue 14: every act against every word, per sentence."""
    lo, hi = span or (0, len(text))
    acts = [a for a in find_all(acts_pattern or vocab.convening_acts, text) if lo <= a[0] < hi]
    if not acts:
        return None
    for w_start, w_end, word, _ in find_all(vocab.meeting_words, text):
        if not lo <= w_start < hi:
            continue
        for start, end, act, _ in acts:
            if (end <= w_start or start >= w_end) and abs(start - w_start) <= distance:
                return act, word
    return None


def timed(article: dict) -> float:
    classify.find_all.cache_clear()
    classify._starts.cache_clear()
    started = time.perf_counter()
    analyse_article(article)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 80_000, 320_000])
    args = parser.parse_args()
    print(f"{'body chars':>10} {'linear s':>9} {'quadratic s (reference)':>24}")
    for size in args.sizes:
        body = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
        article = {"title": "Hội nghị chuyển đổi số", "lead": SENTENCE, "body_text": body}
        linear = timed(article)
        with mock.patch.object(classify, "_near", quadratic_near):
            reference = timed(article)
        print(f"{size:>10} {linear:>9.2f} {reference:>24.2f}")


if __name__ == "__main__":
    main()
