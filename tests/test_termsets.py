"""The coder's term sets (`survey/coding/termsets/*.yaml`): read, checked, and what they do.

Analysts may edit them, so each problem is one `DefinitionError` naming the file and line; and
a word added to a term set changes the coding with no change of Python.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import DefinitionError
from pipeline.normalise.classify import get_coder
from pipeline.survey.termsets import ROLES, load_termsets
from tests.termsets import copy_termsets

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "survey"


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    """A survey folder with the shipped taxonomy and term sets, free to edit."""
    folder = tmp_path / "survey"
    folder.mkdir()
    shutil.copy(SURVEY / "taxonomy.yaml", folder / "taxonomy.yaml")
    return copy_termsets(folder)


def _termset(survey: Path, name: str) -> Path:
    return survey / "coding" / "termsets" / f"{name}.yaml"


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` by `new`; the 1-based line where it stood."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_every_role_of_every_term_set_is_read():
    terms = load_termsets(SURVEY)
    for name, roles in ROLES.items():
        termset = getattr(terms, name)
        assert termset.path == SURVEY.resolve() / "coding" / "termsets" / f"{name}.yaml"
        for role in roles:
            assert getattr(termset, role) is not None
    assert "ikke" in terms.negation.forward and "fravalgt" in terms.negation.stopped
    assert terms.negation.separable["fra"] >= {"valgte", "valgt"}
    assert "overvej*" not in terms.coder.hedges and "påtænk*" in terms.coder.hedges


def test_a_word_added_to_a_term_set_changes_the_coding(survey):
    """ "udrangeret" is no verb of stopping until an analyst lists it: then "Robotstøvsugerne er
    nu udrangeret" negates the robot vacuums, with no change of Python."""
    text = "Robotstøvsugerne er nu udrangeret"
    before = get_coder(survey).code(text)
    assert before.categories
    _edit(_termset(survey, "negation"), "stopped:\n  [", "stopped:\n  [udrangeret, ")
    after = get_coder(survey).code(text)
    assert after.categories == () and "negeret" in after.evidence


def test_a_phrase_read_word_by_word_continues_at_a_star(survey):
    """A `*` ending a word of a phrase continues the word wherever the phrase is read: "tag* i
    brug" among the phrases of a plan that came to nothing reads "blev ikke taget i brug"."""
    text = "Vi har loftlifte. Gulvvaskerobotten, vi lånte, blev ikke taget i brug."
    _edit(_termset(survey, "negation"), "taget i brug,", "tag* i brug,")
    coding = get_coder(survey).code(text)
    assert coding.joined == "mobilitet", coding.evidence
    assert "negeret: gulvvaskerobotten" in coding.evidence


def test_an_unknown_role_names_its_line(survey):
    line = _edit(_termset(survey, "audience"), "staff:\n", "personale:\n")
    with pytest.raises(
        DefinitionError, match=rf"audience.yaml.*row {line}.*unknown role `personale`"
    ):
        load_termsets(survey)


def test_a_missing_role_is_named(survey):
    path = _termset(survey, "places")
    text = path.read_text(encoding="utf-8")
    start = text.index("sensor_parts:")
    end = text.index("\n\n", start)
    path.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"places.yaml.*missing role `sensor_parts`"):
        load_termsets(survey)


def test_an_entry_listed_twice_names_both_lines(survey):
    path = _termset(survey, "topics")
    text = path.read_text(encoding="utf-8")
    first = text[: text.index("\nabout:")].count("\n") + 3
    path.write_text(text.replace("about:\n  [om, about]", "about:\n  [om, about,\n   Om]"), "utf-8")
    with pytest.raises(
        DefinitionError,
        match=rf"row {first + 1}.*`about`: 'om' is listed twice \(also line {first}\)",
    ):
        load_termsets(survey)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # YAML reads a bare no as false: the entry must be quoted
        ('["no", nej]', "[no, nej]", r"`no`: each entry must be a text .*found 'no'"),
        ("no_to:\n  [til]", "no_to: til", r"`no_to`: must be a list of words"),
        ("[til]", "[til det]", r"`no_to`: 'til det' is not one word"),
        ("[genopta, ", "[genopta*, ", r"`resume`: 'genopta\*' is not one part"),
        ("stoppe: [med]", "stoppe: med", r"`stop_with.stoppe`: must be a list of words"),
    ],
)
def test_an_entry_of_the_wrong_shape_names_its_line(survey, old, new, message):
    line = _edit(_termset(survey, "negation"), old, new)
    with pytest.raises(DefinitionError, match=rf"negation.yaml.*row {line}.*{message}"):
        load_termsets(survey)


def test_a_phrase_may_continue_only_at_the_end_of_a_word(survey):
    line = _edit(_termset(survey, "coder"), "hedges:\n  [", "hedges:\n  [over*vej, ")
    with pytest.raises(DefinitionError, match=rf"coder.yaml.*row {line + 1}.*'over\*vej'"):
        load_termsets(survey)


@pytest.mark.parametrize("role", ["generic_heads", "device_heads", "vague_heads"])
def test_a_head_too_short_to_name_a_device_is_refused(survey, role):
    # "e" would make every compound ending in e a device: refused on load with its line
    line = _edit(_termset(survey, "lexicon"), f"{role}:\n  [", f"{role}:\n  [e, ")
    with pytest.raises(
        DefinitionError, match=rf"lexicon.yaml.*row {line + 1}.*`{role}`: 'e' is too short"
    ):
        load_termsets(survey)


def test_a_device_kind_must_be_one_of_the_taxonomy(survey):
    _edit(_termset(survey, "purposes"), "single_purpose:\n  [", "single_purpose:\n  [tablett, ")
    with pytest.raises(DefinitionError, match=r"purposes.yaml.*'tablett' is no device kind"):
        get_coder(survey)


def test_missing_folder_and_stray_files_are_named(survey):
    (survey / "coding" / "termsets" / "negations.yaml").write_text("forward: [ikke]\n", "utf-8")
    with pytest.raises(DefinitionError, match=r"negations.yaml.*unknown term set"):
        load_termsets(survey)
    shutil.rmtree(survey / "coding" / "termsets")
    with pytest.raises(DefinitionError, match=r"no term sets folder"):
        get_coder(survey)


def test_the_unknown_words_rule_reads_its_term_set(survey):
    """The technology word parts, the words leading to a product name and the endings of
    place names are term-set roles, not Python: a part added to `tech_parts` makes a word a
    doubt, and a name ending added to `place_name_endings` makes a name a place."""
    coder = get_coder(survey)
    assert not coder.code("Loftlifte. Vi har fået en ny kvantumfornyer.").needs_review
    _edit(_termset(survey, "unknown"), "tech_parts:\n  [", "tech_parts:\n  [kvantum, ")
    assert get_coder(survey).code("Loftlifte. Vi har fået en ny kvantumfornyer.").needs_review
    text = "Loftlifte, også Fyrrekrattet har dem."
    assert get_coder(survey).code(text).needs_review
    _edit(
        _termset(survey, "lexicon"), "place_name_endings:\n  [", "place_name_endings:\n  [krattet, "
    )
    assert not get_coder(survey).code(text).needs_review


def test_a_broken_entry_of_the_unknown_term_set_names_file_and_line(survey):
    line = _edit(_termset(survey, "unknown"), "name_leads:\n  [", "name_leads:\n  [type 2, ")
    with pytest.raises(DefinitionError, match=rf"unknown.yaml.*row {line + 1}.*'type 2'"):
        load_termsets(survey)
