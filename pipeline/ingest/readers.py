"""Readers for the survey tool's export formats.

Each reader returns a `RawExport`: the Dataset table with every cell as received (numbers stay
numbers, text stays text, empty is None), the value labels the export carries, and where each
row came from, so that problems can name file, sheet and row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook

from pipeline.errors import InputFileError, InputTooLarge
from pipeline.ingest import limits

XLSX_SHEETS = ["Labels", "Variables", "Dataset", "Complete", "Structure"]
UNCACHED_FORMULA = (
    "a formula without a stored result (written by a program, not saved in Excel); cell "
    "ignored: export again, or open and save the file in Excel"
)


@dataclass
class LabelSheet:
    """The value labels one part of an export states, to be held against the codebook."""

    file: Path
    sheet: str  # "Labels" or "Structure" of an xlsx; "" for a labels CSV or a .sav
    labels: dict[str, dict[int, str]]
    #: True where a multi-choice column's label names its option (the Structure sheet's
    #: choiceText), False where it is 0/1 "Ikke valgt"/"Valgt" (the Labels sheet)
    names_options: bool = False


@dataclass
class RawExport:
    path: Path
    sheet: str  # "Dataset" for xlsx; "" for csv/sav
    frame: pd.DataFrame  # object dtype, None for empty cells
    first_row: int  # spreadsheet/file row number of frame.iloc[0] (header is row 1)
    labels: dict[str, dict[int, str]] = field(default_factory=dict)
    encoding: str = ""
    #: file row of each frame row, when rows were left out (blank, or rejected below)
    row_numbers: list[int] | None = None
    #: rows the reader could not take apart safely: (file row, reason); ingest rejects them
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    #: cells the reader could not read: (file row, column, value as written, reason); ingest
    #: rejects each cell and reports it
    bad_cells: list[tuple[int, str, str, str]] = field(default_factory=list)
    #: every statement of value labels in the export (Labels, Structure, labels CSV, .sav)
    label_sheets: list[LabelSheet] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return self.first_row + index


def find_export(folder: Path) -> Path:
    """The one dataset export in a year's raw folder."""
    if not folder.is_dir():
        raise InputFileError(
            "no raw data folder for this year (expected the export here)", file=folder
        )
    candidates = sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and not p.name.lower().startswith("labels_")
        and p.suffix.lower() in {".xlsx", ".csv", ".sav", ".xls", ".txt"}
    )
    if not candidates:
        raise InputFileError(
            "no export found (expected dataset_*.xlsx, dataset_*.csv or *.sav)", file=folder
        )
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        raise InputFileError(
            f"more than one export found ({names}); keep exactly one per year", file=folder
        )
    return candidates[0]


