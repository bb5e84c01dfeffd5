"""The commands share their options: one `--db`, `--sources`, `--source`, `--watches` each."""

from __future__ import annotations

import click
from click.testing import CliRunner

from crawler.cli import main


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def _option(command: click.Command, flag: str) -> click.Option | None:
    return next((p for p in command.params if isinstance(p, click.Option) and flag in p.opts), None)


def test_db_sources_source_watches_mean_one_thing_everywhere():
    names = {"--db": "db_path", "--source": "source_ids", "--watches": "watches_path"}
    seen = {flag: [] for flag in names}
    for label, command in _commands(main):
        for flag, name in names.items():
            option = _option(command, flag)
            if option is None:
                continue
            seen[flag].append(label)
            assert option.name == name, f"govmon {label} {flag} is passed as {option.name}"
            if flag != "--source":
                assert isinstance(option.type, click.Path) and not option.type.dir_okay, label
    assert len(seen["--db"]) >= 6 and len(seen["--watches"]) >= 3, seen


def test_schedule_names_the_registry_problem_instead_of_a_traceback(tmp_path):
    registry = tmp_path / "bad.yaml"
    registry.write_text("sources:\n  - id: x\n    name: X\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["schedule", "--sources", str(registry), "--db", str(tmp_path / "g.db"), "--dry-run"],
    )
    assert result.exit_code == 2, result.output
    assert f"{registry}:2: source 'x': missing field 'province'" in result.output


def test_serve_analyse_and_status_name_a_file_that_is_not_sqlite(tmp_path):
    """Issue 15: a wrong file gives one line naming it, not a traceback."""
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n", encoding="utf-8")
    runner = CliRunner()
    for args in (["serve", "--get", "/"], ["analyse"], ["status"]):
        result = runner.invoke(main, [*args, "--db", str(notes)])
        assert result.exit_code != 0, args
        assert isinstance(result.exception, SystemExit), (args, result.exception)
        assert "notes.db" in result.output and "Traceback" not in result.output, args
