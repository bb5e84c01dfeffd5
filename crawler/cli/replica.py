"""`govmon replica`: serve the local portal replica, or write its source registry."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

if TYPE_CHECKING:
    from replica.server import Replica


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@click.command("replica")
@click.option(
    "--port",
    type=int,
    default=8480,
    show_default=True,
    help="Port shared by every portal's loopback host (0: any free port).",
)
@click.option(
    "--write-registry",
    "registry_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the source registry (YAML) of the replica at --port to FILE and exit.",
)
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of article YAML files (default: replica/content/articles).",
)
def replica_command(port: int, registry_file: Path | None, content_dir: Path | None) -> None:
    """Serve the local replica of Vietnamese government portals until Ctrl-C.

    Every portal of replica/portals.yaml is served on its own loopback host (127.0.1.N) at one
    port. With --write-registry, write the crawler's source registry for those URLs instead."""
    # Submodules, not the package: a stale editable install may see `replica` as a namespace.
    from replica.registry import default_base_urls, registry_yaml
    from replica.server import start_replica
    from replica.store import ARTICLES_DIR

    content = content_dir or ARTICLES_DIR
    if registry_file is not None:
        if port == 0:
            raise click.BadParameter("give the port the replica will run at", param_hint="--port")
        registry_file.write_text(registry_yaml(default_base_urls(port)), encoding="utf-8")
        click.echo(f"wrote {registry_file} ({len(default_base_urls(port))} portals, port {port})")
        return
    # `kill` (SIGTERM) stops as cleanly as Ctrl-C does, from the moment the ports are open.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        rep = start_replica(port, content_dir=content)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on port {port}: {exc.strerror or exc}") from None
    except (ValueError, yaml.YAMLError) as exc:  # a bad portals.yaml: the message names it
        raise click.ClickException(str(exc)) from None
    with rep:
        try:
            _announce(rep)
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            click.echo("stopped")


def _announce(rep: Replica) -> None:
    """Print every portal's URL, the article count and the content files skipped."""
    for pid, base in rep.base_urls.items():
        portal = rep.portals[pid]
        template = rep.families[pid].template
        click.echo(f"{pid:16} {base}/   {portal['family']}/{template}  {portal.get('name', '')}")
    n = len(rep.truth())
    errors = rep.store.errors
    click.echo(f"{n} articles; {len(errors)} content file(s) skipped. Ctrl-C to stop.")
    for err in errors:
        click.echo(f"  skipped: {err}", err=True)
