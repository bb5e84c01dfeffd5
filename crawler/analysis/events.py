"""Group meeting reports into events (one meeting, many articles) and find republished texts."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from crawler.text import fold

NUM_PERM = 64
DUPLICATE_THRESHOLD = 0.8  # estimated Jaccard of body shingles: a republication of one text
SAME_EVENT_SIMILARITY = 0.35  # title+lead similarity that joins reports of one meeting
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


def _similarities(hashes: list[MinHash]) -> np.ndarray:
    """Estimated Jaccard similarity of every pair (n × n), computed in blocks to bound memory."""
    values = np.array([m.hashvalues for m in hashes])
    out = np.empty((len(hashes), len(hashes)), dtype=np.float32)
    for start in range(0, len(hashes), 256):
        block = values[start : start + 256]
        out[start : start + 256] = (block[:, None, :] == values[None, :, :]).mean(axis=2)
    return out


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
    """{key: key of the earliest article with a near-identical body} for every republication."""
    lsh = MinHashLSH(threshold=DUPLICATE_THRESHOLD, num_perm=NUM_PERM)
    hashes: list[MinHash | None] = []
    for i, a in enumerate(articles):
        shingles = _shingles(a.get("body_text") or "", 4)
        if len(shingles) < 8:  # too short to call two texts the same
            hashes.append(None)
            continue
        m = _minhash(shingles)
        hashes.append(m)
        lsh.insert(str(i), m)
    uf = _UnionFind(len(articles))
    for i, m in enumerate(hashes):
        if m is None:
            continue
        for j in lsh.query(m):
            j = int(j)
            if j != i and hashes[j] is not None and m.jaccard(hashes[j]) >= DUPLICATE_THRESHOLD:
                uf.union(i, j)
    duplicates: dict[str, str] = {}
    for members in uf.groups().values():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: _order(articles[k]))
        original = article_key(articles[members[0]])
        for k in members[1:]:
            duplicates[article_key(articles[k])] = original
    return duplicates


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _majority(values: Iterable) -> object:
    counted = Counter(v for v in values if v not in (None, ""))
    return counted.most_common(1)[0][0] if counted else None


def _compatible(a: dict, b: dict, national: set[str]) -> bool:
    """Whether two meeting reports of the same day may be reports of the same meeting."""
    ma, mb = a["meeting"], b["meeting"]
    if ma.get("session") and mb.get("session") and ma["session"] != mb["session"]:
        return False
    if ma.get("body_id") and mb.get("body_id") and ma["body_id"] != mb["body_id"]:
        return False
    body = ma.get("body_id") or mb.get("body_id")
    if body in national:
        return True
    # Provincial or unnamed bodies meet in every province: the province must agree.
    pa, pb = a.get("province_now"), b.get("province_now")
    return not (pa and pb and pa != pb)


def _join_same_day(
    members: list[int], articles: list[dict], merged: list[dict], national: set[str], uf: _UnionFind
) -> None:
    """Union the reports of one day that report the same meeting (see group_events)."""
    # A national body's meeting is one event whatever the province: join by (body, session);
    # reports without a session join the body's most reported session.
    by_body: dict[str, dict[object, list[int]]] = {}
    rest = []
    for i in members:
        facts = merged[i]["meeting"]
        if facts.get("body_id") in national:
            by_body.setdefault(facts["body_id"], {}).setdefault(facts.get("session"), []).append(i)
        else:
            rest.append(i)
    for sessions in by_body.values():
        numbered = {k: v for k, v in sessions.items() if k is not None}
        main = max(numbered, key=lambda k: len(numbered[k])) if numbered else None
        for session, idx in sessions.items():
            target = sessions[main][0] if session is None and main is not None else idx[0]
            for k in idx:
                uf.union(target, k)
    if len(rest) < 2 and not by_body:
        return
    # Other reports: pairwise, with the wording (MinHash of title + lead) as evidence.
    candidates = rest + [idx[0] for sessions in by_body.values() for idx in sessions.values()]
    hashes = [
        _minhash(_shingles(f"{articles[i].get('title') or ''} {articles[i].get('lead') or ''}", 2))
        for i in candidates
    ]
    similarity = _similarities(hashes)
    for x, y in _candidate_pairs(candidates, merged, len(rest)):
        i, j = candidates[x], candidates[y]
        a, b = merged[i], merged[j]
        if not _compatible(a, b, national):
            continue
        ma, mb = a["meeting"], b["meeting"]
        same_body = ma.get("body_id") and ma.get("body_id") == mb.get("body_id")
        same_province = a.get("province_now") and a.get("province_now") == b.get("province_now")
        if (
            similarity[x, y] >= SAME_EVENT_SIMILARITY
            or (same_body and ma.get("kind") == mb.get("kind"))
            or (
                not ma.get("body_id")
                and not mb.get("body_id")
                and same_province
                and ma.get("kind") == mb.get("kind")
            )
        ):
            uf.union(i, j)


def _candidate_pairs(
    candidates: list[int], merged: list[dict], n_rest: int
) -> list[tuple[int, int]]:
    """Positions (x < y) in `candidates` of the pairs that `_compatible` may accept.

    Reports of provincial or unnamed bodies from two different provinces never join, so only
    pairs inside one province, pairs with a report of no province, and pairs with a national
    body's representative (positions from `n_rest` on) need checking: this keeps a day with
    thousands of reports from turning quadratic.
    """
    by_province: dict[str, list[int]] = {}
    open_ended = list(range(n_rest, len(candidates)))  # national representatives
    for x in range(n_rest):
        province = merged[candidates[x]].get("province_now")
        if province:
            by_province.setdefault(province, []).append(x)
        else:
            open_ended.append(x)
    pairs: set[tuple[int, int]] = set()
    for group in by_province.values():
        pairs.update(
            (group[a], group[b]) for a in range(len(group)) for b in range(a + 1, len(group))
        )
    everyone = range(len(candidates))
    for x in open_ended:
        pairs.update((min(x, y), max(x, y)) for y in everyone if y != x)
    return sorted(pairs)


def group_events(articles: list[dict], analyses: list[dict] | None = None) -> list[dict]:
    """Assign events over many articles: [{key, event_id, duplicate_of, meeting_date}] in input order.

    `articles` are article dicts (id or url, title, lead, body_text, published_at, province);
    `analyses` their `analyse_article` results (computed when not given). Meeting reports of one
    day join one event when their bodies agree (a national committee is one meeting whatever
    the province) or, for provincial and unnamed bodies, when the province agrees and the kind
    or the wording (MinHash of title and lead) does; sessions that differ never join.
    The event id is derived from date, body (or province) and kind: "2021-11-30-ncdt-phien-hop-1".
    `meeting_date` is the article's own, or its event's when the article printed none (its
    date was the publication date).
    """
    from crawler.analysis import analyse_article
    from crawler.analysis.vocabulary import load_vocabulary

    if analyses is None:
        analyses = [analyse_article(a) for a in articles]
    national = {b.id for b in load_vocabulary().bodies if b.level == "national"}
    duplicates = find_duplicates(articles)
    key_index = {article_key(a): i for i, a in enumerate(articles)}
    reports = [
        i
        for i, r in enumerate(analyses)
        if r.get("is_meeting_report") and r.get("meeting") and r["meeting"].get("meeting_date")
    ]
    merged = [{**articles[i], **analyses[i]} for i in range(len(articles))]
    uf = _UnionFind(len(articles))
    by_day: dict[str, list[int]] = {}
    for i in reports:
        by_day.setdefault(analyses[i]["meeting"]["meeting_date"], []).append(i)
    for day_members in by_day.values():
        _join_same_day(day_members, articles, merged, national, uf)
    # Republications are one text: they belong to the original's event.
    for dup, original in duplicates.items():
        i, j = key_index[dup], key_index[original]
        if i in by_day.get(
            (analyses[i].get("meeting") or {}).get("meeting_date"), []
        ) and j in by_day.get((analyses[j].get("meeting") or {}).get("meeting_date"), []):
            uf.union(i, j)
    event_of: dict[int, str] = {}
    used: set[str] = set()
    groups = [g for g in uf.groups().values() if g[0] in set(reports)]
    groups.sort(key=lambda g: min(_order(articles[k]) for k in g))
    date_of: dict[int, str] = {}
    for members in groups:
        facts = [analyses[k]["meeting"] for k in members]
        # Dates read from the text outvote publication dates used as a fallback.
        day = _majority(
            f["meeting_date"] for f in facts if f.get("meeting_date_source") != "published_at"
        ) or _majority(f["meeting_date"] for f in facts)
        body = _majority(f.get("body_id") for f in facts)
        if body is None or body not in national:
            province = _majority(merged[k].get("province_now") for k in members)
            body = (
                f"{body}-{_slug(province)}"
                if body and province
                else (body or (_slug(province) if province else None))
            )
        kind = _majority(f.get("kind") for f in facts) or "meeting"
        session = _majority(f.get("session") for f in facts)
        event_id = "-".join(
            str(p)
            for p in (day, _slug(body) if body else None, kind.replace("_", "-"), session)
            if p
        )
        base, n = event_id, 2
        while event_id in used:
            event_id, n = f"{base}-{n}", n + 1
        used.add(event_id)
        for k in members:
            event_of[k] = event_id
            own = analyses[k]["meeting"]
            # A report that printed no date takes its event's (a republication two days later).
            fallback = (
                own.get("meeting_date_source") == "published_at" and day <= own["meeting_date"]
            )
            date_of[k] = day if fallback else own["meeting_date"]
    return [
        {
            "key": article_key(a),
            "event_id": event_of.get(i),
            "duplicate_of": duplicates.get(article_key(a)),
            "meeting_date": date_of.get(i, analyses[i].get("meeting_date")),
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


def summarise_events(
    articles: list[dict], analyses: list[dict], assignments: list[dict]
) -> list[dict]:
    """One row per event: event_id, title, meeting_date, body_id, kind, session, n_articles,
    n_sources, n_provinces, provinces (current names, sorted), first_published."""
    members: dict[str, list[int]] = {}
    for i, assignment in enumerate(assignments):
        if assignment["event_id"]:
            members.setdefault(assignment["event_id"], []).append(i)
    rows = []
    for event_id, idx in members.items():
        idx.sort(key=lambda k: _order(articles[k]))
        facts = [
            {
                **analyses[k]["meeting"],
                "meeting_date": assignments[k].get("meeting_date")
                or analyses[k]["meeting"]["meeting_date"],
            }
            for k in idx
        ]
        provinces = sorted(
            {analyses[k].get("province_now") for k in idx if analyses[k].get("province_now")}
        )
        row = {
            "meeting_date": _majority(f["meeting_date"] for f in facts),
            "body_id": _majority(f.get("body_id") for f in facts),
            "kind": _majority(f.get("kind") for f in facts),
            "session": _majority(f.get("session") for f in facts),
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
            }
        )
    rows.sort(key=lambda r: (r["meeting_date"] or "", r["event_id"]))
    return rows
