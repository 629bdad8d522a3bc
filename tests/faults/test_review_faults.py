"""Hostile review workbooks and decision logs (issue #14): forged rows, unknown categories,
control characters, long answers and concurrent imports. Nothing half-written, nothing lost."""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.errors import DefinitionError, LockedError, ReviewImportError
from pipeline.formatting import DISPLAY_CHARS
from pipeline.locks import coding_lock
from pipeline.normalise.decisions import (
    Decision,
    append_decisions,
    decisions_path,
    read_decisions,
)
from pipeline.normalise.review import REVIEW_SHEET, TEXT, export_review, import_review
from pipeline.normalise.stage import normalize_year
from pipeline.normalise.text import text_hash
from pipeline.project import Project
from tests.faults.helpers import assert_one_line
from tests.test_review import ANSWERS_2019, _col, _responses, _review_all

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def coded(project: Project) -> Project:
    _responses(project, 2019, ANSWERS_2019)
    normalize_year(project, 2019)
    return project


def _workbook(project: Project, tmp: Path, edit: Callable, name: str = "edited.xlsx") -> Path:
    wb = load_workbook(export_review(project, 2019, sample=1.0))
    ws = wb[REVIEW_SHEET]
    _review_all(wb, ws)
    edit(ws)
    out = tmp / name
    wb.save(out)
    return out


def _row_of(ws, answer_id: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == answer_id)


def _forge_unknown_id(ws):
    """A row whose answer_id does not exist, carrying another answer's text and hash."""
    ws.cell(2, 1).value = "2019-999-mobility_technologies"


def _forge_never_reviewed(ws):
    """Re-point a row at an answer never sent to review (Kørestole), keeping its own text."""
    ws.cell(2, 1).value = "2019-157-mobility_technologies"


def _edit_text_and_rehash(ws):
    text = "Loftlifte, vasketoiletter og GPS"
    ws.cell(2, _col(ws, TEXT)).value = text
    ws.cell(2, ws.max_column).value = text_hash(text)


FORGED = {
    "unknown answer_id": (_forge_unknown_id, "Svar-id", "er ikke et kodet svar"),
    "another answer's id": (_forge_never_reviewed, TEXT, "svarteksten er ændret"),
    "edited text, recomputed hash": (_edit_text_and_rehash, TEXT, "svarteksten er ændret"),
}


@pytest.mark.parametrize("case", FORGED)
def test_forged_review_rows_are_refused_and_nothing_is_written(coded, tmp_path, case):
    edit, column, message = FORGED[case]
    log = decisions_path(coded.survey)
    before = log.read_bytes()
    with pytest.raises(ReviewImportError) as info:
        import_review(coded, _workbook(coded, tmp_path, edit))
    text = assert_one_line(info.value)
    assert message in text and info.value.column == column
    assert log.read_bytes() == before


def test_unknown_category_in_the_decisions_log_stops_with_the_line(project):
    log = decisions_path(project.survey)
    good = Decision(
        2019, "2019-101-q", text_hash("Rollatorer"), "Rollatorer", ("mobilitet",), "AB", "d"
    )
    bad = Decision(
        2019, "2019-147-q", text_hash("Loftlifte"), "Loftlifte", ("mobiltet",), "AB", "d"
    )
    append_decisions(log, [good, bad])
    with pytest.raises(DefinitionError) as info:
        read_decisions(log)
    assert_one_line(info.value)
    assert (info.value.row, info.value.column) == (3, "categories")
    assert "'mobiltet'" in str(info.value)


CONTROL = {
    "vertical tab": "Loftlifte\x0bog vasketoiletter",
    "NUL": "Loftlifte\x00og vasketoiletter",
    "escape": "\x1b[31mLoftlifte",
    "form feed": "Loftlifte\x0cog vasketoiletter",
}


@pytest.mark.parametrize("case", CONTROL)
def test_control_characters_survive_export_and_import(project, tmp_path, case):
    secret = CONTROL[case]
    _responses(project, 2019, [("101", "mobility_technologies", "", secret), *ANSWERS_2019[1:]])
    normalize_year(project, 2019)
    edited = _workbook(project, tmp_path, lambda ws: None)
    assert import_review(project, edited).new > 0
    stored = {d.answer_id: d.text for d in read_decisions(decisions_path(project.survey))}
    assert stored["2019-101-mobility_technologies"] == secret  # the full text, not the shown one


