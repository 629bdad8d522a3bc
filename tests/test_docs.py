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
