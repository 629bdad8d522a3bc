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


def _skipped(output: str) -> set[str]:
    return {k for k, v in stage_lines(output).items() if v == "unchanged, skipped"}


def test_a_register_edit_reruns_what_reads_the_register_and_nothing_else(demo_copy):
    assert run(demo_copy).exit_code == 0
    path = demo_copy.survey / "municipalities.csv"
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    header = lines[0].split(",")
    assert header[:2] == ["code", "name"], header
    # a new alias for one municipality: every stage that reads the register must re-run
    lines[1] = lines[1].rstrip() + ("|" if lines[1].split(",")[-1].strip('"') else "") + "Kbh K"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run(demo_copy).output
    skipped = _skipped(out)
    for stage in ("2019 ingest", "2019 indicators", "2019 report"):
        assert stage not in skipped, out
    # normalize reads the ingested answers (unchanged by an alias) and the taxonomy, not the
    # register; the committees' workbook reads the indicators, which did not change
    assert {"2019 normalize", "2019 export"} <= skipped, out


def test_a_report_definition_edit_reruns_report_and_workbook_only(demo_copy):
    assert run(demo_copy).exit_code == 0
    path = demo_copy.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title: Skærmbesøg\n", "title: Skærmbesøg i kommunerne\n"), "utf-8"
    )
    out = run(demo_copy)
    assert out.exit_code == 0, out.output
    ran = set(stage_lines(out.output)) - _skipped(out.output)
    assert ran == {"2019 report", "2019 export"}
    text = " ".join(
        p.extract_text() for p in PdfReader(demo_copy.output(2019) / "statusmaaling_2019.pdf").pages
    )
    assert "Skærmbesøg i kommunerne" in " ".join(text.split())


def test_a_missing_expected_output_reruns_its_stage(demo_copy):
    assert run(demo_copy).exit_code == 0
    (demo_copy.output(2019) / "statusmaaling_2019.xlsx").unlink()
    out = run(demo_copy).output
    assert "2019 export" not in _skipped(out)
    assert (demo_copy.output(2019) / "statusmaaling_2019.xlsx").is_file()


def test_run_for_a_year_without_codebook_says_what_to_do(demo_copy):
    result = runner.invoke(
        app, ["run", "--year", "2021", "--no-extracts", "--project", str(demo_copy.root)]
    )
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "no codebook for 2021" in message and "statusmaaling new-year --year 2021" in message


def test_a_year_whose_codebook_matches_no_indicator_exits_1(demo_copy):
    """A codebook whose question ids are all new: ingest works, but there is nothing to
    report, and that must not look like success."""
    book = (demo_copy.survey / "questionnaires" / "2019.yaml").read_text(encoding="utf-8")
    book = book.replace("year: 2019", "year: 2021")
    book = re.sub(r"- id: (\w+)", r"- id: renamed_\1", book)
    (demo_copy.survey / "questionnaires" / "2021.yaml").write_text(book, encoding="utf-8")
    (demo_copy.raw(2021)).mkdir(parents=True)
    for f in demo_copy.raw(2019).iterdir():
        (demo_copy.raw(2021) / f.name).write_bytes(f.read_bytes())
    result = runner.invoke(
        app, ["run", "--year", "2021", "--no-extracts", "--project", str(demo_copy.root)]
    )
    assert result.exit_code == 1, result.output
    assert "no indicator has a value for 2021" in " ".join(result.output.split())
    assert not (demo_copy.output(2021) / "statusmaaling_2021.pdf").exists()


def test_warnings_are_saved_per_year_and_summed_up(demo_copy):
    result = run(demo_copy)
    assert result.exit_code == 0
    from pipeline.problems import read_problems

    problems = read_problems(demo_copy.output(2019))
    stages = {p.stage for p in problems}
    assert "ingest" in stages  # the planted bad value and the extra column of 2019
    bad = [p for p in problems if p.code == "cell-rejected"]
    assert bad and bad[0].column == "s_16" and bad[0].row is not None
    assert f"{len(problems)} warnings" in " ".join(result.output.split())
    # a run that skips every stage still sums them up
    again = run(demo_copy)
    assert f"{len(problems)} warnings" in " ".join(again.output.split())


