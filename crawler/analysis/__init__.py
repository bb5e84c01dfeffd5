"""Meeting intelligence: classify articles, extract meeting facts, group reports into events."""

from __future__ import annotations

from crawler.analysis.classify import article_sections, classify
from crawler.analysis.events import group_events
from crawler.analysis.meetings import meeting_facts
from crawler.text import nfc

__all__ = ["analyse_article", "group_events"]


def analyse_article(article: dict) -> dict:
    """Analyse one article dict (title, lead, body_text, published_at, province): pure, no events.

    Returns topic_dx, is_meeting_report (any subject), is_dx_meeting_report (a meeting report
    whose subject is digital transformation), relevance_score, relevance_reasons (list of str),
    province_now, meeting_date and, for meeting reports, `meeting` (the facts of
    `meeting_facts`) — otherwise `meeting` is None. `people` lists everyone named with a title.
    """
    from crawler.provinces import province_now

    sections = article_sections(article)
    verdict = classify(article, sections)
    province = article.get("province")
    result: dict = {
        "topic_dx": verdict.topic_dx,
        "is_meeting_report": verdict.is_meeting_report,
        # The two facts under two names: a meeting on any subject, and one on digital transformation.
        "is_dx_meeting_report": verdict.is_meeting_report and verdict.topic_dx,
        "relevance_score": verdict.relevance_score,
        "relevance_reasons": verdict.relevance_reasons,
        "dx_score": verdict.dx_score,
        "meeting_score": verdict.meeting_score,
        "province_now": province_now(nfc(province)) if province else None,
        "meeting_date": None,
        "meeting": None,
        "people": [],
    }
    if verdict.is_meeting_report:
        facts = meeting_facts(article, sections, verdict.topic_dx)
        result["people"] = facts.pop("people")
        result["meeting"] = facts
        result["meeting_date"] = facts["meeting_date"]
    return result
