"""The analysts' review loop: export uncertain codings to Excel, import the decisions.

`export_review` writes `output/<year>/review.xlsx`: every answer the coder sent to review plus
a small deterministic random sample of the confident ones (to keep an eye on precision), one
"x" column per category pre-filled with the suggestion. `import_review` checks the whole
workbook first (headers, years, edited texts, duplicates, cell values) and only then appends
the decisions to `survey/coding/decisions.csv`; on any problem nothing is written.

The workbook is not trusted to check itself (issue #14): each row must name one of the
year's coded answers in data/processed and show that answer's text as exported; the
decision records the pipeline's own full text. Texts are shown without control characters
and cut to `formatting.DISPLAY_CHARS` (Excel holds 32,767 characters per cell), and the
import runs under the `survey/coding` lock, so two imports at once both land.
"""

from __future__ import annotations

import functools
import math
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline import io
from pipeline.errors import InputFileError, MissingStageOutput, ReviewImportError
from pipeline.formatting import display_text, strip_control
from pipeline.ingest.limits import check_zip
from pipeline.io import safe_cell, write_atomic
from pipeline.locks import coding_lock
from pipeline.normalise.decisions import (
    Decision,
    DecisionIndex,
    append_decisions,
    decisions_path,
    read_decisions,
    unguard,
)
from pipeline.normalise.stage import coded_text_path
from pipeline.normalise.text import text_hash
from pipeline.project import Project
from pipeline.survey.taxonomy import load_taxonomy

REVIEW_SHEET, INFO_SHEET = "Gennemgang", "Info"
FIXED = [
    "answer_id",
    "year",
    "municipality_code",
    "question",
    "text",
    "suggested_categories",
    "evidence",
    "reviewer",
]
HASH_COLUMN = "text_hash"
MARK = "x"
#: Share of the confident codings sampled for a check, and the least number sampled.
SAMPLE_SHARE, SAMPLE_MIN = 0.05, 5
_WIDTH = {"text": 60, "evidence": 45, "suggested_categories": 24}
EVIDENCE_CHARS = 2_000
#: A review workbook larger than this is not one the pipeline wrote (a few thousand answers
#: take well under 5 MB); it is refused before it is parsed.
MAX_REVIEW_BYTES = 20 * 1024 * 1024
MAX_REVIEW_ROWS = 100_000
#: Columns read from the review sheet beyond the expected ones (to name an unknown column).
_SPARE_COLUMNS = 20


def review_path(project: Project, year: int) -> Path:
    return project.output(year) / "review.xlsx"


def _load_coded(project: Project, year: int) -> pd.DataFrame:
    path = coded_text_path(project, year)
    if not path.is_file():
        raise MissingStageOutput(
            f"no coded answers for {year}; run `statusmaaling normalize --year {year}` first",
            file=path,
        )
    return io.read_parquet(path)


def select_for_review(coded: pd.DataFrame, sample: float, seed: int) -> pd.DataFrame:
    """Answers needing review, then a seeded random sample of the confident ones."""
    open_ = coded[coded["source"] != "analyst"].sort_values("answer_id")
    doubtful = open_[open_["needs_review"]]
    confident = open_[~open_["needs_review"]]
    k = min(len(confident), max(SAMPLE_MIN, math.ceil(sample * len(confident))))
    picked = np.random.default_rng(seed).choice(len(confident), size=k, replace=False)
    return pd.concat([doubtful, confident.iloc[sorted(picked)]], ignore_index=True)


def export_review(project: Project, year: int, sample: float = SAMPLE_SHARE, seed: int = 0) -> Path:
    """Write `output/<year>/review.xlsx` for the analysts (see module docstring)."""
    taxonomy = load_taxonomy(project.survey)
    slugs = taxonomy.slugs
    rows = select_for_review(_load_coded(project, year), sample, seed)
    header = [*FIXED, *slugs, HASH_COLUMN]

    wb = Workbook()
    ws = wb.active
    ws.title = REVIEW_SHEET
    ws.append(header)
    for r in rows.itertuples(index=False):
        suggested = [c for c in str(r.categories).split(";") if c]
        question = r.question_id + (f".{r.item}" if r.item else "")
        ws.append(
            [
                safe_cell(strip_control(r.answer_id)),
                int(r.year),
                safe_cell(strip_control(str(r.municipality_code))),
                safe_cell(strip_control(question)),
                safe_cell(display_text(r.text)),
                safe_cell(", ".join(suggested)),
                safe_cell(display_text(str(r.evidence or ""), EVIDENCE_CHARS)),
                None,
                *[MARK if s in suggested else None for s in slugs],
                text_hash(r.text),
            ]
        )
    _layout(ws, header, len(rows), slugs)
    _info_sheet(wb, year, taxonomy.labels(), len(rows))
    target = review_path(project, year)
    write_atomic(target, wb.save)
    return target


