"""Hostile and faulty exports (issue #14): each class has a generator, each case ends in a
one-line error of our own type or in a rejected row/cell with its reason; nothing is shifted,
garbled or silently dropped, and nothing stalls.

Add a case: write a generator `(project, book) -> None` that puts the export into
`project.raw(Y)`, and add it to one of the tables below with what must come out.
"""

from __future__ import annotations

import csv
import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputFileError, InputTooLarge
from pipeline.ingest import ingest_year, limits
from pipeline.ingest.readers import read_csv
from pipeline.ingest.stage import ingest_export, shown_issues
from pipeline.issues import Issue
from pipeline.municipalities import load_register
from pipeline.project import Project
from pipeline.survey.codebook import Codebook, load_codebook
from tests import exports as ex
from tests.conftest import ROOT
from tests.faults.helpers import assert_one_line
from tests.test_ingest import answers_2019

Y = 2019
CSV_NAME = "dataset_1_20191028_abc.csv"
XLSX_NAME = "dataset_1_20191028_abc.xlsx"
DANISH = "Dørsensorer på plejecentret, æbler og ål"


@pytest.fixture
def book(project: Project) -> Codebook:
    return load_codebook(project.codebook_path(Y))


def _records(book: Codebook, n: int = 3) -> list[dict]:
    codes = [101, 751, 461, 851, 147][:n]
    return [ex.complete(book, kommunekode=c, **answers_2019(s_12=DANISH)) for c in codes]


def _csv_lines(book: Codebook, n: int = 3) -> list[str]:
    return ex.csv_text(book, _records(book, n)).split("\r\n")


def _put_csv(project: Project, text: str | bytes, encoding: str = "utf-8") -> Path:
    path = project.raw(Y) / CSV_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


# -- broken CSV rows: rejected with their line, the other rows read correctly -------------


def _drop_delimiter(line: str) -> str:
    i = line.index(";", line.index(";") + 1)
    return line[:i] + line[i + 1 :]


def _add_delimiter(line: str) -> str:
    return line.replace(";", ";;x;", 1)


ROW_FAULTS = {"a missing delimiter": _drop_delimiter, "an extra field": _add_delimiter}


@pytest.mark.parametrize("case", ROW_FAULTS)
def test_a_row_with_the_wrong_field_count_is_rejected_not_shifted(project, book, case):
    lines = _csv_lines(book)
    lines[2] = ROW_FAULTS[case](lines[2])  # the second respondent, Aarhus
    _put_csv(project, "\r\n".join(lines))
    result = ingest_year(project, Y)
    assert (result.rows_read, result.accepted, result.rejected) == (3, 2, 1)
    row = result.respondents.set_index("row").loc[3]
    assert row["outcome"] == "rejected" and "line 3" in row["reason"]
    assert "fields where the header has" in row["reason"]
    texts = result.responses[result.responses["question_id"] == "mobility_technologies"]
    assert texts["text"].tolist() == [DANISH, DANISH]  # nothing shifted into another question
    report = pd.read_csv(project.processed(Y) / "ingest_report.csv", dtype=str)
    assert (report["outcome"] == "rejected").sum() == 1


def _csv_header_duplicate(project, book):
    lines = _csv_lines(book)
    lines[0] = lines[0].replace("s_7", "s_12", 1)
    _put_csv(project, "\r\n".join(lines))


def _xlsx_header_duplicate(project, book):
    path = ex.write_xlsx(project.raw(Y) / XLSX_NAME, book, _records(book))
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Dataset"]
    for cell in ws[1]:
        if cell.value == "s_7":
            cell.value = "s_12"
    wb.save(path)


def _only_broken_rows(project, book):
    lines = _csv_lines(book, 1)
    lines[1] = _drop_delimiter(lines[1])
    _put_csv(project, "\r\n".join(lines))


# -- encodings -----------------------------------------------------------------------------


def _utf8_with_stray_byte(project, book):
    data = "\r\n".join(_csv_lines(book)).encode("utf-8")
    at = data.index(b"plejecentret") + 3
    _put_csv(project, data[:at] + b"\xe6" + data[at:])


def _bom_then_cp1252(project, book):
    _put_csv(project, b"\xef\xbb\xbf" + "\r\n".join(_csv_lines(book)).encode("cp1252"))


