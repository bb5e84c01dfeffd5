"""Refresh the README's screenshots: event page, search page and source health page.

    python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Starts the local portal replica, crawls it into a temporary database, breaks two portals and
crawls again (so the health page has something to say), runs the operator alerts once, serves
the result with `govmon serve` and photographs the pages in headless Chromium (1280 px wide).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCH = "phien hop thu nhat uy ban quoc gia ve chuyen doi so"
EVENT_OF_ARTICLE = "a001"  # the seed report of the first session of the national committee


def govmon(*args: str) -> int:
    return subprocess.call([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_database(tmp: Path) -> Path:
    """A crawl of the replica with one broken and one blocked portal on the second night."""
    from replica import registry_yaml
    from replica.server import start_replica

    db, registry, watches = tmp / "demo.db", tmp / "sources.yaml", tmp / "watches.yaml"
    watches.write_text("watches: []\nhealth:\n  channels: {}\n", encoding="utf-8")
    with start_replica(port=0) as replica:
        registry.write_text(registry_yaml(replica.base_urls), encoding="utf-8")
        if govmon("crawl", "--sources", str(registry), "--db", str(db), "--fast", "--quiet"):
            raise SystemExit("the replica crawl failed")
        govmon("alerts", "run", "--db", str(db), "--watches", str(watches))
        replica.break_portal("mst", 500)
        replica.block_portal("bacninh", "challenge")
        # Exit 1 is expected: two sources fail on purpose.
        govmon("crawl", "--sources", str(registry), "--db", str(db), "--fast", "--quiet")
        govmon("alerts", "run", "--db", str(db), "--watches", str(watches))
    return db


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("govmon serve did not start")


def event_id(db: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "select event_id from events where kind = 'phien_hop' and session = 1 "
            "and body_id = 'ncdt'"
        ).fetchone()
    finally:
        conn.close()
    if not row:
        raise SystemExit("the first session of the national committee was not found")
    return row[0]


def photograph(base: str, db: Path, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    pages = {
        "search.png": "/-/search?" + urlencode({"q": SEARCH}),
        "event.png": "/-/events/" + quote(event_id(db), safe=""),
        "health.png": "/-/health",
    }
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in pages.items():
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / name))
            written.append(out / name)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govmon-shots-") as tmp:
        db = build_database(Path(tmp))
        process, base = serve(db)
        try:
            for path in photograph(base, db, args.out, args.chromium):
                print(path)
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