def _layout(ws: Any, header: list[str], n: int, slugs: list[str]) -> None:
    """Bold frozen header, fitted widths, x-dropdowns, hidden and locked text hash."""
    last = n + 1
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
    ws.freeze_panes = "B2"
    ws.page_setup.orientation = "landscape"  # printed: all columns on the page width
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    for i, name in enumerate(header, start=1):
        letter = get_column_letter(i)
        values = [str(c.value or "") for c in ws[letter][:200]]
        width = _WIDTH.get(name) or min(40, max(len(v) for v in values) + 2)
        ws.column_dimensions[letter].width = max(width, 6)
        if name in _WIDTH:
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    first_slug = len(FIXED) + 1
    if n:
        choice = DataValidation(
            type="list",
            formula1=f'"{MARK}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ugyldig værdi",
            error=f'Skriv "{MARK}" eller lad feltet stå tomt.',
        )
        ws.add_data_validation(choice)
        end = get_column_letter(first_slug + len(slugs) - 1)
        choice.add(f"{get_column_letter(first_slug)}2:{end}{last}")
    editable = {header.index("reviewer") + 1, *range(first_slug, first_slug + len(slugs))}
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row:
            if cell.column in editable:
                cell.protection = Protection(locked=False)
    ws.column_dimensions[get_column_letter(len(header))].hidden = True
    ws.protection.sheet = True
    for option in ("formatColumns", "formatRows", "autoFilter", "sort"):
        setattr(ws.protection, option, False)


def _info_sheet(wb: Workbook, year: int, labels: dict[str, str], n: int) -> None:
    info = wb.create_sheet(INFO_SHEET)
    info.append(["år", year])
    info.append(["eksporteret", date.today().isoformat()])
    info.append(["svar", n])
    info.append([])
    info.append(
        [
            "Vejledning",
            f'Sæt "{MARK}" i kolonnen for hver kategori svaret nævner (kodemanualen), fjern '
            f'forkerte "{MARK}", og skriv dit navn under reviewer. Ret ikke svarteksten.',
        ]
    )
    info.append([])
    info.append(["kategori", "betegnelse"])
    for slug, label in labels.items():
        info.append([safe_cell(slug), safe_cell(label)])  # analysts edit the taxonomy
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 60


def _error(
    file: Path, message: str, row: int | None = None, column: str | None = None
) -> ReviewImportError:
    return ReviewImportError(message, file=file, sheet=REVIEW_SHEET, row=row, column=column)


def _read_workbook(file: Path, width: int) -> tuple[int, list[str], list[tuple[Any, ...]]]:
    """(year from the Info sheet, header, data rows) of a review workbook.

    Bounded: the file and its unpacked parts are size-checked first, at most `width` columns
    and `MAX_REVIEW_ROWS` rows are read, and declared sheet dimensions are ignored (a forged
    "A1:XFD1048576" made openpyxl pad every row to 16,384 cells).
    """
    if file.is_file() and zipfile.is_zipfile(file):
        try:
            check_zip(file, max_bytes=MAX_REVIEW_BYTES)
        except InputFileError as exc:
            raise ReviewImportError(exc.message, file=file) from None
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ReviewImportError("file not found", file=file) from None
    except Exception as exc:  # openpyxl raises several types for a non-workbook
        raise ReviewImportError(f"not a readable Excel workbook ({exc})", file=file) from None
    try:
        if REVIEW_SHEET not in wb.sheetnames or INFO_SHEET not in wb.sheetnames:
            raise ReviewImportError(
                f"expected the sheets {REVIEW_SHEET!r} and {INFO_SHEET!r}", file=file
            )
        info = {r[0]: r[1] for r in wb[INFO_SHEET].iter_rows(max_row=3, values_only=True) if r}
        year = info.get("år")
        if not isinstance(year, int | float) or int(year) != year:
            raise ReviewImportError(
                "the Info sheet does not say which year (cell B1)", file=file, sheet=INFO_SHEET
            )
        ws = wb[REVIEW_SHEET]
        ws.reset_dimensions()
        rows = []
        for values in ws.iter_rows(values_only=True, max_col=width):
            if len(rows) > MAX_REVIEW_ROWS:
                raise _error(file, f"more than {MAX_REVIEW_ROWS:,} rows: not a review workbook")
            rows.append(values)
    finally:
        wb.close()
    if not rows:
        raise _error(file, "the sheet is empty", row=1)
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    return int(year), header, rows[1:]