def _utf32(project, book):
    _put_csv(project, "\r\n".join(_csv_lines(book)), encoding="utf-32")


def _utf16(project, book):
    _put_csv(project, "\r\n".join(_csv_lines(book)), encoding="utf-16")


def _mostly_cp1252_with_utf8_lines(project, book):
    """The first rows saved as UTF-8, the rest as Windows-1252 (two exports pasted together)."""
    lines = _csv_lines(book, 5)
    head = "\r\n".join(lines[:2]).encode("utf-8")
    tail = "\r\n".join(lines[2:]).encode("cp1252")
    _put_csv(project, head + b"\r\n" + tail)


def _latin_bytes_not_cp1252(project, book):
    data = "\r\n".join(_csv_lines(book)).encode("cp1252")
    _put_csv(project, data.replace(b"\xf8", b"\x81", 1))  # 0x81 is undefined in cp1252


# -- sizes -------------------------------------------------------------------------------


def _zip_bomb(project, book):
    """A valid-looking xlsx whose sheet unpacks to 12 MB of nothing (limits set lower)."""
    path = ex.write_xlsx(project.raw(Y) / XLSX_NAME, book, _records(book))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/padding.xml", b"<c/>" * 3_000_000)


def _rewrite_dataset_xml(path: Path, change: Callable[[str], str]) -> None:
    """Edit the Dataset sheet's XML inside an xlsx (the third sheet `ex.write_xlsx` makes)."""
    member = "xl/worksheets/sheet3.xml"
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts[member] = change(parts[member].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _many_empty_cells(project, book):
    """Rows of stored-but-empty cells (the 1.7 MB file held 32 million of them)."""
    from openpyxl.utils import get_column_letter

    path = ex.write_xlsx(project.raw(Y) / XLSX_NAME, book, _records(book))
    letters = [get_column_letter(c) for c in range(1, 201)]
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}" s="0"/>' for col in letters) + "</row>"
        for r in range(10, 400)
    )
    _rewrite_dataset_xml(path, lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"))


def _too_many_rows_csv(project, book):
    lines = _csv_lines(book, 1)
    _put_csv(project, "\r\n".join([lines[0], *[lines[1]] * 30]))


def _too_many_rows_xlsx(project, book):
    ex.write_xlsx(project.raw(Y) / XLSX_NAME, book, _records(book) * 10)


def _too_many_columns(project, book):
    extra = tuple(f"x_{i}" for i in range(100))
    ex.write_xlsx(project.raw(Y) / XLSX_NAME, book, _records(book), extra=extra)


def _too_large_file(project, book):
    _put_csv(project, "\r\n".join(_csv_lines(book)) + "\r\n" + " " * 3_000)


#: Limits lowered for a case, so small generated files stand in for huge ones.
LIMITS = {
    "zip bomb": {"MAX_PART_BYTES": 5_000_000},
    "too many rows (csv)": {"MAX_ROWS": 20},
    "too many rows (xlsx)": {"MAX_ROWS": 20},
    "too many columns": {"MAX_COLUMNS": 120},
    "millions of empty cells": {"MAX_CELLS": 50_000},
    "file too large": {"MAX_FILE_BYTES": 2_500},
}

Fault = Callable[[Project, Codebook], None]
#: generator -> (error type, fragments the one-line message must hold)
FILE_FAULTS: dict[str, tuple[Fault, type, tuple[str, ...]]] = {
    "duplicate column (csv)": (_csv_header_duplicate, InputFileError, ("'s_12' appears twice",)),
    "duplicate column (xlsx)": (_xlsx_header_duplicate, InputFileError, ("'s_12' appears twice",)),
    "no row fits the header": (_only_broken_rows, InputFileError, ("no row fits the header",)),
    "UTF-8 with a stray byte": (
        _utf8_with_stray_byte,
        InputFileError,
        ("mixes UTF-8 (first on line 2)", "0xe6 on line 2"),
    ),
    "mostly cp1252, some UTF-8 lines": (
        _mostly_cp1252_with_utf8_lines,
        InputFileError,
        ("mixes UTF-8 (first on line 2)", "0xf8 on line 3", "one encoding throughout"),
    ),
    "BOM before cp1252": (_bom_then_cp1252, InputFileError, ("byte-order mark", "line 2")),
    "UTF-32": (_utf32, InputFileError, ("UTF-32 encoded",)),
    "UTF-16": (_utf16, InputFileError, ("UTF-16 encoded",)),
    "undefined cp1252 byte": (_latin_bytes_not_cp1252, InputFileError, ("0x81",)),
    "zip bomb": (_zip_bomb, InputTooLarge, ("zip bomb",)),
    "too many rows (csv)": (_too_many_rows_csv, InputTooLarge, ("more than 20 rows",)),
    "too many rows (xlsx)": (_too_many_rows_xlsx, InputTooLarge, ("more than 20 rows",)),
    "too many columns": (_too_many_columns, InputTooLarge, ("limit of 120",)),
    "millions of empty cells": (_many_empty_cells, InputTooLarge, ("50,000 cells",)),
    "file too large": (_too_large_file, InputTooLarge, ("limit of",)),
}


@pytest.mark.parametrize("case", FILE_FAULTS)
def test_a_broken_export_stops_with_one_line_and_writes_nothing(project, book, case, monkeypatch):
    for name, value in LIMITS.get(case, {}).items():
        monkeypatch.setattr(limits, name, value)
    make, error, fragments = FILE_FAULTS[case]
    make(project, book)
    started = time.perf_counter()
    with pytest.raises(error) as info:
        ingest_year(project, Y)
    assert time.perf_counter() - started < 5
    text = assert_one_line(info.value, secret=DANISH)
    assert CSV_NAME in text or XLSX_NAME in text
    for fragment in fragments:
        assert fragment in text, text
    assert not (project.processed(Y) / "responses.parquet").exists()


def test_a_forged_sheet_dimension_is_ignored_and_the_export_read(project, book):
    """A declared A1:XFD1048576 made the reader pad every row to 16,384 cells."""
    path = ex.write_xlsx(project.raw(Y) / XLSX_NAME, book, _records(book))

    def forge(xml: str) -> str:
        start = xml.index("<dimension ref=")
        return xml[:start] + '<dimension ref="A1:XFD1048576"/>' + xml[xml.index("/>", start) + 2 :]

    _rewrite_dataset_xml(path, forge)
    started = time.perf_counter()
    result = ingest_year(project, Y)
    assert time.perf_counter() - started < 5
    assert (result.rows_read, result.accepted) == (3, 3)


def test_a_plain_cp1252_export_is_still_read(project, book):
    _put_csv(project, "\r\n".join(_csv_lines(book)), encoding="cp1252")
    result = ingest_year(project, Y)
    assert result.meta["encoding"] == "cp1252"
    texts = result.responses[result.responses["question_id"] == "mobility_technologies"]
    assert set(texts["text"]) == {DANISH}


# -- long answers: the cell is refused, the row kept, the report short ----------------------


def test_an_over_long_answer_rejects_the_cell_only(project, book):
    records = _records(book)
    records[0]["s_12"] = "Loftlifte " * 3_000  # 30,000 characters
    lines = ex.csv_text(book, records)
    _put_csv(project, lines)
    result = ingest_year(project, Y)
    assert result.accepted == 3
    (issue,) = [i for i in result.all_issues if i.kind == "cell"]
    assert issue.column == "s_12" and f"{limits.MAX_ANSWER_CHARS:,}" in issue.message
    assert len(issue.value) < 300
    texts = result.responses[result.responses["question_id"] == "mobility_technologies"]
    assert len(texts) == 2


def test_issues_for_printing_are_bounded_and_the_report_is_complete():
    many = [Issue("cell", "rejected", f"bad {i}", row=i, column="s_16") for i in range(5_000)]
    shown = shown_issues([Issue("row", "accepted", "ok", row=1), *many], limit=100)
    assert len(shown) == 102 and "4,900 more cell issues" in shown[-1].message


# -- every row accounted for, whatever rows are broken (property) ---------------------------

CODES = [101, 751, 461, 851, 147, 253]


@settings(max_examples=30, deadline=None)
@given(faults=st.lists(st.sampled_from(["ok", "drop", "add"]), min_size=1, max_size=6))
def test_broken_rows_are_rejected_and_the_rest_read_unshifted(faults):
    root = Project(ROOT)
    book = load_codebook(root.codebook_path(Y))
    register = load_register(ROOT / "survey" / "municipalities.csv")
    records = [ex.complete(book, kommunekode=c, **answers_2019(s_12=DANISH)) for c in CODES]
    lines = ex.csv_text(book, records[: len(faults)]).split("\r\n")
    change = {"ok": lambda line: line, "drop": _drop_delimiter, "add": _add_delimiter}
    for i, fault in enumerate(faults, start=1):
        lines[i] = change[fault](lines[i])
    if all(f != "ok" for f in faults):
        return  # no row fits: the file is refused (see FILE_FAULTS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / CSV_NAME
        path.write_text("\r\n".join(lines), encoding="utf-8")
        result = ingest_export(read_csv(path), book, register)
    assert result.rows_read == len(faults) == result.accepted + result.rejected
    rejected = set(result.respondents.loc[result.respondents["outcome"] == "rejected", "row"])
    assert rejected == {i + 1 for i, f in enumerate(faults, start=1) if f != "ok"}
    ok = {str(c) for c, f in zip(CODES, faults, strict=False) if f == "ok"}
    assert set(result.responses["municipality_code"]) == ok
    texts = result.responses[result.responses["question_id"] == "mobility_technologies"]
    assert list(texts["text"]) == [DANISH] * len(ok)


def test_a_labels_file_with_a_huge_field_is_one_line(tmp_path):
    """The labels file beside a CSV export is read like the export: bounded, one-line errors."""
    from pipeline.errors import StatusmaalingError
    from pipeline.ingest.readers import read_export

    folder = tmp_path / "raw"
    folder.mkdir()
    data = folder / "dataset_1.csv"
    data.write_text("kommunekode;s_1\n101;1\n", encoding="utf-8")
    (folder / "labels_1.csv").write_text(
        's_1;1;"' + "x" * 200_000 + "\n", encoding="utf-8"
    )  # an unclosed quote swallowing the rest
    try:
        raw = read_export(data)
    except StatusmaalingError as exc:
        assert "labels_1.csv" in str(exc) and "\n" not in str(exc)
    else:
        assert raw.labels.get("s_1", {}).get(1, "").startswith("x")


def test_a_header_ending_in_a_separator_reads_the_file(tmp_path):
    from pipeline.ingest.readers import read_export

    data = tmp_path / "dataset_1.csv"
    data.write_text("kommunekode;s_1;\n101;1\n147;2\n", encoding="utf-8")
    raw = read_export(data)
    assert list(raw.frame.columns) == ["kommunekode", "s_1"] and len(raw.frame) == 2


@pytest.mark.parametrize("delimiter", [";", ","])
def test_an_excel_sep_line_is_honoured(project, book, delimiter):
    """Excel writes `sep=;` above the header so that it opens the file with that separator."""
    out = io.StringIO()
    fields = csv.reader(io.StringIO(ex.csv_text(book, _records(book))), delimiter=";")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(fields)
    _put_csv(project, f"sep={delimiter}\r\n" + out.getvalue(), encoding="cp1252")
    result = ingest_year(project, Y)
    assert (result.rows_read, result.accepted) == (3, 3)
    assert sorted(result.respondents["row"]) == [2, 3, 4]  # as Excel shows them
    texts = result.responses[result.responses["question_id"] == "mobility_technologies"]
    assert set(texts["text"]) == {DANISH}


def test_a_header_below_a_title_row_is_named_as_such(project, book):
    from openpyxl import load_workbook

    path = ex.write_xlsx(project.raw(Y) / XLSX_NAME, book, _records(book))
    wb = load_workbook(path)
    wb["Dataset"].insert_rows(1)
    wb["Dataset"]["A1"] = "Statusmåling 2019, eksporteret 28-10-2019"
    wb.save(path)
    with pytest.raises(InputFileError) as info:
        ingest_year(project, Y)
    text = assert_one_line(info.value)
    assert XLSX_NAME in text and "row 2" in text and "header" in text, text
    assert "question variables are missing" not in text


def test_a_csv_header_below_a_title_line_is_named_as_such(project, book):
    text = ex.csv_text(book, _records(book))
    width = text.split("\r\n")[0].count(";")
    _put_csv(project, "Statusmåling 2019" + ";" * width + "\r\n" + text, encoding="cp1252")
    with pytest.raises(InputFileError) as info:
        ingest_year(project, Y)
    text = assert_one_line(info.value)
    assert CSV_NAME in text and "the header is not in line 1" in text, text
