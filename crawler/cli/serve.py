"""`govmon serve`: Datasette over a govmon database with govmon's metadata, templates and plugins."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import click

from crawler.cli.options import db_option


@click.command("serve")
@db_option(
    "SQLite database written by `govmon crawl` (env GOVMON_DB).",
    default="govmon.db",
    path_type=Path,
    envvar="GOVMON_DB",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 for every interface).",
)
@click.option(
    "--port",
    "-p",
    type=int,
    default=8001,
    show_default=True,
    help="Port to listen on (0 picks a free one).",
)
@click.option(
    "--production",
    is_flag=True,
    help="Public mode: canned queries only (no arbitrary SQL), tighter time limits, no database "
    "download, robots blocked.",
)
@click.option(
    "--root",
    is_flag=True,
    help="Print a one-time URL that signs you in as root (in production, SQL is for signed-in users).",
)
@click.option(
    "--get",
    "get_path",
    metavar="PATH",
    help="Instead of serving, fetch this path (e.g. '/-/search?q=de+an+06') and print the response.",
)
def serve_command(
    db_path: Path, host: str, port: int, production: bool, root: bool, get_path: str | None
) -> None:
    """Serve the database with Datasette: search page, article pages, charts, maps, canned queries, feeds."""
    from datasette.cli import cli as datasette_cli

    from datasette_config import serving
    from storage.db import open_db

    if not db_path.exists():
        raise click.ClickException(
            f"no database at {db_path}: run `govmon crawl` or `govmon demo` first, or pass --db"
        )
    try:
        # Applies pending migrations (a database from an older govmon gains the new tables).
        open_db(db_path).close()
        metadata = serving.build_metadata(db_path, production=production)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db_path}: not a govmon SQLite database ({error})") from None
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None
    serving.FREEZE_GC_AT_STARTUP = True  # a long-running server: see serving
    with tempfile.TemporaryDirectory(prefix="govmon-serve-") as tmp:
        metadata_file = Path(tmp) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
        args = [
            "serve",
            str(db_path),
            "--metadata",
            str(metadata_file),
            "--template-dir",
            str(serving.TEMPLATES_DIR),
            "--static",
            f"{serving.STATIC_MOUNT}:{serving.STATIC_DIR}",
            "--host",
            host,
            "--port",
            str(port),
        ]
        for name, value in serving.settings(production=production).items():
            args += [
                "--setting",
                name,
                json.dumps(value) if isinstance(value, bool) else str(value),
            ]
        if root:
            args.append("--root")
        if get_path:
            args += ["--get", get_path]
        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)
