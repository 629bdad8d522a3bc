"""Code lists (survey/code_lists/): benefit answers coded by a list's phrases, checked on load,
ranked by the indicators and reviewed in a workbook of their own.

The answers here are written for these tests (how municipalities describe benefits); none
comes from the coded examples or the evaluation sets.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.errors import CodebookError, DefinitionError
from pipeline.normalise.codelist import ListCoder, list_coder
from pipeline.normalise.decisions import decisions_path, read_decisions
from pipeline.normalise.review import (
    FIXED,
    HASH_COLUMN,
    REVIEW_SHEET,
    export_review,
    export_reviews,
    import_review,
)
from pipeline.normalise.stage import normalize_year
from pipeline.survey import load_survey

BENEFITS = "survey/code_lists/benefits.yaml"


def _coder(project) -> ListCoder:
    survey = load_survey(project)
    return list_coder(survey.code_lists["benefits"], survey.taxonomy)


def _slugs_of(project, *labels_wanted: str) -> set[str]:
    by_label = {v: k for k, v in load_survey(project).code_lists["benefits"].labels().items()}
    return {by_label[label] for label in labels_wanted}


# --------------------------------------------------------------------------- the list coder


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # inflected and compound forms of the list's words, æ/ø/å written as ae/oe/aa
        ("Faldulykkerne er blevet færre", {"Færre fald og skader"}),
        ("Borgerne er blevet mere selvhjulpne", {"Større selvhjulpenhed"}),
        ("Oeget vaerdighed ved toiletbesoeg", {"Mere værdighed og privatliv"}),
        # a word may stand between the words of a phrase
        ("Færre unødige forflytninger", {"Færre besøg og forflytninger med personale"}),
        # several benefits in one list
        (
            "Tryghed, frihed og bedre søvn",
            {
                "Større tryghed",
                "Mere frihed og fleksibilitet i hverdagen",
                "Bedre livskvalitet og trivsel",
            },
        ),
    ],
)
def test_benefits_are_found_in_the_forms_people_write(project, text, labels):
    coding = _coder(project).code(text)
    assert set(coding.categories) == _slugs_of(project, *labels)
    assert not coding.needs_review and not coding.non_answer


def test_a_negated_benefit_is_not_counted_and_is_reviewed(project):
    coding = _coder(project).code("Vi har endnu ikke set færre fald")
    assert coding.categories == ()
    assert coding.needs_review and "nægtet" in coding.evidence


def test_a_part_naming_nothing_on_the_list_is_a_doubt(project):
    """A composite answer is only as certain as its least certain part."""
    coding = _coder(project).code("Mere tryghed om natten, og personalet sparer tunge løft")
    assert coding.categories == tuple(_slugs_of(project, "Større tryghed"))
    assert coding.needs_review and "personalet sparer tunge løft" in coding.evidence


def test_a_remark_beside_a_benefit_raises_no_doubt(project):
    """Only a part saying that something changed may be a benefit the list lacks."""
    coding = _coder(project).code("Større tryghed om natten, det fortæller lederen")
    assert coding.categories == tuple(_slugs_of(project, "Større tryghed"))
    assert not coding.needs_review


@pytest.mark.parametrize(
    "text",
    [
        "De pårørende føler sig mere trygge",  # the relatives' benefit, before the phrase
        "Mere sikkerhed for personalet",  # after the phrase, behind "for"
    ],
)
def test_a_benefit_that_may_be_someone_elses_is_reviewed(project, text):
    coding = _coder(project).code(text)
    assert coding.needs_review and "andre end borgeren" in coding.evidence


def test_dependence_on_staff_is_the_citizens_benefit(project):
    coding = _coder(project).code("Mindre afhængighed af personale")
    assert coding.categories == tuple(_slugs_of(project, "Større selvhjulpenhed"))
    assert not coding.needs_review


def test_a_word_written_with_equals_matches_only_as_written(project):
    coder = _coder(project)
    assert coder.code("Øget deltagelse").categories == ("aktivitet",)  # as written
    assert "aktivitet" not in coder.code("Deltagerne fik større selvhjulpenhed").categories


@pytest.mark.parametrize("text", ["Ved ikke", "-", "ved ikke endnu"])
def test_non_answers_follow_the_taxonomys_one_list(project, text):
    coding = _coder(project).code(text)
    assert coding.non_answer and not coding.needs_review and coding.categories == ()


def test_an_answer_naming_no_listed_benefit_goes_to_review(project):
    coding = _coder(project).code("Det giver mening for borgerne")
    assert coding.categories == () and coding.needs_review and not coding.non_answer


def test_categories_come_in_the_lists_order(project):
    slugs = load_survey(project).code_lists["benefits"].slugs
    coding = _coder(project).code("Færre faldulykker og større selvhjulpenhed")
    assert list(coding.categories) == sorted(coding.categories, key=slugs.index)
    assert len(coding.categories) == 2


# --------------------------------------------------------------------------- the definition


def _edit(project, old: str, new: str, path: str = BENEFITS) -> None:
    file = project.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(project) -> str:
    with pytest.raises((DefinitionError, CodebookError)) as info:
        load_survey(project)
    return str(info.value)


def test_a_slug_shared_with_the_taxonomy_is_refused_with_its_line(project):
    _edit(project, "- slug: mere_tryghed", "- slug: tryghed")
    message = _error(project)
    assert "benefits.yaml" in message and "'tryghed'" in message
    line = int(re.search(r"row (\d+)", message).group(1))
    source = (project.root / BENEFITS).read_text(encoding="utf-8").splitlines()
    assert "slug: tryghed" in source[line - 1]


def test_a_phrase_naming_two_categories_is_refused(project):
    _edit(project, '      - "trivsel"\n', '      - "trivsel"\n      - "tryg*"\n')
    message = _error(project)
    assert "benefits.yaml" in message and "'tryg*' already names 'mere_tryghed'" in message


def test_a_hyphenated_word_in_a_phrase_is_refused_on_load(project):
    """The coder splits "selv-stændig" in two: a one-line error, not a crash when coding."""
    _edit(project, '      - "trivsel"\n', '      - "trivsel"\n      - "selv-stændig"\n')
    message = _error(project)
    assert "benefits.yaml" in message and "'selv-stændig' is 2 words" in message


def test_two_categories_with_one_label_are_refused(project):
    _edit(project, "label: Større tryghed", "label: Større selvhjulpenhed")
    message = _error(project)
    assert "benefits.yaml" in message and "already the label of 'selvhjulpenhed'" in message


def test_a_label_that_would_be_a_formula_is_refused(project):
    _edit(project, "label: Større tryghed", 'label: "=HYPERLINK(1)"')
    assert "may not start with '='" in _error(project)


def test_a_codebook_naming_a_missing_list_is_refused(project):
    _edit(project, "code_list: benefits", "code_list: gevinster", "survey/questionnaires/2019.yaml")
    message = _error(project)
    assert "2019.yaml" in message and "code_lists/gevinster.yaml does not exist" in message


def test_code_list_only_on_a_text_question(project):
    yaml = project.root / "survey/questionnaires/2019.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = text.replace(
        "    context: mobilitet_fritekst\n",
        "    context: mobilitet_fritekst\n    code_list: benefits\n",
        1,
    )
    yaml.write_text(text, encoding="utf-8")
    assert "code_list" in _error(project)


def test_an_indicator_naming_a_taxonomy_slug_for_a_listed_question_is_refused(project):
    _edit(
        project,
        "    question: mobility_benefits\n    n: 5\n",
        "    question: mobility_benefits\n    n: 5\n    categories: [tryghed]\n",
        "survey/indicators.yaml",
    )
    message = _error(project)
    assert "unknown slug 'tryghed' of code list 'benefits'" in message


# --------------------------------------------------------------------------- through the stages


def test_demo_benefits_are_ranked_from_their_codings(demo_project):
    """The top-5 counts equal the municipalities whose coded answer names each benefit."""
    coded = pd.read_parquet(demo_project.processed(2019) / "coded_text.parquet")
    benefits = coded[coded["question_id"] == "mobility_benefits"]
    assert len(benefits) > 40 and (benefits["context"] == "liste:benefits").all()
    listed = set(load_survey(demo_project).code_lists["benefits"].slugs)
    named = [set(filter(None, c.split(";"))) for c in benefits["categories"]]
    assert set().union(*named) <= listed
    table = pd.read_parquet(demo_project.processed(2019) / "indicators.parquet")
    top = table[(table["indicator_id"] == "mobility_benefits") & (table["year"] == 2019)]
    ranked = top[top["rank"].notna()].sort_values("rank")
    assert list(ranked["rank"]) == [1, 2, 3, 4, 5]
    counts = {s: sum(s in n for n in named) for s in listed}
    for slug, numerator in zip(ranked["group"], ranked["numerator"], strict=True):
        assert counts[slug] == numerator
    assert list(ranked["numerator"]) == sorted(ranked["numerator"], reverse=True)
    # n: the municipalities whose answer names a benefit or is an answer without one
    answered = benefits[~benefits["non_answer"]]
    assert set(top["denominator"]) == {answered["municipality_code"].nunique()}


def test_benefit_review_workbook_round_trip(demo_copy):
    """review_benefits.xlsx has the list's columns; an analyst's decision is kept and reused."""
    paths = export_reviews(demo_copy, 2019)
    assert [p.name for p in paths] == ["review.xlsx", "review_benefits.xlsx"]
    labels = load_survey(demo_copy).code_lists["benefits"].labels()
    wb = load_workbook(paths[1])
    ws = wb[REVIEW_SHEET]
    header = [c.value for c in ws[1]]
    assert header == [*FIXED, *labels.values(), HASH_COLUMN]
    rows = list(ws.iter_rows(min_row=2))
    assert all(str(r[0].value).split("\n")[0].endswith("mobility_benefits") for r in rows)
    # the analyst marks "Større tryghed" on the first doubtful row and signs it
    first = rows[0]
    column = header.index("Større tryghed")
    first[column].value = "x"
    first[header.index("Gennemgået af")].value = "AB"
    ids = str(first[0].value).split("\n")
    text = first[header.index("Svartekst")].value
    ws.protection.sheet = False
    edited = demo_copy.root / "udfyldt.xlsx"
    wb.save(edited)
    result = import_review(demo_copy, edited)
    assert result.new == 1
    (decision,) = read_decisions(decisions_path(demo_copy.survey))
    assert "mere_tryghed" in decision.categories
    assert set(decision.categories) <= set(labels)
    coded = normalize_year(demo_copy, 2019).set_index("answer_id")
    for answer in ids:
        assert coded.loc[answer, "source"] == "analyst"
        assert "mere_tryghed" in coded.loc[answer, "categories"].split(";")
        assert not coded.loc[answer, "needs_review"]
    assert str(text).lstrip("'") in set(coded.loc[ids, "text"])


def test_taxonomy_workbook_holds_no_benefit_answers(demo_copy):
    ws = load_workbook(export_review(demo_copy, 2019))[REVIEW_SHEET]
    ids = [str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert ids and not any("mobility_benefits" in i for i in ids)


def test_a_codebook_question_lists_its_boxes_by_list(project):
    book = load_survey(project).codebook(2019)
    assert book.listed_text_questions() == [("mobility_benefits", "", "benefits")]
    assert "mobility_benefits" not in {q for q, _, _ in book.coded_text_questions()}


def test_a_ranking_sentence_with_an_unknown_placeholder_is_refused(project):
    _edit(project, "er {list}.", "er {liste}.", "survey/report.yaml")
    message = _error(project)
    assert "report.yaml" in message and "{liste} is not a placeholder here" in message


def test_own_answers_keep_a_category_outside_a_years_top_n(demo_project):
    """The extract's earlier-year column marks what the municipality named, even where the
    category was not among that year's top five."""
    from pipeline.indicators.compute import compute_results, load_inputs
    from pipeline.indicators.own import own_answers

    inputs = load_inputs(demo_project, 2019)
    results = compute_results(
        inputs.responses,
        inputs.coded,
        inputs.indicators,
        register=inputs.register,
        respondents=inputs.respondents,
        years=inputs.years,
    )
    unranked = [
        (res, cell)
        for res in results
        if res.indicator.kind == "top_n"
        for cell in res.cells
        if not cell.shown and cell.num
    ]
    assert unranked  # the demo has named categories outside a year's top five
    res, cell = unranked[0]
    code = sorted(cell.num)[0]
    own = own_answers(results, code)
    row = own[
        (own["indicator_id"] == res.indicator.id)
        & (own["year"] == res.year)
        & (own["group"] == cell.group)
    ]
    assert len(row) == 1 and bool(row["in_numerator"].iloc[0])
