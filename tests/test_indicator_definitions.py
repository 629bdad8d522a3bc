"""survey/indicators.yaml: the bundled definitions load, and mistakes are named precisely."""

from __future__ import annotations

import textwrap

import pytest

from pipeline.errors import DefinitionError
from pipeline.indicators import load_indicators
from pipeline.survey import load_survey

EXPECTED_IDS = [
    "participation",
    "participation_by_region",
    "training_in_operation",
    "training_any_area",
    "training_any_area_by_region",
    "training_objectives",
    "training_benefits_citizens",
    "training_benefits_staff",
    "screen_visits_any",
    "screen_visits_any_by_region",
    "screen_visits_status.handicap",
    "screen_visits_status.socialpsykiatri",
    "screen_visits_status.hjemmepleje",
    "screen_visits_status.hjemmesygepleje",
    "screen_visits_in_operation_by_area",
    "screen_visits_services",
    "screen_visits_citizen_call.handicap",
    "screen_visits_citizen_call.socialpsykiatri",
    "screen_visits_citizen_call.hjemmepleje",
    "screen_visits_citizen_call.hjemmesygepleje",
    "screen_visits_staff_setup.handicap",
    "screen_visits_staff_setup.socialpsykiatri",
    "screen_visits_staff_setup.hjemmepleje",
    "screen_visits_staff_setup.hjemmesygepleje",
    "mobility_technologies",
    "prevention_technologies.kol",
    "prevention_technologies.diabetes",
    "prevention_technologies.hjerte",
    "mobility_benefits",
    "priority_next_year",
    "supplier_involvement",
]


@pytest.fixture
def survey(project):
    """A project with the bundled survey definition (taxonomy, codebooks, report)."""
    return project


def write(project, indicators: str, settings: str = "suppression_threshold: 5") -> None:
    text = "settings:\n" + textwrap.indent(textwrap.dedent(settings), "  ")
    text += "\nindicators:\n" + textwrap.indent(textwrap.dedent(indicators), "  ")
    (project.survey / "indicators.yaml").write_text(text, encoding="utf-8")


def error(project) -> str:
    with pytest.raises(DefinitionError) as exc:
        load_indicators(project)
    message = str(exc.value)
    assert "indicators.yaml" in message
    return message


def test_bundled_definitions_load_with_the_bundled_taxonomy(project):
    if not (project.survey / "taxonomy.yaml").is_file():
        pytest.skip("survey/taxonomy.yaml not there yet")
    indicators = load_indicators(project)
    assert indicators.ids() == EXPECTED_IDS
    assert indicators.settings.suppression_threshold == 5


def test_bundled_definitions(survey):
    indicators = load_indicators(survey)
    assert indicators.ids() == EXPECTED_IDS
    status = indicators["screen_visits_status.hjemmesygepleje"]
    assert status.title == "Status for skærmbesøg: Hjemmesygeplejen"
    assert status.years == (2019,)  # the row was first asked in 2019
    assert [g.label for g in status.groups] == [
        "Under afprøvning eller implementering",
        "I drift, under afprøvning eller implementering",
    ]
    assert indicators["mobility_technologies"].years == (2018, 2019)
    top = indicators["priority_next_year"]
    assert (top.n, top.tie_break) == (5, ("count", "previous_year_count", "taxonomy_order"))
    # a question coded to a code list is counted in the list's categories, not the taxonomy's
    benefits = indicators["mobility_benefits"]
    listed = load_survey(survey).code_lists["benefits"]
    assert benefits.categories == tuple(listed.slugs)
    assert not set(benefits.categories) & set(indicators.slugs)
    assert indicators["supplier_involvement"].dont_know.rule == "include"
    assert indicators["participation"].denominator == "invited"
    for ind in indicators:
        assert ind.section and ind.chart and ind.title


MOBILITY = """\
- id: mobility
  title: Teknologier til funktionel mobilitet
  kind: category_share
  question: mobility_technologies
  section: mobility
  chart: hbar
"""


def test_years_are_derived_from_the_codebooks_that_ask_the_question(survey):
    write(survey, MOBILITY)
    assert load_indicators(survey)["mobility"].years == (2018, 2019)


