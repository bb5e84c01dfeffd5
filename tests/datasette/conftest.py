"""Fixtures for the Datasette tests: sample and replica-crawled databases, served in-process or for real."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from datasette_config.serving import make_datasette
from storage.db import open_db, sync_sources, upsert_article
from tests.support.samples import load_samples
from tests.support.serve import http_get as _http_get
from tests.support.serve import start_serve as _start_serve
from tests.support.serve import stop_serve as _stop

ROOT = Path(__file__).resolve().parents[2]

# The plugins are installed through entry points: a virtualenv set up before they were says so
# here rather than through 40 failing page tests.
if "datasette_config.plugins.govmon_datasette" not in {
    ep.value for ep in entry_points(group="datasette")
}:
    pytest.exit("govmon's Datasette plugins are not installed: run `make setup`", returncode=3)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="session")
def samples() -> dict:
    return load_samples()


@pytest.fixture(scope="session")
def db_path(tmp_path_factory, samples) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "govmon.db"
    db = open_db(path)
    sync_sources(db, samples["sources"])
    for record in samples["articles"]:
        upsert_article(db, record)
    # A second version of the Hà Nam report, so revisions and "what changed" have content.
    changed = dict(samples["articles"][1], fetched_at="2026-11-21T01:00:00+00:00")
    changed["body_text"] += "\n\nCập nhật: danh sách điểm cầu."
    upsert_article(db, changed)
    db.close()
    return path


class Client:
    """Synchronous wrapper over Datasette's in-process client."""

    def __init__(self, datasette) -> None:
        self.ds = datasette

    def get(self, path: str):
        return asyncio.run(self.ds.client.get(path))

    def json(self, path: str):
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()


@pytest.fixture(scope="session")
def client(db_path) -> Client:
    return Client(make_datasette(db_path))


@pytest.fixture(scope="session")
def production_client(db_path) -> Client:
    return Client(make_datasette(db_path, production=True))


@pytest.fixture(scope="session")
def make_client():
    """Build a client over another database file (development mode unless told)."""
    return lambda path, production=False: Client(make_datasette(path, production=production))


@pytest.fixture(scope="session")
def http_get():
    """GET a URL: (status, body, headers), HTTP errors included."""
    return _http_get


@pytest.fixture
def server(db_path):
    """Start `govmon serve` on the sample database as a real process; returns its base URL."""
    started = []

    def start(*extra: str) -> str:
        process, base = _start_serve(db_path, *extra)
        started.append(process)
        return base

    yield start
    for process in started:
        _stop(process)


@pytest.fixture(scope="session")
def replica_crawl(tmp_path_factory) -> dict:
    """A real crawl of the local portal replica (analysis included) into a fresh database.

    Returns {"db": path, "truth": ground truth per article, "base_urls": portal addresses}.
    """
    from replica import registry_yaml
    from replica.server import start_replica
    from replica.truth import load_truth

    tmp = tmp_path_factory.mktemp("replica-crawl")
    registry = tmp / "replica.yaml"
    db = tmp / "crawl.db"
    with start_replica(port=0) as replica:
        registry.write_text(registry_yaml(replica.base_urls), encoding="utf-8")
        proc = subprocess.run(
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
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0:
            pytest.fail(
                f"govmon crawl of the replica failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
            )
        truth = load_truth(replica.base_urls)
        base_urls = dict(replica.base_urls)
    return {"db": db, "truth": truth, "base_urls": base_urls}


@pytest.fixture(scope="session")
def replica_client(replica_crawl) -> Client:
    return Client(make_datasette(replica_crawl["db"]))


@pytest.fixture(scope="module")
def replica_server(replica_crawl):
    """`govmon serve` over the replica crawl, as a real process: its base URL."""
    process, base = _start_serve(replica_crawl["db"])
    yield base
    _stop(process)


def require_chromium(path: Path = CHROMIUM, environ: dict | None = None) -> str:
    """Chromium's path; skips the test without it, or fails when GOVMON_REQUIRE_BROWSER=1 (CI)."""
    if path.exists():
        return str(path)
    environ = os.environ if environ is None else environ
    message = f"browser tests need Chromium at {path} (apt-get install chromium)"
    if environ.get("GOVMON_REQUIRE_BROWSER") == "1":
        pytest.fail(message + "; GOVMON_REQUIRE_BROWSER=1 forbids skipping them", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_check():
    """require_chromium, for the test that checks CI cannot silently skip the browser tests."""
    return require_chromium


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through Playwright, one per test module."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh 1280x800 page that records every JavaScript dialog (alert, confirm...) it sees."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot():
    """Save a screenshot to artifacts/screenshots/<name>.png (and docs/screenshots/<doc_name>
    when GOVMON_UPDATE_DOC_SCREENSHOTS=1, the way the README's pictures are refreshed)."""

    def save(page, name: str, doc_name: str | None = None) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path))
        if doc_name and os.environ.get("GOVMON_UPDATE_DOC_SCREENSHOTS") == "1":
            DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            (DOC_SCREENSHOTS / doc_name).write_bytes(path.read_bytes())
        return path

    return save
