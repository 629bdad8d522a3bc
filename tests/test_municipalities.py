"""The municipality register and matching survey answers to one of the 98 municipalities."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import DefinitionError, MunicipalityNotFound
from pipeline.municipalities import (
    EXPECTED_COUNT,
    FUZZY_MARGIN,
    FUZZY_THRESHOLD,
    Register,
    find_municipality,
    load_register,
    match_municipality,
    normalise_name,
    slug,
)
from pipeline.project import BUNDLED_SURVEY

REGISTER_CSV = BUNDLED_SURVEY / "municipalities.csv"
SAFE_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register(REGISTER_CSV)


# --------------------------------------------------------------------------- the register


def test_register_has_all_98_municipalities(register):
    assert len(register) == EXPECTED_COUNT == 98
    codes = [m.code for m in register]
    assert len(set(codes)) == 98
    assert all(re.fullmatch(r"\d{3}", code) for code in codes)


def test_regions_have_their_municipalities(register):
    assert Counter(m.region for m in register) == {
        "Region Hovedstaden": 29,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
    }


@pytest.mark.parametrize(
    ("code", "name", "official_name", "region"),
    [
        ("101", "København", "Københavns Kommune", "Region Hovedstaden"),
        ("147", "Frederiksberg", "Frederiksberg Kommune", "Region Hovedstaden"),
        ("169", "Høje-Taastrup", "Høje-Taastrup Kommune", "Region Hovedstaden"),
        ("173", "Lyngby-Taarbæk", "Lyngby-Taarbæk Kommune", "Region Hovedstaden"),
        ("400", "Bornholm", "Bornholms Regionskommune", "Region Hovedstaden"),
        ("259", "Køge", "Køge Kommune", "Region Sjælland"),
        ("430", "Faaborg-Midtfyn", "Faaborg-Midtfyn Kommune", "Region Syddanmark"),
        ("461", "Odense", "Odense Kommune", "Region Syddanmark"),
        ("480", "Nordfyns", "Nordfyns Kommune", "Region Syddanmark"),
        ("741", "Samsø", "Samsø Kommune", "Region Midtjylland"),
        ("751", "Aarhus", "Aarhus Kommune", "Region Midtjylland"),
        ("773", "Morsø", "Morsø Kommune", "Region Nordjylland"),
        ("820", "Vesthimmerlands", "Vesthimmerlands Kommune", "Region Nordjylland"),
        ("825", "Læsø", "Læsø Kommune", "Region Nordjylland"),
        ("851", "Aalborg", "Aalborg Kommune", "Region Nordjylland"),
    ],
)
def test_well_known_municipalities(register, code, name, official_name, region):
    m = register.get(code)
    assert (m.name, m.official_name, m.region) == (name, official_name, region)


def test_christianso_is_not_a_municipality(register):
    assert register.get("411") is None
    assert match_municipality("411", register).reason == "unknown"


def test_every_name_and_official_name_matches_its_own_code(register):
    for m in register:
        for text in (m.name, m.official_name, m.name.upper(), f"  {m.name.lower()}  "):
            result = match_municipality(text, register)
            assert (result.code, result.method) == (m.code, "name"), text


def test_every_alias_matches_its_own_code(register):
    for m in register:
        for alias in m.aliases:
            result = match_municipality(alias, register)
            assert result.code == m.code, alias
            assert result.method in {"name", "alias"}


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Kbh", "101"),
        ("Kbh.", "101"),
        ("København K", "101"),
        ("Københavns Kommune", "101"),
        ("København", "101"),
        ("KØBENHAVN", "101"),
        ("københavn", "101"),
        ("  København   Kommune ", "101"),
        ("Koebenhavn", "101"),
        ("Kobenhavn", "101"),
        ("KÃ¸benhavn", "101"),  # UTF-8 read as Latin-1
        ("Aarhus", "751"),
        ("Århus", "751"),
        ("Århus Kommune", "751"),
        ("Aalborg", "851"),
        ("Ålborg", "851"),
        ("Høje Taastrup", "169"),
        ("Høje Tåstrup", "169"),
        ("Høje-Taastrup Kommune", "169"),
        ("Taastrup", "169"),
        ("Lyngby-Tårbæk", "173"),
        ("Lyngby-Taarbæk Kommune", "173"),
        ("Lyngby", "173"),
        ("Bornholms Regionskommune", "400"),
        ("Bornholm", "400"),
        ("BRK", "400"),
        ("Frederiksberg C", "147"),
        ("Brønderslev-Dronninglund", "810"),
        ("Ikast", "756"),
        ("Vesthimmerland", "820"),
        ("Nordfyn", "480"),
        ("Hjørring kommune", "860"),
        ("Sorö", "340"),
        ("Koge", "259"),
        ("Tonder", "550"),
    ],
)
def test_common_spellings_match(register, value, code):
    assert match_municipality(value, register).code == code


@pytest.mark.parametrize(
    ("typo", "code"),
    [
        ("Silkebor", "740"),
        ("Svendborgg", "479"),
        ("Fredriksberg", "147"),
        ("Frederikssun", "250"),
        ("Hvidore", "167"),
        ("Struver", "671"),
    ],
)
def test_typos_match_fuzzily_when_clearly_closest(register, typo, code):
    result = match_municipality(typo, register)
    assert (result.code, result.method, result.reason) == (code, "fuzzy", None)
    assert FUZZY_THRESHOLD <= result.score < 100
    assert result.candidates[0][0] == code
    assert result.candidates[0][2] - result.candidates[1][2] >= FUZZY_MARGIN


@pytest.mark.parametrize("value", [101, "101", "101.0", " 101 ", 101.0, "0101", "101,0"])
def test_codes_match_in_any_shape(register, value):
    result = match_municipality(value, register)
    assert (result.code, result.method, result.score) == ("101", "code", 100.0)


@pytest.mark.parametrize(
    "value", ["101 København", "101-København", "København (101)", "Kommune 101"]
)
def test_code_with_agreeing_name_matches(register, value):
    assert match_municipality(value, register).code == "101"


def test_changing_a_returned_match_does_not_change_the_next_one(register):
    match_municipality("Silkebor", register).candidates.clear()
    assert match_municipality("Silkebor", register).candidates


def test_code_with_conflicting_name_is_rejected(register):
    result = match_municipality("147 København", register)
    assert (result.code, result.reason) == (None, "ambiguous")
    assert {"101", "147"} <= {code for code, _, _ in result.candidates}


@pytest.mark.parametrize("value", [None, "", "   ", float("nan"), "nan", "Kommune", "-"])
def test_empty_answers_are_rejected_as_empty(register, value):
    result = match_municipality(value, register)
    assert (result.code, result.method, result.reason) == (None, None, "empty")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Frederiks", {"147", "250", "813"}),  # Frederiksberg, Frederikssund, Frederikshavn
        ("Vejlen", {"575", "630"}),  # as close to Vejen as to Vejle
        ("Holbæk/Holstebro", {"316", "661"}),  # two municipalities in one answer
        ("Hørning", {"657"}),  # a town in Skanderborg, one letter from Herning
        ("Sorsø", {"340", "773"}),  # Sorø or Morsø
        ("Nord", {"480", "707"}),  # Nordfyns or Norddjurs
    ],
)
def test_ambiguous_answers_are_rejected_with_candidates(register, value, expected):
    result = match_municipality(value, register)
    assert (result.code, result.method, result.reason) == (None, None, "ambiguous")
    assert expected <= {code for code, _, _ in result.candidates}


@pytest.mark.parametrize(
    "value", ["Hamborg", "Region Midtjylland", "Region Hovedstaden", "Test", "Danmark", "Skiv"]
)
def test_unknown_answers_are_rejected_with_closest_candidates(register, value):
    result = match_municipality(value, register)
    assert (result.code, result.method, result.reason) == (None, None, "unknown")
    assert 0 < len(result.candidates) <= 5
    scores = [score for _, _, score in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(register.get(code).name == name for code, name, _ in result.candidates)


@pytest.mark.parametrize("value", ["411", 999, "12", 101.5])
def test_unknown_codes_are_rejected(register, value):
    result = match_municipality(value, register)
    assert (result.code, result.reason) == (None, "unknown")


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Københavns", "København"),
        ("Københavns Kommune", "københavn"),
        ("Århus", "Aarhus"),
        ("Høje-Taastrup", "høje   tåstrup"),
        ("Lyngby-Taarbæk Kommune", "LYNGBY TAARBAEK"),
        ("Bornholms Regionskommune", "Bornholm"),
        ("Frederiksberg Komm.", "Frederiksberg"),
        ("Sønderborg", "Soenderborg"),
    ],
)
def test_normalise_name_folds_spelling_variants(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_normalise_name_keeps_municipalities_apart(register):
    keys = [normalise_name(m.name) for m in register]
    assert len(set(keys)) == 98


# --------------------------------------------------------------------------- CLI lookup


@pytest.mark.parametrize(("query", "code"), [("751", "751"), ("Århus", "751"), ("Kbh", "101")])
def test_find_municipality(register, query, code):
    assert find_municipality(query, register).code == code


def test_find_municipality_names_the_closest_matches():
    register = load_register(REGISTER_CSV)
    with pytest.raises(MunicipalityNotFound, match=r"no municipality matches 'Aarhu Syd'") as exc:
        find_municipality("Aarhu Syd", register)
    assert "closest: Aarhus (751)" in str(exc.value)


def test_find_municipality_explains_ambiguity(register):
    with pytest.raises(MunicipalityNotFound, match="more than one") as exc:
        find_municipality("Frederiks", register)
    for expected in ("Frederiksberg (147)", "Frederikssund (250)", "Frederikshavn (813)"):
        assert expected in str(exc.value)


@pytest.mark.parametrize("query", ["", "999"])
def test_find_municipality_rejects_empty_and_unknown_codes(register, query):
    with pytest.raises(MunicipalityNotFound):
        find_municipality(query, register)


# --------------------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Høje-Taastrup", "hoeje-taastrup"),
        ("København", "koebenhavn"),
        ("Ærø", "aeroe"),
        ("Tårnby", "taarnby"),
        ("Lyngby-Taarbæk", "lyngby-taarbaek"),
        ("Ringkøbing-Skjern", "ringkoebing-skjern"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_slug(name, expected):
    assert slug(name) == expected


def test_every_municipality_has_a_unique_safe_slug(register):
    slugs = [slug(m.name) for m in register]
    assert len(set(slugs)) == 98
    assert all(SAFE_SLUG.fullmatch(s) for s in slugs)


@pytest.mark.parametrize("name", ["", "   ", "..", "/", "日本"])
def test_slug_is_never_empty(name):
    assert SAFE_SLUG.fullmatch(slug(name))


@given(st.text())
def test_slug_is_always_a_safe_file_name(name):
    result = slug(name)
    assert result
    assert "/" not in result and "\\" not in result and ".." not in result and "." not in result
    assert SAFE_SLUG.fullmatch(result)


@given(st.one_of(st.none(), st.text(), st.integers(), st.floats()))
def test_matching_never_crashes_and_never_half_answers(register, value):
    result = match_municipality(value, register)
    if result.code is None:
        assert result.method is None and result.reason in {"empty", "unknown", "ambiguous"}
    else:
        assert result.method in {"code", "name", "alias", "fuzzy"} and result.reason is None


# --------------------------------------------------------------------------- validation


def _write_register(tmp_path: Path, edit) -> Path:
    lines = REGISTER_CSV.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "municipalities.csv"
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def _replace_row(code: str, new: str):
    return lambda lines: [new if line.startswith(f"{code},") else line for line in lines]


@pytest.mark.parametrize(
    ("edit", "row", "column", "message"),
    [
        (
            _replace_row("147", "101,Frederiksberg,Frederiksberg Kommune,Region Hovedstaden,"),
            3,
            "code",
            "already used in row 2",
        ),
        (
            _replace_row("147", "47,Frederiksberg,Frederiksberg Kommune,Region Hovedstaden,"),
            3,
            "code",
            "not a 3-digit",
        ),
        (
            _replace_row("147", "147,Frederiksberg,Frederiksberg Kommune,Hovedstaden,"),
            3,
            "region",
            "unknown region",
        ),
        (
            _replace_row("147", "147,,Frederiksberg Kommune,Region Hovedstaden,"),
            3,
            "name",
            "name is empty",
        ),
        (
            _replace_row("147", "147,Frederiksberg,Frederiksberg Kommune,Region Hovedstaden,Kbh."),
            3,
            "aliases",
            "reads the same as",
        ),
        (
            _replace_row(
                "173", "173,Lyngby-Taarbæk,Lyngby-Taarbæk Kommune,Region Hovedstaden,Århus"
            ),
            14,
            "aliases",
            "municipality 751",
        ),
        (
            _replace_row("147", "147,Frederiksberg,Frederiksberg Kommune,Region Hovedstaden,Frb,x"),
            3,
            None,
            "expected 5 fields",
        ),
        (
            lambda lines: ["kode,navn,officielt_navn,region,aliaser", *lines[1:]],
            1,
            None,
            "columns must be",
        ),
        (
            lambda lines: [line for line in lines if not line.startswith("825,")],
            None,
            None,
            "expected 98 municipalities, found 97",
        ),
    ],
    ids=[
        "duplicate code",
        "two-digit code",
        "unknown region",
        "empty name",
        "alias shared with another municipality",
        "alias equal to another municipality's name",
        "unquoted comma",
        "Danish column names",
        "a municipality deleted",
    ],
)
def test_invalid_register_is_refused_with_its_location(tmp_path, edit, row, column, message):
    path = _write_register(tmp_path, edit)
    with pytest.raises(DefinitionError, match=message) as exc:
        load_register(path)
    assert (exc.value.file, exc.value.row, exc.value.column) == (str(path), row, column)


def test_blank_lines_and_excel_bom_are_accepted(tmp_path):
    path = tmp_path / "municipalities.csv"
    path.write_text(REGISTER_CSV.read_text(encoding="utf-8") + ",,,,\n\n", encoding="utf-8-sig")
    assert len(load_register(path)) == 98


def test_missing_register_is_a_definition_error(tmp_path):
    with pytest.raises(DefinitionError, match="not found"):
        load_register(tmp_path / "missing.csv")
