"""The synthetic demo exports: deterministic, in the SurveyXact formats, agreeing with codebooks."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.demo import SETUPS, SHEETS, STRUCTURE_HEADER, build_demo, read_register, write_demo
from pipeline.errors import StatusmaalingError
from pipeline.project import Project
from pipeline.survey.codebook import Codebook, load_codebook

ROOT = Path(__file__).resolve().parent.parent

#: The value codes outside the codebook that the demo plants on purpose, one per year.
PLANTED_BAD_CELLS = {2017: ("s_5", 9), 2018: ("s_7_3", 6), 2019: ("s_16", 9)}
#: The one export column 2019's codebook does not know.
EXTRA_COLUMN_2019 = "region"


def _new_project(root: Path) -> Project:
    shutil.copytree(ROOT / "survey", root / "survey")
    return Project(root)


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = _new_project(tmp_path_factory.mktemp("demo"))
    write_demo(project)
    return project


def _book(project: Project, year: int) -> Codebook:
    return load_codebook(project.codebook_path(year))


def _export(project: Project, year: int) -> Path:
    (path,) = project.raw(year).glob("dataset_*")
    return path


def _dataset(project: Project, year: int) -> tuple[list[str], list[list]]:
    """Header and rows of the Dataset (xlsx sheet or CSV), empty cells as None."""
    path = _export(project, year)
    if path.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("cp1252")), delimiter=";"))
        cells = [[_number(v) for v in row] for row in rows[1:]]
        return rows[0], cells
    wb = load_workbook(path, read_only=True)
    rows = [list(r) for r in wb["Dataset"].iter_rows(values_only=True)]
    wb.close()
    return rows[0], rows[1:]


def _number(text: str):
    if text == "":
        return None
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def test_same_seed_gives_identical_files_and_another_seed_differs(tmp_path, demo_project):
    again = _new_project(tmp_path / "again")
    paths = write_demo(again)
    for path in paths:
        twin = demo_project.root / path.relative_to(again.root)
        assert path.read_bytes() == twin.read_bytes(), path.name
    for year in SETUPS:
        assert _dataset(again, year) == _dataset(demo_project, year)

    other = _new_project(tmp_path / "other")
    write_demo(other, [2019], seed=7)
    assert _export(other, 2019).name != _export(demo_project, 2019).name
    assert _dataset(other, 2019)[1] != _dataset(demo_project, 2019)[1]


def test_files_and_marker_are_written(demo_project):
    names = sorted(p.name for p in (demo_project.root / "data" / "raw").rglob("*") if p.is_file())
    assert names == [
        "SYNTHETIC.md",
        "dataset_1093127_20171016_16e275.csv",
        "dataset_1297514_20181022_8adbe2.xlsx",
        "dataset_1418760_20191028_cf15d6.xlsx",
        "dataset_1702533_20201027_865a6e.xlsx",
        "labels_1093127.csv",
    ]
    marker = (demo_project.root / "data" / "raw" / "SYNTHETIC.md").read_text("utf-8")
    assert "synthetic demo data" in marker and "no real answers" in marker


@pytest.mark.parametrize("year", [2018, 2019])
def test_xlsx_has_the_five_sheets_in_order_with_their_headers(demo_project, year):
    book = _book(demo_project, year)
    wb = load_workbook(_export(demo_project, year))
    assert wb.sheetnames == SHEETS == ["Labels", "Variables", "Dataset", "Complete", "Structure"]

    expected = book.expected_columns()
    if year == 2019:
        expected.insert(len(book.background_columns()), EXTRA_COLUMN_2019)
    header = [c.value for c in wb["Dataset"][1]]
    assert header == expected

    labels = [[c.value for c in row] for row in wb["Labels"].iter_rows()]
    assert labels[0][0] in book.all_variables()  # no header row
    first_multi = next(q for q in book.questions if q.type == "multi").options[0].variable
    assert [first_multi, 0, "Ikke valgt"] in labels and [first_multi, 1, "Valgt"] in labels

    variables = [[c.value for c in row] for row in wb["Variables"].iter_rows()]
    assert variables[0] == ["variableName", "variableDescription"]
    assert [v[0] for v in variables[1:]] == expected
    q = book.by_id["training_in_operation"]
    assert [q.options[1].variable, f"{q.text} - {q.options[1].label}"] in variables

    complete = [[c.value for c in row] for row in wb["Complete"].iter_rows()]
    assert complete[0] == [v[1] for v in variables[1:]]
    assert len(complete) == wb["Dataset"].max_row
    supplier = book.by_id["supplier_involvement"]
    col = expected.index(supplier.variable)
    texts = {r[col] for r in complete[1:]} - {None, 9}
    assert texts and texts <= set(supplier.labels.values())

    structure = [[c.value for c in row] for row in wb["Structure"].iter_rows()]
    assert structure[0] == STRUCTURE_HEADER
    assert {r[1] for r in structure[1:]} >= set(book.all_variables())


def test_the_2017_export_is_a_cp1252_semicolon_csv_with_a_labels_file(demo_project):
    book = _book(demo_project, 2017)
    data = _export(demo_project, 2017).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # æøå in Windows-1252, as Excel writes it
    text = data.decode("cp1252")
    assert text.split("\r\n", 1)[0].split(";") == book.expected_columns()
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(records) == len(text.split("\r\n")) - 1  # every record ends in CRLF, like Excel
    assert all(len(r) == len(records[0]) for r in records)
    labels_path = demo_project.raw(2017) / "labels_1093127.csv"
    rows = list(csv.reader(io.StringIO(labels_path.read_bytes().decode("cp1252")), delimiter=";"))
    assert rows[0][0] in book.all_variables()  # no header
    assert all(len(r) == 3 for r in rows)
    q = book.by_id["supplier_involvement"]
    assert [q.variable, "1", "I høj grad"] in rows


@pytest.mark.parametrize("year", [2017, 2018, 2019])
def test_every_dataset_value_is_empty_or_a_codebook_code_but_the_planted_one(demo_project, year):
    book = _book(demo_project, year)
    header, rows = _dataset(demo_project, year)
    allowed: dict[str, set] = {}
    for q in book.questions:
        if q.type == "single":
            allowed[q.variable] = set(q.labels)
        elif q.type == "multi":
            allowed.update({o.variable: {0, 1} for o in q.options})
        elif q.type == "matrix":
            allowed.update({r.variable: set(q.labels) for r in q.rows})
    allowed.update({c: {0, 1} for c in book.status_columns()})
    bad = []
    for row in rows:
        for col, value in zip(header, row, strict=True):
            if col in allowed and value is not None and value not in allowed[col]:
                bad.append((col, value))
    assert bad == [PLANTED_BAD_CELLS[year]]

    window = SETUPS[year]
    status_at = [header.index(c) for c in book.status_columns()]
    close_at = header.index(book.export.close_time)
    for row in rows:
        status = [row[i] for i in status_at]
        assert sorted(status) == [0, 0, 0, 0, 1]
        close = row[close_at]
        if status[3] == 1:  # Gennemført
            day, month, rest = close.split("-")
            assert re.fullmatch(r"\d{4} \d{2}:\d{2}", rest)
            when = f"{rest[:4]}-{month}-{day}"
            assert str(window.start) <= when <= str(window.end)
        else:
            assert close is None


def test_2018_and_2019_list_every_municipality_and_2017_has_typed_names(demo_project):
    codes = {m["code"] for m in read_register(demo_project)}
    header, rows = _dataset(demo_project, 2019)
    assert {str(r[header.index("kommunekode")]) for r in rows} == codes
    header, rows = _dataset(demo_project, 2018)
    assert len({r[header.index("kommunenavn")] for r in rows}) == 98
    header, rows = _dataset(demo_project, 2017)
    typed = [r[header.index("s_1")] for r in rows]
    for name in ("Kbh", "KØBENHAVN", "Århus", "Aarhus", "Høje Taastrup", "Lyngby-Tårbæk"):
        assert name in typed
    assert "Region Midtjylland" in typed and "Frederiks" in typed


def test_hostile_text_is_kept_as_text(demo_project):
    wb = load_workbook(_export(demo_project, 2019))
    cells = {c.value: c.data_type for row in wb["Dataset"].iter_rows() for c in row if c.value}
    assert cells['=HYPERLINK("http://x")'] == "s"  # a string, not a formula
    assert "<script>alert(1)</script>" in cells


def test_2019_is_calibrated_to_the_published_report(demo_project):
    book = _book(demo_project, 2019)
    demo = build_demo(book, read_register(demo_project), seed=2019)
    finals = [r for r in demo.rows if r.final]
    assert len(finals) == 97
    q = book.by_id["training_in_operation"]
    answered = [r for r in finals if r.values.get(q.options[0].variable) is not None]
    assert len(answered) == 91
    assert 0.60 <= sum(r.values[q.options[1].variable] for r in answered) / 91 <= 0.64
    var = book.by_id["mobility_technologies"].variable
    coded = [r.truth[var] for r in finals if r.truth.get(var)]
    assert len(coded) == 91
    assert round(100 * sum("hygiejne" in c for c in coded) / 91) == 63


def test_refuses_to_overwrite_without_force(tmp_path):
    project = _new_project(tmp_path)
    (path, marker) = write_demo(project, [2019])
    before = path.read_bytes()
    with pytest.raises(StatusmaalingError, match="force"):
        write_demo(project, [2019])
    assert write_demo(project, [2019], force=True) == [path, marker]
    assert path.read_bytes() == before

    # another seed's file replaces the earlier demo file instead of sitting beside it
    (other, _) = write_demo(project, [2019], seed=1, force=True)
    assert [p.name for p in project.raw(2019).iterdir()] == [other.name]

    # never beside a file that is not ours (a real export), even with force
    (project.raw(2019) / "dataset_999_20191101_abcdef.xlsx").write_bytes(b"real")
    with pytest.raises(StatusmaalingError, match="dataset_999"):
        write_demo(project, [2019], force=True)


def test_unknown_year_is_refused(tmp_path):
    with pytest.raises(StatusmaalingError, match="2021"):
        write_demo(_new_project(tmp_path), [2021])
