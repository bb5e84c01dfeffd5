"""The `govmon` command: a thin click layer over the Python API, one module per command group."""

from __future__ import annotations

import importlib
import signal
import sys
import threading


def _stop_while_starting(signum: int, _frame) -> None:
    # SIGTERM before a command installs its own handler (Scrapy's, the scheduler's): stop now
    # and cleanly (an open transaction rolls back). The scheduler's contract is exit 0.
    raise SystemExit(0 if sys.argv[1:2] == ["schedule"] else 128 + signum)


# First thing, before the slow imports: a SIGTERM during start-up is honoured, not fatal mid-way.
if threading.current_thread() is threading.main_thread():
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _stop_while_starting)

import click  # noqa: E402

from crawler import __version__  # noqa: E402

# (module, attribute) of every top-level command; each module owns its command group.
COMMANDS: list[tuple[str, str]] = [
    ("crawler.cli.replica", "replica_command"),
    ("crawler.cli.serve", "serve_command"),
    ("crawler.cli.evaluate", "eval_group"),
    ("crawler.cli.evaluate_analysis", "eval_group"),
    ("crawler.cli.analyse", "analyse_command"),
    ("crawler.cli.crawl", "crawl_command"),
    ("crawler.cli.crawl", "demo_command"),
    ("crawler.cli.sources", "sources_group"),
    ("crawler.cli.status", "status_command"),
    ("crawler.cli.schedule", "schedule_command"),
    ("crawler.cli.alerts", "alerts_group"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govmon")
def main() -> None:
    """govmon: crawl Vietnamese government portals, find reports of digital-transformation
    meetings, store them in SQLite and serve them with Datasette."""


for _module, _attr in COMMANDS:
    main.add_command(getattr(importlib.import_module(_module), _attr))