def _check_header(file: Path, header: list[str], slugs: list[str]) -> None:
    expected = [*FIXED, *slugs, HASH_COLUMN]
    while header and not header[-1]:
        header.pop()
    for name in header:
        if name not in expected:
            raise _error(file, f"unknown column {name!r} (not a category of the taxonomy)", 1, name)
    for name in expected:
        if header.count(name) != 1:
            problem = "missing" if name not in header else "appears twice"
            raise _error(file, f"column {name!r} {problem}", 1, name)


def _parse_rows(
    file: Path,
    year: int,
    header: list[str],
    rows: list[tuple[Any, ...]],
    slugs: list[str],
    reviewer: str | None,
    answers: Callable[[], dict[str, str]],
) -> list[Decision]:
    """Every row checked; the rows that carry a reviewer become decisions.

    The workbook does not vouch for itself: each `answer_id` must be one of the year's coded
    answers (`answers`, the pipeline's own copy in data/processed), the text shown must be
    that answer's text as exported, and the decision records the pipeline's full text.
    """
    col = {name: i for i, name in enumerate(header)}
    today = date.today().isoformat()
    seen: set[str] = set()
    out: list[Decision] = []
    for n, values in enumerate(rows, start=2):
        cell = {name: (values[i] if i < len(values) else None) for name, i in col.items()}
        if all(v is None or str(v).strip() == "" for v in cell.values()):
            continue
        aid = unguard(str(cell["answer_id"] or "").strip())
        if not aid:
            raise _error(file, "empty answer_id", n, "answer_id")
        if aid in seen:
            raise _error(file, f"answer {aid!r} appears twice", n, "answer_id")
        seen.add(aid)
        row_year = cell["year"]
        if isinstance(row_year, float) and row_year.is_integer():
            row_year = int(row_year)  # a number Excel retyped
        if str(row_year).strip() != str(year) or not aid.startswith(f"{year}-"):
            raise _error(
                file, f"year {row_year!r} / answer {aid!r} does not belong to {year}", n, "year"
            )
        if aid not in answers():
            raise _error(
                file, f"answer {aid!r} is not one of the coded answers of {year}", n, "answer_id"
            )
        text = answers()[aid]
        if unguard(str(cell["text"] or "")) != display_text(text):
            raise _error(file, "the answer text was edited; restore it or export again", n, "text")
        chosen = []
        for slug in slugs:
            value = cell[slug]
            mark = "" if value is None else str(value).strip().lower()
            if mark not in ("", MARK):
                raise _error(
                    file, f"value {value!r} is not allowed: write {MARK} or leave empty", n, slug
                )
            if mark:
                chosen.append(slug)
        who = str(cell["reviewer"] or "").strip() or (reviewer or "").strip()
        if who:
            who = unguard(who)
            out.append(Decision(year, aid, text_hash(text), text, tuple(chosen), who, today))
    return out


def import_review(project: Project, file: str | Path, reviewer: str | None = None) -> int:
    """Append the reviewed rows of `file` to the decisions log; return how many were new.

    Rows with an empty reviewer cell take `reviewer`; rows with neither are not imported.
    Re-importing the same file adds nothing.
    """
    file = Path(file)
    slugs = load_taxonomy(project.survey).slugs
    year, header, rows = _read_workbook(file, len(FIXED) + len(slugs) + 1 + _SPARE_COLUMNS)
    _check_header(file, header, slugs)

    @functools.cache
    def answers() -> dict[str, str]:  # read once the rows' years are known to match
        coded = _load_coded(project, year)
        return dict(zip(coded["answer_id"].astype(str), coded["text"].astype(str), strict=True))

    decisions = _parse_rows(file, year, header, rows, slugs, reviewer, answers)
    if rows and not decisions:
        raise _error(file, "no row has a reviewer: fill the reviewer column or pass --reviewer")
    log = decisions_path(project.survey)
    with coding_lock(project.survey):  # read and append as one step (issue #14)
        known = DecisionIndex(read_decisions(log)).by_hash
        new = [
            d
            for d in decisions
            if d.text_hash not in known or set(known[d.text_hash].categories) != set(d.categories)
        ]
        if new:
            append_decisions(log, new)
    return len(new)
