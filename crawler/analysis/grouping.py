"""Which meeting reports report one meeting: blocked, incremental clustering (linear in n), and
the facts an event shares with its reports ("from other coverage")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

# Evidence that two reports are of one meeting (see docs/analysis.md, "Events"): a pair joins at
# JOIN_SCORE or more, and only with an anchor (same body, same province, same session or
# similar wording): a chair, a kind and a formulaic lead alone do not tie two reports together.
JOIN_SCORE = 2.5
POINTS = {
    "same_body": 2.0,
    "same_kind": 1.0,
    "related_kind": 0.5,  # hội nghị vs hội nghị sơ kết: one report names the kind less precisely
    "other_kind": -1.0,
    "same_chair": 2.0,
    "same_session": 1.0,
    "same_province": 1.0,
    "same_day": 0.5,
    "similar": 2.0,
    "somewhat_similar": 1.0,
}
SIMILAR, SOMEWHAT_SIMILAR = 0.35, 0.2  # estimated Jaccard of title + lead word pairs
_CONFERENCES = {"hoi_nghi", "hoi_nghi_so_ket", "hoi_nghi_tong_ket"}
MAX_HASHES = 3  # wording of a cluster: its first reports' (bounded, so a check costs O(1))
SHARED_FACTS = ("meeting_date", "chair", "session", "body_id", "kind")
# A report that prints no day ("Vừa qua, ...", a district portal days later) is dated by its
# publication: its meeting may lie up to LATE_DAYS before. It joins such a meeting only on the
# strongest evidence (same body, same session or similar wording), never on a province alone.
LATE_DAYS = 7


@dataclass
class Report:
    """The facts of one meeting report that grouping reads."""

    index: int
    day: date
    body_id: str | None
    kind: str | None
    session: int | None
    chair: str | None
    province: str | None
    hashvalues: np.ndarray
    national: bool = False
    # The body was not printed but inferred (a national DX meeting naming none is of the body in
    # office): it neither forbids a join with another body nor outweighs a printed one.
    body_inferred: bool = False
    dated_by_publication: bool = False  # no day printed: `day` is the publication's
    part_of_day: str | None = None  # "sáng", "chiều", "tối"... as the date was printed


@dataclass
class _Cluster:
    members: list[int]
    day: date
    facts: dict
    hashes: list[np.ndarray] = field(default_factory=list)
    scope: str = "?"
    loose: bool = False  # every member is dated by its publication: the meeting may be earlier


def _related_kinds(a: str, b: str) -> bool:
    return a in _CONFERENCES and b in _CONFERENCES


def pair_score(r: Report, c: _Cluster) -> float | None:
    """Evidence that report `r` reports the meeting of cluster `c`; None when a fact forbids it
    (another session, another body — except two provincial bodies of one province on one day
    with the same chair or like wording —, another province for a provincial or unnamed body,
    more than one day apart unless a report dated by its publication has strong evidence: a
    printed body, the session or like wording)."""
    f = c.facts
    if r.session and f["session"] and r.session != f["session"]:
        return None
    inferred = r.body_inferred or f["body_inferred"]
    national = r.national or f["national"]
    signed = (r.day - c.day).days
    gap = abs(signed)
    # Two printed bodies differ. In one province on one day they may be one meeting: provinces
    # hold the steering committee and its Đề án 06 working group together, and one outlet names
    # the one, another the other. Only with the same chair or like wording, never two chairs
    # nor two parts of the day ("Sáng 5/8" and "Chiều 5/8").
    two_bodies = bool(r.body_id and f["body_id"] and r.body_id != f["body_id"] and not inferred)
    if two_bodies:
        one_province = not national and r.province and r.province == f["province"]
        if not one_province or gap > 1 or (r.chair and f["chair"] and r.chair != f["chair"]):
            return None
        # The province's chairman often heads both: a morning and an afternoon meeting are two.
        if r.part_of_day and f["part_of_day"] and r.part_of_day != f["part_of_day"]:
            return None
    if not national and r.province and f["province"] and r.province != f["province"]:
        return None
    late = 1 < signed <= LATE_DAYS and r.dated_by_publication
    early = -LATE_DAYS <= signed < -1 and c.loose
    if gap > 1 and not (late or early):
        return None
    score, anchored, strong = 0.0, False, False
    if r.body_id and r.body_id == f["body_id"]:
        # A body only inferred (a national DX meeting naming none is of the body in office) is
        # no strong evidence: every national meeting of the week has it.
        score, anchored, strong = score + POINTS["same_body"], True, not inferred
    kin = False  # the same kind, or a conference named less precisely
    if r.kind and f["kind"]:
        if r.kind == f["kind"]:
            score, kin = score + POINTS["same_kind"], True
        elif _related_kinds(r.kind, f["kind"]):
            score, kin = score + POINTS["related_kind"], True
        else:
            score += POINTS["other_kind"]
    if r.chair and r.chair == f["chair"]:
        score += POINTS["same_chair"]
        # Both say the meeting is national (its reports come from every province, in their own
        # words): the same chair, kind and day tie them.
        if r.national and f["national"] and kin and gap == 0:
            anchored = True
    if r.session and r.session == f["session"]:
        score, anchored, strong = score + POINTS["same_session"], True, True
    if not national and r.province and r.province == f["province"]:
        score, anchored = score + POINTS["same_province"], True
    if gap == 0:
        score += POINTS["same_day"]
    similarity = max((float((r.hashvalues == h).mean()) for h in c.hashes), default=0.0)
    if similarity >= SIMILAR:
        score, anchored, strong = score + POINTS["similar"], True, True
    elif similarity >= SOMEWHAT_SIMILAR:  # formulaic leads ("tổng kết công tác năm...") look alike
        score += POINTS["somewhat_similar"]
    if gap > 1 and not strong:
        return None
    if two_bodies and not (r.chair and r.chair == f["chair"]) and similarity < SOMEWHAT_SIMILAR:
        return None
    return score if anchored else None


def _scope(r: Report) -> str:
    if r.national and r.body_id:
        return f"national:{r.body_id}"
    return f"province:{r.province}" if r.province else "?"


def cluster_reports(reports: list[Report]) -> list[list[int]]:
    """Clusters of report indexes (each cluster one meeting), every report in exactly one.

    Reports are taken in the given order (the caller puts those naming a body first, then by
    publication) and each joins the best-scoring cluster among those of its scope (national body,
    or province) within a day of its date, else starts one. Each report looks at a bounded number
    of clusters (the meetings of its province or body on three days), so the work grows linearly
    with the number of reports.
    """
    clusters: list[_Cluster] = []
    by_block: dict[tuple[date, str], list[int]] = {}
    by_day: dict[date, list[int]] = {}
    national_by_day: dict[date, list[int]] = {}

    def register(c: int, day: date) -> None:
        by_block.setdefault((day, clusters[c].scope), []).append(c)
        by_day.setdefault(day, []).append(c)
        if clusters[c].facts["national"]:
            national_by_day.setdefault(day, []).append(c)

    for r in reports:
        # The days of clusters it may join: a day either side; the week before for a report
        # dated by its publication; the week after for clusters dated by theirs (`loose`).
        back = LATE_DAYS if r.dated_by_publication else 1
        days = [r.day + timedelta(days=k) for k in range(-back, LATE_DAYS + 1)]
        scope = _scope(r)
        seen: set[int] = set()
        candidates: list[int] = []
        for d in days:
            ahead = (d - r.day).days > 1
            if scope == "?":
                pool = by_day.get(d, [])
            else:
                pool = by_block.get((d, scope), []) + by_block.get((d, "?"), [])
                if not r.body_id or r.body_inferred:  # may be of a national meeting
                    pool = pool + national_by_day.get(d, [])
            for c in pool:
                if c not in seen and (not ahead or clusters[c].loose):
                    seen.add(c)
                    candidates.append(c)
        # The best score wins; of equal scores, the meeting nearest the report's day.
        best, best_score, best_gap = None, JOIN_SCORE, LATE_DAYS + 1
        for c in candidates:
            score = pair_score(r, clusters[c])
            if score is None or score < best_score:
                continue
            gap = abs((r.day - clusters[c].day).days)
            if score > best_score or gap <= best_gap:
                best, best_score, best_gap = c, score, gap
        if best is None:
            clusters.append(
                _Cluster([], r.day, _empty_facts(), scope=scope, loose=r.dated_by_publication)
            )
            best = len(clusters) - 1
            _absorb(clusters[best], r)
            register(best, r.day)
            continue
        c = clusters[best]
        if c.loose and not r.dated_by_publication:  # the day printed replaces the publication's
            c.day, c.loose = r.day, False
            _absorb(c, r)
            register(best, r.day)
        else:
            _absorb(c, r)
    return [c.members for c in clusters]


def _empty_facts() -> dict:
    return {
        "body_id": None,
        "kind": None,
        "session": None,
        "chair": None,
        "province": None,
        "national": False,
        "body_inferred": False,
        "part_of_day": None,
    }


def _absorb(c: _Cluster, r: Report) -> None:
    c.members.append(r.index)
    f = c.facts
    if r.body_id and (f["body_id"] is None or (f["body_inferred"] and not r.body_inferred)):
        f["body_id"], f["body_inferred"] = r.body_id, r.body_inferred
    for key in ("kind", "session", "chair", "province", "part_of_day"):
        if f[key] is None:
            f[key] = getattr(r, key)
    f["national"] = f["national"] or r.national
    if len(c.hashes) < MAX_HASHES:
        c.hashes.append(r.hashvalues)


def _printed_body(m: dict) -> bool:
    return bool(m.get("body_id")) and bool(m.get("body_name"))


def share_facts(members: list[dict]) -> tuple[dict, list[dict]]:
    """(the event's facts, for each member the facts it takes from other coverage).

    `members` are meeting-fact dicts of one event's reports, earliest publication first, each
    with `meeting_date_source`. Each fact's event value is the one most reports give (dates
    read from a text outvote publication dates; bodies printed outvote bodies inferred; a
    conference's precise kind, "hội nghị sơ kết", outvotes "hội nghị", and "tổng kết" outvotes
    "sơ kết" (the "sơ kết ... và tổng kết" conference named by one half); ties go to the earliest
    date, or to the earliest report). A report takes the event's value when it gives none, or
    when it gives another that fewer reports give (at least two reports agreeing against it),
    or only a weaker form of it (an inferred body, "hội nghị"); for a report dated only by its
    publication, the event's date when it is not later.
    """
    event: dict = {}
    shared: list[dict] = [{} for _ in members]
    printed = any(_printed_body(m) for m in members)
    for key in SHARED_FACTS:
        if key == "meeting_date":
            read = [
                m for m in members if m.get("meeting_date_source") not in ("published_at", "none")
            ]
            counts = Counter(m["meeting_date"] for m in read if m.get("meeting_date"))
        elif key == "body_id" and printed:
            counts = Counter(m[key] for m in members if _printed_body(m))
        elif key == "kind":
            counts = Counter(m[key] for m in members if m.get(key) not in (None, ""))
            if any(k in _CONFERENCES - {"hoi_nghi"} for k in counts):
                counts.pop("hoi_nghi", None)  # the same conference, named less precisely
            # "sơ kết ... và tổng kết": a tổng kết, its half named
            if "hoi_nghi_tong_ket" in counts:
                counts.pop("hoi_nghi_so_ket", None)
        else:
            counts = Counter(m[key] for m in members if m.get(key) not in (None, ""))
        if not counts:
            event[key] = None if key != "meeting_date" else _first_date(members)
            continue
        most = max(counts.values())
        tied = [v for v, n in counts.items() if n == most]
        order = [m.get(key) for m in members]
        value = min(tied) if key == "meeting_date" else min(tied, key=order.index)
        event[key] = value
        for own, extra in zip(members, shared, strict=True):
            mine = own.get(key)
            if key == "meeting_date" and own.get("meeting_date_source") in ("published_at", "none"):
                if mine is None or value <= mine:
                    if value != mine:
                        extra[key] = value
                continue
            if mine in (None, ""):
                extra[key] = value
            elif mine != value and mine not in counts:  # a weaker form of the fact
                extra[key] = value
            elif mine != value and most >= 2 and counts[mine] < most:
                extra[key] = value
    return event, shared


def _first_date(members: list[dict]) -> str | None:
    days = [m["meeting_date"] for m in members if m.get("meeting_date")]
    return min(days) if days else None
