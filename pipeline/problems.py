"""Warnings of every stage as data: one table per year, `output/<year>/problems.csv`.

A stage that finishes with warnings (a rejected cell, a quote that may name a municipality, a
figure left out because its question is gone) has them saved here with where they are, so an
analyst can read every warning of the year in one place, and `run` can sum them up at the
end, also for stages it skipped. Each stage's rows are replaced when it runs again.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from pipeline.errors import StatusmaalingError

FILE_NAME = "problems.csv"
#: Text that a spreadsheet would run as a formula gets a leading apostrophe.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


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
                message=_unguard(r.get("message") or ""),
                file=_unguard(r.get("file") or ""),
                row=int(row) if row.isdigit() else None,
                column=_unguard(r.get("column") or ""),
            )
        )
    return out


def _guard(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return "'" + text if text.startswith(_FORMULA) else text


def _unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


def save_problems(output_dir: Path, stage: str, problems: Iterable[Problem]) -> Path:
    """Replace `stage`'s rows of the year's table with `problems` (written atomically)."""
    kept = [p for p in read_problems(output_dir) if p.stage != stage]
    rows = kept + list(problems)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for p in rows:
        writer.writerow([_guard(v) for v in astuple(p)])
    path = problems_path(output_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=output_dir, prefix=f".{FILE_NAME}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
        os.replace(tmp, path)
    except OSError as exc:
        raise StatusmaalingError(
            f"cannot write the problems table: {exc.strerror or exc}", file=output_dir
        ) from None
    return path
