"""Requests a nightly crawl sends: unchanged replica, then k new articles, against the issue's bounds.

Run: python benchmarks/crawl_requests.py [--new 3]
Prints, for each night, the requests the replica saw, the bound the monitor issue sets, and the
requests per new article. Each crawl runs as `govmon crawl` in its own process, as at night.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from replica import registry_yaml  # noqa: E402
from replica.server import start_replica  # noqa: E402


def crawl(registry: Path, db: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "--sources",
            str(registry),
            "--db",
            str(db),
            "--fast",
            "--quiet",
            "--no-analyse",
        ],
        check=True,
        capture_output=True,
        env={**os.environ},
    )


def entry_points(registry_text: str) -> int:
    sources = yaml.safe_load(registry_text)["sources"]
    return sum(
        len(s.get("start_urls") or []) + len(s.get("feeds") or []) + len(s.get("sitemaps") or [])
        for s in sources
    )


def night(rep, registry: Path, db: Path) -> tuple[int, Counter]:
    start = len(rep.request_log)
    crawl(registry, db)
    entries = rep.request_log[start:]
    return len(entries), Counter(str(e[3]) for e in entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new", type=int, default=3, help="new articles published before night 3")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, start_replica(port=0) as rep:
        text = registry_yaml(rep.base_urls)
        registry = Path(tmp) / "replica.yaml"
        registry.write_text(text, encoding="utf-8")
        db = Path(tmp) / "bench.db"
        n_sources = len(yaml.safe_load(text)["sources"])
        n_entries = entry_points(text)
        first, _ = night(rep, registry, db)
        print(f"night 1 (empty database): {first} requests")
        second, statuses = night(rep, registry, db)
        bound = n_entries + n_sources  # + robots.txt; the edit window holds no replica article
        print(
            f"night 2 (unchanged replica): {second} requests (bound {bound} = {n_entries} entry "
            f"points + {n_sources} robots.txt), statuses {dict(statuses)}"
        )
        now = datetime.now(UTC).astimezone()
        portals = sorted(rep.base_urls)
        for i in range(args.new):
            rep.publish(
                {
                    "id": f"bench{i}",
                    "portal": portals[i % len(portals)],
                    "slug": f"bai-moi-ve-chuyen-doi-so-so-{i}-trong-dem-thu-ba",
                    "category": None,
                    "title": f"Bài mới số {i} về chuyển đổi số trong đêm thứ ba",
                    "published_at": now.isoformat(timespec="seconds"),
                    "author": None,
                    "lead": "Sáng nay, một hội nghị về chuyển đổi số đã được tổ chức.",
                    "body": [
                        "Nội dung bài mới về chuyển đổi số, đủ dài để là một bài viết thật sự. " * 5
                    ],
                    "label": "dx_news",
                    "event": None,
                    "province": None,
                }
            )
        third, statuses = night(rep, registry, db)
        # New articles are within the edit window from now on: night 3 re-fetches none of them yet.
        print(
            f"night 3 ({args.new} new articles): {third} requests; bound {bound} + {args.new} "
            f"+ listing pages needed; statuses {dict(statuses)}"
        )
        extra = third - second
        print(
            f"requests per new article (night 3 minus night 2, over {args.new}): "
            f"{extra / max(args.new, 1):.2f}"
        )
        print(f"within bound (unchanged night): {second <= bound}")


if __name__ == "__main__":
    main()