def test_a_long_answer_is_shortened_in_the_workbook_and_kept_whole(project, tmp_path):
    long = "Loftlifte og vasketoiletter. " * 1_150  # 33,350 characters (Excel holds 32,767)
    _responses(project, 2019, [("101", "mobility_technologies", "", long), *ANSWERS_2019[1:]])
    normalize_year(project, 2019)
    edited = _workbook(project, tmp_path, lambda ws: None)
    ws = load_workbook(edited)[REVIEW_SHEET]
    shown = ws.cell(_row_of(ws, "2019-101-mobility_technologies"), _col(ws, TEXT)).value
    assert len(shown) < DISPLAY_CHARS + 100 and "forkortet" in shown
    assert import_review(project, edited).new > 0
    stored = {d.answer_id: d.text for d in read_decisions(decisions_path(project.survey))}
    assert stored["2019-101-mobility_technologies"] == long.strip()


def test_an_oversized_review_workbook_is_refused_before_parsing(coded, tmp_path, monkeypatch):
    from pipeline.normalise import review

    edited = _workbook(coded, tmp_path, lambda ws: None)
    monkeypatch.setattr(review, "MAX_REVIEW_BYTES", 1_000)
    with pytest.raises(ReviewImportError) as info:
        import_review(coded, edited)
    assert "limit" in assert_one_line(info.value)


def test_a_forged_sheet_dimension_does_not_stall_the_import(coded, tmp_path):
    """Regression: a declared dimension of A1:XFD1048576 made openpyxl pad every row."""
    edited = _workbook(coded, tmp_path, lambda ws: None)
    folder = tmp_path / "unpacked"
    shutil.unpack_archive(edited, folder, "zip")
    sheet = folder / "xl" / "worksheets" / "sheet1.xml"
    xml = sheet.read_text(encoding="utf-8")
    start = xml.index("<dimension ref=")
    end = xml.index("/>", start) + 2
    sheet.write_text(xml[:start] + '<dimension ref="A1:XFD1048576"/>' + xml[end:], "utf-8")
    forged = Path(shutil.make_archive(str(tmp_path / "forged"), "zip", folder))
    assert import_review(coded, forged.rename(tmp_path / "forged.xlsx")).new > 0


# -- concurrent writers of survey/coding ---------------------------------------------------


def _append_many(survey: str, who: str, n: int) -> None:
    log = decisions_path(survey)
    for i in range(n):
        text = f"Svar {who} {i}"
        append_decisions(
            log, [Decision(2019, f"2019-{who}-{i}", text_hash(text), text, (), who, "d")]
        )


def test_concurrent_appends_lose_no_decision(tmp_path):
    survey = tmp_path / "survey"
    shutil.copytree(ROOT / "survey", survey)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_many, args=(str(survey), w, 15)) for w in "ABCD"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    decisions = read_decisions(decisions_path(survey))
    assert len(decisions) == 60
    assert {d.reviewer for d in decisions} == set("ABCD")


def test_an_import_waits_for_the_lock_then_names_the_holder(coded, tmp_path, monkeypatch):
    from pipeline import locks

    monkeypatch.setattr(locks, "DEFAULT_TIMEOUT", 0.2)
    edited = _workbook(coded, tmp_path, lambda ws: None)
    log = decisions_path(coded.survey)
    before = log.read_bytes()
    ctx = multiprocessing.get_context("fork")
    holding, release = ctx.Event(), ctx.Event()

    def hold() -> None:
        with coding_lock(coded.survey):
            holding.set()
            release.wait(20)

    holder = ctx.Process(target=hold)
    holder.start()
    try:
        assert holding.wait(20)
        with pytest.raises(LockedError) as info:
            import_review(coded, edited)
        text = assert_one_line(info.value)
        assert f"pid {holder.pid}" in text
        assert log.read_bytes() == before
    finally:
        release.set()
        holder.join(20)
    assert import_review(coded, edited).new > 0  # free again


def test_decisions_are_checked_against_the_coded_answers_not_the_workbook(coded, tmp_path):
    edited = _workbook(coded, tmp_path, lambda ws: None)
    coded_path = coded.processed(2019) / "coded_text.parquet"
    frame = pd.read_parquet(coded_path)
    frame.loc[frame["answer_id"] == "2019-147-mobility_technologies", "text"] = "Noget andet"
    frame.to_parquet(coded_path, index=False)
    with pytest.raises(ReviewImportError, match="svarteksten er ændret"):
        import_review(coded, edited)
