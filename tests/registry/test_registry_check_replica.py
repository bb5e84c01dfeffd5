"""`govmon sources check` against the local portal replica: every family, and portals in trouble."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.probe import check_source
from crawler.registry import Registry, load_registry, parse_registry

replica = pytest.importorskip("replica")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, Registry, Path]]:
    """The replica on a free port, its registry parsed and written to a file."""
    rep = replica.start_replica(port=0)
    try:
        text = replica.registry_yaml(rep.base_urls)
        registry, problems = parse_registry(text, "replica registry")
        assert problems == []
        path = tmp_path_factory.mktemp("registry") / "replica.yaml"
        path.write_text(text, encoding="utf-8")
        yield rep, registry, path
    finally:
        rep.stop()


def test_every_replica_portal_checks_ok(served) -> None:
    rep, registry, _ = served
    assert len(registry.sources) == len(rep.base_urls) >= 6
    for source in registry.sources:
        result = check_source(source, timeout=10)
        assert result.status == "ok", (source.id, result.reason)
        assert result.links > 0 and result.article_title
        assert result.article_url.startswith(rep.base_urls[source.id])
        assert result.family == f"{source.cms} (hint)"


def test_family_is_detected_without_a_hint(served) -> None:
    _, registry, _ = served
    for source in registry.sources:
        result = check_source(dataclasses.replace(source, cms=None), timeout=10)
        assert result.family.startswith(f"{source.cms} (detected"), (source.id, result.family)
        assert result.status == "ok", (source.id, result.reason)


def test_blocked_and_broken_portals(served) -> None:
    rep, registry, _ = served
    first, second = registry.sources[0], registry.sources[1]
    rep.block_portal(first.id, "403")
    rep.break_portal(second.id, 500)
    try:
        blocked = check_source(first, timeout=10)
        broken = check_source(second, timeout=10)
    finally:
        rep.heal()
    assert blocked.status == "blocked" and "HTTP 403" in blocked.reason
    assert broken.status == "unreachable" and "HTTP 500" in broken.reason
    assert check_source(first, timeout=10).status == "ok"


def test_cli_check_on_the_replica(served) -> None:
    _, registry, path = served
    assert len(load_registry(path).sources) == len(registry.sources)
    one = registry.sources[0].id
    result = CliRunner().invoke(main, ["sources", "check", "--sources", str(path), "--source", one])
    assert result.exit_code == 0, result.output
    assert "1 of 1 sources ok" in result.output
    result = CliRunner().invoke(
        main, ["sources", "check", "--sources", str(path), "--source", "nope"]
    )
    assert result.exit_code == 2 and "no source with id 'nope'" in result.output
