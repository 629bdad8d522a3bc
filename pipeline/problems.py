"""Warnings of every stage as data: one table per year, `output/<year>/problems.csv`.

A stage that finishes with warnings (a rejected cell, a quote that may name a municipality, a
figure left out because its question is gone) has them saved here with where they are, so an
analyst can read every warning of the year in one place, and `run` can sum them up at the
end, also for stages it skipped. Each stage's rows are replaced when it runs again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from pipeline.io import safe_cell, unguard, write_text

FILE_NAME = "problems.csv"


@dataclass(frozen=True)
class Problem:
    stage: str
    code: str
    message: str
    file: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = ", ".join(
            x for x in (self.file, f"row {self.row}" if self.row else "", self.column) if x
        )
        return f"{where}: {self.message}" if where else self.message


COLUMNS = [f.name for f in fields(Problem)]


def problems_path(output_dir: Path) -> Path:
    return output_dir / FILE_NAME


def read_problems(output_dir: Path) -> list[Problem]:
    path = problems_path(output_dir)
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []  # derived and re-created: a damaged table is rebuilt by the next run
    out = []
    for r in rows:
        row = r.get("row") or ""
        out.append(
            Problem(
                stage=r.get("stage") or "",
                code=r.get("code") or "",
                message=unguard(r.get("message") or ""),
                file=unguard(r.get("file") or ""),
                row=int(row) if row.isdigit() else None,
                column=unguard(r.get("column") or ""),
            )
        )
    return out


def _guard(value: object) -> str:
    """One line, guarded against formulas (`io.safe_cell`)."""
    return safe_cell("" if value is None else " ".join(str(value).split()))


def save_problems(output_dir: Path, stage: str, problems: Iterable[Problem]) -> Path:
    """Replace `stage`'s rows of the year's table with `problems` (written atomically)."""
    kept = [p for p in read_problems(output_dir) if p.stage != stage]
    rows = kept + list(problems)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for p in rows:
        writer.writerow([_guard(v) for v in astuple(p)])
    return write_text(problems_path(output_dir), buf.getvalue())
