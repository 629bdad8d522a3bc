"""The analysts' review loop: export uncertain codings to Excel, import the decisions.

`export_review` writes `output/<year>/review.xlsx`, a workbook for people, in Danish:
"Gennemgang" has one row per distinct answer text (every answer of the year with that text
is listed in "Svar-id", with its municipality and question wording, and one decision covers
them all); "Hvorfor" says why the row is there (the coder's doubt, or "Stikprøve" for the
random sample of confident codings), one "x" column per category under its Danish name
pre-filled with the suggestion, a "Bemærkning" for a note; "Vejledning" explains it all and
"Info" holds the year. The sample is sized to estimate the error rate of the confident
codings (`sample_size`), and `import_review` reports that estimate with a Wilson interval.

`import_review` checks the whole workbook first (headers, years, edited texts, duplicates,
cell values; errors in Danish naming sheet, row and column) and only then appends the
decisions to `survey/coding/decisions.csv` (one line per text) and the notes to
`survey/coding/notes.csv`; on any problem nothing is written.

The workbook is not trusted to check itself (issue #14): each row must name the year's coded
answers in data/processed and show their text as exported; the decision records the
pipeline's own full text, and whether a row belongs to the sample is read from
coded_text.parquet, not from the workbook. Texts are shown without control characters and cut
to `formatting.DISPLAY_CHARS` (Excel holds 32,767 characters per cell), and the import runs
under the `survey/coding` lock, so two imports at once both land.
"""

from __future__ import annotations

import functools
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
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
    Note,
    append_decisions,
    append_notes,
    decisions_path,
    notes_path,
    question_of,
    read_decisions,
    read_notes,
    unguard,
)
from pipeline.normalise.listed import CONTEXT_PREFIX
from pipeline.normalise.stage import coded_text_path
from pipeline.normalise.text import text_hash
from pipeline.project import Project
from pipeline.survey import load_survey

REVIEW_SHEET, GUIDE_SHEET, INFO_SHEET = "Gennemgang", "Vejledning", "Info"
IDS, YEAR, MUNICIPALITY, QUESTION, TEXT = "Svar-id", "År", "Kommune", "Spørgsmål", "Svartekst"
WHY, SUGGESTED, EVIDENCE, NOTE, REVIEWER = (
    "Hvorfor",
    "Forslag",
    "Koderens begrundelse",
    "Bemærkning",
    "Gennemgået af",
)
FIXED = [IDS, YEAR, MUNICIPALITY, QUESTION, TEXT, WHY, SUGGESTED, EVIDENCE, NOTE, REVIEWER]
HASH_COLUMN = "Teksthash"
MARK = "x"
#: "Hvorfor" of a row drawn for the random sample of confident codings.
SAMPLE_WHY = "Stikprøve: koderen var sikker; tjek om kodningen er rigtig"
#: The random sample of confident codings estimates their error rate: large enough for a 95 %
#: interval of +-MARGIN at an error rate of PLANNED_ERROR (conservative: the coder is right
#: about 94-99 % of the time among confident answers, docs/coder-evaluation.md), at least
#: SAMPLE_MIN and at most SAMPLE_CAP distinct texts, with the finite-population correction.
MARGIN, PLANNED_ERROR, Z95 = 0.05, 0.10, 1.96
SAMPLE_MIN, SAMPLE_CAP = 5, 200
_WIDTH = {TEXT: 60, EVIDENCE: 40, SUGGESTED: 28, WHY: 40, QUESTION: 40, NOTE: 30, IDS: 34}
_WRAP = {TEXT, EVIDENCE, SUGGESTED, WHY, QUESTION, NOTE, IDS, MUNICIPALITY}
EVIDENCE_CHARS = 2_000
NOTE_CHARS = 2_000
#: A review workbook larger than this is not one the pipeline wrote (a few thousand answers
#: take well under 5 MB); it is refused before it is parsed.
MAX_REVIEW_BYTES = 20 * 1024 * 1024
MAX_REVIEW_ROWS = 100_000
#: Columns read from the review sheet beyond the expected ones (to name an unknown column).
_SPARE_COLUMNS = 20
_ID_SEPARATOR = re.compile(r"[\s,;]+")


