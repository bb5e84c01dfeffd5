"""`govmon sources`: validate, list and probe the source registry."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from crawler.cli.options import source_ids_option, sources_option
from crawler.provinces import current_provinces
from crawler.registry import DEFAULT_REGISTRY, Registry, load_registry, validate_registry


def _console() -> Console:
    # Wide enough that URLs are not cut when the output is piped or captured.
    return Console(width=None if sys.stdout.isatty() else 200, highlight=False)


def _load_or_exit(path: Path) -> Registry:
    problems = validate_registry(path)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.exceptions.Exit(1)
    return load_registry(path)


@click.group("sources")
def sources_group() -> None:
    """Check and inspect the source registry (the YAML list of portals to crawl)."""


@sources_group.command("validate")
@click.argument("file", type=click.Path(path_type=Path), default=str(DEFAULT_REGISTRY))
def validate_command(file: Path) -> None:
    """Check a registry FILE: print every problem as FILE:LINE and exit 1 if there is any.

    FILE defaults to crawler/sources/vietnam.yaml.
    """
    problems = validate_registry(file)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s) in {file}", err=True)
        raise click.exceptions.Exit(1)
    registry = load_registry(file)
    enabled = len(registry.enabled())
    click.echo(f"{len(registry.sources)} sources OK ({enabled} enabled) in {file}")


@sources_group.command("list")
@click.argument("file", type=click.Path(path_type=Path), default=str(DEFAULT_REGISTRY))
@click.option("--enabled-only", is_flag=True, help="Show only the sources that will be crawled.")
def list_command(file: Path, enabled_only: bool) -> None:
    """Print the sources of a registry FILE as a table, and how many of the 34 provinces they cover.

    FILE defaults to crawler/sources/vietnam.yaml.
    """
    registry = _load_or_exit(file)
    table = Table(title=f"Sources in {file}")
    for column in ("id", "name", "province", "province now", "kind", "cms", "enabled", "start URL"):
        table.add_column(column, overflow="fold")
    shown = registry.enabled() if enabled_only else registry.sources
    for s in shown:
        province = s.province or "-"
        if s.former_province and s.former_province != s.province:
            province = f"{s.former_province} (former)"
        table.add_row(
            s.id,
            s.name,
            province,
            s.province_now or "-",
            s.kind or "-",
            s.cms or "-",
            "yes" if s.enabled else "no",
            s.start_urls[0],
        )
    console = _console()
    console.print(table)
    total = len(current_provinces())
    covered = len(registry.provinces_covered())
    by_enabled = len(registry.provinces_covered(enabled_only=True))
    console.print(
        f"{len(shown)} sources shown, {len(registry.enabled())} enabled. "
        f"provinces covered: {covered} of {total} ({by_enabled} of {total} by enabled sources)"
    )


@sources_group.command("check")
@sources_option("Registry file to check.", name="file", path_type=Path)
@source_ids_option("Check only this source (repeatable); disabled sources are checked when named.")
@click.option(
    "--timeout",
    type=float,
    default=15.0,
    show_default=True,
    help="Seconds to wait for each HTTP request.",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also show what the crawls stored in this database learnt of each source's pages "
    "(its site template: title affixes, repeated blocks and dates, pages seen).",
)
def check_command(
    file: Path, source_ids: tuple[str, ...], timeout: float, db_path: Path | None
) -> None:
    """Probe each enabled source over HTTP: robots.txt, start page, CMS family, article links,
    one article extracted. Prints one row per source: ok, unreachable, TLS problem, blocked,
    no articles found or extraction failed, with the reason. Exits 1 when any source is not ok.
    With --db, each source's learnt site template follows (docs/extraction.md).
    """
    from crawler.probe import check_source  # imports extraction only when probing

    registry = _load_or_exit(file)
    if source_ids:
        unknown = [sid for sid in source_ids if registry.get(sid) is None]
        if unknown:
            click.echo(f"{file}: no source with id {', '.join(repr(u) for u in unknown)}", err=True)
            raise click.exceptions.Exit(2)
        chosen = [registry.get(sid) for sid in source_ids]
    else:
        chosen = registry.enabled()
    table = Table(title=f"Source check ({file})")
    for column in ("id", "status", "robots", "family", "links", "article", "reason"):
        table.add_column(column, overflow="fold")
    console = _console()
    failures = 0
    for source in chosen:
        result = check_source(source, timeout=timeout)
        failures += result.status != "ok"
        style = "green" if result.status == "ok" else "red"
        table.add_row(
            source.id,
            f"[{style}]{result.status}[/{style}]",
            result.robots or "-",
            result.family or "-",
            str(result.links),
            result.article_title or "-",
            result.reason or "",
        )
    console.print(table)
    console.print(f"{len(chosen) - failures} of {len(chosen)} sources ok")
    if db_path is not None:
        _print_templates(console, db_path, [s.id for s in chosen])
    if failures:
        raise click.exceptions.Exit(1)


def _print_templates(console: Console, db_path: Path, source_ids: list[str]) -> None:
    """Each source's learnt site template, as `sources check --db` shows it."""
    from storage.db import open_db
    from storage.templates import load_templates, template_summaries

    if not db_path.is_file():
        click.echo(f"{db_path}: no such database; no learnt templates to show", err=True)
        raise click.exceptions.Exit(2)
    db = open_db(db_path)
    templates, summaries = load_templates(db, source_ids), template_summaries(db)
    for sid in source_ids:
        console.print()
        console.print(f"[bold]Learnt template of {sid}[/bold]")
        summary = summaries.get(sid) or {}
        for line in template_lines(templates.get(sid), summary.get("updated_at")):
            console.print("  " + line, markup=False)


def template_lines(template: dict | None, updated_at: str | None = None) -> list[str]:
    """A stored site template (its JSON value) told in plain lines: what extraction will treat
    as the site's own (names, <title> affixes) and as furniture (blocks and dates on most pages)."""
    from crawler.dates import find_full_dates
    from crawler.extraction.template import MIN_PAGES, SiteTemplate

    learnt = SiteTemplate.from_dict(template)
    if not learnt.pages:
        return ["nothing learnt yet: crawl the source first (a template needs its article pages)"]
    when = f", last on {updated_at}" if updated_at else ""
    lines = [f"learnt from {learnt.pages:g} article pages{when}"]
    if not learnt.mature:
        lines.append(
            f"not in use yet: extraction uses it from {MIN_PAGES} pages on "
            "(pages held back meanwhile are extracted at the end of the crawl)"
        )
    prefix, suffix = learnt.title_affixes()
    lines.append(f"site names (never a title or author): {_quoted(learnt.site_names())}")
    lines.append(f"<title> prefix cut: {_quoted([prefix])}  suffix cut: {_quoted([suffix])}")
    furniture = learnt.furniture()
    texts = list(
        dict.fromkeys(learnt.samples[k] for k in sorted(furniture) if learnt.samples.get(k))
    )
    dated = [t for t in texts if find_full_dates(t)]
    lines.append(
        f"repeated blocks (furniture, removed before extraction): {len(furniture)}"
        + (f", e.g. {_quoted(texts[:4], 60)}" if texts else "")
    )
    lines.append(
        f"dates in repeated blocks (never a publication date): {_quoted(dated[:4], 60)}"
        if dated
        else "dates in repeated blocks: none"
    )
    return lines


def _quoted(texts: list[str], width: int = 80) -> str:
    shown = [t if len(t) <= width else t[: width - 1] + "…" for t in texts if t]
    return ", ".join(f'"{t}"' for t in shown) if shown else "none"
