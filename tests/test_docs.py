"""Docs that cannot drift: every command has help text and is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from pipeline.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str = ""):
    click_group = typer.main.get_group(group)
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            for sub_name, sub in command.commands.items():
                yield f"{prefix}{name} {sub_name}", sub
        else:
            yield f"{prefix}{name}", command


def test_every_command_has_help_and_is_in_the_readme():
    commands = dict(_commands(app))
    assert {
        "ingest",
        "status",
        "classify",
        "normalize",
        "indicators",
        "report",
        "export",
        "extract",
        "run",
        "review export",
        "review import",
    } <= set(commands)
    for name, command in commands.items():
        assert (command.help or "").strip(), f"`{name}` has no help text"
        assert re.search(rf"`statusmaaling {name}\b", README), f"`{name}` is not in the README"


def test_readme_set_up_commands_exist():
    for script in re.findall(r"^bash (scripts/\S+\.sh)", README, flags=re.M):
        assert (Path(__file__).resolve().parent.parent / script).is_file()
    assert (
        "bash scripts/test.sh" in (Path(__file__).resolve().parent.parent / ".ci/run").read_text()
    )


def test_help_shows_a_value_type_only_for_options_that_take_a_value():
    """`--help <bool>` and `--force --no-force <bool>` read as if the flags took a value."""
    from typer.testing import CliRunner

    runner = CliRunner()
    for name, _ in _commands(app):
        result = runner.invoke(app, [*name.split(), "--help"], terminal_width=100)
        assert result.exit_code == 0, name
        assert "<bool>" not in result.output, f"`{name} --help`:\n{result.output}"
        assert "<int>" in result.output or "--year" not in result.output, name
    run_help = runner.invoke(app, ["run", "--help"], terminal_width=100).output
    assert "--force / --no-force" in run_help and "--extracts / --no-extracts" in run_help


def test_the_readme_says_which_stages_run_carries_out(project):
    """`run` was described as "all of the above in order", but builds neither the web edition
    nor the review workbooks: the README names the stages it runs, taken from `run` itself."""
    from pipeline.run import stages_for

    (row,) = [line for line in README.splitlines() if line.startswith("| `statusmaaling run")]
    assert "all of the above" not in row
    for stage in stages_for(project, 2019):
        assert re.search(rf"`{stage.name.rstrip('s')}", row), f"{stage.name} not in: {row}"
