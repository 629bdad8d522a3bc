"""`run`'s memory of what it did (`data/processed/.run_state.json`) belongs to the project
folder: a copied folder checks its own files, and an input edited while a stage runs is not
taken for the one the stage used."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.project import Project
from tests.conftest import ROOT
from tests.test_cli_run import _skipped, stage_lines

runner = CliRunner()


def run(root: Path, *extra: str):
    args = ["run", "--year", "2019", "--no-extracts", "--project", str(root), *extra]
    return runner.invoke(app, args)


def _state(root: Path) -> dict:
    return json.loads((root / "data" / "processed" / ".run_state.json").read_text("utf-8"))


def _screen_visits(root: Path) -> dict[str, int]:
    """2019's municipalities by answer to screen visits (Ja/Nej), from indicators.csv."""
    with open(root / "output" / "2019" / "indicators.csv", encoding="utf-8-sig") as f:
        rows = csv.DictReader(f)
        return {
            r["group"]: int(r["numerator"])
            for r in rows
            if r["indicator_id"] == "screen_visits_any" and r["year"] == "2019"
        }


def _recode_screen_visits(raw_folder: Path) -> int:
    """Every yes (1) to screen visits (s_7) in the year's export becomes a no (2)."""
    (export,) = raw_folder.glob("*.xlsx")
    export.chmod(0o644)
    workbook = load_workbook(export)
    sheet = workbook["Dataset"]
    column = [c.value for c in sheet[1]].index("s_7") + 1
    changed = 0
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, column).value == 1:
            sheet.cell(row, column).value = 2
            changed += 1
    workbook.save(export)
    return changed


def test_a_copied_project_checks_its_own_files(demo_copy, tmp_path):
    """Copying last year's folder is the analysts' yearly habit: the copy's state must
    describe the copy, so an edit there re-runs what it affects (it used to check the
    original's files and leave last year's numbers in place)."""
    assert run(demo_copy.root).exit_code == 0
    before = _screen_visits(demo_copy.root)
    assert before["Ja"] > 0 and before["Nej"] > 0, before
    copy = tmp_path / "next-year"
    shutil.copytree(demo_copy.root, copy)

    # an untouched copy has nothing new to do: its own outputs were copied with it
    untouched = run(copy)
    assert untouched.exit_code == 0, untouched.output
    assert set(stage_lines(untouched.output).values()) == {"unchanged, skipped"}

    assert _recode_screen_visits(Project(copy).raw(2019)) >= before["Ja"]
    edited = run(copy)
    assert edited.exit_code == 0, edited.output
    ran = set(stage_lines(edited.output)) - _skipped(edited.output)
    assert {"2019 ingest", "2019 indicators", "2019 report", "2019 export"} <= ran
    after = _screen_visits(copy)
    assert after.get("Ja", 0) == 0 and after["Nej"] == before["Ja"] + before["Nej"], after
    # the original is not touched by the copy's run, and still taken as current
    assert _screen_visits(demo_copy.root) == before
    assert set(stage_lines(run(demo_copy.root).output).values()) == {"unchanged, skipped"}


def test_a_copy_without_its_outputs_runs_every_stage(demo_copy, tmp_path):
    """Deleting a copied project's data/processed/* and output/* leaves the (hidden) state
    file: every stage whose outputs are gone must run again."""
    assert run(demo_copy.root).exit_code == 0
    copy = tmp_path / "fresh"
    shutil.copytree(demo_copy.root, copy)
    for folder in (copy / "data" / "processed", copy / "output"):
        for p in folder.iterdir():
            if not p.name.startswith("."):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    assert (copy / "data" / "processed" / ".run_state.json").is_file()
    result = run(copy)
    assert result.exit_code == 0, result.output
    assert _skipped(result.output) == set()
    assert (copy / "output" / "2019" / "statusmaaling_2019.pdf").is_file()
    assert (copy / "output" / "2019" / "statusmaaling_2019.xlsx").is_file()


def test_a_state_file_with_absolute_paths_counts_as_no_state(demo_copy, tmp_path):
    """A state file written before paths were kept relative to the project names another
    folder's files (here: the folder this one was copied from, still there and current): it
    is not trusted, every stage runs."""
    assert run(demo_copy.root).exit_code == 0
    state = _state(demo_copy.root)
    elsewhere = tmp_path / "last-year"
    shutil.copytree(demo_copy.root, elsewhere)
    old = {
        "version": 2,
        "stages": {
            key: {
                **entry,
                "inputs": [str(elsewhere / p) for p in entry["inputs"]],
                "outputs": [str(elsewhere / p) for p in entry["outputs"]],
            }
            for key, entry in state["stages"].items()
        },
    }
    path = demo_copy.root / "data" / "processed" / ".run_state.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    result = run(demo_copy.root)
    assert result.exit_code == 0, result.output
    assert _skipped(result.output) == set()
    stored = [
        p for e in _state(demo_copy.root)["stages"].values() for p in e["inputs"] + e["outputs"]
    ]
    # only files outside the project (the bundled report templates) are named absolutely
    assert not [p for p in stored if Path(p).is_absolute() and not p.startswith(str(ROOT))]
    assert "survey/report.yaml" in stored and "output/2019/statusmaaling_2019.pdf" in stored


def test_a_definition_edited_while_its_stage_runs_is_seen_by_the_next_run(demo_copy, monkeypatch):
    """The report read one subtitle; the analyst saved another before the stage finished.
    The state must describe what the stage started from, so the next run renders again
    (it used to fingerprint the files after the stage and say "unchanged, skipped")."""
    import pipeline.report

    path = demo_copy.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    old = "subtitle: Kommunernes udbredelse og prioritering af velfærdsteknologi"
    assert old in text
    path.write_text(text.replace(old, "subtitle: Udgave C"), encoding="utf-8")
    real = pipeline.report.render_report

    def render_then_edit(*args, **kwargs):
        result = real(*args, **kwargs)
        path.write_text(text.replace(old, "subtitle: Udgave D"), encoding="utf-8")
        return result

    monkeypatch.setattr(pipeline.report, "render_report", render_then_edit)
    assert run(demo_copy.root).exit_code == 0
    pdf = demo_copy.output(2019) / "statusmaaling_2019.pdf"
    assert "Udgave C" in " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    monkeypatch.setattr(pipeline.report, "render_report", real)

    again = run(demo_copy.root)
    assert again.exit_code == 0, again.output
    skipped = _skipped(again.output)
    assert "2019 report" not in skipped, again.output
    # the workbook ran after the edit and read the new file: it stays done
    assert "2019 export" in skipped, again.output
    assert "Udgave D" in " ".join(p.extract_text() for p in PdfReader(pdf).pages)