def read_export(path: Path) -> RawExport:
    """Detect the format by content, not only by name, and read it."""
    if not path.is_file():
        raise InputFileError("file not found", file=path)
    limits.check_file_size(path)
    with open(path, "rb") as fh:  # raw files are only ever opened read-only
        head = fh.read(8)
    if not head:
        raise InputFileError("the file is empty (0 bytes)", file=path)
    suffix = path.suffix.lower()
    if head.startswith(b"PK"):
        if suffix not in {".xlsx", ".xlsm"}:
            raise InputFileError(
                f"this is a zip-based file, not a SurveyXact export (name ends {suffix!r})",
                file=path,
            )
        return read_xlsx(path)
    if head.startswith(b"$FL2") or head.startswith(b"$FL3"):
        return read_sav(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputFileError(
            "this is an old binary Excel file (.xls); export the survey as .xlsx or CSV", file=path
        )
    if head.startswith(b"%PDF"):
        raise InputFileError("this is a PDF, not a survey export", file=path)
    if suffix == ".xlsx":
        raise InputFileError(
            "not a valid xlsx file (it is not a zip archive: corrupt or renamed)", file=path
        )
    if suffix == ".sav":
        raise InputFileError("not a valid SPSS .sav file (missing $FL2 header)", file=path)
    return read_csv(path)


def read_xlsx(path: Path) -> RawExport:
    """The Dataset (and Labels) sheet, read cell by cell within the limits of `limits`.

    Sizes are checked from the zip directory first (a zip bomb is refused in milliseconds);
    openpyxl then reads in read-only mode with the declared sheet dimensions ignored (a
    forged "A1:XFD1048576" made every row 16,384 cells), and stops at the row, column and
    cell limits instead of filling the memory.
    """
    limits.check_zip(path)
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
        if bad is not None:
            raise InputFileError(f"the xlsx is corrupt (damaged part {bad})", file=path)
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except InputFileError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged parts
        raise InputFileError(
            f"the xlsx is corrupt or truncated and cannot be opened ({type(exc).__name__})",
            file=path,
        ) from None
    try:
        sheets = book.sheetnames
        if "Dataset" not in sheets:
            raise InputFileError(
                f"missing sheet 'Dataset' (found: {', '.join(sheets)}); expected the SurveyXact "
                f"sheets {', '.join(XLSX_SHEETS)}",
                file=path,
            )
        try:
            numbered = _sheet_rows(book["Dataset"], path, "Dataset")
            member = getattr(book["Dataset"], "_worksheet_path", "")
            label_rows = (
                [r for _, r in _sheet_rows(book["Labels"], path, "Labels", max_col=3)]
                if "Labels" in sheets
                else []
            )
            structure_rows = (
                [r for _, r in _sheet_rows(book["Structure"], path, "Structure", max_col=7)]
                if "Structure" in sheets
                else []
            )
        except InputFileError:
            raise
        except Exception as exc:  # openpyxl raises many types for damaged parts
            raise InputFileError(
                f"the xlsx cannot be read ({type(exc).__name__})", file=path, sheet="Dataset"
            ) from None
    finally:
        book.close()
    if not numbered:
        raise InputFileError("the sheet is empty", file=path, sheet="Dataset")
    (_, header), body = numbered[0], numbered[1:]
    width = max(len(r) for _, r in numbered)
    names = _header_names([*header, *[None] * (width - len(header))], path, "Dataset")
    frame = pd.DataFrame(
        [[*r, *[None] * (width - len(r))] for _, r in body], columns=names, dtype=object
    )
    frame = _clean(frame, path, "Dataset")
    bad_cells = [
        (row, names[col - 1], formula, UNCACHED_FORMULA)
        for row, col, formula in _uncached_formulas(path, member, dict(numbered))
        if row > 1 and col <= len(names)
    ]
    labels = _labels_from_rows(label_rows)
    label_sheets = [LabelSheet(path, "Labels", labels)] if labels else []
    if structure := _structure_labels(structure_rows):
        label_sheets.append(LabelSheet(path, "Structure", structure, names_options=True))
    return RawExport(
        path=path,
        sheet="Dataset",
        frame=frame,
        first_row=2,
        labels=labels,
        row_numbers=[n for n, _ in body],
        label_sheets=label_sheets,
        bad_cells=bad_cells,
    )


def _uncached_formulas(
    path: Path, member: str, values: dict[int, tuple[Any, ...]]
) -> list[tuple[int, int, str]]:
    """(row, column number, formula) of the Dataset's formula cells with no stored result.

    Excel stores a formula's last result beside it, and that result is what is read; a file
    written by openpyxl or pandas holds `=1+2` with no result, which read as an empty cell and
    the answer vanished without a word. The sheet's XML is scanned for a formula first, so an
    export without any (every real one) is not read twice.
    """
    if not member or not _has_formula(path, member):
        return []
    found = []
    book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    try:
        ws = book["Dataset"]
        ws.reset_dimensions()
        width = max((len(v) for v in values.values()), default=0)
        for row in ws.iter_rows(max_row=max(values, default=0), max_col=width or None):
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                stored = values.get(cell.row, ())
                if cell.column > len(stored) or stored[cell.column - 1] is None:
                    found.append((cell.row, cell.column, str(cell.value)))
    finally:
        book.close()
    return found


def _has_formula(path: Path, member: str) -> bool:
    """Whether a sheet's XML holds a formula element (read in chunks, not all at once)."""
    tail = b""
    with zipfile.ZipFile(path) as zf, zf.open(member.lstrip("/")) as fh:
        while chunk := fh.read(1 << 20):
            text = tail + chunk
            if b"<f>" in text or b"<f " in text or b"<f/>" in text:
                return True
            tail = text[-4:]
    return False


def _structure_labels(rows: list[tuple[Any, ...]]) -> dict[str, dict[int, str]]:
    """variableName -> {choiceValue: choiceText} from the Structure sheet (found by header)."""
    if not rows:
        return {}
    header = [str(v).strip() if v is not None else "" for v in rows[0]]
    wanted = ("variableName", "choiceValue", "choiceText")
    if not all(name in header for name in wanted):
        return {}
    at = [header.index(name) for name in wanted]
    picked = [[row[i] if i < len(row) else None for i in at] for row in rows[1:]]
    return _labels_from_rows([r for r in picked if r[2] is not None and str(r[2]).strip()])


def _sheet_rows(
    ws: Any, path: Path, sheet: str, max_col: int | None = None
) -> list[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of the non-empty rows of a read-only worksheet, within limits."""
    ws.reset_dimensions()  # never trust the declared size
    out: list[tuple[int, tuple[Any, ...]]] = []
    cells = 0
    for number, values in enumerate(ws.iter_rows(values_only=True, max_col=max_col), start=1):
        cells += len(values)
        if cells > limits.MAX_CELLS:
            raise InputTooLarge(
                f"more than {limits.MAX_CELLS:,} cells: not one year's survey export",
                file=path,
                sheet=sheet,
            )
        width = len(values)
        while width and values[width - 1] is None:  # formatted but empty cells at the end
            width -= 1
        limits.check_shape(path, len(out), width, sheet)  # rows with content, header too
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values[:width]):
            continue
        out.append((number, tuple(_excel_value(v) for v in values[:width])))
    return out


def _excel_value(value: Any) -> Any:
    """Excel stores every number as a float: a whole one is an int, as pandas reads it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _header_names(header: list[Any], path: Path, sheet: str) -> list[str]:
    """Column names as given; an empty one is "Unnamed: i"; a duplicate name is an error.

    pandas renamed a second "s_12" to "s_12.1" and ingest then silently ignored one of the
    two columns' answers: which one is meant cannot be guessed, so the export is refused.
    """
    names = [
        f"Unnamed: {i}" if v is None or not str(v).strip() else str(v).strip()
        for i, v in enumerate(header)
    ]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise InputFileError(
                f"the column name {name!r} appears twice in the header (columns "
                f"{seen[name] + 1} and {i + 1}); rename or remove one",
                file=path,
                sheet=sheet or None,
                row=1,
                column=name,
            )
        seen[name] = i
    return names


def read_sav(path: Path) -> RawExport:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path))
    except Exception as exc:
        raise InputFileError(f"the SPSS file cannot be read ({exc})", file=path) from None
    limits.check_shape(path, len(frame), frame.shape[1])
    frame = _clean(frame.astype(object), path, "")
    labels = {
        var: {int(k): str(v) for k, v in mapping.items() if _is_int(k)}
        for var, mapping in meta.variable_value_labels.items()
    }
    return RawExport(
        path=path,
        sheet="",
        frame=frame,
        first_row=1,
        labels=labels,
        label_sheets=[LabelSheet(path, "", labels)] if labels else [],
    )


