"""Group meeting reports into events (one meeting, many articles) and find republished texts."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from datetime import date

from datasketch import MinHash, MinHashLSH

from crawler.analysis.grouping import Report, cluster_reports, share_facts
from crawler.text import fold, match_key

NUM_PERM = 64
DUPLICATE_THRESHOLD = 0.8  # estimated Jaccard of body shingles: a republication of one text
_WORDS = re.compile(r"\w+")


def article_key(article: dict) -> str:
    """The identifier of an article in assignments: its `id`, else its `url`."""
    return str(article.get("id") or article.get("url"))


def _shingles(text: str, n: int) -> set[str]:
    # Lower case only (no tone normalisation): cheap, and a few respelled words do not move a
    # similarity much.
    words = _WORDS.findall(text.lower())
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _crc32(data: str) -> int:
    # Much faster than datasketch's default sha1 and deterministic across runs (unlike hash()).
    return zlib.crc32(data.encode("utf-8"))


_TEMPLATE = MinHash(num_perm=NUM_PERM, hashfunc=_crc32)


def _minhash(shingles: Iterable[str]) -> MinHash:
    # Reusing the permutations skips datasketch's per-object random generation.
    m = MinHash(
        num_perm=NUM_PERM,
        hashfunc=_crc32,
        permutations=_TEMPLATE.permutations,
        scheme=_TEMPLATE.scheme,
    )
    m.update_batch(list(shingles))
    return m


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out


def _order(article: dict) -> tuple[str, str]:
    # Earliest publication first; undated articles after dated ones, then by key for stability.
    return (article.get("published_at") or "9999", article_key(article))


def find_duplicates(articles: list[dict]) -> dict[str, str]:
    """{key: key of the earliest article with a near-identical body} for every republication.

    Articles are taken earliest first; one that is a near-copy of an earlier original joins it
    and is not indexed itself, so the index holds originals only and a query's candidates do not
    grow with the number of copies (linear in the number of articles).
    """
    lsh = MinHashLSH(threshold=DUPLICATE_THRESHOLD, num_perm=NUM_PERM)
    originals: dict[int, MinHash] = {}
    duplicates: dict[str, str] = {}
    for i in sorted(range(len(articles)), key=lambda k: _order(articles[k])):
        shingles = _shingles(articles[i].get("body_text") or "", 4)
        if len(shingles) < 8:  # too short to call two texts the same
            continue
        m = _minhash(shingles)
        best, best_similarity = None, DUPLICATE_THRESHOLD
        for j in lsh.query(m):
            similarity = m.jaccard(originals[int(j)])
            if similarity >= best_similarity:
                best, best_similarity = int(j), similarity
        if best is None:
            originals[i] = m
            lsh.insert(str(i), m)
        else:
            duplicates[article_key(articles[i])] = article_key(articles[best])
    return duplicates


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _majority(values: Iterable) -> object:
    counted = Counter(v for v in values if v not in (None, ""))
    return counted.most_common(1)[0][0] if counted else None


def _report(i: int, article: dict, analysis: dict, national: set[str]) -> Report:
    from crawler.analysis.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    m = analysis["meeting"]
    wording = f"{article.get('title') or ''} {article.get('lead') or ''}"
    body_id = m.get("body_id")
    inferred = bool(body_id) and not m.get("body_name")
    body = vocab.body(body_id)
    # A national meeting: of a national body, or one that says so ("hội nghị trực tuyến toàn
    # quốc", "Thủ tướng ... chủ trì") naming no body, an inferred one, or a body the Government
    # also has (its Đề án 06 working group).
    says_national = bool(
        vocab.national_event_markers.search(
            match_key(f"{article.get('title') or ''}\n{article.get('lead') or ''}")
        )
    )
    is_national = (body_id in national and not inferred) or (
        says_national and (body is None or inferred or body.also_national or body_id in national)
    )
    return Report(
        index=i,
        day=date.fromisoformat(m["meeting_date"][:10]),
        body_id=body_id,
        kind=m.get("kind"),
        session=m.get("session"),
        chair=m.get("chair"),
        province=analysis.get("province_now"),
        hashvalues=_minhash(_shingles(wording, 2)).hashvalues,
        national=is_national,
        body_inferred=inferred,
        dated_by_publication=m.get("meeting_date_source") in ("published_at", "none", None),
        part_of_day=_part_of_day(m),
    )


_PART_OF_DAY = re.compile(r"(?<!\w)(sáng|trưa|chiều|tối|đêm)(?!\w)")


def _part_of_day(m: dict) -> str | None:
    """ "sáng", "chiều"... of a date read from the text ("Chiều 5/8", "Tối qua"), else None."""
    if m.get("meeting_date_source") not in ("lead", "title", "body"):
        return None
    found = _PART_OF_DAY.search(match_key(m.get("meeting_date_phrase") or ""))
    return found.group(1) if found else None


def _clusters(
    articles: list[dict], analyses: list[dict], reports: list[int], duplicates: dict[str, str]
) -> list[list[int]]:
    """The reports of each meeting (see grouping.cluster_reports); republications join the
    event of the text they copy."""
    from crawler.analysis.vocabulary import load_vocabulary

    national = {b.id for b in load_vocabulary().bodies if b.level == "national"}
    # Reports printing a body first: they anchor the clusters the others join.
    ordered = sorted(
        reports,
        key=lambda i: (
            not (analyses[i]["meeting"].get("body_id") and analyses[i]["meeting"].get("body_name")),
            _order(articles[i]),
        ),
    )
    clusters = cluster_reports([_report(i, articles[i], analyses[i], national) for i in ordered])
    cluster_of = {i: c for c, members in enumerate(clusters) for i in members}
    uf = _UnionFind(len(clusters))
    key_index = {article_key(a): i for i, a in enumerate(articles)}
    for dup, original in duplicates.items():
        i, j = key_index[dup], key_index[original]
        if i in cluster_of and j in cluster_of:
            uf.union(cluster_of[i], cluster_of[j])
    return [[i for c in group for i in clusters[c]] for group in uf.groups().values()]


def _event_id(event: dict, provinces: list[str | None], national: set[str], used: set[str]) -> str:
    body = event.get("body_id")
    if body is None or body not in national:
        province = _majority(provinces)
        body = (
            f"{body}-{_slug(province)}"
            if body and province
            else (body or (_slug(province) if province else None))
        )
    kind = event.get("kind") or "meeting"
    event_id = "-".join(
        str(p)
        for p in (
            event.get("meeting_date"),
            _slug(body) if body else None,
            kind.replace("_", "-"),
            event.get("session"),
        )
        if p
    )
    base, n = event_id, 2
    while event_id in used:
        event_id, n = f"{base}-{n}", n + 1
    used.add(event_id)
    return event_id


def group_events(articles: list[dict], analyses: list[dict] | None = None) -> list[dict]:
    """Assign events over many articles, in input order: [{key, event_id, duplicate_of,
    meeting_date, meeting_date_source, meeting_date_phrase, from_other_coverage}].

    `articles` are article dicts (id or url, title, lead, body_text, published_at, province);
    `analyses` their `analyse_article` results (computed when not given). Reports of one meeting
    join one event (crawler.analysis.grouping: body, session, province, kind, chair, wording and
    a date at most one day apart as evidence; another session or body never joins). The event id
    is derived from the event's date, body (or province), kind and session:
    "2021-11-30-ncdt-phien-hop-1". Each report keeps the facts it printed; `from_other_coverage`
    holds those it lacks or misstates against most of its event's reports, with the event's
    value. `meeting_date` is the meeting's date as best known (the event's when it came from
    other coverage).
    """
    from crawler.analysis import analyse_article
    from crawler.analysis.vocabulary import load_vocabulary

    if analyses is None:
        analyses = [analyse_article(a) for a in articles]
    national = {b.id for b in load_vocabulary().bodies if b.level == "national"}
    duplicates = find_duplicates(articles)
    reports = [
        i
        for i, r in enumerate(analyses)
        if r.get("is_meeting_report") and r.get("meeting") and r["meeting"].get("meeting_date")
    ]
    groups = _clusters(articles, analyses, reports, duplicates)
    groups = [sorted(g, key=lambda k: _order(articles[k])) for g in groups]
    groups.sort(key=lambda g: _order(articles[g[0]]))
    out: dict[int, dict] = {}
    used: set[str] = set()
    for members in groups:
        facts = [analyses[k]["meeting"] for k in members]
        event, shared = share_facts(facts)
        provinces = [analyses[k].get("province_now") for k in members]
        event_id = _event_id(event, provinces, national, used)
        phrase = next(
            (
                f.get("meeting_date_phrase")
                for f in facts
                if f.get("meeting_date") == event["meeting_date"]
                and f.get("meeting_date_source") not in ("published_at", "none")
            ),
            None,
        )
        for k, own, extra in zip(members, facts, shared, strict=True):
            from_event = "meeting_date" in extra
            out[k] = {
                "event_id": event_id,
                "meeting_date": extra.get("meeting_date", own.get("meeting_date")),
                "meeting_date_source": "other_coverage"
                if from_event
                else own.get("meeting_date_source"),
                "meeting_date_phrase": phrase if from_event else own.get("meeting_date_phrase"),
                "from_other_coverage": extra,
            }
    return [
        {
            "key": article_key(a),
            "duplicate_of": duplicates.get(article_key(a)),
            **out.get(
                i,
                {
                    "event_id": None,
                    "meeting_date": analyses[i].get("meeting_date"),
                    "from_other_coverage": {},
                },
            ),
        }
        for i, a in enumerate(articles)
    ]


def _title(facts: dict, provinces: list[str]) -> str:
    """The human title from the event's facts (not one article's headline)."""
    from crawler.analysis.titles import event_title
    from crawler.analysis.vocabulary import load_vocabulary

    body = load_vocabulary().body(facts["body_id"])
    return event_title(
        facts["kind"],
        body.name if body else None,
        facts["session"],
        facts["meeting_date"],
        provinces[0] if len(provinces) == 1 else None,
        provincial_body=bool(body and body.level == "provincial"),
    )


def _is_dx_report(analysis: dict) -> bool:
    """A DX meeting report (analyses stored before the flag existed: both facts)."""
    if "is_dx_meeting_report" in analysis:
        return bool(analysis["is_dx_meeting_report"])
    return bool(analysis.get("is_meeting_report") and analysis.get("topic_dx"))


def summarise_events(
    articles: list[dict], analyses: list[dict], assignments: list[dict]
) -> list[dict]:
    """One row per event: event_id, title, meeting_date, body_id, kind, session, chair, format, n_articles,
    n_sources, n_provinces, provinces (current names, sorted), first_published, n_dx_reports
    (its DX meeting reports) and is_dx_meeting (1 when at least half its reports are DX meeting
    reports: a meeting on digital transformation, not one that mentions it)."""
    members: dict[str, list[int]] = {}
    for i, assignment in enumerate(assignments):
        if assignment["event_id"]:
            members.setdefault(assignment["event_id"], []).append(i)
    rows = []
    for event_id, idx in members.items():
        idx.sort(key=lambda k: _order(articles[k]))
        # The event's facts: what its reports printed, with what they take from each other.
        facts = [
            {
                **analyses[k]["meeting"],
                **(assignments[k].get("from_other_coverage") or {}),
                "meeting_date": assignments[k].get("meeting_date")
                or analyses[k]["meeting"]["meeting_date"],
            }
            for k in idx
        ]
        provinces = sorted(
            {analyses[k].get("province_now") for k in idx if analyses[k].get("province_now")}
        )
        n_dx = sum(_is_dx_report(analyses[k]) for k in idx)
        row = {
            "meeting_date": _majority(f["meeting_date"] for f in facts),
            "body_id": _majority(f.get("body_id") for f in facts),
            "kind": _majority(f.get("kind") for f in facts),
            "session": _majority(f.get("session") for f in facts),
            "chair": _majority(f.get("chair") for f in facts),
            "format": _majority(f.get("format") for f in facts),
        }
        rows.append(
            {
                "event_id": event_id,
                "title": _title(row, provinces),
                **row,
                "n_articles": len(idx),
                "n_sources": len(
                    {articles[k].get("source_id") or articles[k].get("url") for k in idx}
                ),
                "n_provinces": len(provinces),
                "provinces": provinces,
                "first_published": articles[idx[0]].get("published_at"),
                "n_dx_reports": n_dx,
                "is_dx_meeting": int(2 * n_dx >= len(idx)),
            }
        )
    rows.sort(key=lambda r: (r["meeting_date"] or "", r["event_id"]))
    return rows
