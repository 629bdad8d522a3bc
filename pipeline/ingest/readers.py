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

import pandas as pd

from pipeline.errors import InputFileError

XLSX_SHEETS = ["Labels", "Variables", "Dataset", "Complete", "Structure"]


@dataclass
class RawExport:
    path: Path
    sheet: str  # "Dataset" for xlsx; "" for csv/sav
    frame: pd.DataFrame  # object dtype, None for empty cells
    first_row: int  # spreadsheet/file row number of frame.iloc[0] (header is row 1)
    labels: dict[str, dict[int, str]] = field(default_factory=dict)
    encoding: str = ""

    def row_number(self, index: int) -> int:
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
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
        if bad is not None:
            raise InputFileError(f"the xlsx is corrupt (damaged part {bad})", file=path)
        book = pd.ExcelFile(path, engine="openpyxl")  # noqa: SIM115 - closed below
    except InputFileError:
        raise
    except (zipfile.BadZipFile, EOFError, KeyError, OSError, ValueError) as exc:
        raise InputFileError(
            f"the xlsx is corrupt or truncated and cannot be opened ({type(exc).__name__})",
            file=path,
        ) from None
    with book:
        sheets = book.sheet_names
        if "Dataset" not in sheets:
            raise InputFileError(
                f"missing sheet 'Dataset' (found: {', '.join(sheets)}); expected the SurveyXact "
                f"sheets {', '.join(XLSX_SHEETS)}",
                file=path,
            )
        try:
            frame = pd.read_excel(book, "Dataset", dtype=object, header=0)
            labels = (
                _labels_from_frame(pd.read_excel(book, "Labels", header=None, dtype=object))
                if ("Labels" in sheets)
                else {}
            )
        except Exception as exc:  # openpyxl raises many types for damaged parts
            raise InputFileError(
                f"the xlsx cannot be read ({type(exc).__name__}: {exc})", file=path, sheet="Dataset"
            ) from None
    frame = _clean(frame, path, "Dataset")
    return RawExport(path=path, sheet="Dataset", frame=frame, first_row=2, labels=labels)


def read_sav(path: Path) -> RawExport:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path))
    except Exception as exc:
        raise InputFileError(f"the SPSS file cannot be read ({exc})", file=path) from None
    frame = _clean(frame.astype(object), path, "")
    labels = {
        var: {int(k): str(v) for k, v in mapping.items() if _is_int(k)}
        for var, mapping in meta.variable_value_labels.items()
    }
    return RawExport(path=path, sheet="", frame=frame, first_row=1, labels=labels)


def decode_text(path: Path) -> tuple[str, str]:
    """Decode a CSV as UTF-8 (with or without BOM), else Windows-1252; say which."""
    data = path.read_bytes()
    if not data.strip():
        raise InputFileError("the file is empty", file=path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:1000]:
        raise InputFileError(
            "the file is UTF-16 encoded; save it as CSV in UTF-8 or Windows-1252", file=path
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"the file is neither UTF-8 nor Windows-1252 (byte 0x{data[exc.start]:02x} cannot be "
            "decoded)",
            file=path,
            row=line,
        ) from None


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    return max(counts, key=counts.get) if max(counts.values()) else ";"


def read_csv(path: Path) -> RawExport:
    text, encoding = decode_text(path)
    delimiter = _sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=object, keep_default_na=False, na_values=[]
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputFileError(f"the CSV cannot be parsed: {exc}", file=path) from None
    except pd.errors.EmptyDataError:
        raise InputFileError("the file is empty", file=path) from None
    if frame.shape[1] < 2:
        raise InputFileError(
            "the file has a single column: not a survey export (expected ';'-separated)", file=path
        )
    frame = _clean(frame, path, "")
    labels = _read_labels_csv(path)
    return RawExport(
        path=path, sheet="", frame=frame, first_row=2, labels=labels, encoding=encoding
    )


def _read_labels_csv(dataset: Path) -> dict[str, dict[int, str]]:
    """The labels file beside a CSV export (`labels_<surveyid>.csv`), if there is one."""
    found = sorted(dataset.parent.glob("labels_*.csv"))
    if not found:
        return {}
    text, _ = decode_text(found[0])
    rows = list(csv.reader(io.StringIO(text), delimiter=_sniff_delimiter(text)))
    return _labels_from_rows(rows)


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
