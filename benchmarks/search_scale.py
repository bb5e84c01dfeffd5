"""Benchmark: search and storage at scale, over HTTP, next to raw SQLite on the same file.

    python benchmarks/search_scale.py --articles 200000 [--dir /work/tmp-13] [--keep]

1. Builds N synthetic Vietnamese articles (government-news sentences, accents and both tone
   placements, provinces, sources, meeting reports, a rare word in 1 of 5,000) and stores them
   through govmon's own write path (storage.articles.upsert_articles, batches of --batch).
2. Prints the load rate, the database size and its ratio to the raw text (UTF-8 bytes of title,
   lead and body).
3. Adds a night of 100 new articles and runs the nightly analysis step, printing how many
   articles it analysed.
4. Starts ``govmon serve`` on the file (a real process, real HTTP) and times, p50/p95 over
   --requests requests each, the search page newest first, by relevance, a rare word and a
   facet page (a filter plus every facet), and ``articles.json?_search=`` (Datasette's table
   search); next to each, the raw SQLite statement a naive implementation would run on the
   same file (a full join sorted by date, bm25 over every hit, GROUP BY over every hit).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.articles import content_hash, upsert_articles  # noqa: E402
from storage.db import open_db  # noqa: E402

PROVINCES = [
    "Hà Nội", "Hà Nam", "Ninh Bình", "Hoà Bình", "Phú Thọ", "Thái Nguyên", "Bắc Kạn", "Sơn La",
    "Nghệ An", "Thanh Hóa", "Quảng Ninh", "Đà Nẵng", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
    "An Giang", "Cà Mau", "Cần Thơ", "Đồng Tháp", "Bình Dương", "Hải Phòng", "Huế",
]  # fmt: skip
SUBJECTS = [
    "Ủy ban nhân dân tỉnh", "Sở Thông tin và Truyền thông", "Ban Chỉ đạo chuyển đổi số",
    "Thủ tướng Chính phủ", "Chủ tịch UBND tỉnh", "Sở Kế hoạch và Đầu tư", "Công an tỉnh",
    "Uỷ ban Quốc gia về chuyển đổi số", "Hội đồng nhân dân", "Văn phòng UBND tỉnh",
    "Sở Tài chính", "Bộ Khoa học và Công nghệ", "Đoàn công tác", "Ban Thường vụ Tỉnh ủy",
]  # fmt: skip
VERBS = [
    "chủ trì hội nghị", "triển khai", "ban hành kế hoạch", "tổ chức phiên họp", "kiểm tra",
    "sơ kết", "tổng kết", "đánh giá kết quả", "chỉ đạo", "phát động", "ký kết", "hướng dẫn",
    "đẩy mạnh", "hoàn thiện", "thông qua", "làm việc với",
]  # fmt: skip
OBJECTS = [
    "chuyển đổi số", "Đề án 06", "chính quyền số", "dịch vụ công trực tuyến", "kinh tế số",
    "xã hội số", "cải cách hành chính", "hạ tầng số", "dữ liệu dân cư", "an toàn thông tin",
    "định danh điện tử", "thanh toán không dùng tiền mặt", "nông thôn mới", "giáo dục",
    "y tế cơ sở", "phòng chống thiên tai", "đầu tư công", "thu ngân sách", "giải phóng mặt bằng",
    "hoà giải ở cơ sở", "thuỷ lợi", "khoẻ mạnh", "số liệu thống kê", "sở hữu trí tuệ",
]  # fmt: skip
TAILS = [
    "năm 2024", "giai đoạn 2021-2025", "trên địa bàn tỉnh", "tại các xã, phường", "quý III",
    "theo kế hoạch", "với sự tham gia của các sở, ngành", "bằng hình thức trực tuyến",
    "đến các điểm cầu", "trong tháng 11", "đạt nhiều kết quả", "còn nhiều khó khăn",
]  # fmt: skip
RARE_WORD = "khủng long"


def _sentences(rng: random.Random, n: int) -> list[str]:
    weights = [1 / (i + 1) for i in range(len(OBJECTS))]  # a Zipf-like topic mix
    out = []
    for _ in range(n):
        objects = rng.choices(OBJECTS, weights, k=2)
        out.append(
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} về {objects[0]} và {objects[1]} "
            f"{rng.choice(TAILS)}, {rng.choice(VERBS)} {rng.choice(TAILS)}."
        )
    return out


def synthesise(n: int, seed: int = 13, start: int = 0):
    """Yield ``n`` article records (numbered from ``start``) as the crawler would store them."""
    rng = random.Random(seed)
    pool = _sentences(rng, 5000)
    sources = [(f"src{i:03d}", rng.choice(PROVINCES)) for i in range(300)]
    for i in range(start, start + n):
        source, province = sources[rng.randrange(len(sources))]
        body = [" ".join(rng.choices(pool, k=rng.randint(3, 6))) for _ in range(rng.randint(4, 8))]
        if rng.random() < 1 / 5000:
            body[-1] += f" Phát hiện hoá thạch {RARE_WORD} tại {province}."
        day = 20_000 - rng.randint(0, 3650)  # ten years of days, Vietnam time
        published = time.strftime("%Y-%m-%dT%H:%M:00+07:00", time.gmtime(day * 86400 + i % 86400))
        meeting = rng.random() < 0.05
        yield {
            "url": f"https://{source}.gov.vn/tin-tuc/bai-{i}.html",
            "source_id": source,
            "province": province,
            "title": f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} về {rng.choice(OBJECTS)}",
            "lead": rng.choice(pool),
            "body_text": "\n\n".join(body),
            "author": "Theo " + source,
            "published_at": published,
            "fetched_at": "2026-11-20T01:00:00+00:00",
            "is_meeting_report": int(meeting),
            "topic_dx": int(meeting or rng.random() < 0.3),
        }


def load(db_path: Path, n: int, batch: int) -> dict:
    """Store ``n`` articles through upsert_articles; time only the write path (wall clock, and
    this process's CPU time: the machine is shared, and the CPU time is what other processes
    do not inflate)."""
    db = open_db(db_path)
    written, raw, spent, cpu, chunk = 0, 0, 0.0, 0.0, []
    started = time.perf_counter()

    def write(chunk: list[dict]) -> None:
        nonlocal spent, cpu
        start, start_cpu = time.perf_counter(), time.process_time()
        upsert_articles(db, chunk)
        spent += time.perf_counter() - start
        cpu += time.process_time() - start_cpu

    for record in synthesise(n):
        raw += sum(len((record[k] or "").encode()) for k in ("title", "lead", "body_text"))
        # The archive counts as analysed by earlier nights (the rules take milliseconds per
        # article; what the benchmark measures of the nightly step is the night alone).
        record["analysed_hash"] = content_hash(record)
        chunk.append(record)
        if len(chunk) == batch:
            write(chunk)
            written, chunk = written + len(chunk), []
            if written % (batch * 25) == 0:
                print(f"  … {written:,} stored, {written / spent:,.0f}/s in the write path, "
                      f"{time.perf_counter() - started:,.0f} s in all", flush=True)  # fmt: skip
    if chunk:
        write(chunk)
        written += len(chunk)
    db.execute("pragma wal_checkpoint(truncate)")
    db.close()
    return {"articles": written, "seconds": spent, "cpu_seconds": cpu, "raw_bytes": raw,
            "load": _load()}  # fmt: skip


def _load() -> str:
    """The 1, 5 and 15 minute load averages (the machine is shared: figures depend on them)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def write_ceiling(workdir: Path, n: int, batch: int = 2000) -> dict:
    """SQLite alone on the same rows, for the load rate: the first ``n`` articles' folding for
    the index (Python, CPU time), then, in a scratch file next to the database (same pragmas as govmon's:
    WAL, synchronous normal), the same articles' rows inserted raw: their ``articles`` columns
    into a table without indexes and their folded index values into a bare contentless FTS5
    table under their search rowids (each batch in rowid order, as the write path does), one
    transaction per batch of ``batch``. Wall clock and this process's CPU time."""
    from storage.article_rows import article_row
    from storage.search_index import FTS_TOKENIZE, index_values, search_rowid

    records = list(synthesise(n))
    start = time.process_time()
    values = [index_values(r["title"], r["lead"], r["body_text"]) for r in records]
    fold = time.process_time() - start
    columns = [
        "id", "url", "source_id", "province", "title", "lead", "body_text", "author",
        "published_at", "fetched_at", "is_meeting_report", "topic_dx", "content_hash",
        "published_date", "published_year", "published_month", "search_rowid",
    ]  # fmt: skip
    rows = []
    for i, record in enumerate(records, 1):
        row = article_row(record, columns)
        row["id"], row["search_rowid"] = i, search_rowid(i, record["published_at"])
        rows.append(tuple(row.get(c) for c in columns))
    keyed = [(row[-1], *v) for row, v in zip(rows, values, strict=True)]
    scratch = workdir / "ceiling.db"
    conn = sqlite3.connect(scratch, isolation_level=None)
    try:
        conn.execute("pragma journal_mode = wal")
        conn.execute("pragma synchronous = normal")
        conn.execute(f"create table a ({', '.join(columns)})")
        conn.execute(
            "create virtual table f using fts5(title, body, exact, content='', "
            f"tokenize='{FTS_TOKENIZE}')"
        )
        timings = {}
        for name, sql, data in (
            ("fts", "insert into f(rowid, title, body, exact) values (?, ?, ?, ?)", keyed),
            ("rows", f"insert into a values ({', '.join('?' * len(columns))})", rows),
        ):
            start, start_cpu = time.perf_counter(), time.process_time()
            for i in range(0, n, batch):
                conn.execute("begin")
                part = data[i : i + batch]
                conn.executemany(sql, sorted(part) if name == "fts" else part)
                conn.execute("commit")
            timings[name] = (time.perf_counter() - start, time.process_time() - start_cpu)
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    return {
        "articles": n,
        "fold_us": fold / n * 1e6,
        "fts_us": timings["fts"][0] / n * 1e6,
        "fts_cpu_us": timings["fts"][1] / n * 1e6,
        "rows_us": timings["rows"][0] / n * 1e6,
        "rows_cpu_us": timings["rows"][1] / n * 1e6,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(db_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    govmon = Path(sys.executable).with_name("govmon")
    process = subprocess.Popen(
        [str(govmon), "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("govmon serve did not answer within 120 s")


def _times(fn, count: int) -> tuple[float, float]:
    fn()  # warm the page cache and Datasette
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


failures: dict[str, str] = {}


def _http(base: str, path: str, params: dict):
    url = base + path + "?" + urlencode(params)

    def fetch():
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                response.read()
        except urllib.error.HTTPError as exc:  # e.g. Datasette's time limit: note it, go on
            failures[path] = f"HTTP {exc.code}"

    return fetch


def _sql(conn: sqlite3.Connection, sql: str, params: list):
    return lambda: conn.execute(sql, params).fetchall()


def _engine(conn: sqlite3.Connection, params: dict):
    """The search page's own SQL work in this process (storage.search_engine), without HTTP,
    Datasette or snippets: what a request costs in SQLite."""
    from storage.search_engine import FACET_COLUMNS, SearchRequest, run_search

    request = SearchRequest(
        query=params["q"],
        filters={k: v for k, v in params.items() if k in FACET_COLUMNS},
        sort=params.get("sort", "relevance"),
    )
    return lambda: run_search(conn, request)


def measure(
    db_path: Path, base: str, requests: int
) -> list[tuple[str, str, tuple, tuple | None, tuple | None]]:
    common, province = "chuyen doi so", "Hà Nam"
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    match = '{title body} : ("chuyen doi so")'
    naive_facets = (
        "select a.province, count(*) from articles_fts f join articles a "
        "on a.search_rowid = f.rowid where articles_fts match ? group by 1"
    )
    pages = {
        "newest first": {"q": common, "sort": "newest"},
        "relevance": {"q": common},
        "rare word": {"q": RARE_WORD},
        "facet page": {"q": common, "province": province},
        "facet page, newest": {"q": common, "province": province, "sort": "newest"},
    }
    rows = [
        (
            "newest first",
            f"q={common}&sort=newest",
            _http(base, "/-/search", {"q": common, "sort": "newest"}),
            _sql(
                conn,
                "select a.id, a.title from articles_fts f join articles a on a.search_rowid = "
                "f.rowid where articles_fts match ? order by a.published_at desc limit 20",
                [match],
            ),
        ),
        (
            "relevance",
            f"q={common}",
            _http(base, "/-/search", {"q": common}),
            _sql(
                conn,
                "select rowid from articles_fts where articles_fts match ? order by rank limit 20",
                [match],
            ),
        ),
        (
            "rare word",
            f"q={RARE_WORD}",
            _http(base, "/-/search", {"q": RARE_WORD}),
            _sql(
                conn,
                "select rowid from articles_fts where articles_fts match ? order by rank limit 20",
                ['{title body} : ("khung long")'],
            ),
        ),
        (
            "facet page",
            f"q={common}&province={province}",
            _http(base, "/-/search", {"q": common, "province": province}),
            _sql(conn, naive_facets, [match]),
        ),
        (
            "facet page, newest",
            f"q={common}&province={province}&sort=newest",
            _http(base, "/-/search", pages["facet page, newest"]),
            None,
        ),
        (
            "table _search",
            f"articles.json?_search={common}",
            _http(base, f"/{db_path.stem}/articles.json", {"_search": common}),
            None,
        ),
    ]
    out = []
    for name, what, http, raw in rows:
        engine = _times(_engine(conn, pages[name]), requests) if name in pages else None
        # The naive statements take seconds at scale: a few runs show their order of magnitude.
        out.append((name, what, _times(http, requests), engine, _times(raw, 3) if raw else None))
    conn.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50_000, help="articles to build")
    parser.add_argument("--batch", type=int, default=2000, help="articles per transaction")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per kind")
    parser.add_argument(
        "--dir", type=Path, help="where to build the database (default: a temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="build (and keep) the database and print the load figures; measure later with --db",
    )
    parser.add_argument(
        "--db", type=Path, help="a database built by an earlier --keep run: measure it again"
    )
    args = parser.parse_args()
    if args.db:
        run(args, args.db)
        return
    workdir = Path(tempfile.mkdtemp(prefix="govmon-bench-", dir=args.dir))
    db_path = workdir / "govmon.db"
    try:
        run(args, db_path)
    finally:
        if args.keep or args.build_only:
            print(f"kept {db_path} (measure it again with --db)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, db_path: Path) -> None:
    side = db_path.with_suffix(".load.json")
    if side.exists():
        loaded = json.loads(side.read_text())
        print("(database reused: load figures from its build)")
    else:
        loaded = load(db_path, args.articles, args.batch)
        side.write_text(json.dumps(loaded))
    size = os.path.getsize(db_path)
    print(f"machine load             {loaded.get('load', '?')} (while loading), now {_load()}")
    print(f"articles                 {loaded['articles']:,}")
    cpu = loaded.get("cpu_seconds")
    print(f"bulk load                {loaded['articles'] / loaded['seconds']:,.0f} articles/s, "
          f"{loaded['raw_bytes'] / loaded['seconds'] / 1e6:,.1f} MB of text/s "
          f"({loaded['seconds']:,.1f} s in the write path"
          + (f"; CPU {cpu:,.1f} s = {loaded['articles'] / cpu:,.0f} articles per CPU-second)"
             if cpu else ")"))  # fmt: skip
    print(f"database / raw text      {size / 1e6:,.1f} MB / {loaded['raw_bytes'] / 1e6:,.1f} MB "
          f"= {size / loaded['raw_bytes']:.2f}x")  # fmt: skip
    if "ceiling" not in loaded or "rows_us" not in loaded["ceiling"]:
        loaded["ceiling"] = write_ceiling(db_path.parent, min(loaded["articles"], 20_000))
        side.write_text(json.dumps(loaded))
    c = loaded["ceiling"]
    raw_us, raw_cpu_us = c["fts_us"] + c["rows_us"], c["fts_cpu_us"] + c["rows_cpu_us"]
    print(f"SQLite alone, same rows  first {c['articles']:,} articles, this run: their rows into "
          f"a table without indexes {c['rows_us']:.0f} µs + their folded index values into a "
          f"bare FTS5 table {c['fts_us']:.0f} µs = {1e6 / raw_us:,.0f} articles/s "
          f"(CPU {c['rows_cpu_us']:.0f} + {c['fts_cpu_us']:.0f} µs = {1e6 / raw_cpu_us:,.0f} "
          f"per CPU-second); folding for the index (Python) {c['fold_us']:.0f} µs CPU per article")  # fmt: skip
    if getattr(args, "build_only", False):
        return
    try:
        night = nightly(db_path, loaded["articles"])
        print(f"a night of 100 articles  {night['analysed']} articles analysed, "
              f"{night['events']} events regrouped, {night['seconds']:.1f} s")  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - report and go on to the search figures
        print(f"a night of 100 articles  not measured ({type(exc).__name__}: {exc})")
    process, base = _serve(db_path)
    try:
        results = measure(db_path, base, args.requests)
    finally:
        process.terminate()
        process.wait(timeout=30)
    print()
    print(f"machine load after     {_load()}")
    print()
    print(
        "| request | what | HTTP p50 / p95 ms | engine SQL in-process p50 / p95 ms "
        "| raw SQLite (naive) p50 / p95 ms |"
    )
    print("|---|---|---|---|---|")

    def cell(pair):
        return f"{pair[0]:.1f} / {pair[1]:.1f}" if pair else "–"

    for name, what, http, engine, raw in results:
        print(f"| {name} | `{what}` | {cell(http)} | {cell(engine)} | {cell(raw)} |")
    for path, error in failures.items():
        print(f"note: {path} answered {error} (Datasette's time limit)")


def nightly(db_path: Path, n: int) -> dict:
    """Add a night of 100 new articles and run the nightly analysis step on them.

    The synthetic archive was never analysed (the rules take milliseconds per article); it is
    marked as analysed by earlier nights first, so that what is measured is the night alone.
    """
    from crawler.nightly import analyse_pending

    db = open_db(db_path)
    with db.conn:  # a database built before analysed_hash was preset (no-op otherwise)
        db.execute(
            "update articles set analysed_hash = content_hash where id in "
            "(select id from articles where analysed_hash is not content_hash)"
        )
    # New URLs and new text even when the database is measured again (--db): numbered after
    # the last id, and a seed of their own (the same text at new URLs is stored as copies of
    # the last run's night, not as new articles, and there would be nothing to analyse).
    last = db.execute("select max(id) from articles").fetchone()[0] or n
    night = list(synthesise(100, seed=last, start=last + 1))
    latest = db.execute("select max(published_at) from articles").fetchone()[0]
    for record in night:
        record["published_at"] = latest  # tonight's articles are the newest
    upsert_articles(db, night)
    calls = [0]

    def counting(article: dict) -> dict:
        from crawler.analysis import analyse_article

        calls[0] += 1
        return analyse_article(article)

    start = time.perf_counter()
    counts = analyse_pending(db, analyse=counting)
    seconds = time.perf_counter() - start
    db.close()
    return {"analysed": calls[0], "events": counts["events_regrouped"], "seconds": seconds}


if __name__ == "__main__":
    main()
