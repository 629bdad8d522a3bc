"""`run`: every stage in order, skipping what has not changed; `init`: a new project folder."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def run(project, *extra):
    args = ["run", "--year", "2019", "--no-extracts", "--project", str(project.root), *extra]
    return runner.invoke(app, args)


def stage_lines(output: str) -> dict[str, str]:
    lines = re.findall(r"^\s+(\d{4}) (\w+)\s+(.*)$", output, flags=re.M)
    return {f"{y} {name}": text for y, name, text in lines}


def test_run_all_stages_then_skip_unchanged(demo_copy):
    first = run(demo_copy)
    assert first.exit_code == 0, first.output
    lines = stage_lines(first.output)
    assert list(lines) == [
        "2017 ingest",
        "2017 normalize",
        "2018 ingest",
        "2018 normalize",
        "2019 ingest",
        "2019 normalize",
        "2019 indicators",
        "2019 report",
        "2019 export",
    ]
    assert lines["2019 ingest"] == "rows read 102 = accepted 97 + rejected 5"
    assert (demo_copy.output(2019) / "statusmaaling_2019.pdf").is_file()
    assert (demo_copy.output(2019) / "statusmaaling_2019.xlsx").is_file()

    # "Figur N" is the same figure in the PDF and in the committees' workbook
    pdf_text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(demo_copy.output(2019) / "statusmaaling_2019.pdf").pages
    )
    workbook = load_workbook(demo_copy.output(2019) / "statusmaaling_2019.xlsx")
    figure_sheets = [ws for ws in workbook.worksheets if ws.title.startswith("Figur ")]
    assert len(figure_sheets) >= 10
    for ws in figure_sheets:
        assert f"{ws.title}: {' '.join(ws['A1'].value.split())}" in pdf_text, ws.title

    second = stage_lines(run(demo_copy).output)
    assert set(second.values()) == {"unchanged, skipped"}

    # an analyst edits an indicator title: only the indicator stage and what follows re-run
    path = demo_copy.survey / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    old = "title: Involvering af leverandører i kommunernes mest succesfulde teknologiprojekter"
    assert old in text
    path.write_text(text.replace(old, "title: Leverandørinvolvering"), encoding="utf-8")
    third = stage_lines(run(demo_copy).output)
    skipped = {k for k, v in third.items() if v == "unchanged, skipped"}
    assert skipped == {
        "2017 ingest",
        "2017 normalize",
        "2018 ingest",
        "2018 normalize",
        "2019 ingest",
        "2019 normalize",
    }


def test_failed_stage_keeps_previous_outputs(demo_copy):
    assert run(demo_copy).exit_code == 0
    pdf = demo_copy.output(2019) / "statusmaaling_2019.pdf"
    before = pdf.read_bytes()
    path = demo_copy.survey / "indicators.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("question: supplier_involvement", "question: no_such"), "utf-8")
    failed = run(demo_copy)
    assert failed.exit_code == 1 and "no_such" in failed.output
    assert pdf.read_bytes() == before
    path.write_text(good, encoding="utf-8")
    # back to the inputs of the last successful run: its outputs are still valid
    again = run(demo_copy)
    assert again.exit_code == 0
    assert set(stage_lines(again.output).values()) == {"unchanged, skipped"}
    assert pdf.read_bytes() == before


def test_init_creates_a_project_outside_the_checkout(tmp_path):
    target = tmp_path / "kl-2020"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "survey" / "questionnaires" / "2019.yaml").is_file()
    assert (target / "survey" / "municipalities.csv").is_file()
    assert (target / "data" / "raw").is_dir() and (target / "output").is_dir()
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_commands_refuse_a_folder_that_is_not_a_project(tmp_path):
    result = runner.invoke(app, ["ingest", "--year", "2019", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a statusmaaling project folder" in " ".join(result.output.split())
