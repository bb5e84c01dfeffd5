"""Every monitor command and option has help text, and docs/monitor.md covers each of them."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli import main

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "monitor.md").read_text(encoding="utf-8")


def monitor_commands() -> list[tuple[str, click.Command]]:
    out = []
    for name in ("status", "schedule", "alerts"):
        command = main.commands[name]
        out.append((name, command))
        if isinstance(command, click.Group):
            out.extend((f"{name} {sub}", c) for sub, c in command.commands.items())
    return out


def test_every_command_and_option_has_help():
    for name, command in monitor_commands():
        assert command.help, f"govmon {name} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"govmon {name} {param.opts[0]} has no help text"


def test_docs_mention_every_command_and_option():
    for name, command in monitor_commands():
        assert f"govmon {name}" in DOCS, f"docs/monitor.md does not mention `govmon {name}`"
        if isinstance(command, click.Group):
            continue
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.opts[-1] in DOCS, (
                    f"docs/monitor.md does not mention {name} {param.opts[-1]}"
                )
