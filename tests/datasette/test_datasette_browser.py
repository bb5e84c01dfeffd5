"""The analyst's pages in headless Chromium: search typed without accents, no script ever runs."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM), reason="needs Chromium (apt-get install chromium)"
    ),
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        yield page
        browser.close()


def test_search_from_the_home_page_without_accents(server, page):
    base = server()
    page.goto(base + "/")
    page.fill("#govmon-q", "de an 06")
    page.press("#govmon-q", "Enter")
    page.wait_for_selector(".govmon-result")
    assert page.locator(".govmon-result").count() == 1
    assert page.locator(".govmon-result mark").first.inner_text() == "Đề án 06"
    page.click(".govmon-result h2 a")
    page.wait_for_selector("article.govmon-article")
    assert "Đề án 06/CP" in page.locator("article.govmon-article h1").inner_text()


def test_hostile_article_text_never_runs(server, page):
    base = server()
    page.goto(base + "/-/search?q=script")
    page.wait_for_selector(".govmon-result")
    page.click(".govmon-result h2 a")
    page.wait_for_selector("article.govmon-article")
    assert page.dialogs == []
    assert page.title() != "hacked"
    assert "<script>alert('xss')</script>" in page.locator("article.govmon-article h1").inner_text()
    assert page.locator("article.govmon-article img").count() == 0
    assert page.locator("article.govmon-article a[href^='javascript']").count() == 0
