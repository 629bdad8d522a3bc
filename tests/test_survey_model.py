"""The survey model: `survey/` loaded once and cross-checked, every error naming file and line."""

from __future__ import annotations

import re

import pytest

from pipeline.errors import CodebookError, DefinitionError, StatusmaalingError
from pipeline.survey import load_survey
from tests.conftest import ROOT


def error(project, kind=StatusmaalingError) -> str:
    with pytest.raises(kind) as exc:
        load_survey(project)
    return " ".join(str(exc.value).split())


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_only_the_survey_package_parses_yaml():
    """One reader for survey/: no stage may open a YAML file itself."""
    offenders = []
    for path in (ROOT / "pipeline").rglob("*.py"):
        if "survey" in path.relative_to(ROOT / "pipeline").parts[:1]:
            continue
        pattern = r"^\s*import yaml|^\s*from yaml import|yaml\.(safe_)?load|yaml\.compose"
        if re.search(pattern, path.read_text("utf-8"), re.M):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_bundled_survey_loads_and_is_cached(project):
    survey = load_survey(project)
    assert survey.years == [2017, 2018, 2019]
    assert survey.report.section_ids[0] == "participation"
    assert load_survey(project) is survey  # nothing changed: the same object
    edit(project.survey / "report.yaml", "compare_years: 3", "compare_years: 2")
    again = load_survey(project)
    assert again is not survey and again.report.compare_years == 2


def test_a_coded_question_with_an_unknown_context_names_codebook_and_line(project):
    edit(
        project.survey / "questionnaires" / "2019.yaml",
        "context: mobilitet_fritekst",
        "context: mobility_free_text",
    )
    message = error(project, CodebookError)
    assert "2019.yaml, row " in message and "'mobility_free_text'" in message


def test_a_narrative_phrase_for_an_unknown_question_names_the_line(project):
    edit(
        project.survey / "report.yaml",
        "    supplier_involvement: >-",
        "    supplier_involvment: >-",
    )
    message = error(project, DefinitionError)
    assert "report.yaml, row " in message and "'supplier_involvment'" in message


def test_a_headline_unit_needs_both_its_forms(project):
    """{one: kommune} alone printed "55 arbejder med ..." without its noun."""
    edit(
        project.survey / "report.yaml",
        "headline_unit: {one: kommune, other: kommuner}",
        "headline_unit: {one: kommune}",
    )
    message = error(project, DefinitionError)
    assert "report.yaml, row " in message and "both forms" in message and "\n" not in message


def test_a_section_defined_twice_is_an_error(project):
    edit(project.survey / "report.yaml", "  - id: suppliers\n", "  - id: training\n")
    message = error(project, DefinitionError)
    assert "section 'training' is defined twice" in message and "row " in message


def test_a_renamed_slug_without_crosswalk_entry_names_both_files(project):
    """Renaming a category in the taxonomy while decisions.csv still uses the old slug."""
    decisions = project.survey / "coding" / "decisions.csv"
    header = decisions.read_text(encoding="utf-8").splitlines()[0]
    decisions.write_text(
        header + "\n2019,2019-101-mobility_technologies,abc,Loftlift,seng,AB,2019-11-01\n",
        encoding="utf-8",
    )
    load_survey(project)  # "seng" is a category: fine
    taxonomy = project.survey / "taxonomy.yaml"
    edit(taxonomy, "  - slug: seng\n", "  - slug: sengeteknologi\n")
    message = error(project, DefinitionError)
    assert "decisions.csv" in message and "'seng'" in message and "crosswalk.yaml" in message
    # the crosswalk carries the old slug to the new one, and decisions keep their meaning
    edit(
        project.survey / "crosswalk.yaml",
        "crosswalk: []",
        "crosswalk:\n  - {from: seng, to: [sengeteknologi], since: 2020}",
    )
    survey = load_survey(project)
    assert survey.crosswalk.map(["seng", "traening"]) == ("sengeteknologi", "traening")


def test_a_crosswalk_to_an_unknown_category_is_an_error(project):
    edit(
        project.survey / "crosswalk.yaml",
        "crosswalk: []",
        "crosswalk:\n  - {from: gammel, to: [findes_ikke]}",
    )
    lines = (project.survey / "crosswalk.yaml").read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines, start=1) if "findes_ikke" in line)
    message = error(project, DefinitionError)
    assert f"crosswalk.yaml, row {row}:" in message and "findes_ikke" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x [1, 2]\nb: *x\n", "anchors and aliases"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", "nested"),
        ("a: [1, 2\n", "not valid YAML"),
        ("a: !!python/object:os.system {}\n", "not valid YAML"),
    ],
)
def test_hostile_yaml_is_one_clear_error(project, text, expected):
    (project.survey / "report.yaml").write_text(text, encoding="utf-8")
    message = error(project, DefinitionError)
    assert "report.yaml" in message and expected in message


