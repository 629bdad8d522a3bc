"""Rule 7, non-answers: one analyst-edited list (`non_answers:` in survey/taxonomy.yaml), the
coder's verdict (`is_non_answer`) and the `non_answer` column of coded_text.parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.errors import DefinitionError
from pipeline.normalise.coder import coder_for, is_non_answer
from pipeline.normalise.nonanswers import CONTINUES, NON_ANSWER
from pipeline.normalise.stage import normalize_year
from pipeline.project import Project
from pipeline.survey import load_survey
from pipeline.survey.taxonomy import load_taxonomy
from tests.termsets import copy_termsets

SURVEY = Path(__file__).resolve().parent.parent / "survey"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(SURVEY)


def _copy(tmp_path: Path, change) -> Path:
    """A copy of the shipped taxonomy with `change(data)` applied."""
    data = yaml.safe_load((SURVEY / "taxonomy.yaml").read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "taxonomy.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    copy_termsets(tmp_path)
    return tmp_path


def test_every_listed_phrase_is_a_non_answer(taxonomy):
    assert len(taxonomy.non_answers) > 40
    judged = {p: is_non_answer(p.rstrip(CONTINUES), taxonomy) for p in taxonomy.non_answers}
    assert [p for p, yes in judged.items() if not yes] == []


def test_indicators_define_no_second_non_answer_list(project):
    """One list decides: a `non_answer_texts` in indicators.yaml is refused with its line."""
    path = project.survey / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nsettings:\n" in text
    path.write_text(
        text.replace("\nsettings:\n", "\nsettings:\n  non_answer_texts: [ved ikke]\n", 1), "utf-8"
    )
    row = text.split("\nsettings:\n")[0].count("\n") + 3
    with pytest.raises(DefinitionError, match=f"row {row}: .*defined once"):
        load_survey(project)


def test_the_indicators_count_exactly_the_coders_non_answers_out(demo_project):
    """The denominator of a free-text indicator is every municipality that wrote something,
    less those whose text the coder judged a non-answer: one rule for coding and counting."""
    coded = pd.read_parquet(demo_project.processed(2019) / "coded_text.parquet")
    table = pd.read_parquet(demo_project.processed(2019) / "indicators.parquet")
    for question, item in [("mobility_technologies", ""), ("prevention_technologies", "kol")]:
        mine = coded[(coded["question_id"] == question) & (coded["item"].fillna("") == item)]
        assert mine["non_answer"].any()  # the demo plants non-answers in both
        expected = len(mine) - int(mine["non_answer"].sum())
        ident = question if not item else f"{question}.{item}"
        rows = table[(table["indicator_id"] == ident) & (table["year"] == 2019)]
        assert set(rows["denominator"]) == {expected}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", True),
        ("Ved ikke.", True),
        ("N/A", True),
        ("Ikke aktuelt", True),  # "ikke aktuel*": the last word may continue
        ("Nejede", False),  # whole words only
        ("Nej, men vi har GPS", False),  # names a category
        ("Ingen GPS, men vi har loftlifte, vasketoiletter og plejesenge i hele kommunen", False),
    ],
)
def test_is_non_answer_is_the_coders_verdict(taxonomy, text, expected):
    assert is_non_answer(text, taxonomy) is expected
    assert coder_for(taxonomy).code(text).non_answer is expected
    assert (coder_for(taxonomy).code(text).evidence == NON_ANSWER) is expected


def test_analysts_edit_the_list(tmp_path):
    def change(data):
        data["non_answers"].remove("nej")
        data["non_answers"].append("Ikke prioriteret")

    taxonomy = load_taxonomy(_copy(tmp_path, change))
    assert not is_non_answer("Nej", taxonomy)
    assert is_non_answer("ikke  prioriteret endnu", taxonomy)


@pytest.mark.parametrize(
    "phrases, message, line",
    [
        (["ved ikke", "Ved  IKKE"], "'Ved  IKKE' is listed twice (also line 2)", 3),
        (["ved ikke", False], "must be a non-empty text in quotes", 3),
        (["ved *ikke"], "`*` may only end the phrase", 2),
    ],
)
def test_non_answer_phrases_are_checked_with_their_line(tmp_path, phrases, message, line):
    text = (
        "non_answers:\n"
        + "".join(f"  - {yaml.safe_dump(p).splitlines()[0]}\n" for p in phrases)
        + "categories:\n  - {slug: seng, label: S, description: S, examples: [S], terms: [s]}\n"
    )
    (tmp_path / "taxonomy.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_taxonomy(tmp_path)
    assert message in info.value.message
    assert (info.value.row, info.value.column) == (line, "non_answers")


ANSWERS = [  # municipality, question, item, text, non_answer
    ("101", "mobility_technologies", "", "Ved ikke.", True),
    ("147", "mobility_technologies", "", "-", True),
    ("151", "mobility_technologies", "", "nej", True),
    ("153", "mobility_technologies", "", "Ikke relevant", True),
    ("155", "mobility_technologies", "", "se ovenfor", True),
    ("157", "mobility_technologies", "", "Loftlifte og vasketoiletter", False),
    ("159", "mobility_technologies", "", "Nej, men vi har GPS", False),
    ("161", "mobility_technologies", "", "Vi bruger apps til borgerne i eget hjem", False),
    ("101", "prevention_technologies", "kol", "Ved ikke", True),
    ("101", "priority_next_year", "", "Holdtræning, ingen teknologi", False),
]


def test_typical_non_answers_are_flagged_in_coded_text(project: Project):
    rows = [
        {
            "year": 2019,
            "municipality_code": m,
            "municipality_name": f"Kommune {m}",
            "respondent_id": n,
            "question_id": q,
            "item": item,
            "item_label": item,
            "value_code": None,
            "value_label": "",
            "text": text,
        }
        for n, (m, q, item, text, _) in enumerate(ANSWERS)
    ]
    frame = pd.DataFrame(rows)
    frame["value_code"] = frame["value_code"].astype("Int64")
    project.processed(2019).mkdir(parents=True, exist_ok=True)
    frame.to_parquet(project.processed(2019) / "responses.parquet", index=False)

    normalize_year(project, 2019)
    coded = pd.read_parquet(project.processed(2019) / "coded_text.parquet")
    assert coded["non_answer"].dtype == bool
    assert dict(
        zip(coded["text"] + "|" + coded["question_id"], coded["non_answer"], strict=True)
    ) == {f"{text}|{q}": flag for _, q, _, text, flag in ANSWERS}
    assert (coded.loc[coded["non_answer"], "categories"] == "").all()


@pytest.mark.parametrize(
    "text",
    [
        "Holdtræning og undervisning på hold, ingen teknologi",
        "Genoptræning med fysisk fremmøde",
        "Samtaler med borgerne foregår uden teknologi",
    ],
)
def test_an_answer_saying_it_has_no_technology_is_confidently_empty(tmp_path, taxonomy, text):
    coding = coder_for(taxonomy).code(text)
    assert (coding.joined, coding.confidence, coding.needs_review) == ("", 0.97, False)
    assert not coding.non_answer

    def change(data):
        del data["no_technology"]

    plain = coder_for(load_taxonomy(_copy(tmp_path, change))).code(text)
    assert (plain.joined, plain.confidence) == ("", 0.85)


@pytest.mark.parametrize(
    "key, entries, message",
    [
        ("negations", ["ingen", "ikke nogen"], "one word, no `*`"),
        ("negations", ["ingen", "Ingen"], "listed twice"),
        ("words", ["teknologi", "tekniske-ting"], "letters and digits only"),
        ("words", ['"*teknologi"'], "letters and digits only"),
        ("phrases", ["fysisk fremmøde", "fysisk  fremmøde"], "listed twice"),
    ],
)
def test_no_technology_entries_are_checked_with_their_line(tmp_path, key, entries, message):
    text = (
        f"no_technology:\n  {key}:\n"
        + "".join(f"    - {e}\n" for e in entries)
        + "categories:\n  - {slug: seng, label: S, description: S, examples: [S], terms: [s]}\n"
    )
    (tmp_path / "taxonomy.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_taxonomy(tmp_path)
    assert message in info.value.message
    assert (info.value.row, info.value.column) == (2 + len(entries), f"no_technology.{key}")
