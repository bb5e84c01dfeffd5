"""`govmon eval extraction`: help texts, JSON output, and the figures it prints."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crawler.cli import main


def test_help_texts() -> None:
    runner = CliRunner()
    for args in (["eval", "--help"], ["eval", "extraction", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    text = runner.invoke(main, ["eval", "extraction", "--help"]).output
    for option in ("--generic-only", "--json", "--repeat", "--failures"):
        assert option in text


def test_json_generic_only() -> None:
    pytest.importorskip("replica.server")
    result = CliRunner().invoke(main, ["eval", "extraction", "--generic-only", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["overall"]) == {"govmon-generic", "trafilatura", "readability"}
    assert data["articles"] == sum(next(iter(p.values()))["f1_n"] for p in data["portals"].values())
    for name, speed in data["speed"].items():
        assert speed > 0, name
    assert data["overall"]["govmon-generic"]["f1"] > data["overall"]["trafilatura"]["f1"]


def test_tables_name_every_system_and_the_speed_ratio() -> None:
    pytest.importorskip("replica.server")
    result = CliRunner().invoke(main, ["eval", "extraction"])
    assert result.exit_code == 0, result.output
    for label in (
        "Overall",
        "govmon-generic",
        "trafilatura",
        "readability",
        "speed govmon/trafilatura",
    ):
        assert label in result.output