def review_path(project: Project, year: int, code_list: str | None = None) -> Path:
    """`review.xlsx` for the taxonomy's codings, `review_<list>.xlsx` for a code list's."""
    return project.output(year) / (f"review_{code_list}.xlsx" if code_list else "review.xlsx")


@dataclass(frozen=True)
class _Scheme:
    """What a workbook's category columns are: the taxonomy, or one code list (benefits)."""

    code_list: str | None
    slugs: list[str]
    labels: dict[str, str]

    def owns(self, contexts: pd.Series) -> pd.Series:
        """The coded answers this scheme's workbook reviews (`listed.CONTEXT_PREFIX`)."""
        listed = contexts.fillna("").astype(str)
        if self.code_list is None:  # as `listed.taxonomy_rows`
            return ~listed.str.startswith(CONTEXT_PREFIX)
        return listed == CONTEXT_PREFIX + self.code_list


def _schemes(survey: Any) -> list[_Scheme]:
    taxonomy = survey.taxonomy
    schemes = [_Scheme(None, list(taxonomy.slugs), taxonomy.labels())]
    for name, code_list in survey.code_lists.items():
        schemes.append(_Scheme(name, list(code_list.slugs), code_list.labels()))
    return schemes


def export_reviews(
    project: Project, year: int, sample: float | None = None, seed: int = 0
) -> list[Path]:
    """Every review workbook of the year: the taxonomy's, and one per code list with answers."""
    survey = load_survey(project)
    coded = _load_coded(project, year)
    paths = []
    for scheme in _schemes(survey):
        if scheme.code_list is None or scheme.owns(coded["context"]).any():
            paths.append(export_review(project, year, sample, seed, code_list=scheme.code_list))
    return paths


def _load_coded(project: Project, year: int) -> pd.DataFrame:
    path = coded_text_path(project, year)
    if not path.is_file():
        raise MissingStageOutput(
            f"no coded answers for {year}; run `statusmaaling normalize --year {year}` first",
            file=path,
        )
    return io.read_parquet(path)


def sample_size(population: int, margin: float = MARGIN, planned: float = PLANNED_ERROR) -> int:
    """Distinct confident texts to sample for a 95 % interval of +-`margin` (see `MARGIN`)."""
    if population <= 0:
        return 0
    n0 = Z95**2 * planned * (1 - planned) / margin**2
    n = math.ceil(n0 / (1 + (n0 - 1) / population))
    return min(population, max(SAMPLE_MIN, min(SAMPLE_CAP, n)))


def wilson(errors: int, n: int, z: float = Z95) -> tuple[float, float, float]:
    """(share, low, high): the error share and its Wilson score interval (95 % by default)."""
    if n <= 0:
        return 0.0, 0.0, 1.0
    p = errors / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class ReviewGroup:
    """One workbook row: a distinct text of one question and every answer of the year that
    has it (a decision holds for the question it was made for)."""

    text: str
    answers: pd.DataFrame
    doubtful: bool
    question: str = ""


def select_for_review(coded: pd.DataFrame, sample: float | None, seed: int) -> list[ReviewGroup]:
    """Texts with an answer needing review, then a seeded random sample of the confident
    texts (`sample` a share of them, or None: `sample_size`). Identical texts are one group."""
    open_ = coded[coded["source"] != "analyst"].sort_values("answer_id")
    question = open_["answer_id"].astype(str).map(question_of)
    groups = {key: rows for key, rows in open_.groupby([question, "text"], sort=False)}
    doubtful = [t for t, rows in groups.items() if rows["needs_review"].any()]
    confident = [t for t, rows in groups.items() if not rows["needs_review"].any()]
    if sample is None:
        k = sample_size(len(confident))
    else:
        k = min(len(confident), max(SAMPLE_MIN, math.ceil(sample * len(confident))))
    picked = np.random.default_rng(seed).choice(len(confident), size=k, replace=False)
    return [ReviewGroup(t, groups[(q, t)], True, q) for q, t in doubtful] + [
        ReviewGroup(confident[i][1], groups[confident[i]], False, confident[i][0])
        for i in sorted(picked)
    ]