def test_a_folder_where_a_file_belongs(project):
    (project.survey / "report.yaml").unlink()
    (project.survey / "report.yaml").mkdir()
    assert "found a folder" in error(project, DefinitionError)


def test_an_earlier_year_coded_with_a_gone_slug_goes_through_the_crosswalk(demo_copy):
    """2017's and 2018's coded answers were written while `seng` existed; the taxonomy now calls it
    `sengeteknologi`. Without a crosswalk entry the indicators stop, naming the file; with one,
    2018's answers count under the new name and the year-over-year change is kept."""
    import pandas as pd

    from pipeline.indicators import write_indicators

    before = write_indicators(demo_copy, 2019)
    old = before[(before["indicator_id"] == "mobility_technologies") & (before["group"] == "seng")]
    taxonomy = demo_copy.survey / "taxonomy.yaml"
    edit(taxonomy, "  - slug: seng\n", "  - slug: sengeteknologi\n")
    coded_2019 = demo_copy.processed(2019) / "coded_text.parquet"
    frame = pd.read_parquet(coded_2019)  # 2019 coded again under the new name
    frame["categories"] = frame["categories"].str.replace(r"\bseng\b", "sengeteknologi", regex=True)
    frame.to_parquet(coded_2019, index=False)
    with pytest.raises(DefinitionError) as exc:
        write_indicators(demo_copy, 2019)
    message = str(exc.value)
    assert "processed/2017/coded_text.parquet" in message and "'seng'" in message
    edit(
        demo_copy.survey / "crosswalk.yaml",
        "crosswalk: []",
        "crosswalk:\n  - {from: seng, to: [sengeteknologi]}",
    )
    after = write_indicators(demo_copy, 2019)
    new = after[
        (after["indicator_id"] == "mobility_technologies") & (after["group"] == "sengeteknologi")
    ]
    assert list(new["year"]) == list(old["year"]) == [2018, 2019]
    assert list(new["numerator"]) == list(old["numerator"])
    assert list(new["change_pp"].fillna(-999)) == list(old["change_pp"].fillna(-999))


def test_a_split_category_keeps_its_history_but_prints_no_change(demo_copy):
    """`seng` split into two categories: earlier answers coded `seng` count in both parts, so
    the parts' shares over the years are shown but their change is not a comparison."""
    import pandas as pd

    from pipeline.indicators import write_indicators

    taxonomy = demo_copy.survey / "taxonomy.yaml"
    edit(
        taxonomy,
        "  - slug: seng\n",
        "  - slug: sengesensor\n    label: Sengesensorer\n    description: Sensorer i sengen.\n"
        "    examples: [Sengesensor]\n    terms: [=sengesensorx]\n"
        "  - slug: plejeseng\n",
    )
    edit(
        demo_copy.survey / "crosswalk.yaml",
        "crosswalk: []",
        "crosswalk:\n  - {from: seng, to: [plejeseng, sengesensor], since: 2020}",
    )
    for year in (2018, 2019):  # as the coder of the day left them: under the old slug
        coded = pd.read_parquet(demo_copy.processed(year) / "coded_text.parquet")
        assert coded["categories"].str.contains(r"\bseng\b").any()
    table = write_indicators(demo_copy, 2019)
    mobility = table[table["indicator_id"] == "mobility_technologies"]
    parts = mobility[mobility["group"].isin(["plejeseng", "sengesensor"])]
    assert set(parts["year"]) == {2018, 2019}
    assert parts["numerator"].gt(0).all() and parts["change_pp"].isna().all()
    others = mobility[mobility["group"] == "hygiejne"]
    assert others[others["year"] == 2019]["change_pp"].notna().all()


def test_a_broken_term_set_stops_loading_with_file_and_line(project):
    """The coder's term sets are checked with the rest of survey/: a broken one is a one-line
    error as soon as any command loads the survey, not halfway through normalize."""
    path = project.survey / "coding" / "termsets" / "negation.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("stopped:\n  [")].count("\n") + 2
    edit(path, "stopped:\n  [", "stopped:\n  [taget ud, ")
    message = error(project, DefinitionError)
    assert f"negation.yaml, row {line}" in message and "'taget ud'" in message


def test_a_device_kind_unknown_to_the_taxonomy_stops_loading(project):
    edit(
        project.survey / "coding" / "termsets" / "purposes.yaml",
        "single_purpose:\n  [",
        "single_purpose:\n  [hologram, ",
    )
    assert "'hologram' is no device kind of taxonomy.yaml" in error(project, DefinitionError)


def test_a_command_that_does_not_code_still_names_a_broken_term_set(project):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (project.survey / "coding" / "termsets" / "topics.yaml").write_text(
        "about: [om]\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["status", "--year", "2019", "--project", str(project.root)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = " ".join(result.output.split())
    assert "topics.yaml" in message and "missing role" in message
