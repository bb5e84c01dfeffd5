"""`govmon serve` as a real process: it starts Datasette with govmon's configuration."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

GOVMON = [sys.executable, "-m", "crawler.cli"]


def test_serve_runs_datasette_with_the_govmon_config(server, http_get):
    _get = http_get
    base = server()
    status, body, _ = _get(base + "/-/search?q=de+an+06&_format=json")
    assert status == 200
    assert [r["title"] for r in json.loads(body)["results"]] == [
        "Hội nghị trực tuyến toàn quốc sơ kết 01 năm triển khai Đề án 06/CP"
    ]
    status, body, _ = _get(base + "/govmon/articles.json?_search=chuyen+doi+so&_shape=array")
    assert status == 200 and len(json.loads(body)) == 3
    assert _get(base + "/govmon.json?sql=select+1")[0] == 200


def test_serve_production_mode(server, http_get):
    _get = http_get
    base = server("--production")
    assert _get(base + "/govmon.json?sql=select+1")[0] == 403
    status, body, headers = _get(base + "/robots.txt")
    assert body == "User-agent: *\nDisallow: /\n"
    assert headers.get("x-robots-tag") == "noindex, nofollow"
    assert _get(base + "/govmon/latest_meeting_reports.json")[0] == 200


def test_serve_without_a_database_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [*GOVMON, "serve", "--db", str(tmp_path / "none.db"), "--get", "/"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "no database at" in result.stderr and "none.db" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_get_prints_a_page(db_path):
    result = subprocess.run(
        [*GOVMON, "serve", "--db", str(db_path), "--get", "/robots.txt", "--production"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "User-agent: *\nDisallow: /"


def test_browser_tests_fail_instead_of_skipping_when_ci_requires_them(chromium_check, tmp_path):
    missing = tmp_path / "no-chromium"
    with pytest.raises(pytest.fail.Exception, match="GOVMON_REQUIRE_BROWSER=1"):
        chromium_check(missing, {"GOVMON_REQUIRE_BROWSER": "1"})
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium_check(missing, {})
    present = tmp_path / "chromium"
    present.write_text("")
    assert chromium_check(present, {"GOVMON_REQUIRE_BROWSER": "1"}) == str(present)


FREEZE_PROBE = """
import gc, sys
from crawler.cli import main as cli
try:
    cli.main(args=sys.argv[1:], standalone_mode=False)
finally:
    print("frozen", gc.get_freeze_count(), file=sys.stderr)
"""


def test_serve_freezes_what_it_loaded_before_serving(db_path):
    """A long-running `govmon serve` moves its startup objects out of the garbage collector's
    reach (full collections walked them all: 120 ms pauses on search requests); an in-process
    Datasette (tests) does not."""
    result = subprocess.run(
        [sys.executable, "-c", FREEZE_PROBE, "serve", "--db", str(db_path), "--get", "/robots.txt"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    frozen = int(result.stderr.rsplit("frozen ", 1)[1])
    assert frozen > 10_000

    import gc

    assert gc.get_freeze_count() == 0  # this test process built Datasettes and froze nothing