def _why(group: ReviewGroup) -> str:
    """Why a row is in the workbook, in plain Danish."""
    if not group.doubtful:
        return SAMPLE_WHY
    doubts: list[str] = []
    for r in group.answers[group.answers["needs_review"]].itertuples(index=False):
        evidence = str(r.evidence or "")
        if " | " in evidence:
            doubts.append(evidence.split(" | ", 1)[1])
        elif r.source == "model":
            doubts.append(f"den lærte model foreslår ({evidence})")
        else:
            doubts.append(evidence)
    return "Tvivl: " + "; ".join(dict.fromkeys(d for d in doubts if d))


def _question(codebook: Any, question_id: str, item: str) -> str:
    try:
        q = codebook.question(question_id)
    except Exception:  # a question the codebook no longer has: show its id
        return question_id + (f".{item}" if item else "")
    row = next((r for r in q.rows if r.item == item), None)
    return q.text + (f" – {row.label}" if row is not None else "")


def question_wording(codebook: Any, question_id: str, item: str) -> str:
    """A question's wording (and its row's label) as analysts know it, or its id when the
    codebook no longer has it: shared with the sheet of new words (`termsheet`)."""
    return _question(codebook, question_id, item)


def export_review(
    project: Project,
    year: int,
    sample: float | None = None,
    seed: int = 0,
    *,
    code_list: str | None = None,
) -> Path:
    """Write `output/<year>/review.xlsx` for the analysts (see module docstring); with
    `code_list`, `review_<list>.xlsx` for the answers coded to that list (e.g. benefits)."""
    survey = load_survey(project)
    register, codebook = survey.register, survey.codebook(year)
    scheme = next((s for s in _schemes(survey) if s.code_list == code_list), None)
    if scheme is None:
        raise KeyError(f"no code list {code_list!r} in survey/code_lists/")
    slugs, labels = scheme.slugs, scheme.labels
    coded = _load_coded(project, year)
    groups = select_for_review(coded[scheme.owns(coded["context"])], sample, seed)
    decisions = DecisionIndex(read_decisions(decisions_path(project.survey)))
    header = [*FIXED, *(labels[s] for s in slugs), HASH_COLUMN]

    wb = Workbook()
    ws = wb.active
    ws.title = REVIEW_SHEET
    ws.append([safe_cell(h) for h in header])  # category names are analysts' text
    for g in groups:
        rows = g.answers
        suggested = [c for c in str(rows["categories"].iloc[0]).split(";") if c]
        found = decisions.find(g.text, g.question) if g.doubtful else None
        if found is not None:  # a near-identical decision read differently: it is the suggestion
            suggested = [c for c in survey.crosswalk.map(found[0].categories) if c in labels]
        names = [
            (m.name if (m := register.get(str(code))) else str(code))
            for code in rows["municipality_code"]
        ]
        questions = dict.fromkeys(
            _question(codebook, str(q), str(i or ""))
            for q, i in zip(rows["question_id"], rows["item"], strict=True)
        )
        evidence = dict.fromkeys(str(e or "").split(" | ", 1)[0] for e in rows["evidence"])
        ws.append(
            [
                safe_cell(strip_control("\n".join(rows["answer_id"].astype(str)))),
                int(year),
                safe_cell(strip_control("\n".join(names))),
                safe_cell(strip_control("\n".join(questions))),
                safe_cell(display_text(g.text)),
                safe_cell(display_text(_why(g), EVIDENCE_CHARS)),
                safe_cell(", ".join(labels[s] for s in slugs if s in suggested) or "ingen"),
                safe_cell(display_text("\n".join(evidence), EVIDENCE_CHARS)),
                None,
                None,
                *[MARK if s in suggested else None for s in slugs],
                text_hash(g.text),
            ]
        )
    _layout(ws, header, len(groups), slugs)
    guide_sheet(wb)
    n_answers = sum(len(g.answers) for g in groups)
    n_sample = sum(not g.doubtful for g in groups)
    _info_sheet(wb, year, labels, len(groups), n_answers, n_sample)
    target = review_path(project, year, code_list)
    write_atomic(target, wb.save)
    return target