def decode_text(path: Path) -> tuple[str, str]:
    """Decode a CSV as UTF-8 (with or without BOM), else Windows-1252; say which.

    Windows-1252 is only a fallback for a file with no valid UTF-8 beyond ASCII: a file that
    mixes valid UTF-8 characters with bytes that are not UTF-8 (a UTF-8 export with stray
    bytes, or Windows-1252 rows after UTF-8 ones) would turn every UTF-8 "Dør" into "DÃ¸r",
    so it is refused naming the first line of each kind. UTF-16 and UTF-32 are named as such.
    """
    data = path.read_bytes()
    if not data.strip():
        raise InputFileError("the file is empty", file=path)
    wide = _wide_encoding(data)
    if wide:
        raise InputFileError(
            f"the file is {wide} encoded; save it as CSV in UTF-8 or Windows-1252", file=path
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputFileError(
                "the file starts with a UTF-8 byte-order mark but is not UTF-8 "
                f"({_bad_bytes(data, exc.start + 3)}); save it again as UTF-8",
                file=path,
                row=_line_of(data, exc.start + 3),
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    first_valid, invalid = _utf8_census(data)
    if first_valid is not None:
        raise InputFileError(
            f"the file mixes UTF-8 (first on line {_line_of(data, first_valid)}) with "
            f"{invalid} byte{'s' if invalid > 1 else ''} that are not UTF-8 (first "
            f"0x{data[first_bad]:02x} on line {_line_of(data, first_bad)} at byte {first_bad}); "
            "expected one encoding throughout: fix those lines or export again",
            file=path,
            row=_line_of(data, first_bad),
        )
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"the file is neither UTF-8 nor Windows-1252 (byte 0x{data[exc.start]:02x} cannot be "
            "decoded)",
            file=path,
            row=_line_of(data, exc.start),
        ) from None


def _wide_encoding(data: bytes) -> str:
    """ "UTF-32" or "UTF-16" when the bytes are one of those (BOM, or NULs in the text)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:1000]
    if b"\x00\x00\x00" in head:
        return "UTF-32"
    if b"\x00" in head:
        return "UTF-16"
    return ""


def _utf8_census(data: bytes) -> tuple[int | None, int]:
    """(byte offset of the first valid multi-byte UTF-8 character or None, bytes not UTF-8).

    Any valid multi-byte character next to bytes that are not UTF-8 means two encodings in
    one file (rows pasted from two exports): a majority vote read the UTF-8 rows of a mostly
    Windows-1252 file as "DÃ¸r" without a word, so any mix is refused.
    """
    text = data.decode("utf-8", errors="surrogateescape")  # bad bytes -> U+DC80..U+DCFF
    first_valid: int | None = None
    offset = invalid = 0
    for ch in text:
        if "\udc80" <= ch <= "\udcff":
            invalid += 1
            offset += 1
            continue
        size = len(ch.encode("utf-8"))
        if size > 1 and first_valid is None:
            first_valid = offset
        offset += size
    return first_valid, invalid


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _bad_bytes(data: bytes, first: int) -> str:
    """Where the undecodable bytes are: the first few, with line and byte offset."""
    found = []
    pos = first
    while pos < len(data) and len(found) < 3:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            at = pos + exc.start
            found.append(f"0x{data[at]:02x} on line {_line_of(data, at)} at byte {at}")
            pos = at + max(1, exc.end - exc.start)
    return ", ".join(found)


def _sep_line(text: str) -> tuple[str, str]:
    """Excel's `sep=;` first line: honoured and blanked (so line numbers stay the file's)."""
    first, newline, rest = text.partition("\n")
    line = first.strip()
    if len(line) == 5 and line.lower().startswith("sep="):
        return newline + rest, line[4]
    return text, ""


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    return max(counts, key=counts.get) if max(counts.values()) else ";"


def read_csv(path: Path) -> RawExport:
    """Read a CSV export; a row whose field count differs from the header's is rejected.

    pandas padded a row missing one delimiter and every later column was shifted into the
    wrong question; such a row is left out and reported (`bad_rows`) with its line number.
    """
    text, encoding = decode_text(path)
    text, delimiter = _sep_line(text)
    delimiter = delimiter or _sniff_delimiter(text)
    records = _csv_records(text, delimiter, path)
    if not records:
        raise InputFileError("the file is empty", file=path)
    (_, header), body = records[0], records[1:]
    while len(header) > 2 and not header[-1].strip():
        header = header[:-1]  # a separator at the end of the header line names no column
    if len(header) < 2:
        raise InputFileError(
            "the file has a single column: not a survey export (expected ';'-separated)", file=path
        )
    names = _header_names(header, path, "")
    rows, numbers, bad = [], [], []
    for index, (line, row) in enumerate(body, start=2):
        if len(row) > len(names) and not any(v.strip() for v in row[len(names) :]):
            row = row[: len(names)]  # only trailing separators
        if len(row) != len(names):
            bad.append(
                (
                    index,
                    f"line {line}: {len(row)} fields where the header has {len(names)} (a "
                    f"missing or extra {delimiter!r}?); row rejected, nothing read from it",
                )
            )
            continue
        rows.append(row)
        numbers.append(index)
    limits.check_shape(path, len(body), len(names))
    if bad and not rows:
        widths = {len(row) for _, row in body}
        if len(body) > 1 and len(widths) == 1:  # the rows agree with each other, not line 1
            raise InputFileError(
                f"the header is not in line {records[0][0]}: it has {len(names)} fields where "
                f"every other line has {widths.pop()} (a title above the header?); delete the "
                "lines above the header, or export again",
                file=path,
                row=records[0][0],
            )
        raise InputFileError(f"no row fits the header ({bad[0][1]})", file=path, row=bad[0][0])
    frame = _clean(pd.DataFrame(rows, columns=names, dtype=object), path, "")
    labels_file, labels = _read_labels_csv(path)
    return RawExport(
        path=path,
        sheet="",
        frame=frame,
        first_row=2,
        labels=labels,
        encoding=encoding,
        row_numbers=numbers,
        bad_rows=bad,
        label_sheets=[LabelSheet(labels_file, "", labels)] if labels_file and labels else [],
    )


def _csv_records(text: str, delimiter: str, path: Path) -> list[tuple[int, list[str]]]:
    """(line number where the record starts, fields) of every non-blank record."""
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, limits.MAX_FILE_BYTES))  # long answers: judged later
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for row in reader:
            if row:
                out.append((start, row))
                if len(out) > limits.MAX_ROWS + 1:
                    raise InputTooLarge(
                        f"more than {limits.MAX_ROWS:,} rows: not one year's survey export",
                        file=path,
                    )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(
            f"the CSV cannot be parsed ({exc})", file=path, row=reader.line_num
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    return out


def _read_labels_csv(dataset: Path) -> tuple[Path | None, dict[str, dict[int, str]]]:
    """The labels file beside a CSV export (`labels_<surveyid>.csv`), if there is one."""
    found = sorted(dataset.parent.glob("labels_*.csv"))
    if not found:
        return None, {}
    limits.check_file_size(found[0])
    text, _ = decode_text(found[0])
    # the same bounded reader as the export: a broken or huge labels file is one line
    rows = [row for _, row in _csv_records(text, _sniff_delimiter(text), found[0])]
    return found[0], _labels_from_rows(rows)


def _labels_from_frame(frame: pd.DataFrame) -> dict[str, dict[int, str]]:
    return _labels_from_rows(frame.values.tolist())


def _labels_from_rows(rows: list) -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = {}
    for row in rows:
        if len(row) < 3 or row[0] is None or not _is_int(row[1]):
            continue
        out.setdefault(str(row[0]).strip(), {})[int(float(str(row[1]).replace(",", ".")))] = str(
            row[2]
        )
    return out


def _is_int(value: object) -> bool:
    try:
        f = float(str(value).replace(",", "."))
    except ValueError:
        return False
    return f.is_integer()


def _clean(frame: pd.DataFrame, path: Path, sheet: str) -> pd.DataFrame:
    """Strip header names, turn empty strings and NaN into None, refuse an export without rows."""
    frame.columns = [str(c).strip() for c in frame.columns]
    dup = frame.columns[frame.columns.duplicated()].tolist()
    if dup:
        raise InputFileError(f"duplicate column names in the header: {dup}", file=path, sheet=sheet)
    frame = frame.astype(object).map(lambda v: None if isinstance(v, str) and not v.strip() else v)
    frame = frame.astype(object).where(frame.notna(), None)
    if frame.empty:
        raise InputFileError(
            "the export has a header but no respondent rows", file=path, sheet=sheet or None
        )
    return frame.reset_index(drop=True)
