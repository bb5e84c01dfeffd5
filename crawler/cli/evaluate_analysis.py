"""`govmon eval analysis`: meeting intelligence measured against the replica's ground truth."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.cli.evaluate import eval_group  # the `govmon eval` group, shared

TARGETS = {  # issue 12's targets on real articles; floors (the CI gate): benchmarks/floors.yaml
    "meeting_precision": 0.97,
    "meeting_recall": 0.95,
    "topic_dx_accuracy": 0.97,
    "event_pairwise_f1": 0.85,
    "meeting_date_accuracy": 0.90,
    "bridge_point_accuracy": 0.90,
    "fact_chair": 0.90,
    "fact_kind": 0.95,
}


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _support(report: dict, key: str) -> object:
    return (report.get("support") or {}).get(key, "?")


def _show(value: object) -> str:
    return repr(value if value is None or isinstance(value, (int, list)) else str(value))


def print_analysis_report(report: dict, source: str = "the replica") -> None:
    """Figures, confusion matrix, misclassified articles and wrong meeting facts, as text."""
    echo = click.echo
    echo(
        f"Analysis against the ground truth of {source}: {report['n_articles']} articles, "
        f"{report['n_meeting_reports']} meeting reports"
    )
    for key, label in (
        ("meeting_precision", "meeting-report precision"),
        ("meeting_recall", "meeting-report recall"),
        ("dx_meeting_precision", "DX meeting-report precision"),
        ("dx_meeting_recall", "DX meeting-report recall"),
        ("topic_dx_accuracy", "topic_dx accuracy"),
        ("event_pairwise_precision", "event pairwise precision"),
        ("event_pairwise_recall", "event pairwise recall"),
        ("event_pairwise_f1", "event pairwise F1"),
        ("meeting_date_accuracy", "meeting-date accuracy"),
        ("bridge_point_accuracy", "bridge-point accuracy"),
    ):
        target = TARGETS.get(key)
        mark = (
            ""
            if target is None
            else (" ok" if (report[key] or 0) >= target else f" BELOW target {target}")
        )
        echo(f"  {label:<30} {_fmt(report[key])}  (n={_support(report, key)}){mark}")
    for name, value in report["fact_accuracy"].items():
        if name in ("date", "bridge_points"):
            continue
        target = TARGETS.get(f"fact_{name}")
        mark = (
            ""
            if target is None
            else (" ok" if (value or 0) >= target else f" BELOW target {target}")
        )
        label = f"meeting {name}"
        echo(f"  {label:<30} {_fmt(value)}  (n={_support(report, f'fact_{name}')}){mark}")
    echo(
        f"  (event pairs: {report.get('n_truth_pairs', '?')} true, "
        f"{report.get('n_predicted_pairs', '?')} predicted; n counts articles)"
    )
    labels = list(report["confusion"])
    echo("Confusion matrix (rows: truth, columns: predicted)")
    echo(" " * 16 + "".join(f"{p:>15}" for p in labels))
    for t in labels:
        echo(f"  {t:<14}" + "".join(f"{report['confusion'][t][p]:>15}" for p in labels))
    echo(f"Misclassified ({len(report['misclassified'])})")
    for item in report["misclassified"]:
        echo(
            f"  {item['id']}: truth {item['truth']}, predicted {item['predicted']} "
            f"(score {item['score']:.3f}): {item['title']}"
        )
        for reason in item["reasons"]:
            echo(f"      {reason}")
    echo(f"Wrong meeting facts ({len(report['fact_errors'])})")
    for item in report["fact_errors"]:
        echo(
            f"  {item['id']} {item['fact']}: expected {_show(item['expected'])}, got {_show(item['predicted'])}"
        )


@eval_group.command("analysis")
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of ground-truth article YAML files (default: replica/content/articles).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def analysis_command(articles_dir: Path | None, as_json: bool) -> None:
    """Meeting-report precision/recall, topic_dx accuracy, event pairwise F1, meeting-date and
    bridge-point accuracy, the confusion matrix and the misclassified articles.

    Works on the ground truth's own title, lead and body (no crawling needed).
    """
    from crawler.evaluation.analysis import ARTICLES_DIR, evaluate, load_ground_truth

    directory = articles_dir or ARTICLES_DIR
    if not Path(directory).is_dir():
        raise click.ClickException(f"{directory}: no such folder")
    try:
        items = load_ground_truth(directory)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not items:
        raise click.ClickException(f"{directory}: no article YAML files")
    report = evaluate(items)
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1, default=str)
        click.echo()
    else:
        print_analysis_report(report, str(directory) if articles_dir else "the replica")


eval_group.add_command(analysis_command)
