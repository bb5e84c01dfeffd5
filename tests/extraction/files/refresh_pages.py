"""Re-save the replica article pages used as offline fixtures (run from the repo root).

Each fixture is <id>.html (the page bytes as served) and <id>.json (its URL and the fields the
extraction must give). The replica serves on a random port; fixtures use its default port 8480.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent / "pages"
# One page per family plus the replica's quirks (extras): seeds, NFD, broken markup, stale
# header clock, bold author, source prefix, related block in the body, repeated lead,
# attachments, raw title, date in metadata only, a table.
IDS = [
    "a000",
    "a001",
    "a002",
    "a003",
    "a004",
    "a010",
    "a011",
    "a013",
    "a021",
    "a100",
    "a104",
    "a106",
    "a107",
    "a108",
    "a112",
    "a113",
    "a118",
    "a125",
    "a127",
    "a129",
    "a130",
]


def main() -> int:
    from crawler.evaluation.extraction import fetch_pages
    from replica.server import DEFAULT_PORT, start_replica

    HERE.mkdir(exist_ok=True)
    with start_replica(port=0) as replica:
        truths = {t["id"]: t for t in replica.truth()}
        pages = fetch_pages([truths[i] for i in IDS if i in truths])
        port = replica.port
    for page in pages:
        t = page.truth
        fix = lambda s: re.sub(rf"(127\.0\.1\.\d+):{port}\b", rf"\1:{DEFAULT_PORT}", s)  # noqa: E731
        html = fix(page.html.decode("utf-8"))
        (HERE / f"{t['id']}.html").write_bytes(html.encode("utf-8"))
        expected = {
            k: t.get(k)
            for k in (
                "title",
                "published_at",
                "author",
                "lead",
                "body_text",
                "family",
                "portal",
                "extras",
            )
        }
        expected["url"] = fix(page.url)
        (HERE / f"{t['id']}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
        )
    print(f"saved {len(pages)} pages to {HERE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
