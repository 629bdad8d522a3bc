"""The coder's command line: the public classify contract, evaluate, and review export/import."""

from __future__ import annotations

import csv
import shutil

from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.project import Project
from tests.conftest import ROOT

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [*args, "--project", str(ROOT)])


def test_classify_contract_from_the_command_line(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text(
        "id,text,question\n"
        'a1,"Vi har skylle/tørre-toiletter og loftlifte i hjemmeplejen",mobilitet_fritekst\n'
        "a2,ved ikke,mobilitet_fritekst\n"
        "a3,Medicindispensere fra Evondos til 40 borgere,prioritet_naeste_aar\n",
        encoding="utf-8",
    )
    out = tmp_path / "coded.csv"
    result = invoke("classify", "--input", str(source), "--output", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "categories", "confidence", "needs_review", "evidence"]
    coded = {r["id"]: r["categories"] for r in rows}
    assert coded == {"a1": "hygiejne;mobilitet", "a2": "", "a3": "medicin"}
    assert {r["needs_review"] for r in rows} <= {"true", "false"}


def test_classify_bad_input_is_one_clear_line(tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id,text\n1,Loftlifte på plejecentret\n".encode("latin-1"))
    no_text = tmp_path / "no_text.csv"
    no_text.write_text("id,svar\n1,Loftlifte\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    for path, fragment in [(latin, "UTF-8"), (no_text, "text"), (empty, "empty")]:
        result = invoke("classify", "--input", str(path), "--output", str(tmp_path / "o.csv"))
        assert result.exit_code == 1, path
        assert "Traceback" not in result.output
        message = " ".join(result.output.split())
        assert path.name in message and fragment in message, message
    assert not (tmp_path / "o.csv").exists()


def test_evaluate_prints_the_scores(tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "id,question,text,categories\n"
        "g1,mobilitet_fritekst,Loftlifte og plejesenge med vendefunktion,mobilitet;seng\n"
        "g2,mobilitet_fritekst,-,\n",
        encoding="utf-8",
    )
    result = invoke("evaluate", str(gold))
    assert result.exit_code == 0, result.output
    for label in ("micro-F1", "macro-F1", "exact match", "sent to review", "not reviewed"):
        assert label in result.output


def test_review_export_and_import_from_the_command_line(demo_project, tmp_path):
    project = Project(tmp_path / "p")
    shutil.copytree(demo_project.root, project.root)
    args = ["--project", str(project.root)]
    exported = runner.invoke(app, ["review", "export", "--year", "2019", *args])
    assert exported.exit_code == 0, exported.output
    path = project.output(2019) / "review.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    for row in range(2, 5):  # an analyst signs three rows
        ws.cell(row=row, column=header.index("Gennemgået af") + 1).value = "AB"
    wb.save(path)
    imported = runner.invoke(app, ["review", "import", str(path), *args])
    assert imported.exit_code == 0, imported.output
    assert "3 nye afgørelser" in imported.output
    assert "95 %-interval" in imported.output or "ingen fejlrate" in imported.output
    decisions = project.survey / "coding" / "decisions.csv"

    def rows() -> list[dict]:
        with decisions.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    assert [r["reviewer"] for r in rows()] == ["AB"] * 3

    not_xlsx = tmp_path / "review.xlsx"
    not_xlsx.write_text("not a workbook", encoding="utf-8")
    bad = runner.invoke(app, ["review", "import", str(not_xlsx), *args])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert len(rows()) == 3  # nothing half-imported