def test_years_may_restrict(survey):
    write(survey, MOBILITY.replace("  section:", "  years: [2019]\n  section:"))
    assert load_indicators(survey)["mobility"].years == (2019,)


def test_a_listed_year_without_the_question_is_an_error(survey):
    write(survey, MOBILITY.replace("  section:", "  years: [2017, 2019]\n  section:"))
    message = error(survey)
    assert "'years'" in message and "not in the codebook of 2017" in message
    assert "row 4" in message  # the line of the indicator (after settings:)


def test_a_new_codebook_extends_every_indicator_that_finds_its_question(survey):
    book = (survey.survey / "questionnaires" / "2019.yaml").read_text(encoding="utf-8")
    book = book.replace("year: 2019", "year: 2020")
    (survey.survey / "questionnaires" / "2020.yaml").write_text(book, encoding="utf-8")
    indicators = load_indicators(survey)
    assert indicators["mobility_technologies"].years == (2018, 2019, 2020)
    assert indicators["prevention_technologies.kol"].years == (2019, 2020)


def test_a_section_missing_from_the_report_definition_is_an_error(survey):
    write(survey, MOBILITY.replace("section: mobility", "section: mobilitet"))
    message = error(survey)
    assert "no section 'mobilitet'" in message and "survey/report.yaml" in message


def test_unknown_question_id(survey):
    write(survey, MOBILITY.replace("question: mobility_technologies", "question: mobility_tech"))
    message = error(survey)
    assert "indicator 'mobility', field 'question'" in message
    assert "unknown question id 'mobility_tech'" in message
    assert "row 4" in message  # the line of the entry


def test_question_in_none_of_the_listed_years(survey):
    write(survey, MOBILITY.replace("  section:", "  years: [2017]\n  section:"))
    assert "'mobility_technologies' is not in the codebook of 2017" in error(survey)


def test_option_code_not_in_codebook(survey):
    write(
        survey,
        """\
        - id: suppliers
          title: Leverandører
          kind: option_share
          question: supplier_involvement
          options: [1, 2, 9]
          section: suppliers
          chart: hbar
        """,
    )
    message = error(survey)
    assert "indicator 'suppliers', field 'options'" in message
    assert "option code 9 is not an option of 'supplier_involvement' (codes: 1, 2, 3, 4, 5)" in (
        message
    )


def test_group_code_not_in_codebook(survey):
    write(
        survey,
        """\
        - id: status
          title: Status
          kind: matrix_share
          question: screen_visits_status
          item: hjemmepleje
          groups: [{label: Afprøvning, codes: [2, 7]}]
          section: screen_visits
          chart: hbar
        """,
    )
    assert "field 'groups': option code 7 is not an option" in error(survey)


def test_unknown_row(survey):
    write(
        survey,
        """\
        - id: status
          title: Status
          kind: matrix_share
          question: screen_visits_status
          item: plejehjem
          section: screen_visits
          chart: hbar
        """,
    )
    assert "indicator 'status', field 'item': 'screen_visits_status' has no row 'plejehjem'" in (
        error(survey)
    )


def test_unknown_taxonomy_slug(survey):
    write(survey, MOBILITY + "  categories: [mobilitet, robotter]\n")
    assert "field 'categories': unknown taxonomy slug 'robotter'" in error(survey)


def test_unknown_kind(survey):
    write(survey, MOBILITY.replace("kind: category_share", "kind: average"))
    message = error(survey)
    assert "indicator 'mobility'" in message and "field 'kind'" in message


def test_kind_must_fit_the_question(survey):
    write(survey, MOBILITY.replace("kind: category_share", "kind: option_share"))
    assert "option_share needs a single or multi question; 'mobility_technologies' is text" in (
        error(survey)
    )


def test_duplicate_id(survey):
    write(survey, MOBILITY + MOBILITY)
    assert "indicator 'mobility', field 'id': duplicate id" in error(survey)


