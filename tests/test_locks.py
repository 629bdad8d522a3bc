"""Exclusive locks (`pipeline.locks`): one writer at a time, a clear message, no stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from pipeline.errors import LockedError
from pipeline.locks import LOCK_NAME, file_lock, project_lock

HOLD = textwrap.dedent(
    """
    import sys, time
    from pipeline.locks import project_lock

    with project_lock(sys.argv[1]):
        print("held", flush=True)
        time.sleep(60)
    """
)


def _holder(root) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(root)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_waits_then_names_the_holder(tmp_path):
    holder = _holder(tmp_path)
    try:
        started = time.monotonic()
        with pytest.raises(LockedError) as info, project_lock(tmp_path, timeout=0.3):
            pass
        assert 0.3 <= time.monotonic() - started < 3
        text = str(info.value)
        assert "\n" not in text and f"pid {holder.pid}" in text and str(tmp_path) in text
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    holder = _holder(tmp_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with project_lock(tmp_path, timeout=0.5) as path:
        assert path == tmp_path / LOCK_NAME


def test_the_same_process_may_take_a_lock_it_holds(tmp_path):
    with file_lock(tmp_path / "x.lock", timeout=0.1), file_lock(tmp_path / "x.lock", timeout=0.1):
        pass
    with file_lock(tmp_path / "x.lock", timeout=0.1):  # and it is free afterwards
        pass


#: Every command that writes a year's files (arguments after the command name).
WRITERS = [
    ["ingest", "--year", "2019"],
    ["normalize", "--year", "2019"],
    ["indicators", "--year", "2019"],
    ["report", "--year", "2019"],
    ["export", "--year", "2019"],
    ["extract", "--year", "2019", "--all"],
    ["site", "--year", "2019"],
    ["status", "--year", "2019"],
    ["review", "export", "--year", "2019"],
    ["review", "new-words", "--year", "2019"],
    ["new-year", "--year", "2019", "--force"],
    ["demo", "--force"],
]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_every_command_writing_a_years_files_waits_for_the_project(demo_copy, monkeypatch, command):
    """A `report` or `ingest` started beside a `run` used to write the same files at the
    same time: each such command takes the project lock, and gives up with one line naming
    the holder."""
    from typer.testing import CliRunner

    import pipeline.locks
    from pipeline.cli import app

    before = {p: p.stat().st_mtime_ns for p in demo_copy.root.rglob("*") if p.is_file()}
    holder = _holder(demo_copy.root)
    try:
        monkeypatch.setattr(pipeline.locks, "DEFAULT_TIMEOUT", 0.3)
        result = CliRunner().invoke(app, [*command, "--project", str(demo_copy.root)])
        assert result.exit_code == 1, result.output
        message = " ".join(result.output.split())
        assert "Error:" in message and f"pid {holder.pid}" in message, message
        assert "waited 0.3 s" in message, message
    finally:
        holder.kill()
        holder.wait()
    after = {p: p.stat().st_mtime_ns for p in demo_copy.root.rglob("*") if p.is_file()}
    # the lock file itself may or may not be there before (a copied project can carry one)
    assert {p for p in after if p.name != LOCK_NAME} == {p for p in before if p.name != LOCK_NAME}
    assert all(after[p] == before[p] for p in before if p.name != LOCK_NAME)


def test_a_command_waits_for_the_holder_then_runs(demo_copy):
    """Waiting is the point: a command started while another writes the project runs as
    soon as that one has finished."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pipeline.locks import project_lock\n"
            "with project_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(1.5)",
            str(demo_copy.root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        args = ["export", "--year", "2019", "--project", str(demo_copy.root)]
        result = CliRunner().invoke(app, args)
        waited = time.monotonic() - started
    finally:
        holder.wait()
    assert result.exit_code == 0, result.output
    assert waited >= 1.0
    assert (demo_copy.output(2019) / "statusmaaling_2019.xlsx").is_file()
