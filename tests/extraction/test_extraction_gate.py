"""The extraction gate: figures on the replica must not fall below benchmarks/floors.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from crawler.evaluation.extraction import Page, Report, run_evaluation, system_runners

FLOORS_FILE = Path(__file__).resolve().parents[2] / "benchmarks" / "floors.yaml"
FLOORS = yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8"))["extraction"]


@pytest.fixture(scope="module")
def report(replica_pages) -> Report:
    return run_evaluation(replica_pages, system_runners())


def _cases() -> list[tuple[str, str, float]]:
    return [
        (system, metric, floor)
        for system, metrics in FLOORS["systems"].items()
        for metric, floor in metrics.items()
    ]


@pytest.mark.parametrize(
    "system, metric, floor", _cases(), ids=[f"{s}-{m}" for s, m, _ in _cases()]
)
def test_figure_at_or_above_floor(report: Report, system: str, metric: str, floor: float) -> None:
    value = report.overall[system][metric]
    assert value is not None, f"{system} {metric}: nothing measured"
    misses = [f for f in report.failures.get(system, []) if metric in f]
    assert value >= floor, f"{system} {metric} = {value} < floor {floor}; pages: {misses[:5]}"


@pytest.mark.parametrize("system", FLOORS["beat_trafilatura"])
def test_text_f1_beats_trafilatura(report: Report, system: str) -> None:
    assert report.overall[system]["f1"] > report.overall["trafilatura"]["f1"]


def test_speed_ratio_vs_trafilatura(report: Report) -> None:
    ratio = report.speed["govmon"] / report.speed["trafilatura"]
    assert ratio >= FLOORS["speed_ratio_vs_trafilatura"], report.speed


def test_redesigned_layout_falls_back_to_generic_path() -> None:
    """Every portal switched to unknown markup: the generic path must still hold its floors."""
    pytest.importorskip("replica.server")
    from crawler.evaluation.extraction import redesigned_pages

    pages = redesigned_pages()
    report = run_evaluation(pages, {"govmon": system_runners()["govmon"]})
    for metric, floor in FLOORS["redesigned"]["govmon"].items():
        value = report.overall["govmon"][metric]
        assert value is not None and value >= floor, (metric, value, report.failures["govmon"][:5])


_HINTS = re.compile(r"""\s(?:class|id|data-role)=(?:'[^']*'|"[^"]*")""")
_META = re.compile(r"<meta[^>]*>|<script type=\"application/ld\+json\">.*?</script>", re.S)


def test_generic_path_without_classes_or_metadata(replica_pages) -> None:
    """Pages stripped of every class, id, meta tag and JSON-LD: structure alone must do."""
    pages = []
    for page in replica_pages:
        html = _META.sub("", _HINTS.sub("", page.html.decode(page.encoding or "utf-8")))
        pages.append(Page(page.truth, page.url, html.encode("utf-8"), "utf-8"))
    report = run_evaluation(pages, {"govmon-generic": system_runners()["govmon-generic"]})
    for metric, floor in FLOORS["stripped"]["govmon-generic"].items():
        value = report.overall["govmon-generic"][metric]
        assert value is not None and value >= floor, (
            metric,
            value,
            report.failures["govmon-generic"][:5],
        )
