"""Benchmark: meeting intelligence over 10,000 articles synthesised from the replica's ground truth."""

from __future__ import annotations

import argparse
import random
import time

from crawler.analysis import analyse_article, group_events
from crawler.analysis.evaluation import load_ground_truth

BUDGET_SECONDS = 60.0
_PROVINCES = ["An Giang", "Hà Nam", "Bắc Ninh", "Thái Nguyên", "Sơn La", "Nghệ An", "Cà Mau"]


def synthesise(n: int, seed: int = 7) -> list[dict]:
    """`n` article dicts made by repeating and perturbing the replica articles: paragraphs
    shuffled and dropped, another province, shifted publication dates, a unique sentence added
    (so that they are not all duplicates of each other)."""
    rng = random.Random(seed)
    base = [item["article"] for item in load_ground_truth()]
    out = []
    for i in range(n):
        a = dict(rng.choice(base))
        paragraphs = (a.get("body_text") or "").split("\n\n")
        rng.shuffle(paragraphs)
        keep = paragraphs[: max(1, len(paragraphs) - rng.randint(0, 2))]
        keep.append(f"Bài viết số {i} của cộng tác viên {rng.randint(1, 10**6)}.")
        a["body_text"] = "\n\n".join(keep)
        a["id"] = a["url"] = f"synthetic-{i}"
        a["province"] = rng.choice(_PROVINCES)
        if a.get("published_at"):
            day = int(a["published_at"][8:10])
            a["published_at"] = (
                a["published_at"][:8]
                + f"{min(28, max(1, day + rng.randint(0, 2))):02d}"
                + a["published_at"][10:]
            )
        out.append(a)
    return out


def run(n: int) -> dict:
    """Time analyse_article over `n` synthetic articles and group_events over all of them."""
    articles = synthesise(n)
    start, cpu_start = time.perf_counter(), time.process_time()
    analyses = [analyse_article(a) for a in articles]
    analysed, cpu_analysed = time.perf_counter(), time.process_time()
    assignments = group_events(articles, analyses)
    done, cpu_done = time.perf_counter(), time.process_time()
    return {
        "articles": n,
        "analyse_seconds": analysed - start,
        "group_seconds": done - analysed,
        "group_cpu_seconds": cpu_done - cpu_analysed,
        "total_seconds": done - start,
        "cpu_seconds": cpu_done - cpu_start,  # differs from wall time when the CPU is shared
        "meeting_reports": sum(r["is_meeting_report"] for r in analyses),
        "events": len({a["event_id"] for a in assignments if a["event_id"]}),
    }


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise SystemExit(f"--sizes: expected numbers separated by commas, got {text!r}") from None
    if not sizes or min(sizes) <= 0:
        raise SystemExit(f"--sizes: expected positive numbers, got {text!r}")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=None, help="one size (default: --sizes)")
    parser.add_argument(
        "--sizes",
        default="10000,20000,40000",
        help="sizes to measure, comma-separated (default 10000,20000,40000): grouping CPU per "
        "1,000 articles stays flat when grouping is linear",
    )
    args = parser.parse_args()
    sizes = [args.n] if args.n else _sizes(args.sizes)
    reference = None
    for n in sizes:
        r = run(n)
        per_1000 = 1000 * r["group_cpu_seconds"] / n
        reference = reference or per_1000  # the smallest size, measured in this run
        print(
            f"analysis of {r['articles']} articles: {r['total_seconds']:.1f} s "
            f"(analyse_article {r['analyse_seconds']:.1f} s, group_events {r['group_seconds']:.1f} s; "
            f"{r['articles'] / r['total_seconds']:.0f} articles/s; CPU {r['cpu_seconds']:.1f} s); "
            f"{r['meeting_reports']} meeting reports, {r['events']} events; "
            f"budget {BUDGET_SECONDS * n / 10_000:.0f} s: "
            f"{'ok' if r['total_seconds'] < BUDGET_SECONDS * n / 10_000 else 'TOO SLOW'}"
        )
        print(
            f"  grouping CPU {r['group_cpu_seconds']:.2f} s = {per_1000:.3f} s per 1,000 articles "
            f"({per_1000 / reference:.2f}x the first size's; linear grouping stays near 1x)"
        )


if __name__ == "__main__":
    main()
