"""The replica's source registry: generated, shipped in sync, valid, and its URLs resolve."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from crawler.cli.replica import replica_command
from replica.registry import default_base_urls, registry_yaml
from replica.store import load_portals

SHIPPED = Path(__file__).resolve().parents[2] / "crawler" / "sources" / "replica.yaml"
KEYS = [
    "id",
    "name",
    "province",
    "kind",
    "cms",
    "start_urls",
    "feeds",
    "sitemaps",
    "allowed_domains",
    "allow_private_network",
]


def test_shipped_registry_is_in_sync_with_the_generator():
    assert SHIPPED.read_text(encoding="utf-8") == registry_yaml(default_base_urls(8480)), (
        "regenerate: govmon replica --write-registry crawler/sources/replica.yaml --port 8480"
    )


def test_registry_lists_every_portal_with_the_contract_keys():
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    sources = data["sources"]
    portals = load_portals()
    assert [s["id"] for s in sources] == [p["id"] for p in portals]
    for src, portal in zip(sources, portals, strict=True):
        assert list(src) == KEYS
        assert src["allowed_domains"] == [portal["host"]]
        assert src["cms"] == portal["family"]
        assert all(
            u.startswith(f"http://{portal['host']}:8480/")
            for u in src["start_urls"] + src["feeds"] + src["sitemaps"]
        )
        assert bool(src["feeds"]) == bool(portal.get("rss"))
        assert bool(src["sitemaps"]) == bool(portal.get("sitemap"))


def test_registry_is_accepted_by_the_crawler_registry_loader():
    from crawler.registry import parse_registry

    registry, problems = parse_registry(SHIPPED.read_text(encoding="utf-8"), str(SHIPPED))
    assert problems == []
    assert len(registry.sources) == len(load_portals())


def test_registry_urls_resolve_on_a_live_replica(live_replica, http):
    text = registry_yaml(live_replica.base_urls)
    for src in yaml.safe_load(text)["sources"]:
        for url in src["start_urls"] + src["feeds"] + src["sitemaps"]:
            assert http.fetch(url).status == 200, url


def test_cli_writes_the_registry_and_has_help(tmp_path):
    out = tmp_path / "replica.yaml"
    res = CliRunner().invoke(replica_command, ["--write-registry", str(out), "--port", "9123"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == registry_yaml(default_base_urls(9123))
    assert "http://127.0.1.1:9123/" in out.read_text(encoding="utf-8")
    help_text = CliRunner().invoke(replica_command, ["--help"]).output
    assert "--port" in help_text and "--write-registry" in help_text
    bad = CliRunner().invoke(replica_command, ["--write-registry", str(out), "--port", "0"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_cli_serves_until_terminated(http):
    import re
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "replica", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()
        match = re.match(r"mic\s+(http://127\.0\.1\.1:\d+)/", first)
        assert match, first
        assert http.fetch(match.group(1) + "/robots.txt").status == 200
        while "Ctrl-C to stop" not in (line := proc.stdout.readline()):
            assert line, "the command ended early"
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err
