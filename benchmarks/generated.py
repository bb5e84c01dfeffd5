"""The generated bench: govmon's real crawl on portals drawn from seeds, next to trafilatura.

Usage: python benchmarks/generated.py --seeds 0-99 [--json FILE] [--jobs N] [--batch N]
Seeds 0-99 are for development; seeds 100-299 are held out (run them rarely, never tune to them).
Every seed is a new portal (replica/generator): it is served on loopback, crawled from its start
URL alone by `govmon crawl --fast`, and what the crawler stored is scored against the generator's
ground truth. Field figures are "of found" articles; coverage and junk rows say what was found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from replica.generator.bench import SeedResult, overall, parse_seeds, run_seeds

FIELDS = ("coverage", "title", "date", "datetime", "author", "body_f1")
FEATURES = ("family", "url_scheme", "pagination", "encoding")


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def seed_line(r: SeedResult) -> str:
    g = r.govmon.rates()
    t = r.trafilatura.rates() if r.trafilatura else {}
    feats = " ".join(f"{str(r.features[k])[:12]:12}" for k in FEATURES)
    figures = " ".join(_fmt(g[k]) for k in FIELDS)
    err = f"  ERROR: {r.error}" if r.error else ""
    if r.extra.get("health"):
        err += f"  health: {r.extra['health']}"
    return (
        f"{r.seed:5d} {feats} {g['found']:3d}/{g['articles']:<3d} {g['junk']:4d} {figures} "
        f"{_fmt(t.get('body_f1'))}{err}"
    )


def header() -> str:
    feats = " ".join(f"{k[:12]:12}" for k in FEATURES)
    return f" seed {feats} found   junk {' '.join(f'{k[:6]:>6}' for k in FIELDS)} traf_f1"


def summary(results: list[SeedResult]) -> list[str]:
    g = overall(results, "govmon").rates()
    lines = [
        f"{'system':12} {'articles':>8} {'found':>6} {'junk':>5} "
        + " ".join(f"{k:>8}" for k in FIELDS)
    ]
    systems = [("govmon", g)]
    if any(r.trafilatura for r in results):
        systems.append(("trafilatura", overall(results, "trafilatura").rates()))
    for name, s in systems:
        junk = s["junk"] if name == "govmon" else "n/a"
        lines.append(
            f"{name:12} {s['articles']:8d} {s['found']:6d} {junk!s:>5} "
            + " ".join(f"{_fmt(s[k]):>8}" for k in FIELDS)
        )
    errors = [r.seed for r in results if r.error]
    if errors:
        lines.append(f"crawl errors on seeds: {', '.join(map(str, errors))}")
    return lines


def to_json(results: list[SeedResult], argv: list[str], seconds: float) -> dict:
    return {
        "command": "python benchmarks/generated.py " + " ".join(argv),
        "seconds": round(seconds, 1),
        "overall": {
            "govmon": overall(results, "govmon").rates(),
            "trafilatura": overall(results, "trafilatura").rates()
            if results and results[0].trafilatura
            else None,
        },
        "seeds": [
            {
                "seed": r.seed,
                "features": r.features,
                "govmon": r.govmon.rates(),
                "trafilatura": r.trafilatura.rates() if r.trafilatura else None,
                "missed": r.govmon.misses,
                "junk_urls": r.govmon.junk_urls,
                "wrong": r.govmon.wrong,
                "error": r.error,
            }
            for r in results
        ],
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds", required=True, help="seeds to run: 0-99, 100-199 or 200-299 (held out), 3,7"
    )
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON to FILE")
    parser.add_argument("--jobs", type=int, default=2, help="crawls running at once (default 2)")
    parser.add_argument("--batch", type=int, default=5, help="seeds per crawl process (default 5)")
    parser.add_argument(
        "--no-trafilatura", action="store_true", help="skip the trafilatura comparison"
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep each crawl's registry and SQLite database in DIR (to debug a seed)",
    )
    args = parser.parse_args(argv)
    try:
        seeds = parse_seeds(args.seeds)
    except ValueError as exc:
        parser.error(str(exc))
    if args.jobs < 1 or args.batch < 1:
        parser.error("--jobs and --batch must be at least 1")
    print(header(), flush=True)
    started = time.monotonic()

    def progress(r: SeedResult, done: int, total: int) -> None:
        print(seed_line(r), flush=True)
        print(f"  [{done}/{total}] {time.monotonic() - started:.0f}s", file=sys.stderr, flush=True)

    results = run_seeds(
        seeds,
        jobs=args.jobs,
        batch=args.batch,
        with_trafilatura=not args.no_trafilatura,
        progress=progress,
        workdir=Path(args.keep) if args.keep else None,
    )
    seconds = time.monotonic() - started
    print()
    for line in summary(results):
        print(line)
    print(
        f"{len(results)} seeds in {seconds:.0f}s; fields are of found articles; datetime of those printing a time"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(to_json(results, argv, seconds), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
