"""The SQLite side of meeting intelligence: analysis columns of articles, meetings, events, people."""

from __future__ import annotations

import json

import sqlite_utils

from storage.migrations import describe_table, migration

# The facts of a meeting report copied into its `meetings` row.
MEETING_FACTS = (
    "kind", "body_id", "body_name", "era", "session", "meeting_date", "meeting_date_source",
    "meeting_date_phrase", "meeting_date_confidence", "chair", "format",
)  # fmt: skip

# The article columns analysis fills (all exist in storage.schema.ARTICLE_COLUMNS).
ANALYSIS_COLUMNS = (
    "topic_dx",
    "is_meeting_report",
    "is_dx_meeting_report",
    "relevance_score",
    "relevance_reasons",
    "event_id",
    "duplicate_of",
    "province_now",
    "meeting_date",
)
_READ_COLUMNS = ("id", "url", "source_id", "title", "lead", "body_text", "published_at", "province")


@migration("analysis_0001_tables")
def _create_analysis_tables(db: sqlite_utils.Database) -> None:
    db["provinces"].create(
        {
            "name": str,
            "current": int,
            "now": str,
            "type": str,
            "former": str,
            "lat": float,
            "lon": float,
        },
        pk="name",
        if_not_exists=True,
    )
    db["events"].create(
        {
            "event_id": str,
            "title": str,
            "meeting_date": str,
            "body_id": str,
            "kind": str,
            "session": int,
            "n_articles": int,
            "n_sources": int,
            "n_provinces": int,
            "provinces": str,
            "first_published": str,
        },
        pk="event_id",
        if_not_exists=True,
    )
    db["meetings"].create(
        {
            "article_id": int,
            "event_id": str,
            "kind": str,
            "body_id": str,
            "body_name": str,
            "era": str,
            "session": int,
            "meeting_date": str,
            "meeting_date_source": str,
            "chair": str,
            "format": str,
            "bridge_points": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db["people"].create(
        {"id": int, "name": str, "title": str, "n_articles": int, "n_events": int},
        pk="id",
        if_not_exists=True,
    )
    db["people"].create_index(["name"], unique=True, if_not_exists=True)
    db["mentions"].create(
        {
            "id": int,
            "person_id": int,
            "name": str,
            "title": str,
            "article_id": int,
            "event_id": str,
        },
        pk="id",
        foreign_keys=[("person_id", "people", "id"), ("article_id", "articles", "id")],
        if_not_exists=True,
    )
    for table, columns in (
        ("meetings", ["event_id"]),
        ("meetings", ["meeting_date"]),
        ("mentions", ["article_id"]),
        ("mentions", ["person_id"]),
        ("mentions", ["event_id"]),
        ("events", ["meeting_date"]),
    ):
        db[table].create_index(columns, if_not_exists=True)


@migration("analysis_0002_dx_reports_and_evidence")
def _add_dx_reports_and_evidence(db: sqlite_utils.Database) -> None:
    """is_dx_meeting_report beside is_meeting_report (issue 12: two facts, two names); the phrase
    and confidence of each meeting date; the facts a report takes from other coverage."""
    added = {
        "articles": {"is_dx_meeting_report": int},
        "meetings": {
            "meeting_date_phrase": str,
            "meeting_date_confidence": float,
            "from_other_coverage": str,
        },
        "events": {"chair": str, "format": str},
    }
    for table, columns in added.items():
        existing = db[table].columns_dict if db[table].exists() else None
        if existing is None:
            continue
        for name, kind in columns.items():
            if name not in existing:
                db[table].add_column(name, kind)
    if db["articles"].exists():
        # Rows analysed before this column: the DX flag from the two facts already stored.
        db.execute(
            "update articles set is_dx_meeting_report = (is_meeting_report = 1 and topic_dx = 1)"
            " where is_meeting_report is not null"
        )
        db["articles"].create_index(["is_dx_meeting_report", "published_at"], if_not_exists=True)


@migration("analysis_0003_dx_events")
def _add_dx_events(db: sqlite_utils.Database) -> None:
    """events.is_dx_meeting and n_dx_reports (issue 12: an event of a meeting on any subject is
    told apart from a digital-transformation meeting); filled by the next `govmon analyse`."""
    if not db["events"].exists():
        return
    existing = db["events"].columns_dict
    for name in ("is_dx_meeting", "n_dx_reports"):
        if name not in existing:
            db["events"].add_column(name, int)
    if db["articles"].exists():
        # Events grouped before these columns: counted from their reports' stored flags.
        db.execute(
            "update events set n_dx_reports = (select count(*) from articles a where"
            " a.event_id = events.event_id and a.is_dx_meeting_report = 1)"
        )
        db.execute(
            "update events set is_dx_meeting = (2 * n_dx_reports >= n_articles)"
            " where n_articles is not null"
        )
    db["events"].create_index(["is_dx_meeting", "meeting_date"], if_not_exists=True)


describe_table(
    "meetings",
    "One row per meeting-report article: the facts of the meeting it reports.",
    {
        "article_id": "The article (articles.id).",
        "event_id": "The meeting event the article reports (events.event_id).",
        "kind": "phien_hop, hoi_nghi, hoi_nghi_so_ket, hoi_nghi_tong_ket, cuoc_hop or buoi_lam_viec.",
        "body_id": "Canonical id of the committee or steering body (ncdt, ubqg_cpdt, bcd_cds_tinh...).",
        "body_name": "The body's name as the article writes it (lower case match key).",
        "era": 'Years the body existed under that name ("2021-2025"), or provincial.',
        "session": 'Session number ("Phiên họp thứ nhất" → 1).',
        "meeting_date": "Date of the meeting (YYYY-MM-DD) from the lead or body; year-less dates resolved with the publication date.",
        "meeting_date_source": "Where the date came from: lead, title, body, published_at (fallback) or other_coverage (the event's date, read by other reports).",
        "meeting_date_phrase": 'The printed words the date was read from ("Chiều 30-11", "Sáng nay (8/7)", "Tối qua"), or the publication time when it is the fallback.',
        "meeting_date_confidence": "0..1: how sure the date is (lead 0.9, title 0.8, body 0.7, other coverage 0.6, publication date 0.4).",
        "from_other_coverage": 'JSON object of the facts (chair, session, body_id, kind, meeting_date) this report did not print, or printed otherwise than most reports of its event, with the value the other coverage gives: {"chair": "Phạm Minh Chính"}. The columns of this row keep what the article itself printed.',
        "chair": 'Who chaired ("X chủ trì"); from other coverage when this report names none (see from_other_coverage).',
        "format": "truc_tuyen, truc_tiep or truc_tiep_ket_hop_truc_tuyen.",
        "bridge_points": "JSON list of provinces named as bridge points (điểm cầu / đầu cầu), canonical names.",
    },
)
describe_table(
    "events",
    "One row per meeting: the articles that report it, grouped across sources.",
    {
        "event_id": "Stable id from date, body (or province) and kind: 2021-11-30-ncdt-phien-hop-1.",
        "title": "The meeting named from its facts: kind, session, body, province, date (e.g. Phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số, 30/11/2021).",
        "meeting_date": "Date of the meeting.",
        "body_id": "Committee or steering body, when named.",
        "kind": "Kind of meeting (see meetings.kind).",
        "session": "Session number, when given.",
        "chair": "Who chaired, as most of its reports name them.",
        "format": "truc_tuyen, truc_tiep or truc_tiep_ket_hop_truc_tuyen, as most of its reports say.",
        "n_articles": "Articles reporting the meeting.",
        "n_sources": "Distinct sources among them.",
        "n_provinces": "Distinct current provinces of those sources.",
        "provinces": "JSON list of those current provinces.",
        "first_published": "Publication time of the earliest report.",
        "n_dx_reports": "Its reports that are DX meeting reports (articles.is_dx_meeting_report).",
        "is_dx_meeting": "1 when it is a digital-transformation meeting (at least half its reports are DX meeting reports); 0 for a meeting on another subject. What the events page and the dashboard's event count call DX meetings.",
    },
)
describe_table(
    "people",
    "People named with a title in meeting reports.",
    {
        "id": "Person id.",
        "name": 'Name as written ("Phạm Minh Chính").',
        "title": "The title most often printed with the name.",
        "n_articles": "Meeting reports naming the person.",
        "n_events": "Events naming the person.",
    },
)
describe_table(
    "mentions",
    "One row per person named in a meeting report.",
    {
        "id": "Mention id.",
        "person_id": "The person (people.id).",
        "name": "Name as written.",
        "title": 'Title printed with the name in this article ("Phó Chủ tịch UBND tỉnh").',
        "article_id": "The article (articles.id).",
        "event_id": "The article's event.",
    },
)
describe_table(
    "provinces",
    "Vietnam's provinces: the 63 before and the 34 after the 2025 reorganisation.",
    {
        "name": "Province name.",
        "current": "1 for the 34 units from 2025-07-01.",
        "now": "The current province it belongs to.",
        "type": "province or city.",
        "former": "JSON list of the former provinces a current one is made of.",
        "lat": "Approximate latitude of its capital.",
        "lon": "Approximate longitude of its capital.",
    },
)


def read_articles(db: sqlite_utils.Database) -> list[dict]:
    """Every stored article with the columns analysis reads."""
    return list(db.query(f"select {', '.join(_READ_COLUMNS)} from articles order by id"))


def save_provinces(db: sqlite_utils.Database, provinces: list[dict]) -> int:
    """(Re)fill the provinces table with `provinces` (crawler.provinces.all_provinces() rows)."""
    rows = [
        {
            "name": p["name"],
            "current": int(bool(p["current"])),
            "now": p["now"],
            "type": p.get("type"),
            "former": json.dumps(p.get("former") or [], ensure_ascii=False),
            "lat": p.get("lat"),
            "lon": p.get("lon"),
        }
        for p in provinces
    ]
    db["provinces"].insert_all(rows, pk="name", replace=True)
    return len(rows)


def analysis_values(result: dict, assignment: dict) -> dict:
    """The analysis columns of one article's row (the full and the nightly run write these)."""
    duplicate = assignment.get("duplicate_of")
    return {
        "topic_dx": int(result["topic_dx"]),
        "is_meeting_report": int(result["is_meeting_report"]),
        "is_dx_meeting_report": int(result["is_dx_meeting_report"]),
        "relevance_score": result["relevance_score"],
        "relevance_reasons": json.dumps(result["relevance_reasons"], ensure_ascii=False),
        "event_id": assignment.get("event_id"),
        "duplicate_of": int(duplicate) if duplicate is not None else None,
        "province_now": result.get("province_now"),
        "meeting_date": assignment.get("meeting_date", result.get("meeting_date")),
    }


def meeting_row(article_id: int, facts: dict, assignment: dict) -> dict:
    """One `meetings` row: the report's facts, with the date and facts its event shares."""
    row = {
        "article_id": article_id,
        "event_id": assignment.get("event_id"),
        **{k: facts.get(k) for k in MEETING_FACTS},
        "bridge_points": json.dumps(facts.get("bridge_points") or [], ensure_ascii=False),
    }
    row["meeting_date"] = assignment.get("meeting_date") or facts.get("meeting_date")
    if assignment.get("meeting_date_source") == "other_coverage":
        row.update(
            meeting_date_source="other_coverage",
            meeting_date_phrase=assignment.get("meeting_date_phrase"),
            meeting_date_confidence=0.6,
        )
    row["from_other_coverage"] = json.dumps(
        assignment.get("from_other_coverage") or {}, ensure_ascii=False
    )
    return row


def save_analysis(
    db: sqlite_utils.Database,
    articles: list[dict],
    analyses: list[dict],
    assignments: list[dict],
    events: list[dict],
) -> dict:
    """Write analyses, event assignments and `events` of `articles` (rows of `read_articles`).

    Updates the analysis columns of articles (only rows whose values changed) and rebuilds the
    meetings, events, people and mentions tables. Returns counts.
    """
    current = {
        r["id"]: r for r in db.query(f"select id, {', '.join(ANALYSIS_COLUMNS)} from articles")
    }
    updates = []
    for article, result, assignment in zip(articles, analyses, assignments, strict=True):
        row = analysis_values(result, assignment)
        old = current.get(article["id"], {})
        if any(old.get(k) != v for k, v in row.items()):
            updates.append((*row.values(), article["id"]))
    event_of = {a["key"]: a["event_id"] for a in assignments}
    assigned = {a["key"]: a for a in assignments}
    meetings, mentions, people = [], [], {}
    for article, result in zip(articles, analyses, strict=True):
        facts = result.get("meeting")
        if not facts:
            continue
        event_id = event_of.get(str(article["id"]))
        meetings.append(meeting_row(article["id"], facts, assigned.get(str(article["id"])) or {}))
        for person in result.get("people") or []:
            record = people.setdefault(
                person["name"], {"titles": {}, "articles": set(), "events": set()}
            )
            record["titles"][person["title"]] = record["titles"].get(person["title"], 0) + 1
            record["articles"].add(article["id"])
            if event_id:
                record["events"].add(event_id)
            mentions.append(
                {
                    "name": person["name"],
                    "title": person["title"],
                    "article_id": article["id"],
                    "event_id": event_id,
                }
            )
    person_rows = [
        {
            "id": i,
            "name": name,
            "title": max(r["titles"], key=r["titles"].get),
            "n_articles": len(r["articles"]),
            "n_events": len(r["events"]),
        }
        for i, (name, r) in enumerate(sorted(people.items()), start=1)
    ]
    person_id = {r["name"]: r["id"] for r in person_rows}
    for i, m in enumerate(mentions, start=1):
        m["id"], m["person_id"] = i, person_id[m["name"]]
    with db.conn:
        db.conn.executemany(
            f"update articles set {', '.join(f'{c} = ?' for c in ANALYSIS_COLUMNS)} where id = ?",
            updates,
        )
        for table in ("mentions", "people", "meetings", "events"):
            db.execute(f"delete from {table}")
        db["events"].insert_all(
            [{**e, "provinces": json.dumps(e["provinces"], ensure_ascii=False)} for e in events],
            pk="event_id",
        )
        db["meetings"].insert_all(meetings, pk="article_id")
        db["people"].insert_all(person_rows, pk="id")
        db["mentions"].insert_all(mentions, pk="id")
    return {
        "articles": len(articles),
        "updated": len(updates),
        "meeting_reports": len(meetings),
        "events": len(events),
        "people": len(person_rows),
        "mentions": len(mentions),
    }
