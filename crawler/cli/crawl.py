"""`govmon crawl` and `govmon demo`: crawl a registry into SQLite; the demo does it on the replica."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from crawler.cli.options import db_option, source_ids_option, sources_option
from crawler.registry import RegistryError, load_registry

DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "sources" / "vietnam.yaml"
# Wide enough for the summary table when the output is a file or a CI log.
console = Console(stderr=True, width=None if sys.stderr.isatty() else 130)


def _parse_set(values: tuple[str, ...]) -> dict[str, object]:
    out: dict[str, object] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--set")
        value: object = raw
        for cast in (int, float):
            try:
                value = cast(raw)
                break
            except ValueError:
                continue
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        out[key] = value
    return out


def _summary_table(per_source: dict[str, dict]) -> Table:
    table = Table(title="Crawl summary per source")
    for col in (
        "source",
        "requests",
        "listing pages",
        "new",
        "updated",
        "unchanged",
        "removed",
        "failures",
        "blocked",
        "errors",
    ):
        table.add_column(col, justify="left" if col == "source" else "right")
    for sid, s in per_source.items():
        table.add_row(
            sid,
            str(s["requests"]),
            str(s["listing_pages"]),
            str(s["articles_new"]),
            str(s["articles_updated"]),
            str(s["articles_unchanged"]),
            str(s["articles_removed"]),
            str(s["extraction_failures"]),
            str(s["blocked_pages"]),
            str(len(s["errors"])),
        )
    return table


def _is_iso_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_db_path(db_path: str) -> None:
    """Create the database's folder and open it once, so a bad path is one clear line, not a traceback."""
    folder = Path(db_path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(
            f"{db_path}: cannot create the folder {folder}: {exc.strerror}"
        ) from None
    from storage.db import open_db

    try:
        open_db(db_path).close()
    except (sqlite3.Error, OSError) as exc:
        raise click.ClickException(f"{db_path}: cannot open the database: {exc}") from None


@click.command("crawl")
@sources_option("Source registry (YAML) to crawl.")
@db_option("SQLite database to write (created if missing).")
@source_ids_option("Crawl only this source (repeatable). Default: every enabled source.")
@click.option(
    "--backfill",
    is_flag=True,
    help="Page listings to the end instead of stopping at stored articles.",
)
@click.option(
    "--since",
    metavar="YYYY-MM-DD",
    help="With --backfill: do not store articles published before this date.",
)
@click.option(
    "--fast",
    is_flag=True,
    help="No politeness delays (for the local replica only: never on real portals).",
)
@click.option(
    "--analyse/--no-analyse",
    default=True,
    show_default=True,
    help="After the crawl, analyse what it brought and regroup the events it touches.",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a Scrapy or GOVMON_* setting, e.g. --set GOVMON_EDIT_WINDOW_DAYS=7.",
)
@click.option("--quiet", is_flag=True, help="No progress display, only the summary.")
def crawl_command(
    sources_path, db_path, source_ids, backfill, since, fast, analyse, settings, quiet
):
    """Crawl the sources of a registry into the SQLite database DB.

    A registry with errors is refused before anything is written. Progress is shown while the
    crawl runs; a per-source summary (pages, articles new/updated, errors) ends it.
    """
    try:
        registry = load_registry(sources_path)
    except RegistryError as exc:
        for problem in exc.problems:
            console.print(f"[red]{problem}[/red]", highlight=False)
        raise SystemExit(2) from None
    except OSError as exc:
        raise click.ClickException(f"{sources_path}: {exc.strerror}") from None
    chosen = registry.enabled()
    if source_ids:
        unknown = [s for s in source_ids if registry.get(s) is None]
        if unknown:
            raise click.ClickException(f"{sources_path}: no source with id {', '.join(unknown)}")
        chosen = [registry.get(s) for s in source_ids]
    if not chosen:
        raise click.ClickException(f"{sources_path}: no enabled source to crawl")
    if since and not backfill:
        raise click.UsageError("--since goes with --backfill")
    if since and not _is_iso_date(since):
        raise click.BadParameter(
            f"{since!r} is not a date written YYYY-MM-DD", param_hint="--since"
        )

    overrides = _parse_set(settings)
    if fast:
        from crawler.crawl import FAST_SETTINGS

        overrides = {**FAST_SETTINGS, **overrides}
    overrides.setdefault("LOG_LEVEL", "WARNING" if not quiet else "ERROR")

    from crawler.crawl import run_crawl

    counts: Counter = Counter()
    last_print = [0.0]

    def on_event(kind: str, source_id: str) -> None:
        counts[kind] += 1
        now = time.monotonic()
        if not quiet and now - last_print[0] > 1.0:
            last_print[0] = now
            console.print(
                f"  … {counts['response']} pages fetched, {counts['item']} articles processed",
                highlight=False,
            )

    _check_db_path(db_path)
    console.print(f"Crawling {len(chosen)} source(s) into {db_path}", highlight=False)
    try:
        result = run_crawl(
            chosen, db_path, backfill=backfill, since=since, settings=overrides, on_event=on_event
        )
    except sqlite3.Error as exc:  # before the crawl could start: a full disk, a broken file
        raise click.ClickException(f"{db_path}: {exc}; nothing was crawled") from None
    console.print(_summary_table(result.per_source))
    if analyse:
        from crawler.nightly import analyse_pending
        from storage.db import open_db

        # What this crawl brought, and the events it touches (`govmon analyse` redoes it all).
        summary = analyse_pending(open_db(db_path))
        console.print(f"Analysis: {summary}", highlight=False)
    console.print(f"Run {result.run_id}: {result.finish_reason}", highlight=False)
    if result.finish_reason == "failed":
        # A storage failure (full disk...): the run is recorded as failed; cron should know.
        raise SystemExit(1)
    _exit_on_failed_sources(db_path, result.run_id, [s.id for s in chosen])


def _exit_on_failed_sources(db_path, run_id: int | None, source_ids: list[str]) -> None:
    """Exit 1 naming each source this run found failing, blocked or broken (health rules)."""
    from crawler.monitor.health import BAD_STATUSES
    from storage.db import open_db
    from storage.health_alerts import failing_sources

    db = open_db(db_path)
    try:
        failed = failing_sources(db, BAD_STATUSES, run_id=run_id, source_ids=source_ids)
    finally:
        db.close()
    if not failed:
        return
    for row in failed:
        click.echo(f"source {row['source_id']}: {row['status']}: {row['reason']}", err=True)
    names = ", ".join(r["source_id"] for r in failed)
    click.echo(f"{len(failed)} of {len(source_ids)} sources failed: {names}", err=True)
    raise SystemExit(1)


def _follow_replica_port(db_path, base_urls: dict[str, str]) -> None:
    """An earlier demo crawled the replica on another port: move its stored addresses to this
    one, so each article keeps one row (its identity) whatever port the replica runs on."""
    if not Path(db_path).exists():
        return
    from storage.db import open_db
    from storage.rebase import rebase_urls, source_bases

    db = open_db(db_path)
    try:
        stored = source_bases(db)
        moves = {stored[p]: base for p, base in base_urls.items() if p in stored}
        moved = rebase_urls(db, moves)
    finally:
        db.close()
    if moved:
        console.print(f"Moved {moved} stored addresses to the replica's new port", highlight=False)


@click.command("demo")
@db_option("Database the demo crawl writes.", default="data/demo.db")
@click.option("--port", default=8480, show_default=True, help="Port of the portal replica.")
@click.option("--datasette-port", default=8001, show_default=True, help="Port of Datasette.")
@click.option(
    "--serve/--no-serve",
    default=True,
    show_default=True,
    help="Serve the result with Datasette after the crawl (until Ctrl-C).",
)
def demo_command(db_path, port, datasette_port, serve):
    """Start the portal replica, crawl it into DB, analyse it and serve it with Datasette."""
    from replica import registry_yaml
    from replica.server import start_replica

    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    with start_replica(port=port) as rep:
        console.print("Portal replica:", highlight=False)
        for pid, url in sorted(rep.base_urls.items()):
            console.print(f"  {pid:16} {url}", highlight=False)
        _follow_replica_port(db_path, rep.base_urls)
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
            f.write(registry_yaml(rep.base_urls))
            registry_path = f.name
        try:
            cmd = [
                sys.executable,
                "-m",
                "crawler.cli",
                "crawl",
                "--sources",
                registry_path,
                "--db",
                db_path,
                "--fast",
            ]
            code = subprocess.call(cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        finally:
            os.unlink(registry_path)
        if code != 0:
            raise click.ClickException(f"the demo crawl failed (exit code {code})")
        if not serve:
            return
        console.print(
            f"Serving {db_path} at http://127.0.0.1:{datasette_port}/ (Ctrl-C stops)",
            highlight=False,
        )
        try:
            subprocess.call(
                [
                    sys.executable,
                    "-m",
                    "crawler.cli",
                    "serve",
                    "--db",
                    db_path,
                    "--port",
                    str(datasette_port),
                ]
            )
        except KeyboardInterrupt:
            pass
