"""Benchmark `statusmaaling run`: a run where nothing changed, and one where one answer changed.

Goals (issue "Any year, any questionnaire"): a no-change run under 0.5 s; one edited answer
under 3 s. Two kinds of edit, each in a copy of the 2019 export delivered again:

- a free-text answer of one municipality reworded so that its coding stays the same (a typo
  corrected): its own extract is rendered again, nothing that prints the same figures;
- a single-choice answer changed (supplier involvement): the national figure moves, so the
  report, the workbook and every extract that prints that figure are made again.

    .venv/bin/python scripts/bench_run.py [--repeat 5]

Works on a copy of the demo project in a temporary folder; the checkout is not touched.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "pipeline.cli"]


def _run(project: Path) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(
        [*CLI, "run", "--year", "2019", "--project", str(project)],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, out.stdout


def _edit_one_answer(project: Path, round_: int) -> str:
    """Reword one municipality's mobility answer (s_12) in a copy of the 2019 export."""
    export = next((project / "data" / "raw" / "2019").glob("dataset_*.xlsx"))
    book = load_workbook(export)
    sheet = book["Dataset"]
    header = [c.value for c in sheet[1]]
    column = header.index("s_12") + 1
    code_column = header.index("kommunekode") + 1
    for row in range(2, sheet.max_row + 1):
        text = sheet.cell(row, column).value
        if isinstance(text, str) and len(text) > 20:
            # a different text each round, coded the same way
            ending = ("!", " .", "!!")[round_ % 3]
            sheet.cell(row, column).value = text.rstrip(" .!") + ending
            municipality = str(sheet.cell(row, code_column).value)
            break
    book.save(export)
    return municipality


def _flip_one_choice(project: Path, round_: int) -> str:
    """Change one municipality's supplier involvement (s_16) between two answers."""
    export = next((project / "data" / "raw" / "2019").glob("dataset_*.xlsx"))
    book = load_workbook(export)
    sheet = book["Dataset"]
    header = [c.value for c in sheet[1]]
    column = header.index("s_16") + 1
    code_column = header.index("kommunekode") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, column).value in (1, 2):
            sheet.cell(row, column).value = 2 if round_ % 2 == 0 else 1
            municipality = str(sheet.cell(row, code_column).value)
            break
    book.save(export)
    return municipality


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "bench"
        shutil.copytree(ROOT / "survey", project / "survey")
        for year in (2017, 2018, 2019):
            shutil.copytree(ROOT / "data" / "raw" / str(year), project / "data" / "raw" / str(year))
        first, _ = _run(project)
        print(f"first run (every stage, 98 extracts): {first:.1f} s")
        still = [_run(project)[0] for _ in range(args.repeat)]
        print(f"no-change run: median {statistics.median(still):.2f} s (min {min(still):.2f})")
        edited = []
        for round_ in range(args.repeat):
            who = _edit_one_answer(project, round_)
            seconds, out = _run(project)
            edited.append(seconds)
            lines = [line.strip() for line in out.splitlines() if "2019" in line]
            print(f"  edited the answer of {who}: {seconds:.2f} s")
            for line in lines:
                print(f"    {line}")
        median = statistics.median(edited)
        print(f"one reworded free-text answer: median {median:.2f} s (min {min(edited):.2f})")
        flipped = []
        for round_ in range(args.repeat):
            who = _flip_one_choice(project, round_)
            seconds, out = _run(project)
            flipped.append(seconds)
            print(f"  changed the supplier answer of {who}: {seconds:.2f} s")
            for line in (x.strip() for x in out.splitlines() if "2019 " in x):
                print(f"    {line}")
        median = statistics.median(flipped)
        print(f"one changed single-choice answer: median {median:.2f} s (min {min(flipped):.2f})")


if __name__ == "__main__":
    main()
