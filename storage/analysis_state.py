"""Which articles and events the nightly analysis must (re)run: the bookkeeping of incremental analysis.

- ``articles.analysed_hash`` is the ``content_hash`` the stored analysis was computed from. An
  article whose hash differs (new, or its text changed) is *pending*; a partial index makes
  finding them cost what there is to find, not the size of the archive.
- ``analysis_results`` keeps the full analysis of each meeting report (the facts grouping needs),
  so regrouping the events of a day reuses the analyses of that day's other reports instead of
  running the rules on them again.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import sqlite_utils

from storage.migrations import describe_table, migration


@migration("analysis_state_0001_pending_and_results")
def _create_state(db: sqlite_utils.Database) -> None:
    conn = db.conn
    with conn:
        if "analysed_hash" not in db["articles"].columns_dict:
            conn.execute("alter table articles add column analysed_hash text")
        # Only the pending rows are in this index: finding them does not scan the archive.
        conn.execute(
            "create index if not exists idx_articles_pending on articles(id) "
            "where analysed_hash is not content_hash"
        )
        conn.execute(
            "create table if not exists analysis_results (article_id integer primary key "
            "references articles(id), content_hash text, meeting_date text, result text)"
        )
        conn.execute(
            "create index if not exists idx_analysis_results_day on analysis_results(meeting_date)"
        )


describe_table(
    "analysis_results",
    "The full analysis of each meeting report, kept so that regrouping a day's events after a "
    "night's crawl does not analyse that day's other reports again (internal).",
    {
        "article_id": "The article (articles.id).",
        "content_hash": "The articles.content_hash this analysis was computed from.",
        "meeting_date": "The meeting day the analysis found (YYYY-MM-DD), before event grouping.",
        "result": "JSON of crawler.analysis.analyse_article's result.",
    },
)


def cache_analyses(conn, analyses: list[tuple[int, str, dict]]) -> None:
    """Keep ``(article id, content hash, analysis)`` computed at crawl time until the nightly
    step groups them (it then keeps those of meeting reports only)."""
    conn.executemany(
        "insert or replace into analysis_results (article_id, content_hash, meeting_date, result) "
        "values (?, ?, ?, ?)",
        [
            (
                article_id,
                content_hash,
                (result.get("meeting") or {}).get("meeting_date"),
                json.dumps(result, ensure_ascii=False, default=str),
            )
            for article_id, content_hash, result in analyses
        ],
    )


def pending_ids(db: sqlite_utils.Database) -> list[int]:
    """Ids of the articles whose stored analysis is missing or was computed from older text."""
    return [
        row[0]
        for row in db.execute(
            "select id from articles indexed by idx_articles_pending "
            "where analysed_hash is not content_hash order by id"
        )
    ]


def cached_results(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    """{article id: analysis} for the given articles whose cached analysis is current."""
    rows = db.execute(
        "select r.article_id, r.result from analysis_results r join articles a "
        "on a.id = r.article_id and a.content_hash = r.content_hash "
        "where r.article_id in (select value from json_each(?))",
        [json.dumps(ids)],
    )
    return {article_id: json.loads(result) for article_id, result in rows}


def reports_of_days(db: sqlite_utils.Database, days: set[str]) -> dict[int, dict]:
    """{article id: cached analysis} of every stored meeting report of those meeting days."""
    rows = db.execute(
        "select r.article_id, r.result from analysis_results r join articles a "
        "on a.id = r.article_id and a.content_hash = r.content_hash "
        "where r.meeting_date in (select value from json_each(?))",
        [json.dumps(sorted(days))],
    )
    return {article_id: json.loads(result) for article_id, result in rows}


def neighbour_ids(db: sqlite_utils.Database, days: set[str], spread: int = 1) -> list[int]:
    """Articles published within ``spread`` days of ``days``: where republications are looked for."""
    wanted: set[str] = set()
    for day in days:
        try:
            start = date.fromisoformat(day)
        except ValueError:
            continue
        wanted.update((start + timedelta(days=d)).isoformat() for d in range(-spread, spread + 1))
    return [
        row[0]
        for row in db.execute(
            "select id from articles where published_date in (select value from json_each(?))",
            [json.dumps(sorted(wanted))],
        )
    ]


def record_analysed(db: sqlite_utils.Database, articles: list[dict], analyses: list[dict]) -> None:
    """Mark articles as analysed from their current text and cache the analyses of reports.

    Call inside the transaction that writes the analysis, so the marks and the results agree.
    """
    ids = [a["id"] for a in articles]
    db.conn.executemany(
        "update articles set analysed_hash = content_hash where id = ?", [(i,) for i in ids]
    )
    db.conn.execute(
        "delete from analysis_results where article_id in (select value from json_each(?))",
        [json.dumps(ids)],
    )
    db.conn.executemany(
        "insert into analysis_results (article_id, content_hash, meeting_date, result) "
        "select ?, content_hash, ?, ? from articles where id = ?",
        [
            (
                a["id"],
                (r.get("meeting") or {}).get("meeting_date"),
                json.dumps(r, ensure_ascii=False, default=str),
                a["id"],
            )
            for a, r in zip(articles, analyses, strict=True)
            if r.get("is_meeting_report") and r.get("meeting")
        ],
    )


_READ = "id, url, source_id, title, lead, body_text, published_at, province, province_now"


def read_articles_by_id(db: sqlite_utils.Database, ids: list[int]) -> list[dict]:
    """The articles with these ids (the columns analysis reads), in id order."""
    cursor = db.execute(
        f"select {_READ} from articles where id in (select value from json_each(?)) order by id",
        [json.dumps(list(ids))],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def previous_days(db: sqlite_utils.Database, ids: list[int]) -> set[str]:
    """The meeting days these articles' events had before tonight (events they may leave)."""
    rows = db.execute(
        "select meeting_date from articles where id in (select value from json_each(?)) "
        "and event_id is not null and meeting_date is not null "
        "union select meeting_date from analysis_results "
        "where article_id in (select value from json_each(?)) and meeting_date is not null",
        [json.dumps(ids), json.dumps(ids)],
    )
    return {row[0] for row in rows}


