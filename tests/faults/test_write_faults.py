"""Read-only or missing output folders, and a killed extract run (issue #14).

Tests run as root on the project's machines, where a chmod does not stop a write; a
read-only folder is therefore simulated at the system-call level (os.open, os.mkdir,
os.replace raise EROFS below it), which is what the kernel does on a read-only mount.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline import io
from pipeline.errors import OutputNotWritable
from pipeline.export import export_workbook
from pipeline.extracts.render import extract_path, render_extracts
from pipeline.indicators import write_indicators
from pipeline.ingest import ingest_year
from pipeline.municipalities import find_municipality, load_register
from pipeline.normalise.review import export_review, import_review
from pipeline.normalise.stage import normalize_year
from pipeline.project import Project
from pipeline.status import collection_status, write_status_workbook
from tests.faults.helpers import assert_one_line

Y = 2019


@pytest.fixture
def read_only(monkeypatch):
    """Make folders read-only for this process: `read_only(folder)`."""
    frozen: list[Path] = []
    real_open, real_mkdir, real_replace = os.open, os.mkdir, os.replace

    def inside(path) -> bool:
        p = Path(os.fsdecode(path)).resolve()
        return any(p == f or f in p.parents for f in frozen)

    def refuse(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))

    def guarded_open(path, flags, *args, **kw):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and inside(path):
            refuse(path)
        return real_open(path, flags, *args, **kw)

    def guarded_mkdir(path, *args, **kw):
        if inside(path):
            refuse(path)
        return real_mkdir(path, *args, **kw)

    def guarded_replace(src, dst, *args, **kw):
        if inside(dst):
            refuse(dst)
        return real_replace(src, dst, *args, **kw)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)
    monkeypatch.setattr(os, "replace", guarded_replace)
    return lambda folder: frozen.append(Path(folder).resolve())


def _review_workbook(project: Project) -> Path:
    from openpyxl import load_workbook

    path = export_review(project, Y)
    wb = load_workbook(path)
    ws = wb["Gennemgang"]
    column = [c.value for c in ws[1]].index("Gennemgået af") + 1
    for row in range(2, ws.max_row + 1):
        ws.cell(row, column).value = "AB"
    out = project.root / "signed.xlsx"
    wb.save(out)
    return out


def _aalborg(project: Project):
    return find_municipality("Aalborg", load_register(project.survey / "municipalities.csv"))


#: command -> (what it writes into, how to run it)
WRITERS: dict[str, tuple[Callable[[Project], Path], Callable[[Project], object]]] = {
    "ingest": (lambda p: p.processed(Y), lambda p: ingest_year(p, Y)),
    "normalize": (lambda p: p.processed(Y), lambda p: normalize_year(p, Y)),
    "indicators": (lambda p: p.output(Y), lambda p: write_indicators(p, Y)),
    "export": (lambda p: p.output(Y), lambda p: export_workbook(p, Y)),
    "status": (
        lambda p: p.output(Y),
        lambda p: write_status_workbook(
            collection_status(p, Y), p.output(Y) / "collection_status.xlsx"
        ),
    ),
    "review export": (lambda p: p.output(Y), lambda p: export_review(p, Y)),
    "review import": (
        lambda p: p.survey / "coding",
        lambda p: import_review(p, p.root / "signed.xlsx"),
    ),
    "extract (missing folder)": (
        lambda p: p.output(Y),
        lambda p: render_extracts(p, Y, ["Aalborg"]),
    ),
}


@pytest.mark.parametrize("command", WRITERS)
def test_a_read_only_folder_is_one_line_naming_the_folder(demo_copy, read_only, command):
    folder_of, run = WRITERS[command]
    if command == "review import":
        _review_workbook(demo_copy)
    folder = folder_of(demo_copy)
    if command.startswith("extract"):
        import shutil

        shutil.rmtree(folder / "kommuner", ignore_errors=True)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    read_only(folder)
    with pytest.raises(OutputNotWritable) as info:
        run(demo_copy)
    text = assert_one_line(info.value)
    assert str(folder) in text and ".tmp" not in text
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_every_atomic_writer_names_the_folder(tmp_path, read_only):
    import pandas as pd

    read_only(tmp_path / "out")
    frame = pd.DataFrame({"a": [1]})
    for write in (
        lambda t: io.write_text(t, "x"),
        lambda t: io.write_bytes(t, b"x"),
        lambda t: io.write_csv(frame, t),
        lambda t: io.write_parquet(frame, t),
    ):
        with pytest.raises(OutputNotWritable) as info:
            write(tmp_path / "out" / "file.csv")
        assert "file.csv" in assert_one_line(info.value)


# -- a killed extract run ------------------------------------------------------------------


def test_stale_temp_files_of_a_killed_run_are_removed_at_the_next_run(demo_copy):
    folder = demo_copy.output(Y) / "kommuner"
    folder.mkdir(parents=True, exist_ok=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = folder / f".101_koebenhavn.pdf.{int(dead.stdout)}.abc123.tmp"
    stale.write_bytes(b"%PDF-1.7 partial")
    mine = folder / f".851_aalborg.pdf.{os.getpid()}.abc123.tmp"  # a live writer's file
    mine.write_bytes(b"%PDF-1.7 partial")
    [path] = render_extracts(demo_copy, Y, ["Aalborg"])
    assert path == extract_path(demo_copy, Y, _aalborg(demo_copy))
    assert not stale.exists()
    assert mine.exists()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp") and p != mine]


WORKERS = textwrap.dedent(
    """
    import os, sys, time
    from pipeline.extracts.render import worker_pool

    pool = worker_pool(2)
    pids = set()
    while len(pids) < 2:
        pids |= {pool.submit(os.getpid).result() for _ in range(4)}
    print(" ".join(map(str, sorted(pids))), flush=True)
    pool.submit(time.sleep, 60)
    time.sleep(60)
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by init) is gone for our purpose
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_extract_workers_end_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", WORKERS], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers)
    finally:
        if parent.poll() is None:
            parent.kill()


def test_stale_temp_files_in_processed_are_removed_by_the_next_ingest(demo_copy):
    folder = demo_copy.processed(Y)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = folder / f".responses.parquet.{int(dead.stdout)}.x1y2z3.tmp"
    stale.write_bytes(b"PAR1 partial")
    ingest_year(demo_copy, Y)
    assert not stale.exists()