def _layout(ws: Any, header: list[str], n: int, slugs: list[str]) -> None:
    """Bold frozen header, fitted widths, x-dropdowns, hidden and locked text hash."""
    last = n + 1
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.page_setup.orientation = "landscape"  # printed: all columns on the page width
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    first_slug = len(FIXED) + 1
    for i, name in enumerate(header, start=1):
        letter = get_column_letter(i)
        if i >= first_slug and i < first_slug + len(slugs):
            width = 14  # a category: its Danish name wraps in the header
        else:
            values = [str(c.value or "") for c in ws[letter][:200]]
            width = _WIDTH.get(name) or min(40, max(len(v) for v in values) + 2)
        ws.column_dimensions[letter].width = max(width, 6)
        if name in _WRAP:
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
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
    editable = {
        header.index(NOTE) + 1,
        header.index(REVIEWER) + 1,
        *range(first_slug, first_slug + len(slugs)),
    }
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row:
            if cell.column in editable:
                cell.protection = Protection(locked=False)
    ws.column_dimensions[get_column_letter(len(header))].hidden = True
    ws.protection.sheet = True
    for option in ("formatColumns", "formatRows", "autoFilter", "sort"):
        setattr(ws.protection, option, False)


GUIDE = [
    ("Sådan gennemgår du kodningen", ""),
    (
        "Hvad er det?",
        "Arket Gennemgang viser de fritekstsvar, som koderen var i tvivl om, og en tilfældig "
        "stikprøve af dem, den var sikker på. Hver række er én svartekst; står den samme tekst "
        "i flere svar, er de alle nævnt i kolonnen Svar-id, og din afgørelse gælder dem alle.",
    ),
    (
        "Hvorfor",
        'Siger, hvorfor rækken er med: "Tvivl: ..." er koderens tvivl (fx en nægtelse, et '
        "ukendt ord, et stavefejl-match eller en tidligere afgørelse for næsten samme tekst, "
        'der ikke passer længere). "Stikprøve" er et svar, koderen var sikker på: '
        "stikprøven viser, hvor ofte den tager fejl, så gennemgå den også.",
    ),
    (
        "Kategorierne",
        f'Der er én kolonne pr. kategori. Forslaget er sat med "{MARK}". Sæt "{MARK}" ved hver '
        f'kategori svaret nævner (kodemanualen), og fjern forkerte "{MARK}". Ingen '
        f'"{MARK}" betyder, at svaret ikke nævner nogen teknologi.',
    ),
    (
        "Gennemgået af",
        "Skriv dine initialer i hver række, du har taget stilling til, også når du godkender "
        "forslaget uændret. En række uden initialer importeres kun, hvis du har ændret "
        "krydserne eller skrevet en bemærkning, og importen gives --reviewer.",
    ),
    ("Bemærkning", "Valgfri note til afgørelsen; den gemmes sammen med den."),
    (
        "Ret ikke",
        "Svar-id, år, svartekst og kolonnernes navne: importen afviser en ændret række, og så "
        "importeres intet fra filen.",
    ),
    (
        "Import",
        "statusmaaling review import FIL --reviewer XX. Afgørelserne bruges for samme tekst "
        "og for næsten samme tekst til samme spørgsmål i andre år, når koderen læser teksten "
        "på samme måde.",
    ),
]


def guide_sheet(wb: Workbook, lines: list[tuple[str, str]] = GUIDE) -> None:
    """The "Vejledning" sheet of an analysts' workbook (this one, and the new words'):
    a bold title, then one bold term and its explanation per row."""
    guide = wb.create_sheet(GUIDE_SHEET)
    for title, body in lines:
        guide.append([title, body])
    guide["A1"].font = Font(bold=True, size=13)
    for row in guide.iter_rows(min_row=2):
        row[0].font = Font(bold=True)
        row[0].alignment = Alignment(vertical="top")
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 90


def _info_sheet(
    wb: Workbook, year: int, labels: dict[str, str], rows: int, answers: int, sample: int
) -> None:
    info = wb.create_sheet(INFO_SHEET)
    info.append(["år", year])
    info.append(["eksporteret", date.today().isoformat()])
    info.append(["rækker", rows])
    info.append(["svar i alt", answers])
    info.append(["stikprøve (rækker)", sample])
    info.append([])
    info.append(["kategori", "betegnelse"])
    for slug, label in labels.items():
        info.append([safe_cell(slug), safe_cell(label)])  # analysts edit the taxonomy
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 60