def event_days(db: sqlite_utils.Database, ids: list[int]) -> set[str]:
    """The meeting days of every report in the events these articles are in (an event may
    hold reports of days either side of theirs)."""
    rows = db.execute(
        "select distinct r.meeting_date from analysis_results r join articles a "
        "on a.id = r.article_id where r.meeting_date is not null and a.event_id in "
        "(select event_id from articles where id in (select value from json_each(?)) "
        "and event_id is not null)",
        [json.dumps(ids)],
    )
    return {row[0] for row in rows}


def _ids_json(ids) -> str:
    return json.dumps(sorted(ids))


def write_incremental(
    db: sqlite_utils.Database,
    fresh: list[dict],
    results: list[dict],
    fresh_values: dict[int, dict],
    regrouped: dict[int, dict],
    events: list[dict],
    meetings: list[dict],
    people: list[dict],
    mentions: list[dict],
) -> None:
    """Write one night's analysis in one transaction: the pending articles' columns, the
    touched days' events, meetings and mentions, the people they name; mark them analysed."""
    conn = db.conn
    scope = _ids_json(set(fresh_values) | set(regrouped))
    with conn:
        old_events = [
            r[0]
            for r in conn.execute(
                "select distinct event_id from articles where id in "
                "(select value from json_each(?)) and event_id is not null",
                [scope],
            )
        ]
        for article_id, values in fresh_values.items():
            conn.execute(
                f"update articles set {', '.join(f'{k} = ?' for k in values)} where id = ?",
                [*values.values(), article_id],
            )
        conn.executemany(
            "update articles set event_id = ?, meeting_date = coalesce(?, meeting_date) "
            "where id = ?",
            [(v["event_id"], v["meeting_date"], k) for k, v in regrouped.items()],
        )
        conn.execute(
            "delete from events where event_id in (select value from json_each(?))",
            [json.dumps(old_events)],
        )
        if events:
            db["events"].insert_all(
                [
                    {**e, "provinces": json.dumps(e["provinces"], ensure_ascii=False)}
                    for e in events
                ],
                pk="event_id",
                replace=True,
            )
        conn.execute(
            "delete from meetings where article_id in (select value from json_each(?))", [scope]
        )
        if meetings:
            db["meetings"].insert_all(meetings, pk="article_id", replace=True)
        _write_mentions(db, scope, people, mentions)
        record_analysed(db, fresh, results)


def _write_mentions(
    db: sqlite_utils.Database, scope: str, people: list[dict], mentions: list[dict]
):
    """Replace the scope's mentions; give new names a person id; recount the people named."""
    conn = db.conn
    touched = {
        r[0]
        for r in conn.execute(
            "select distinct name from mentions where article_id in (select value from json_each(?))",
            [scope],
        )
    }
    conn.execute(
        "delete from mentions where article_id in (select value from json_each(?))", [scope]
    )
    person_id = dict(conn.execute("select name, id from people"))
    next_person = (conn.execute("select max(id) from people").fetchone()[0] or 0) + 1
    for person in people:
        if person["name"] not in person_id:
            conn.execute(
                "insert into people (id, name, title, n_articles, n_events) values (?, ?, ?, 0, 0)",
                [next_person, person["name"], person["title"]],
            )
            person_id[person["name"]], next_person = next_person, next_person + 1
    next_mention = (conn.execute("select max(id) from mentions").fetchone()[0] or 0) + 1
    conn.executemany(
        "insert into mentions (id, person_id, name, title, article_id, event_id) "
        "values (?, ?, ?, ?, ?, ?)",
        [
            (next_mention + i, person_id[m["name"]], m["name"], m["title"], m["article_id"],
             m["event_id"])
            for i, m in enumerate(mentions)
        ],
    )  # fmt: skip
    touched |= {m["name"] for m in mentions}
    names = json.dumps(sorted(touched))
    conn.execute(
        "update people set n_articles = (select count(distinct article_id) from mentions m "
        "where m.person_id = people.id), n_events = (select count(distinct event_id) from "
        "mentions m where m.person_id = people.id), title = coalesce((select title from mentions m "
        "where m.person_id = people.id group by title order by count(*) desc, title limit 1), "
        "title) where name in (select value from json_each(?))",
        [names],
    )
    conn.execute(
        "delete from people where n_articles = 0 and name in (select value from json_each(?))",
        [names],
    )
