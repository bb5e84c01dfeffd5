"""The analysis on the second holdout (tests/analysis/files/holdout2): figures must not regress.

The floors are what was measured when the set was written and the general fixes made
(see tests/analysis/files/holdout2/README.md); they are never above the measurement.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main

HOLDOUT2 = Path(__file__).resolve().parent / "files" / "holdout2"

# Measured 2026-11-22 (`govmon eval analysis --articles tests/analysis/files/holdout2`).
FLOORS = {
    "meeting_precision": 1.0,
    "meeting_recall": 1.0,
    "dx_meeting_precision": 1.0,
    "dx_meeting_recall": 1.0,
    "topic_dx_accuracy": 1.0,
    "event_pairwise_precision": 1.0,
    # x19/x20 (one national Đề án 06 conference seen from two provinces) stay two events.
    "event_pairwise_recall": 0.5,
    "event_pairwise_f1": 0.66,
    "meeting_date_accuracy": 1.0,
    "bridge_point_accuracy": 1.0,
}
FACT_FLOORS = {"date": 1.0, "kind": 0.95, "body": 0.95, "session": 1.0, "chair": 1.0, "format": 1.0}


@pytest.fixture(scope="module")
def report() -> dict:
    result = CliRunner().invoke(main, ["eval", "analysis", "--articles", str(HOLDOUT2), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_holdout2_is_the_set_it_claims(report: dict) -> None:
    assert report["n_articles"] == len(list(HOLDOUT2.glob("*.yaml"))) >= 20
    assert report["n_meeting_reports"] == 20


@pytest.mark.parametrize("figure", list(FLOORS))
def test_holdout2_figure_does_not_regress(report: dict, figure: str) -> None:
    assert report[figure] is not None, f"{figure}: nothing to measure"
    assert report[figure] >= FLOORS[figure], (
        f"{figure} = {report[figure]:.3f} < {FLOORS[figure]}; misclassified: "
        + ", ".join(m["id"] for m in report["misclassified"])
        + "; wrong facts: "
        + ", ".join(f"{e['id']}:{e['fact']}" for e in report["fact_errors"])
    )


@pytest.mark.parametrize("fact", list(FACT_FLOORS))
def test_holdout2_fact_does_not_regress(report: dict, fact: str) -> None:
    assert report["fact_accuracy"][fact] >= FACT_FLOORS[fact], [
        e for e in report["fact_errors"] if e["fact"] == fact
    ]