class SheetImportError(ReviewImportError):
    """An analysts' workbook (review, new words) cannot be imported; located in Danish
    (ark, række, kolonne)."""

    def location(self) -> str:
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(f"ark {self.sheet!r}")
        if self.row is not None:
            parts.append(f"række {self.row}")
        if self.column:
            parts.append(f"kolonne {self.column!r}")
        return ", ".join(parts)


def _error(
    file: Path, message: str, row: int | None = None, column: str | None = None
) -> ReviewImportError:
    return SheetImportError(message, file=file, sheet=REVIEW_SHEET, row=row, column=column)


def read_analyst_sheet(
    file: Path,
    sheet: str,
    *,
    width: int,
    max_bytes: int,
    max_rows: int,
    what: str,
    hint: str = "",
    error: type[SheetImportError] = SheetImportError,
) -> tuple[int, list[tuple[Any, ...]]]:
    """(year from the Info sheet, every row of `sheet`, header first) of a workbook an
    analyst filled in: the review's or the new words'.

    Bounded: the file and its unpacked parts are size-checked first, at most `width` columns
    and `max_rows` rows are read, and declared sheet dimensions are ignored (a forged
    "A1:XFD1048576" made openpyxl pad every row to 16,384 cells). `what` names the kind of
    workbook in the error of one too long ("en gennemgangsprojektmappe").
    """
    if file.is_file() and zipfile.is_zipfile(file):
        try:
            check_zip(file, max_bytes=max_bytes)
        except InputFileError as exc:
            raise error(f"filen er for stor ({exc.message})", file=file) from None
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except FileNotFoundError:
        raise error("filen findes ikke", file=file) from None
    except Exception as exc:  # openpyxl raises several types for a non-workbook
        raise error(f"ikke en Excel-projektmappe, der kan læses ({exc})", file=file) from None
    try:
        if sheet not in wb.sheetnames or INFO_SHEET not in wb.sheetnames:
            raise error(
                f"projektmappen skal have arkene {sheet!r} og {INFO_SHEET!r}{hint}", file=file
            )
        info = {r[0]: r[1] for r in wb[INFO_SHEET].iter_rows(max_row=3, values_only=True) if r}
        year = info.get("år")
        if not isinstance(year, int | float) or int(year) != year:
            raise error(
                "arket siger ikke, hvilket år det gælder (celle B1)",
                file=file,
                sheet=INFO_SHEET,
                row=1,
                column="B",
            )
        ws = wb[sheet]
        ws.reset_dimensions()
        rows = []
        for values in ws.iter_rows(values_only=True, max_col=width):
            if len(rows) > max_rows:
                raise error(
                    f"mere end {_int(max_rows)} rækker: ikke {what}", file=file, sheet=sheet
                )
            rows.append(values)
    finally:
        wb.close()
    if not rows:
        raise error("arket er tomt", file=file, sheet=sheet, row=1)
    return int(year), rows


def _read_workbook(file: Path, width: int) -> tuple[int, list[str], list[tuple[Any, ...]]]:
    """(year from the Info sheet, header, data rows) of a review workbook (bounded: see
    `read_analyst_sheet`)."""
    year, rows = read_analyst_sheet(
        file,
        REVIEW_SHEET,
        width=width,
        max_bytes=MAX_REVIEW_BYTES,
        max_rows=MAX_REVIEW_ROWS,
        what="en gennemgangsprojektmappe",
    )
    header = ["" if v is None else unguard(str(v).strip()) for v in rows[0]]
    return year, header, rows[1:]


#: The first column of workbooks exported before the Danish layout (English headers, slugs).
_OLD_LAYOUT = "answer_id"


def _check_header(file: Path, header: list[str], expected: list[str]) -> None:
    while header and not header[-1]:
        header.pop()
    if header and header[0] == _OLD_LAYOUT:
        raise _error(
            file,
            "projektmappen har det gamle engelske layout; eksportér den igen med "
            "`statusmaaling review export` og overfør afgørelserne",
            1,
            _OLD_LAYOUT,
        )
    for name in header:
        if name not in expected:
            raise _error(file, f"ukendt kolonne {name!r} (ikke en kategori i taksonomien)", 1, name)
    for name in expected:
        if header.count(name) != 1:
            problem = "mangler" if name not in header else "står der to gange"
            raise _error(file, f"kolonnen {name!r} {problem}", 1, name)