def test_duplicate_id_after_per_item_expansion(survey):
    entry = """\
    - id: status
      per_item: [hjemmepleje, handicap]
      title: "Status: {item_label}"
      kind: matrix_share
      question: screen_visits_status
      section: screen_visits
      chart: hbar
    - id: status.handicap
      title: Status
      kind: matrix_share
      question: screen_visits_status
      item: handicap
      section: screen_visits
      chart: hbar
    """
    write(survey, entry)
    assert "indicator 'status.handicap', field 'id': duplicate id" in error(survey)


def test_unknown_field_is_refused(survey):
    write(survey, MOBILITY + "  colour: red\n")
    assert "field 'colour'" in error(survey)


def test_field_not_used_by_the_kind_is_refused(survey):
    write(survey, MOBILITY + "  n: 5\n")
    assert "indicator 'mobility', field 'n': not used by kind category_share" in error(survey)


def test_settings_are_validated(survey):
    write(survey, MOBILITY, settings="suppression_threshold: 0")
    assert "settings: field 'suppression_threshold'" in error(survey)


def test_missing_taxonomy_is_named(survey):
    (survey.survey / "taxonomy.yaml").unlink()
    write(survey, MOBILITY)
    with pytest.raises(DefinitionError, match="taxonomy.yaml"):
        load_indicators(survey)


# --------------------------------------------------------------------------- chart kinds

PREVENTION = """\
- id: prevention
  per_item: [kol, diabetes, hjerte]
  title: "Forebyggelse: {item_label}"
  figure_title: Teknologier i forebyggelsen, fordelt på sygdom
  kind: category_share
  question: prevention_technologies
  section: prevention
  chart: grouped_items
  figure: true
"""

SCREEN_ANY = """\
- id: screen_any
  title: Kommuner med skærmbesøg
  kind: option_share
  question: screen_visits_any
  section: screen_visits
  chart: headline
  headline:
    1: arbejder med skærmbesøg
  figure: true
"""


def test_the_bundled_figures_use_the_chart_kinds_the_2019_report_needs(survey):
    indicators = load_indicators(survey)
    kinds = {i.id.split(".")[0]: i.chart for i in indicators if i.figure}
    assert kinds["prevention_technologies"] == "grouped_items"
    assert kinds["screen_visits_status"] == "stacked_items"
    assert kinds["screen_visits_citizen_call"] == "stacked_items"
    assert kinds["screen_visits_staff_setup"] == "stacked_items"
    assert kinds["screen_visits_any"] == "headline"
    assert kinds["supplier_involvement"] == "stacked_years"
    assert indicators["screen_visits_any"].headline.keys() == {1, 2}
    kol = indicators["prevention_technologies.kol"]
    assert kol.figure_title and "{item_label}" not in kol.figure_title


def test_a_combined_chart_expands_to_rows_that_share_the_figure_title(survey):
    write(survey, PREVENTION)
    indicators = load_indicators(survey)
    assert indicators.ids() == ["prevention.kol", "prevention.diabetes", "prevention.hjerte"]
    titles = {i.figure_title for i in indicators}
    assert titles == {"Teknologier i forebyggelsen, fordelt på sygdom"}
    assert indicators["prevention.kol"].title == "Forebyggelse: KOL"


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        (
            PREVENTION.replace("  per_item: [kol, diabetes, hjerte]\n", "  item: kol\n"),
            "grouped_items draws the rows of a `per_item` list",
        ),
        (
            PREVENTION.replace("chart: grouped_items", "chart: stacked_items"),
            "stacked_items needs kind matrix_share",
        ),
        (
            PREVENTION.replace("chart: grouped_items", "chart: hbar"),
            "'figure_title': only used by a combined chart",
        ),
        (
            SCREEN_ANY.replace("    1: arbejder", "    7: arbejder"),
            "option code 7 is not an option",
        ),
        (
            SCREEN_ANY.replace("chart: headline", "chart: hbar"),
            "'headline': only used with chart: headline",
        ),
        (
            SCREEN_ANY.replace("question: screen_visits_any", "question: training_objectives"),
            "a single-choice question; 'training_objectives' is multi",
        ),
    ],
)
def test_a_chart_the_indicator_cannot_be_drawn_with_is_named_with_its_line(
    survey, definition, expected
):
    write(survey, definition)
    message = error(survey)
    assert expected in message
    assert "row 4" in message  # the line of the entry
