"""The generated-portal gate: govmon's real crawl of fixed seeds must hold benchmarks/floors.yaml.

Rates here are over ALL ground-truth articles (a field counts when the article was stored and the
field is right), so finding more articles can only raise them; junk rows have a ceiling.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from replica.generator.bench import overall, run_seeds

FLOORS_FILE = Path(__file__).resolve().parents[2] / "benchmarks" / "floors.yaml"


def gate_floors() -> dict:
    return yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8"))["generated"]


def of_all(score) -> dict[str, float]:
    n = score.articles
    return {
        "coverage": score.found / n,
        "title": score.title / n,
        "date": score.date / n,
        "datetime": score.datetime / max(1, score.timed_all),
        "author": score.author / n,
        "body_f1": score.f1_sum / n,
    }


@pytest.mark.slow
def test_crawl_of_generated_portals_holds_the_floors(tmp_path: Path) -> None:
    floors = gate_floors()
    results = run_seeds(
        floors["seeds"],
        jobs=1,
        batch=len(floors["seeds"]),
        with_trafilatura=False,
        workdir=tmp_path,
    )
    errors = [(r.seed, r.error) for r in results if r.error]
    assert not errors, errors
    total = overall(results, "govmon")
    figures = of_all(total)
    report = {k: round(v, 3) for k, v in figures.items()} | {"junk": total.junk}
    for key, floor in floors["of_all_articles"].items():
        assert figures[key] >= floor, f"{key} {figures[key]:.3f} < floor {floor} ({report})"
    assert total.junk <= floors["junk_rows_max"], report
