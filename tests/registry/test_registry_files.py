"""The shipped registries: vietnam.yaml and the replica's registry validate; the CLI shows them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli import main
from crawler.provinces import current_provinces, province_now, province_record
from crawler.registry import DEFAULT_REGISTRY, SOURCES_DIR, load_registry, validate_registry

# ../shared/ beside the checkout, as on the developers' machines and in CI.
RESEARCH = Path(__file__).resolve().parents[3] / "shared" / "registry-research.yaml"


def test_vietnam_registry_validates() -> None:
    assert [str(p) for p in validate_registry(DEFAULT_REGISTRY)] == []


def test_vietnam_registry_content() -> None:
    registry = load_registry()  # the default path is vietnam.yaml
    assert registry.path.endswith("vietnam.yaml")
    # A current portal: no former province, or one only renamed (Thừa Thiên Huế → Huế), not merged.
    portals = [
        s
        for s in registry.sources
        if s.kind == "provincial_portal"
        and (not s.former_province or province_record(s.province)["former"] == [s.former_province])
    ]
    assert {s.province for s in portals} == set(current_provinces())  # a portal for each of the 34
    assert registry.provinces_covered() == set(current_provinces())
    mst = registry.get("mst")
    assert mst.kind == "ministry" and mst.province is None and mst.enabled
    assert [(a.domain, a.until) for a in mst.aliases] == [("mic.gov.vn", dt.date(2025, 3, 1))]
    bcp = registry.get("baochinhphu")
    assert bcp.feeds and all(f.startswith("https://baochinhphu.vn/rss/") for f in bcp.feeds)
    hanam = registry.get("hanam")
    assert (hanam.province, hanam.former_province) == ("Ninh Bình", "Hà Nam")
    assert (
        hanam.province_on("2022-12-25") == "Hà Nam"
        and hanam.province_on("2025-08-01") == "Ninh Bình"
    )
    for s in registry.sources:
        assert s.evidence or s.confidence == "low", s.id  # what each entry rests on
        if s.confidence == "low":
            assert not s.enabled and s.disabled_reason, s.id
        if s.former_province:
            assert province_now(s.former_province) == s.province_now, s.id
    # Practical defaults reached every entry; TLS checks are off only where an entry says so.
    assert {s.download_timeout for s in registry.sources} == {30}
    assert {s.concurrency for s in registry.sources} == {1}
    assert "tls_verify" not in registry.defaults
    insecure = [s.id for s in registry.sources if not s.tls_verify]
    text = DEFAULT_REGISTRY.read_text(encoding="utf-8")
    assert len(insecure) == len(re.findall(r"(?m)^    tls_verify: false$", text)) > 0
    assert "+https://" in registry.sources[0].user_agent_string()


def test_vietnam_registry_matches_the_research() -> None:
    research = yaml.safe_load(RESEARCH.read_text(encoding="utf-8")) if RESEARCH.exists() else None
    if research is None:
        pytest.skip("registry-research.yaml is not on this machine")
    registry = load_registry()
    for site in research["sites"]:
        if site["id"] == "mic":  # folded into mst as a dated alias
            continue
        source = registry.get(site["id"])
        assert source is not None, site["id"]
        assert source.province == site["province"] and source.kind == site["kind"], site["id"]
        assert source.confidence == site["confidence"], site["id"]


def test_sources_list_shows_34_provinces_covered() -> None:
    result = CliRunner().invoke(main, ["sources", "list"])
    assert result.exit_code == 0, result.output
    match = re.search(
        r"provinces covered: (\d+) of 34 \((\d+) of 34 by enabled sources\)", result.output
    )
    assert match and match.group(1) == "34"
    assert int(match.group(2)) == len(load_registry().provinces_covered(enabled_only=True))
    assert "Ninh Bình" in result.output and "Hà Nam (former)" in result.output


def test_sources_validate_command(tmp_path: Path) -> None:
    ok = CliRunner().invoke(main, ["sources", "validate", str(DEFAULT_REGISTRY)])
    count = len(load_registry().sources)
    assert ok.exit_code == 0 and f"{count} sources OK" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sources:\n  - id: a\n    name: A\n    province: Atlantis\n    start_urls: [x]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["sources", "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:4: source 'a': unknown province 'Atlantis'" in result.output
    assert f"{bad}:5: source 'a': bad URL 'x' in start_urls" in result.output
    assert "Traceback" not in result.output
    listing = CliRunner().invoke(main, ["sources", "list", str(bad)])
    assert listing.exit_code == 1 and "unknown province 'Atlantis'" in listing.output


def test_every_sources_command_has_help() -> None:
    group = main.commands["sources"]
    assert group.help
    for name, command in group.commands.items():
        assert command.help, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name}"
        assert CliRunner().invoke(main, ["sources", name, "--help"]).exit_code == 0


def test_replica_registry_file_validates() -> None:
    path = SOURCES_DIR / "replica.yaml"
    if not path.exists():
        pytest.skip("crawler/sources/replica.yaml not generated yet (the replica engineer's file)")
    assert [str(p) for p in validate_registry(path)] == []
    registry = load_registry(path)
    assert registry.sources and all(s.start_urls for s in registry.sources)