def test_init_prepares_the_new_years_raw_folder(tmp_path):
    target = tmp_path / "kl"
    result = runner.invoke(app, ["init", str(target), "--year", "2020"])
    assert result.exit_code == 0, result.output
    assert (target / "data" / "raw" / "2020").is_dir()
    default = runner.invoke(app, ["init", str(tmp_path / "other")])
    assert default.exit_code == 0
    newest = max(int(p.stem) for p in (target / "survey" / "questionnaires").glob("*.yaml"))
    assert (tmp_path / "other" / "data" / "raw" / str(newest + 1)).is_dir()


def test_a_second_run_on_the_same_project_waits_then_names_the_holder(project, monkeypatch):
    """Two runs never interleave their outputs: while another process holds the project,
    `run` gives up after the lock's timeout with one line naming the holder."""
    import subprocess
    import sys
    import time

    import pipeline.locks

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pipeline.locks import project_lock\n"
            "with project_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(20)",
            str(project.root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(pipeline.locks, "DEFAULT_TIMEOUT", 0.3)
        started = time.monotonic()
        result = run(project)
        assert result.exit_code == 1
        message = " ".join(result.output.split())
        assert "Error:" in message and str(holder.pid) in message
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()


def test_extracts_count_as_fresh_only_while_every_pdf_is_there(demo_copy, monkeypatch):
    """The extracts stage is skipped only while every file it wrote is still there (deleting
    97 of 98 extracts used to leave `run` saying "unchanged, skipped")."""
    import pipeline.extracts.render as render

    calls = []

    def fake_run_extracts(project, year, municipalities=None, **options):
        folder = project.output(year) / "kommuner"
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / f"{code}.pdf" for code in ("101", "147", "151")]
        for p in paths:
            p.write_bytes(b"%PDF-1.7 stand-in")
        calls.append(year)
        return render.ExtractRun(paths=paths, seconds=0.0, rendered=len(paths))

    monkeypatch.setattr(render, "run_extracts", fake_run_extracts)
    args = ["run", "--year", "2019", "--project", str(demo_copy.root)]
    assert runner.invoke(app, args).exit_code == 0 and calls == [2019]
    assert "2019 extracts" in _skipped(runner.invoke(app, args).output)
    (demo_copy.output(2019) / "kommuner" / "147.pdf").unlink()
    again = runner.invoke(app, args)
    assert "2019 extracts" not in _skipped(again.output) and calls == [2019, 2019]


def test_an_earlier_year_arriving_later_reruns_the_indicators(demo_copy):
    """The README says: put earlier years' exports beside this year's and they are compared.
    When 2018's data arrives after 2019 was run, 2019's indicators must be computed again."""
    import shutil

    raw_2018 = demo_copy.raw(2018)
    shutil.move(raw_2018, demo_copy.root / "held-back-2018")
    shutil.rmtree(demo_copy.processed(2018))
    assert run(demo_copy).exit_code == 0
    before = (demo_copy.output(2019) / "indicators.csv").read_text(encoding="utf-8")
    assert ",2018," not in before
    shutil.move(demo_copy.root / "held-back-2018", raw_2018)
    result = run(demo_copy)
    assert result.exit_code == 0
    ran = set(stage_lines(result.output)) - _skipped(result.output)
    assert {"2018 ingest", "2018 normalize", "2019 indicators", "2019 report"} <= ran
    assert ",2018," in (demo_copy.output(2019) / "indicators.csv").read_text(encoding="utf-8")


def test_a_failed_stage_leaves_its_outputs_and_is_not_taken_for_done(demo_copy):
    """Indicators that would publish nothing are refused before anything is written, and the
    stages after a failure run again once the definitions are mended."""
    assert run(demo_copy).exit_code == 0
    csv_path = demo_copy.output(2019) / "indicators.csv"
    before = csv_path.read_bytes()
    path = demo_copy.survey / "indicators.yaml"
    good = path.read_text(encoding="utf-8")
    head, _, _ = good.partition(
        "\n  # ------------------------------------------------------------------ training"
    )
    path.write_text(head + "\n", encoding="utf-8")  # only the participation indicators
    failed = run(demo_copy)
    assert failed.exit_code == 1 and "no indicator has a value for 2019" in " ".join(
        failed.output.split()
    )
    assert csv_path.read_bytes() == before
    path.write_text(good, encoding="utf-8")
    mended = run(demo_copy)
    assert mended.exit_code == 0
    assert {"2019 indicators", "2019 report", "2019 export"}.isdisjoint(_skipped(mended.output))