@dataclass(frozen=True)
class Reviewed:
    """One decided workbook row: the decision, its note and the answers it covers."""

    decision: Decision
    note: str
    answer_ids: tuple[str, ...]


def _parse_rows(
    file: Path,
    year: int,
    header: list[str],
    rows: list[tuple[Any, ...]],
    columns: dict[str, str],
    reviewer: str | None,
    answers: Callable[[], dict[str, str]],
    suggested: Callable[[], dict[str, frozenset[str]]],
) -> list[Reviewed]:
    """Every row checked; the rows that carry a reviewer become decisions.

    The workbook does not vouch for itself: each answer id must be one of the year's coded
    answers (`answers`, the pipeline's own copy in data/processed), the text shown must be
    their text as exported, and the decision records the pipeline's full text. `columns`
    maps each category column's header (its Danish name) to its slug.
    """
    col = {name: i for i, name in enumerate(header)}
    today = date.today().isoformat()
    seen: set[str] = set()
    out: list[Reviewed] = []
    for n, values in enumerate(rows, start=2):
        cell = {name: (values[i] if i < len(values) else None) for name, i in col.items()}
        if all(v is None or str(v).strip() == "" for v in cell.values()):
            continue
        ids = [unguard(a) for a in _ID_SEPARATOR.split(str(cell[IDS] or "").strip()) if a]
        if not ids:
            raise _error(file, "intet svar-id", n, IDS)
        for aid in ids:
            if aid in seen:
                raise _error(file, f"svaret {aid!r} står i mere end én række", n, IDS)
            seen.add(aid)
        if len({question_of(a) for a in ids}) > 1:
            raise _error(file, "en række må kun have svar på ét spørgsmål", n, IDS)
        row_year = cell[YEAR]
        if isinstance(row_year, float) and row_year.is_integer():
            row_year = int(row_year)  # a number Excel retyped
        wrong = next((a for a in ids if not a.startswith(f"{year}-")), None)
        if str(row_year).strip() != str(year) or wrong:
            shown = wrong or ids[0]
            raise _error(file, f"år {row_year!r} / svar {shown!r} hører ikke til {year}", n, YEAR)
        unknown = next((a for a in ids if a not in answers()), None)
        if unknown:
            raise _error(file, f"svaret {unknown!r} er ikke et kodet svar fra {year}", n, IDS)
        texts = {answers()[a] for a in ids}
        text = answers()[ids[0]]
        if len(texts) > 1 or unguard(str(cell[TEXT] or "")) != display_text(text):
            raise _error(
                file, "svarteksten er ændret; ret den tilbage, eller eksportér igen", n, TEXT
            )
        chosen = []
        for name, slug in columns.items():
            value = cell[name]
            mark = "" if value is None else str(value).strip().lower()
            if mark not in ("", MARK):
                raise _error(
                    file,
                    f"{value!r} er ikke tilladt: skriv {MARK} eller lad feltet stå tomt",
                    n,
                    name,
                )
            if mark:
                chosen.append(slug)
        note = unguard(str(cell[NOTE] or "").strip())
        if len(note) > NOTE_CHARS:
            raise _error(file, f"bemærkningen er længere end {_int(NOTE_CHARS)} tegn", n, NOTE)
        # --reviewer stands in for initials only where the analyst did something: changed
        # the marks or wrote a note. An untouched row is not a decision, and a confident
        # answer nobody looked at must not count as checked in the error estimate.
        touched = bool(note) or set(chosen) != set(suggested().get(ids[0], frozenset()))
        who = str(cell[REVIEWER] or "").strip() or ((reviewer or "").strip() if touched else "")
        if who:
            who = unguard(who)
            decision = Decision(year, ids[0], text_hash(text), text, tuple(chosen), who, today)
            out.append(Reviewed(decision, note, tuple(ids)))
    return out


