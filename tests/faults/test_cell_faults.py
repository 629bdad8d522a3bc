"""Text that a spreadsheet would run or cannot hold, in the files we write (issue #14)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.export import _put
from pipeline.normalise.classify import classify_file

ROOT = Path(__file__).resolve().parents[2]
FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_classify_guards_the_id_column_against_formulas(tmp_path, formula):
    source = tmp_path / "answers.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "text"], [formula, "Loftlifte"]])
    out = tmp_path / "coded.csv"
    classify_file(source, out, ROOT / "survey")
    with out.open(encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["id"] == "'" + formula


@pytest.mark.parametrize("text", ["Plejecenter\x00Nord", "Region\x0bSyd", "\x1b[31mrød"])
def test_workbook_cells_drop_control_characters_xlsx_cannot_hold(tmp_path, text):
    from openpyxl import Workbook

    wb = Workbook()
    _put(wb.active, 1, 1, text)
    wb.save(tmp_path / "t.xlsx")
    value = load_workbook(tmp_path / "t.xlsx").active["A1"].value
    assert value == text.translate({0: None, 0x0B: None, 0x1B: None})
