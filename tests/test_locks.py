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