@dataclass(frozen=True)
class ImportResult:
    """What `import_review` did: new decisions and notes, and the sample's error estimate."""

    new: int
    notes: int
    decided: int
    #: decided rows of the random sample of confident codings, and how many the analyst changed
    sample_checked: int
    sample_errors: int

    @property
    def error_estimate(self) -> tuple[float, float, float] | None:
        """(share, low, high) of wrong confident codings, 95 % Wilson; None without a sample."""
        if not self.sample_checked:
            return None
        return wilson(self.sample_errors, self.sample_checked)

    def describe(self) -> str:
        """The estimate in one Danish sentence, for the command line."""
        if (estimate := self.error_estimate) is None:
            return "Ingen rækker fra stikprøven er gennemgået: ingen fejlrate for sikre kodninger."
        share, low, high = estimate
        return (
            f"Stikprøven af sikre kodninger: {self.sample_errors} rettet af "
            f"{self.sample_checked} gennemgåede, fejlrate {_pct(share)} "
            f"(95 %-interval {_pct(low)}-{_pct(high)}, Wilson)."
        )


def _int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}".replace(".", ",") + " %"


def import_review(project: Project, file: str | Path, reviewer: str | None = None) -> ImportResult:
    """Append the reviewed rows of `file` to the decisions log (see module docstring).

    Rows with an empty reviewer cell take `reviewer`; rows with neither are not imported.
    Re-importing the same file adds nothing.
    """
    file = Path(file)
    schemes = _schemes(load_survey(project))
    widest = max(len(s.slugs) for s in schemes)
    year, header, rows = _read_workbook(file, len(FIXED) + widest + 1 + _SPARE_COLUMNS)
    # the workbook's category columns say whose it is: the taxonomy's or a code list's
    expected_of = {
        id(s): [*FIXED, *(s.labels[slug] for slug in s.slugs), HASH_COLUMN] for s in schemes
    }
    scheme = next(
        (s for s in schemes if [h for h in header if h] == expected_of[id(s)]), schemes[0]
    )
    columns = {scheme.labels[slug]: slug for slug in scheme.slugs}
    _check_header(file, header, expected_of[id(scheme)])

    @functools.cache
    def coded() -> pd.DataFrame:  # read once the rows' years are known to match
        return _load_coded(project, year)

    @functools.cache
    def answers() -> dict[str, str]:
        frame = coded()
        return dict(zip(frame["answer_id"].astype(str), frame["text"].astype(str), strict=True))

    @functools.cache
    def suggested() -> dict[str, frozenset[str]]:  # the coding the workbook was made from
        frame = coded()
        return {
            str(a): frozenset(c for c in str(cats).split(";") if c and c != "nan")
            for a, cats in zip(frame["answer_id"], frame["categories"], strict=True)
        }

    reviewed = _parse_rows(file, year, header, rows, columns, reviewer, answers, suggested)
    if rows and not reviewed:
        raise _error(
            file,
            "ingen række har initialer eller ændringer: udfyld 'Gennemgået af' i de rækker, du "
            "har taget stilling til",
        )
    checked, errors = _sample_errors(coded(), reviewed) if reviewed else (0, 0)
    log = decisions_path(project.survey)
    with coding_lock(project.survey):  # read and append as one step (issue #14)
        known = DecisionIndex(read_decisions(log)).by_hash
        new = [
            r.decision
            for r in reviewed
            if (key := (question_of(r.decision.answer_id), r.decision.text_hash)) not in known
            or set(known[key].categories) != set(r.decision.categories)
        ]
        if new:
            append_decisions(log, new)
        said = {(n.text_hash, n.note) for n in read_notes(notes_path(project.survey))}
        notes = [
            Note(d.year, d.answer_id, d.text_hash, r.note, d.reviewer, d.date)
            for r in reviewed
            if r.note and ((d := r.decision).text_hash, r.note) not in said
        ]
        append_notes(notes_path(project.survey), notes)
    return ImportResult(len(new), len(notes), len(reviewed), checked, errors)


def _sample_errors(coded: pd.DataFrame, reviewed: list[Reviewed]) -> tuple[int, int]:
    """(decided sample rows, of which the analyst changed the coding): a row is of the sample
    when none of its answers needs review in coded_text.parquet (the workbook is not asked)."""
    frame = coded.set_index(coded["answer_id"].astype(str))
    checked = errors = 0
    for r in reviewed:
        rows = frame.loc[list(r.answer_ids)]
        if rows["needs_review"].any() or (rows["source"] == "analyst").any():
            continue
        checked += 1
        automatic = {c for c in str(rows["categories"].iloc[0]).split(";") if c}
        errors += automatic != set(r.decision.categories)
    return checked, errors
