"""Options and helpers shared by the commands: one `--db`, `--sources`, `--source`, `--watches`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from crawler.registry import DEFAULT_REGISTRY

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def db_option(
    help: str = "The govmon SQLite database.",  # noqa: A002 - click's own name for it
    *,
    required: bool = True,
    default: str | None = None,
    path_type: type | None = None,
    envvar: str | None = None,
) -> Decorator:
    """`--db FILE` (the SQLite database), passed as `db_path`."""
    return click.option(
        "--db",
        "db_path",
        required=required and default is None,
        default=default,
        show_default=default is not None,
        envvar=envvar,
        type=click.Path(dir_okay=False, path_type=path_type),
        help=help,
    )


def sources_option(
    help: str,  # noqa: A002
    *,
    default_registry: bool = True,
    name: str = "sources_path",
    path_type: type | None = None,
) -> Decorator:
    """`--sources FILE` (a registry YAML), the bundled registry by default."""
    return click.option(
        "--sources",
        name,
        type=click.Path(dir_okay=False, path_type=path_type),
        default=str(DEFAULT_REGISTRY) if default_registry else None,
        show_default=default_registry,
        help=help,
    )


def source_ids_option(help: str) -> Decorator:  # noqa: A002
    """`--source ID` (repeatable), passed as `source_ids`."""
    return click.option("--source", "source_ids", multiple=True, metavar="ID", help=help)


def watches_option(help: str, *, required: bool = True) -> Decorator:  # noqa: A002
    """`--watches FILE` (a watches YAML), passed as `watches_path`."""
    return click.option(
        "--watches",
        "watches_path",
        required=required,
        type=click.Path(dir_okay=False),
        help=help,
    )


class InputError(click.ClickException):
    """A database or input file that cannot be used; exit code 2 keeps 1 for "a source is unhealthy"."""

    exit_code = 2


def open_existing_db(path: str):
    """The database at `path`, or InputError saying why it cannot be used."""
    from storage.db import open_db

    if not Path(path).is_file():
        raise InputError(f"{path}: no such database (run `govmon crawl --db {path}` first)")
    try:
        return open_db(path)
    except Exception as exc:  # sqlite3.DatabaseError: "file is not a database" and the like
        raise InputError(f"{path}: cannot open as a govmon database: {exc}") from None


def load_watches_or_exit(path: str):
    """The watches of a file, or InputError naming the line at fault."""
    from crawler.monitor.watches import WatchesError, load_watches

    try:
        return load_watches(path)
    except WatchesError as exc:
        raise InputError(str(exc)) from None
