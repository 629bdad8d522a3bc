"""Per-municipality extracts: own answers next to region and country, and nothing of anyone
else's; non-respondents get a short extract; unknown names get the closest matches."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extracts import render_extracts
from pipeline.extracts.model import CHOSEN, HIDDEN, NOT_CHOSEN, suppress_regions
from pipeline.municipalities import load_register

Y = 2019


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def squash(text: str) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def all_extracts(demo_project):
    paths = render_extracts(demo_project, Y, all_municipalities=True)
    return {p.name.split("_")[0]: p for p in paths}


@pytest.fixture(scope="module")
def coded(demo_project):
    return pd.read_parquet(demo_project.processed(Y) / "coded_text.parquet")


def test_one_extract_per_municipality_with_safe_names(demo_project, all_extracts):
    register = load_register(demo_project.survey / "municipalities.csv")
    assert sorted(all_extracts) == sorted(m.code for m in register)
    for path in all_extracts.values():
        assert re.fullmatch(r"\d{3}_[a-z0-9-]+\.pdf", path.name), path.name
        assert path.parent == demo_project.output(Y) / "kommuner"
    assert all_extracts["825"].name == "825_laesoe.pdf"
    assert all_extracts["169"].name == "169_hoeje-taastrup.pdf"


def test_extract_shows_own_answers_region_and_country(demo_project, all_extracts, coded):
    text = pdf_text(all_extracts["751"])
    assert "Aarhus" in text and "Region Midtjylland" in text and "Hele landet" in text
    national = pd.read_csv(demo_project.output(Y) / "indicators.csv", dtype={"group": str})
    row = national[(national.indicator_id == "training_any_area") & (national.year == Y)].iloc[0]
    # the one-figure row: "Ja", the own marks of 2017-2019, the region's share, the country's
    assert re.search(rf"\bJa(?: [{CHOSEN}{NOT_CHOSEN}])+ (?:\d+|{HIDDEN}) {row.share_pct}\b", text)
    for answer in coded[coded.municipality_code == "751"].text:
        first_line = squash(answer.splitlines()[0])[:40]
        assert first_line in text


def test_extract_never_shows_another_municipalitys_free_text(all_extracts, coded):
    for code, path in list(all_extracts.items())[::7]:  # every 7th: 14 extracts
        text = pdf_text(path)
        own = " ".join(squash(t) for t in coded[coded.municipality_code == code].text)
        others = coded[coded.municipality_code != code].text.map(squash)
        distinctive = [t for t in others if len(t) >= 30 and t not in own]
        leaked = [t for t in distinctive if t in text]
        assert not leaked, f"extract {code} shows other municipalities' answers: {leaked[:2]}"


def test_extract_names_no_other_municipality(demo_project, all_extracts, coded):
    register = list(load_register(demo_project.survey / "municipalities.csv"))
    for code, path in list(all_extracts.items())[::7]:
        me = next(m for m in register if m.code == code)
        text = pdf_text(path)
        own = " ".join(coded[coded.municipality_code == code].text)
        for other in register:
            if other.code == code or other.name in me.name or other.name in me.region:
                continue
            if re.search(rf"\b{re.escape(other.name)}\b", own):
                continue
            assert not re.search(rf"\b{re.escape(other.name)}\b", text), (code, other.name)


def test_non_respondent_gets_a_short_extract_with_national_figures(demo_project, all_extracts):
    respondents = pd.read_parquet(demo_project.processed(Y) / "respondents.parquet")
    answered = set(respondents[respondents.outcome == "accepted"].municipality_code)
    missing = sorted(set(all_extracts) - answered)
    assert missing, "the demo data has a municipality that did not answer in 2019"
    text = pdf_text(all_extracts[missing[0]])
    assert f"har ikke besvaret statusmålingen {Y}" in text
    assert "Hele landet" in text
    assert "Kommunens egne fritekstsvar" not in text
    assert CHOSEN not in text and HIDDEN not in text and "Kommunens svar" not in text


def test_small_regions_are_suppressed(demo_copy):
    path = demo_copy.survey / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"suppression_threshold: \d+", "suppression_threshold: 12", text), encoding="utf-8"
    )
    [aalborg] = render_extracts(demo_copy, Y, ["Aalborg"])  # Nordjylland: 11 municipalities
    text = pdf_text(aalborg)
    assert "mindst 12 andre kommuner end jeres egen" in text
    # a row ends in the region's share and the country's: every regional one is hidden, by
    # its own symbol (not "–", which is an own answer not chosen)
    region_cells = re.findall(rf"[{CHOSEN}{NOT_CHOSEN}] (\d+|{HIDDEN}) (\d+)\b", text)
    assert region_cells and all(region == HIDDEN for region, _ in region_cells)


def test_regional_cells_hide_what_the_reader_could_subtract():
    key = ("x", 2019, "")
    regional = {
        "Region A": {key: (40, 5)},  # 5 incl. the reader: only 4 others behind it -> hidden
        "Region B": {key: (50, 6)},  # 5 others: shown ... but the next smallest after A
        "Region C": {key: (60, 20)},
        "Region D": {key: (70, 30)},
    }
    suppress_regions(regional, threshold=5)
    assert {r: cells[key] for r, cells in regional.items()} == {
        "Region A": (None, None),
        "Region B": (None, None),  # secondary: A would follow from the national figure
        "Region C": (60, 20),
        "Region D": (70, 30),
    }


def test_two_hidden_regions_need_no_secondary_when_together_large_enough():
    key = ("x", 2019, "g")
    regional = {"A": {key: (None, None)}, "B": {key: (10, 3)}, "C": {key: (60, 20)}}
    suppress_regions(regional, threshold=5, sizes={"A": {key: 4}, "B": {key: 3}, "C": {key: 20}})
    assert regional["C"][key] == (60, 20)  # A and B together: 7, 6 besides a reader's own
    assert regional["A"][key] == regional["B"][key] == (None, None)


def test_two_small_hidden_regions_hide_a_third():
    """Regression (issue #14): national minus C gave A and B together, 4 municipalities."""
    key = ("x", 2019, "g")
    regional = {"A": {key: (None, None)}, "B": {key: (10, 3)}, "C": {key: (60, 20)}}
    suppress_regions(regional, threshold=5, sizes={"A": {key: 1}, "B": {key: 3}, "C": {key: 20}})
    assert regional["C"][key] == (None, None)


def test_unknown_municipality_names_closest_matches(demo_project):
    result = CliRunner().invoke(
        app,
        [
            "extract",
            "--year",
            str(Y),
            "--municipality",
            "Aarhuss Syd",
            "--project",
            str(demo_project.root),
        ],
    )
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "no municipality matches 'Aarhuss Syd'" in message and "Aarhus (751)" in message


def test_cli_extract_by_name_and_code(demo_copy):
    shutil.rmtree(demo_copy.output(Y) / "kommuner", ignore_errors=True)
    result = CliRunner().invoke(
        app,
        [
            "extract",
            "--year",
            str(Y),
            "-m",
            "Høje Taastrup",
            "-m",
            "101",
            "--project",
            str(demo_copy.root),
        ],
    )
    assert result.exit_code == 0, result.output
    folder = demo_copy.output(Y) / "kommuner"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "101_koebenhavn.pdf",
        "169_hoeje-taastrup.pdf",
    ]
    reader = PdfReader(folder / "101_koebenhavn.pdf")
    assert reader.metadata.title == f"Statusmåling på velfærdsteknologi {Y} – København"
    assert reader.trailer["/Root"]["/Lang"] == "da"
