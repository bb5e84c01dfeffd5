"""Fixtures of the replica tests: a live replica on a free port and small HTTP helpers."""

from __future__ import annotations

import re
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest
from lxml import html as lxml_html

from replica.server import start_replica


@dataclass
class Fetched:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        # A windows-1258 portal says so in Content-Type; cp1258 decodes to combining tone marks.
        found = re.search(r"charset=([\w-]+)", self.headers.get("Content-Type", ""))
        charset = found.group(1).lower() if found else "utf-8"
        if charset in ("utf-8", "utf8"):
            return self.body.decode("utf-8")
        return unicodedata.normalize("NFC", self.body.decode(charset))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict | None = None) -> Fetched:
    """GET a URL; HTTP errors are returned, not raised."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=10) as resp:
            return Fetched(resp.status, dict(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as err:
        return Fetched(err.code, dict(err.headers.items()), err.read())


def main_links(page_html: str, base: str) -> list[str]:
    """Absolute links of a page outside its sidebars (<aside>), in document order."""
    doc = lxml_html.fromstring(page_html)
    for aside in doc.xpath("//aside"):
        aside.drop_tree()
    doc.make_links_absolute(base + "/")
    return [a.get("href") for a in doc.xpath("//a[@href]")]


@pytest.fixture(scope="session")
def live_replica():
    """One replica over the real content for the read-only tests."""
    with start_replica(port=0) as rep:
        yield rep


@pytest.fixture()
def fresh_replica():
    """A replica of its own for tests that mutate it."""
    with start_replica(port=0) as rep:
        yield rep


class _Http:
    fetch = staticmethod(fetch)
    main_links = staticmethod(main_links)


@pytest.fixture(scope="session")
def http() -> _Http:
    """The HTTP helpers (fixtures, because test modules are imported without sys.path tricks)."""
    return _Http()
