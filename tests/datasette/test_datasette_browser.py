"""The analyst's pages in headless Chromium: search typed without accents, no script ever runs."""

from __future__ import annotations

import pytest

# Chromium and the `page` fixture come from conftest.py: without /usr/bin/chromium these tests
# skip, or fail when GOVMON_REQUIRE_BROWSER=1 (CI).
pytestmark = pytest.mark.browser


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
