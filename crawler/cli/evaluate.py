"""`govmon eval`: measure extraction (and, later, analysis) against the replica's ground truth."""

from __future__ import annotations

import json
import sys

import click

from crawler.evaluation.extraction import Report


@click.group(name="eval")
def eval_group() -> None:
    """Evaluate govmon against the local portal replica's ground truth."""


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def print_report(report: Report, *, console=None) -> None:
    """Rich tables: overall, then per portal; one row per system."""
    from rich.console import Console
    from rich.table import Table

    if console is None:
        console = Console()
        if not console.is_terminal or console.width < 130:
            console = Console(width=150)  # the tables need the room; pipes get 80 columns otherwise
    columns = [
        ("title", "title %"),
        ("date", "date %"),
        ("datetime", "datetime %"),
        ("author", "author %"),
        ("lead", "lead %"),
        ("precision", "text P"),
        ("recall", "text R"),
        ("f1", "text F1"),
        ("body_f1", "body F1"),
    ]

    def table(title: str, rows: dict[str, dict], with_speed: bool) -> Table:
        t = Table(title=title, title_justify="left")
        t.add_column("system")
        for _, label in columns:
            t.add_column(label, justify="right")
        if with_speed:
            t.add_column("art/s", justify="right")
        for name, figures in rows.items():
            cells = [
                _pct(figures.get(k))
                if k not in ("precision", "recall", "f1", "body_f1")
                else ("—" if figures.get(k) is None else f"{figures[k]:.3f}")
                for k, _ in columns
            ]
            if with_speed:
                cells.append(f"{report.speed.get(name, 0):.1f}")
            t.add_row(name, *cells)
        return t

    console.print(table(f"Overall ({report.articles} articles)", report.overall, True))
    for portal, rows in report.portals.items():
        n = next(iter(rows.values())).get("f1_n", 0)
        console.print(table(f"{portal} ({n} articles)", rows, False))
    for name in ("govmon", "govmon-generic"):
        if name in report.speed and report.speed.get("trafilatura"):
            ratio = report.speed[name] / report.speed["trafilatura"]
            console.print(f"speed {name}/trafilatura: {ratio:.2f}x")
    console.print(
        "text = lead + body tokens (every system); body = body only (govmon); "
        "datetime counts pages that print a time."
    )


@eval_group.command("extraction")
@click.option(
    "--generic-only",
    is_flag=True,
    help="Skip govmon's family selectors: compare the generic path with the baselines.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the figures as JSON instead of tables."
)
@click.option(
    "--repeat",
    type=click.IntRange(1, 20),
    default=1,
    show_default=True,
    help="Extract every page this many times for steadier speed figures.",
)
@click.option("--failures", is_flag=True, help="Also list govmon's imperfect pages (for tuning).")
def extraction_command(generic_only: bool, as_json: bool, repeat: int, failures: bool) -> None:
    """Start the replica, fetch every ground-truth article page and score extractors.

    Reports title, published date, datetime (where a time is printed), author and lead
    exact-match rates and token precision/recall/F1 for govmon (with families), govmon
    generic-only, trafilatura and readability-lxml, with each one's speed (articles/second).
    """
    from crawler.evaluation.extraction import evaluate

    try:
        report = evaluate(generic_only=generic_only, repeat=repeat)
    except (OSError, RuntimeError, ImportError, ValueError) as exc:
        raise click.ClickException(f"evaluation failed: {exc}") from None
    data = report.to_dict()
    if not failures:
        data.pop("failures")
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    print_report(report)
    if failures:
        for name, rows in report.failures.items():
            for row in rows:
                click.echo(f"{name}: {json.dumps(row, ensure_ascii=False)}")
